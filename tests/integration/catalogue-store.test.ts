import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalogue } from '../../src-main/core/catalogue';
import { latestSchemaVersion, migrations } from '../../src-main/core/db/migrate';
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
