import { createHash, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createSecureServer } from 'node:https';
import { hostname, networkInterfaces } from 'node:os';
import { extname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import {
  AppError,
  ERROR_STATUS,
  IDEMPOTENCY_HEADER,
  MAX_JSON_BODY_BYTES,
  PERSON_HEADER,
  PHOTO_VARIANTS,
  SESSION_PATH,
  type CallMeta,
  type DeviceRole,
  type ErrorBody,
  type PhotoVariant,
  type ServerEvent,
} from '../contract';
import type { Dispatch } from '../core/dispatch';
import type { MediaServices } from '../core/media/store';
import type { ChangeFeed } from '../core/ops/operations';

/** A workshop device, as its token names it. */
export interface DeviceIdentity {
  id: string;
  role: DeviceRole;
  personId: string | null;
}

/** What the server needs of a workshop (server/workshop.ts): the devices' cookie, joining and revocation. */
export interface WorkshopGate {
  /** The name of the cookie that carries a device's token. */
  cookieName: string;
  /** The device a token opens, or why it opens nothing. */
  authenticate(token: string): { ok: true; device: DeviceIdentity } | { ok: false; why: 'revoked' | 'unknown' };
  /** Joins a device with a one-time code (devices.join's input): its new token, and the result to answer. */
  join(input: unknown): Promise<{ token: string; result: unknown }>;
  /** Hears of each revoked device, so that its event streams are closed at once. */
  onRevoke(listener: (deviceId: string) => void): () => void;
  /** A device made a request (for its last-seen time). */
  seen(deviceId: string): void;
}

export interface ServerOptions {
  dispatch: Dispatch;
  onChange: (listener: (event: ServerEvent) => void) => () => void;
  /** The operations' change events, for a client that reconnects with Last-Event-ID. */
  changes: ChangeFeed;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  /** The catalogue's files: uploads in; photos, exports and reports out. */
  media: MediaServices;
  /**
   * The server's own token: whoever holds it is the catalogue's host, in a browser (a bearer header, or the session
   * cookie a bearer header is traded for at POST /api/session). A workshop may have none.
   */
  token?: string | undefined;
  /** Accept the server's own token only from this computer: on a workshop, other devices join with a code. */
  tokenFromThisComputerOnly?: boolean;
  /** The workshop's devices, when the catalogue is opened to a team. */
  workshop?: WorkshopGate | undefined;
  /** HTTPS, with this certificate and key (PEM): the secure context phones need for the camera. */
  tls?: { cert: string; key: string } | undefined;
  host?: string;
  port?: number;
  /** Names a cookie of this server's (a catalogue's servers on one computer must not share cookies). */
  cookieSuffix?: string;
}

export interface RunningServer {
  url: string;
  /** The URL to open, with the server's own token in it (when it has one). */
  openUrl: string;
  port: number;
  https: boolean;
  /** Event streams open now from workshop devices. */
  deviceStreams(): number;
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
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The renderer's policy, here and in the desktop app. 'wasm-unsafe-eval' lets the bundled barcode decoder
 * (WebAssembly, served from the app's own assets) compile; nothing else is evaluated.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
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
/** An unauthenticated client sends at most this much: a join code and two names. */
const MAX_JOIN_BODY_BYTES = 16 * 1024;
/** How long a device's cookie lasts; revocation ends it sooner. */
const DEVICE_COOKIE_DAYS = 30;

/** An event as server-sent: a change or a reload with its seq as the event id, from which a client resumes. */
function eventFrame(event: ServerEvent): string {
  const id = event.kind === 'change' || event.kind === 'reload' ? `id: ${event.seq}\n` : '';
  return `${id}data: ${JSON.stringify(event)}\n\n`;
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
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

function tokenMatches(given: string | null | undefined, token: string | undefined): boolean {
  if (!given || !token) return false;
  // Compared as digests, so that neither the time taken nor an early length check says anything of the token.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}

/** The request's cookies, by name (the first of a repeated name wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 1) continue;
    const name = part.slice(0, at).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(at + 1).trim());
  }
  return cookies;
}

/** A cookie the page's scripts cannot read, sent only to this site (and only over HTTPS when it is served so). */
export function serializeCookie(name: string, value: string, options: { secure: boolean; maxAgeSeconds?: number }): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAgeSeconds !== undefined ? [`Max-Age=${options.maxAgeSeconds}`] : []),
  ].join('; ');
}

const isLoopback = (address: string | undefined) => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

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
        ? reject(AppError.of('TOO_LARGE', 'http.bodyTooLarge', { megabytes: Math.max(1, Math.round(limit / 1024 / 1024)) }))
        : resolvePromise(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

/**
 * Answers without reading the request's body: the body is not drained (an unauthenticated client may be sending
 * megabytes), and the connection is closed once the answer has gone.
 */
function refuseUnread(req: IncomingMessage, res: ServerResponse, error: AppError): void {
  res.setHeader('connection', 'close');
  sendError(res, error);
  res.on('finish', () => req.destroy());
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

/** Who made a request, from its headers alone (never its body or URL). */
type Caller =
  | { kind: 'host' }
  | { kind: 'device'; device: DeviceIdentity }
  | { kind: 'none'; refusal: AppError };

/** The encodings a client accepts that the server has a file for, best first. */
function preferredEncodings(req: IncomingMessage): ('br' | 'gzip')[] {
  const accepted = String(req.headers['accept-encoding'] ?? '')
    .split(',')
    .map((part) => part.trim().split(';')[0]!.toLowerCase());
  return (['br', 'gzip'] as const).filter((encoding) => accepted.includes(encoding));
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const secure = options.tls !== undefined;
  const scheme = secure ? 'https:' : 'http:';
  const rendererDir = resolve(options.rendererDir);
  const suffix = options.cookieSuffix ? `-${options.cookieSuffix}` : '';
  const sessionCookie = `storeroom-session${suffix}`;
  const { workshop } = options;
  /** Open event streams, with who opened them. */
  const streams = new Map<ServerResponse, { deviceId: string | null; coordinator: boolean }>();
  let hosts = new Set<string>();
  let hostsReadAt = 0;
  let port = options.port ?? 0;

  const unsubscribe = options.onChange((event) => {
    const frame = eventFrame(event);
    for (const [res, who] of streams) if (event.kind !== 'access' || who.coordinator) res.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const res of streams.keys()) res.write(': keep-alive\n\n');
  }, 25_000);
  heartbeat.unref();
  const stopHearingRevocations = workshop?.onRevoke((deviceId) => {
    for (const [res, who] of streams) {
      if (who.deviceId !== deviceId) continue;
      res.end(eventFrame({ kind: 'revoked' }));
      streams.delete(res);
    }
  });

  /** Whether a Host header names this server; addresses are read again when one is not known (a new DHCP lease). */
  function knownHost(value: string): boolean {
    if (hosts.has(value)) return true;
    if (Date.now() - hostsReadAt < 5000) return false;
    hosts = allowedHosts(host, port);
    hostsReadAt = Date.now();
    return hosts.has(value);
  }

  /** Who is calling: a workshop device by its cookie, or the host by the server's own token; else why not. */
  function identify(req: IncomingMessage): Caller {
    const cookies = parseCookies(req.headers.cookie);
    const deviceToken = workshop ? cookies.get(workshop.cookieName) : undefined;
    if (workshop && deviceToken) {
      const found = workshop.authenticate(deviceToken);
      if (found.ok) {
        workshop.seen(found.device.id);
        return { kind: 'device', device: found.device };
      }
      return { kind: 'none', refusal: AppError.of('UNAUTHORIZED', found.why === 'revoked' ? 'workshop.deviceRevoked' : 'workshop.deviceUnknown') };
    }
    const given = bearer(req) ?? cookies.get(sessionCookie);
    if (given !== undefined && given !== null && tokenMatches(given, options.token)) {
      if (options.tokenFromThisComputerOnly && !isLoopback(req.socket.remoteAddress)) {
        return { kind: 'none', refusal: AppError.of('UNAUTHORIZED', 'workshop.tokenFromThisComputer') };
      }
      return { kind: 'host' };
    }
    return { kind: 'none', refusal: workshop ? AppError.of('UNAUTHORIZED', 'workshop.joinRequired', {}, { workshop: true }) : AppError.of('UNAUTHORIZED', 'http.bearerTokenRequired') };
  }

  /** What a caller's calls carry into the dispatcher: a device's person is its own, whatever the headers say. */
  function metaFor(caller: Caller, req: IncomingMessage): CallMeta {
    const key = req.headers[IDEMPOTENCY_HEADER];
    const opId = typeof key === 'string' ? { opId: key.trim() } : {};
    if (caller.kind === 'device') return { personId: caller.device.personId, device: { id: caller.device.id, role: caller.device.role }, remote: true, ...opId };
    const person = req.headers[PERSON_HEADER];
    return { personId: typeof person === 'string' && person ? person : null, remote: true, ...opId };
  }

  /** POST /api/upload: the raw bytes of one file, staged for photos.import. */
  async function handleUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const caller = identify(req);
    if (caller.kind === 'none') return refuseUnread(req, res, caller.refusal);
    try {
      const uploadId = await options.media.stageUpload(req);
      sendJson(res, 200, { ok: true, data: { uploadId } });
    } catch (error) {
      req.resume();
      sendError(res, error instanceof AppError ? error : AppError.of('VALIDATION', 'http.uploadIncomplete'));
    }
  }

  /** POST /api/session: trades the server's token, sent as a bearer header, for a cookie (for images and events). */
  function handleSession(req: IncomingMessage, res: ServerResponse): void {
    const caller = identify(req);
    const given = bearer(req);
    if (caller.kind !== 'host' || !given) return refuseUnread(req, res, caller.kind === 'none' ? caller.refusal : AppError.of('UNAUTHORIZED', 'http.bearerTokenRequired'));
    req.resume();
    sendJson(res, 200, { ok: true, data: {} }, { 'set-cookie': serializeCookie(sessionCookie, given, { secure }) });
  }

  /** GET /media/{photoId}/{thumb|preview|original}. Only files inside the catalogue's media/ are served. */
  async function handleMedia(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const caller = identify(req);
    if (caller.kind === 'none') return sendError(res, caller.refusal);
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

  /** GET /exports/{exportId}: a finished export or import report, as a download. The coordinator's. */
  async function handleExport(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const caller = identify(req);
    if (caller.kind === 'none') return sendError(res, caller.refusal);
    if (caller.kind === 'device' && caller.device.role !== 'coordinator') {
      return sendError(res, AppError.of('FORBIDDEN', 'workshop.notAllowed', { procedure: 'exports' }));
    }
    let file: { path: string; name: string };
    try {
      file = await options.media.exportFile(url.pathname.split('/')[2] ?? '');
    } catch (error) {
      if (error instanceof AppError) return sendError(res, error);
      // Not a missing export: one that could not be written (an import report is written when first asked for).
      console.error('Storeroom could not serve an export:', error);
      return sendError(res, AppError.of('INTERNAL', 'request.internal'));
    }
    const stat = statSync(file.path, { throwIfNoEntry: false });
    if (!stat?.isFile()) return sendError(res, AppError.of('NOT_FOUND', 'http.notFound'));
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': file.name.endsWith('.storeroom-sync') ? 'application/octet-stream' : file.name.endsWith('.csv') ? 'text/csv; charset=utf-8' : file.name.endsWith('.pdf') ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
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
    if (procedure === SESSION_PATH && req.method === 'POST') return handleSession(req, res);
    if (procedure === 'events' && req.method === 'GET') return handleEvents(req, res, url);
    if (req.method !== 'POST') {
      req.resume();
      return sendError(res, AppError.of('VALIDATION', 'http.postRequired'), 405);
    }
    // Who is calling is settled from the headers before any of the body is read. Joining is the one call a client
    // makes before it has a token: its code is its credential, and its body is small.
    const joining = workshop !== undefined && (procedure === 'devices.join' || procedure === 'devices.joinInfo');
    const caller = identify(req);
    if (caller.kind === 'none' && !joining) return refuseUnread(req, res, caller.refusal);
    let body: Buffer;
    try {
      body = await readBody(req, caller.kind === 'none' ? MAX_JOIN_BODY_BYTES : MAX_JSON_BODY_BYTES);
    } catch (error) {
      return sendError(res, error instanceof AppError ? error : AppError.of('VALIDATION', 'http.bodyUnreadable'));
    }
    let input: unknown = {};
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return sendError(res, AppError.of('VALIDATION', 'http.invalidJson'));
      }
    }
    if (workshop && procedure === 'devices.join') {
      try {
        const joined = await workshop.join(input);
        const cookie = serializeCookie(workshop.cookieName, joined.token, { secure, maxAgeSeconds: DEVICE_COOKIE_DAYS * 24 * 3600 });
        return sendJson(res, 200, { ok: true, data: joined.result }, { 'set-cookie': cookie });
      } catch (error) {
        return sendError(res, error instanceof AppError ? error : AppError.of('INTERNAL', 'http.internal'));
      }
    }
    const meta: CallMeta = caller.kind === 'none' ? { personId: null, remote: true } : metaFor(caller, req);
    const result = await options.dispatch(procedure, input, meta);
    if (result.ok) sendJson(res, 200, result);
    else sendError(res, result.error);
  }

  /**
   * GET /api/events: server-sent events. Each change carries its operation's seq as its id; a client that reconnects
   * with Last-Event-ID (or ?since=) first gets every change it missed, or one "reload" when it was away too long.
   */
  function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const caller = identify(req);
    if (caller.kind === 'none') return sendError(res, caller.refusal);
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
    const device = caller.kind === 'device' ? caller.device : null;
    streams.set(res, { deviceId: device?.id ?? null, coordinator: device === null || device.role === 'coordinator' });
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
    // The build keeps a brotli and a gzip copy of each asset beside it: a phone on a slow network gets the smallest.
    let body = target;
    let encoding: string | undefined;
    for (const candidate of preferredEncodings(req)) {
      const compressed = `${target}.${candidate === 'br' ? 'br' : 'gz'}`;
      const compressedStat = statSync(compressed, { throwIfNoEntry: false });
      if (compressedStat?.isFile()) {
        body = compressed;
        encoding = candidate;
        stat = compressedStat;
        break;
      }
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[extname(target)] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
      ...(encoding ? { 'content-encoding': encoding } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(body).pipe(res);
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!knownHost(hostHeader)) return refuseUnread(req, res, AppError.of('FORBIDDEN', 'http.hostRefused', { host: hostHeader.slice(0, 100) }));
    // A browser names the page that sent a request; it must be this server, scheme included (a page served over
    // plain HTTP at the same address is another origin).
    const origin = req.headers.origin;
    if (origin !== undefined && !(URL.canParse(origin) && new URL(origin).protocol === scheme && knownHost(new URL(origin).host))) {
      return refuseUnread(req, res, AppError.of('FORBIDDEN', 'http.crossOriginRefused'));
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
  };
  const server: Server = options.tls ? createSecureServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createServer(handler);
  server.requestTimeout = 120_000;
  // A phone that vanished from the Wi-Fi leaves its connections open; they are dropped rather than kept for ever.
  server.keepAliveTimeout = 30_000;

  return new Promise((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      unsubscribe();
      stopHearingRevocations?.();
      clearInterval(heartbeat);
      reject(
        error.code === 'EADDRINUSE'
          ? Object.assign(new Error(`Port ${options.port} is already in use; choose another with --port.`), { code: 'EADDRINUSE' })
          : error.code === 'EADDRNOTAVAIL'
            ? new Error(`This machine has no address ${host}; choose another with --host.`)
            : error,
      );
    });
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
      hosts = allowedHosts(host, port);
      hostsReadAt = Date.now();
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      const url = `${scheme}//${shownHost}:${port}/`;
      resolvePromise({
        url,
        openUrl: options.token ? `${url}?token=${encodeURIComponent(options.token)}` : url,
        port,
        https: secure,
        deviceStreams: () => [...streams.values()].filter((who) => who.deviceId !== null).length,
        close: () =>
          new Promise<void>((done) => {
            clearInterval(heartbeat);
            unsubscribe();
            stopHearingRevocations?.();
            for (const res of streams.keys()) res.end();
            streams.clear();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
