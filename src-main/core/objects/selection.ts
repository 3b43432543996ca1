import { AppError } from '../../contract';
import type { ReadContext } from '../context';
import { requireLocation } from '../locations/locations';
import { objectListQuery } from './objects';

/** The objects a bulk action takes: a selection, what a search finds, or a location's contents. */
export type ObjectSelection =
  | { kind: 'objects'; ids: string[] }
  | { kind: 'search'; filter: Record<string, unknown> }
  | { kind: 'contents'; locationId: string };

/** The ids of the objects a selection names, in number order. Every selected object must exist. */
export function selectedObjectIds(ctx: Pick<ReadContext, 'db'>, selection: ObjectSelection): string[] {
  switch (selection.kind) {
    case 'objects':
      return orderedIds(ctx, selection.ids);
    case 'search':
      return idsFound(ctx, selection.filter);
    case 'contents':
      requireLocation(ctx, selection.locationId);
      return idsFound(ctx, { locationId: selection.locationId });
  }
}

/** The selected objects, every one of which must exist, in number order. */
export function orderedIds(ctx: Pick<ReadContext, 'db'>, ids: string[]): string[] {
  const unique = [...new Set(ids)];
  const found = ctx.db.prepare('SELECT id FROM objects WHERE id IN (SELECT value FROM json_each(?)) AND removed = 0 ORDER BY sort_key, id').pluck().all(JSON.stringify(unique)) as string[];
  if (found.length < unique.length) throw AppError.of('NOT_FOUND', 'objects.someMissing', { missing: unique.length - found.length });
  return found;
}

/** The objects an objects.list filter finds, in number order. */
export function idsFound(ctx: Pick<ReadContext, 'db'>, filter: Record<string, unknown>): string[] {
  const { params, countSql, pageSql } = objectListQuery({ ...filter, limit: 500, offset: 0 });
  try {
    const { total } = ctx.db.prepare(countSql).get(params) as { total: number };
    if (total === 0) return [];
    return ctx.db.prepare(pageSql(total)).pluck().all({ ...params, limit: total }) as string[];
  } catch (error) {
    const query = typeof filter.query === 'string' ? filter.query : '';
    if (query && /fts5|syntax error|unterminated|no such column/i.test((error as Error).message)) {
      throw AppError.of('VALIDATION', 'objects.searchNotUnderstood', { query, reason: (error as Error).message }, { query });
    }
    throw error;
  }
}
