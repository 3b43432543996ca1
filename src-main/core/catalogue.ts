import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ServerEvent } from '../contract';
import { CatalogueError } from './catalogue-error';
import { migrate } from './db/migrate';
import { sweepMedia } from './media/store';
import { createBeforeMilestone } from './milestones/milestones';
import { seedVocabularies } from './vocabularies/seed';
import { nowIso } from './ids';

export const DATABASE_FILE = 'catalogue.sqlite';
export const MEDIA_DIR = 'media';

export interface Catalogue {
  readonly dir: string;
  readonly mediaDir: string;
  readonly db: Database.Database;
  /** Jobs running now (photo imports), by job id: for jobs.cancel. */
  readonly jobs: Map<string, AbortController>;
  /** Content hashes of photos being stored right now: the media sweep leaves their files alone. */
  readonly mediaInFlight: Set<string>;
  /** Results computed from the whole catalogue (such as the state at two milestones), kept until the next change. */
  readonly derived: Map<string, unknown>;
  /** When this catalogue was opened (ms since the epoch). */
  readonly openedAt: number;
  /** Settles when the media sweep that runs at open is done. */
  readonly mediaSwept: Promise<void>;
  /** The time now, as an ISO timestamp, never earlier than the last write's. */
  now(): string;
  /**
   * The time of a new write: never earlier than a write before it, even when the computer's clock has been set back,
   * so that the latest movement of an object by time is also the last one recorded.
   */
  writeTime(): string;
  /** Listeners hear every committed change. */
  onChange(listener: (event: ServerEvent) => void): () => void;
  emit(event: ServerEvent): void;
  close(): void;
}

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

export interface OpenOptions {
  /** Path to a better-sqlite3 binary built for this runtime (the desktop app builds one for Electron). */
  nativeBinding?: string;
  /** For a new catalogue: the language its default vocabularies are seeded in (English when not given). */
  language?: string;
}

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

  let db: Database.Database;
  try {
    db = new Database(join(root, DATABASE_FILE), options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new CatalogueError(`Cannot open ${join(root, DATABASE_FILE)}: ${(error as Error).message}`);
  }
  cacheStatements(db);
  try {
    const { from } = migrate(db);
    if (from === 0) {
      // A new catalogue: its name, its Before milestone, now, and its default vocabularies in its language.
      const now = nowIso();
      db.transaction(() => {
        db.prepare(`INSERT INTO catalogue_meta (key, value) VALUES ('name', ?), ('created_at', ?)`).run(basename(root), now);
        createBeforeMilestone({ db }, now);
        seedVocabularies(db, options.language ?? 'en');
      })();
    }
  } catch (error) {
    db.close();
    if (error instanceof CatalogueError) throw error;
    throw new CatalogueError(`Cannot open ${join(root, DATABASE_FILE)}: ${(error as Error).message}`);
  }

  const listeners = new Set<(event: ServerEvent) => void>();
  const jobs = new Map<string, AbortController>();
  const lastRecorded = db.prepare('SELECT max(at) FROM (SELECT max(at) AS at FROM changes UNION ALL SELECT max(at) FROM movements)').pluck().get() as string | null;
  let lastWrite = lastRecorded ? Date.parse(lastRecorded) : 0;
  let swept!: () => void;
  const catalogue: Catalogue = {
    mediaSwept: new Promise((done) => (swept = done)),
    openedAt,
    dir: root,
    mediaDir,
    db,
    jobs,
    mediaInFlight: new Set(),
    derived: new Map(),
    now: () => new Date(Math.max(Date.now(), lastWrite)).toISOString(),
    writeTime() {
      // Writes in the same millisecond share it (ids, time-ordered, tell them apart); behind the last write, one after it.
      const clock = Date.now();
      lastWrite = clock >= lastWrite ? clock : lastWrite + 1;
      return new Date(lastWrite).toISOString();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      if (event.kind === 'change') catalogue.derived.clear();
      for (const listener of listeners) listener(event);
    },
    close() {
      listeners.clear();
      for (const job of jobs.values()) job.abort();
      if (db.open) db.close();
    },
  };
  // What a crash left in the media store is swept now, in the background.
  void sweepMedia(catalogue)
    .catch((error: unknown) => {
      if (db.open) console.error('Storeroom could not sweep the media folder:', error);
    })
    .finally(swept);
  return catalogue;
}
