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

/** Finds photo and export files; the core knows the media store. */
export interface FileLookup {
  media(photoId: string, variant: PhotoVariant): Promise<Result<unknown>>;
  export(exportId: string): Promise<Result<unknown>>;
}

export function handleAppProtocol(session: Session, rendererDir: string, lookup: FileLookup): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    let target = resolveProtocolRequest(request.url, request.method, { rendererDir });
    let download: string | null = null;
    if (target.kind === 'error') return text(target.status, target.message);
    if (target.kind === 'media') {
      const found = await lookup.media(target.photoId, target.variant).catch(() => null);
      if (!found?.ok) return text(404, 'No such photo.');
      target = { kind: 'file', ...(found.data as { path: string; contentType: string }) };
    } else if (target.kind === 'export') {
      const found = await lookup.export(target.exportId).catch(() => null);
      if (!found?.ok) return text(404, 'No such export; exports are kept for a day.');
      const file = found.data as { path: string; name: string };
      download = file.name;
      target = { kind: 'file', path: file.path, contentType: 'application/octet-stream' };
    }
    let body: Buffer;
    try {
      body = await readFile(target.path);
    } catch {
      return text(404, 'Not found.');
    }
    const disposition: Record<string, string> = download ? { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(download)}` } : {};
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...PROTOCOL_HEADERS, 'content-type': target.contentType, ...disposition },
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
