import { Unzip, UnzipInflate, Zip, ZipDeflate } from 'fflate';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, readSync, type WriteStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../contract';
import { REPLICATED, unpackEffects } from '../ops/effects';
import { idPrefix } from '../ops/stamps';
import { toOperation, type OpRow } from '../ops/operations';
import { derivedPath, originalPath, tmpPath } from '../media/store';
import type { Devices } from './devices';
import type { RemoteOperation } from './merge';

/**
 * A sync bundle: one file that carries the operations another copy of the catalogue lacks, with the photos they
 * stored, and what the sender knew. A zip (readable with any zip tool):
 *   manifest.json       the catalogue, the sender, what it knew (its vector), counts and SHA-256 of every part
 *   ops.ndjson          one operation a line, with its effects and the rows it wrote that effects leave out
 *   media/<sha256>.<ext>, media/<sha256>-thumb.jpg   each photo's original and thumbnail
 */

export const BUNDLE_FORMAT = 'storeroom-sync';
export const BUNDLE_VERSION = 1;

/** What a copy has seen: of each clock node (a device that stamped operations), the latest stamp. */
export type Vector = Record<string, string>;

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: number;
  schema: number;
  catalogueId: string;
  catalogueName: string;
  from: { deviceId: string; deviceCode: string };
  /** The devices the sender knows, by id, with their codes: to name who did what. */
  devices?: Devices;
  vector: Vector;
  ops: { count: number; sha256: string };
  photos: { sha256: string; extension: string; sha256Thumb: string | null }[];
}

/** The node of a stamp: the device that stamped it. */
export const nodeOf = (hlc: string): string => hlc.slice(30);

/** What a catalogue has seen, from its own log. */
export function vectorOf(db: Database): Vector {
  const rows = db.prepare('SELECT substr(hlc, 31) AS node, max(hlc) AS hlc FROM ops WHERE replayable = 1 GROUP BY node').all() as { node: string; hlc: string }[];
  return Object.fromEntries(rows.map((r) => [r.node, r.hlc]));
}

/** The immutable tables' columns that may change later, as they stood when the row was written. */
const MUTABLE_START: Record<string, Record<string, unknown>> = { condition_checks: { withdrawn: 0 } };

/** An operation as a bundle carries it: with its effects, and the rows it wrote that effects leave out, found by id. */
export function remoteOperation(db: Database, row: OpRow): RemoteOperation {
  const prefix = idPrefix(row.hlc);
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const spec of REPLICATED.filter((s) => s.immutable)) {
    const found = db.prepare(`SELECT * FROM ${spec.table} WHERE id >= ? AND id < ? ORDER BY id`).all(prefix, `${prefix}g`) as Record<string, unknown>[];
    if (found.length) rows[spec.table] = found.map((r) => ({ ...r, ...MUTABLE_START[spec.table] }));
  }
  const { seq: _seq, ...op } = toOperation(row);
  return { ...op, effects: unpackEffects(row.effects ?? null), rows };
}

/** Pushes data into a zip entry and the zip into a file, waiting whenever the file is behind. */
class ZipFile {
  private readonly zip: Zip;
  private failed: Error | null = null;
  private readonly done: Promise<void>;

  constructor(private readonly out: WriteStream) {
    let finish!: () => void;
    let fail!: (error: Error) => void;
    this.done = new Promise((resolve, reject) => ((finish = resolve), (fail = reject)));
    out.on('error', (error) => {
      this.failed = error;
      fail(error);
    });
    this.zip = new Zip((error, chunk, final) => {
      if (error) {
        this.failed = error;
        return fail(error);
      }
      out.write(chunk);
      if (final) out.end(() => finish());
    });
  }

  async entry(name: string, level: 0 | 6, chunks: AsyncIterable<Uint8Array>): Promise<void> {
    const file = new ZipDeflate(name, { level });
    this.zip.add(file);
    for await (const chunk of chunks) {
      if (this.failed) throw this.failed;
      file.push(chunk);
      if (this.out.writableNeedDrain) await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
    }
    file.push(new Uint8Array(0), true);
  }

  async close(): Promise<void> {
    this.zip.end();
    await this.done;
    if (this.failed) throw this.failed;
  }
}

async function* lines(rows: Iterable<string>): AsyncIterable<Uint8Array> {
  let buffer = '';
  for (const line of rows) {
    buffer += `${line}\n`;
    if (buffer.length > 256 * 1024) {
      yield Buffer.from(buffer);
      buffer = '';
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (buffer) yield Buffer.from(buffer);
}

export interface WriteBundleOptions {
  db: Database;
  mediaDir: string;
  manifest: Omit<BundleManifest, 'ops' | 'photos'>;
  /** The operations to send, in the order this copy recorded them. */
  rows: OpRow[];
  /** Photos the other side has already, by content hash: not sent. */
  has?: (sha256: string) => boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Writes a bundle to `file` (through `file.part`, renamed once whole); returns its manifest. */
export async function writeBundle(file: string, options: WriteBundleOptions): Promise<BundleManifest> {
  const part = `${file}.part`;
  const out = createWriteStream(part);
  const zip = new ZipFile(out);
  try {
    const hash = createHash('sha256');
    const photos = new Map<string, string>();
    let done = 0;
    const serialized = function* () {
      for (const row of options.rows) {
        if (options.signal?.aborted) throw AppError.of('CONFLICT', 'sync.cancelled');
        const op = remoteOperation(options.db, row);
        for (const photo of op.rows.photos ?? []) photos.set(String(photo.sha256), String(photo.extension));
        const line = JSON.stringify(op);
        hash.update(`${line}\n`);
        options.onProgress?.(++done, options.rows.length);
        yield line;
      }
    };
    await zip.entry('ops.ndjson', 6, lines(serialized()));
    const sent: BundleManifest['photos'] = [];
    for (const [sha256, extension] of photos) {
      if (options.has?.(sha256)) continue;
      const original = originalPath(options.mediaDir, sha256, extension);
      await zip.entry(`media/${sha256}.${extension}`, 0, createReadStream(original));
      const thumb = derivedPath(options.mediaDir, sha256, 'thumb');
      const thumbHash = createHash('sha256');
      let hasThumb = true;
      await zip
        .entry(`media/${sha256}-thumb.jpg`, 0, (async function* () {
          for await (const chunk of createReadStream(thumb)) {
            thumbHash.update(chunk as Buffer);
            yield chunk as Uint8Array;
          }
        })())
        .catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
          hasThumb = false;
        });
      sent.push({ sha256, extension, sha256Thumb: hasThumb ? thumbHash.digest('hex') : null });
    }
    const manifest: BundleManifest = { ...options.manifest, ops: { count: options.rows.length, sha256: hash.digest('hex') }, photos: sent };
    await zip.entry('manifest.json', 6, (async function* () {
      yield Buffer.from(JSON.stringify(manifest, null, 2));
    })());
    await zip.close();
    await rename(part, file);
    return manifest;
  } catch (error) {
    out.destroy();
    await rm(part, { force: true });
    throw error;
  }
}

/** A bundle read and checked, its parts staged in the media store's work folder. */
export interface ReadBundle {
  manifest: BundleManifest;
  /** Its operations, one at a time, in the order the sender recorded them (read from the staged file). */
  operations(): AsyncIterable<RemoteOperation>;
  /** The same, read without waiting: for a transaction, which cannot wait on a stream. */
  operationsNow(): Iterable<RemoteOperation>;
  /** Staged files, by content hash: the original and the thumbnail. */
  staged: Map<string, { original: string; thumb: string | null }>;
  /** Removes whatever is still staged. */
  discard(): Promise<void>;
}

const bad = (file: string, reason: string) => AppError.of('VALIDATION', 'sync.badBundle', { file, reason });

/** The operations of a staged ops.ndjson, line by line. */
async function* readOperations(file: string): AsyncIterable<RemoteOperation> {
  const input = createReadStream(file, { encoding: 'utf8' });
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) if (line) yield JSON.parse(line) as RemoteOperation;
  } finally {
    input.destroy();
  }
}

/** The operations of a staged ops.ndjson, line by line, read a megabyte at a time without waiting. */
function* readOperationsNow(file: string): Iterable<RemoteOperation> {
  const fd = openSync(file, 'r');
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.alloc(1024 * 1024);
  let pending = '';
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      const lines = (pending + decoder.write(buffer.subarray(0, n))).split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line) yield JSON.parse(line) as RemoteOperation;
    }
    pending += decoder.end();
    if (pending) yield JSON.parse(pending) as RemoteOperation;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a bundle whole and checks it before anything is applied: its format and version, every part's SHA-256
 * against the manifest, the number of its operations, and that each photo its operations store is in it (or here
 * already, `has`). Its parts are staged in the media store's work folder meanwhile.
 */
export async function readBundle(file: string, name: string, mediaDir: string, has: (sha256: string) => boolean): Promise<ReadBundle> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw AppError.of('NOT_FOUND', 'sync.noSuchFile', { file: name });
  const staging = tmpPath(mediaDir);
  await mkdir(staging, { recursive: true });
  const staged = new Map<string, { original: string; thumb: string | null }>();
  const discard = () => rm(staging, { recursive: true, force: true });
  const opsFile = join(staging, 'ops.ndjson');
  try {
    let manifestText = '';
    const fileHashes = new Map<string, string>();
    const writes: Promise<void>[] = [];
    await new Promise<void>((resolve, reject) => {
      const unzip = new Unzip((entry) => {
        const hash = createHash('sha256');
        if (entry.name === 'manifest.json') {
          const decoder = new TextDecoder('utf-8', { fatal: true });
          entry.ondata = (error, chunk, final) => {
            if (error) return reject(bad(name, error.message));
            try {
              manifestText += decoder.decode(chunk, { stream: !final });
            } catch {
              reject(bad(name, 'its manifest is not UTF-8'));
            }
          };
        } else if (entry.name === 'ops.ndjson' || /^media\/[0-9a-f]{64}(-thumb\.jpg|\.[a-z]{3,4})$/.test(entry.name)) {
          const target = entry.name === 'ops.ndjson' ? opsFile : join(staging, entry.name.slice('media/'.length));
          const out = createWriteStream(target);
          writes.push(new Promise((done, fail) => (out.on('finish', done), out.on('error', fail))));
          entry.ondata = (error, chunk, final) => {
            if (error) return reject(bad(name, error.message));
            hash.update(chunk);
            out.write(chunk);
            if (final) {
              fileHashes.set(entry.name, hash.digest('hex'));
              out.end();
            }
          };
        } else {
          return reject(bad(name, `it holds ${entry.name}, which is not part of a sync bundle`));
        }
        entry.start();
      });
      unzip.register(UnzipInflate);
      const input = createReadStream(file);
      input.on('data', (chunk) => {
        try {
          unzip.push(chunk as Uint8Array);
        } catch (error) {
          input.destroy();
          reject(bad(name, (error as Error).message));
        }
      });
      input.on('end', () => {
        try {
          unzip.push(new Uint8Array(0), true);
          resolve();
        } catch (error) {
          reject(bad(name, (error as Error).message));
        }
      });
      input.on('error', (error) => reject(error));
    });
    await Promise.all(writes);

    if (!manifestText) throw bad(name, 'it has no manifest: it is truncated, or not a sync bundle');
    let manifest: BundleManifest;
    try {
      manifest = JSON.parse(manifestText) as BundleManifest;
    } catch {
      throw bad(name, 'its manifest is not JSON');
    }
    if (manifest.format !== BUNDLE_FORMAT) throw bad(name, 'it is not a Storeroom sync bundle');
    if (manifest.version > BUNDLE_VERSION) throw AppError.of('VALIDATION', 'sync.newerBundle', { file: name });
    if (fileHashes.get('ops.ndjson') !== manifest.ops?.sha256) throw bad(name, 'its operations do not match their checksum (the file is damaged)');
    for (const photo of manifest.photos ?? []) {
      const original = `media/${photo.sha256}.${photo.extension}`;
      if (fileHashes.get(original) !== photo.sha256) throw bad(name, `the photo ${photo.sha256.slice(0, 12)}… is missing or damaged`);
      const thumb = `media/${photo.sha256}-thumb.jpg`;
      if (photo.sha256Thumb && fileHashes.get(thumb) !== photo.sha256Thumb) throw bad(name, `the thumbnail of ${photo.sha256.slice(0, 12)}… is damaged`);
      staged.set(photo.sha256, { original: join(staging, `${photo.sha256}.${photo.extension}`), thumb: photo.sha256Thumb ? join(staging, `${photo.sha256}-thumb.jpg`) : null });
    }
    let count = 0;
    for await (const op of readOperations(opsFile)) {
      count++;
      for (const photo of op.rows?.photos ?? []) {
        const sha = String(photo.sha256);
        if (!staged.has(sha) && !has(sha)) throw AppError.of('VALIDATION', 'sync.photoMissing', { file: name, sha256: sha.slice(0, 12) });
      }
    }
    if (count !== manifest.ops.count) throw bad(name, `it lists ${manifest.ops.count} operations and holds ${count}`);
    return { manifest, operations: () => readOperations(opsFile), operationsNow: () => readOperationsNow(opsFile), staged, discard };
  } catch (error) {
    await discard();
    if (error instanceof SyntaxError) throw bad(name, 'an operation in it is not JSON');
    throw error;
  }
}
