import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareCatalogues } from '../../src-main/core/ops/verify';
import { tempDir, testCatalogue, type TestCatalogue } from '../support/catalogue';

/**
 * Three copies of one catalogue work apart (moves of the same objects, edits of the same fields, new objects with
 * clashing numbers, new locations with clashing codes, removals, undos) and exchange bundles in a random order. Every
 * copy that has seen the same operations must be the same catalogue, with the same conflicts.
 */
const R = fc.nat(2);
const step = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('move' as const), at: R, objects: fc.uniqueArray(fc.nat(4), { minLength: 1, maxLength: 3 }), to: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('moveBox' as const), at: R, to: fc.nat(4) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), at: R, object: fc.nat(4), field: fc.constantFrom('name', 'description', 'materials', 'count'), value: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('custom' as const), at: R, object: fc.nat(4), value: fc.constantFrom('Dupont', 'Martin', null) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('create' as const), at: R, number: fc.constantFrom('N-1', 'N-2', null) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('location' as const), at: R, code: fc.constantFrom('X1', 'X2') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: R }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('undo' as const), at: R }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('condition' as const), at: R, object: fc.nat(4), term: fc.constantFrom('Good', 'Poor') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('milestone' as const), at: R }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), from: R, to: R }) },
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

interface World {
  copies: TestCatalogue[];
  locations: string[];
  objects: string[];
  box: string;
  made: string[][];
  batches: string[][];
  field: string;
}

async function world(): Promise<World> {
  const a = testCatalogue();
  const locations: string[] = [];
  for (const [i, type] of ['room', 'unit', 'room', 'shelf', 'box'].entries()) {
    const parentId = i === 1 ? locations[0] : i === 3 ? locations[1] : i === 4 ? locations[3] : undefined;
    locations.push((await a.call('locations.create', { parentId, code: `L${i}`, name: `Location ${i}`, type, role: i === 2 ? 'holding' : 'permanent' })).id);
  }
  const objects: string[] = [];
  for (let i = 0; i < 5; i++) objects.push((await a.call('objects.create', { number: `O-${i}`, name: `Object ${i}` })).id);
  const field = (await a.call('customFields.create', { name: 'Donor', kind: 'text' })).id;
  await a.call('moves.create', { objectIds: objects.slice(0, 2), toLocationId: locations[4]! });
  const copies = [a];
  for (let i = 0; i < 2; i++) {
    const dir = join(tempDir(), `copy-${i}`);
    await a.call('sync.copy', { path: dir });
    copies.push(testCatalogue(dir));
  }
  return { copies, locations, objects, box: locations[4]!, made: [[], [], []], batches: [[], [], []], field };
}

async function run(w: World, s: Step): Promise<void> {
  if (s.kind === 'sync') {
    if (s.from === s.to) return;
    const [from, to] = [w.copies[s.from]!, w.copies[s.to]!];
    const file = join(tempDir(), 'b.storeroom-sync');
    await from.call('sync.bundle', { path: file, forPeer: to.catalogue.dir });
    await to.call('sync.apply', { source: { path: file, name: 'b.storeroom-sync' } });
    return;
  }
  const t = w.copies[s.at]!;
  const object = (i: number) => w.objects[i % w.objects.length]!;
  const d = (procedure: string, input: unknown) => t.dispatch(procedure, input);
  switch (s.kind) {
    case 'move':
    case 'moveBox': {
      const r =
        s.kind === 'move'
          ? await d('moves.create', { objectIds: s.objects.map(object), toLocationId: w.locations[s.to] })
          : await d('moves.create', { objectIds: [], containerIds: [w.box], toLocationId: w.locations[s.to] });
      if (r.ok) w.batches[s.at]!.push((r.data as { reference: string }).reference);
      return;
    }
    case 'edit': {
      const value = s.field === 'count' ? s.value + 1 : `${s.field} ${s.value} on ${s.at}`;
      await d('objects.update', { id: object(s.object), [s.field]: value });
      return;
    }
    case 'custom':
      await d('objects.update', { id: object(s.object), custom: { [w.field]: s.value } });
      return;
    case 'create': {
      const r = await d('objects.create', { name: `New on ${s.at}`, ...(s.number ? { number: s.number } : {}) });
      if (r.ok) w.made[s.at]!.push((r.data as { id: string }).id);
      return;
    }
    case 'location':
      await d('locations.create', { code: s.code, name: `Shelf ${s.code}`, type: 'shelf', role: 'permanent', parentId: w.locations[0] });
      return;
    case 'remove': {
      const mine = (t.catalogue.db.prepare(`SELECT id FROM locations WHERE code LIKE 'X%' AND removed = 0`).pluck().all() as string[])[0];
      if (mine) await d('locations.delete', { id: mine });
      return;
    }
    case 'undo': {
      const reference = w.batches[s.at]!.pop();
      if (reference) await d('moves.undo', { reference });
      return;
    }
    case 'condition':
      await d('objects.checkCondition', { objectId: object(s.object), term: s.term, assessedOn: '2026-11-30' });
      return;
    case 'milestone':
      await d('milestones.create', { name: 'After', kind: 'after' });
      return;
  }
}

/** Syncs every copy with every other until each has every operation. */
async function syncAll(w: World): Promise<void> {
  for (const [from, to] of [[1, 0], [2, 0], [0, 1], [0, 2]] as const) await run(w, { kind: 'sync', from, to });
}

describe('merging copies (property-based)', () => {
  it('copies that have seen the same operations are the same catalogue, with the same conflicts, whatever the order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 28 }), async (steps) => {
        const w = await world();
        for (const s of steps) await run(w, s);
        await syncAll(w);
        for (const t of w.copies) t.catalogue.close();
        const [a, b, c] = w.copies.map((t) => t.catalogue.dir) as [string, string, string];
        expect(compareCatalogues(a, b)).toEqual([]);
        expect(compareCatalogues(a, c)).toEqual([]);
      }),
      {
        numRuns: 25,
        // Cases it found once, kept so they run every time: a number taken by a third object after its conflict was
        // filed; a location removed on one copy while another made its code; three copies making one location code;
        // three copies each making an After milestone.
        examples: [
          [[{ kind: 'create', at: 1, number: 'N-2' }, { kind: 'sync', from: 1, to: 0 }, { kind: 'create', at: 0, number: 'N-2' }, { kind: 'sync', from: 0, to: 0 }, { kind: 'create', at: 0, number: 'N-1' }, { kind: 'create', at: 0, number: 'N-2' }, { kind: 'remove', at: 0 }]],
          [[{ kind: 'location', at: 0, code: 'X1' }, { kind: 'location', at: 1, code: 'X1' }, { kind: 'remove', at: 0 }, { kind: 'sync', from: 0, to: 0 }, { kind: 'create', at: 0, number: 'N-1' }, { kind: 'undo', at: 0 }]],
          [[{ kind: 'location', at: 2, code: 'X2' }, { kind: 'location', at: 0, code: 'X2' }, { kind: 'location', at: 1, code: 'X2' }, { kind: 'condition', at: 0, object: 0, term: 'Good' }, { kind: 'location', at: 0, code: 'X1' }, { kind: 'edit', at: 0, object: 0, field: 'name', value: 0 }]],
          [[{ kind: 'milestone', at: 2 }, { kind: 'milestone', at: 1 }, { kind: 'milestone', at: 0 }, { kind: 'edit', at: 0, object: 0, field: 'name', value: 0 }, { kind: 'sync', from: 0, to: 0 }, { kind: 'create', at: 0, number: 'N-1' }]],
        ] as never,
      },
    );
  }, 600_000);
});
