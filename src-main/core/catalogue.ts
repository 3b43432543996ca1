import type Database from 'better-sqlite3';
import type { ServerEvent } from '../contract';
import type { HybridClock } from './ops/clock';

export const DATABASE_FILE = 'catalogue.sqlite';
export const MEDIA_DIR = 'media';

/** Who this copy of the catalogue is: the catalogue's own identity, shared by its copies, and this device's. */
export interface Identity {
  /** The catalogue's identity, the same in every field copy of it. */
  catalogueId: string;
  /** This installation of the catalogue (a folder on one computer). */
  deviceId: string;
  /** A short code of this device, inside the movement references and temporary numbers it mints (T-K7Q-0001). */
  deviceCode: string;
}

/** The process holding a catalogue for writing, as its lock file names it. */
export interface LockHolder {
  host: string;
  pid: number;
  app: string;
  since: string;
}

/** An open catalogue: its folder, its database, and what the process running it keeps about it. */
export interface Catalogue {
  readonly dir: string;
  readonly mediaDir: string;
  readonly db: Database.Database;
  readonly identity: Identity;
  /** The clock that stamps every operation. */
  readonly clock: HybridClock;
  /** Set when another process holds this catalogue for writing: this one may read it, and its writes are refused. */
  readonly heldBy: LockHolder | null;
  /** The bundle being merged now (its name), while its one transaction stays open: other writes wait for it. */
  merging: string | null;
  /** Jobs running now, by job id: for jobs.cancel. */
  readonly jobs: Map<string, AbortController>;
  /** Content hashes of photos being stored right now: the media sweep leaves their files alone. */
  readonly mediaInFlight: Set<string>;
  /** Results computed from the whole catalogue (such as the state at two milestones), kept until the next change. */
  readonly derived: Map<string, unknown>;
  /** When this catalogue was opened (ms since the epoch). */
  readonly openedAt: number;
  /** Exports written when first downloaded (an import's report), by export id: each writes its file, once. */
  readonly exportsOnDemand: Map<string, () => Promise<void>>;
  /** Settles when the media sweep that runs at open is done. */
  readonly mediaSwept: Promise<void>;
  /** The time now, as an ISO timestamp, never earlier than the latest operation's. */
  now(): string;
  /** Listeners hear every committed change. */
  onChange(listener: (event: ServerEvent) => void): () => void;
  emit(event: ServerEvent): void;
  close(): void;
}
