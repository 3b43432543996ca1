import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion } from '../../src-main/core/db/migrate';
import { LOCK_FILE } from '../../src-main/core/lock';
import { originalPath } from '../../src-main/core/media/store';
import { BASELINE_FILE, openCatalogue } from '../../src-main/core/open';
import { replayCatalogue } from '../../src-main/core/ops/replay';
import { unpackEffects } from '../../src-main/core/ops/effects';
import { compareCatalogues } from '../../src-main/core/ops/verify';
import { CLI, serveProcess, storeroom } from '../support/cli';
import { tempDir, testCatalogue, withRooms, type TestCatalogue } from '../support/catalogue';
import { picture } from '../support/images';

const FIXTURE = new URL('../fixtures/schema-2/catalogue', import.meta.url).pathname;

/** A day's work of every kind of write: people, locations, objects, moves, conditions, photos, an import and its undo, milestones. */
async function aDaysWork(t: TestCatalogue) {
  await t.call('catalogue.rename', { name: 'Museum of the North – Store B' });
  const ana = await t.call('people.create', { name: 'Ana' });
  const ben = await t.call('people.create', { name: 'Ben' });
  await t.call('vocabularies.setTerms', { vocabulary: 'category', terms: ['Ceramics', 'Textiles, woven', 'Tools'] });
  const donor = await t.call('customFields.create', { name: 'Donor', kind: 'text' });
  const glaze = await t.call('customFields.create', { name: 'Glaze', kind: 'choice', choices: ['celadon', 'tin'] });
  await t.call('customFields.update', { id: glaze.id, choices: ['celadon', 'tin', 'salt'] });
  const { room, unit, holding } = await withRooms(t);
  await t.call('locations.generate', { parentId: room.id, codePattern: 'R1-{u}-{s}', levels: [{ key: 'u', type: 'unit', values: 'B-C' }, { key: 's', type: 'shelf', values: '1-2' }] });
  const box = await t.call('locations.create', { parentId: unit.id, code: 'BX-1', name: 'Box 1', type: 'box', role: 'permanent' });
  const spare = await t.call('locations.create', { code: 'TMP', name: 'Never used', type: 'room', role: 'floor' });
  await t.call('locations.delete', { id: spare.id });
  const tree = (await t.call('locations.tree', {})).locations;
  const at = (code: string) => tree.find((l) => l.code === code)!.id;
  await t.call('locations.reorder', { parentId: room.id, locationIds: tree.filter((l) => l.parentId === room.id).map((l) => l.id).reverse() });
  const bowl = await t.call('objects.create', { number: '1987.12.3', name: 'Bowl', category: 'Ceramics', custom: { [donor.id]: 'Mme Dupont', [glaze.id]: 'tin' }, tags: ['fragile'] }, ana.id);
  const jug = await t.call('objects.create', { name: 'Jug', category: 'Ceramics' }, ana.id);
  const hoe = await t.call('objects.create', { number: '2001.7.7', name: 'Hoe', category: 'Tools', normalLocationId: at('R1-B-1') }, ben.id);
  await t.call('objects.update', { id: jug.id, number: '1987.3.12', reachable: true }, ben.id);
  await t.call('objects.bulkUpdate', { ids: [bowl.id, jug.id], addTags: ['RE-ORG 2026'], condition: { term: 'Fair', note: 'dusty', assessedOn: '2026-11-30' } }, ana.id);
  await t.call('objects.checkCondition', { objectId: bowl.id, term: 'Poor', note: 'chipped rim' }, ana.id);
  const first = await t.call('moves.create', { objectIds: [bowl.id, jug.id, hoe.id], toLocationId: holding.id, reason: 'reorganization' }, ben.id);
  await t.call('moves.create', { objectIds: [jug.id], toLocationId: box.id, note: 'in the box' }, ben.id);
  await t.call('moves.create', { objectIds: [], containerIds: [box.id], toLocationId: at('R1-C-2') }, ben.id);
  await t.call('moves.scan', { toLocationId: box.id, number: '1987.3.12' }, ben.id);
  const scan = await t.call('moves.scan', { toLocationId: at('R1-B-2'), number: '1987.12.3' }, ben.id);
  await t.call('moves.scan', { toLocationId: at('R1-B-2'), number: '2001.7.7', reference: scan.reference! }, ben.id);
  await t.call('moves.undo', { reference: scan.reference! }, ana.id);
  await t.call('moves.returnToNormal', { objectIds: [hoe.id] }, ana.id);
  await t.call('locations.update', { id: box.id, parentId: at('R1-B-1'), name: 'Box one' }, ana.id);
  void first;

  const dir = tempDir();
  const photo = await picture(join(dir, 'bowl.jpg'), 'jpeg');
  const png = await picture(join(dir, '1987.3.12.png'), 'png');
  const imported = await t.call('photos.import', { paths: [photo], attachTo: { kind: 'object', id: bowl.id } }, ana.id);
  await t.call('photos.import', { paths: [png, photo], byFilename: true }, ana.id);
  const photoId = imported.added[0]!.photoId;
  await t.call('photos.attach', { photoIds: [photoId], target: { kind: 'location', id: room.id }, role: 'before' }, ana.id);
  await t.call('photos.updateLink', { photoId, targetId: room.id, caption: 'the door wall' }, ana.id);
  await t.call('photos.detach', { photoId, targetId: room.id }, ana.id);

  const csv = join(dir, 'inventaire.csv');
  writeFileSync(csv, 'N° d’inventaire;Nom;Catégorie;Emplacement;État\n2020.1.1;Cuillère;Tools;R9 > Étagère 1;Good\n1987.12.3;Bowl, blue;Ceramics;R1-C-1;Good\n;Sans numéro;Tools;R1-A;Fair\n');
  const kept = await t.call('imports.commit', { source: { path: csv, name: 'inventaire.csv' }, createLocations: true }, ana.id);
  const other = join(dir, 'other.csv');
  writeFileSync(other, 'Object number,Object name,Donor (new)\n2020.2.1,Ladle,M. Martin\n');
  const undone = await t.call('imports.commit', { source: { path: other, name: 'other.csv' }, mapping: { 'Object number': 'number', 'Object name': 'name', 'Donor (new)': 'new:Provenance' } }, ben.id);
  await t.call('imports.undo', { importId: undone.importId! }, ana.id);
  await t.call('imports.undo', { importId: kept.importId! }, ana.id);
  await t.call('imports.redo', { importId: kept.importId! }, ana.id);
  await t.call('imports.saveMapping', { name: 'Inventaire', mapping: { Nom: 'name' } });

  const after = await t.call('milestones.create', { name: 'After', kind: 'after' }, ana.id);
  const day1 = await t.call('milestones.create', { name: 'End of day 1', at: '2026-12-01T17:00:00.000Z' }, ana.id);
  await t.call('milestones.update', { id: day1.id, name: 'End of the first day' }, ana.id);
  const day2 = await t.call('milestones.create', { name: 'Day 2' }, ana.id);
  await t.call('milestones.delete', { id: day2.id }, ana.id);
  const viewpoint = await t.call('viewpoints.create', { locationId: room.id, name: 'Door, looking north' }, ana.id);
  await t.call('viewpoints.update', { id: viewpoint.id, notes: 'stand on the mark' }, ana.id);
  await t.call('viewpoints.setPhoto', { viewpointId: viewpoint.id, milestoneId: after.id, photoId }, ana.id);
  return { bowl, jug, photoId };
}

describe('the operation log', () => {
  it('records every write as one operation, and a day of work replays into an empty folder as an equal catalogue', async () => {
    const dir = tempDir();
    const t = testCatalogue(dir);
    const { bowl, photoId } = await aDaysWork(t);
    const ops = t.catalogue.db.prepare('SELECT procedure, count(*) AS n FROM ops GROUP BY procedure').all() as { procedure: string; n: number }[];
    const procedures = new Set(ops.map((o) => o.procedure));
    for (const p of ['catalogue.seed', 'photos.store', 'imports.apply', 'imports.undo', 'imports.redo', 'moves.scan', 'locations.delete']) expect(procedures, p).toContain(p);
    // Jobs record what they wrote, never themselves.
    expect(procedures).not.toContain('imports.commit');
    expect(procedures).not.toContain('photos.import');
    expect(t.catalogue.db.prepare('SELECT count(*) FROM ops WHERE hlc IS NULL OR device_id IS NULL').pluck().get()).toBe(0);
    const photo = t.catalogue.db.prepare('SELECT sha256, extension FROM photos WHERE id = ?').get(photoId) as { sha256: string; extension: string };
    t.catalogue.close();

    const rebuilt = join(tempDir(), 'rebuilt');
    const result = replayCatalogue(dir, rebuilt);
    expect(result.applied).toBe(ops.reduce((n, o) => n + o.n, 0));
    expect(result.photos).toBe(2);
    expect(compareCatalogues(dir, rebuilt)).toEqual([]);
    expect(existsSync(originalPath(join(rebuilt, 'media'), photo.sha256, photo.extension))).toBe(true);

    // The rebuilt catalogue works: it is the same catalogue on a device of its own.
    const again = testCatalogue(rebuilt);
    const original = new Database(join(dir, 'catalogue.sqlite'), { readonly: true });
    const meta = (db: Database.Database, key: string) => db.prepare('SELECT value FROM catalogue_meta WHERE key = ?').pluck().get(key);
    expect(again.catalogue.identity.catalogueId).toBe(meta(original, 'catalogue_id'));
    expect(again.catalogue.identity.deviceId).not.toBe(meta(original, 'device_id'));
    original.close();
    expect((await again.call('objects.get', { id: bowl.id })).name).toBe('Bowl, blue');
    const moved = await again.call('objects.create', { name: 'New on the rebuilt copy' });
    expect(moved.tempNumber).toMatch(new RegExp(`^T-${again.catalogue.identity.deviceCode}-0001$`));
    again.catalogue.close();
    // Now they differ, and verify says where.
    const differences = compareCatalogues(dir, rebuilt);
    expect(differences[0]).toMatchObject({ table: 'objects', key: moved.id, a: 'missing', b: 'present' });
  });

  it('keeps the rows an operation made as values under column names given once, as they stood when it ended', async () => {
    const dir = tempDir();
    const t = testCatalogue(dir);
    const { unit } = await withRooms(t);
    const file = join(tempDir(), 'list.csv');
    // 12 is a whole number in a REAL column: SQLite writes it 12.0, JavaScript 12.
    const lines = Array.from({ length: 40 }, (_, i) => `2026.${i},"Bowl, ""blue"" ${i}",${i % 2 ? 12 : 12.5},R1-A,Good`);
    writeFileSync(file, `Object number,Name,Height (cm),Location,Condition\n${lines.join('\n')}\n`);
    await t.call('imports.commit', { source: { path: file, name: 'list.csv' } });
    t.catalogue.close();
    const db = new Database(join(dir, 'catalogue.sqlite'), { readonly: true });
    const packed = db.prepare("SELECT effects FROM ops WHERE procedure = 'imports.apply'").pluck().get() as Buffer;
    db.close();
    const kept = JSON.parse(inflateRawSync(packed).toString('utf8')) as { made: { t: string; c: string[]; rows: unknown[][] }[]; effects: unknown[] };
    const objects = kept.made.find((run) => run.t === 'objects')!;
    expect(objects.rows).toHaveLength(40);
    // Each column named once for the 40 rows, not once a row.
    expect(inflateRawSync(packed).toString('utf8').split('"dimension_unit"')).toHaveLength(2);
    const value = (row: unknown[], column: string) => row[objects.c.indexOf(column)];
    expect(objects.rows.map((row) => value(row, 'number'))).toEqual(lines.map((_, i) => `2026.${i}`));
    expect(value(objects.rows[3]!, 'name')).toBe('Bowl, "blue" 3');
    expect(new Set(objects.rows.map((row) => value(row, 'location_id')))).toEqual(new Set([unit.id]));
    // As the operation left them: with the condition checks it recorded after making the rows.
    expect(objects.rows.every((row) => typeof value(row, 'condition_id') === 'string')).toBe(true);

    // Kept as a plain list of effects, as before they were gathered, they say the same.
    const copy = join(tempDir(), 'copy');
    cpSync(dir, copy, { recursive: true });
    const asList = (change: (list: { t: string; k: string; v: Record<string, unknown> }[]) => void) => {
      const other = new Database(join(copy, 'catalogue.sqlite'));
      other.exec('DROP TRIGGER IF EXISTS ops_no_update');
      for (const { seq, effects } of other.prepare('SELECT seq, effects FROM ops WHERE effects IS NOT NULL').all() as { seq: number; effects: Buffer }[]) {
        const list = unpackEffects(effects) as { t: string; k: string; v: Record<string, unknown> }[];
        change(list);
        other.prepare('UPDATE ops SET effects = ? WHERE seq = ?').run(deflateRawSync(JSON.stringify(list)), seq);
      }
      other.close();
    };
    asList(() => {});
    expect(compareCatalogues(dir, copy)).toEqual([]);
    asList((list) => list.filter((e) => e.t === 'objects' && e.v.number === '2026.7').forEach((e) => (e.v.height = 13)));
    expect(compareCatalogues(dir, copy)).toEqual([expect.objectContaining({ table: 'ops', column: 'effects' })]);
  });

  it('compares operations by what their effects say, not by how they were compressed', async () => {
    const dir = tempDir();
    const t = testCatalogue(dir);
    await withRooms(t);
    const bowl = await t.call('objects.create', { number: '1987.12.3', name: 'Bowl', height: 12 });
    await t.call('objects.update', { id: bowl.id, name: 'Bowl, blue' });
    t.catalogue.close();
    const copy = join(tempDir(), 'copy');
    cpSync(dir, copy, { recursive: true });
    /** Rewrites a folder's log behind the app's back (its append-only trigger dropped), as another program could. */
    const rewriteLog = <T>(folder: string, rewrite: (db: Database.Database) => T): T => {
      const db = new Database(join(folder, 'catalogue.sqlite'));
      try {
        db.exec('DROP TRIGGER IF EXISTS ops_no_update');
        return rewrite(db);
      } finally {
        db.close();
      }
    };
    /** Rewrites the copy's packed effects, as another release of the app (another compressor) would have written them. */
    const repack = (change: (text: string) => string) =>
      rewriteLog(copy, (db) => {
        const rows = db.prepare('SELECT seq, effects FROM ops WHERE effects IS NOT NULL').all() as { seq: number; effects: Buffer }[];
        let rewritten = 0;
        for (const { seq, effects } of rows) {
          const packed = deflateRawSync(change(inflateRawSync(effects).toString('utf8')), { level: 9, memLevel: 9 });
          if (!packed.equals(effects)) rewritten++;
          db.prepare('UPDATE ops SET effects = ? WHERE seq = ?').run(packed, seq);
        }
        return rewritten;
      });
    expect(repack((text) => text)).toBeGreaterThan(0);
    expect(compareCatalogues(dir, copy)).toEqual([]);
    // Effects that say something else are a difference, named by the operation.
    repack((text) => text.replace('"Bowl, blue"', '"Bowl, red"'));
    const differences = compareCatalogues(dir, copy);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatchObject({ table: 'ops', column: 'effects' });
    expect(String(differences[0]!.b)).toContain('Bowl, red');
    // Shown where they differ, not whole.
    expect(String(differences[0]!.a)).toContain('Bowl, blue');
    expect(String(differences[0]!.a).length).toBeLessThan(130);
    // Damaged on one side: a difference that says so, never a crash; damaged the same on both: the same bytes, equal.
    const damage = (folder: string) => rewriteLog(folder, (db) => db.prepare("UPDATE ops SET effects = x'00ff00ff' WHERE procedure = 'objects.update'").run());
    damage(copy);
    expect(compareCatalogues(dir, copy)).toEqual([expect.objectContaining({ table: 'ops', column: 'effects', b: '(damaged: 4 bytes that cannot be unpacked)' })]);
    damage(dir);
    expect(compareCatalogues(dir, copy)).toEqual([]);
  });

  it('applies an operation sent again with the same id once, and refuses the id for another request', async () => {
    const t = testCatalogue();
    const { unit, holding } = await withRooms(t);
    const bowl = await t.call('objects.create', { name: 'Bowl' });
    const opId = '0192f2a1-7c4e-4d2a-9b1e-3c5d7e9f1a2b';
    const first = await t.dispatch('moves.create', { objectIds: [bowl.id], toLocationId: unit.id }, { opId });
    const retried = await t.dispatch('moves.create', { objectIds: [bowl.id], toLocationId: unit.id }, { opId });
    expect(retried).toEqual(first);
    expect(t.catalogue.db.prepare('SELECT count(*) FROM movements').pluck().get()).toBe(1);
    expect(await t.dispatch('moves.create', { objectIds: [bowl.id], toLocationId: holding.id }, { opId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await t.dispatch('objects.create', { name: 'Cup' }, { opId: 'twelve' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'request.badOperationId' } });
    // A job's keyed request is answered once too: the photos are not imported again.
    const photo = await picture(join(tempDir(), 'p.jpg'), 'jpeg');
    const jobKey = '0192f2a1-7c4e-4d2a-9b1e-3c5d7e9f1a2c';
    const imported = await t.dispatch('photos.import', { paths: [photo] }, { opId: jobKey });
    const opsBefore = t.catalogue.db.prepare('SELECT count(*) FROM ops').pluck().get();
    expect(await t.dispatch('photos.import', { paths: [photo] }, { opId: jobKey })).toEqual(imported);
    expect(t.catalogue.db.prepare('SELECT count(*) FROM ops').pluck().get()).toBe(opsBefore);
    expect((await t.call('objects.get', { id: bowl.id })).currentLocationId).toBe(unit.id);
  });

  it('replays and verifies from the command line, and refuses what it cannot do with a clear reason', async () => {
    const dir = tempDir();
    const t = testCatalogue(dir);
    await withRooms(t);
    await t.call('objects.create', { name: 'Bowl' });
    t.catalogue.close();
    const rebuilt = join(tempDir(), 'copy');
    const replayed = storeroom(['ops', 'replay', '--from', dir, '--catalogue', rebuilt, '--json']);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(JSON.parse(replayed.stdout)).toMatchObject({ applied: 5, fromBaseline: false });
    const verified = storeroom(['ops', 'verify', dir, rebuilt, '--json']);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toEqual({ equal: true, differences: [] });

    const other = tempDir();
    testCatalogue(other).catalogue.close();
    const differ = storeroom(['ops', 'verify', dir, other]);
    expect(differ.code).toBe(1);
    expect(differ.stdout).toMatch(/^The catalogues differ\. First differences:\n {2}locations [0-9a-f-]{36}: "present" \/ "missing"\n/);
    expect(differ.stdout).toContain('\n  objects ');
    expect(differ.stderr).toMatch(/^storeroom: The catalogues differ/);

    const notACatalogue = tempDir();
    writeFileSync(join(notACatalogue, 'notes.txt'), 'hello');
    const refusals: [string[], RegExp][] = [
      [['ops', 'replay', '--from', notACatalogue, '--catalogue', join(tempDir(), 'x')], /is not a Storeroom catalogue: it has no catalogue\.sqlite/],
      [['ops', 'replay', '--from', join(dir, 'nope'), '--catalogue', join(tempDir(), 'x')], /There is no folder/],
      [['ops', 'replay', '--from', dir, '--catalogue', other], /is not empty/],
      [['ops', 'verify', dir, join(dir, 'missing')], /There is no folder .*missing/],
      [['ops', 'replay', '--from', dir], /Name the catalogue to replay/],
      [['ops', 'frobnicate'], /replay" or "storeroom ops verify/],
    ];
    for (const [args, reason] of refusals) {
      const result = storeroom(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(reason);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    // A catalogue from a newer Storeroom is refused, and left as it was.
    const newer = tempDir();
    cpSync(dir, newer, { recursive: true });
    const db = new Database(join(newer, 'catalogue.sqlite'));
    db.pragma(`user_version = ${latestSchemaVersion + 1}`);
    db.close();
    const target = join(tempDir(), 'y');
    const refused = storeroom(['ops', 'replay', '--from', newer, '--catalogue', target]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/newer version of Storeroom/);
    expect(existsSync(target)).toBe(false);
  }, 120_000);

  it('upgrades a catalogue from before operations: its change log becomes history, its baseline replays', async () => {
    const dir = tempDir();
    cpSync(FIXTURE, dir, { recursive: true });
    const before = new Database(join(dir, 'catalogue.sqlite'), { readonly: true });
    const count = (db: Database.Database, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const tables = ['objects', 'locations', 'movements', 'condition_checks', 'sightings', 'photos', 'photo_links', 'milestones', 'viewpoints', 'people', 'imports'];
    const counts = Object.fromEntries(tables.map((table) => [table, count(before, table)]));
    const changes = count(before, 'changes');
    expect(before.pragma('user_version', { simple: true })).toBe(2);
    before.close();

    const t = testCatalogue(dir);
    const { db } = t.catalogue;
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    for (const table of tables) expect(count(db, table), table).toBe(counts[table]);
    expect(db.prepare('SELECT count(*) FROM ops WHERE replayable = 0').pluck().get()).toBe(changes);
    expect(existsSync(join(dir, BASELINE_FILE))).toBe(true);
    // The old log reads as history, with who did what.
    const log = await t.call('changes.list', { limit: 500 });
    expect(log.total).toBe(changes);
    expect(log.items.at(-1)).toMatchObject({ procedure: 'catalogue.rename' });
    const bowl = (await t.call('objects.findByNumber', { number: '1987.12.3' })).items[0]!;
    expect(bowl).toMatchObject({ name: 'Ceramic bowl', currentLocationCode: 'R1-FL', condition: { term: 'Fair' }, primaryPhotoId: expect.any(String) });
    // Numbers it already has stay; new ones carry this device's code.
    expect((await t.call('objects.findByNumber', { number: 'T-0001' })).items).toHaveLength(1);
    const jar = await t.call('objects.create', { name: 'Jar' });
    expect(jar.tempNumber).toBe(`T-${t.catalogue.identity.deviceCode}-0001`);
    const moved = await t.call('moves.create', { objectIds: [bowl.id, jar.id], toLocationId: bowl.normalLocationId! });
    expect(moved.reference).toMatch(/^M-[0-9A-Z]{3}-000001$/);
    t.catalogue.close();

    const rebuilt = join(tempDir(), 'rebuilt');
    const result = replayCatalogue(dir, rebuilt);
    expect(result).toMatchObject({ applied: 2, fromBaseline: true });
    expect(compareCatalogues(dir, rebuilt)).toEqual([]);
  });

  it('lets one process write a catalogue: another reads it, and its writes are refused, naming the holder', async () => {
    const dir = tempDir();
    testCatalogue(dir).catalogue.close();
    const server = await serveProcess(dir);
    try {
      expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
      expect((await server.call('objects.create', { name: 'Bowl' })).ok).toBe(true);
      // The CLI reads the catalogue the server holds...
      const listed = storeroom(['call', 'objects.list', '{}', '--catalogue', dir, '--json']);
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout).data.total).toBe(1);
      const exported = storeroom(['export', join(tempDir(), 'x.xlsx'), '--catalogue', dir, '--json']);
      expect(exported.code, exported.stderr).toBe(0);
      // ...but cannot write it, and says who holds it.
      const refused = storeroom(['call', 'objects.create', '{"name":"Cup"}', '--catalogue', dir]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`^storeroom: CATALOGUE_BUSY: This catalogue is open for writing in storeroom serve \\(process ${server.child.pid} on .+\\)`));
      // A second server is refused at once.
      const second = spawn(process.execPath, [CLI, 'serve', '--catalogue', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let said = '';
      second.stderr.on('data', (d: Buffer) => (said += d));
      const code = await new Promise((resolve) => second.on('exit', resolve));
      expect(code).toBe(1);
      expect(said).toMatch(/CATALOGUE_BUSY: .*storeroom serve/);
      // In-process too: a second open is a reader.
      const reader = openCatalogue(dir);
      expect(reader.heldBy).toMatchObject({ app: 'storeroom serve', pid: server.child.pid });
      reader.close();
    } finally {
      server.child.kill('SIGKILL');
      await new Promise((resolve) => server.child.on('exit', resolve));
    }
    // A lock left by a process that died is taken over.
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const after = storeroom(['call', 'objects.create', '{"name":"Cup"}', '--catalogue', dir, '--json']);
    expect(after.code, after.stderr).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('leaves no half-recorded operation when killed in the middle of a photo import', async () => {
    const dir = tempDir();
    testCatalogue(dir).catalogue.close();
    const folder = join(tempDir(), 'photos');
    mkdirSync(folder);
    for (let i = 0; i < 40; i++) await picture(join(folder, `p${i}.jpg`), 'jpeg', 600 + i);
    const child = spawn(process.execPath, [CLI, 'photos', 'add', folder, '--catalogue', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let progress = '';
    child.stderr.on('data', (d: Buffer) => (progress += d));
    for (let i = 0; i < 400 && !/\b([3-9]|\d\d)\/40/.test(progress); i++) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const db = new Database(join(dir, 'catalogue.sqlite'));
    const photos = db.prepare('SELECT sha256 FROM photos ORDER BY sha256').pluck().all();
    const recorded = db.prepare(`SELECT json_extract(input, '$.sha256') FROM ops WHERE procedure = 'photos.store' ORDER BY 1`).pluck().all();
    db.close();
    expect(photos.length).toBeGreaterThan(0);
    expect(photos.length).toBeLessThan(40);
    expect(recorded).toEqual(photos);
    expect(readdirSync(dir)).toContain(LOCK_FILE);
  });
});
