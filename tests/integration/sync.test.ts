import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareCatalogues } from '../../src-main/core/ops/verify';
import { storeroom } from '../support/cli';
import { tempDir, testCatalogue, withRooms, type TestCatalogue } from '../support/catalogue';
import { picture } from '../support/images';

/** A field copy of `t`'s catalogue, opened. */
async function fieldCopy(t: TestCatalogue): Promise<{ dir: string; copy: TestCatalogue }> {
  const dir = join(tempDir(), 'copy');
  const result = await t.call('sync.copy', { path: dir });
  expect(result.path).toBe(dir);
  return { dir, copy: testCatalogue(dir) };
}

/** Sends what `to` lacks from `from`, and applies it. */
async function send(from: TestCatalogue, to: TestCatalogue) {
  const file = join(tempDir(), 'changes.storeroom-sync');
  await from.call('sync.bundle', { path: file, forPeer: to.catalogue.dir });
  return to.call('sync.apply', { source: { path: file, name: 'changes.storeroom-sync' } });
}

describe('field copies and sync bundles', () => {
  it('takes a field copy with the same identity and a device of its own, and merges both ways into one catalogue', async () => {
    const dir = tempDir();
    const a = testCatalogue(dir);
    const { unit, holding } = await withRooms(a);
    const bowl = await a.call('objects.create', { number: '1987.12.3', name: 'Bowl', category: null });
    const jug = await a.call('objects.create', { number: '1987.3.12', name: 'Jug' });
    await a.call('moves.create', { objectIds: [bowl.id, jug.id], toLocationId: unit.id });
    const { dir: copyDir, copy: b } = await fieldCopy(a);
    expect(b.catalogue.identity.catalogueId).toBe(a.catalogue.identity.catalogueId);
    expect(b.catalogue.identity.deviceId).not.toBe(a.catalogue.identity.deviceId);
    expect(b.catalogue.identity.deviceCode).not.toBe(a.catalogue.identity.deviceCode);
    expect(compareCatalogues(dir, copyDir).filter((d) => d.table !== 'ops')).toEqual([]);

    // Each works on its own for a while: moves of the same object, edits of different fields, new objects.
    await a.call('moves.create', { objectIds: [bowl.id], toLocationId: holding.id });
    await a.call('objects.update', { id: bowl.id, description: 'chipped rim' });
    await b.call('objects.update', { id: bowl.id, materials: 'stoneware' });
    const cup = await b.call('objects.create', { name: 'Cup' });
    await b.call('moves.create', { objectIds: [jug.id, cup.id], toLocationId: holding.id });
    const photo = await picture(join(tempDir(), 'cup.jpg'), 'jpeg');
    await b.call('photos.import', { paths: [photo], attachTo: { kind: 'object', id: cup.id } });

    const toA = await send(b, a);
    expect(toA).toMatchObject({ skipped: 0, conflicts: 0, warnings: [] });
    expect(toA.applied).toBeGreaterThan(3);
    const toB = await send(a, b);
    expect(toB.conflicts).toBe(0);
    // The same bundle twice changes nothing the second time.
    const file = join(tempDir(), 'again.storeroom-sync');
    await a.call('sync.bundle', { path: file });
    const again = await b.call('sync.apply', { source: { path: file, name: 'again.storeroom-sync' } });
    expect(again.applied).toBe(0);

    for (const t of [a, b]) {
      const got = await t.call('objects.get', { id: bowl.id });
      expect(got).toMatchObject({ description: 'chipped rim', materials: 'stoneware', currentLocationId: holding.id });
      expect((await t.call('objects.get', { id: cup.id })).primaryPhotoId).not.toBeNull();
    }
    a.catalogue.close();
    b.catalogue.close();
    expect(compareCatalogues(dir, copyDir)).toEqual([]);
  });

  it('files a number given on two copies, whether the bundle brings one object or an import of many', async () => {
    const a = testCatalogue();
    const csv = (rows: string[]) => {
      const file = join(tempDir(), 'list.csv');
      writeFileSync(file, `Object number,Name\n${rows.join('\n')}\n`);
      return { source: { path: file, name: 'list.csv' } };
    };
    // 60 objects: one object brought is looked up by its number, 40 against every number held twice (findNumberConflicts).
    await a.call('imports.commit', csv(Array.from({ length: 60 }, (_, i) => `OLD.${i},Old ${i}`)));
    const { copy: b } = await fieldCopy(a);
    await b.call('objects.create', { number: 'A-2', name: 'Plate (laptop B)' });
    await a.call('objects.create', { number: 'a-2', name: 'Plate (laptop A)' });
    expect((await send(b, a)).conflicts).toBe(1);
    await b.call('imports.commit', csv(Array.from({ length: 40 }, (_, i) => `NEW.${i},New ${i}`)));
    await a.call('objects.create', { number: 'new.7', name: 'Cup (laptop A)' });
    expect((await send(b, a)).conflicts).toBe(1);
    const numbers = (await a.call('conflicts.list', { open: true })).conflicts.filter((c) => c.kind === 'number');
    expect(numbers.map((c) => c.objects.map((o) => o.name).sort())).toEqual(
      expect.arrayContaining([
        ['Plate (laptop A)', 'Plate (laptop B)'],
        ['Cup (laptop A)', 'New 7'],
      ]),
    );
    expect(numbers).toHaveLength(2);
    a.catalogue.close();
    b.catalogue.close();
  });

  it('files the same field changed on two copies as a conflict, the same on both, and syncs its resolution', async () => {
    const a = testCatalogue();
    const bowl = await a.call('objects.create', { number: 'A-1', name: 'Bowl' });
    const { copy: b } = await fieldCopy(a);
    await a.call('objects.update', { id: bowl.id, name: 'Blue bowl' });
    await b.call('objects.update', { id: bowl.id, name: 'Green bowl' });
    await b.call('objects.create', { number: 'A-2', name: 'Plate (laptop B)' });
    await a.call('objects.create', { number: 'A-2', name: 'Plate (laptop A)' });
    expect((await send(b, a)).conflicts).toBe(2);
    expect((await send(a, b)).conflicts).toBe(2);
    const listA = await a.call('conflicts.list', {});
    const listB = await b.call('conflicts.list', {});
    expect(listA.open).toBe(2);
    expect(listB.conflicts.map((c) => c.key).sort()).toEqual(listA.conflicts.map((c) => c.key).sort());
    const field = listA.conflicts.find((c) => c.kind === 'field')!;
    expect(field).toMatchObject({ table: 'objects', rowId: bowl.id, field: 'name' });
    expect(field.sides.map((s) => s.value).sort()).toEqual(['Blue bowl', 'Green bowl']);
    // Both copies show the same value now: the later change.
    const [nameA, nameB] = [(await a.call('objects.get', { id: bowl.id })).name, (await b.call('objects.get', { id: bowl.id })).name];
    expect(nameA).toBe(nameB);
    // Settled on A, by keeping the other value: the resolution syncs to B.
    const other = field.sides.find((s) => s.value !== nameA)!;
    await a.call('conflicts.resolve', { key: field.key, choice: { kind: 'keep', opId: other.opId } });
    const number = listA.conflicts.find((c) => c.kind === 'number')!;
    expect(number.objects.map((o) => o.name).sort()).toEqual(['Plate (laptop A)', 'Plate (laptop B)']);
    await a.call('conflicts.resolve', { key: number.key, choice: { kind: 'renumber', objectId: number.objects[0]!.id, number: 'A-3' } });
    expect((await a.call('conflicts.list', { open: true })).open).toBe(0);
    await send(a, b);
    expect((await b.call('conflicts.list', { open: true })).open).toBe(0);
    expect((await b.call('objects.get', { id: bowl.id })).name).toBe(other.value);
    a.catalogue.close();
    b.catalogue.close();
    expect(compareCatalogues(a.catalogue.dir, b.catalogue.dir)).toEqual([]);
  });

  it('makes two records of one object, numbered the same on two laptops, one: fields, tags, photos and place joined, the other removed with its history', async () => {
    const a = testCatalogue();
    const { unit, holding } = await withRooms(a);
    const { copy: b } = await fieldCopy(a);
    // The same vase recorded on both laptops: A measured it and put it away; B photographed it, tagged it and moved it later.
    const onA = await a.call('objects.create', { number: '1987.12.3', name: 'Vase', height: 30, width: 12, materials: 'porcelain', tags: ['blue'] });
    await a.call('moves.create', { objectIds: [onA.id], toLocationId: unit.id });
    const onB = await b.call('objects.create', { number: '1987.12.3', name: 'Vase, blue', description: 'Crack at the foot', materials: 'ceramic', tags: ['fragile'] });
    await b.call('photos.import', { paths: [await picture(join(tempDir(), 'vase.jpg'), 'jpeg')], attachTo: { kind: 'object', id: onB.id } });
    await b.call('moves.create', { objectIds: [onB.id], toLocationId: holding.id });
    expect((await send(b, a)).conflicts).toBe(1);
    await send(a, b);
    const number = (await a.call('conflicts.list', { open: true })).conflicts.find((c) => c.kind === 'number')!;
    // Not a record of this conflict: refused, nothing changed.
    await expect(a.call('conflicts.resolve', { key: number.key, choice: { kind: 'mergeObjects', objectId: unit.id } })).rejects.toThrow(/VALIDATION/);
    await a.call('conflicts.resolve', { key: number.key, choice: { kind: 'mergeObjects', objectId: onA.id } });
    await send(a, b);
    for (const t of [a, b]) {
      const vase = await t.call('objects.get', { id: onA.id });
      // Its own values stand; what it lacked comes from the other record; it is where the later move put the vase.
      expect(vase).toMatchObject({ name: 'Vase', materials: 'porcelain', description: 'Crack at the foot', height: 30, currentLocationId: holding.id });
      expect(vase.tags.sort()).toEqual(['blue', 'fragile']);
      expect(vase.primaryPhotoId).not.toBeNull();
      const listed = await t.call('objects.list', { query: '1987.12.3' });
      expect(listed.items.map((o) => o.id)).toEqual([onA.id]);
      // The other record keeps its history: removed, not deleted.
      expect(t.catalogue.db.prepare('SELECT removed FROM objects WHERE id = ?').pluck().get(onB.id)).toBe(1);
      expect(t.catalogue.db.prepare('SELECT count(*) FROM movements WHERE object_id = ?').pluck().get(onB.id)).toBe(1);
      expect((await t.call('conflicts.list', { open: true })).open).toBe(0);
    }
    a.catalogue.close();
    b.catalogue.close();
    expect(compareCatalogues(a.catalogue.dir, b.catalogue.dir)).toEqual([]);
  });

  it('refuses what it cannot apply with a clear reason, changing nothing', async () => {
    const a = testCatalogue();
    await a.call('objects.create', { name: 'Bowl' });
    const { copy: b } = await fieldCopy(a);
    await b.call('objects.create', { name: 'Jug' });
    const file = join(tempDir(), 'b.storeroom-sync');
    await b.call('sync.bundle', { path: file });
    const before = a.catalogue.db.prepare('SELECT count(*) FROM ops').pluck().get();
    const other = testCatalogue();
    expect(await other.fail('sync.apply', { source: { path: file, name: 'b.storeroom-sync' } })).toMatchObject({ code: 'VALIDATION', key: 'sync.otherCatalogue' });
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(file);
    const truncated = join(tempDir(), 'truncated.storeroom-sync');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await a.fail('sync.apply', { source: { path: truncated, name: 'truncated.storeroom-sync' } })).toMatchObject({ code: 'VALIDATION', key: 'sync.badBundle' });
    const corrupt = join(tempDir(), 'corrupt.storeroom-sync');
    const flipped = Buffer.from(bytes);
    const at = Math.floor(flipped.length / 3);
    flipped[at] = flipped[at]! ^ 0xff;
    writeFileSync(corrupt, flipped);
    expect((await a.fail('sync.apply', { source: { path: corrupt, name: 'corrupt.storeroom-sync' } })).code).toBe('VALIDATION');
    const foreign = join(tempDir(), 'notes.storeroom-sync');
    writeFileSync(foreign, 'hello');
    expect((await a.fail('sync.apply', { source: { path: foreign, name: 'notes.storeroom-sync' } })).key).toBe('sync.badBundle');
    expect(a.catalogue.db.prepare('SELECT count(*) FROM ops').pluck().get()).toBe(before);
    expect((await a.call('sync.apply', { source: { path: file, name: 'b.storeroom-sync' } })).applied).toBe(1);
  });

  it('works from the command line: copy, bundle, apply, with --json', async () => {
    const dir = tempDir();
    const t = testCatalogue(dir);
    await t.call('objects.create', { name: 'Bowl' });
    t.catalogue.close();
    const copyDir = join(tempDir(), 'field');
    const copied = storeroom(['sync', 'copy', copyDir, '--catalogue', dir, '--json']);
    expect(copied.code, copied.stderr).toBe(0);
    expect(JSON.parse(copied.stdout)).toMatchObject({ path: copyDir, deviceCode: expect.stringMatching(/^[0-9A-Z]{3}$/) });
    expect(storeroom(['call', 'objects.create', '{"name":"Jug"}', '--catalogue', copyDir]).code).toBe(0);
    const file = join(tempDir(), 'field.storeroom-sync');
    const bundled = storeroom(['sync', 'bundle', file, '--catalogue', copyDir, '--for', dir, '--json']);
    expect(JSON.parse(bundled.stdout)).toEqual({ file, operations: 1, photos: 0 });
    expect(existsSync(file)).toBe(true);
    const applied = storeroom(['sync', 'apply', file, '--catalogue', dir, '--json']);
    expect(JSON.parse(applied.stdout)).toEqual({ applied: 1, skipped: 0, conflicts: 0 });
    expect(JSON.parse(storeroom(['sync', 'apply', file, '--catalogue', dir, '--json']).stdout)).toEqual({ applied: 0, skipped: 1, conflicts: 0 });
    const refused = storeroom(['sync', 'apply', join(dir, 'nope.storeroom-sync'), '--catalogue', dir]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});
