import type { Output, ParsedInput } from '../../contract';
import { catalogueName } from '../catalogue-name';
import type { CallContext } from '../context';
import { isRoomSql } from '../locations/model';
import { changesBetween, compareMeasures, describeChanges, listMilestones, requireMilestone } from './milestones';
import { byRoomCode } from './state';
import { listViewpoints } from './viewpoints';

const ATTENTION_LIMIT = 1000;

export function beforeAfterReport(ctx: CallContext, input: ParsedInput<'reports.beforeAfter'>): Output<'reports.beforeAfter'> {
  const from = requireMilestone(ctx, input.fromMilestoneId);
  const to = requireMilestone(ctx, input.toMilestoneId);
  const attention = changesBetween(ctx, from, to)
    .map((change) => {
      const reasons = [
        change.inHolding && ('in_holding' as const),
        change.onFloor && ('on_floor' as const),
        change.toLocationCode === null && ('unlocated' as const),
        change.conditionWorse && ('condition_worse' as const),
      ].filter((r) => r !== false);
      return { change, reasons };
    })
    .filter(({ reasons }) => reasons.length > 0);
  const shown = attention.slice(0, ATTENTION_LIMIT);
  const described = describeChanges(ctx, shown.map(({ change }) => change)).map(({ rowid: _rowid, roomId: _room, onFloor: _floor, seenSinceBefore: _seen, ...row }, i) => ({ ...row, reasons: shown[i]!.reasons }));
  const team = (
    ctx.db
      .prepare(
        `SELECT DISTINCT p.name FROM ops c JOIN people p ON p.id = c.person_id WHERE c.hlc > ? AND substr(c.hlc, 1, 24) <= ? ORDER BY p.name COLLATE NOCASE`,
      )
      .all(from.at, to.at) as { name: string }[]
  ).map((r) => r.name);
  return {
    catalogueName: catalogueName(ctx),
    from,
    to,
    team,
    measures: compareMeasures(ctx, input),
    viewpoints: listViewpoints(ctx, {}).viewpoints.map((v) => ({
      viewpointId: v.id,
      name: v.name,
      roomCode: v.locationCode,
      roomName: v.locationName,
      fromPhotoId: v.photos.find((p) => p.milestoneId === from.id)?.photoId ?? null,
      toPhotoId: v.photos.find((p) => p.milestoneId === to.id)?.photoId ?? null,
    })),
    attention: described,
    attentionTotal: attention.length,
  };
}

/** Local midnight on the day of `now`, as an ISO time: "today" is the workshop's day, not UTC's. */
const startOfDay = (now: string) => {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
};

export function workshopProgress(ctx: CallContext): Output<'dashboard.progress'> {
  const before = listMilestones(ctx).find((m) => m.kind === 'before')?.at ?? '';
  const activity = (since: string) => {
    const n = (sql: string) => (ctx.db.prepare(sql).get(since) as { n: number }).n;
    return {
      moved: n('SELECT count(DISTINCT object_id) AS n FROM movements WHERE at >= ?'),
      photographed: n(`SELECT count(DISTINCT target_id) AS n FROM photo_links WHERE target_kind = 'object' AND created_at >= ?`),
      checked: n('SELECT count(DISTINCT object_id) AS n FROM condition_checks WHERE at >= ?'),
    };
  };
  const rows = changesBetween(ctx, { id: '', name: '', kind: 'before', at: before }, { id: '', name: '', kind: 'other', at: ctx.now });
  const rooms = new Map<string | null, { locationId: string | null; code: string | null; name: string | null; objects: number; inHolding: number; onFloor: number; notSeenSinceBefore: number }>();
  const roomRows = ctx.db.prepare(`SELECT id, code, name FROM locations WHERE ${isRoomSql('type')} AND removed = 0`).all() as { id: string; code: string; name: string }[];
  for (const r of roomRows) rooms.set(r.id, { locationId: r.id, code: r.code, name: r.name, objects: 0, inHolding: 0, onFloor: 0, notSeenSinceBefore: 0 });
  for (const row of rows) {
    const room = rooms.get(row.roomId) ?? { locationId: null, code: null, name: null, objects: 0, inHolding: 0, onFloor: 0, notSeenSinceBefore: 0 };
    rooms.set(row.roomId, room);
    room.objects++;
    if (row.inHolding) room.inHolding++;
    if (row.onFloor) room.onFloor++;
    if (!row.seenSinceBefore) room.notSeenSinceBefore++;
  }
  const people = ctx.db
    .prepare(
      `SELECT p.id AS personId, p.name,
         (SELECT count(*) FROM movements m WHERE m.person_id = p.id AND m.at > @b) AS moved,
         (SELECT count(*) FROM photos ph WHERE ph.person_id = p.id AND ph.imported_at > @b) AS photographed,
         (SELECT count(*) FROM condition_checks c WHERE c.person_id = p.id AND c.at > @b) AS checked,
         (SELECT count(*) FROM ops c WHERE c.person_id = p.id AND c.hlc > @b) AS changes
       FROM people p ORDER BY changes DESC, p.name COLLATE NOCASE`,
    )
    .all({ b: before }) as Output<'dashboard.progress'>['people'];
  return {
    today: activity(startOfDay(ctx.now)),
    sinceBefore: activity(before),
    rooms: [...rooms.values()].sort(byRoomCode),
    people,
  };
}
