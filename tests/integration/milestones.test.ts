import { describe, expect, it } from 'vitest';
import { testCatalogue, type TestCatalogue } from '../support/catalogue';

const tick = () => new Promise((r) => setTimeout(r, 5));
const now = () => new Date().toISOString();

/**
 * A small storeroom with a known history:
 *   before: o1 (Ceramics, Good) and o3 (Textiles) in unit U1, o2 (Ceramics) in box B1 on U1, o4 (Textiles) on the floor, o5 unlocated
 *   then:   o3 → U2; box B1 (with o2) → holding H1; o4 → U2; o1 condition Poor, then Fair
 *   after the After milestone: o1 → H1 (must not count)
 */
async function storeroom(t: TestCatalogue) {
  await t.call('vocabularies.setTerms', { vocabulary: 'category', terms: ['Ceramics', 'Textiles'] });
  const loc = async (code: string, type: string, role: 'permanent' | 'holding' | 'floor', parentId?: string) =>
    (await t.call('locations.create', { code, name: code, type, role, parentId })).id;
  const r1 = await loc('R1', 'room', 'permanent');
  const u1 = await loc('R1-U1', 'unit', 'permanent', r1);
  const u2 = await loc('R1-U2', 'unit', 'permanent', r1);
  const floor = await loc('R1-FLOOR', 'area', 'floor', r1);
  const b1 = await loc('B1', 'box', 'permanent', u1);
  const h1 = await loc('H1', 'room', 'holding');
  const obj = async (n: string, category: string, reachable?: boolean) =>
    (await t.call('objects.create', { number: n, name: n, category, ...(reachable === undefined ? {} : { reachable }) })).id;
  const o = [await obj('o1', 'Ceramics', true), await obj('o2', 'Ceramics'), await obj('o3', 'Textiles', false), await obj('o4', 'Textiles'), await obj('o5', 'Ceramics')] as const;
  await t.call('moves.create', { objectIds: [o[0], o[2]], toLocationId: u1 });
  await t.call('moves.create', { objectIds: [o[1]], toLocationId: b1 });
  await t.call('moves.create', { objectIds: [o[3]], toLocationId: floor });
  await t.call('objects.checkCondition', { objectId: o[0], term: 'Good' });
  await tick();
  const before = (await t.call('milestones.list', {})).milestones.find((m) => m.kind === 'before')!;
  const beforeAt = now();
  await t.call('milestones.update', { id: before.id, at: beforeAt });
  await tick();
  await t.call('moves.create', { objectIds: [o[2]], toLocationId: u2 });
  await t.call('moves.create', { objectIds: [], containerIds: [b1], toLocationId: h1, reason: 'to_holding_area' });
  await t.call('moves.create', { objectIds: [o[3]], toLocationId: u2 });
  await t.call('objects.checkCondition', { objectId: o[0], term: 'Poor' });
  await t.call('objects.checkCondition', { objectId: o[0], term: 'Fair' });
  await tick();
  const after = await t.call('milestones.create', { name: 'After', kind: 'after' });
  await tick();
  await t.call('moves.create', { objectIds: [o[0]], toLocationId: h1 });
  return { before: { ...before, at: beforeAt }, after, o, r1, h1, beforeAt };
}

describe('milestones and measures', () => {
  it('a new catalogue has its Before milestone', async () => {
    const t = testCatalogue();
    const { milestones } = await t.call('milestones.list', {});
    expect(milestones.map((m) => [m.name, m.kind])).toEqual([['Before', 'before']]);
    expect((await t.fail('milestones.delete', { id: milestones[0]!.id })).code).toBe('CONFLICT');
  });

  it('computes the measures at each milestone from history, matching hand-computed values', async () => {
    const t = testCatalogue();
    const { before, after } = await storeroom(t);
    const at = async (milestoneId: string) => (await t.call('measures.at', { milestoneId })).overall;
    expect(await at(before.id)).toEqual({
      objects: 5,
      located: 4,
      locatedPercent: 80,
      onFloor: 1,
      inHolding: 0,
      reachable: 1,
      reachablePercent: 50,
      reachableAssessed: 2,
      units: 2,
      mixedUnits: 1,
      conditions: { Good: 1, '': 4 },
      notSeenSinceBefore: 5,
    });
    expect(await at(after.id)).toEqual({
      objects: 5,
      located: 4,
      locatedPercent: 80,
      onFloor: 0,
      inHolding: 1,
      reachable: 1,
      reachablePercent: 50,
      reachableAssessed: 2,
      units: 2,
      mixedUnits: 0,
      conditions: { Fair: 1, '': 4 },
      notSeenSinceBefore: 1,
    });
    const rooms = (await t.call('measures.at', { milestoneId: after.id })).rooms;
    expect(rooms.map((r) => [r.code, r.measures.objects, r.measures.inHolding])).toEqual([
      ['H1', 1, 1],
      ['R1', 3, 0],
      [null, 1, 0],
    ]);
  });

  it('compares objects between milestones: where and in what condition, with filters', async () => {
    const t = testCatalogue();
    const { before, after } = await storeroom(t);
    const compare = async (filter?: 'moved' | 'not_moved' | 'condition_worse' | 'still_in_holding') =>
      (await t.call('measures.compareObjects', { fromMilestoneId: before.id, toMilestoneId: after.id, filter })).items;
    const all = await compare();
    expect(all.map((r) => [r.displayNumber, r.fromLocationCode, r.toLocationCode, r.fromCondition, r.toCondition])).toEqual([
      ['o1', 'R1-U1', 'R1-U1', 'Good', 'Fair'],
      ['o2', 'B1', 'B1', null, null],
      ['o3', 'R1-U1', 'R1-U2', null, null],
      ['o4', 'R1-FLOOR', 'R1-U2', null, null],
      ['o5', null, null, null, null],
    ]);
    expect(all[1]).toMatchObject({ fromLocationPath: 'R1 > R1-U1 > B1', toLocationPath: 'H1 > B1', moved: true, inHolding: true });
    expect((await compare('moved')).map((r) => r.displayNumber)).toEqual(['o2', 'o3', 'o4']);
    expect((await compare('not_moved')).map((r) => r.displayNumber)).toEqual(['o1', 'o5']);
    expect((await compare('condition_worse')).map((r) => r.displayNumber)).toEqual(['o1']);
    expect((await compare('still_in_holding')).map((r) => r.displayNumber)).toEqual(['o2']);
    const { from, to } = await t.call('measures.compare', { fromMilestoneId: before.id, toMilestoneId: after.id });
    expect([from.overall.onFloor, to.overall.onFloor]).toEqual([1, 0]);
  });

  it('puts the comparison in the Excel export: measures with their change, conditions best first, every object then and now', async () => {
    const t = testCatalogue();
    await storeroom(t);
    const { join } = await import('node:path');
    const { tempDir } = await import('../support/catalogue');
    const ExcelJS = (await import('exceljs')).default;
    const file = join(tempDir(), 'inventory.xlsx');
    await t.call('exports.create', { path: file });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const rows = (workbook.getWorksheet('Before-After')!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    const row = (label: string) => rows.find((r) => r[0] === label);
    expect(row('Objects on the floor')).toEqual(['Objects on the floor', 1, 0, -1]);
    expect(row('Objects in holding areas')).toEqual(['Objects in holding areas', 0, 1, 1]);
    expect(rows.filter((r) => String(r[0]).startsWith('Condition: '))).toEqual([
      ['Condition: Good', 1, 0, -1],
      ['Condition: Fair', 0, 1, 1],
      ['Condition: not assessed', 4, 4, 0],
    ]);
    const objects = rows.slice(rows.findIndex((r) => r[0] === 'Object') + 1);
    expect(objects.map((r) => [r[0], r[4], r[5], r[6], r[7], r[8]])).toEqual([
      ['o1', 'R1-U1', 'R1-U1', 'Good', 'Fair', 'no'],
      ['o2', 'B1', 'B1', undefined, undefined, 'yes'],
      ['o3', 'R1-U1', 'R1-U2', undefined, undefined, 'yes'],
      ['o4', 'R1-FLOOR', 'R1-U2', undefined, undefined, 'yes'],
      ['o5', undefined, undefined, undefined, undefined, 'no'],
    ]);
  });

  it('follows an edited milestone time, and previews the consequences before changing it', async () => {
    const t = testCatalogue();
    const { before, after } = await storeroom(t);
    const preview = await t.call('milestones.update', { id: after.id, at: before.at, preview: true });
    expect(preview.before?.inHolding).toBe(1);
    expect(preview.after?.inHolding).toBe(0);
    expect((await t.call('measures.at', { milestoneId: after.id })).overall.inHolding).toBe(1);
    await t.call('milestones.update', { id: after.id, at: before.at, name: 'End of day 1' });
    const moved = (await t.call('measures.at', { milestoneId: after.id })).overall;
    expect([moved.inHolding, moved.onFloor, moved.mixedUnits]).toEqual([0, 1, 1]);
    // Now: o1 has moved to holding too, after the old After time.
    expect((await t.call('measures.at', {})).overall.inHolding).toBe(2);
    expect((await t.fail('milestones.create', { name: 'end of day 1' })).code).toBe('CONFLICT');
    expect((await t.fail('milestones.create', { name: 'Again', kind: 'after' })).code).toBe('CONFLICT');
    expect((await t.fail('milestones.update', { id: after.id, at: 'tomorrow' })).code).toBe('VALIDATION');
  });

  it('tracks viewpoint photos per milestone and lists what is missing', async () => {
    const t = testCatalogue();
    const { before, after, r1 } = await storeroom(t);
    const door = await t.call('viewpoints.create', { locationId: r1, name: 'From the door' });
    expect(door.missing.sort()).toEqual([before.id, after.id].sort());
    const { join } = await import('node:path');
    const { picture } = await import('../support/images');
    const { tempDir } = await import('../support/catalogue');
    const file = await picture(join(tempDir(), 'door-before.jpg'), 'jpeg');
    const { added } = await t.call('photos.import', { paths: [file] });
    const updated = await t.call('viewpoints.setPhoto', { viewpointId: door.id, milestoneId: before.id, photoId: added[0]!.photoId });
    expect(updated.photos).toEqual([{ milestoneId: before.id, photoId: added[0]!.photoId }]);
    expect(updated.missing).toEqual([after.id]);
    const report = await t.call('reports.beforeAfter', { fromMilestoneId: before.id, toMilestoneId: after.id });
    expect(report.viewpoints).toEqual([{ viewpointId: door.id, name: 'From the door', roomCode: 'R1', roomName: 'R1', fromPhotoId: added[0]!.photoId, toPhotoId: null }]);
    expect(report.attention.map((a) => [a.displayNumber, a.reasons])).toEqual([
      ['o1', ['condition_worse']],
      ['o2', ['in_holding']],
      ['o5', ['unlocated']],
    ]);
  });

  it('shows workshop progress: today, since Before, per room and per person', async () => {
    const t = testCatalogue();
    const ana = await t.call('people.create', { name: 'Ana' });
    const { o, h1 } = await storeroom(t);
    await t.call('moves.create', { objectIds: [o[4]], toLocationId: h1 }, ana.id);
    const progress = await t.call('dashboard.progress', {});
    expect(progress.sinceBefore).toEqual({ moved: 5, photographed: 0, checked: 1 });
    expect(progress.today.moved).toBe(5);
    expect(progress.rooms.find((r) => r.code === 'H1')).toMatchObject({ objects: 3, inHolding: 3 });
    expect(progress.people.find((p) => p.name === 'Ana')).toMatchObject({ moved: 1, changes: 1 });
  });
});

describe('milestone rules', () => {
  it('keeps Before before After, and one photo per moment at a viewpoint', async () => {
    const t = testCatalogue();
    const { before, after, r1 } = await storeroom(t);
    expect((await t.fail('milestones.update', { id: before.id, at: new Date(Date.parse(after.at) + 60_000).toISOString() })).code).toBe('CONFLICT');
    expect((await t.fail('milestones.update', { id: after.id, at: '2000-01-01T00:00:00Z' })).code).toBe('CONFLICT');
    const view = await t.call('viewpoints.create', { locationId: r1, name: 'Door' });
    const { join } = await import('node:path');
    const { picture } = await import('../support/images');
    const { tempDir } = await import('../support/catalogue');
    const { added } = await t.call('photos.import', { paths: [await picture(join(tempDir(), 'v.jpg'), 'jpeg')], attachTo: { kind: 'viewpoint', id: view.id } });
    await t.call('viewpoints.setPhoto', { viewpointId: view.id, milestoneId: before.id, photoId: added[0]!.photoId });
    expect((await t.fail('viewpoints.setPhoto', { viewpointId: view.id, milestoneId: after.id, photoId: added[0]!.photoId })).code).toBe('CONFLICT');
    expect((await t.call('photos.list', { targetId: view.id })).photos[0]?.role).toBe('before');
  });
});
