import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Output } from '../../src-main/contract';
import { sayIn } from '../../src-main/core/i18n/locales';
import { replayCatalogue } from '../../src-main/core/ops/replay';
import { compareCatalogues } from '../../src-main/core/ops/verify';
import { tempDir, testCatalogue, type TestCatalogue } from '../support/catalogue';

/*
 * Emergency evacuation, in the core: a plan, its list and priorities, boxes packed by scanning, their journey and
 * arrival, reconciliation, closing and the return, all recorded as the catalogue's own movements and sightings.
 */

type Evacuation = Output<'evacuations.create'>;

/** A storeroom: room R2 with a unit of two shelves, room R3 with one shelf; `count` objects spread over the shelves. */
async function storeroom(t: TestCatalogue, count: number) {
  const ana = await t.call('people.create', { name: 'Ana Lima' });
  const ben = await t.call('people.create', { name: 'Ben Okafor' });
  const site = await t.call('locations.create', { code: 'MUS', name: 'Museum', type: 'building', role: 'permanent' });
  const r2 = await t.call('locations.create', { parentId: site.id, code: 'R2', name: 'Basement store', type: 'room', role: 'permanent' });
  const unit = await t.call('locations.create', { parentId: r2.id, code: 'R2-A', name: 'Unit A', type: 'unit', role: 'permanent' });
  const s1 = await t.call('locations.create', { parentId: unit.id, code: 'R2-A-1', name: 'Shelf 1', type: 'shelf', role: 'permanent' });
  const s2 = await t.call('locations.create', { parentId: unit.id, code: 'R2-A-2', name: 'Shelf 2', type: 'shelf', role: 'permanent' });
  const r3 = await t.call('locations.create', { parentId: site.id, code: 'R3', name: 'Textile store', type: 'room', role: 'permanent' });
  const s3 = await t.call('locations.create', { parentId: r3.id, code: 'R3-1', name: 'Plan chest', type: 'unit', role: 'permanent' });
  const shelves = [s1, s2, s3];
  const objects = [];
  for (let i = 1; i <= count; i++) {
    const object = await t.call('objects.create', { number: `2019.3.${i}`, name: `Object ${i}` });
    await t.call('moves.create', { objectIds: [object.id], toLocationId: shelves[i % 3]!.id }, ana.id);
    objects.push(object);
  }
  return { ana, ben, site, r2, r3, shelves, objects };
}

const opsCount = (t: TestCatalogue) => t.catalogue.db.prepare('SELECT count(*) FROM ops').pluck().get() as number;

describe('an evacuation', () => {
  it('goes from a plan to the destination and back, its chain of custody recorded as movements and sightings, and replays as an equal catalogue', async () => {
    const dir = tempDir();
    const t = testCatalogue(dir);
    const { ana, ben, site, r2, r3, shelves, objects } = await storeroom(t, 12);

    const plan = await t.call(
      'evacuations.create',
      {
        name: 'Flood, March',
        reason: 'flood',
        authorizedBy: 'Director, Dr Mensah',
        authorizedAt: '2026-03-04T08:30:00Z',
        authorizedObjects: 12,
        destinationName: 'Town hall, first floor',
        destinationAddress: '1 Market Square',
        destinationLatitude: 5.6037,
        destinationLongitude: -0.187,
        team: [
          { role: 'leader', name: 'Ana Lima', contact: '+233 20 000 0000' },
          { role: 'reception', name: 'Ben Okafor' },
        ],
        route: 'Stairs B, loading bay, Main Street',
        assemblyPoints: 'Car park',
      },
      ana.id,
    );
    expect(plan).toMatchObject({ code: 'EV1', status: 'planned', destinationLocation: null, team: [{ role: 'leader', contact: '+233 20 000 0000' }, { role: 'reception', contact: '' }] });

    // Priorities in bulk: the two shelves of R2 get priority 1 (and go on the list), R3's contents priority 2.
    const byLocation = await t.call('evacuations.addObjects', { evacuationId: plan.id, source: { kind: 'contents', locationId: r2.id }, set: { evacuationPriority: 1, significance: 'high' } }, ana.id);
    expect(byLocation).toEqual({ added: 8, alreadyListed: 0, prioritized: 8 });
    const bySearch = await t.call('evacuations.addObjects', { evacuationId: plan.id, source: { kind: 'search', filter: { locationId: r3.id } }, set: { evacuationPriority: 2 } }, ana.id);
    expect(bySearch).toEqual({ added: 4, alreadyListed: 0, prioritized: 4 });
    // The priority is the object's own field: the form, bulk edit, import and export see it.
    expect((await t.call('objects.get', { id: objects[1]!.id })).evacuationPriority).toBe(2);
    expect((await t.call('objects.list', { priority: 1 })).total).toBe(8);
    const again = await t.call('evacuations.addObjects', { evacuationId: plan.id, source: { kind: 'objects', ids: [objects[1]!.id] }, set: { evacuationPriority: 2 } });
    expect(again).toEqual({ added: 0, alreadyListed: 1, prioritized: 0 });

    // A planned evacuation packs nothing.
    expect((await t.fail('evacuations.createBoxes', { evacuationId: plan.id, count: 1 })).key).toBe('evacuation.notStarted');

    const started = await t.call('evacuations.start', { id: plan.id }, ana.id);
    expect(started.status).toBe('under_way');
    expect(started.packingLocation?.code).toBe('EV1-PACK');
    expect(started.transitLocation?.code).toBe('EV1-TRANSIT');
    expect(started.destinationLocation?.code).toBe('EV1-DEST');
    const { boxes } = await t.call('evacuations.createBoxes', { evacuationId: plan.id, count: 2 }, ana.id);
    expect(boxes.map((b) => [b.code, b.number, b.status])).toEqual([
      ['EV1-B01', 1, 'empty'],
      ['EV1-B02', 2, 'empty'],
    ]);
    const [box1, box2] = boxes as [(typeof boxes)[number], (typeof boxes)[number]];

    // Packing by scanning: six objects into each box; each scan joins the session's batch.
    let reference: string | undefined;
    for (const [i, object] of objects.entries()) {
      const result = await t.call('evacuations.pack', { evacuationId: plan.id, boxId: i < 6 ? box1.id : box2.id, number: object.displayNumber, reference }, ana.id);
      expect(result.status).toBe('packed');
      reference = result.reference!;
    }
    expect(new Set((await t.call('moves.batches', {})).batches.filter((b) => b.reason === 'evacuation').map((b) => b.reference)).size).toBe(1);
    // Scanned again: already in this box, nothing recorded.
    const ops = opsCount(t);
    expect((await t.call('evacuations.pack', { evacuationId: plan.id, boxId: box1.id, number: '2019.3.1' })).status).toBe('already_in_box');
    expect(opsCount(t)).toBe(ops);
    // Into another box: refused, naming the box it is in; nothing changes until the user confirms.
    const other = await t.fail('evacuations.pack', { evacuationId: plan.id, boxId: box2.id, number: '2019.3.1' });
    expect(other).toMatchObject({ code: 'CONFLICT', key: 'evacuation.inOtherBox', params: { number: '2019.3.1', box: 'EV1-B01', target: 'EV1-B02' } });
    expect(opsCount(t)).toBe(ops);
    const moved = await t.call('evacuations.pack', { evacuationId: plan.id, boxId: box2.id, number: '2019.3.1', move: true });
    expect(moved.status).toBe('packed');
    await t.call('evacuations.pack', { evacuationId: plan.id, boxId: box1.id, number: '2019.3.1', move: true });
    // An object not on the list is packed, and listed as found, with a warning.
    const stray = await t.call('objects.create', { number: 'X-1', name: 'Stray' });
    const found = await t.call('evacuations.pack', { evacuationId: plan.id, boxId: box2.id, number: 'X-1' }, ben.id);
    expect(found).toMatchObject({ status: 'packed', found: true, warning: { key: 'evacuation.foundNotListed', params: { number: 'X-1' } } });
    // A number the catalogue does not know: nothing recorded, unless it is to be recorded as a found object.
    expect((await t.call('evacuations.pack', { evacuationId: plan.id, boxId: box2.id, number: 'NO-SUCH' })).status).toBe('unknown');
    const created = await t.call('evacuations.pack', { evacuationId: plan.id, boxId: box2.id, number: 'NO-SUCH', newObjectName: 'Unlabelled jar' }, ben.id);
    expect(created).toMatchObject({ status: 'packed', found: true, warning: { key: 'evacuation.foundNew' } });

    // Leaving: both boxes into the van, with the transport and the driver named on the batch.
    const van = { transport: 'Van GR-1234', contact: 'Kofi (driver)' };
    const loaded1 = await t.call('evacuations.load', { evacuationId: plan.id, code: 'ev1-b01', ...van }, ben.id);
    expect(loaded1).toMatchObject({ status: 'loaded', kind: 'box', objects: 6 });
    const loaded2 = await t.call('evacuations.load', { evacuationId: plan.id, code: 'EV1-B02', ...van, reference: loaded1.reference! }, ben.id);
    expect(loaded2.reference).toBe(loaded1.reference);
    expect(loaded2.objects).toBe(8);
    expect((await t.call('evacuations.load', { evacuationId: plan.id, code: 'EV1-B02', ...van })).status).toBe('already_loaded');
    const progress = (await t.call('evacuations.get', { id: plan.id })).progress;
    expect(progress).toMatchObject({ leg: 'out', total: 14, out: 14, unaccounted: 0, found: 2 });
    expect(progress.boxes).toMatchObject({ in_transit: 2, total: 2 });
    expect(progress.byPriority).toEqual([
      { priority: 1, total: 8, out: 8 },
      { priority: 2, total: 4, out: 4 },
      { priority: null, total: 2, out: 2 },
    ]);

    // Arrival: box 1 checked in, its six objects found one by one.
    const arrived = await t.call('evacuations.receive', { evacuationId: plan.id, code: 'EV1-B01' }, ben.id);
    expect(arrived).toMatchObject({ kind: 'box', status: 'arrived', box: { code: 'EV1-B01', expected: 6, confirmed: 0 } });
    for (const object of objects.slice(0, 6)) {
      const got = await t.call('evacuations.receive', { evacuationId: plan.id, code: object.displayNumber, boxId: box1.id, reference: arrived.reference! }, ben.id);
      expect(got.status).toBe('received');
    }
    expect((await t.call('evacuations.receive', { evacuationId: plan.id, code: '2019.3.2', boxId: box1.id })).status).toBe('already_received');
    // Box 2 arrives, and one of its objects is not in it.
    await t.call('evacuations.receive', { evacuationId: plan.id, code: 'EV1-B02' }, ben.id);
    const missing = objects[8]!;
    for (const number of [...objects.slice(6).filter((o) => o.id !== missing.id).map((o) => o.displayNumber), 'X-1', 'NO-SUCH']) {
      await t.call('evacuations.receive', { evacuationId: plan.id, code: number, boxId: box2.id }, ben.id);
    }
    const reconciliation = await t.call('evacuations.reconcile', { evacuationId: plan.id });
    expect(reconciliation.unaccounted.map((i) => i.displayNumber)).toEqual([missing.displayNumber]);
    const last = reconciliation.unaccounted[0]!;
    expect(last.lastRecorded).toMatchObject({ step: 'packed', personName: 'Ana Lima', locationCode: 'EV1-B02' });
    // Object i was put on shelf i % 3.
    expect(last.originalLocationCode).toBe(shelves[9 % 3]!.code);
    expect(last.steps.left).toMatchObject({ transport: 'Van GR-1234', contact: 'Kofi (driver)', personName: 'Ben Okafor' });
    expect(last.steps.arrived?.personName).toBe('Ben Okafor');
    expect(last.steps.received).toBeNull();
    expect(reconciliation.boxes.map((b) => [b.code, b.status, b.expected, b.confirmed, b.missing.map((m) => m.displayNumber)])).toEqual([
      ['EV1-B01', 'checked', 6, 6, []],
      ['EV1-B02', 'arrived', 8, 7, [missing.displayNumber]],
    ]);
    expect(reconciliation.found.map((i) => i.displayNumber).sort()).toEqual(['NO-SUCH', 'X-1']);

    // Condition on arrival, and an object put in its place at the destination.
    await t.call('objects.checkCondition', { objectId: objects[0]!.id, term: 'Fair', note: 'damp corner' }, ben.id);
    const shelf = await t.call('locations.create', { parentId: started.destinationLocation!.id, code: 'TH-1', name: 'Town hall shelf 1', type: 'shelf', role: 'permanent' });
    const placed = await t.call('evacuations.place', { evacuationId: plan.id, toLocationId: shelf.id, number: objects[0]!.displayNumber }, ben.id);
    expect(placed.status).toBe('placed');
    expect((await t.fail('evacuations.place', { evacuationId: plan.id, toLocationId: shelves[0]!.id, number: '2019.3.2' })).key).toBe('evacuation.notAtDestination');
    const first = (await t.call('evacuations.items', { evacuationId: plan.id, query: objects[0]!.displayNumber })).items.find((i) => i.objectId === objects[0]!.id);
    expect(first).toMatchObject({ status: 'placed', condition: 'Fair', currentLocationCode: 'TH-1', box: { code: 'EV1-B01' } });
    expect(Object.values(first!.steps).every((s) => s !== null)).toBe(true);

    // The movements are the catalogue's: reason evacuation, with the batch's transport.
    const history = (await t.call('moves.history', { objectId: missing.id })).movements;
    expect(history.filter((m) => m.reason === 'evacuation').map((m) => [m.toLocationCode, m.containerCode, m.method])).toEqual([
      ['EV1-B02', 'EV1-B02', ''],
      ['EV1-B02', 'EV1-B02', 'Van GR-1234'],
      ['EV1-B02', null, ''],
    ]);

    // Closing with an object unaccounted for needs a reason; without one, nothing changes.
    const before = opsCount(t);
    expect(await t.fail('evacuations.close', { id: plan.id })).toMatchObject({ code: 'VALIDATION', key: 'evacuation.closeNeedsReason', params: { objects: 1 } });
    expect(await t.fail('evacuations.close', { id: plan.id, reason: '   ' })).toMatchObject({ key: 'evacuation.closeNeedsReason' });
    expect(opsCount(t)).toBe(before);
    expect((await t.call('evacuations.get', { id: plan.id })).status).toBe('under_way');
    const closed = await t.call('evacuations.close', { id: plan.id, reason: 'Box 2 was dropped on the stairs; 2019.3.9 is being searched for.' }, ana.id);
    expect(closed).toMatchObject({ status: 'completed', closingNote: 'Box 2 was dropped on the stairs; 2019.3.9 is being searched for.' });
    expect((await t.fail('evacuations.pack', { evacuationId: plan.id, boxId: box1.id, number: '2019.3.2' })).key).toBe('evacuation.closed');
    expect((await t.fail('evacuations.addObjects', { evacuationId: plan.id, source: { kind: 'objects', ids: [stray.id] } })).key).toBe('evacuation.listClosed');

    // The return, in the same boxes: what is at the destination goes back to the museum.
    const detail = await t.call('evacuations.get', { id: plan.id });
    expect(detail.suggestedReturnLocationId).toBe(site.id);
    const returning = await t.call('evacuations.startReturn', { id: plan.id, returnLocationId: site.id }, ana.id);
    expect(returning.status).toBe('returning');
    let back = (await t.call('evacuations.get', { id: plan.id })).progress;
    // Everything at the destination (in its box or placed) takes part; the missing object does not.
    expect(back).toMatchObject({ leg: 'back', total: 13 });
    expect(back.byStatus).toMatchObject({ packed: 12, listed: 1 });
    await t.call('evacuations.pack', { evacuationId: plan.id, boxId: box1.id, number: objects[0]!.displayNumber }, ben.id);
    for (const code of ['EV1-B01', 'EV1-B02']) await t.call('evacuations.load', { evacuationId: plan.id, code, transport: 'Van GR-1234' }, ben.id);
    for (const code of ['EV1-B01', 'EV1-B02']) await t.call('evacuations.receive', { evacuationId: plan.id, code }, ana.id);
    for (const object of [...objects.filter((o) => o.id !== missing.id), stray]) {
      const got = await t.call('evacuations.receive', { evacuationId: plan.id, code: object.displayNumber }, ana.id);
      expect(got.status, object.displayNumber).toBe('received');
    }
    const put = await t.call('evacuations.putBack', { evacuationId: plan.id }, ana.id);
    expect(put.moved).toBe(11);
    // The found objects had no place before: they stay where they arrived, and are listed.
    expect(put.skipped.map((s) => s.displayNumber).sort()).toEqual(['X-1']);
    expect((await t.call('objects.get', { id: objects[4]!.id })).currentLocationCode).toBe(shelves[5 % 3]!.code);
    back = (await t.call('evacuations.get', { id: plan.id })).progress;
    expect(back.byStatus).toMatchObject({ placed: 11, received: 1, unconfirmed: 1 });
    const done = await t.call('evacuations.close', { id: plan.id, reason: 'The jar found on the way has no record yet.' }, ana.id);
    expect(done.status).toBe('returned');
    expect((await t.fail('evacuations.receive', { evacuationId: plan.id, code: 'EV1-B01' })).key).toBe('evacuation.over');

    // Everything was an operation: replayed into an empty folder, the catalogue is the same.
    t.catalogue.close();
    const rebuilt = join(tempDir(), 'rebuilt');
    replayCatalogue(dir, rebuilt);
    expect(compareCatalogues(dir, rebuilt)).toEqual([]);
  });

  it('works across field copies: the laptop at the destination receives the boxes, and its work merges back', async () => {
    const museumDir = tempDir();
    const museum = testCatalogue(museumDir);
    const { ana, objects } = await storeroom(museum, 6);
    const e = await museum.call('evacuations.create', { name: 'Conflict', reason: 'conflict', start: true }, ana.id);
    await museum.call('evacuations.addObjects', { evacuationId: e.id, source: { kind: 'objects', ids: objects.map((o) => o.id) } });
    const { boxes } = await museum.call('evacuations.createBoxes', { evacuationId: e.id, count: 2 });
    for (const [i, o] of objects.entries()) await museum.call('evacuations.pack', { evacuationId: e.id, boxId: boxes[i % 2]!.id, number: o.displayNumber }, ana.id);
    // The destination's laptop is a field copy, taken before the vans leave; it goes with them.
    const fieldDir = join(tempDir(), 'destination');
    await museum.call('sync.copy', { path: fieldDir });
    const field = testCatalogue(fieldDir);
    for (const b of boxes) await museum.call('evacuations.load', { evacuationId: e.id, code: b.code, transport: 'Truck 2' }, ana.id);
    // At the destination, apart: the boxes are checked in from where that copy last knew them, and all but one object found.
    const reception = await field.call('people.create', { name: 'Rania (reception)' });
    for (const b of boxes) await field.call('evacuations.receive', { evacuationId: e.id, code: b.code }, reception.id);
    for (const o of objects.slice(1)) await field.call('evacuations.receive', { evacuationId: e.id, code: o.displayNumber }, reception.id);
    // Back at the museum, the destination's work is merged: the chain is whole, the missing object the same on both.
    const bundle = join(tempDir(), 'destination.storeroom-sync');
    await field.call('sync.bundle', { path: bundle, forPeer: museumDir });
    const merged = await museum.call('sync.apply', { source: { path: bundle, name: 'destination.storeroom-sync' } });
    expect(merged.conflicts).toBe(0);
    const there = await museum.call('evacuations.reconcile', { evacuationId: e.id });
    expect(there.unaccounted.map((i) => i.displayNumber)).toEqual([objects[0]!.displayNumber]);
    expect(there.progress.byStatus).toMatchObject({ received: 5, unconfirmed: 1 });
    const item = there.unaccounted[0]!;
    expect(item.steps.left).toMatchObject({ transport: 'Truck 2', personName: 'Ana Lima' });
    expect(item.steps.arrived?.personName).toBe('Rania (reception)');
    // And the other way: both copies agree.
    const back = join(tempDir(), 'museum.storeroom-sync');
    await museum.call('sync.bundle', { path: back, forPeer: fieldDir });
    await field.call('sync.apply', { source: { path: back, name: 'museum.storeroom-sync' } });
    expect((await field.call('evacuations.reconcile', { evacuationId: e.id })).progress).toEqual(there.progress);
  });

  it('refuses what it cannot do with a clear message, and changes nothing', async () => {
    const t = testCatalogue();
    const { ana, objects, shelves } = await storeroom(t, 4);
    const e: Evacuation = await t.call('evacuations.create', { name: 'Fire drill', reason: 'fire', start: true }, ana.id);
    expect(e.status).toBe('under_way');
    const { boxes } = await t.call('evacuations.createBoxes', { evacuationId: e.id, count: 2, kind: 'crate' });
    expect(boxes.map((b) => b.code)).toEqual(['EV1-C01', 'EV1-C02']);
    const ops = opsCount(t);
    // Receiving a box that was never packed.
    expect(await t.fail('evacuations.receive', { evacuationId: e.id, code: 'EV1-C01' })).toMatchObject({ code: 'CONFLICT', key: 'evacuation.boxNeverPacked', params: { box: 'EV1-C01' } });
    // Loading an empty box; a code that is neither a box nor an object.
    expect(await t.fail('evacuations.load', { evacuationId: e.id, code: 'EV1-C02', transport: 'Car' })).toMatchObject({ key: 'evacuation.boxEmpty' });
    expect(await t.fail('evacuations.load', { evacuationId: e.id, code: 'NOPE', transport: 'Car' })).toMatchObject({ code: 'NOT_FOUND', key: 'evacuation.unknownCode' });
    // A transport must be named; an unknown box; a box of nothing.
    expect((await t.fail('evacuations.load', { evacuationId: e.id, code: 'EV1-C02', transport: '  ' })).code).toBe('VALIDATION');
    expect((await t.fail('evacuations.pack', { evacuationId: e.id, boxId: shelves[0]!.id, number: '2019.3.1' })).key).toBe('evacuation.boxNotFound');
    expect((await t.fail('evacuations.pack', { evacuationId: e.id, boxId: boxes[0]!.id })).code).toBe('VALIDATION');
    // Closing with objects unaccounted for, without a reason (nothing is on the list: it may close).
    expect(opsCount(t)).toBe(ops);
    await t.call('evacuations.addObjects', { evacuationId: e.id, source: { kind: 'objects', ids: objects.map((o) => o.id) } });
    expect((await t.fail('evacuations.close', { id: e.id })).params).toEqual({ objects: 4 });
    // A box on its way takes nothing more.
    await t.call('evacuations.pack', { evacuationId: e.id, boxId: boxes[0]!.id, number: '2019.3.1' });
    await t.call('evacuations.load', { evacuationId: e.id, code: 'EV1-C01', transport: 'Car' });
    expect((await t.fail('evacuations.pack', { evacuationId: e.id, boxId: boxes[0]!.id, number: '2019.3.2' })).key).toBe('evacuation.boxOnTheWay');
    // An object in a box is loaded with its box.
    await t.call('evacuations.pack', { evacuationId: e.id, boxId: boxes[1]!.id, number: '2019.3.3' });
    expect((await t.fail('evacuations.load', { evacuationId: e.id, code: '2019.3.3', transport: 'Car' })).key).toBe('evacuation.inBoxScanBox');
    // The destination cannot be one of the evacuation's own places; the code is unique.
    expect((await t.fail('evacuations.create', { name: 'Other', reason: 'other', destinationLocationId: boxes[0]!.id })).key).toBe('evacuation.destinationIsOwn');
    expect((await t.fail('evacuations.create', { name: 'Other', reason: 'other', code: 'ev1' })).key).toBe('evacuation.codeTaken');
    expect((await t.fail('evacuations.create', { name: 'Other', reason: 'tsunami' })).code).toBe('VALIDATION');
    expect((await t.fail('evacuations.startReturn', { id: e.id, returnLocationId: shelves[0]!.id })).key).toBe('evacuation.notCompleted');
  });

  it('records an object scanned at the destination that is not on the list as found, with a warning, never dropping it', async () => {
    const t = testCatalogue();
    const { ana, objects } = await storeroom(t, 3);
    const e: Evacuation = await t.call('evacuations.create', { name: 'Flood', reason: 'flood', start: true }, ana.id);
    await t.call('evacuations.addObjects', { evacuationId: e.id, source: { kind: 'objects', ids: [objects[0]!.id] } });
    const { boxes } = await t.call('evacuations.createBoxes', { evacuationId: e.id, count: 1 });
    await t.call('evacuations.pack', { evacuationId: e.id, boxId: boxes[0]!.id, number: '2019.3.1' }, ana.id);
    await t.call('evacuations.load', { evacuationId: e.id, code: 'EV1-B01', transport: 'Van' }, ana.id);
    await t.call('evacuations.receive', { evacuationId: e.id, code: 'EV1-B01' }, ana.id);
    // 2019.3.2 was never listed nor packed, and the records put it in the storeroom: it is found in the box.
    const found = await t.call('evacuations.receive', { evacuationId: e.id, code: '2019.3.2', boxId: boxes[0]!.id }, ana.id);
    expect(found).toMatchObject({ status: 'received', found: true, warning: { key: 'evacuation.foundNotListed', params: { number: '2019.3.2' } } });
    const { items } = await t.call('evacuations.items', { evacuationId: e.id });
    expect(items.find((i) => i.displayNumber === '2019.3.2')).toMatchObject({ found: true, status: 'received' });
    expect((await t.call('objects.get', { id: objects[1]!.id })).currentLocationCode).toBe('EV1-B01');
  });

  it('says what it refuses in the reader’s language, with the same names', async () => {
    const t = testCatalogue();
    const { ana } = await storeroom(t, 2);
    const e: Evacuation = await t.call('evacuations.create', { name: 'Fire drill', reason: 'fire', start: true }, ana.id);
    await t.call('evacuations.createBoxes', { evacuationId: e.id, count: 1 });
    const refused = await t.fail('evacuations.receive', { evacuationId: e.id, code: 'EV1-B01' });
    for (const [language, words] of [['en', 'was never packed'], ['fr', 'n’a jamais été emballée'], ['de', 'wurde nie gepackt'], ['ar', 'لم يُعبّأ قط']] as const) {
      const said = sayIn(language, refused);
      expect(said, language).toContain(words);
      expect(said, language).toContain('EV1-B01');
    }
  });
});
