import { describe, expect, it, vi } from 'vitest';
import { procedureNames } from '../../src-main/contract';
import { tempDir, testCatalogue, withRooms } from '../support/catalogue';

const MISSING_ID = '01900000-0000-7000-8000-000000000000';

describe('the catalogue', () => {
  it('is named after its folder, and renamed once for the window, the report and the change log', async () => {
    const t = testCatalogue();
    const folder = t.catalogue.dir.split(/[\\/]/).at(-1)!;
    expect((await t.call('catalogue.info', {})).name).toBe(folder);
    const ana = await t.call('people.create', { name: 'Ana' });
    expect(await t.call('catalogue.rename', { name: '  Museum of the North – Store B ' }, ana.id)).toEqual({ name: 'Museum of the North – Store B' });
    expect((await t.call('catalogue.info', {})).name).toBe('Museum of the North – Store B');
    const [before] = (await t.call('milestones.list', {})).milestones;
    expect((await t.call('reports.beforeAfter', { fromMilestoneId: before!.id, toMilestoneId: before!.id })).catalogueName).toBe('Museum of the North – Store B');
    await t.call('catalogue.rename', { name: 'Museum of the North – Store B' }, ana.id);
    const renames = (await t.call('changes.list', {})).items.filter((c) => c.procedure === 'catalogue.rename');
    expect(renames.map((c) => c.personName)).toEqual(['Ana']);
  });

  it('refuses an empty, over-long or malformed name, and keeps the old one', async () => {
    const t = testCatalogue();
    const { name } = await t.call('catalogue.info', {});
    for (const input of [{ name: '  ' }, {}, { name: 'x'.repeat(121) }, { name: 42 }, { name: 'A', extra: 1 }]) {
      expect((await t.fail('catalogue.rename', input)).code).toBe('VALIDATION');
    }
    expect((await t.call('catalogue.info', {})).name).toBe(name);
  });
});

describe('people', () => {
  it('creates and lists people, sorted by name', async () => {
    const t = testCatalogue();
    await t.call('people.create', { name: 'Zoë Martin' });
    await t.call('people.create', { name: '  Ana Ruiz ' });
    expect((await t.call('people.list', {})).map((p) => p.name)).toEqual(['Ana Ruiz', 'Zoë Martin']);
  });

  it('rejects an empty, missing or over-long name and extra fields', async () => {
    const t = testCatalogue();
    for (const input of [{ name: '   ' }, {}, { name: 'x'.repeat(121) }, { name: 'Ana', admin: true }, { name: 7 }]) {
      expect((await t.fail('people.create', input)).code).toBe('VALIDATION');
    }
    expect(await t.call('people.list', {})).toEqual([]);
  });
});

describe('every mutation records who made it and when', () => {
  it('writes the person and the procedure to the change log, with the entities touched', async () => {
    const t = testCatalogue();
    const ana = await t.call('people.create', { name: 'Ana' });
    const { unit } = await withRooms(t);
    const object = await t.call('objects.create', { name: 'Bowl' }, ana.id);
    await t.call('moves.create', { objectIds: [object.id], toLocationId: unit.id }, ana.id);
    const changes = t.catalogue.db
      .prepare(`SELECT c.procedure, c.person_id FROM ops c JOIN op_targets t ON t.seq = c.seq WHERE t.entity_id = ? ORDER BY c.seq`)
      .all(object.id);
    expect(changes).toEqual([
      { procedure: 'objects.create', person_id: ana.id },
      { procedure: 'moves.create', person_id: ana.id },
    ]);
    const history = await t.call('moves.history', { objectId: object.id });
    expect(history.movements[0]).toMatchObject({ personId: ana.id, personName: 'Ana' });
  });

  it('refuses a change from a person who is not in the catalogue, and changes nothing', async () => {
    const t = testCatalogue();
    const error = await t.fail('objects.create', { name: 'Bowl' }, MISSING_ID);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/person/);
    expect((await t.call('objects.list', {})).total).toBe(0);
  });

  it('does not log queries', async () => {
    const t = testCatalogue();
    const logged = () => t.catalogue.db.prepare('SELECT count(*) AS n FROM ops').get();
    const before = logged();
    await t.call('objects.list', {});
    await t.call('locations.tree', {});
    expect(logged()).toEqual(before);
  });
});

describe('locations', () => {
  it('creates a tree and lists it depth first with paths and counts', async () => {
    const t = testCatalogue();
    const { room, unit, holding } = await withRooms(t);
    const shelf = await t.call('locations.create', { parentId: unit.id, code: 'R1-A-1', name: 'Shelf 1', type: 'shelf', role: 'permanent' });
    const object = await t.call('objects.create', { name: 'Bowl' });
    await t.call('moves.create', { objectIds: [object.id], toLocationId: shelf.id });
    const { locations } = await t.call('locations.tree', {});
    // Siblings in the order they were created (until reordered).
    expect(locations.map((l) => [l.code, l.depth, l.path, l.objectCount, l.subtreeObjectCount])).toEqual([
      ['R1', 0, 'Room 1', 0, 1],
      ['R1-A', 1, 'Room 1 > Unit A', 0, 1],
      ['R1-A-1', 2, 'Room 1 > Unit A > Shelf 1', 1, 1],
      ['H1', 0, 'Holding area', 0, 0],
    ]);
    expect(locations.find((l) => l.id === holding.id)?.role).toBe('holding');
    expect(locations.find((l) => l.id === unit.id)?.parentId).toBe(room.id);
  });

  it('refuses a duplicate code, in any letter case, with CONFLICT', async () => {
    const t = testCatalogue();
    await withRooms(t);
    const error = await t.fail('locations.create', { code: 'r1', name: 'Again', type: 'room', role: 'permanent' });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('"r1" is already used by "Room 1"');
  });

  it('refuses bad input to create', async () => {
    const t = testCatalogue();
    const bad = [
      { code: 'R 1', name: 'Room', type: 'room', role: 'permanent' },
      { code: 'R1', name: '', type: 'room', role: 'permanent' },
      { code: 'R1', name: 'Room', type: 'room', role: 'basement' },
      { code: 'R1', name: 'Room', type: 'room' },
      { code: 'R1', name: 'Room', type: 'room', role: 'permanent', parentId: 'not-an-id' },
      { code: 'R1', name: 'Room', type: 'room', role: 'permanent', evil: true },
      { code: 'x'.repeat(61), name: 'Room', type: 'room', role: 'permanent' },
    ];
    for (const input of bad) expect((await t.fail('locations.create', input)).code, JSON.stringify(input)).toBe('VALIDATION');
    expect((await t.fail('locations.create', { parentId: MISSING_ID, code: 'R1', name: 'Room', type: 'room', role: 'permanent' })).code).toBe(
      'NOT_FOUND',
    );
    expect((await t.call('locations.tree', {})).locations).toEqual([]);
  });

  it('updates a location, re-parents it, and refuses a cycle or a taken code', async () => {
    const t = testCatalogue();
    const { room, unit, holding } = await withRooms(t);
    const moved = await t.call('locations.update', { id: unit.id, parentId: holding.id, name: 'Unit A (old)', role: 'holding' });
    expect(moved).toMatchObject({ parentId: holding.id, name: 'Unit A (old)', role: 'holding', code: 'R1-A' });
    expect((await t.call('locations.update', { id: unit.id, parentId: null })).parentId).toBeNull();
    await t.call('locations.update', { id: unit.id, parentId: room.id });
    expect((await t.fail('locations.update', { id: room.id, parentId: unit.id })).code).toBe('CONFLICT');
    expect((await t.fail('locations.update', { id: room.id, parentId: room.id })).code).toBe('CONFLICT');
    expect((await t.fail('locations.update', { id: room.id, code: 'H1' })).code).toBe('CONFLICT');
    expect((await t.call('locations.update', { id: room.id, code: 'R1' })).code).toBe('R1');
    expect((await t.fail('locations.update', { id: MISSING_ID, name: 'x' })).code).toBe('NOT_FOUND');
    expect((await t.fail('locations.update', { id: room.id, role: 'attic' })).code).toBe('VALIDATION');
  });

  it('puts sublocations in the order they stand, and refuses an order that leaves one out, repeats one or adds another', async () => {
    const t = testCatalogue();
    const { room, holding } = await withRooms(t);
    const shelf = async (code: string) => (await t.call('locations.create', { code, name: code, type: 'shelf', role: 'permanent', parentId: room.id })).id;
    const [s3, s1, s2] = [await shelf('S3'), await shelf('S1'), await shelf('S2')];
    const unit = (await t.call('locations.tree', {})).locations.find((l) => l.code === 'R1-A')!.id;
    const childrenOfRoom = async () => (await t.call('locations.tree', {})).locations.filter((l) => l.parentId === room.id).map((l) => l.code);
    expect(await childrenOfRoom()).toEqual(['R1-A', 'S3', 'S1', 'S2']);
    await t.call('locations.reorder', { parentId: room.id, locationIds: [s1, s2, s3, unit] });
    expect(await childrenOfRoom()).toEqual(['S1', 'S2', 'S3', 'R1-A']);
    const changes = await t.call('changes.list', {});
    expect(changes.items[0]).toMatchObject({ procedure: 'locations.reorder', targetCount: 5 });

    const before = await childrenOfRoom();
    for (const locationIds of [[s1, s2, s3], [s1, s2, s3, unit, unit], [s1, s2, s3, holding.id], [s1, s2, s3, MISSING_ID]]) {
      const error = await t.fail('locations.reorder', { parentId: room.id, locationIds });
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toBe('The new order must list every sublocation of R1 once, and nothing else.');
    }
    expect((await t.fail('locations.reorder', { parentId: null, locationIds: [room.id] })).message).toMatch(/every top-level location once/);
    expect((await t.fail('locations.reorder', { parentId: MISSING_ID, locationIds: [s1] })).code).toBe('NOT_FOUND');
    expect((await t.fail('locations.reorder', { parentId: room.id, locationIds: [] })).code).toBe('VALIDATION');
    expect((await t.fail('locations.reorder', { parentId: room.id, locationIds: ['not an id'] })).code).toBe('VALIDATION');
    expect((await t.fail('locations.reorder', { parentId: room.id, locationIds: [s1], extra: 1 })).code).toBe('VALIDATION');
    expect(await childrenOfRoom()).toEqual(before);
    await t.call('locations.reorder', { parentId: null, locationIds: [holding.id, room.id] });
    expect((await t.call('locations.tree', {})).locations.filter((l) => l.parentId === null).map((l) => l.code)).toEqual(['H1', 'R1']);
  });
});

describe('objects', () => {
  it('creates an object with its fields, and gets it back', async () => {
    const t = testCatalogue();
    const created = await t.call('objects.create', { number: '1987.12.3', name: 'Ceramic bowl', count: 2, description: 'Glazed, chipped rim' });
    expect(created).toMatchObject({ number: '1987.12.3', tempNumber: null, displayNumber: '1987.12.3', count: 2, currentLocationId: null });
    expect(await t.call('objects.get', { id: created.id })).toEqual(created);
  });

  it('gives unnumbered objects temporary numbers that are never reused', async () => {
    const t = testCatalogue();
    const a = await t.call('objects.create', { name: 'Box of sherds' });
    const b = await t.call('objects.create', { name: 'Basket', number: null });
    // Temporary numbers carry this device's code, so that two laptops never mint the same one.
    const code = t.catalogue.identity.deviceCode;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{3}$/);
    expect([a.displayNumber, b.displayNumber]).toEqual([`T-${code}-0001`, `T-${code}-0002`]);
    const numbered = await t.call('objects.update', { id: a.id, number: '2024.1.1' });
    expect(numbered).toMatchObject({ number: '2024.1.1', tempNumber: `T-${code}-0001`, displayNumber: '2024.1.1' });
    const c = await t.call('objects.create', { name: 'Jar' });
    expect(c.tempNumber).toBe(`T-${code}-0003`);
  });

  it('updates fields and refuses bad updates', async () => {
    const t = testCatalogue();
    const o = await t.call('objects.create', { name: 'Bowl' });
    expect(await t.call('objects.update', { id: o.id, name: 'Bowl, blue', count: 3, description: 'Blue glaze' })).toMatchObject({
      name: 'Bowl, blue',
      count: 3,
      description: 'Blue glaze',
    });
    for (const input of [{ id: o.id, count: 0 }, { id: o.id, count: 1.5 }, { id: o.id, name: '' }, { id: o.id, colour: 'red' }, { id: 'nope' }]) {
      expect((await t.fail('objects.update', input)).code, JSON.stringify(input)).toBe('VALIDATION');
    }
    expect((await t.fail('objects.update', { id: MISSING_ID, name: 'x' })).code).toBe('NOT_FOUND');
    expect((await t.fail('objects.get', { id: MISSING_ID })).code).toBe('NOT_FOUND');
  });

  it('refuses wrong types, huge values and extra fields on create, creating nothing', async () => {
    const t = testCatalogue();
    const bad = [{ name: 42, count: 'many' }, {}, { name: 'x'.repeat(301) }, { name: 'Bowl', count: -1 }, { name: 'Bowl', extra: 1 }, null, []];
    for (const input of bad) expect((await t.fail('objects.create', input)).code, JSON.stringify(input)).toBe('VALIDATION');
    expect((await t.call('objects.list', {})).total).toBe(0);
  });

  it('lists by words (prefix match, diacritics folded), by location subtree, unlocated, and in pages', async () => {
    const t = testCatalogue();
    const { room, unit, holding } = await withRooms(t);
    const bowl = await t.call('objects.create', { number: '1987.12.3', name: 'Ceramic bowl', description: 'Glazed, chipped rim' });
    const plate = await t.call('objects.create', { number: '1987.3.12', name: 'Plate', description: 'Faïence' });
    const chair = await t.call('objects.create', { number: '2001.4', name: 'Chair' });
    await t.call('moves.create', { objectIds: [bowl.id], toLocationId: unit.id });
    await t.call('moves.create', { objectIds: [plate.id], toLocationId: holding.id });

    const find = async (input: Parameters<typeof t.call<'objects.list'>>[1]) => (await t.call('objects.list', input)).items.map((o) => o.name);
    expect(await find({ query: 'chip' })).toEqual(['Ceramic bowl']);
    expect(await find({ query: 'faience' })).toEqual(['Plate']);
    expect(await find({ query: '1987.12.3' })).toEqual(['Ceramic bowl']);
    expect(await find({ query: '1987' })).toEqual(['Plate', 'Ceramic bowl']);
    expect(await find({ query: 'ceramic zzz' })).toEqual([]);
    expect(await find({ query: '  ;- ' })).toEqual(['Plate', 'Ceramic bowl', 'Chair']);
    // Operators with no word to apply to search for nothing in particular (issue 14: "*" was a 500).
    expect(await find({ query: '"*):^ (' })).toEqual(['Plate', 'Ceramic bowl', 'Chair']);
    // FTS5 syntax is accepted as written; syntax that cannot be parsed is a validation error, not a crash.
    expect(await find({ query: 'bowl OR chair' })).toEqual(['Ceramic bowl', 'Chair']);
    expect(await find({ query: 'name:plat*' })).toEqual(['Plate']);
    for (const query of ['"unterminated', 'bowl AND', '(chair', 'nosuchcolumn:x']) {
      const error = await t.fail('objects.list', { query });
      expect(error.code, query).toBe('VALIDATION');
      expect(error.message, query).toContain('could not be understood');
    }
    expect(await find({ locationId: room.id })).toEqual(['Ceramic bowl']);
    expect(await find({ unlocated: true })).toEqual(['Chair']);
    const page = await t.call('objects.list', { limit: 2, offset: 2 });
    expect(page.total).toBe(3);
    expect(page.items.map((o) => o.id)).toEqual([chair.id]);
    const located = (await t.call('objects.list', { locationId: room.id })).items[0]!;
    expect(located).toMatchObject({ currentLocationCode: 'R1-A', currentLocationPath: 'Room 1 > Unit A' });
    for (const input of [{ limit: 0 }, { limit: 501 }, { offset: -1 }, { locationId: 'R1' }, { query: 5 }, { sort: 'colour' }, { notSeenSince: '2026-13-45' }, { role: 'attic' }]) {
      expect((await t.fail('objects.list', input)).code, JSON.stringify(input)).toBe('VALIDATION');
    }
  });
});

describe('moves', () => {
  it('moves objects as one batch; the current location is the latest destination', async () => {
    const t = testCatalogue();
    const { unit, holding } = await withRooms(t);
    const a = await t.call('objects.create', { name: 'A' });
    const b = await t.call('objects.create', { name: 'B' });
    const first = await t.call('moves.create', { objectIds: [a.id, b.id, a.id], toLocationId: holding.id, reason: 'to_holding_area' });
    expect(first.movementIds).toHaveLength(2);
    const second = await t.call('moves.create', { objectIds: [a.id], toLocationId: unit.id, note: 'new home' });
    expect(second.reference).not.toBe(first.reference);
    expect((await t.call('objects.get', { id: a.id })).currentLocationId).toBe(unit.id);
    expect((await t.call('objects.get', { id: b.id })).currentLocationId).toBe(holding.id);

    const { movements } = await t.call('moves.history', { objectId: a.id });
    expect(movements.map((m) => [m.fromLocationCode, m.toLocationCode, m.reason, m.note])).toEqual([
      ['H1', 'R1-A', 'reorganization', 'new home'],
      [null, 'H1', 'to_holding_area', ''],
    ]);
    expect(movements[1]!.reference).toBe(first.reference);
  });

  it('takes effect when the computer’s clock has been set back, also after the catalogue is reopened', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const dir = tempDir();
      const t = testCatalogue(dir);
      vi.setSystemTime(new Date('2026-05-01T12:00:00.000Z'));
      const { unit, holding } = await withRooms(t);
      const vase = await t.call('objects.create', { number: 'X1', name: 'Vase' });
      await t.call('moves.create', { objectIds: [vase.id], toLocationId: unit.id });
      vi.setSystemTime(new Date('2026-05-01T11:00:00.000Z'));
      await t.call('moves.create', { objectIds: [vase.id], toLocationId: holding.id });
      expect((await t.call('objects.get', { id: vase.id })).currentLocationId).toBe(holding.id);
      t.catalogue.close();

      const again = testCatalogue(dir);
      await again.call('moves.create', { objectIds: [vase.id], toLocationId: unit.id });
      expect((await again.call('objects.get', { id: vase.id })).currentLocationId).toBe(unit.id);
      const { movements } = await again.call('moves.history', { objectId: vase.id });
      expect(movements.map((m) => m.toLocationCode)).toEqual(['R1-A', 'H1', 'R1-A']);
      // Newest first, by time, then by id: the hybrid clock never runs back, and orders writes within a millisecond.
      expect(movements.map((m) => m.at)).toEqual([...movements.map((m) => m.at)].sort().reverse());
      expect(movements.map((m) => m.id)).toEqual([...movements.map((m) => m.id)].sort().reverse());
      expect(movements.every((m) => m.at >= '2026-05-01T12:00:00.000Z')).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a move to a missing location, of a missing object, or into the current location, moving nothing', async () => {
    const t = testCatalogue();
    const { unit, holding } = await withRooms(t);
    const a = await t.call('objects.create', { name: 'A' });
    const b = await t.call('objects.create', { name: 'B', number: '1.2.3' });
    await t.call('moves.create', { objectIds: [b.id], toLocationId: unit.id });

    expect((await t.fail('moves.create', { objectIds: [a.id], toLocationId: MISSING_ID })).code).toBe('NOT_FOUND');
    const missing = await t.fail('moves.create', { objectIds: [a.id, MISSING_ID], toLocationId: holding.id });
    expect(missing).toMatchObject({ code: 'NOT_FOUND', details: { objectIds: [MISSING_ID] } });
    const here = await t.fail('moves.create', { objectIds: [a.id, b.id], toLocationId: unit.id });
    expect(here.code).toBe('CONFLICT');
    expect(here.message).toBe('"1.2.3" is already in R1-A.');

    expect((await t.call('objects.get', { id: a.id })).currentLocationId).toBeNull();
    expect((await t.call('moves.history', { objectId: a.id })).movements).toEqual([]);
    for (const input of [
      { objectIds: [], toLocationId: unit.id },
      { objectIds: [a.id], toLocationId: unit.id, reason: 'whim' },
      { objectIds: a.id, toLocationId: unit.id },
      { objectIds: [a.id] },
      { objectIds: Array.from({ length: 10_001 }, () => a.id), toLocationId: unit.id },
    ]) {
      expect((await t.fail('moves.create', input)).code).toBe('VALIDATION');
    }
    expect((await t.fail('moves.history', { objectId: MISSING_ID })).code).toBe('NOT_FOUND');
  });
});

describe('the dispatcher', () => {
  it('answers an unknown procedure with NOT_FOUND', async () => {
    const t = testCatalogue();
    expect(await t.fail('objects.explode', {})).toMatchObject({ code: 'NOT_FOUND', message: 'There is no procedure called "objects.explode".' });
    expect((await t.fail('__proto__', {})).code).toBe('NOT_FOUND');
    expect((await t.fail('toString', {})).code).toBe('NOT_FOUND');
  });

  it('describes validation errors by field', async () => {
    const t = testCatalogue();
    const error = await t.fail('objects.create', { name: 42, count: 'many' });
    expect(error.message).toMatch(/^name: .*; count: /);
  });

  it('turns an output that breaks the contract into INTERNAL, rolling the change back', async () => {
    const { catalogue } = testCatalogue();
    const { createDispatcher } = await import('../../src-main/core/dispatch');
    const { handlers } = await import('../../src-main/core/handlers');
    const broken = createDispatcher(catalogue, {
      ...handlers,
      'objects.create': (ctx, input) => ({ ...handlers['objects.create'](ctx, input), count: 'one' as unknown as number }),
    });
    const result = await broken('objects.create', { name: 'Bowl' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(catalogue.db.prepare('SELECT count(*) AS n FROM objects').get()).toEqual({ n: 0 });
  });

  it('notifies listeners after each committed mutation, with the topics it changed', async () => {
    const t = testCatalogue();
    const events: unknown[] = [];
    t.catalogue.onChange((e) => events.push(e));
    await t.call('objects.create', { name: 'Bowl' });
    await t.fail('objects.create', {});
    await t.call('objects.list', {});
    const bowl = (await t.call('objects.list', {})).items[0]!;
    const { seq } = t.catalogue.db.prepare(`SELECT max(seq) AS seq FROM ops`).get() as { seq: number };
    expect(events).toEqual([{ kind: 'change', seq, procedure: 'objects.create', topics: ['objects'], entities: [bowl.id], truncated: false }]);
  });

  it('has a handler for every procedure in the contract', async () => {
    const { handlers } = await import('../../src-main/core/handlers');
    expect(Object.keys(handlers).sort()).toEqual([...procedureNames].sort());
  });
});

describe('object numbers', () => {
  it('sort the way a registrar reads them', async () => {
    const { numberSortKey } = await import('../../src-main/core/objects/objects');
    const numbers = ['1987.12.3', 'T-0010', '1987.3.12', '1987.3.2', 'T-0002', '2001.4', '1987.012.1'];
    // SQLite compares the keys as bytes, and so does this sort.
    const bytewise = (a: string, b: string) => (numberSortKey(a) < numberSortKey(b) ? -1 : 1);
    expect([...numbers].sort(bytewise)).toEqual([
      '1987.3.2',
      '1987.3.12',
      '1987.012.1',
      '1987.12.3',
      '2001.4',
      'T-0002',
      'T-0010',
    ]);
  });
});
