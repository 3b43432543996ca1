import exifr from 'exifr';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import pLimit, { type LimitFunction } from 'p-limit';
import { AppError, keyedMessage, type Output, type ParsedInput, type Photo, type PHOTO_EXTENSIONS } from '../../contract';

type PhotoExtension = (typeof PHOTO_EXTENSIONS)[number];
import type { CallContext, JobContext } from '../context';
import { requireLocation } from '../locations/locations';
import { isDiskFull } from '../exchange/parts';
import { damagedSecondaries, decodeImage } from './decode';
import { queuePreviews, writeDerivative } from './previews';
import { filenameKeys, numberKey } from './filenames';
import { copyHashing, derivedPath, incomingPath, MAX_PHOTO_BYTES, originalPath, place, tmpPath } from './store';

const SELECT_PHOTO = `SELECT p.*, pe.name AS person_name FROM photos p LEFT JOIN people pe ON pe.id = p.person_id`;

interface PhotoRow {
  id: string;
  sha256: string;
  original_name: string;
  extension: string;
  format: string;
  byte_size: number;
  width: number;
  height: number;
  taken_at: string | null;
  camera_make: string | null;
  camera_model: string | null;
  latitude: number | null;
  longitude: number | null;
  imported_at: string;
  person_name: string | null;
}

const toPhoto = (r: PhotoRow): Photo => ({
  id: r.id,
  sha256: r.sha256,
  originalName: r.original_name,
  format: r.format,
  byteSize: r.byte_size,
  width: r.width,
  height: r.height,
  takenAt: r.taken_at,
  cameraMake: r.camera_make,
  cameraModel: r.camera_model,
  latitude: r.latitude,
  longitude: r.longitude,
  importedAt: r.imported_at,
  importedBy: r.person_name,
});

export function getPhoto(ctx: Pick<CallContext, 'db'>, id: string): Photo {
  const row = ctx.db.prepare(`${SELECT_PHOTO} WHERE p.id = ?`).get(id) as PhotoRow | undefined;
  if (!row) throw AppError.of('NOT_FOUND', 'photos.notFound', { id }, { id });
  return toPhoto(row);
}

export function listPhotos(ctx: CallContext, input: ParsedInput<'photos.list'>): Output<'photos.list'> {
  const rows = ctx.db
    .prepare(
      `${SELECT_PHOTO.replace('FROM photos p', 'FROM photo_links l JOIN photos p ON p.id = l.photo_id')
        .replace('SELECT p.*', 'SELECT p.*, l.role, l.caption, l.is_primary')}
       WHERE l.target_id = @target AND (@role IS NULL OR l.role = @role)
       ORDER BY l.is_primary DESC, coalesce(p.taken_at, p.imported_at), p.id`,
    )
    .all({ target: input.targetId, role: input.role ?? null }) as (PhotoRow & { role: Output<'photos.list'>['photos'][number]['role']; caption: string; is_primary: number })[];
  return { photos: rows.map((r) => ({ ...toPhoto(r), role: r.role, caption: r.caption, primary: r.is_primary === 1 })) };
}

type Target = ParsedInput<'photos.attach'>['target'];

const TARGETS = {
  object: { table: 'objects', live: 'AND removed = 0', notFound: 'objects.notFound', topic: 'objects' },
  location: { table: 'locations', live: 'AND removed = 0', notFound: 'locations.notFound', topic: 'locations' },
  movement: { table: 'movements', live: '', notFound: 'moves.movementNotFound', topic: 'moves' },
  viewpoint: { table: 'viewpoints', live: '', notFound: 'viewpoints.notFound', topic: 'locations' },
} as const;

function requireTarget(ctx: Pick<CallContext, 'db'>, target: Target): void {
  const { table, live, notFound } = TARGETS[target.kind];
  if (!ctx.db.prepare(`SELECT 1 FROM ${table} WHERE id = ? ${live}`).get(target.id)) throw AppError.of('NOT_FOUND', notFound, { id: target.id }, { target });
}

function link(ctx: Pick<CallContext, 'db' | 'now' | 'touch'>, photoId: string, target: Target, role: string): void {
  ctx.db
    .prepare(
      `INSERT INTO photo_links (photo_id, target_kind, target_id, role, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (target_id, photo_id) DO UPDATE SET role = excluded.role`,
    )
    .run(photoId, target.kind, target.id, role, ctx.now);
  // The first photo of something becomes its primary photo.
  ctx.db
    .prepare(
      `UPDATE photo_links SET is_primary = 1 WHERE target_id = ? AND photo_id = ?
       AND NOT EXISTS (SELECT 1 FROM photo_links WHERE target_id = ? AND is_primary = 1)`,
    )
    .run(target.id, photoId, target.id);
  ctx.touch('photos', photoId);
  ctx.touch(TARGETS[target.kind].topic, target.id);
}

export function attachPhotos(ctx: CallContext, input: ParsedInput<'photos.attach'>): Output<'photos.attach'> {
  requireTarget(ctx, input.target);
  const ids = [...new Set(input.photoIds)];
  for (const id of ids) getPhoto(ctx, id);
  for (const id of ids) link(ctx, id, input.target, input.role ?? 'general');
  return { attached: ids.length };
}

export function updatePhotoLink(ctx: CallContext, input: ParsedInput<'photos.updateLink'>): Output<'photos.updateLink'> {
  const exists = ctx.db.prepare('SELECT 1 FROM photo_links WHERE photo_id = ? AND target_id = ?').get(input.photoId, input.targetId);
  if (!exists) throw AppError.of('NOT_FOUND', 'photos.notAttached', {}, input);
  if (input.caption !== undefined || input.role !== undefined) {
    ctx.db
      .prepare('UPDATE photo_links SET caption = coalesce(?, caption), role = coalesce(?, role) WHERE photo_id = ? AND target_id = ?')
      .run(input.caption ?? null, input.role ?? null, input.photoId, input.targetId);
  }
  if (input.primary) {
    ctx.db.prepare('UPDATE photo_links SET is_primary = 0 WHERE target_id = ?').run(input.targetId);
    ctx.db.prepare('UPDATE photo_links SET is_primary = 1 WHERE target_id = ? AND photo_id = ?').run(input.targetId, input.photoId);
  }
  ctx.touch('photos', input.photoId, input.targetId);
  return listPhotos(ctx, { targetId: input.targetId }).photos.find((p) => p.id === input.photoId)!;
}

export function detachPhoto(ctx: CallContext, input: ParsedInput<'photos.detach'>): Output<'photos.detach'> {
  const { changes } = ctx.db.prepare('DELETE FROM photo_links WHERE photo_id = ? AND target_id = ?').run(input.photoId, input.targetId);
  if (changes > 0) ctx.touch('photos', input.photoId, input.targetId);
  return { detached: changes > 0 };
}

/** Object numbers, keyed the way file names are read, for assigning by file name. */
function objectsByNumberKey(ctx: Pick<CallContext, 'db'>): Map<string, { id: string; displayNumber: string; name: string }[]> {
  const rows = ctx.db
    .prepare('SELECT id, coalesce(number, temp_number) AS displayNumber, name FROM objects WHERE removed = 0')
    .all() as { id: string; displayNumber: string; name: string }[];
  const map = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = numberKey(row.displayNumber);
    map.set(key, [...(map.get(key) ?? []), row]);
  }
  return map;
}

function matchName(byKey: ReturnType<typeof objectsByNumberKey>, name: string): Output<'photos.matchFilenames'>['matches'][number] {
  const keys = filenameKeys(name);
  const none = { name, objectId: null, displayNumber: null, objectName: null };
  if (keys.length === 0) return { ...none, number: null, status: 'no_number' };
  for (const key of keys) {
    const found = byKey.get(key);
    if (!found) continue;
    if (found.length > 1) return { ...none, number: found[0]!.displayNumber, status: 'ambiguous' };
    const [object] = found as [(typeof found)[number]];
    return { name, number: object.displayNumber, objectId: object.id, displayNumber: object.displayNumber, objectName: object.name, status: 'match' };
  }
  return { ...none, number: keys.at(-1)!, status: 'unknown' };
}

export function matchFilenames(ctx: CallContext, input: ParsedInput<'photos.matchFilenames'>): Output<'photos.matchFilenames'> {
  const byKey = objectsByNumberKey(ctx);
  return { matches: input.names.map((name) => matchName(byKey, name)) };
}

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.jpe', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif', '.heic', '.heif']);

interface Source {
  /** What the user calls this file: its path, or its name for an upload. */
  file: string;
  name: string;
  path: string;
}

/** Files named directly are all tried; in a folder, only image files are taken (hidden files skipped). */
async function expandPaths(paths: string[], errors: Output<'photos.import'>['errors']): Promise<Source[]> {
  const out: Source[] = [];
  const visit = async (path: string, named: boolean) => {
    const info = await stat(path).catch(() => null);
    if (!info) return void errors.push({ file: path, ...keyedMessage('photos.noSuchFile') });
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => !n.startsWith('.')).sort();
      for (const name of names) await visit(join(path, name), false);
    } else if (info.isFile() && (named || IMAGE_EXTENSIONS.has(extname(path).toLowerCase()))) {
      out.push({ file: path, name: basename(path), path });
    }
  };
  for (const path of paths) await visit(path, true);
  return out;
}

/** EXIF fields worth keeping: when, with what camera, and where. */
async function readExif(file: string) {
  const tags = (await exifr
    .parse(file, { pick: ['DateTimeOriginal', 'Make', 'Model', 'GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef'], reviveValues: false })
    .catch(() => null)) as
    | { DateTimeOriginal?: string; Make?: string; Model?: string; latitude?: number; longitude?: number }
    | null
    | undefined;
  const taken = tags?.DateTimeOriginal?.match(/^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/);
  const finite = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : null);
  return {
    takenAt: taken ? `${taken[1]}-${taken[2]}-${taken[3]}T${taken[4]}:${taken[5]}:${taken[6]}` : null,
    make: tags?.Make?.trim() || null,
    model: tags?.Model?.trim() || null,
    latitude: finite(tags?.latitude),
    longitude: finite(tags?.longitude),
  };
}

/**
 * Stores one file: copy to tmp/ while hashing; if the content is new, decode it, make its thumbnail,
 * move everything into place, then record it (the preview follows in the background). Nothing half-written is left in place: a failure removes
 * the work files, and files placed before a crash are swept at the next open.
 */
/** Photos being stored right now, by content: the same file twice in one import is stored once. */
const storing = new WeakMap<object, Map<string, Promise<string>>>();

interface Claim {
  resolve(photoId: string): void;
  reject(error: unknown): void;
}

/** Marks content as being stored; others with the same content wait for the photo id it settles with. */
function claim(inProgress: Map<string, Promise<string>>, sha256: string): Claim {
  let settle!: Claim;
  const promise = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  promise.catch(() => {});
  inProgress.set(sha256, promise);
  return settle;
}

/** Where an import attaches a photo: the target, the role, and how the result names it (a number, a code). */
interface Attachment {
  target: Target;
  role: Output<'photos.list'>['photos'][number]['role'];
  shown: string;
}

async function storeOne(ctx: JobContext, source: Source, attachment: Attachment | null, decoding: LimitFunction) {
  const work = { original: tmpPath(ctx.catalogue.mediaDir), thumb: tmpPath(ctx.catalogue.mediaDir) };
  let sha256: string | null = null;
  let mine: Claim | undefined;
  const inProgress = storing.get(ctx.catalogue) ?? new Map<string, Promise<string>>();
  storing.set(ctx.catalogue, inProgress);
  try {
    const info = await stat(source.path).catch(() => {
      throw AppError.of('NOT_FOUND', 'photos.fileGone');
    });
    if (info.size === 0) throw AppError.of('VALIDATION', 'photos.fileEmpty');
    const copied = await copyHashing(createReadStream(source.path), work.original, MAX_PHOTO_BYTES);
    sha256 = copied.sha256;
    const stored = ctx.db.prepare('SELECT id FROM photos WHERE sha256 = ?').get(sha256) as { id: string } | undefined;
    const existingId = stored?.id ?? (await inProgress.get(sha256));
    if (existingId) {
      if (attachment) ctx.write('photos.attach', { photoIds: [existingId], target: attachment.target, role: attachment.role });
      return { photoId: existingId, duplicate: true, attachedTo: attachment?.shown ?? null };
    }
    mine = claim(inProgress, sha256);
    ctx.catalogue.mediaInFlight.add(sha256);
    const { image, exif, damage } = await decoding(async () => {
      const image = await decodeImage(work.original);
      const [exif, , damage] = await Promise.all([readExif(work.original), writeDerivative(image, 'thumb', work.thumb), damagedSecondaries(work.original, image)]);
      return { image, exif, damage };
    });
    await place(work.original, originalPath(ctx.catalogue.mediaDir, sha256, image.extension));
    await place(work.thumb, derivedPath(ctx.catalogue.mediaDir, sha256, 'thumb'));
    // The files are in place; the operation records them, with what the import learnt of them.
    const { photoId } = ctx.write('photos.store', {
      sha256,
      extension: image.extension as PhotoExtension,
      format: image.format,
      byteSize: copied.size,
      width: image.width,
      height: image.height,
      takenAt: exif.takenAt,
      cameraMake: exif.make,
      cameraModel: exif.model,
      latitude: exif.latitude,
      longitude: exif.longitude,
      originalName: source.name.slice(0, 255),
      attach: attachment ? { target: attachment.target, role: attachment.role } : null,
    });
    mine.resolve(photoId);
    return { photoId, duplicate: false, attachedTo: attachment?.shown ?? null, stored: { sha256, extension: image.extension }, damage };
  } catch (error) {
    mine?.reject(error);
    throw error;
  } finally {
    if (sha256 && mine) {
      ctx.catalogue.mediaInFlight.delete(sha256);
      inProgress.delete(sha256);
    }
    await Promise.all(Object.values(work).map((f) => rm(f, { force: true })));
  }
}

/**
 * A stored photo, recorded: its original is in the media store already (the import put it there, or the replay or
 * sync that brings this operation copied it by hash). A photo already recorded with the same content is the same photo.
 */
export function storePhoto(ctx: CallContext, input: ParsedInput<'photos.store'>): Output<'photos.store'> {
  if (!existsSync(originalPath(ctx.catalogue.mediaDir, input.sha256, input.extension))) {
    throw AppError.of('NOT_FOUND', 'photos.originalMissing', { sha256: input.sha256 }, { sha256: input.sha256 });
  }
  if (input.attach) requireTarget(ctx, input.attach.target);
  const existing = ctx.db.prepare('SELECT id FROM photos WHERE sha256 = ?').pluck().get(input.sha256) as string | undefined;
  const photoId = existing ?? ctx.mint.id();
  if (!existing) {
    ctx.db
      .prepare(
        `INSERT INTO photos (id, sha256, original_name, extension, format, byte_size, width, height, taken_at, camera_make, camera_model,
           latitude, longitude, imported_at, person_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(photoId, input.sha256, input.originalName, input.extension, input.format, input.byteSize, input.width, input.height, input.takenAt,
        input.cameraMake, input.cameraModel, input.latitude, input.longitude, ctx.now, ctx.personId);
    ctx.touch('photos', photoId);
  }
  if (input.attach) link(ctx, photoId, input.attach.target, input.attach.role);
  return { photoId };
}

export async function importPhotos(ctx: JobContext, input: ParsedInput<'photos.import'>): Promise<Output<'photos.import'>> {
  if (input.paths?.length && ctx.remote) {
    throw AppError.of('VALIDATION', 'photos.uploadOverNetwork');
  }
  if (input.attachTo) requireTarget(ctx, input.attachTo);
  if (input.attachTo && input.byFilename) throw AppError.of('VALIDATION', 'photos.attachOneWay');
  const role = input.role ?? 'general';
  const errors: Output<'photos.import'>['errors'] = [];
  const warnings: Output<'photos.import'>['warnings'] = [];
  const sources: Source[] = [
    ...(await expandPaths(input.paths ?? [], errors)),
    ...(input.uploads ?? []).map((u) => ({ file: u.name, name: u.name, path: incomingPath(ctx.catalogue.mediaDir, u.uploadId) })),
  ];
  const byKey = input.byFilename ? objectsByNumberKey(ctx) : null;
  const fixed: Attachment | null = input.attachTo
    ? { target: input.attachTo, role, shown: input.attachTo.kind === 'location' ? requireLocation(ctx, input.attachTo.id).code : input.attachTo.id }
    : null;
  const attachmentOf = (name: string): Attachment | null => {
    if (fixed) return fixed;
    const match = byKey && matchName(byKey, name);
    if (match?.status !== 'match') return null;
    return { target: { kind: 'object', id: match.objectId! }, role, shown: match.displayNumber! };
  };

  const added: Output<'photos.import'>['added'] = [];
  const stored: { sha256: string; extension: string }[] = [];
  let done = 0;
  const total = sources.length + errors.length;
  const report = (current: string | null) => ctx.progress({ done: done + errors.length, total, current, errors: errors.length });
  report(null);
  // Decoding takes one core per photo while it computes, and none while it reads the file or writes the thumbnail:
  // one more photo is decoded at once than there are cores, so that a core is not left idle then (measured: 0.76x to
  // 0.86x raw sharp on two cores, against 0.65x to 0.71x with one per core and 0.73x with two more). Three times as
  // many as there are cores are in flight, so that copying, hashing and recording others keep a photo ready.
  const decoding = pLimit(Math.max(1, availableParallelism()) + 1);
  const limit = pLimit(3 * Math.max(1, availableParallelism()));
  await Promise.all(
    sources.map((source) =>
      limit(async () => {
        if (ctx.signal.aborted) return;
        report(source.name);
        try {
          const { stored: newFile, damage, ...result } = await storeOne(ctx, source, attachmentOf(source.name), decoding);
          added.push({ file: source.file, ...result });
          if (damage) warnings.push({ file: source.file, ...keyedMessage('photos.secondaryDamaged', { reason: damage }) });
          if (newFile) stored.push(newFile);
        } catch (error) {
          // A full disk says so (not "could not be imported: ENOSPC ..."): nothing of this photo was kept.
          const failure =
            error instanceof AppError
              ? error.translatable()
              : isDiskFull(error)
                ? keyedMessage('request.diskFull')
                : keyedMessage('photos.importFailed', { reason: (error as Error).message });
          errors.push({ file: source.file, ...failure });
        }
        done++;
        report(null);
      }),
    ),
  );
  for (const upload of input.uploads ?? []) await rm(incomingPath(ctx.catalogue.mediaDir, upload.uploadId), { force: true });
  queuePreviews(ctx.catalogue, stored);
  const order = new Map(sources.map((s, i) => [s.file, i]));
  added.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  warnings.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  return { added, errors, warnings, cancelled: ctx.signal.aborted, notProcessed: sources.length - done };
}
