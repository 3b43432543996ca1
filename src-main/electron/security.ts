/**
 * The desktop app's security rules, as pure functions (no Electron import) so they are unit tested:
 * which URLs are ours, which external pages may open in the system browser, which IPC senders and
 * permission requests are trusted.
 */
import type { CallMeta } from '../contract/transport';

/** The privileged scheme that serves the renderer (storeroom://app/...) and, later, media (storeroom://media/...). */
export const APP_SCHEME = 'storeroom';
export const APP_HOST = 'app';
export const MEDIA_HOST = 'media';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for a URL of the app itself: storeroom://app/... (nothing else may be loaded in the window). */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password;
}

/**
 * Pages that may be opened in the system browser: the RE-ORG method and the standards the app follows.
 * Each entry is an https origin and a path prefix.
 */
export const EXTERNAL_ALLOWLIST: readonly { host: string; pathPrefix: string }[] = [
  { host: 'www.iccrom.org', pathPrefix: '/' },
  { host: 'iccrom.org', pathPrefix: '/' },
  { host: 'www.canada.ca', pathPrefix: '/en/conservation-institute' },
  { host: 'www.canada.ca', pathPrefix: '/fr/institut-conservation' },
  { host: 'collectionstrust.org.uk', pathPrefix: '/spectrum' },
];

/** The RE-ORG method's page, opened from Help. */
export const RE_ORG_URL = 'https://www.iccrom.org/section/preventive-conservation/re-org';

export function isAllowedExternalUrl(url: string): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return false;
  return EXTERNAL_ALLOWLIST.some(
    ({ host, pathPrefix }) =>
      parsed.hostname === host &&
      (pathPrefix === '/' || parsed.pathname === pathPrefix || parsed.pathname.startsWith(pathPrefix.endsWith('/') ? pathPrefix : `${pathPrefix}/`)),
  );
}

export interface SenderInfo {
  /** The URL of the frame that sent the message, or null when the frame is gone. */
  frameUrl: string | null;
  /** True when the frame is the top frame of its page (not an iframe). */
  isTopFrame: boolean;
  /** True when the frame belongs to the app's main window. */
  fromMainWindow: boolean;
}

/** An IPC call is answered only when it comes from the top frame of the main window, showing the app's own page. */
export function isTrustedSender(sender: SenderInfo): boolean {
  return sender.fromMainWindow && sender.isTopFrame && sender.frameUrl !== null && isAppUrl(sender.frameUrl);
}

/** Permissions the app may be granted: the webcam (for photos), asked by the app's own page; nothing else. */
export function isPermissionAllowed(permission: string, requestingUrl: string | null | undefined, mediaTypes?: readonly string[]): boolean {
  if (permission !== 'media' || !requestingUrl || !isAppUrl(requestingUrl)) return false;
  return (mediaTypes ?? []).every((type) => type === 'video' || type === 'audio');
}

/** Only the known fields of the call's meta cross into the core. */
export function sanitizeMeta(meta: unknown): CallMeta {
  if (meta === null || typeof meta !== 'object') return {};
  const personId = (meta as { personId?: unknown }).personId;
  return typeof personId === 'string' || personId === null ? { personId } : {};
}
