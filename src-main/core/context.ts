import type { Database } from 'better-sqlite3';
import type { Catalogue } from './catalogue';

/** What a procedure's implementation gets besides its input. */
export interface CallContext {
  readonly catalogue: Catalogue;
  readonly db: Database;
  /** Who is making this call; recorded on every change. */
  readonly personId: string | null;
  /** One timestamp per call, so a batch shares it. */
  readonly now: string;
  /** Records which entities a mutation touched, for the change log. */
  touch(...entityIds: string[]): void;
}
