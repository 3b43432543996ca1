import type { Database } from 'better-sqlite3';
import type { Output, ParsedInput, ProcedureName, Procedures, Topic } from '../contract';
import type { Catalogue } from './catalogue';

/** Where the ids and readable numbers of a write come from: fixed by its operation, never minted by domain code. */
export interface WriteSource {
  /** The next id the operation creates (a UUIDv7 that follows from its timestamp). */
  id(): string;
  /** The next movement reference, M-<device>-000001: readable, and never the same on two devices. */
  reference(): string;
  /** The next temporary number for an unnumbered object, T-<device>-0001. */
  tempNumber(): string;
}

/** What a procedure's implementation gets besides its input. */
export interface CallContext {
  readonly catalogue: Catalogue;
  readonly db: Database;
  /** Who is making this call; recorded on every change. */
  readonly personId: string | null;
  /**
   * The time of this call: a write's is its operation's (the hybrid clock's time), shared by everything it writes;
   * a query's is now.
   */
  readonly now: string;
  /** A write's hybrid-logical-clock timestamp (its `now`, with a counter and this device's node); a query's is now's. */
  readonly hlc: string;
  /** The call came over the network (HTTP), not from this machine's own app or command line. */
  readonly remote: boolean;
  /** Ids and readable numbers for what a write creates. A query has none: asking is a programming error. */
  readonly mint: WriteSource;
  /** Records what a write touched, by kind: the operation's targets, from which change events and the change log derive. */
  touch(kind: Topic, ...entityIds: string[]): void;
}

/** What reading needs: any context, a query's, a write's or a job's. */
export type ReadContext = Omit<CallContext, 'mint' | 'touch'>;

/** A job's context: it reports progress, stops when cancelled, and records what it writes as operations as it goes. */
export interface JobContext extends ReadContext {
  /** This run's id (for jobs.cancel), also the name of any file it leaves in the catalogue's exports/ folder. */
  readonly jobId: string;
  readonly signal: AbortSignal;
  progress(p: { done: number; total: number; current: string | null; errors: number }): void;
  /**
   * Records one operation of this job (`procedure`, a mutation or an operation-only record of the contract, with its input)
   * and applies it in one transaction; returns what its handler returns. The job's `now` follows its latest write.
   */
  write<P extends WriteName>(procedure: P, input: ParsedInput<P>): Output<P>;
}


/** The procedures a job may record: mutations, and the operation-only records (a stored photo, an applied import). */
export type WriteName = { [P in ProcedureName]: Procedures[P]['kind'] extends 'record' | 'mutation' ? P : never }[ProcedureName];
