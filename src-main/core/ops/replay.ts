import type Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { procedures, type ProcedureName } from '../../contract';
import { DATABASE_FILE, type Catalogue } from '../catalogue';
import { CatalogueError } from '../catalogue-error';
import { handlers } from '../handlers';
import { derivedPath, originalPath } from '../media/store';
import { BASELINE_FILE, openCatalogue } from '../open';
import { performWrite, toOperation, type Operation, type OpRow, type WriteHandler } from './operations';
import { openToRead } from './verify';

export interface ReplayResult {
  /** Operations applied. */
  applied: number;
  /** Whether the replay started from the source's baseline (its history before operations). */
  fromBaseline: boolean;
  /** Photo files copied, by content hash. */
  photos: number;
}

/** Operations are applied this many to a transaction: each keeps its own savepoint, so one that fails is one that fails. */
const CHUNK = 500;

/** Whether a folder is missing or holds nothing: a replay makes a new catalogue, never overwrites one. */
function assertEmptyTarget(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new CatalogueError(`${dir} is not a folder.`);
  if (readdirSync(dir).length > 0) throw new CatalogueError(`${dir} is not empty: a replay builds a new catalogue in an empty folder.`);
}

/** Copies every photo's files (the original, and its thumbnail and preview when made) from one media store to another, by content hash. */
function copyMedia(source: Database.Database, sourceMedia: string, targetMedia: string): number {
  const photos = source.prepare('SELECT sha256, extension FROM photos').all() as { sha256: string; extension: string }[];
  let copied = 0;
  for (const { sha256, extension } of photos) {
    const files = [(dir: string) => originalPath(dir, sha256, extension), (dir: string) => derivedPath(dir, sha256, 'thumb'), (dir: string) => derivedPath(dir, sha256, 'preview')];
    for (const [from, to] of files.map((path) => [path(sourceMedia), path(targetMedia)] as const)) {
      if (!existsSync(from) || existsSync(to)) continue;
      mkdirSync(join(to, '..'), { recursive: true });
      copyFileSync(from, to);
    }
    copied++;
  }
  return copied;
}

/** Applies one operation from another catalogue's log: validated against the contract, then run as it ran there. */
export function applyOperation(catalogue: Catalogue, op: Operation): void {
  const name = op.procedure as ProcedureName;
  const def = Object.hasOwn(procedures, name) ? procedures[name] : undefined;
  if (!def || (def.kind !== 'mutation' && def.kind !== 'record')) throw new CatalogueError(`Operation ${op.opId} is of an unknown kind, "${op.procedure}".`);
  const input = def.input.parse(op.input);
  performWrite(catalogue, name, input, handlers[name] as WriteHandler, { personId: op.personId, deviceId: op.deviceId ?? catalogue.identity.deviceId, remote: false }, op);
}

/**
 * Builds a new catalogue in `targetDir` from the operations of the catalogue in `sourceDir`: its photos are copied by
 * content hash, then every operation is applied in the order the source recorded it. A catalogue whose history began
 * before operations starts from its baseline, the copy of itself it kept when it was upgraded.
 */
export function replayCatalogue(sourceDir: string, targetDir: string, onProgress: (done: number, total: number) => void = () => {}): ReplayResult {
  const sourceRoot = resolve(sourceDir);
  const targetRoot = resolve(targetDir);
  const source = openToRead(sourceRoot);
  try {
    assertEmptyTarget(targetRoot);
    const meta = (key: string) => source.prepare('SELECT value FROM catalogue_meta WHERE key = ?').pluck().get(key) as string | undefined;
    const hasLegacy = source.prepare('SELECT 1 FROM ops WHERE replayable = 0 LIMIT 1').get() !== undefined;
    const baseline = join(sourceRoot, BASELINE_FILE);
    const baselineSeq = hasLegacy ? Number(meta('baseline_seq')) : 0;
    if (hasLegacy && (!existsSync(baseline) || !Number.isInteger(baselineSeq))) {
      throw new CatalogueError(`${sourceRoot} began before operations and has lost its baseline (${BASELINE_FILE}), so it cannot be replayed.`);
    }
    mkdirSync(targetRoot, { recursive: true });
    if (hasLegacy) {
      // The history before operations, as the source stood when it was upgraded; this catalogue keeps it too.
      mkdirSync(join(targetRoot, 'history'), { recursive: true });
      copyFileSync(baseline, join(targetRoot, BASELINE_FILE));
      copyFileSync(baseline, join(targetRoot, DATABASE_FILE));
    }
    const catalogue = openCatalogue(targetRoot, { seed: false, app: 'storeroom ops replay', newDevice: true, catalogueId: meta('catalogue_id') });
    try {
      const photos = copyMedia(source, join(sourceRoot, 'media'), catalogue.mediaDir);
      const total = source.prepare('SELECT count(*) FROM ops WHERE replayable = 1 AND seq > ?').pluck().get(baselineSeq) as number;
      const read = source.prepare(`SELECT seq, op_id, hlc, device_id, person_id, procedure, input, minted, replayable FROM ops WHERE replayable = 1 AND seq > ? ORDER BY seq LIMIT ${CHUNK}`);
      let after = baselineSeq;
      let applied = 0;
      for (;;) {
        const rows = read.all(after) as OpRow[];
        if (rows.length === 0) break;
        catalogue.db.transaction(() => {
          for (const row of rows) applyOperation(catalogue, toOperation(row));
        })();
        applied += rows.length;
        after = rows.at(-1)!.seq;
        onProgress(applied, total);
      }
      return { applied, fromBaseline: hasLegacy, photos };
    } finally {
      catalogue.close();
    }
  } finally {
    source.close();
  }
}
