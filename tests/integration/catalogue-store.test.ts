import Database from 'better-sqlite3';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openCatalogue } from '../../src-main/core/open';
import { latestSchemaVersion, migrations } from '../../src-main/core/db/migrate';
import { objectListQuery } from '../../src-main/core/objects/objects';
import { tempDir, testCatalogue } from '../support/catalogue';

describe('catalogue store', () => {
  it('creates a catalogue folder with catalogue.sqlite and media/, migrated from empty', () => {
    const dir = join(tempDir(), 'New catalogue');
    const { catalogue } = testCatalogue(dir);
    expect(existsSync(join(dir, 'catalogue.sqlite'))).toBe(true);
    expect(existsSync(join(dir, 'media'))).toBe(true);
    expect(catalogue.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(latestSchemaVersion).toBe(migrations.length);
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('uses WAL, foreign keys and STRICT tables', () => {
    const { catalogue } = testCatalogue();
    expect(catalogue.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(catalogue.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = catalogue.db
      .prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'`)
      .all() as { name: string; strict: number }[];
    expect(tables.length).toBeGreaterThanOrEqual(7);
    expect(tables.filter((t) => t.strict !== 1)).toEqual([]);
  });

  it('copies the write-ahead log into the database a second after a change, not inside it, and never inside a transaction', async () => {
    const dir = tempDir();
    const t = testCatalogue(dir);
    const file = join(dir, 'catalogue.sqlite');
    // SQLite checkpoints inside a commit only past 256 MB of log.
    expect(t.catalogue.db.pragma('wal_autocheckpoint', { simple: true })).toBe(65_536);
    // Settled: the log holds nothing the database lacks.
    await new Promise((r) => setTimeout(r, 1100));
    const settled = statSync(file).size;
    const rows = Array.from({ length: 3000 }, (_, i) => `N-${i},Object ${i},${'a long description '.repeat(60)}`);
    const csv = join(tempDir(), 'many.csv');
    writeFileSync(csv, ['Object number,Object name,Brief description', ...rows].join('\n'));
    await t.call('imports.commit', { source: { path: csv, name: 'many.csv' } });
    expect(statSync(file).size).toBe(settled);
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(settled + 5_000_000), { timeout: 3000 });

    // A change made in a transaction still open when its second has passed (a replay's run of operations) is
    // copied once the transaction ends.
    const grown = statSync(file).size;
    t.catalogue.db.exec('BEGIN IMMEDIATE');
    t.catalogue.db.prepare('INSERT INTO catalogue_meta (key, value) VALUES (?, ?)').run('filler', 'x'.repeat(2_000_000));
    t.catalogue.emit({ kind: 'reload', seq: 0 });
    await new Promise((r) => setTimeout(r, 1300));
    t.catalogue.db.exec('COMMIT');
    expect(statSync(file).size).toBe(grown);
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(grown + 1_000_000), { timeout: 3000 });
  });

  it('reopens an existing catalogue without migrating again and keeps its data', async () => {
    const dir = tempDir();
    const first = testCatalogue(dir);
    await first.call('objects.create', { name: 'Bowl' });
    first.catalogue.close();
    const again = testCatalogue(dir);
    expect((await again.call('objects.list', {})).total).toBe(1);
  });

  it('refuses a catalogue from a newer version with a clear message, and leaves it untouched', () => {
    const dir = tempDir();
    openCatalogue(dir).close();
    const db = new Database(join(dir, 'catalogue.sqlite'));
    db.pragma(`user_version = ${latestSchemaVersion + 5}`);
    db.close();
    expect(() => openCatalogue(dir)).toThrow(/newer version of Storeroom \(schema \d+; this version reads up to \d+\)/);
    const check = new Database(join(dir, 'catalogue.sqlite'));
    expect(check.pragma('user_version', { simple: true })).toBe(latestSchemaVersion + 5);
    check.close();
  });

  it('migrates a schema 1 catalogue with history: each object learns when it last moved, and is where its latest movement by time put it', () => {
    const dir = tempDir();
    const v1 = new Database(join(dir, 'catalogue.sqlite'));
    v1.exec(migrations[0]!.sql);
    v1.pragma('user_version = 1');
    const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
    for (const code of ['A', 'B']) {
      v1.prepare(`INSERT INTO locations (id, code, name, type, role, position, created_at, updated_at) VALUES (?, ?, ?, 'room', 'permanent', 0, ?, ?)`).run(code, code, `Room ${code}`, at(0), at(0));
    }
    for (const id of ['moved', 'skewed', 'still']) {
      v1.prepare(`INSERT INTO objects (id, sort_key, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(id, id, id, at(0), at(0));
    }
    v1.prepare(`INSERT INTO batches (reference, at, reason) VALUES ('M-000001', ?, 'other')`).run(at(1));
    const move = v1.prepare(`INSERT INTO movements (id, object_id, to_location_id, at, reason, reference) VALUES (?, ?, ?, ?, 'other', 'M-000001')`);
    move.run('m1', 'moved', 'A', at(1));
    move.run('m2', 'moved', 'B', at(5));
    // Recorded last but dated earlier (a clock set back): schema 1 took it as the current location.
    move.run('m3', 'skewed', 'A', at(5));
    move.run('m4', 'skewed', 'B', at(2));
    expect(v1.prepare(`SELECT location_id FROM objects WHERE id = 'skewed'`).pluck().get()).toBe('B');
    v1.close();

    const catalogue = openCatalogue(dir);
    const objects = () => catalogue.db.prepare('SELECT id, location_id, moved_at FROM objects ORDER BY id').all();
    expect(objects()).toEqual([
      { id: 'moved', location_id: 'B', moved_at: at(5) },
      { id: 'skewed', location_id: 'A', moved_at: at(5) },
      { id: 'still', location_id: null, moved_at: null },
    ]);
    // From now on too: a movement dated before the latest enters history without changing where the object is.
    catalogue.db.prepare(`INSERT INTO movements (id, object_id, to_location_id, at, reason, reference) VALUES ('m5', 'moved', 'A', ?, 'other', 'M-000001')`).run(at(3));
    catalogue.db.prepare(`INSERT INTO movements (id, object_id, to_location_id, at, reason, reference) VALUES ('m6', 'still', 'A', ?, 'other', 'M-000001')`).run(at(4));
    expect(objects()).toEqual([
      { id: 'moved', location_id: 'B', moved_at: at(5) },
      { id: 'skewed', location_id: 'A', moved_at: at(5) },
      { id: 'still', location_id: 'A', moved_at: at(4) },
    ]);
    catalogue.close();
  });

  it('hands out a compiled statement again as if just prepared, whatever its last user set on it', () => {
    const { catalogue } = testCatalogue();
    const sql = `SELECT value AS n FROM json_each('[1, 2]')`;
    expect(catalogue.db.prepare(sql).pluck().all()).toEqual([1, 2]);
    expect(catalogue.db.prepare(sql).all()).toEqual([{ n: 1 }, { n: 2 }]);
    expect(catalogue.db.prepare(sql).raw().all()).toEqual([[1], [2]]);
    expect(catalogue.db.prepare(sql).get()).toEqual({ n: 1 });
    expect(catalogue.db.prepare(sql)).toBe(catalogue.db.prepare(sql));
  });

  it('walks down a location subtree by its parent index, never building an index on the way (2 ms, not 145 ms, with 20,000 locations)', async () => {
    const t = testCatalogue();
    const room = await t.call('locations.create', { code: 'R1', name: 'Room 1', type: 'room', role: 'permanent' });
    await t.call('locations.generate', {
      parentId: room.id,
      codePattern: 'R1-{u}-{s}-B{b}',
      levels: [
        { key: 'u', type: 'unit', values: 'A-T' },
        { key: 's', type: 'shelf', values: '1-8' },
        { key: 'b', type: 'box', values: '1-10' },
      ],
    });
    const { db } = t.catalogue;
    // As a catalogue that has been used has them: statistics for the planner.
    db.exec('ANALYZE');
    const unit = db.prepare(`SELECT id FROM locations WHERE type = 'unit' LIMIT 1`).pluck().get() as string;
    for (const input of [{ locationId: unit }, { role: 'permanent' as const }]) {
      const { countSql, pageSql, params } = objectListQuery({ ...input, limit: 100 });
      for (const sql of [countSql, pageSql(0)]) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');
        expect(plan, `${JSON.stringify(input)}:\n${plan}`).not.toMatch(/AUTOMATIC/);
      }
    }
  });

  it('refuses a file that is not a catalogue with a clear message', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'catalogue.sqlite'), 'this is not a database'.repeat(100));
    expect(() => openCatalogue(dir)).toThrow(/Cannot open .*catalogue\.sqlite: file is not a database/);
  });

  it('keeps movements append-only, even against direct SQL', async () => {
    const t = testCatalogue();
    const room = await t.call('locations.create', { code: 'R1', name: 'Room 1', type: 'room', role: 'permanent' });
    const object = await t.call('objects.create', { name: 'Bowl' });
    await t.call('moves.create', { objectIds: [object.id], toLocationId: room.id });
    expect(() => t.catalogue.db.prepare('DELETE FROM movements').run()).toThrow(/append-only/);
    expect(() => t.catalogue.db.prepare(`UPDATE movements SET note = 'x'`).run()).toThrow(/append-only/);
  });
});
