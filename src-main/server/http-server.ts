import { timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { extname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { AppError, ERROR_STATUS, IDEMPOTENCY_HEADER, MAX_JSON_BODY_BYTES, PERSON_HEADER, PHOTO_VARIANTS, type ErrorBody, type PhotoVariant, type ServerEvent } from '../contract';
import type { Dispatch } from '../core/dispatch';
import type { MediaServices } from '../core/media/store';
import type { ChangeFeed } from '../core/ops/operations';

export interface ServerOptions {
  dispatch: Dispatch;
  onChange: (listener: (event: ServerEvent) => void) => () => void;
  /** The operations' change events, for a client that reconnects with Last-Event-ID. */
  changes: ChangeFeed;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  /** The catalogue's files: uploads in; photos, exports and reports out. */
  media: MediaServices;
  token: string;
  host?: string;
  port?: number;
}

export interface RunningServer {
  url: string;
  /** The URL to open, with the token in it. */
  openUrl: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** How long a client waits before reconnecting to the event stream. */
const RECONNECT_MS = 2000;
/** A client that missed more changes than this reloads everything instead. */
const MAX_CATCH_UP = 1000;

/** An event as server-sent: a change or a reload with its seq as the event id, from which a client resumes. */
function eventFrame(event: ServerEvent): string {
  const id = event.kind === 'progress' ? '' : `id: ${event.seq}\n`;
  return `${id}data: ${JSON.stringify(event)}\n\n`;
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function sendError(res: ServerResponse, error: AppError | ErrorBody, status?: number): void {
  const body = error instanceof AppError ? error.toBody() : error;
  sendJson(res, status ?? ERROR_STATUS[body.code], { ok: false, error: body });
}

/** Host names under which this server may be reached; anything else is a DNS-rebinding attempt. */
function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (host !== '127.0.0.1' && host !== 'localhost') {
    names.add(host.includes(':') ? `[${host}]` : host);
    names.add(hostname().toLowerCase());
    names.add(`${hostname().toLowerCase()}.local`);
    for (const addresses of Object.values(networkInterfaces())) {
      for (const a of addresses ?? []) names.add(a.family === 'IPv6' ? `[${a.address}]` : a.address);
    }
  }
  return new Set([...names].map((name) => `${name}:${port}`));
}

function tokenMatches(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}

/** Reads a JSON body up to the limit. A larger body is drained, not buffered, so the client still hears 413. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    let size = 0;
    let tooLarge = declared > limit;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () =>
      tooLarge
        ? reject(AppError.of('TOO_LARGE', 'http.bodyTooLarge', { megabytes: Math.round(limit / 1024 / 1024) }))
        : resolvePromise(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

/** Resolves a URL path inside `root`, or null when it would leave it. */
export function safeJoin(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const target = resolve(root, '.' + sep + decoded);
  return isInside(root, target) ? target : null;
}

/** True when `path` is `root` or lies below it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return !rel.startsWith('..') && !isAbsolute(rel);
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const rendererDir = resolve(options.rendererDir);
  const streams = new Set<ServerResponse>();
  let hosts = new Set<string>();

  const unsubscribe = options.onChange((event) => {
    const frame = eventFrame(event);
    for (const res of streams) res.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, 25_000);
  heartbeat.unref();

  const authorized = (req: IncomingMessage, url: URL) => tokenMatches(bearer(req) ?? url.searchParams.get('token'), options.token);

  /** POST /api/upload: the raw bytes of one file, staged for photos.import. */
  async function handleUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!tokenMatches(bearer(req), options.token)) {
      req.resume();
      return sendError(res, AppError.of('UNAUTHORIZED', 'http.tokenRequired'));
    }
    try {
      const uploadId = await options.media.stageUpload(req);
      sendJson(res, 200, { ok: true, data: { uploadId } });
    } catch (error) {
      req.resume();
      sendError(res, error instanceof AppError ? error : AppError.of('VALIDATION', 'http.uploadIncomplete'));
    }
  }

  /** GET /media/{photoId}/{thumb|preview|original}, with the token. Only files inside the catalogue's media/ are served. */
  async function handleMedia(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!authorized(req, url)) return sendError(res, AppError.of('UNAUTHORIZED', 'http.tokenRequired'));
    const [, , photoId = '', variant = ''] = url.pathname.split('/');
    if (!(PHOTO_VARIANTS as readonly string[]).includes(variant)) return sendError(res, AppError.of('NOT_FOUND', 'http.notFound'));
    let file: { path: string; contentType: string };
    try {
      file = await options.media.file(photoId, variant as PhotoVariant);
    } catch (error) {
      return sendError(res, error instanceof AppError ? error : AppError.of('NOT_FOUND', 'http.notFound'));
    }
    const stat = isInside(options.media.dir, file.path) ? statSync(file.path, { throwIfNoEntry: false }) : undefined;
    if (!stat?.isFile()) return sendError(res, AppError.of('NOT_FOUND', 'http.photoFileMissing'));
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': file.contentType,
      'content-length': stat.size,
      // Stored by content hash: a photo's files never change.
      'cache-control': 'private, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file.path).pipe(res);
  }

  /** GET /exports/{exportId}: a finished export or import report, as a download. */
  async function handleExport(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!authorized(req, url)) return sendError(res, AppError.of('UNAUTHORIZED', 'http.tokenRequired'));
    let file: { path: string; name: string };
    try {
      file = await options.media.exportFile(url.pathname.split('/')[2] ?? '');
    } catch (error) {
      return sendError(res, error instanceof AppError ? error : AppError.of('NOT_FOUND', 'http.notFound'));
    }
    const stat = statSync(file.path, { throwIfNoEntry: false });
    if (!stat?.isFile()) return sendError(res, AppError.of('NOT_FOUND', 'http.notFound'));
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': file.name.endsWith('.csv') ? 'text/csv; charset=utf-8' : file.name.endsWith('.pdf') ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-length': stat.size,
      'content-disposition': `attachment; filename="${file.name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file.path).pipe(res);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const procedure = url.pathname.slice('/api/'.length);
    if (procedure === 'upload' && req.method === 'POST') return handleUpload(req, res);
    if (procedure === 'events' && req.method === 'GET') return handleEvents(req, res, url);
    if (req.method !== 'POST') {
      req.resume();
      return sendError(res, AppError.of('VALIDATION', 'http.postRequired'), 405);
    }
    let body: Buffer;
    try {
      body = await readBody(req, MAX_JSON_BODY_BYTES);
    } catch (error) {
      return sendError(res, error instanceof AppError ? error : AppError.of('VALIDATION', 'http.bodyUnreadable'));
    }
    if (!tokenMatches(bearer(req), options.token)) {
      return sendError(res, AppError.of('UNAUTHORIZED', 'http.bearerTokenRequired'));
    }
    let input: unknown = {};
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return sendError(res, AppError.of('VALIDATION', 'http.invalidJson'));
      }
    }
    const person = req.headers[PERSON_HEADER];
    const key = req.headers[IDEMPOTENCY_HEADER];
    const result = await options.dispatch(procedure, input, {
      personId: typeof person === 'string' && person ? person : null,
      remote: true,
      ...(typeof key === 'string' ? { opId: key.trim() } : {}),
    });
    if (result.ok) sendJson(res, 200, result);
    else sendError(res, result.error);
  }

  /**
   * GET /api/events: server-sent events. Each change carries its operation's seq as its id; a client that reconnects
   * with Last-Event-ID (or ?since=) first gets every change it missed, or one "reload" when it was away too long.
   */
  function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!authorized(req, url)) return sendError(res, AppError.of('UNAUTHORIZED', 'http.tokenRequired'));
    const given = req.headers['last-event-id'] ?? url.searchParams.get('since') ?? undefined;
    let since: number | null = null;
    if (given !== undefined) {
      const text = String(given).trim();
      const latest = options.changes.latest();
      if (!/^\d{1,15}$/.test(text)) return sendError(res, AppError.of('VALIDATION', 'http.badLastEventId', { id: text.slice(0, 40) }));
      if (Number(text) > latest) return sendError(res, AppError.of('VALIDATION', 'http.futureLastEventId', { id: text, latest }));
      since = Number(text);
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: ${RECONNECT_MS}\n: connected\n\n`);
    if (since !== null) {
      // Read and sent before the stream joins the others, in one turn of the event loop: nothing falls between.
      const missed = options.changes.after(since, MAX_CATCH_UP + 1);
      if (missed.length > MAX_CATCH_UP) res.write(eventFrame({ kind: 'reload', seq: options.changes.latest() }));
      else for (const event of missed) res.write(eventFrame(event));
    }
    streams.add(res);
    req.on('close', () => streams.delete(res));
  }

  function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, AppError.of('NOT_FOUND', 'http.notFound'), 405);
    const file = safeJoin(rendererDir, url.pathname === '/' ? 'index.html' : url.pathname);
    if (!file) return sendError(res, AppError.of('NOT_FOUND', 'http.notFound'));
    let target = file;
    let stat = statSync(target, { throwIfNoEntry: false });
    if (!stat?.isFile()) {
      // Client-side routes fall back to the app; a missing asset is a 404.
      if (extname(url.pathname)) return sendError(res, AppError.of('NOT_FOUND', 'http.notFound'));
      target = join(rendererDir, 'index.html');
      stat = statSync(target, { throwIfNoEntry: false });
      if (!stat?.isFile()) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Storeroom has not been built yet: run "npm run build", then start the server again.\n');
        return;
      }
    }
    const immutable = relative(rendererDir, target).startsWith('assets');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[extname(target)] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(target).pipe(res);
  }

  const server: Server = createServer((req, res) => {
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!hosts.has(hostHeader)) {
      req.resume();
      return sendError(res, AppError.of('FORBIDDEN', 'http.hostRefused', { host: hostHeader }));
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !(URL.canParse(origin) && hosts.has(new URL(origin).host))) {
      req.resume();
      return sendError(res, AppError.of('FORBIDDEN', 'http.crossOriginRefused'));
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const work = url.pathname.startsWith('/api/')
      ? handleApi(req, res, url)
      : url.pathname.startsWith('/media/')
        ? handleMedia(req, res, url)
        : url.pathname.startsWith('/exports/')
          ? handleExport(req, res, url)
          : Promise.resolve(handleStatic(req, res, url));
    work.catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) sendError(res, AppError.of('INTERNAL', 'http.internal'));
      else res.end();
    });
  });
  server.requestTimeout = 120_000;

  return new Promise((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} is already in use; choose another with --port.`)
          : error.code === 'EADDRNOTAVAIL'
            ? new Error(`This machine has no address ${host}; choose another with --host.`)
            : error,
      );
    });
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
      hosts = allowedHosts(host, port);
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      const url = `http://${shownHost}:${port}/`;
      resolvePromise({
        url,
        openUrl: `${url}?token=${encodeURIComponent(options.token)}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            clearInterval(heartbeat);
            unsubscribe();
            for (const res of streams) res.end();
            streams.clear();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
