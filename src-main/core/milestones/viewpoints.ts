import { AppError, type Output, type ParsedInput } from '../../contract';
import type { CallContext } from '../context';
import { requireLocation } from '../locations/locations';
import { getPhoto } from '../media/photos';
import { listMilestones, requireMilestone } from './milestones';

type Viewpoint = Output<'viewpoints.list'>['viewpoints'][number];

export function listViewpoints(ctx: Pick<CallContext, 'db'>, input: ParsedInput<'viewpoints.list'>): Output<'viewpoints.list'> {
  const rows = ctx.db
    .prepare(
      `SELECT v.id, v.location_id AS locationId, l.code AS locationCode, l.name AS locationName, v.name, v.notes
       FROM viewpoints v JOIN locations l ON l.id = v.location_id
       WHERE @location IS NULL OR v.location_id = @location ORDER BY l.code, v.position, v.name`,
    )
    .all({ location: input.locationId ?? null }) as Omit<Viewpoint, 'photos' | 'missing'>[];
  const photos = ctx.db.prepare(
    `SELECT milestone_id AS milestoneId, photo_id AS photoId FROM photo_links
     WHERE target_id = ? AND target_kind = 'viewpoint' AND milestone_id IS NOT NULL ORDER BY created_at`,
  );
  const milestones = listMilestones(ctx);
  return {
    viewpoints: rows.map((v) => {
      const taken = photos.all(v.id) as { milestoneId: string; photoId: string }[];
      return { ...v, photos: taken, missing: milestones.filter((m) => !taken.some((p) => p.milestoneId === m.id)).map((m) => m.id) };
    }),
  };
}

function getViewpoint(ctx: Pick<CallContext, 'db'>, id: string): Viewpoint {
  const found = listViewpoints(ctx, {}).viewpoints.find((v) => v.id === id);
  if (!found) throw AppError.of('NOT_FOUND', 'viewpoints.notFound', { id }, { id });
  return found;
}

export function createViewpoint(ctx: CallContext, input: ParsedInput<'viewpoints.create'>): Output<'viewpoints.create'> {
  requireLocation(ctx, input.locationId);
  const id = ctx.mint.id();
  const { n } = ctx.db.prepare('SELECT count(*) AS n FROM viewpoints WHERE location_id = ?').get(input.locationId) as { n: number };
  ctx.db
    .prepare('INSERT INTO viewpoints (id, location_id, name, notes, position, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(id, input.locationId, input.name, input.notes ?? '', n, ctx.now);
  ctx.touch('locations', id, input.locationId);
  return getViewpoint(ctx, id);
}

export function updateViewpoint(ctx: CallContext, input: ParsedInput<'viewpoints.update'>): Output<'viewpoints.update'> {
  const current = getViewpoint(ctx, input.id);
  ctx.db.prepare('UPDATE viewpoints SET name = ?, notes = ? WHERE id = ?').run(input.name ?? current.name, input.notes ?? current.notes, input.id);
  ctx.touch('locations', input.id);
  return getViewpoint(ctx, input.id);
}

export function setViewpointPhoto(ctx: CallContext, input: ParsedInput<'viewpoints.setPhoto'>): Output<'viewpoints.setPhoto'> {
  getViewpoint(ctx, input.viewpointId);
  const milestone = requireMilestone(ctx, input.milestoneId);
  getPhoto(ctx, input.photoId);
  const other = ctx.db
    .prepare(`SELECT m.name FROM photo_links l JOIN milestones m ON m.id = l.milestone_id WHERE l.target_id = ? AND l.photo_id = ? AND l.milestone_id <> ?`)
    .get(input.viewpointId, input.photoId, milestone.id) as { name: string } | undefined;
  if (other) throw AppError.of('CONFLICT', 'viewpoints.photoTaken', { milestone: other.name });
  ctx.db.prepare(`DELETE FROM photo_links WHERE target_id = ? AND milestone_id = ?`).run(input.viewpointId, milestone.id);
  ctx.db
    .prepare(
      `INSERT INTO photo_links (photo_id, target_kind, target_id, role, milestone_id, created_at) VALUES (?, 'viewpoint', ?, ?, ?, ?)
       ON CONFLICT (target_id, photo_id) DO UPDATE SET milestone_id = excluded.milestone_id, role = excluded.role`,
    )
    .run(input.photoId, input.viewpointId, milestone.kind === 'other' ? 'general' : milestone.kind, milestone.id, ctx.now);
  ctx.touch('locations', input.viewpointId);
  ctx.touch('photos', input.photoId);
  return getViewpoint(ctx, input.viewpointId);
}
