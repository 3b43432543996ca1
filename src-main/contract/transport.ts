/** Names shared by the transports and their clients. */
import type { ServerEvent } from './procedures';
import type { DeviceRole } from './workshop';

/**
 * The HTTP header that carries who is making a change, for a client with the server's own token (the catalogue's host
 * in a browser). A workshop device's person is the one it joined as: the header is ignored.
 */
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

/**
 * Who is calling; every mutation records the person and the device. Transports fill it in from what they know: the
 * desktop window and the command line are the catalogue's own app (no `device`); the HTTP transport sets `device`
 * from a workshop device's token, and then `personId` is that device's person, whatever the request said.
 */
export interface CallMeta {
  personId?: string | null;
  /** A workshop device, as its token names it: the change is made on it, with its role. */
  device?: { id: string; role: DeviceRole };
  /** Set by the HTTP transport: the caller is on the network, not this machine's own app. */
  remote?: boolean;
  /**
   * The operation id (a UUID) the caller gives a write, as its idempotency key: the same id sent again returns the
   * first result and writes nothing; the same id with another procedure or input is a CONFLICT.
   */
  opId?: string;
}

/**
 * The desktop app's native file dialogs, asked for by the window: `invoke(DIALOG_PROCEDURE, { dialog })` over IPC
 * resolves with the chosen `{ path, name }`, or null when the user cancelled. There is no such thing over HTTP: a
 * browser uploads and downloads instead.
 * - `syncBundle`: a sync bundle (.storeroom-sync) to merge;
 * - `syncFolder`: another copy's catalogue folder, to merge from or to make a bundle for;
 * - `saveBundle`: where to save a new bundle (`defaultName` proposes its file name);
 * - `fieldCopyFolder`: a new, empty folder for a field copy.
 */
export const DIALOG_PROCEDURE = 'desktop.dialog';
export const DESKTOP_DIALOGS = ['syncBundle', 'syncFolder', 'saveBundle', 'fieldCopyFolder'] as const;
export type DesktopDialog = (typeof DESKTOP_DIALOGS)[number];
export interface DialogRequest {
  dialog: DesktopDialog;
  defaultName?: string;
}
/** What a dialog chose: the full path, and the file or folder's own name (for messages and the log). */
export interface DialogChoice {
  path: string;
  name: string;
}

/**
 * A command from the desktop app's menu to its window, sent on the event channel: the main process has asked for a
 * file or folder, and the window goes on with it (File › Merge Changes From…, File › Take a Field Copy…).
 */
export type MenuCommand =
  | { kind: 'menu'; command: 'merge'; path: string; name: string }
  | { kind: 'menu'; command: 'fieldCopy'; path: string; name: string }
  /** File › Sync with a Workshop…: the window shows where to give the other laptop's address. */
  | { kind: 'menu'; command: 'peer' };

/**
 * The HTTP API's own paths besides procedures: `POST /api/session` trades the server's token (a bearer header) for an
 * HttpOnly cookie, so that images and the event stream never carry it in their URLs.
 */
export const SESSION_PATH = 'session';

/** Sent by the desktop app's main process to its window: show one of the app's pages (from the native menu). */
export interface ShowEvent {
  kind: 'show';
  page: 'workshop';
}

/** What the desktop window hears over IPC: the catalogue's events, the main process's requests to show a page, and the menu's commands. */
export type BridgeEvent = ServerEvent | ShowEvent | MenuCommand;
