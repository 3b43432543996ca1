import type { Output, ParsedInput } from '../../contract';
import type { CallContext } from '../context';
import { conditionHistory, getObject } from '../objects/objects';
import { objectMovements } from '../moves/moves';

type TimelineEvent = Output<'objects.timeline'>['events'][number];

/** Procedures whose effect on an object has its own, richer record (movements, condition checks, the photo grid). */
const RECORDED_ELSEWHERE = /^moves\.|^objects\.checkCondition$|^photos\.|^imports\.|^catalogue\.|^evacuations\.(?!addObjects$)/;

export function objectTimeline(ctx: CallContext, input: ParsedInput<'objects.timeline'>): Output<'objects.timeline'> {
  const object = getObject(ctx, input.id);
  const changes = ctx.db
    .prepare(
      `SELECT c.op_id AS id, substr(c.hlc, 1, 24) AS at, c.procedure, c.input, p.name AS person FROM op_targets t JOIN ops c ON c.seq = t.seq
       LEFT JOIN people p ON p.id = c.person_id WHERE t.entity_id = ? ORDER BY c.hlc`,
    )
    .all(input.id) as { id: string; at: string; procedure: string; input: string; person: string | null }[];
  const events: TimelineEvent[] = [];
  let created = false;
  for (const c of changes) {
    if (c.procedure === 'imports.apply') {
      // An import created the object (on its import's day, by whoever imported), or changed some of its fields.
      const { rows } = JSON.parse(c.input) as { rows: { objectId: string | null; changed: string[]; wanted: Record<string, unknown> }[] };
      const row = rows.find((r) => r.objectId === input.id);
      if (row) {
        const changes = Object.fromEntries(row.changed.filter((f) => f in row.wanted).map((f) => [f, row.wanted[f]]));
        events.push({ id: c.id, kind: 'edited', at: c.at, personName: c.person, procedure: c.procedure, changes });
      } else if (!created && c.at === object.createdAt) {
        created = true;
        events.push({ id: c.id, kind: 'created', at: c.at, personName: c.person, procedure: c.procedure });
      }
      continue;
    }
    if (RECORDED_ELSEWHERE.test(c.procedure)) continue;
    const { id: _id, ids: _ids, ...fields } = JSON.parse(c.input) as Record<string, unknown>;
    const kind = c.procedure === 'objects.create' ? 'created' : 'edited';
    created ||= kind === 'created';
    events.push({ id: c.id, kind, at: c.at, personName: c.person, procedure: c.procedure, changes: fields });
  }
  if (!created) events.push({ id: object.id, kind: 'created', at: object.createdAt, personName: null });
  for (const movement of objectMovements(ctx, input.id)) events.push({ id: movement.id, kind: 'moved', at: movement.at, personName: movement.personName, movement });
  for (const condition of conditionHistory(ctx, input.id)) {
    events.push({ id: condition.id, kind: 'condition', at: condition.recordedAt, personName: condition.recordedBy, condition });
  }
  // Newest first; ids are time-ordered (UUIDv7), so they settle what happened within one millisecond.
  events.sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));
  return { events };
}

export function listChanges(ctx: CallContext, input: ParsedInput<'changes.list'>): Output<'changes.list'> {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: input.limit ?? 100, offset: input.offset ?? 0 };
  if (input.personId) {
    where.push('c.person_id = @person');
    params.person = input.personId;
  }
  if (input.entityId) {
    where.push('c.seq IN (SELECT seq FROM op_targets WHERE entity_id = @entity)');
    params.entity = input.entityId;
  }
  if (input.since) {
    where.push('c.hlc >= @since');
    params.since = input.since;
  }
  if (input.until) {
    where.push('c.hlc < @until');
    params.until = new Date(Date.parse(input.until) + 86_400_000).toISOString().slice(0, 10);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const { total } = ctx.db.prepare(`SELECT count(*) AS total FROM ops c ${clause}`).get(params) as { total: number };
  const rows = ctx.db
    .prepare(
      `SELECT c.op_id AS id, c.seq, substr(c.hlc, 1, 24) AS at, c.person_id AS personId, p.name AS personName, c.procedure, c.input,
         (SELECT count(*) FROM op_targets t WHERE t.seq = c.seq) AS targetCount,
         (SELECT json_group_array(entity_id) FROM (SELECT entity_id FROM op_targets t WHERE t.seq = c.seq LIMIT 20)) AS targetIds
       FROM ops c LEFT JOIN people p ON p.id = c.person_id ${clause} ORDER BY c.hlc DESC, c.seq DESC LIMIT @limit OFFSET @offset`,
    )
    .all(params) as { id: string; seq: number; at: string; personId: string | null; personName: string | null; procedure: string; input: string; targetCount: number; targetIds: string }[];
  return { items: rows.map((r) => ({ ...r, input: JSON.parse(r.input) as unknown, targetIds: JSON.parse(r.targetIds) as string[] })), total };
}
