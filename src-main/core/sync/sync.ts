import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { AppError, type Output, type ParsedInput } from '../../contract';
import { catalogueName } from '../catalogue-name';
import { DATABASE_FILE, MEDIA_DIR, type Catalogue } from '../catalogue';
import type { JobContext } from '../context';
import { latestSchemaVersion } from '../db/migrate';
import { derivedPath, exportsDir, incomingPath, originalPath, place, tmpPath } from '../media/store';
import { assertWritable, latestSeq } from '../ops/operations';
import { timestampTime } from '../ops/stamps';
import { openToRead } from '../ops/verify';
import { readBundle, vectorOf, writeBundle, nodeOf, type BundleManifest, type ReadBundle, type Vector } from './bundle';
import { knownDevices, learnDevices } from './devices';
import { applyRemote, findConflicts, type RemoteOperation, type Touched } from './merge';

/** A bundle whose clock runs this far ahead of this catalogue's is applied with a warning naming its device. */
const CLOCK_AHEAD_MS = 5 * 60_000;
/** Operations merged between two reports of progress (and chances to cancel). */
const APPLY_CHUNK = 500;

type Source = ParsedInput<'sync.apply'>['source'];

function sourcePath(ctx: JobContext, source: Source): string {
  if (source.path) {
    if (ctx.remote) throw AppError.of('VALIDATION', 'sync.pathOverNetwork');
    return source.path;
  }
  return incomingPath(ctx.catalogue.mediaDir, source.uploadId!);
}

const photoKnown = (catalogue: Catalogue) => {
  const known = catalogue.db.prepare('SELECT 1 FROM photos WHERE sha256 = ?');
  return (sha256: string) => known.get(sha256) !== undefined;
};

/** The operations another copy lacks, by what it has seen: those stamped after the latest it knows from each device. */
export function lacking(db: Database.Database, vector: Vector) {
  const rows = db.prepare('SELECT * FROM ops WHERE replayable = 1 ORDER BY seq').all() as (Parameters<typeof writeBundle>[1]['rows'][number] & { hlc: string })[];
  return rows.filter((row) => {
    const seen = vector[nodeOf(row.hlc)];
    return seen === undefined || row.hlc > seen;
  });
}

const metaOf = (db: Database.Database, key: string) => (db.prepare('SELECT value FROM catalogue_meta WHERE key = ?').pluck().get(key) as string | undefined) ?? '';

/** Another copy's folder, read only: refused unless it is a copy of this catalogue, kept in this version's format. */
export function openCopy(ctx: JobContext, path: string): Database.Database {
  let peer: Database.Database;
  try {
    peer = openToRead(path);
  } catch (error) {
    throw AppError.of('VALIDATION', 'sync.notACatalogue', { path }, { reason: (error as Error).message });
  }
  try {
    if (metaOf(peer, 'catalogue_id') !== ctx.catalogue.identity.catalogueId) {
      throw AppError.of('VALIDATION', 'sync.otherCatalogue', { file: path, name: metaOf(peer, 'name') });
    }
    if ((peer.pragma('user_version', { simple: true }) as number) < latestSchemaVersion) throw AppError.of('VALIDATION', 'sync.olderCopy', { path });
    return peer;
  } catch (error) {
    peer.close();
    throw error;
  }
}

/**
 * What to apply: a bundle file, or another copy's folder, from which a bundle of what it has and this one lacks is
 * written first, in the media store's work folder (removed with the rest when discarded).
 */
async function readSource(ctx: JobContext, source: Source): Promise<ReadBundle> {
  const { catalogue } = ctx;
  const path = sourcePath(ctx, source);
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) return readBundle(path, source.name, catalogue.mediaDir, photoKnown(catalogue));
  const peer = openCopy(ctx, path);
  const file = `${tmpPath(catalogue.mediaDir)}.storeroom-sync`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeBundle(file, {
      db: peer,
      mediaDir: join(path, MEDIA_DIR),
      manifest: {
        format: 'storeroom-sync',
        version: 1,
        schema: latestSchemaVersion,
        catalogueId: catalogue.identity.catalogueId,
        catalogueName: metaOf(peer, 'name'),
        from: { deviceId: metaOf(peer, 'device_id'), deviceCode: metaOf(peer, 'device_code') },
        devices: knownDevices(peer),
        vector: vectorOf(peer),
      },
      rows: lacking(peer, vectorOf(catalogue.db)),
      has: photoKnown(catalogue),
      signal: ctx.signal,
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw AppError.of('VALIDATION', 'sync.copyPhotoMissing', { path, file: basename(error.path ?? '') });
      throw error;
    });
    const read = await readBundle(file, source.name, catalogue.mediaDir, photoKnown(catalogue));
    return { ...read, discard: () => Promise.all([read.discard(), rm(file, { force: true })]).then(() => undefined) };
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  } finally {
    peer.close();
  }
}

/** What a peer has seen: from its folder, or from a bundle it sent. */
async function peerVector(ctx: JobContext, input: ParsedInput<'sync.bundle'>): Promise<{ vector: Vector; has: (sha256: string) => boolean }> {
  if (input.forPeer) {
    const peer = openCopy(ctx, input.forPeer);
    try {
      const photos = new Set(peer.prepare('SELECT sha256 FROM photos').pluck().all() as string[]);
      return { vector: vectorOf(peer), has: (sha) => photos.has(sha) };
    } finally {
      peer.close();
    }
  }
  if (input.since) {
    const read = await readBundle(input.since, basename(input.since), ctx.catalogue.mediaDir, () => true);
    await read.discard();
    if (read.manifest.catalogueId !== ctx.catalogue.identity.catalogueId) {
      throw AppError.of('VALIDATION', 'sync.otherCatalogue', { file: basename(input.since), name: read.manifest.catalogueName });
    }
    return { vector: read.manifest.vector, has: () => false };
  }
  return { vector: input.vector ?? {}, has: () => false };
}

/** sync.bundle: the operations the other side lacks, with their photos, in one file. */
export async function makeBundle(ctx: JobContext, input: ParsedInput<'sync.bundle'>): Promise<Output<'sync.bundle'>> {
  if ((input.path || input.forPeer || input.since) && ctx.remote) throw AppError.of('VALIDATION', 'sync.pathOverNetwork');
  const { catalogue } = ctx;
  const { vector, has } = await peerVector(ctx, input);
  const rows = lacking(catalogue.db, vector);
  const name = `${(catalogueName(ctx) || 'Storeroom').replace(/[\\/:*?"<>|]+/g, '-')} ${catalogue.identity.deviceCode} ${ctx.now.slice(0, 16).replace('T', ' ').replace(':', '-')}.storeroom-sync`;
  const file = input.path ?? join(exportsDir(catalogue.dir), ctx.jobId, name);
  await mkdir(join(file, '..'), { recursive: true });
  const manifest = await writeBundle(file, {
    db: catalogue.db,
    mediaDir: catalogue.mediaDir,
    manifest: {
      format: 'storeroom-sync',
      version: 1,
      schema: latestSchemaVersion,
      catalogueId: catalogue.identity.catalogueId,
      catalogueName: catalogueName(ctx),
      from: { deviceId: catalogue.identity.deviceId, deviceCode: catalogue.identity.deviceCode },
      devices: knownDevices(catalogue.db),
      vector: vectorOf(catalogue.db),
    },
    rows,
    has,
    signal: ctx.signal,
    onProgress: (done, total) => ctx.progress({ done, total, current: null, errors: 0 }),
  });
  return {
    file: input.path ?? null,
    exportId: input.path ? null : ctx.jobId,
    fileName: basename(file),
    operations: manifest.ops.count,
    photos: manifest.photos.length,
    vector: manifest.vector,
  };
}

/** Who did what in a bundle's operations: new objects, moves, photos and conditions, by person and device. */
interface Tally {
  personId: string | null;
  deviceId: string | null;
  operations: number;
  objects: number;
  moves: number;
  photos: number;
  conditions: number;
}

function tally(op: RemoteOperation, byWho: Map<string, Tally>): void {
  const key = `${op.personId ?? ''} ${op.deviceId ?? ''}`;
  const t = byWho.get(key) ?? { personId: op.personId, deviceId: op.deviceId, operations: 0, objects: 0, moves: 0, photos: 0, conditions: 0 };
  byWho.set(key, t);
  t.operations++;
  t.objects += op.effects.filter((e) => e.t === 'objects' && e.k === 'i').length;
  t.moves += op.rows.movements?.length ?? 0;
  t.photos += op.rows.photos?.length ?? 0;
  t.conditions += op.rows.condition_checks?.length ?? 0;
}

/** Checks what a bundle is before anything is applied: the same catalogue, a schema this version reads, its clock. */
function checkManifest(ctx: JobContext, manifest: BundleManifest, name: string): string[] {
  const { catalogue } = ctx;
  if (manifest.catalogueId !== catalogue.identity.catalogueId) throw AppError.of('VALIDATION', 'sync.otherCatalogue', { file: name, name: manifest.catalogueName });
  if (manifest.schema > latestSchemaVersion) throw AppError.of('VALIDATION', 'sync.newerSchema', { file: name, schema: manifest.schema });
  const latest = Object.values(manifest.vector).sort().at(-1);
  const warnings: string[] = [];
  if (latest && Date.parse(timestampTime(latest)) - Date.parse(ctx.now) > CLOCK_AHEAD_MS) warnings.push(`clockAhead:${manifest.from.deviceCode}:${timestampTime(latest)}`);
  return warnings;
}

/** sync.inspect: what a bundle brings, from whom, before it is applied. Nothing is written. */
export async function inspectBundle(ctx: JobContext, input: ParsedInput<'sync.inspect'>): Promise<Output<'sync.inspect'>> {
  const read = await readSource(ctx, input.source);
  try {
    const warnings = checkManifest(ctx, read.manifest, input.source.name);
    const byWho = new Map<string, Tally>();
    const have = ctx.db.prepare('SELECT 1 FROM ops WHERE op_id = ?');
    let already = 0;
    // People named in the bundle itself (new on the other copy) as well as here.
    const named = new Map<string, string>();
    for await (const op of read.operations()) {
      for (const e of op.effects) if (e.t === 'people' && e.k === 'i' && typeof e.v.name === 'string') named.set(String(e.r[0]), e.v.name);
      if (have.get(op.opId)) already++;
      else tally(op, byWho);
    }
    const here = ctx.db.prepare('SELECT name FROM people WHERE id = ?').pluck();
    const names = { get: (id: string) => (here.get(id) as string | undefined) ?? named.get(id) };
    return {
      catalogueName: read.manifest.catalogueName,
      fromDevice: read.manifest.from.deviceCode,
      operations: read.manifest.ops.count,
      already,
      photos: read.manifest.photos.length,
      by: [...byWho.values()].map((t) => ({ ...t, personName: t.personId ? ((names.get(t.personId) as string | undefined) ?? null) : null })),
      warnings,
    };
  } finally {
    await read.discard();
  }
}

/**
 * sync.apply: applies a bundle, all or nothing. It is read and checked whole first; its photos go into the media store,
 * then its operations are merged in one transaction (see merge.ts), and their conflicts worked out.
 */
export async function applyBundle(ctx: JobContext, input: ParsedInput<'sync.apply'>): Promise<Output<'sync.apply'>> {
  const { catalogue } = ctx;
  assertWritable(catalogue);
  const read = await readSource(ctx, input.source);
  try {
    const warnings = checkManifest(ctx, read.manifest, input.source.name);
    // Media first: a photo's files are in place before any record names them (an apply that fails leaves orphans,
    // swept at the next open).
    let n = 0;
    for (const [sha256, files] of read.staged) {
      if (ctx.signal.aborted) throw AppError.of('CONFLICT', 'sync.cancelled');
      const extension = files.original.split('.').pop()!;
      catalogue.mediaInFlight.add(sha256);
      if (!existsSync(originalPath(catalogue.mediaDir, sha256, extension))) await place(files.original, originalPath(catalogue.mediaDir, sha256, extension));
      if (files.thumb && !existsSync(derivedPath(catalogue.mediaDir, sha256, 'thumb'))) await place(files.thumb, derivedPath(catalogue.mediaDir, sha256, 'thumb'));
      ctx.progress({ done: ++n, total: read.staged.size + read.manifest.ops.count, current: null, errors: 0 });
    }
    // Then the records, in one transaction kept open across chunks of operations, so that progress is reported and a
    // cancel heard between them; meanwhile other writes are refused (catalogue.merging), so none joins it.
    const { db } = catalogue;
    const total = read.staged.size + read.manifest.ops.count;
    const touched: Touched = { rows: new Set(), objects: new Set() };
    const before = db.prepare('SELECT count(*) FROM conflicts').pluck().get() as number;
    let applied = 0;
    let seen = 0;
    catalogue.merging = input.source.name;
    try {
      db.exec('BEGIN IMMEDIATE');
      db.pragma('defer_foreign_keys = ON');
      learnDevices(db, read.manifest.devices);
      for (const op of read.operationsNow()) {
        if (applyRemote(catalogue, op, touched)) applied++;
        if (++seen % APPLY_CHUNK === 0) {
          ctx.progress({ done: read.staged.size + seen, total, current: null, errors: 0 });
          await new Promise((resolve) => setImmediate(resolve));
          if (ctx.signal.aborted) throw AppError.of('CONFLICT', 'sync.cancelled');
        }
      }
      findConflicts(catalogue, touched);
      db.exec('COMMIT');
    } catch (error) {
      // SQLite ends a transaction itself on some errors (a full disk): roll back what is still open.
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    } finally {
      catalogue.merging = null;
    }
    ctx.progress({ done: total, total, current: null, errors: 0 });
    for (const sha256 of read.staged.keys()) catalogue.mediaInFlight.delete(sha256);
    const conflicts = (db.prepare('SELECT count(*) FROM conflicts').pluck().get() as number) - before;
    if (applied > 0) catalogue.emit({ kind: 'reload', seq: latestSeq(catalogue) });
    return { applied, skipped: seen - applied, conflicts, warnings };
  } finally {
    for (const sha256 of read.staged.keys()) catalogue.mediaInFlight.delete(sha256);
    await read.discard();
  }
}

/** Copies a folder's files, recursively, leaving out what is not the catalogue's (its lock, its database). */
async function copyTree(from: string, to: string): Promise<number> {
  let files = 0;
  for (const entry of await readdir(from, { withFileTypes: true }).catch(() => [])) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) files += await copyTree(source, join(to, entry.name));
    else if (entry.isFile() && !entry.name.endsWith('.part')) {
      await mkdir(to, { recursive: true });
      await copyFile(source, join(to, entry.name));
      files++;
    }
  }
  return files;
}

/**
 * sync.copy: a field copy in a new folder, with the same catalogue identity, every operation and photo, and a device
 * of its own whose code this catalogue issues (so the copies it makes never mint the same numbers).
 */
export async function takeFieldCopy(ctx: JobContext, input: ParsedInput<'sync.copy'>): Promise<Output<'sync.copy'>> {
  if (ctx.remote) throw AppError.of('VALIDATION', 'sync.pathOverNetwork');
  const { catalogue } = ctx;
  const target = resolve(input.path);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw AppError.of('VALIDATION', 'sync.notAFolder', { path: target });
    if ((await readdir(target)).length > 0) throw AppError.of('VALIDATION', 'sync.notEmpty', { path: target });
  }
  await mkdir(target, { recursive: true });
  const code = issueDeviceCode(catalogue);
  catalogue.db.prepare('VACUUM INTO ?').run(join(target, DATABASE_FILE));
  const copy = new Database(join(target, DATABASE_FILE));
  try {
    // The copy is another device: its own id and the code issued for it; what was local to this one stays here.
    copy.prepare(`DELETE FROM catalogue_meta WHERE key IN ('device_id', 'device_home', 'labels.offset', 'labels.template', 'labels.code')`).run();
    copy.prepare(`INSERT OR REPLACE INTO catalogue_meta (key, value) VALUES ('device_code', ?)`).run(code);
    copy.prepare('DELETE FROM job_requests').run();
  } finally {
    copy.close();
  }
  let n = 0;
  for (const folder of ['media/originals', 'media/derived', 'history']) {
    n += await copyTree(join(catalogue.dir, folder), join(target, folder));
    ctx.progress({ done: n, total: n, current: folder, errors: 0 });
  }
  return { path: target, deviceCode: code };
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A device code no device of this catalogue has used or been given, recorded as given. */
function issueDeviceCode(catalogue: Catalogue): string {
  const { db } = catalogue;
  const issued = new Set(JSON.parse((db.prepare(`SELECT value FROM catalogue_meta WHERE key = 'issued_codes'`).pluck().get() as string | undefined) ?? '[]') as string[]);
  const used = new Set([...issued, catalogue.identity.deviceCode]);
  for (const minted of db.prepare('SELECT minted FROM ops WHERE minted IS NOT NULL').pluck().iterate() as IterableIterator<string>) {
    for (const match of minted.matchAll(/"[MT]-([0-9A-Z]{3,4})-/g)) used.add(match[1]!);
  }
  // Deterministic from what is used, so that a code is never drawn twice here: the first free one after this device's.
  const start = Number.parseInt(catalogue.identity.deviceCode.split('').map((c) => CODE_ALPHABET.indexOf(c).toString(32)).join(''), 32) || 0;
  for (let i = 1; i < 32 ** 3; i++) {
    const n = (start + i * 7919) % 32 ** 3;
    const code = [Math.floor(n / 1024), Math.floor(n / 32) % 32, n % 32].map((d) => CODE_ALPHABET[d]).join('');
    if (!used.has(code)) {
      issued.add(code);
      db.prepare(`INSERT OR REPLACE INTO catalogue_meta (key, value) VALUES ('issued_codes', ?)`).run(JSON.stringify([...issued]));
      return code;
    }
  }
  throw new Error('Every device code is used.');
}

