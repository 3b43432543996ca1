/**
 * Syncing directly with another laptop whose workshop is open (sync.withPeer): this copy joins that workshop as a
 * device with a code for a laptop (a coordinator's), or with the key it kept from the last time; it trusts the other
 * laptop's certificate by its SHA-256 fingerprint only, never by switching certificate checks off; it asks for a bundle
 * of what it lacks and applies it here (all or nothing, as any bundle), then sends a bundle of what the other lacks and
 * has it applied there. The key is a credential: it is kept in the catalogue folder, readable by its owner only.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { chmodSync, createReadStream, createWriteStream, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { connect, type ConnectionOptions, type PeerCertificate } from 'node:tls';
import { AppError, FINGERPRINT_FRAGMENT, JOIN_FRAGMENT, joinCode, type ErrorBody, type Output, type ParsedInput } from '../../contract';
import type { JobContext } from '../context';
import { tmpPath } from '../media/store';
import { assertWritable } from '../ops/operations';
import { vectorOf } from './bundle';
import { applyBundle, makeBundle } from './sync';

/** Where the keys this copy was given by other laptops' workshops are kept, in the catalogue folder (mode 0600). */
export const PEERS_FILE = join('workshop', 'peers.json');
/** How long a connection may stay silent before the other laptop counts as unreachable. */
const IDLE_MS = 30_000;

interface RememberedPeer {
  /** The device cookie, "name=value": the credential (null once the other laptop refused it). */
  cookie: string | null;
  fingerprint: string;
  /**
   * SHA-256 of the certificate's public key. The other laptop makes its certificate again, with the same key, when it
   * moves to another network: a certificate with this key is still that laptop's (it proves it holds the key).
   */
  publicKey?: string;
  catalogueName: string;
}

interface Peer {
  url: string;
  origin: URL;
  fingerprint: string;
  /** The pinned certificate, PEM: the only one trusted for this peer. */
  cert: string;
  cookie: string | null;
}

/** A fingerprint as typed or pasted (with or without colons, any case), as Node gives it: 32 pairs of hex digits. */
export function normaliseFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

/** The address of the other laptop's workshop, and the code and fingerprint a link for a laptop carries. */
export function parsePeerAddress(text: string): { origin: URL; code?: string; fingerprint?: string } {
  let url: URL;
  try {
    const trimmed = text.trim();
    url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw AppError.of('VALIDATION', 'sync.peerBadAddress', { url: text.slice(0, 200) });
  }
  if (url.protocol === 'http:') throw AppError.of('VALIDATION', 'sync.peerNotHttps', { url: url.origin });
  if (url.protocol !== 'https:') throw AppError.of('VALIDATION', 'sync.peerBadAddress', { url: text.slice(0, 200) });
  const found: { origin: URL; code?: string; fingerprint?: string } = { origin: new URL(url.origin) };
  for (const part of url.hash.replace(/^#/, '').split('&')) {
    if (part.startsWith(JOIN_FRAGMENT)) {
      const code = joinCode.safeParse(decodeURIComponent(part.slice(JOIN_FRAGMENT.length)));
      if (code.success) found.code = code.data;
    } else if (part.startsWith(FINGERPRINT_FRAGMENT)) {
      found.fingerprint = part.slice(FINGERPRINT_FRAGMENT.length);
    }
  }
  return found;
}

function peersPath(ctx: JobContext): string {
  return join(ctx.catalogue.dir, PEERS_FILE);
}

function rememberedPeers(ctx: JobContext): Record<string, RememberedPeer> {
  try {
    return JSON.parse(readFileSync(peersPath(ctx), 'utf8')) as Record<string, RememberedPeer>;
  } catch {
    return {};
  }
}

/** Keeps the key for a peer, and the fingerprint confirmed for it: written whole, readable by its owner only. */
function remember(ctx: JobContext, origin: string, peer: RememberedPeer): void {
  const path = peersPath(ctx);
  const peers = rememberedPeers(ctx);
  peers[origin] = peer;
  mkdirSync(dirname(path), { recursive: true });
  const part = `${path}.part`;
  rmSync(part, { force: true });
  writeFileSync(part, JSON.stringify(peers, null, 2), { mode: 0o600 });
  renameSync(part, path);
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
}

const unreachable = (url: string, error: unknown) =>
  error instanceof AppError ? error : AppError.of('UNAVAILABLE', 'sync.peerUnreachable', { url, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });

/**
 * The certificate the other laptop shows, read during the TLS handshake before anything is sent: it is compared with
 * the fingerprint the user confirmed, and then it is the only certificate trusted for the requests that follow.
 */
function certificateOf(origin: URL, signal: AbortSignal): Promise<{ pem: string; fingerprint: string; publicKey: string }> {
  return new Promise((resolve, reject) => {
    const host = origin.hostname.replace(/^\[|\]$/g, '');
    const socket = connect({
      host,
      port: Number(origin.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      // Only to read the certificate: nothing is sent on this connection, and nothing is trusted from it but the
      // certificate itself, whose fingerprint must be the one confirmed.
      rejectUnauthorized: false,
      signal,
    } as ConnectionOptions);
    socket.setTimeout(IDLE_MS, () => socket.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerX509Certificate();
      socket.destroy();
      if (!cert) return reject(unreachable(origin.origin, new Error('no certificate')));
      resolve({ pem: cert.toString(), fingerprint: cert.fingerprint256, publicKey: publicKeyHash(cert.publicKey) });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (signal.aborted) return reject(AppError.of('CONFLICT', 'sync.cancelled'));
      // Something answers there, but not with TLS: plain HTTP (storeroom serve, a workshop with plain HTTP) or another service.
      if (error.code === 'EPROTO' || error.code?.startsWith('ERR_SSL')) return reject(AppError.of('UNAVAILABLE', 'sync.peerNotWorkshop', { url: origin.origin }));
      reject(unreachable(origin.origin, error));
    });
  });
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const publicKeyHash = (key: KeyObject) => createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');

/** One request to the peer, over HTTPS with its pinned certificate only. */
function send(
  peer: Peer,
  signal: AbortSignal,
  method: string,
  path: string,
  options: { headers?: Record<string, string | number>; body?: string; file?: string; toFile?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const host = peer.origin.hostname.replace(/^\[|\]$/g, '');
    const fail = (error: unknown) => reject(signal.aborted ? AppError.of('CONFLICT', 'sync.cancelled') : unreachable(peer.url, error));
    const requestOptions: RequestOptions = {
      host,
      port: Number(peer.origin.port || 443),
      path,
      method,
      agent: false,
      ca: peer.cert,
      // The certificate is trusted by its fingerprint, whatever name or address it is reached by.
      checkServerIdentity: (_name: string, cert: PeerCertificate) =>
        cert.fingerprint256 === peer.fingerprint ? undefined : AppError.of('VALIDATION', 'sync.peerFingerprintWrong', { url: peer.url, expected: peer.fingerprint, fingerprint: cert.fingerprint256 }),
      headers: {
        accept: 'application/json',
        ...(peer.cookie ? { cookie: peer.cookie } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(options.body) } : {}),
        ...options.headers,
      },
      signal,
      timeout: IDLE_MS,
    };
    const req = request(requestOptions, (res) => {
      const status = res.statusCode ?? 0;
      if (options.toFile && status === 200) {
        const expected = Number(res.headers['content-length'] ?? -1);
        let received = 0;
        res.on('data', (chunk: Buffer) => (received += chunk.length));
        pipeline(res, createWriteStream(options.toFile)).then(
          () => (expected >= 0 && received !== expected ? fail(new Error('the download was cut off')) : resolve({ status, headers: res.headers, body: Buffer.alloc(0) })),
          fail,
        );
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', fail);
    if (options.file) {
      pipeline(createReadStream(options.file), req).catch(fail);
    } else {
      if (options.body !== undefined) req.write(options.body);
      req.end();
    }
  });
}

/** The error the other laptop answered with, as its own (its key and parameters), or a plain one. */
function answerError(peer: Peer, answer: Answer): AppError {
  let body: { ok?: boolean; error?: ErrorBody } = {};
  try {
    body = JSON.parse(answer.body.toString('utf8')) as typeof body;
  } catch {
    // Not Storeroom's JSON: not a workshop.
  }
  const error = body.error;
  if (!error) return AppError.of('UNAVAILABLE', 'sync.peerNotWorkshop', { url: peer.url });
  // A server without a workshop (storeroom serve, or the app with its workshop closed) asks for its own token.
  if (error.key === 'http.bearerTokenRequired' || error.key === 'workshop.notServed') return AppError.of('UNAVAILABLE', 'sync.peerNotWorkshop', { url: peer.url });
  return new AppError(error.code, error.message, error.details, error.key ? { key: error.key as never, params: error.params ?? {} } : undefined);
}

async function call<T>(peer: Peer, signal: AbortSignal, procedure: string, input: unknown, headers: Record<string, string> = {}): Promise<{ data: T; answer: Answer }> {
  const answer = await send(peer, signal, 'POST', `/api/${procedure}`, { body: JSON.stringify(input), headers });
  let body: { ok?: boolean; data?: T } = {};
  try {
    body = JSON.parse(answer.body.toString('utf8')) as typeof body;
  } catch {
    // Handled below.
  }
  if (answer.status !== 200 || !body.ok) throw answerError(peer, answer);
  return { data: body.data as T, answer };
}

/** A UUID made from this job's id, so that the same push sent again is applied once (Idempotency-Key). */
function keyFor(jobId: string, what: string): string {
  const hex = createHash('sha256').update(`${jobId}:${what}`).digest('hex').split('');
  hex[12] = '4';
  hex[16] = '8';
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** This copy's name for itself on the other laptop's device list. */
function deviceName(ctx: JobContext): string {
  return `${hostname() || 'Laptop'} (${ctx.catalogue.identity.deviceCode})`.slice(0, 60);
}

/** The person this copy joins as: the one at its keyboard, else one named after the computer. */
function personName(ctx: JobContext): string {
  const name = ctx.personId ? (ctx.db.prepare('SELECT name FROM people WHERE id = ?').pluck().get(ctx.personId) as string | undefined) : undefined;
  return (name ?? (hostname() || 'Laptop')).slice(0, 120);
}

/** sync.withPeer: both ways with another laptop's workshop; see the top of this file. */
export async function syncWithPeer(ctx: JobContext, input: ParsedInput<'sync.withPeer'>): Promise<Output<'sync.withPeer'>> {
  if (ctx.remote) throw AppError.of('FORBIDDEN', 'workshop.hostOnly', { procedure: 'sync.withPeer' });
  const { catalogue, signal } = ctx;
  assertWritable(catalogue);
  const address = parsePeerAddress(input.url);
  const url = address.origin.origin;
  const remembered = rememberedPeers(ctx)[url];
  const code = input.code ?? address.code;
  const given = input.fingerprint ?? address.fingerprint;
  let fingerprint: string | null = null;
  if (given !== undefined) {
    fingerprint = normaliseFingerprint(given);
    if (!fingerprint) throw AppError.of('VALIDATION', 'sync.peerBadFingerprint', { fingerprint: given.slice(0, 120) });
  }

  // 1. The certificate, before anything is sent: it must be the one whose fingerprint the user confirmed.
  const steps = 6;
  const step = (done: number, current: string) => ctx.progress({ done, total: steps, current, errors: 0 });
  step(0, 'connect');
  const seen = await certificateOf(address.origin, signal);
  if (fingerprint === null && remembered) {
    // Confirmed before: the same certificate, or one made again with the same key (the other laptop moved networks).
    fingerprint = remembered.publicKey === seen.publicKey ? seen.fingerprint : remembered.fingerprint;
  }
  if (!fingerprint) throw AppError.of('VALIDATION', 'sync.peerFingerprintNeeded', { url, fingerprint: seen.fingerprint });
  if (seen.fingerprint !== fingerprint) throw AppError.of('VALIDATION', 'sync.peerFingerprintWrong', { url, expected: fingerprint, fingerprint: seen.fingerprint });
  const publicKey = seen.publicKey;
  const peer: Peer = { url, origin: address.origin, fingerprint, cert: seen.pem, cookie: code ? null : (remembered?.cookie ?? null) };

  // 2. Join (with a code), or present the key kept from the last time; either way, the same catalogue, as a coordinator.
  const catalogueId = catalogue.identity.catalogueId;
  let catalogueName: string;
  if (!peer.cookie) {
    if (!code) throw AppError.of('VALIDATION', 'sync.peerCodeNeeded', { url });
    const { data: info } = await call<{ catalogueName: string; catalogueId: string; role: string; people: { id: string }[] }>(peer, signal, 'devices.joinInfo', { code });
    if (info.catalogueId !== catalogueId) throw AppError.of('VALIDATION', 'sync.peerOtherCatalogue', { url, name: info.catalogueName });
    if (info.role !== 'coordinator') throw AppError.of('FORBIDDEN', 'sync.peerMemberCode', { url });
    // As the person at this keyboard, by id when the other laptop has them already (a name could have changed), else by name.
    const who = ctx.personId && info.people.some((p) => p.id === ctx.personId) ? { personId: ctx.personId } : { personName: personName(ctx) };
    const { answer } = await call(peer, signal, 'devices.join', { code, ...who, deviceName: deviceName(ctx) });
    const setCookie = ([] as string[]).concat(answer.headers['set-cookie'] ?? [])[0];
    if (!setCookie) throw AppError.of('UNAVAILABLE', 'sync.peerNotWorkshop', { url });
    peer.cookie = setCookie.split(';')[0]!;
    catalogueName = info.catalogueName;
    remember(ctx, url, { cookie: peer.cookie, fingerprint, publicKey, catalogueName });
  }
  let current: { catalogueId: string; role: string };
  try {
    current = (await call<{ catalogueId: string; role: string }>(peer, signal, 'devices.current', {})).data;
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNAUTHORIZED') {
      // Revoked on the other laptop, or its catalogue's workshop forgot it: a new code is needed (the fingerprint
      // confirmed stays).
      remember(ctx, url, { cookie: null, fingerprint, publicKey, catalogueName: remembered?.catalogueName ?? '' });
      throw AppError.of('UNAUTHORIZED', 'sync.peerKeyRefused', { url });
    }
    throw error;
  }
  if (current.catalogueId !== catalogueId) throw AppError.of('VALIDATION', 'sync.peerOtherCatalogue', { url, name: remembered?.catalogueName ?? '' });
  if (current.role !== 'coordinator') throw AppError.of('FORBIDDEN', 'sync.peerMemberCode', { url });
  catalogueName = (await call<{ name: string }>(peer, signal, 'catalogue.info', {})).data.name;
  if (remembered && !code && (remembered.catalogueName !== catalogueName || remembered.fingerprint !== fingerprint || remembered.publicKey !== publicKey)) {
    remember(ctx, url, { ...remembered, fingerprint, publicKey, catalogueName });
  }

  // 3. Pull: a bundle of what this copy lacks, made there, downloaded, and applied here in one transaction.
  step(1, 'pull');
  const bundle = (await call<Output<'sync.bundle'>>(peer, signal, 'sync.bundle', { vector: vectorOf(catalogue.db) })).data;
  const work = tmpPath(catalogue.mediaDir);
  mkdirSync(dirname(work), { recursive: true });
  const pulledFile = `${work}-in.storeroom-sync`;
  const pushedFile = `${work}-out.storeroom-sync`;
  try {
    step(2, 'pull');
    const download = await send(peer, signal, 'GET', `/exports/${encodeURIComponent(bundle.exportId!)}`, { toFile: pulledFile });
    if (download.status !== 200) throw answerError(peer, download);
    step(3, 'apply');
    const here = Object.create(ctx) as JobContext;
    Object.defineProperty(here, 'progress', { value: (p: Parameters<JobContext['progress']>[0]) => ctx.progress({ ...p, current: 'apply' }) });
    const pulled = await applyBundle(here, { source: { path: pulledFile, name: bundle.fileName } });

    // 4. Push: a bundle of what the other lacks (by what it said it has), uploaded and applied there.
    step(4, 'push');
    if (signal.aborted) throw AppError.of('CONFLICT', 'sync.cancelled');
    const out = await makeBundle(ctx, { path: pushedFile, vector: bundle.vector });
    let pushed: Output<'sync.withPeer'>['pushed'] & { warnings: string[] } = { applied: 0, skipped: 0, conflicts: 0, warnings: [] };
    if (out.operations > 0) {
      step(5, 'push');
      const upload = await send(peer, signal, 'POST', '/api/upload', {
        file: pushedFile,
        headers: { 'content-type': 'application/octet-stream', 'content-length': statSync(pushedFile).size, 'x-file-name': encodeURIComponent(out.fileName) },
      });
      let uploaded: { ok?: boolean; data?: { uploadId: string } } = {};
      try {
        uploaded = JSON.parse(upload.body.toString('utf8')) as typeof uploaded;
      } catch {
        // Handled below.
      }
      if (upload.status !== 200 || !uploaded.ok) throw answerError(peer, upload);
      pushed = (await call<Output<'sync.apply'>>(peer, signal, 'sync.apply', { source: { uploadId: uploaded.data!.uploadId, name: out.fileName } }, { 'idempotency-key': keyFor(ctx.jobId, 'push') })).data;
    }
    step(steps, 'done');
    return {
      url,
      catalogueName,
      pulled: { applied: pulled.applied, skipped: pulled.skipped, conflicts: pulled.conflicts },
      pushed: { applied: pushed.applied, skipped: pushed.skipped, conflicts: pushed.conflicts },
      warnings: [...new Set([...pulled.warnings, ...pushed.warnings])],
    };
  } finally {
    rmSync(pulledFile, { force: true });
    rmSync(pushedFile, { force: true });
  }
}

