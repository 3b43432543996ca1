import { createDispatcher } from '../../src-main/core/dispatch';
import { type Report, timeSamples } from './report';
import { syntheticCatalogue } from './synthetic';

/** Issue 5: the measures and the per-object comparison between Before and After, against one SQL query for "location at T". */
export default async function milestonesBench(report: Report, cacheDir: string): Promise<void> {
  report.section('Before and after: measures and per-object comparison, 200,000 objects and 1,000,000 movements');
  const catalogue = syntheticCatalogue(cacheDir, (line) => report.note(line));
  const dispatch = createDispatcher(catalogue);
  const { milestones } = ((await dispatch('milestones.list', {})) as { data: { milestones: { id: string; kind: string; at: string }[] } }).data;
  const before = milestones.find((m) => m.kind === 'before')!;
  const after = milestones.find((m) => m.kind === 'after')!;
  const input = { fromMilestoneId: before.id, toMilestoneId: after.id };

  const comparison = await timeSamples(3, async () => {
    // Any change clears what was computed: each sample starts cold, as after a move.
    catalogue.emit({ kind: 'reload', seq: 0 });
    const measures = await dispatch('measures.compare', input);
    const objects = await dispatch('measures.compareObjects', { ...input, filter: 'moved' });
    if (!measures.ok || !objects.ok) throw new Error('comparison failed');
  });
  const raw = catalogue.db.prepare(
    `SELECT o.id, (SELECT m.to_location_id FROM movements m WHERE m.object_id = o.id AND m.at <= ? ORDER BY m.at DESC, m.id DESC LIMIT 1) FROM objects o`,
  );
  const baseline = await timeSamples(3, () => raw.all(after.at));
  report.compare('measures.compare + measures.compareObjects (Before → After)', comparison, baseline, { p95TargetMs: 3000, maxRatio: 2 });
  catalogue.close();
}
