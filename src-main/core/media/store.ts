import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, MAX_UPLOAD_BYTES, type PhotoVariant } from '../../contract';
import type { Catalogue } from '../catalogue';
// Work files and uploads are named by fresh ids: file names, not catalogue ids, so the media store may mint them.
import { freshId } from '../ops/ids';
import { ensurePreview, queuePreviews } from './previews';
import { sweepParts } from '../exchange/parts';

/**
 * The media store, under the catalogue's media/ folder:
 *   originals/ab/<sha256>.<ext>        the files as imported, never modified
 *   derived/ab/<sha256>-thumb.jpg      256 px and 1600 px versions, the right way up
 *   tmp/                               work in progress; emptied at every open
 *   incoming/<upload id>               files uploaded over HTTP, waiting to be imported
 */
export const mediaDirs = (mediaDir: string) => ({
  originals: join(mediaDir, 'originals'),
  derived: join(mediaDir, 'derived'),
  tmp: join(mediaDir, 'tmp'),
  incoming: join(mediaDir, 'incoming'),
});

/** Exports and import reports waiting to be downloaded, beside media/ in the catalogue folder. */
export const exportsDir = (catalogueDir: string) => join(catalogueDir, 'exports');

export const originalPath = (mediaDir: string, sha256: string, extension: string) =>
  join(mediaDirs(mediaDir).originals, sha256.slice(0, 2), `${sha256}.${extension}`);

export const derivedPath = (mediaDir: string, sha256: string, variant: Exclude<PhotoVariant, 'original'>) =>
  join(mediaDirs(mediaDir).derived, sha256.slice(0, 2), `${sha256}-${variant}.jpg`);

export const tmpPath = (mediaDir: string) => join(mediaDirs(mediaDir).tmp, freshId());

/** Moves a finished file into place, creating its folder. */
export async function place(from: string, to: string): Promise<void> {
  await mkdir(join(to, '..'), { recursive: true });
  await rename(from, to);
}

/** Copies a stream to a file while hashing it; refuses more than `limit` bytes. */
export async function copyHashing(source: Readable, to: string, limit: number): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limit) return done(AppError.of('TOO_LARGE', 'photos.fileTooLarge', { megabytes: Math.round(limit / 1024 / 1024) }));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await mkdir(join(to, '..'), { recursive: true });
  await pipeline(source, counter, createWriteStream(to));
  return { sha256: hash.digest('hex'), size };
}

export const MAX_PHOTO_BYTES = MAX_UPLOAD_BYTES;

/** Stores an uploaded file in incoming/ and returns the id to import it by. */
export async function stageUpload(mediaDir: string, source: Readable): Promise<string> {
  const uploadId = freshId();
  const { incoming } = mediaDirs(mediaDir);
  const part = join(incoming, `${uploadId}.part`);
  try {
    await copyHashing(source, part, MAX_PHOTO_BYTES);
    await rename(part, join(incoming, uploadId));
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
  return uploadId;
}

export const incomingPath = (mediaDir: string, uploadId: string) => join(mediaDirs(mediaDir).incoming, uploadId);

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  tif: 'image/tiff',
  gif: 'image/gif',
  avif: 'image/avif',
  heic: 'image/heic',
};

/** The file behind GET /media/{photoId}/{variant}, for the HTTP server and the desktop app's protocol. */
export async function mediaFile(catalogue: Catalogue, photoId: string, variant: PhotoVariant): Promise<{ path: string; contentType: string }> {
  const row = catalogue.db.prepare('SELECT sha256, extension FROM photos WHERE id = ?').get(photoId) as { sha256: string; extension: string } | undefined;
  if (!row) throw AppError.of('NOT_FOUND', 'photos.noSuchPhoto');
  if (variant === 'original') {
    return { path: originalPath(catalogue.mediaDir, row.sha256, row.extension), contentType: CONTENT_TYPES[row.extension] ?? 'application/octet-stream' };
  }
  const path = variant === 'preview' ? await ensurePreview(catalogue, row.sha256, row.extension) : derivedPath(catalogue.mediaDir, row.sha256, variant);
  return { path, contentType: 'image/jpeg' };
}

/** The file of a finished export or import report, for GET /exports/{exportId}; a report is written when first asked for. */
export async function exportFile(catalogue: Pick<Catalogue, 'dir' | 'exportsOnDemand'>, exportId: string): Promise<{ path: string; name: string }> {
  if (!/^[0-9a-f-]{36}$/.test(exportId)) throw AppError.of('NOT_FOUND', 'exports.notFound');
  await catalogue.exportsOnDemand.get(exportId)?.();
  const dir = join(exportsDir(catalogue.dir), exportId);
  const name = (await readdir(dir).catch(() => [] as string[])).find((f) => !f.endsWith('.part'));
  if (!name) throw AppError.of('NOT_FOUND', 'exports.expired');
  return { path: join(dir, name), name };
}

/** What a transport needs of the catalogue's files: uploads in; photos, exports and reports out. */
export interface MediaServices {
  dir: string;
  stageUpload(body: Readable): Promise<string>;
  file(photoId: string, variant: PhotoVariant): Promise<{ path: string; contentType: string }>;
  exportFile(exportId: string): Promise<{ path: string; name: string }>;
}

export const mediaServices = (catalogue: Catalogue): MediaServices => ({
  dir: catalogue.mediaDir,
  stageUpload: (body) => stageUpload(catalogue.mediaDir, body),
  file: (photoId, variant) => mediaFile(catalogue, photoId, variant),
  exportFile: (exportId) => exportFile(catalogue, exportId),
});

const DAY = 24 * 60 * 60 * 1000;

/**
 * Sweeps what a crash can leave behind: work files in tmp/, uploads never imported, and stored files
 * that no photo record names (written, then the process died before the record was committed).
 */
export async function sweepMedia(catalogue: Catalogue, openedAt: number, now: () => number): Promise<{ removed: number }> {
  const dirs = mediaDirs(catalogue.mediaDir);
  let removed = 0;
  const remove = async (path: string) => {
    await rm(path, { force: true, recursive: true });
    removed++;
  };
  const list = async (dir: string) => readdir(dir).catch(() => [] as string[]);
  // Work files from before this session are debris; newer ones belong to work in progress.
  for (const name of await list(dirs.tmp)) {
    const info = await stat(join(dirs.tmp, name)).catch(() => null);
    if (info && info.mtimeMs < openedAt) await remove(join(dirs.tmp, name));
  }
  for (const name of await list(dirs.incoming)) {
    const path = join(dirs.incoming, name);
    const info = await stat(path).catch(() => null);
    if (name.endsWith('.part') || (info && now() - info.mtimeMs > DAY)) await remove(path);
  }
  const recorded = catalogue.db.prepare('SELECT 1 FROM photos WHERE sha256 = ?');
  const previews = new Set<string>();
  for (const root of [dirs.originals, dirs.derived]) {
    for (const bucket of await list(root)) {
      for (const name of await list(join(root, bucket))) {
        if (name.endsWith('-preview.jpg')) previews.add(name.slice(0, 64));
        // Checked at the moment of removal: an import may have recorded or started this file since the sweep began.
        const sha256 = name.slice(0, 64);
        if (!catalogue.mediaInFlight.has(sha256) && !recorded.get(sha256)) await remove(join(root, bucket, name));
      }
    }
  }
  // Exports a killed process left half written (.part files) go; finished ones are kept a day for downloading.
  removed += await sweepParts(catalogue.dir, openedAt);
  const exports = exportsDir(catalogue.dir);
  for (const name of await list(exports)) {
    const info = await stat(join(exports, name)).catch(() => null);
    if (name !== 'parts' && info && now() - info.mtimeMs > DAY) await remove(join(exports, name));
  }
  // Previews not yet made (an import stopped before its background work was done) are made now.
  const photos = catalogue.db.prepare('SELECT sha256, extension FROM photos').all() as { sha256: string; extension: string }[];
  queuePreviews(catalogue, photos.filter((p) => !previews.has(p.sha256)));
  return { removed };
}
