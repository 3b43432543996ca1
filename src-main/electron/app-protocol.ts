/** The storeroom:// protocol: the renderer is served from out/renderer under a strict CSP, never from file://. */
import { protocol, type Session } from 'electron';
import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY, PROTOCOL_HEADERS, resolveProtocolRequest } from './protocol-paths';
import type { PhotoVariant, Result } from '../contract';
import { APP_SCHEME } from './security';

/**
 * Must run before the app is ready. `standard` gives the scheme real origins (storeroom://app), so
 * 'self' in the CSP and same-origin module scripts work; `secure` makes it a secure context (webcam).
 * `corsEnabled` is deliberately left unset: it would let other origins read these responses.
 */
export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { ...PROTOCOL_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });

/** Finds a photo's file; the core knows the media store. */
export type MediaLookup = (photoId: string, variant: PhotoVariant) => Promise<Result<unknown>>;

export function handleAppProtocol(session: Session, rendererDir: string, lookupMedia: MediaLookup): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    let target = resolveProtocolRequest(request.url, request.method, { rendererDir });
    if (target.kind === 'error') return text(target.status, target.message);
    if (target.kind === 'media') {
      const found = await lookupMedia(target.photoId, target.variant).catch(() => null);
      if (!found?.ok) return text(404, 'No such photo.');
      target = { kind: 'file', ...(found.data as { path: string; contentType: string }) };
    }
    let body: Buffer;
    try {
      body = await readFile(target.path);
    } catch {
      return text(404, 'Not found.');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...PROTOCOL_HEADERS, 'content-type': target.contentType },
    });
  });

  // Every response in the app's session carries the CSP, whatever served it.
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-security-policy')) {
      headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    }
    callback({ responseHeaders: headers });
  });
}
