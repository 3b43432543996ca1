/** Names shared by the transports and their clients. */

/** The HTTP header that carries who is making a change. */
export const PERSON_HEADER = 'x-storeroom-person';

/** The HTTP header that carries a write's operation id, so that a retried request is applied once. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** IPC channel names; the preload exposes only these. */
export const IPC_INVOKE = 'storeroom:invoke';
export const IPC_EVENT = 'storeroom:event';

/** Uploading a file to import: `POST /api/upload` over HTTP, `invoke(UPLOAD_PROCEDURE, bytes)` over IPC. */
export const UPLOAD_PROCEDURE = 'upload';
export const MAX_UPLOAD_BYTES = 500 * 1024 * 1024;

/**
 * The desktop app's window speaks the language its reader chose: `invoke(LANGUAGE_PROCEDURE, { language })` over IPC
 * tells Electron's main process, whose menus and dialogs then follow it (no such call over HTTP).
 */
export const LANGUAGE_PROCEDURE = 'desktop.language';

/** Largest JSON body the HTTP transport accepts. */
export const MAX_JSON_BODY_BYTES = 2 * 1024 * 1024;

/** Who is calling; every mutation records the person. */
export interface CallMeta {
  personId?: string | null;
  /** Set by the HTTP transport: the caller is on the network, not this machine's own app. */
  remote?: boolean;
  /**
   * The operation id (a UUID) the caller gives a write, as its idempotency key: the same id sent again returns the
   * first result and writes nothing; the same id with another procedure or input is a CONFLICT.
   */
  opId?: string;
}
