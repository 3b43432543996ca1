import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayCatalogue } from '../../src-main/core/ops/replay';
import { compareCatalogues } from '../../src-main/core/ops/verify';
import { tempDir, testCatalogue, type TestCatalogue } from '../support/catalogue';

/** Random work on a small world (5 locations, two of them boxes, 6 objects), each step picked by index. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), numbered: fc.boolean(), name: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('edit' as const), object: fc.nat(9), name: fc.string({ minLength: 1, maxLength: 12 }), count: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant('renumber' as const), object: fc.nat(9), number: fc.option(fc.stringMatching(/^[A-Z][0-9]{1,3}$/)) }),
  fc.record({ kind: fc.constant('move' as const), objects: fc.uniqueArray(fc.nat(9), { minLength: 1, maxLength: 4 }), to: fc.nat(4) }),
  fc.record({ kind: fc.constant('moveBox' as const), box: fc.nat(1), to: fc.nat(4) }),
  fc.record({ kind: fc.constant('scan' as const), object: fc.nat(9), to: fc.nat(4) }),
  fc.record({ kind: fc.constant('undo' as const), back: fc.nat(3) }),
  fc.record({ kind: fc.constant('condition' as const), object: fc.nat(9), term: fc.constantFrom('Good', 'Fair', 'Poor'), day: fc.integer({ min: 1, max: 28 }) }),
  fc.record({ kind: fc.constant('bulk' as const), objects: fc.uniqueArray(fc.nat(9), { minLength: 1, maxLength: 3 }), tag: fc.constantFrom('fragile', 'RE-ORG') }),
  fc.record({ kind: fc.constant('location' as const), code: fc.stringMatching(/^X[0-9]{1,2}$/), parent: fc.option(fc.nat(4)) }),
  fc.record({ kind: fc.constant('milestone' as const), name: fc.stringMatching(/^Day [0-9]$/) }),
  fc.record({ kind: fc.constant('import' as const), rows: fc.array(fc.tuple(fc.nat(12), fc.string({ minLength: 1, maxLength: 8 })), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('undoImport' as const), back: fc.nat(2) }),
  fc.record({ kind: fc.constant('redoImport' as const), back: fc.nat(2) }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

async function world(t: TestCatalogue) {
  const locations: string[] = [];
  for (const [i, type] of ['room', 'unit', 'room', 'box', 'box'].entries()) {
    const parentId = i === 1 ? locations[0] : i === 3 ? locations[1] : i === 4 ? locations[2] : undefined;
    locations.push((await t.call('locations.create', { parentId, code: `L${i}`, name: `Location ${i}`, type, role: i === 2 ? 'holding' : 'permanent' })).id);
  }
  const objects: string[] = [];
  for (let i = 0; i < 6; i++) objects.push((await t.call('objects.create', { number: `N${i}`, name: `Object ${i}` })).id);
  return { locations, objects, boxes: [locations[3]!, locations[4]!], batches: [] as string[], imports: [] as string[], dir: tempDir() };
}

/** Runs a step; refusals (already there, a box into itself, a taken code) are part of the game and change nothing. */
async function run(t: TestCatalogue, w: Awaited<ReturnType<typeof world>>, s: Step) {
  const object = (i: number) => w.objects[i % w.objects.length]!;
  const d = (procedure: string, input: unknown) => t.dispatch(procedure, input);
  switch (s.kind) {
    case 'create': {
      const r = await d('objects.create', { name: s.name || 'Untitled', ...(s.numbered ? { number: `C${w.objects.length}` } : {}) });
      if (r.ok) w.objects.push((r.data as { id: string }).id);
      return;
    }
    case 'edit':
      return void (await d('objects.update', { id: object(s.object), name: s.name.trim() || 'x', count: s.count }));
    case 'renumber':
      return void (await d('objects.update', { id: object(s.object), number: s.number }));
    case 'move':
    case 'moveBox':
    case 'scan': {
      const r =
        s.kind === 'move'
          ? await d('moves.create', { objectIds: s.objects.map(object), toLocationId: w.locations[s.to] })
          : s.kind === 'moveBox'
            ? await d('moves.create', { objectIds: [], containerIds: [w.boxes[s.box]], toLocationId: w.locations[s.to] })
            : await d('moves.scan', { toLocationId: w.locations[s.to], number: `N${s.object % 6}` });
      const reference = r.ok ? (r.data as { reference?: string | null }).reference : null;
      if (reference) w.batches.push(reference);
      return;
    }
    case 'undo':
      if (w.batches.length) await d('moves.undo', { reference: w.batches[Math.max(0, w.batches.length - 1 - s.back)] });
      return;
    case 'condition':
      return void (await d('objects.checkCondition', { objectId: object(s.object), term: s.term, assessedOn: `2026-11-${String(s.day).padStart(2, '0')}` }));
    case 'bulk':
      return void (await d('objects.bulkUpdate', { ids: s.objects.map(object), addTags: [s.tag] }));
    case 'location': {
      const r = await d('locations.create', { code: s.code, name: s.code, type: 'shelf', role: 'permanent', ...(s.parent === null ? {} : { parentId: w.locations[s.parent] }) });
      if (r.ok) w.locations.push((r.data as { id: string }).id);
      return;
    }
    case 'milestone':
      return void (await d('milestones.create', { name: s.name }));
    case 'import': {
      const file = join(w.dir, `list-${w.imports.length}.csv`);
      writeFileSync(file, `Object number,Object name,Current location\n${s.rows.map(([n, name]) => `N${n},"${name.replaceAll('"', '""')}",L${n % 5}`).join('\n')}\n`);
      const r = await d('imports.commit', { source: { path: file, name: 'list.csv' } });
      if (r.ok) w.imports.push((r.data as { importId: string }).importId);
      return;
    }
    case 'undoImport':
    case 'redoImport':
      if (w.imports.length) await d(s.kind === 'undoImport' ? 'imports.undo' : 'imports.redo', { importId: w.imports[Math.max(0, w.imports.length - 1 - s.back)] });
  }
}

describe('replay (property-based)', () => {
  it('any sequence of changes replays into an empty folder as an equal catalogue', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        const dir = tempDir();
        const t = testCatalogue(dir);
        const w = await world(t);
        for (const s of steps) await run(t, w, s);
        t.catalogue.close();
        const rebuilt = join(tempDir(), 'rebuilt');
        replayCatalogue(dir, rebuilt);
        expect(compareCatalogues(dir, rebuilt)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  }, 240_000);
});
