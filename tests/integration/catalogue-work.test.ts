import { describe, expect, it } from 'vitest';
import { testCatalogue, withRooms, type TestCatalogue } from '../support/catalogue';

async function withCategories(t: TestCatalogue) {
  await t.call('vocabularies.setTerms', { vocabulary: 'category', terms: ['Ceramics', 'Textiles', 'Furniture'] });
}

describe('object records', () => {
  it('keep every Spectrum and RE-ORG field', async () => {
    const t = testCatalogue();
    await withCategories(t);
    const { unit } = await withRooms(t);
    const field = await t.call('customFields.create', { name: 'Donor', kind: 'text' });
    const glaze = await t.call('customFields.create', { name: 'Glaze', kind: 'choice', choices: ['celadon', 'tin'] });
    const o = await t.call('objects.create', {
      number: '1987.12.3',
      name: 'Bowl',
      category: 'ceramics',
      materials: 'stoneware',
      height: 12.5,
      width: 20,
      depth: 20,
      dimensionUnit: 'cm',
      weight: 0.8,
      weightUnit: 'kg',
      normalLocationId: unit.id,
      reachable: true,
      tags: ['fragile', ' Fragile ', 'blue'],
      custom: { [field.id]: 'Mme Dupont', [glaze.id]: 'celadon' },
    });
    expect(o).toMatchObject({
      category: 'Ceramics',
      materials: 'stoneware',
      height: 12.5,
      weight: 0.8,
      normalLocationCode: 'R1-A',
      reachable: true,
      tags: ['fragile', 'blue'],
      custom: { [field.id]: 'Mme Dupont', [glaze.id]: 'celadon' },
    });
    const found = await t.call('objects.list', { query: 'dupont' });
    expect(found.items.map((x) => x.id)).toEqual([o.id]);
    expect((await t.call('objects.list', { query: 'stonew' })).total).toBe(1);
    expect((await t.call('objects.list', { tag: 'BLUE' })).total).toBe(1);
    const cleared = await t.call('objects.update', { id: o.id, custom: { [field.id]: null }, reachable: null });
    expect(cleared.custom).toEqual({ [glaze.id]: 'celadon' });
    expect(cleared.reachable).toBeNull();
  });

  it('refuses a category, condition term or custom value outside the catalogue’s lists', async () => {
    const t = testCatalogue();
    await withCategories(t);
    const count = await t.call('customFields.create', { name: 'Pieces', kind: 'number' });
    const error = await t.fail('objects.create', { name: 'Bowl', category: 'Pottery' });
    expect(error).toMatchObject({ code: 'VALIDATION', message: `"Pottery" is not one of the catalogue's categories: Ceramics, Textiles, Furniture.` });
    expect((await t.fail('objects.create', { name: 'Bowl', custom: { [count.id]: 'three' } })).message).toBe('"Pieces" must be a number.');
    const o = await t.call('objects.create', { name: 'Bowl' });
    expect((await t.fail('objects.checkCondition', { objectId: o.id, term: 'Shiny' })).code).toBe('VALIDATION');
    expect((await t.fail('objects.create', { name: 'Bowl', height: -3 })).code).toBe('VALIDATION');
    expect((await t.fail('objects.create', { name: 'Bowl', tags: ['ok', ''] })).code).toBe('VALIDATION');
    expect((await t.call('objects.list', {})).total).toBe(1);
  });

  it('keeps the full condition history; the latest assessment is the condition', async () => {
    const t = testCatalogue();
    const ana = await t.call('people.create', { name: 'Ana' });
    const o = await t.call('objects.create', { name: 'Bowl' });
    await t.call('objects.checkCondition', { objectId: o.id, term: 'Good', assessedOn: '2026-11-01' }, ana.id);
    await t.call('objects.checkCondition', { objectId: o.id, term: 'Poor', note: 'crack', assessedOn: '2026-11-10', assessedBy: 'Dr. Ruiz' }, ana.id);
    // A late entry of an older assessment does not replace the newer one.
    await t.call('objects.checkCondition', { objectId: o.id, term: 'Fair', assessedOn: '2026-10-01' }, ana.id);
    const now = await t.call('objects.get', { id: o.id });
    expect(now.condition).toMatchObject({ term: 'Poor', note: 'crack', assessedBy: 'Dr. Ruiz', recordedBy: 'Ana' });
    const { events } = await t.call('objects.timeline', { id: o.id });
    // The timeline is in the order things were recorded, newest first.
    expect(events.filter((e) => e.kind === 'condition').map((e) => e.condition?.term)).toEqual(['Fair', 'Poor', 'Good']);
    expect((await t.call('objects.list', { condition: 'poor' })).total).toBe(1);
  });

  it('flags duplicate numbers where they will be seen, without refusing them', async () => {
    const t = testCatalogue();
    const a = await t.call('objects.create', { number: '1990.1', name: 'A' });
    expect(a.duplicateNumber).toBe(false);
    const b = await t.call('objects.create', { number: '1990.1', name: 'B' });
    expect(b.duplicateNumber).toBe(true);
    expect((await t.call('objects.get', { id: a.id })).duplicateNumber).toBe(true);
    expect((await t.call('objects.list', { duplicateNumber: true })).total).toBe(2);
    expect((await t.call('objects.findByNumber', { number: '1990.1' })).items).toHaveLength(2);
  });

  it('bulk-edits a selection in one transaction, recorded as one change', async () => {
    const t = testCatalogue();
    await withCategories(t);
    const { unit } = await withRooms(t);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await t.call('objects.create', { name: `Object ${i}`, tags: ['old'] })).id);
    const changesBefore = (await t.call('changes.list', {})).total;
    await t.call('objects.bulkUpdate', {
      ids,
      set: { category: 'Textiles', normalLocationId: unit.id, reachable: false },
      addTags: ['box 4'],
      removeTags: ['OLD'],
      condition: { term: 'Fair', note: 'dusty' },
    });
    expect((await t.call('changes.list', {})).total).toBe(changesBefore + 1);
    const all = await t.call('objects.list', { category: 'Textiles' });
    expect(all.total).toBe(5);
    for (const o of all.items) {
      expect(o).toMatchObject({ normalLocationId: unit.id, reachable: false, tags: ['box 4'], condition: { term: 'Fair', note: 'dusty' } });
    }
    // One bad value refuses the whole edit.
    expect((await t.fail('objects.bulkUpdate', { ids, set: { category: 'Nope' } })).code).toBe('VALIDATION');
    const missing = await t.fail('objects.bulkUpdate', { ids: [...ids, '01900000-0000-7000-8000-000000000000'], addTags: ['x'] });
    expect(missing.code).toBe('NOT_FOUND');
    expect((await t.call('objects.list', { tag: 'x' })).total).toBe(0);
  });
});

describe('vocabularies', () => {
  it('lists the catalogue’s terms and will not remove one still in use', async () => {
    const t = testCatalogue();
    await withCategories(t);
    const v = await t.call('vocabularies.get', {});
    expect(v.conditions).toEqual(['Good', 'Fair', 'Poor', 'Unacceptable']);
    expect(v.locationTypes).toContain('drawer');
    await t.call('objects.create', { name: 'Bowl', category: 'Ceramics' });
    expect((await t.fail('vocabularies.setTerms', { vocabulary: 'category', terms: ['Textiles'] })).code).toBe('CONFLICT');
    expect((await t.fail('vocabularies.setTerms', { vocabulary: 'category', terms: ['A', 'a'] })).code).toBe('VALIDATION');
    expect((await t.call('vocabularies.setTerms', { vocabulary: 'category', terms: ['Ceramics', 'Glass'] })).categories).toEqual(['Ceramics', 'Glass']);
    expect((await t.fail('customFields.create', { name: 'Glaze', kind: 'choice' })).code).toBe('VALIDATION');
  });
});

describe('locations', () => {
  it('generates units A–R with shelves 1–6 from a code pattern, after a preview', async () => {
    const t = testCatalogue();
    const room = await t.call('locations.create', { code: 'R2', name: 'Room 2', type: 'room', role: 'permanent' });
    const request = {
      parentId: room.id,
      codePattern: 'R2-{unit}-{shelf}',
      levels: [
        { key: 'unit', type: 'unit', values: 'A-R' },
        { key: 'shelf', type: 'shelf', values: '1-6', name: 'Shelf {shelf}' },
      ],
    };
    const preview = await t.call('locations.generate', { ...request, dryRun: true });
    expect(preview.created).toBe(0);
    expect(preview.locations).toHaveLength(18 + 18 * 6);
    expect(preview.locations.slice(0, 3).map((l) => [l.code, l.name, l.parentCode])).toEqual([
      ['R2-A', 'Unit A', 'R2'],
      ['R2-A-1', 'Shelf 1', 'R2-A'],
      ['R2-A-2', 'Shelf 2', 'R2-A'],
    ]);
    expect((await t.call('locations.tree', {})).locations).toHaveLength(1);
    const created = await t.call('locations.generate', request);
    expect(created.created).toBe(126);
    const tree = (await t.call('locations.tree', {})).locations;
    expect(tree.find((l) => l.code === 'R2-R-6')?.path).toBe('Room 2 > Unit R > Shelf 6');
    // Running it again collides everywhere, and creates nothing.
    const again = await t.fail('locations.generate', request);
    expect(again.code).toBe('CONFLICT');
    expect((await t.call('locations.generate', { ...request, dryRun: true })).collisions).toBe(126);
    expect((await t.call('locations.tree', {})).locations).toHaveLength(127);
  });

  it('refuses generator input that cannot work', async () => {
    const t = testCatalogue();
    const bad = [
      { parentId: null, codePattern: 'R2-{unit}', levels: [{ key: 'shelf', type: 'shelf', values: '1-3' }] },
      { parentId: null, codePattern: 'R2-{unit}', levels: [{ key: 'unit', type: 'unit', values: '9-1' }] },
      { parentId: null, codePattern: 'R2-{unit}', levels: [{ key: 'unit', type: 'unit', values: 'A-9' }] },
      { parentId: null, codePattern: 'R {unit}', levels: [{ key: 'unit', type: 'unit', values: 'A-B' }] },
      { parentId: null, codePattern: '{a}{b}{c}', levels: ['a', 'b', 'c'].map((key) => ({ key, type: 'box', values: '1-100' })) },
    ];
    for (const input of bad) expect((await t.fail('locations.generate', input)).code, JSON.stringify(input)).toBe('VALIDATION');
    expect((await t.call('locations.tree', {})).locations).toEqual([]);
  });

  it('reorders, archives, and deletes only what was never used', async () => {
    const t = testCatalogue();
    const { room, unit, holding } = await withRooms(t);
    const spare = await t.call('locations.create', { code: 'S1', name: 'Spare', type: 'room', role: 'permanent' });
    await t.call('locations.update', { id: room.id, position: 0 });
    await t.call('locations.update', { id: holding.id, position: 2 });
    await t.call('locations.update', { id: spare.id, position: 1 });
    expect((await t.call('locations.tree', {})).locations.filter((l) => l.depth === 0).map((l) => l.code)).toEqual(['R1', 'S1', 'H1']);
    expect((await t.call('locations.update', { id: holding.id, archived: true })).archived).toBe(true);
    const o = await t.call('objects.create', { name: 'Bowl' });
    await t.call('moves.create', { objectIds: [o.id], toLocationId: unit.id });
    expect((await t.fail('locations.delete', { id: room.id })).message).toContain('archive it instead');
    expect((await t.fail('locations.delete', { id: unit.id })).code).toBe('CONFLICT');
    await t.call('locations.delete', { id: spare.id });
    expect((await t.call('locations.tree', {})).locations.map((l) => l.code)).toEqual(['R1', 'R1-A', 'H1']);
  });

  it('shows contents with counts, categories, and units that mix categories', async () => {
    const t = testCatalogue();
    await withCategories(t);
    const { room, unit } = await withRooms(t);
    const unitB = await t.call('locations.create', { parentId: room.id, code: 'R1-B', name: 'Unit B', type: 'unit', role: 'permanent' });
    const shelf = await t.call('locations.create', { parentId: unit.id, code: 'R1-A-1', name: 'Shelf 1', type: 'shelf', role: 'permanent' });
    const put = async (category: string, where: string) => {
      const o = await t.call('objects.create', { name: category, category });
      await t.call('moves.create', { objectIds: [o.id], toLocationId: where });
    };
    await put('Ceramics', unit.id);
    await put('Textiles', shelf.id);
    await put('Ceramics', unitB.id);
    await put('Ceramics', unitB.id);
    const contents = await t.call('locations.contents', { id: room.id });
    expect(contents).toMatchObject({ directObjectCount: 0, subtreeObjectCount: 4 });
    expect(contents.categories).toEqual([
      { category: 'Ceramics', count: 3 },
      { category: 'Textiles', count: 1 },
    ]);
    expect(contents.mixedUnits.map((u) => [u.code, u.categories])).toEqual([['R1-A', ['Ceramics', 'Textiles']]]);
    expect(contents.children.map((c) => c.code)).toEqual(['R1-A', 'R1-B']);
  });
});

describe('moves the way a team works', () => {
  it('moves a box with its contents: every contained object gets a movement with the batch reference', async () => {
    const t = testCatalogue();
    const { unit, holding } = await withRooms(t);
    const box = await t.call('locations.create', { parentId: unit.id, code: 'BOX-12', name: 'Box 12', type: 'box', role: 'permanent' });
    const tray = await t.call('locations.create', { parentId: box.id, code: 'TRAY-1', name: 'Tray 1', type: 'tray', role: 'permanent' });
    const a = await t.call('objects.create', { name: 'A' });
    const b = await t.call('objects.create', { name: 'B' });
    await t.call('moves.create', { objectIds: [a.id], toLocationId: box.id });
    await t.call('moves.create', { objectIds: [b.id], toLocationId: tray.id });

    const result = await t.call('moves.create', { objectIds: [], containerIds: [box.id], toLocationId: holding.id, reason: 'to_holding_area' });
    expect(result.objectsMoved).toBe(2);
    const tree = (await t.call('locations.tree', {})).locations;
    expect(tree.find((l) => l.code === 'TRAY-1')?.path).toBe('Holding area > Box 12 > Tray 1');
    expect((await t.call('objects.list', { role: 'holding' })).total).toBe(2);
    const [latest] = (await t.call('moves.history', { objectId: b.id })).movements;
    expect(latest).toMatchObject({ reference: result.reference, containerCode: 'BOX-12', containerFromCode: 'R1-A', containerToCode: 'H1', toLocationCode: 'TRAY-1' });

    expect((await t.fail('moves.create', { objectIds: [], containerIds: [box.id], toLocationId: tray.id })).code).toBe('CONFLICT');
    expect((await t.fail('moves.create', { objectIds: [], toLocationId: tray.id })).code).toBe('VALIDATION');

    // Re-parenting a location in the tree is the same move, recorded the same way.
    await t.call('locations.update', { id: box.id, parentId: unit.id });
    expect((await t.call('moves.history', { objectId: a.id })).movements[0]).toMatchObject({ containerFromCode: 'H1', containerToCode: 'R1-A' });
  });

  it('rapid-moves by number: moved, already here, unknown, ambiguous, in one batch', async () => {
    const t = testCatalogue();
    const { unit } = await withRooms(t);
    await t.call('objects.create', { number: '2019.3.12', name: 'Jug' });
    await t.call('objects.create', { number: '2019.3.13', name: 'Cup' });
    await t.call('objects.create', { number: 'DUP', name: 'One' });
    await t.call('objects.create', { number: 'dup', name: 'Two' });
    const first = await t.call('moves.scan', { toLocationId: unit.id, number: '2019.3.12' });
    expect(first).toMatchObject({ status: 'moved', object: { name: 'Jug', fromLocationCode: null } });
    const second = await t.call('moves.scan', { toLocationId: unit.id, number: ' 2019.3.13 ', reference: first.reference! });
    expect(second).toMatchObject({ status: 'moved', reference: first.reference });
    expect((await t.call('moves.scan', { toLocationId: unit.id, number: '2019.3.12', reference: first.reference! })).status).toBe('already_here');
    expect((await t.call('moves.scan', { toLocationId: unit.id, number: '1900.1' })).status).toBe('unknown');
    const ambiguous = await t.call('moves.scan', { toLocationId: unit.id, number: 'dup' });
    expect(ambiguous.status).toBe('ambiguous');
    expect(ambiguous.candidates.map((c) => c.name).sort()).toEqual(['One', 'Two']);
    const [batch] = (await t.call('moves.batches', {})).batches;
    expect(batch).toMatchObject({ reference: first.reference, objectCount: 2, toLocationCode: 'R1-A' });
    expect((await t.fail('moves.scan', { toLocationId: unit.id, number: '2019.3.13', reference: 'M-999999' })).code).toBe('NOT_FOUND');
  });

  it('undoes a batch with new movements back, leaving history intact and skipping objects moved since', async () => {
    const t = testCatalogue();
    const { unit, holding } = await withRooms(t);
    const a = await t.call('objects.create', { name: 'A' });
    const b = await t.call('objects.create', { name: 'B', number: '7' });
    await t.call('moves.create', { objectIds: [a.id, b.id], toLocationId: unit.id });
    const batch = await t.call('moves.create', { objectIds: [a.id, b.id], toLocationId: holding.id });
    await t.call('moves.create', { objectIds: [b.id], toLocationId: unit.id });
    const undo = await t.call('moves.undo', { reference: batch.reference });
    expect(undo).toMatchObject({ restored: 1, skipped: [{ objectId: b.id, displayNumber: '7' }] });
    expect((await t.call('objects.get', { id: a.id })).currentLocationId).toBe(unit.id);
    expect((await t.call('moves.history', { objectId: a.id })).movements).toHaveLength(3);
    expect((await t.fail('moves.undo', { reference: batch.reference })).code).toBe('CONFLICT');
    const batches = (await t.call('moves.batches', {})).batches;
    expect(batches.find((x) => x.reference === batch.reference)?.undoneBy).toBe(undo.reference);

    // Undoing a first placement makes the location unknown again.
    const c = await t.call('objects.create', { name: 'C' });
    const placed = await t.call('moves.create', { objectIds: [c.id], toLocationId: unit.id });
    await t.call('moves.undo', { reference: placed.reference });
    expect((await t.call('objects.get', { id: c.id })).currentLocationId).toBeNull();
    expect((await t.fail('moves.undo', { reference: 'M-424242' })).code).toBe('NOT_FOUND');
  });

  it('returns a selection to normal locations, listing those it could not', async () => {
    const t = testCatalogue();
    const { unit, holding } = await withRooms(t);
    const a = await t.call('objects.create', { name: 'A', normalLocationId: unit.id });
    const b = await t.call('objects.create', { name: 'B' });
    const c = await t.call('objects.create', { name: 'C', normalLocationId: unit.id });
    await t.call('moves.create', { objectIds: [a.id, b.id], toLocationId: holding.id });
    await t.call('moves.create', { objectIds: [c.id], toLocationId: unit.id });
    expect((await t.call('objects.list', { awayFromNormal: true })).items.map((o) => o.name)).toEqual(['A']);
    const result = await t.call('moves.returnToNormal', { objectIds: [a.id, b.id, c.id] });
    expect(result.moved).toBe(1);
    expect(result.skipped).toEqual([
      { objectId: b.id, why: 'no_normal_location' },
      { objectId: c.id, why: 'already_there' },
    ]);
    expect((await t.call('moves.history', { objectId: a.id })).movements[0]?.reason).toBe('return_to_normal_location');
  });

  it('lists where attention is needed: unlocated, in holding, not seen since a date', async () => {
    const t = testCatalogue();
    const { unit, holding } = await withRooms(t);
    const shelf = await t.call('locations.create', { parentId: holding.id, code: 'H1-1', name: 'Table 1', type: 'shelf', role: 'permanent' });
    const a = await t.call('objects.create', { name: 'A' });
    const b = await t.call('objects.create', { name: 'B' });
    await t.call('objects.create', { name: 'C' });
    await t.call('moves.create', { objectIds: [a.id], toLocationId: shelf.id });
    await t.call('moves.create', { objectIds: [b.id], toLocationId: unit.id });
    const names = async (input: object) => (await t.call('objects.list', input)).items.map((o) => o.name);
    expect(await names({ unlocated: true })).toEqual(['C']);
    expect(await names({ role: 'holding' })).toEqual(['A']);
    expect(await names({ role: 'permanent' })).toEqual(['B']);
    expect(await names({ notSeenSince: '2000-01-01' })).toEqual(['C']);
    expect(await names({ notSeenSince: '2999-01-01' })).toEqual(['A', 'B', 'C']);
  });

  it('sorts by any column', async () => {
    const t = testCatalogue();
    await withCategories(t);
    await t.call('objects.create', { number: '2', name: 'Zither', count: 1, category: 'Furniture' });
    await t.call('objects.create', { number: '10', name: 'Apron', count: 3, category: 'Textiles' });
    await t.call('objects.create', { number: '1', name: 'Mug', count: 2, category: 'Ceramics' });
    const names = async (sort: 'number' | 'name' | 'count' | 'category', descending = false) =>
      (await t.call('objects.list', { sort, descending })).items.map((o) => o.name);
    expect(await names('number')).toEqual(['Mug', 'Zither', 'Apron']);
    expect(await names('name')).toEqual(['Apron', 'Mug', 'Zither']);
    expect(await names('count', true)).toEqual(['Apron', 'Mug', 'Zither']);
    expect(await names('category')).toEqual(['Mug', 'Zither', 'Apron']);
  });
});

describe('history and the change log', () => {
  it('shows an object’s timeline: created, edited, moved, condition, with who', async () => {
    const t = testCatalogue();
    const ana = await t.call('people.create', { name: 'Ana' });
    const { unit } = await withRooms(t);
    const o = await t.call('objects.create', { name: 'Bowl' }, ana.id);
    await t.call('objects.update', { id: o.id, number: '2024.5' }, ana.id);
    await t.call('moves.create', { objectIds: [o.id], toLocationId: unit.id }, ana.id);
    await t.call('objects.checkCondition', { objectId: o.id, term: 'Good' }, ana.id);
    const { join } = await import('node:path');
    const { picture } = await import('../support/images');
    const { tempDir } = await import('../support/catalogue');
    await t.call('photos.import', { paths: [await picture(join(tempDir(), 'p.jpg'), 'jpeg')], attachTo: { kind: 'object', id: o.id } }, ana.id);
    const { events } = await t.call('objects.timeline', { id: o.id });
    expect(events.map((e) => e.kind).sort()).toEqual(['condition', 'created', 'edited', 'moved']);
    expect(events.every((e) => e.personName === 'Ana')).toBe(true);
    expect(events.find((e) => e.kind === 'edited')?.changes).toEqual({ number: '2024.5' });
    expect((await t.call('objects.get', { id: o.id })).tempNumber).toBe(`T-${t.catalogue.identity.deviceCode}-0001`);
  });

  it('says who created an object an import brought in, and what a later import changed', async () => {
    const t = testCatalogue();
    const ana = await t.call('people.create', { name: 'Ana' });
    const ben = await t.call('people.create', { name: 'Ben' });
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempDir } = await import('../support/catalogue');
    const file = join(tempDir(), 'list.csv');
    writeFileSync(file, 'Object number,Object name\nA-1,Jug\n');
    await t.call('imports.commit', { source: { path: file, name: 'list.csv' } }, ana.id);
    writeFileSync(file, 'Object number,Object name,Number of objects\nA-1,Jug (pair),2\n');
    await t.call('imports.commit', { source: { path: file, name: 'list.csv' } }, ben.id);
    const jug = (await t.call('objects.findByNumber', { number: 'A-1' })).items[0]!;
    const { events } = await t.call('objects.timeline', { id: jug.id });
    expect(events.map((e) => [e.kind, e.personName, e.changes ?? null])).toEqual([
      ['edited', 'Ben', { name: 'Jug (pair)', count: 2 }],
      ['created', 'Ana', null],
    ]);
  });

  it('filters the change log by person, entity and date', async () => {
    const t = testCatalogue();
    const ana = await t.call('people.create', { name: 'Ana' });
    const ben = await t.call('people.create', { name: 'Ben' });
    const o = await t.call('objects.create', { name: 'Bowl' }, ana.id);
    await t.call('objects.create', { name: 'Jug' }, ben.id);
    await t.call('objects.update', { id: o.id, name: 'Blue bowl' }, ben.id);
    expect((await t.call('changes.list', { personId: ana.id })).items.map((c) => c.procedure)).toEqual(['objects.create']);
    expect((await t.call('changes.list', { entityId: o.id })).items.map((c) => c.personName)).toEqual(['Ben', 'Ana']);
    expect((await t.call('changes.list', { entityId: o.id })).items[0]!.targetIds).toEqual([o.id]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await t.call('changes.list', { since: today, until: today })).total).toBe(6); // the catalogue's creation, two people, three changes
    expect((await t.call('changes.list', { until: '2000-01-01' })).total).toBe(0);
    expect((await t.fail('changes.list', { since: 'yesterday' })).code).toBe('VALIDATION');
  });
});

describe('what the server protects', () => {
  it('puts nothing into an archived location', async () => {
    const t = testCatalogue();
    const { unit, holding } = await withRooms(t);
    const o = await t.call('objects.create', { number: '1', name: 'A' });
    await t.call('locations.update', { id: holding.id, archived: true });
    expect((await t.fail('moves.create', { objectIds: [o.id], toLocationId: holding.id })).message).toMatch(/archived/);
    expect((await t.fail('moves.scan', { toLocationId: holding.id, number: '1' })).code).toBe('CONFLICT');
    expect((await t.fail('locations.create', { parentId: holding.id, code: 'H1-1', name: 'x', type: 'shelf', role: 'holding' })).code).toBe('CONFLICT');
    expect((await t.fail('locations.update', { id: unit.id, parentId: holding.id })).code).toBe('CONFLICT');
  });

  it('records nothing for a call that changed nothing: dry runs and unknown scans', async () => {
    const t = testCatalogue();
    const { unit } = await withRooms(t);
    const before = (await t.call('changes.list', {})).total;
    const events: unknown[] = [];
    t.catalogue.onChange((e) => events.push(e));
    await t.call('locations.generate', { parentId: unit.id, codePattern: 'S-{s}', levels: [{ key: 's', type: 'shelf', values: '1-3' }], dryRun: true });
    await t.call('moves.scan', { toLocationId: unit.id, number: 'nope' });
    expect((await t.call('changes.list', {})).total).toBe(before);
    expect(events).toEqual([]);
  });

  it('refuses an undo with nothing left to undo, without marking the batch undone', async () => {
    const t = testCatalogue();
    const { unit, holding } = await withRooms(t);
    const o = await t.call('objects.create', { name: 'A' });
    const first = await t.call('moves.create', { objectIds: [o.id], toLocationId: unit.id });
    await t.call('moves.create', { objectIds: [o.id], toLocationId: holding.id });
    expect((await t.fail('moves.undo', { reference: first.reference })).message).toMatch(/nothing to undo/);
    expect((await t.call('moves.batches', {})).batches.find((b) => b.reference === first.reference)?.undoneBy).toBeNull();
  });
});
