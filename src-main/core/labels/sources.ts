import { type LabelSource, type TreeLocation } from '../../contract';
import type { ReadContext } from '../context';
import { locationTree, requireLocation } from '../locations/locations';
import { idsFound, orderedIds } from '../objects/selection';
import type { LabelItem } from './layout';

/** The labels a call asks for: how many, and each in print order, read a chunk at a time. */
export interface LabelList {
  count: number;
  /** Labels from the `skip`th on. */
  items(skip?: number): Iterable<LabelItem>;
}

const CHUNK = 500;

/** The labels for a source: objects (by number order) or locations (in tree order). A calibration page has none. */
export function labelList(ctx: ReadContext, source: LabelSource, typeNames: Record<string, string> = {}): LabelList {
  switch (source.kind) {
    case 'objects':
      return objectLabels(ctx, orderedIds(ctx, source.ids));
    case 'search':
      return objectLabels(ctx, idsFound(ctx, source.filter as Record<string, unknown>));
    case 'contents':
      requireLocation(ctx, source.locationId);
      return objectLabels(ctx, idsFound(ctx, { locationId: source.locationId }));
    case 'locations':
      return locationLabels(ctx, source.locationId, source.types, typeNames);
    case 'calibration':
      return { count: 0, items: () => [] };
  }
}

function objectLabels(ctx: ReadContext, ids: string[]): LabelList {
  const read = ctx.db.prepare(`SELECT id, coalesce(number, temp_number, '') AS number, name FROM objects WHERE id IN (SELECT value FROM json_each(?)) AND removed = 0`);
  return {
    count: ids.length,
    *items(skip = 0) {
      for (let start = skip; start < ids.length; start += CHUNK) {
        const chunk = ids.slice(start, start + CHUNK);
        const rows = new Map((read.all(JSON.stringify(chunk)) as { id: string; number: string; name: string }[]).map((r) => [r.id, r]));
        for (const id of chunk) {
          // An object deleted while the labels print is left out.
          const row = rows.get(id);
          if (row) yield { primary: row.number, name: row.name };
        }
      }
    },
  };
}

/** A location and every location below it that is not archived, in tree order; optionally only some types. */
function locationLabels(ctx: ReadContext, rootId: string, types: string[] | undefined, typeNames: Record<string, string>): LabelList {
  requireLocation(ctx, rootId);
  const { locations } = locationTree(ctx);
  const index = locations.findIndex((l) => l.id === rootId);
  const root = locations[index]!;
  const wanted = types ? new Set(types.map((t) => t.toLowerCase())) : null;
  const chosen: TreeLocation[] = [];
  for (let i = index; i < locations.length && (i === index || locations[i]!.depth > root.depth); i++) {
    const l = locations[i]!;
    if (l.archived) continue;
    if (wanted && !wanted.has(l.type.toLowerCase())) continue;
    chosen.push(l);
  }
  const typeName = (type: string) => typeNames[type] ?? typeNames[type.toLowerCase()] ?? type.charAt(0).toUpperCase() + type.slice(1);
  return {
    count: chosen.length,
    items: (skip = 0) => chosen.slice(skip).map((l) => ({ primary: l.code, name: l.name, detail: typeName(l.type) })),
  };
}
