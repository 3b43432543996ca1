import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testCatalogue, type TestCatalogue } from '../support/catalogue';

/** Ops on a small world of 6 locations (two of them boxes) and 8 objects, picked by index. */
const op = fc.oneof(
  fc.record({ kind: fc.constant('move' as const), objects: fc.uniqueArray(fc.nat(7), { minLength: 1, maxLength: 4 }), to: fc.nat(5) }),
  fc.record({ kind: fc.constant('moveBox' as const), box: fc.nat(1), to: fc.nat(5) }),
  fc.record({ kind: fc.constant('undo' as const), back: fc.nat(3) }),
  fc.record({ kind: fc.constant('scan' as const), object: fc.nat(7), to: fc.nat(5) }),
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

async function world(t: TestCatalogue) {
  const locations: string[] = [];
  for (const [i, type] of ['room', 'unit', 'shelf', 'room', 'box', 'box'].entries()) {
    const parentId = i === 1 ? locations[0] : i === 2 ? locations[1] : i === 4 ? locations[2] : i === 5 ? locations[3] : undefined;
    locations.push((await t.call('locations.create', { parentId, code: `L${i}`, name: `Location ${i}`, type, role: 'permanent' })).id);
  }
  const objects: string[] = [];
  for (let i = 0; i < 8; i++) objects.push((await t.call('objects.create', { number: `N${i}`, name: `Object ${i}` })).id);
  return { locations, objects, boxes: [locations[4]!, locations[5]!] };
}

/** Runs an op; refusals (already there, a box into itself...) are part of the game and change nothing. */
async function run(t: TestCatalogue, w: Awaited<ReturnType<typeof world>>, o: Op, batches: string[]) {
  const result =
    o.kind === 'move'
      ? await t.dispatch('moves.create', { objectIds: o.objects.map((i) => w.objects[i]), toLocationId: w.locations[o.to] })
      : o.kind === 'moveBox'
        ? await t.dispatch('moves.create', { objectIds: [], containerIds: [w.boxes[o.box]], toLocationId: w.locations[o.to] })
        : o.kind === 'scan'
          ? await t.dispatch('moves.scan', { toLocationId: w.locations[o.to], number: `N${o.object}` })
          : batches.length
            ? await t.dispatch('moves.undo', { reference: batches[Math.max(0, batches.length - 1 - o.back)] })
            : null;
  const reference = (result?.ok ? (result.data as { reference?: string | null }).reference : null) ?? null;
  if (reference && o.kind !== 'undo') batches.push(reference);
}

const locationsNow = (t: TestCatalogue) =>
  Object.fromEntries((t.catalogue.db.prepare('SELECT id, location_id FROM objects').all() as { id: string; location_id: string | null }[]).map((r) => [r.id, r.location_id]));

describe('invariants (property-based)', () => {
  it('an object’s current location always equals the destination of its latest movement', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const t = testCatalogue();
        const w = await world(t);
        const batches: string[] = [];
        for (const o of ops) await run(t, w, o, batches);
        const mismatches = t.catalogue.db
          .prepare(
            `SELECT o.id FROM objects o WHERE o.location_id IS NOT
               (SELECT m.to_location_id FROM movements m WHERE m.object_id = o.id ORDER BY m.at DESC, m.id DESC LIMIT 1)
             AND EXISTS (SELECT 1 FROM movements m WHERE m.object_id = o.id)`,
          )
          .all();
        expect(mismatches).toEqual([]);
        t.catalogue.close();
      }),
      { numRuns: 40 },
    );
  });

  it('moving a container never leaves a contained object behind', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 15 }), fc.nat(1), fc.nat(5), async (ops, box, to) => {
        const t = testCatalogue();
        const w = await world(t);
        const batches: string[] = [];
        for (const o of ops) await run(t, w, o, batches);
        const inside = async () => (await t.call('objects.list', { locationId: w.boxes[box]! })).items.map((o) => o.id).sort();
        const before = await inside();
        const result = await t.dispatch('moves.create', { objectIds: [], containerIds: [w.boxes[box]!], toLocationId: w.locations[to]! });
        expect(await inside()).toEqual(before);
        if (result.ok) {
          const moved = (result.data as { reference: string }).reference;
          const recorded = t.catalogue.db.prepare('SELECT object_id FROM movements WHERE reference = ?').all(moved) as { object_id: string }[];
          expect(recorded.map((r) => r.object_id).sort()).toEqual(before);
          if (before.length) expect((await t.call('objects.list', { locationId: w.locations[to]! })).items.map((o) => o.id)).toEqual(expect.arrayContaining(before));
        }
        t.catalogue.close();
      }),
      { numRuns: 40 },
    );
  });

  it('undo restores exactly the locations before the batch', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 15 }), op.filter((o) => o.kind !== 'undo'), async (ops, last) => {
        const t = testCatalogue();
        const w = await world(t);
        const batches: string[] = [];
        for (const o of ops) await run(t, w, o, batches);
        const before = locationsNow(t);
        const treeBefore = (await t.call('locations.tree', {})).locations.map((l) => [l.id, l.parentId]);
        const count = batches.length;
        await run(t, w, last, batches);
        if (batches.length === count) return t.catalogue.close();
        await t.call('moves.undo', { reference: batches.at(-1)! });
        expect(locationsNow(t)).toEqual(before);
        expect((await t.call('locations.tree', {})).locations.map((l) => [l.id, l.parentId])).toEqual(treeBefore);
        t.catalogue.close();
      }),
      { numRuns: 40 },
    );
  });

  it('temporary numbers are never reused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constant({ kind: 'create' as const }), fc.record({ kind: fc.constant('number' as const), which: fc.nat(20), give: fc.boolean() })), { maxLength: 30 }),
        async (ops) => {
          const t = testCatalogue();
          const ids: string[] = [];
          const handedOut: string[] = [];
          for (const o of ops) {
            if (o.kind === 'create' || ids.length === 0) {
              const created = await t.call('objects.create', { name: 'x' });
              ids.push(created.id);
              handedOut.push(created.tempNumber!);
            } else {
              const id = ids[o.which % ids.length]!;
              const before = await t.call('objects.get', { id });
              const after = await t.call('objects.update', { id, number: o.give ? `N-${o.which}` : null });
              if (after.tempNumber && after.tempNumber !== before.tempNumber) handedOut.push(after.tempNumber);
            }
          }
          expect(new Set(handedOut).size).toBe(handedOut.length);
          t.catalogue.close();
        },
      ),
      { numRuns: 40 },
    );
  });
});
