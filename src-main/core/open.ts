/**
 * The composition root of a catalogue: opening the folder, taking its lock, bringing its database up to date, its
 * identity, its clock, its first operation when it is new, a baseline for replay when it comes from before operations,
 * and the sweep of what a crash left behind. Domain code never opens, seeds or sweeps a catalogue itself.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ServerEvent } from '../contract';
import { DATABASE_FILE, MEDIA_DIR, type Catalogue, type Identity, type LockHolder } from './catalogue';
import { CatalogueError } from './catalogue-error';
import { latestSchemaVersion, migrate } from './db/migrate';
import { handlers } from './handlers';
import { acquireLock, type CatalogueLock } from './lock';
import { sweepMedia } from './media/store';
import { hybridClock } from './ops/clock';
import { freshId } from './ops/ids';
import { installEffectTriggers } from './ops/effects';
import { performWrite, type WriteHandler } from './ops/operations';
import { defaultVocabularies } from './vocabularies/seed';

export interface OpenOptions {
  /** Path to a better-sqlite3 binary built for this runtime (the desktop app builds one for Electron). */
  nativeBinding?: string;
  /** Who opens it, as the lock names the holder: "Storeroom desktop", "storeroom serve", ... */
  app?: string;
  /** A new catalogue gets its first operation (its name and Before milestone). Off for a replay, which brings its own. */
  seed?: boolean;
  /** This folder is a new installation of a catalogue copied into it (a replay's baseline): it gets a device of its own. */
  newDevice?: boolean;
  /** The identity of the catalogue this one rebuilds (a replay): the same catalogue, on another device. */
  catalogueId?: string | undefined;
  /**
   * The language a new catalogue is made in (the desktop's interface or system language, the CLI's --lang or LANG):
   * its default vocabularies, the condition scale first, are seeded in it. English when absent or not translated.
   */
  language?: string | undefined;
}

/** The baseline a replay starts from, for a catalogue whose history began before operations. */
export const BASELINE_FILE = join('history', 'baseline.sqlite');

/**
 * Compiling SQL costs more than running most of it, and the core prepares its statements where it uses them:
 * keep compiled statements, keyed by their text, for the life of the connection. A statement comes back as if just
 * prepared: what one caller set on it (pluck, raw, expand) does not carry over to the next.
 */
function cacheStatements(db: Database.Database): void {
  const cache = new Map<string, Database.Statement>();
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      if (cache.size >= 1000) cache.clear();
      statement = prepare(source);
      cache.set(source, statement);
    } else if (statement.reader) {
      statement.pluck(false).raw(false).expand(false);
    }
    return statement;
  }) as typeof db.prepare;
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short device code (Crockford base 32, no I, L, O or U): K7Q. */
const deviceCode = (): string =>
  Array.from(createHash('sha256').update(freshId()).digest().subarray(0, 3), (byte) => CODE_ALPHABET[byte % 32]).join('');

const meta = (db: Database.Database, key: string): string | undefined =>
  (db.prepare('SELECT value FROM catalogue_meta WHERE key = ?').pluck().get(key) as string | undefined) ?? undefined;

/**
 * Where this copy of the catalogue lives: its folder, and its database file's identity on disk. A folder copied by hand
 * (cp -r, a USB stick) has a new file: it is a new device, so that the two never mint the same numbers.
 */
function homeOf(root: string): string {
  const file = statSync(join(root, DATABASE_FILE));
  return JSON.stringify({ path: root, dev: file.dev, ino: file.ino });
}

/** This catalogue's identity and this device's, made the first time a writer opens it, and again in a copied folder. */
function ensureIdentity(db: Database.Database, root: string, writer: boolean, options: OpenOptions): Identity {
  if (writer) {
    const set = db.prepare('INSERT INTO catalogue_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
    const home = homeOf(root);
    const known = meta(db, 'device_home');
    const copied = known !== undefined && (() => {
      const was = JSON.parse(known) as { dev: number; ino: number };
      const now = JSON.parse(home) as { dev: number; ino: number };
      return was.dev !== now.dev || was.ino !== now.ino;
    })();
    db.transaction(() => {
      if (options.newDevice || copied) db.prepare(`DELETE FROM catalogue_meta WHERE key IN ('device_id', 'device_code')`).run();
      db.prepare(`INSERT INTO catalogue_meta (key, value) VALUES ('device_home', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(home);
      if (options.catalogueId) db.prepare(`INSERT INTO catalogue_meta (key, value) VALUES ('catalogue_id', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(options.catalogueId);
      set.run('catalogue_id', freshId());
      set.run('device_id', freshId());
      set.run('device_code', deviceCode());
    })();
  }
  return { catalogueId: meta(db, 'catalogue_id') ?? '', deviceId: meta(db, 'device_id') ?? '', deviceCode: meta(db, 'device_code') ?? '' };
}

/**
 * The write-ahead log is copied into the database a second after a change, when no transaction is open (see
 * checkpoints in openCatalogue), not by the commit that fills it; SQLite's own checkpoint, inside a commit, comes only
 * once the log passes 256 MB (a long run of writes, such as a replay, with no second to spare).
 */
const CHECKPOINT_AFTER_MS = 1000;
const LOG_PAGES_BEFORE_CHECKPOINT_IN_COMMIT = 65_536;

/** The clock's node: 16 hex digits of this device, spread so that devices made in the same millisecond differ. */
const nodeOf = (deviceId: string): string => createHash('sha256').update(deviceId).digest('hex').slice(0, 16);

/** Opens the catalogue folder `dir` (catalogue.sqlite + media/), creating it if it does not exist. */
export function openCatalogue(dir: string, options: OpenOptions = {}): Catalogue {
  const openedAt = Date.now();
  const root = resolve(dir);
  const mediaDir = join(root, MEDIA_DIR);
  try {
    mkdirSync(mediaDir, { recursive: true });
  } catch (error) {
    throw new CatalogueError(`Cannot create the catalogue folder ${root}: ${(error as Error).message}`);
  }
  if (!statSync(root).isDirectory()) throw new CatalogueError(`${root} is not a folder.`);

  const taken = acquireLock(root, options.app ?? 'Storeroom', new Date(openedAt).toISOString());
  const lock: CatalogueLock | null = 'release' in taken ? taken : null;
  const heldBy: LockHolder | null = 'heldBy' in taken ? taken.heldBy : null;

  let db: Database.Database | undefined;
  let identity: Identity;
  let from = 0;
  try {
    try {
      db = new Database(join(root, DATABASE_FILE), options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      // 64 MB of pages at most (the default is 2 MB): an import's or a merge's tens of thousands of rows go into eight
      // indexes of objects, and the default cache spills them to disk and reads them back all along.
      db.pragma('cache_size = -65536');
      // SQLite's default (1,000 pages) would checkpoint inside the commit of an import of 100,000 rows: 0.4 s more.
      db.pragma(`wal_autocheckpoint = ${LOG_PAGES_BEFORE_CHECKPOINT_IN_COMMIT}`);
    } catch (error) {
      throw new CatalogueError(`Cannot open ${join(root, DATABASE_FILE)}: ${(error as Error).message}`);
    }
    cacheStatements(db);
    if (heldBy) {
      // Another process writes this catalogue: read it as that process keeps it.
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version !== latestSchemaVersion) {
        throw new CatalogueError(
          `This catalogue is open in ${heldBy.app} (process ${heldBy.pid} on ${heldBy.host}), which keeps it in another format (schema ${version}; this version reads ${latestSchemaVersion}). Close it there first.`,
        );
      }
    } else {
      from = migrate(db).from;
    }
    identity = ensureIdentity(db, root, heldBy === null, options);
    // The writer records what each operation does, row by row, for merging the catalogue's copies.
    if (!heldBy) installEffectTriggers(db);
  } catch (error) {
    db?.close();
    lock?.release();
    if (error instanceof CatalogueError) throw error;
    throw new CatalogueError(`Cannot open ${join(root, DATABASE_FILE)}: ${(error as Error).message}`);
  }
  const database = db;

  const listeners = new Set<(event: ServerEvent) => void>();
  const jobs = new Map<string, AbortController>();
  const latest = database.prepare('SELECT max(hlc) FROM ops').pluck().get() as string | null;
  const clock = hybridClock(nodeOf(identity.deviceId), latest);
  let swept!: () => void;
  // Checkpoints: a second after a change, when no transaction is open; again a second later while one is, or while a
  // reader (another process) holds back part of the log.
  let checkpointTimer: NodeJS.Timeout | undefined;
  const changed = () => {
    checkpointTimer ??= setTimeout(checkpoint, CHECKPOINT_AFTER_MS).unref();
  };
  const checkpoint = () => {
    checkpointTimer = undefined;
    if (!database.open) return;
    if (database.inTransaction) return changed();
    try {
      const [{ busy, log, checkpointed }] = database.pragma('wal_checkpoint(PASSIVE)') as [{ busy: number; log: number; checkpointed: number }];
      if (busy || checkpointed < log) changed();
    } catch (error) {
      // A full disk or a busy file: the log keeps the changes, and the next attempt copies them.
      changed();
      if (!/SQLITE_(FULL|BUSY|LOCKED)/.test((error as { code?: string }).code ?? '')) console.error('Storeroom could not checkpoint the catalogue:', error);
    }
  };
  const catalogue: Catalogue = {
    mediaSwept: new Promise((done) => (swept = done)),
    openedAt,
    dir: root,
    mediaDir,
    db: database,
    identity,
    clock,
    heldBy,
    jobs,
    mediaInFlight: new Set(),
    exportsOnDemand: new Map(),
    merging: null,
    derived: new Map(),
    now: () => clock.now(),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      if (event.kind === 'change' || event.kind === 'reload') {
        catalogue.derived.clear();
        changed();
      }
      for (const listener of listeners) listener(event);
    },
    close() {
      clearTimeout(checkpointTimer);
      catalogue.exportsOnDemand.clear();
      listeners.clear();
      for (const job of jobs.values()) job.abort();
      if (database.open) database.close();
      lock?.release();
    },
  };
  if (heldBy) {
    swept();
    return catalogue;
  }

  try {
    if (from === 0 && options.seed !== false) {
      // A new catalogue: its first operation names it and marks its Before milestone, now.
      const origin = { personId: null, deviceId: identity.deviceId, remote: false };
      const seed = { name: basename(root), ...defaultVocabularies(options.language) };
      performWrite(catalogue, 'catalogue.seed', seed, handlers['catalogue.seed'] as WriteHandler, origin);
    }
    ensureBaseline(catalogue);
    // What opening wrote (a migration, the seed) is checkpointed like any change.
    changed();
  } catch (error) {
    catalogue.close();
    throw new CatalogueError(`Cannot open ${join(root, DATABASE_FILE)}: ${(error as Error).message}`);
  }

  // What a crash left in the media store is swept now, in the background.
  void sweepMedia(catalogue, openedAt, Date.now)
    .catch((error: unknown) => {
      if (database.open) console.error('Storeroom could not sweep the media folder:', error);
    })
    .finally(swept);
  return catalogue;
}

/**
 * A catalogue whose history began before operations keeps a copy of itself as it stood when it was upgraded: the
 * baseline that `ops replay` starts from, since the change log before it cannot be replayed exactly.
 */
function ensureBaseline(catalogue: Catalogue): void {
  const { db } = catalogue;
  const legacy = db.prepare('SELECT 1 FROM ops WHERE replayable = 0 LIMIT 1').get();
  const target = join(catalogue.dir, BASELINE_FILE);
  if (!legacy || (meta(db, 'baseline_seq') !== undefined && existsSync(target))) return;
  mkdirSync(join(catalogue.dir, 'history'), { recursive: true });
  const part = `${target}.part`;
  rmSync(part, { force: true });
  const seq = db.prepare('SELECT coalesce(max(seq), 0) FROM ops').pluck().get() as number;
  db.prepare('INSERT INTO catalogue_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run('baseline_seq', String(seq));
  db.prepare('VACUUM INTO ?').run(part);
  // Put in place only once whole.
  renameSync(part, target);
}
