/**
 * How a storeroom:// request maps to a file (no Electron import, unit tested).
 * storeroom://app/... serves the built renderer, and storeroom://app/media/{photoId}/{variant} the photos.
 */
import { extname } from 'node:path';
import { PHOTO_VARIANTS, type PhotoVariant } from '../contract';
import { CONTENT_SECURITY_POLICY, safeJoin } from '../server/http-server';
import { APP_HOST, APP_SCHEME } from './security';

export { CONTENT_SECURITY_POLICY };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const contentTypeFor = (path: string): string => CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

/** Headers sent with every storeroom:// response. */
export const PROTOCOL_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

export type ProtocolTarget =
  | { kind: 'file'; path: string; contentType: string }
  | { kind: 'media'; photoId: string; variant: PhotoVariant }
  | { kind: 'export'; exportId: string }
  | { kind: 'error'; status: 400 | 404 | 405; message: string };

const MEDIA_PATH = /^\/media\/([0-9a-f-]{36})\/([a-z]+)$/;
const EXPORT_PATH = /^\/exports\/([0-9a-f-]{36})$/;

export interface ProtocolRoots {
  /** The built renderer: out/renderer. */
  rendererDir: string;
}

/** Resolves a request to the file it may read, or to the error it gets. Never leaves the roots. */
export function resolveProtocolRequest(url: string, method: string, roots: ProtocolRoots): ProtocolTarget {
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'error', status: 405, message: 'Only GET is allowed.' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'error', status: 400, message: 'Malformed URL.' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.username || parsed.password || parsed.port) {
    return { kind: 'error', status: 400, message: 'Not a Storeroom URL.' };
  }
  if (parsed.host !== APP_HOST) return { kind: 'error', status: 404, message: 'Not found.' };
  // Photos, same origin as the app so the CSP's img-src 'self' allows them: the core says which file.
  const media = MEDIA_PATH.exec(parsed.pathname);
  if (media) {
    const [, photoId, variant] = media as unknown as [string, string, string];
    if (!(PHOTO_VARIANTS as readonly string[]).includes(variant)) return { kind: 'error', status: 404, message: 'Not found.' };
    return { kind: 'media', photoId, variant: variant as PhotoVariant };
  }
  const exported = EXPORT_PATH.exec(parsed.pathname);
  if (exported) return { kind: 'export', exportId: exported[1]! };
  const pathname = parsed.pathname === '/' || parsed.pathname === '' ? '/index.html' : parsed.pathname;
  const path = safeJoin(roots.rendererDir, pathname);
  if (path === null) return { kind: 'error', status: 404, message: 'Not found.' };
  return { kind: 'file', path, contentType: contentTypeFor(path) };
}
