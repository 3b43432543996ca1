import type { Database } from 'better-sqlite3';
import type { Catalogue } from './catalogue';

/** What a procedure's implementation gets besides its input. */
export interface CallContext {
  readonly catalogue: Catalogue;
  readonly db: Database;
  /** Who is making this call; recorded on every change. */
  readonly personId: string | null;
  /** One timestamp per call (per write, in a job), so a batch shares it; see Catalogue.writeTime. */
  readonly now: string;
  /** The call came over the network (HTTP), not from this machine's own app or command line. */
  readonly remote: boolean;
  /** Records which entities a mutation touched, for the change log. */
  touch(...entityIds: string[]): void;
}

/** A job's context: it commits as it goes, reports progress, and stops when cancelled. */
export interface JobContext extends CallContext {
  readonly signal: AbortSignal;
  progress(p: { done: number; total: number; current: string | null; errors: number }): void;
  /** Runs `fn` in one transaction, recorded in the change log as this job's change with `summary` as its input. */
  write<T>(summary: unknown, fn: () => T): T;
}
