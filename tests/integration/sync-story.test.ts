import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { derivedPath, originalPath } from '../../src-main/core/media/store';
import { compareCatalogues } from '../../src-main/core/ops/verify';
import { storeroom } from '../support/cli';
import { tempDir, testCatalogue, type TestCatalogue } from '../support/catalogue';
import { picture } from '../support/images';

/** Writes what `to` lacks from `from` as a bundle file, and returns its path. */
async function bundleFor(from: TestCatalogue, to: TestCatalogue | null, name = 'changes.storeroom-sync'): Promise<string> {
  const file = join(tempDir(), name);
  await from.call('sync.bundle', { path: file, ...(to ? { forPeer: to.catalogue.dir } : {}) });
  return file;
}

const apply = (to: TestCatalogue, file: string) => to.call('sync.apply', { source: { path: file, name: 'changes.storeroom-sync' } });

const locationOf = async (t: TestCatalogue, id: string) => (await t.call('objects.get', { id })).currentLocationId;

/** Every row count a failed apply must leave as it was. */
const counts = (t: TestCatalogue) =>
  Object.fromEntries(['ops', 'objects', 'movements', 'photos', 'condition_checks', 'conflicts', 'locations'].map((table) => [table, t.catalogue.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()]));

afterEach(() => {
  vi.useRealTimers();
});

describe('a week in three rooms', () => {
  it('three field copies worked on apart merge in any order into one catalogue, with exactly their clashes in the queue', async () => {
    // Monday: the coordinator's laptop sets up the storeroom.
    const aDir = tempDir();
    let a = testCatalogue(aDir);
    const room = async (code: string, name: string, role: 'permanent' | 'holding' = 'permanent', parentId?: string, type: 'room' | 'unit' | 'shelf' | 'box' = 'room') =>
      (await a.call('locations.create', { code, name, type, role, ...(parentId ? { parentId } : {}) })).id;
    const r1 = await room('R1', 'Room 1');
    const r2 = await room('R2', 'Room 2');
    const r3 = await room('R3', 'Room 3');
    const holding = await room('H', 'Holding area', 'holding');
    const unit = await room('R1-U1', 'Unit 1', 'permanent', r1, 'unit');
    const box = await room('B1', 'Box 1', 'permanent', unit, 'box');
    const shelf = await room('R3-S9', 'Shelf 9', 'permanent', r3, 'shelf');
    const objects: string[] = [];
    for (let i = 1; i <= 30; i++) objects.push((await a.call('objects.create', { number: `2026.0.${i}`, name: `Object ${i}` })).id);
    const o = (n: number) => objects[n - 1]!;
    await a.call('moves.create', { objectIds: [1, 2, 3, 4].map(o), toLocationId: unit });
    await a.call('moves.create', { objectIds: [5, 6, 7].map(o), toLocationId: box });
    await a.call('moves.create', { objectIds: [11, 12, 13, 14, 15].map(o), toLocationId: r2 });
    await a.call('moves.create', { objectIds: [21, 22, 23, 24, 25].map(o), toLocationId: r3 });

    // The Room 2 team takes a field copy from the menu; the Room 3 team copies the folder by hand, app closed.
    const bDir = join(tempDir(), 'room-2');
    await a.call('sync.copy', { path: bDir });
    const b = testCatalogue(bDir);
    a.catalogue.close();
    const cDir = join(tempDir(), 'room-3');
    cpSync(aDir, cDir, { recursive: true });
    a = testCatalogue(aDir);
    const c = testCatalogue(cDir);
    const ids = [a, b, c].map((t) => t.catalogue.identity);
    expect(new Set(ids.map((i) => i.catalogueId)).size).toBe(1);
    expect(new Set(ids.map((i) => i.deviceId)).size).toBe(3);
    expect(new Set(ids.map((i) => i.deviceCode)).size).toBe(3);

    // The week. Room 1 (the coordinator): to holding, an edit, the box to holding, a shelf given up.
    await a.call('moves.create', { objectIds: [1, 2, 3].map(o), toLocationId: holding });
    await a.call('objects.update', { id: o(4), description: 'Rim chipped at 3 o’clock' });
    await a.call('moves.create', { objectIds: [], containerIds: [box], toLocationId: holding });
    await a.call('locations.delete', { id: shelf });
    // Room 2: photographs, condition checks, a find, the same box moved to Room 2, the same description edited.
    const amira = (await b.call('people.create', { name: 'Amira Haddad' })).id;
    const bPhotos = await Promise.all([11, 12, 13].map((n, i) => picture(join(tempDir(), `IMG_00${n}.jpg`), 'jpeg', 160 + i * 8, 120)));
    for (const [i, path] of bPhotos.entries()) await b.call('photos.import', { paths: [path], attachTo: { kind: 'object', id: o(11 + i) } }, amira);
    for (const n of [11, 12, 13, 14, 15]) await b.call('objects.checkCondition', { objectId: o(n), term: n % 2 ? 'Good' : 'Poor', assessedOn: '2026-11-24' }, amira);
    const sherd = await b.call('objects.create', { number: '2026.9.1', name: 'Sherd found behind the cabinet' }, amira);
    await b.call('moves.create', { objectIds: [], containerIds: [box], toLocationId: r2 }, amira);
    await b.call('objects.update', { id: o(4), description: 'Crack across the base' }, amira);
    // Room 3: to holding, an object taken out of the box, a find numbered as Room 2's, a room photo, the shelf renamed.
    await c.call('moves.create', { objectIds: [21, 22, 23, 24, 25].map(o), toLocationId: holding });
    await c.call('moves.create', { objectIds: [o(6)], toLocationId: r3 });
    const lid = await c.call('objects.create', { number: '2026.9.1', name: 'Lid, broken' });
    const roomPhoto = await picture(join(tempDir(), 'room-3-before.png'), 'png', 200, 150);
    await c.call('photos.import', { paths: [roomPhoto], attachTo: { kind: 'location', id: r3 } });
    await c.call('locations.update', { id: shelf, name: 'Shelf 9 (metal)' });
    // Copies of the same catalogue never mint the same numbers: their temporary numbers carry their own codes.
    const temps = await Promise.all([a, b, c].map(async (t) => (await t.call('objects.create', { name: 'Unnumbered' })).id));
    const tempNumbers = await Promise.all(temps.map(async (id, i) => (await [a, b, c][i]!.call('objects.get', { id })).displayNumber));
    expect(new Set(tempNumbers).size).toBe(3);

    // Friday: the two bundles reach the coordinator, B then C; and a second copy of the coordinator's catalogue
    // (a spare laptop, taken before) receives them the other way round, C then B.
    const spareDir = join(tempDir(), 'spare');
    await a.call('sync.copy', { path: spareDir });
    const spare = testCatalogue(spareDir);
    const fromB = await bundleFor(b, null, 'b.storeroom-sync');
    const fromC = await bundleFor(c, null, 'c.storeroom-sync');
    const inspected = await a.call('sync.inspect', { source: { path: fromB, name: 'b.storeroom-sync' } });
    expect(inspected.photos).toBe(3);
    // Its moves: the box's three objects went with it.
    expect(inspected.by).toContainEqual(expect.objectContaining({ personName: 'Amira Haddad', objects: 1, moves: 3, photos: 3, conditions: 5 }));
    const bA = await apply(a, fromB);
    const cA = await apply(a, fromC);
    await apply(spare, fromC);
    await apply(spare, fromB);
    expect(bA.warnings).toEqual([]);
    expect(bA.conflicts + cA.conflicts).toBe(3);
    // And back: each room's laptop gets what it lacks.
    await apply(b, await bundleFor(a, b));
    await apply(c, await bundleFor(a, c));

    // The clashes, and only those: one field edited on two copies, one number made twice, an edit of a removed shelf.
    const queues = await Promise.all([a, b, c, spare].map((t) => t.call('conflicts.list', { open: true })));
    for (const queue of queues) expect(queue.conflicts.map((k) => k.key).sort()).toEqual(queues[0]!.conflicts.map((k) => k.key).sort());
    const queue = queues[0]!.conflicts;
    expect(queue.map((k) => k.kind).sort()).toEqual(['field', 'number', 'removed']);
    const field = queue.find((k) => k.kind === 'field')!;
    expect(field).toMatchObject({ table: 'objects', rowId: o(4), field: 'description' });
    expect(field.sides.map((s) => s.value).sort()).toEqual(['Crack across the base', 'Rim chipped at 3 o’clock']);
    expect(field.sides.map((s) => s.deviceCode).sort()).toEqual([ids[0]!.deviceCode, ids[1]!.deviceCode].sort());
    expect(field.sides.find((s) => s.deviceCode === ids[1]!.deviceCode)?.personName).toBe('Amira Haddad');
    const number = queue.find((k) => k.kind === 'number')!;
    expect(number.objects.map((x) => x.id).sort()).toEqual([sherd.id, lid.id].sort());
    expect(queue.find((k) => k.kind === 'removed')).toMatchObject({ table: 'locations', rowId: shelf });

    // Moves are no conflict: the box went to holding, then to Room 2, and stands where the later move put it; the
    // object taken out of it stays in Room 3, the ones left in it went along.
    for (const t of [a, b, c, spare]) {
      expect(await locationOf(t, o(6))).toBe(r3);
      expect(await locationOf(t, o(5))).toBe(box);
      expect((await t.call('locations.tree', {})).locations.find((l) => l.id === box)?.parentId).toBe(r2);
      expect(await locationOf(t, o(21))).toBe(holding);
      expect(await locationOf(t, o(1))).toBe(holding);
    }
    // The photos came with their files, and the conditions with their objects.
    for (const t of [a, c]) {
      const photos = t.catalogue.db.prepare('SELECT sha256, extension FROM photos').all() as { sha256: string; extension: string }[];
      expect(photos).toHaveLength(4);
      for (const p of photos) {
        expect(existsSync(originalPath(t.catalogue.mediaDir, p.sha256, p.extension))).toBe(true);
        expect(existsSync(derivedPath(t.catalogue.mediaDir, p.sha256, 'thumb'))).toBe(true);
      }
      expect((await t.call('objects.get', { id: o(12) })).primaryPhotoId).not.toBeNull();
    }

    // The coordinator settles the queue; the settlements travel back like any change.
    const keep = field.sides.find((s) => s.value === 'Rim chipped at 3 o’clock')!;
    await a.call('conflicts.resolve', { key: field.key, choice: { kind: 'keep', opId: keep.opId } });
    await a.call('conflicts.resolve', { key: number.key, choice: { kind: 'renumber', objectId: lid.id, number: '2026.9.2' } });
    await a.call('conflicts.resolve', { key: queue.find((k) => k.kind === 'removed')!.key, choice: { kind: 'leaveRemoved' } });
    expect((await a.call('conflicts.list', { open: true })).open).toBe(0);
    for (const t of [b, c, spare]) {
      await apply(t, await bundleFor(a, t));
      expect((await t.call('conflicts.list', { open: true })).open).toBe(0);
      expect((await t.call('objects.get', { id: o(4) })).description).toBe('Rim chipped at 3 o’clock');
      expect((await t.call('objects.get', { id: lid.id })).number).toBe('2026.9.2');
    }
    for (const t of [a, b, c, spare]) t.catalogue.close();
    for (const dir of [bDir, cDir, spareDir]) expect(compareCatalogues(aDir, dir)).toEqual([]);
  }, 120_000);
});

describe('merging, the edges', () => {
  it('merges straight from another copy\'s folder, and refuses a separate catalogue\'s, pointing to the import', async () => {
    const a = testCatalogue();
    await a.call('objects.create', { number: 'F-1', name: 'Fan' });
    const dir = join(tempDir(), 'copy');
    await a.call('sync.copy', { path: dir });
    const b = testCatalogue(dir);
    const photo = await picture(join(tempDir(), 'fan.webp'), 'webp');
    const made = await b.call('objects.create', { number: 'F-2', name: 'Fan case' });
    await b.call('photos.import', { paths: [photo], attachTo: { kind: 'object', id: made.id } });
    const summary = await a.call('sync.inspect', { source: { path: dir, name: 'copy' } });
    expect(summary).toMatchObject({ photos: 1, fromDevice: b.catalogue.identity.deviceCode });
    expect((await a.call('sync.apply', { source: { path: dir, name: 'copy' } })).applied).toBe(2);
    expect((await a.call('objects.get', { id: made.id })).primaryPhotoId).not.toBeNull();
    expect((await a.call('sync.apply', { source: { path: dir, name: 'copy' } })).applied).toBe(0);

    const other = testCatalogue();
    await other.call('objects.create', { number: 'X-1', name: 'Someone else’s' });
    other.catalogue.close();
    const refused = await a.fail('sync.apply', { source: { path: other.catalogue.dir, name: 'other' } });
    expect(refused).toMatchObject({ key: 'sync.otherCatalogue' });
    expect(refused.message).toMatch(/import/);
    expect(await a.fail('sync.apply', { source: { path: tempDir(), name: 'empty' } })).toMatchObject({ key: 'sync.notACatalogue' });
  });

  it('brings a separate catalogue in through the import: its objects, and the locations they are in', async () => {
    const otherDir = tempDir();
    const other = testCatalogue(otherDir);
    const store = await other.call('locations.create', { code: 'ST', name: 'Offsite store', type: 'room', role: 'permanent' });
    const bay = await other.call('locations.create', { parentId: store.id, code: 'ST-1', name: 'Bay 1', type: 'unit', role: 'permanent' });
    const chair = await other.call('objects.create', { number: 'OS.1', name: 'Chair, “Windsor”', description: 'Élément à réparer; 26 1/4 in. x 40 in.' });
    await other.call('objects.create', { number: 'OS.2', name: 'Stool' });
    await other.call('moves.create', { objectIds: [chair.id], toLocationId: bay.id });
    other.catalogue.close();
    const here = tempDir();
    const t = testCatalogue(here);
    await t.call('objects.create', { number: 'OS.2', name: 'Stool (ours)' });
    expect(await t.fail('imports.fromCatalogue', { path: here })).toMatchObject({ key: 'sync.sameCatalogue' });
    t.catalogue.close();
    const imported = storeroom(['import', otherDir, '--catalogue', here, '--create-locations', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 2, new: 1, updated: 1, committed: true });
    const back = testCatalogue(here);
    const found = await back.call('objects.findByNumber', { number: 'OS.1' });
    const got = await back.call('objects.get', { id: found.items[0]!.id });
    expect(got).toMatchObject({ name: 'Chair, “Windsor”', description: 'Élément à réparer; 26 1/4 in. x 40 in.' });
    const tree = (await back.call('locations.tree', {})).locations;
    const inBay = tree.find((l) => l.id === got.currentLocationId);
    expect(inBay).toMatchObject({ code: 'ST-1' });

    // The other catalogue was only read.
    expect(existsSync(join(otherDir, 'catalogue.lock'))).toBe(false);
  });

  it('applies a bundle from a copy whose clock runs ahead with a warning naming it; later changes here still come after', async () => {
    const a = testCatalogue();
    const vase = await a.call('objects.create', { number: 'V-1', name: 'Vase' });
    const dir = join(tempDir(), 'copy');
    await a.call('sync.copy', { path: dir });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3 * 3600_000);
    const b = testCatalogue(dir);
    await b.call('objects.update', { id: vase.id, materials: 'porcelain (laptop three hours ahead)' });
    b.catalogue.close();
    vi.useRealTimers();
    const file = join(tempDir(), 'ahead.storeroom-sync');
    const b2 = testCatalogue(dir);
    await b2.call('sync.bundle', { path: file });
    const result = await a.call('sync.apply', { source: { path: file, name: 'ahead.storeroom-sync' } });
    expect(result.warnings).toEqual([expect.stringMatching(new RegExp(`^clockAhead:${b2.catalogue.identity.deviceCode}:`))]);
    // The coordinator corrects it afterwards: that change comes after the one it saw, so it stands everywhere.
    await a.call('objects.update', { id: vase.id, materials: 'earthenware' });
    await b2.call('sync.apply', { source: { path: await bundleFor(a, b2), name: 'x.storeroom-sync' } });
    expect((await b2.call('objects.get', { id: vase.id })).materials).toBe('earthenware');
    expect((await a.call('objects.get', { id: vase.id })).materials).toBe('earthenware');
    expect((await a.call('conflicts.list', {})).open).toBe(0);
  });

  it('refuses a bundle from a newer schema, or missing a photo it names, or that fills the disk, changing nothing', async () => {
    const a = testCatalogue();
    await a.call('objects.create', { number: 'P-1', name: 'Plate' });
    const dir = join(tempDir(), 'copy');
    await a.call('sync.copy', { path: dir });
    const b = testCatalogue(dir);
    for (let i = 0; i < 40; i++) await b.call('objects.create', { number: `P-${i + 2}`, name: `Plate ${i + 2}`, description: 'with a long description '.repeat(20) });
    const made = await b.call('objects.create', { number: 'P-99', name: 'Plate photographed' });
    await b.call('photos.import', { paths: [await picture(join(tempDir(), 'p.jpg'), 'jpeg', 400, 300)], attachTo: { kind: 'object', id: made.id } });
    const file = await bundleFor(b, a);
    const entries = unzipSync(readFileSync(file));
    const rezip = (name: string, change: (e: Record<string, Uint8Array>) => void) => {
      const copy = { ...entries };
      change(copy);
      const path = join(tempDir(), name);
      writeFileSync(path, zipSync(copy));
      return path;
    };
    const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as { schema: number; photos: { sha256: string }[] };
    const newer = rezip('newer.storeroom-sync', (e) => (e['manifest.json'] = strToU8(JSON.stringify({ ...manifest, schema: manifest.schema + 1 }))));
    const noPhoto = rezip('no-photo.storeroom-sync', (e) => {
      for (const name of Object.keys(e)) if (name.startsWith('media/')) delete e[name];
      e['manifest.json'] = strToU8(JSON.stringify({ ...manifest, photos: [] }));
    });
    const unexpected = rezip('extra.storeroom-sync', (e) => (e['../../evil.sh'] = strToU8('rm -rf /')));
    const before = counts(a);
    expect(await a.fail('sync.apply', { source: { path: newer, name: 'newer.storeroom-sync' } })).toMatchObject({ key: 'sync.newerSchema' });
    expect(await a.fail('sync.apply', { source: { path: noPhoto, name: 'no-photo.storeroom-sync' } })).toMatchObject({ key: 'sync.photoMissing' });
    expect(await a.fail('sync.apply', { source: { path: unexpected, name: 'extra.storeroom-sync' } })).toMatchObject({ key: 'sync.badBundle' });
    expect(existsSync(join(a.catalogue.dir, '..', 'evil.sh'))).toBe(false);
    // A disk that fills up during the apply: the database may grow by a few pages only.
    const pages = a.catalogue.db.pragma('page_count', { simple: true }) as number;
    a.catalogue.db.pragma(`max_page_count = ${pages + 2}`);
    expect(await a.fail('sync.apply', { source: { path: file, name: 'changes.storeroom-sync' } })).toMatchObject({ code: 'DISK_FULL' });
    a.catalogue.db.pragma('max_page_count = 4294967294');
    expect(counts(a)).toEqual(before);
    // With room again, the same bundle applies whole.
    expect((await apply(a, file)).applied).toBe(42);
    expect(counts(a).objects).toBe(Number(before.objects) + 41);
  });

  it('merges a large bundle in one transaction with progress; writes meanwhile are refused, and a cancel leaves nothing', async () => {
    const a = testCatalogue();
    const dir = join(tempDir(), 'copy');
    await a.call('sync.copy', { path: dir });
    const b = testCatalogue(dir);
    for (let i = 0; i < 1200; i++) await b.call('objects.create', { number: `L-${i}`, name: `Lot ${i}` });
    const file = await bundleFor(b, a);
    const before = counts(a);
    const progress: number[] = [];
    a.catalogue.onChange((event) => {
      if (event.kind === 'progress' && event.procedure === 'sync.apply') progress.push(event.done);
    });

    // Cancelled half-way: nothing of it stays.
    const cancelled = a.dispatch('sync.apply', { source: { path: file, name: 'lots.storeroom-sync' }, jobId: '01900000-0000-7000-8000-000000000001' });
    while (progress.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const refused = await a.fail('objects.create', { name: 'Typed during the merge' });
    expect(refused).toMatchObject({ code: 'CATALOGUE_BUSY', key: 'catalogue.merging' });
    expect(refused.message).toContain('lots.storeroom-sync');
    await a.call('jobs.cancel', { jobId: '01900000-0000-7000-8000-000000000001' });
    const outcome = await cancelled;
    expect(outcome).toMatchObject({ ok: false, error: { key: 'sync.cancelled' } });
    expect(counts(a)).toEqual(before);

    // Then whole, reporting as it goes; and the catalogue takes writes again.
    progress.length = 0;
    expect((await apply(a, file)).applied).toBe(1200);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    await a.call('objects.create', { name: 'Typed after the merge' });
    expect(counts(a).objects).toBe(Number(before.objects) + 1201);
  }, 120_000);
});
