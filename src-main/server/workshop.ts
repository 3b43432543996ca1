/**
 * The workshop: a catalogue opened to the phones, tablets and laptops of a team on the local network, from the process
 * that writes it (the desktop app's core, or `storeroom serve --workshop`). It answers the contract's admin procedures
 * (devices.*, workshop.*) and passes every other call to the core's dispatcher, so the devices and the catalogue's own
 * app share one writer. It owns the one-time join codes, the devices' tokens (only their hashes are stored), the
 * certificate, and the LAN server while the workshop is open.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { hostname, networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import {
  AppError,
  FINGERPRINT_FRAGMENT,
  formatJoinCode,
  isAdminProcedure,
  isCallable,
  JOIN_CODE_ALPHABET,
  JOIN_CODE_LENGTH,
  JOIN_CODE_MINUTES,
  JOIN_FRAGMENT,
  procedures,
  type AdminProcedureName,
  type CallMeta,
  type CurrentClient,
  type DeviceRole,
  type Output,
  type ParsedInput,
  type Person,
  type Topic,
  type WorkshopStatus,
} from '../contract';
import type { Catalogue } from '../core/catalogue';
import { addDevice, deviceById, deviceByTokenHash, listDevices, recordLastSeen, revokeDevice, type DeviceGrant } from '../core/devices/devices';
import { assertMayCall, toAppError, type Dispatch } from '../core/dispatch';
import { encode } from '../core/labels/codes';
import { mediaServices } from '../core/media/store';
import { freshId } from '../core/ops/ids';
import { assertWritable, changeFeed } from '../core/ops/operations';
import { startServer, type RunningServer, type WorkshopGate } from './http-server';
import { lanAddresses, type LanAddress } from './lan';

/** The port a workshop prefers, so that a phone finds it at the same address day after day; the next ones if taken. */
export const WORKSHOP_PORT = 5190;
const PORT_TRIES = 10;
/** Wrong join codes allowed in a minute, from all devices together, before joining pauses for a minute. */
const MAX_FAILED_JOINS = 20;
/** Used and expired codes are remembered this long, so that a late device hears why its code fails. */
const CODE_MEMORY_MS = 60 * 60 * 1000;
/** Last-seen times are written to the catalogue this often, not at every request. */
const LAST_SEEN_FLUSH_MS = 30_000;

export interface WorkshopOptions {
  catalogue: Catalogue;
  /** The core's dispatcher: the workshop answers its own procedures and passes every other call on. */
  dispatch: Dispatch;
  /** The built renderer, served to the devices. */
  rendererDir: string;
  /** The server's own token: the coordinator's browser on this computer (storeroom serve --workshop). */
  token?: string;
  /** Told each time the join code changes and when the workshop opens or closes (the CLI prints a "Join:" line). */
  onStatus?: (status: WorkshopStatus) => void;
  /** The computer's network interfaces (tests give their own). */
  interfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** The time, in ms (tests move it on). */
  now?: () => number;
  /** The address to listen on when `open` names none: all of this computer's (0.0.0.0) by default. */
  host?: string;
}

export interface OpenOptions {
  port?: number | undefined;
  insecureHttp?: boolean | undefined;
  /** Listen on this address only (tests, or a computer with a choice of networks); all of this computer's by default. */
  host?: string | undefined;
}

export interface Workshop {
  /** The dispatcher for every transport of this catalogue: admin procedures here, the rest in the core. */
  dispatch: Dispatch;
  open(options?: OpenOptions): Promise<WorkshopStatus>;
  /** Closes the LAN server; devices keep their tokens for the next time it opens. */
  close(): Promise<void>;
  status(): WorkshopStatus;
  /** Closes the workshop for good (the catalogue is closing). */
  dispose(): Promise<void>;
}

interface IssuedCode {
  role: DeviceRole;
  expiresAt: number;
  usedAt: number | null;
  /** Taken by a join in progress: a second device using it at the same moment is refused. */
  reserved: boolean;
}

interface Running {
  server: RunningServer;
  addresses: LanAddress[];
  fingerprint: string | null;
  https: boolean;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function newCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/** A QR code's modules as a string of 0 and 1, row after row. */
function qrMatrix(text: string): { size: number; modules: string } {
  const symbol = encode('qr', text);
  if (symbol.kind !== 'matrix') throw new Error('A QR code is a matrix.');
  return { size: symbol.columns, modules: Array.from(symbol.dark, (dark) => (dark ? '1' : '0')).join('') };
}

export function createWorkshop(options: WorkshopOptions): Workshop {
  const { catalogue } = options;
  const core = options.dispatch;
  const now = options.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  const interfaces = options.interfaces ?? networkInterfaces;
  const cookieSuffix = catalogue.identity.catalogueId.replace(/-/g, '').slice(0, 12);
  const codes = new Map<string, IssuedCode>();
  let memberCode: string | null = null;
  let running: Running | null = null;
  let opening: Promise<WorkshopStatus> | null = null;
  let codeTimer: ReturnType<typeof setTimeout> | undefined;
  let failedJoins: number[] = [];
  const grants = new Map<string, DeviceGrant>();
  const lastSeen = new Map<string, string>();
  const revokeListeners = new Set<(deviceId: string) => void>();
  const qrCache = new Map<string, { size: number; modules: string }>();

  const flushTimer = setInterval(flushLastSeen, LAST_SEEN_FLUSH_MS);
  flushTimer.unref();

  function flushLastSeen(): void {
    if (lastSeen.size === 0 || !catalogue.db.open) return;
    const seen = new Map(lastSeen);
    lastSeen.clear();
    try {
      recordLastSeen(catalogue, seen);
    } catch (error) {
      // The catalogue is busy or full: the times are kept in memory for the next try.
      for (const [id, at] of seen) if (!lastSeen.has(id)) lastSeen.set(id, at);
      console.error('Storeroom could not record when devices were last seen:', (error as Error).message);
    }
  }

  /** Tells coordinators that the workshop or its devices changed (not an operation: nothing in the log). */
  const announce = (...topics: Topic[]) => catalogue.emit({ kind: 'access', topics });

  function forgetOldCodes(): void {
    for (const [code, issued] of codes) {
      if ((issued.usedAt ?? issued.expiresAt) + CODE_MEMORY_MS < now()) codes.delete(code);
    }
  }

  /** The join code for the next member device: the current one while it lasts unused, else a new one. */
  function currentCode(): string | null {
    if (!running) return null;
    const issued = memberCode ? codes.get(memberCode) : undefined;
    if (memberCode && issued && issued.usedAt === null && issued.expiresAt > now()) return memberCode;
    forgetOldCodes();
    memberCode = newCode();
    codes.set(memberCode, { role: 'member', expiresAt: now() + JOIN_CODE_MINUTES * 60_000, usedAt: null, reserved: false });
    clearTimeout(codeTimer);
    // A new code when this one expires, so that the screen (and the CLI) always shows one that works.
    codeTimer = setTimeout(() => renewCode(), JOIN_CODE_MINUTES * 60_000 + 50);
    codeTimer.unref();
    return memberCode;
  }

  function renewCode(): void {
    if (!running) return;
    currentCode();
    announce('workshop');
    options.onStatus?.(status());
  }

  function status(): WorkshopStatus {
    const code = currentCode();
    if (!running || code === null) return { open: false, https: false, port: null, addresses: [], code: null, fingerprint: null, connected: 0 };
    const { server, addresses, https } = running;
    const scheme = https ? 'https' : 'http';
    return {
      open: true,
      https,
      port: server.port,
      addresses: addresses.map(({ address, interface: name }) => {
        const url = `${scheme}://${address}:${server.port}/`;
        const joinUrl = `${url}#${JOIN_FRAGMENT}${code}`;
        let qr = qrCache.get(joinUrl);
        if (!qr) {
          qr = qrMatrix(joinUrl);
          qrCache.clear();
          qrCache.set(joinUrl, qr);
        }
        return { url, joinUrl, interface: name, qr };
      }),
      code: { value: formatJoinCode(code), expiresAt: new Date(codes.get(code)!.expiresAt).toISOString() },
      fingerprint: running.fingerprint,
      connected: server.deviceStreams(),
    };
  }

  /** A code as typed, checked: expired, used or unknown codes are refused, and too many wrong ones pause joining. */
  function checkCode(code: string): IssuedCode {
    failedJoins = failedJoins.filter((at) => at > now() - 60_000);
    if (failedJoins.length >= MAX_FAILED_JOINS) throw AppError.of('UNAUTHORIZED', 'workshop.tooManyAttempts');
    const issued = running ? codes.get(code) : undefined;
    const refuse = (error: AppError) => {
      failedJoins.push(now());
      return error;
    };
    if (!issued) throw refuse(AppError.of('UNAUTHORIZED', 'workshop.codeUnknown'));
    if (issued.usedAt !== null || issued.reserved) throw refuse(AppError.of('UNAUTHORIZED', 'workshop.codeUsed'));
    if (issued.expiresAt <= now()) throw refuse(AppError.of('UNAUTHORIZED', 'workshop.codeExpired', { minutes: JOIN_CODE_MINUTES }));
    return issued;
  }

  async function coreCall<T>(procedure: string, input: unknown, meta: CallMeta = {}): Promise<T> {
    const result = await core(procedure, input, meta);
    if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.details, result.error.key ? { key: result.error.key as never, params: result.error.params ?? {} } : undefined);
    return result.data as T;
  }

  async function join(raw: unknown): Promise<{ token: string; result: Output<'devices.join'> }> {
    const input = procedures['devices.join'].input.parse(raw);
    assertWritable(catalogue);
    const issued = checkCode(input.code);
    issued.reserved = true;
    try {
      const people = await coreCall<Person[]>('people.list', {});
      const deviceId = freshId();
      let person: { id: string; name: string } | undefined;
      if (input.personId !== undefined) {
        person = people.find((p) => p.id === input.personId);
        if (!person) throw AppError.of('NOT_FOUND', 'workshop.personNotFound', {}, { personId: input.personId });
      } else {
        const name = input.personName!;
        // Someone who types their own name finds themselves, rather than a second person of the same name.
        person =
          people.find((p) => p.name.localeCompare(name, undefined, { sensitivity: 'base' }) === 0) ??
          // Made by the workshop on the joining device's behalf: the operation names that device.
          (await coreCall<Person>('people.create', { name }, { device: { id: deviceId, role: issued.role }, remote: false }));
      }
      const token = randomBytes(32).toString('base64url');
      const grant = addDevice(catalogue, { id: deviceId, name: input.deviceName, role: issued.role, personId: person.id, tokenHash: hashToken(token), at: iso() });
      issued.usedAt = now();
      if (input.code === memberCode) renewCode();
      announce('devices');
      return { token, result: { device: { id: grant.id, name: grant.name, role: grant.role }, person: { id: person.id, name: person.name } } };
    } finally {
      issued.reserved = false;
    }
  }

  const gate: WorkshopGate = {
    cookieName: `storeroom-device-${cookieSuffix}`,
    authenticate(token) {
      const hash = hashToken(token);
      let grant = grants.get(hash);
      if (!grant) {
        grant = deviceByTokenHash(catalogue, hash);
        if (!grant) return { ok: false, why: 'unknown' };
        grants.set(hash, grant);
      }
      if (grant.revoked) return { ok: false, why: 'revoked' };
      return { ok: true, device: { id: grant.id, role: grant.role, personId: grant.personId } };
    },
    async join(raw) {
      try {
        return await join(raw);
      } catch (error) {
        throw toAppError(error);
      }
    },
    onRevoke(listener) {
      revokeListeners.add(listener);
      return () => revokeListeners.delete(listener);
    },
    seen(deviceId) {
      lastSeen.set(deviceId, iso());
    },
  };

  async function open(given: OpenOptions = {}): Promise<WorkshopStatus> {
    if (running) return status();
    if (opening) return opening;
    opening = (async () => {
      const host = given.host ?? options.host ?? '0.0.0.0';
      const addresses = host === '0.0.0.0' ? lanAddresses(interfaces()) : [{ address: host, interface: host === '127.0.0.1' ? 'loopback' : host }];
      if (addresses.length === 0) throw AppError.of('VALIDATION', 'workshop.noNetwork');
      let tls: { cert: string; key: string } | undefined;
      let fingerprint: string | null = null;
      if (!given.insecureHttp) {
        try {
          const { workshopCertificate } = await import('./certificate');
          const name = hostname().toLowerCase();
          const certificate = await workshopCertificate(catalogue.dir, [...addresses.map((a) => a.address), '127.0.0.1', 'localhost', name, `${name}.local`]);
          tls = { cert: certificate.cert, key: certificate.key };
          fingerprint = certificate.fingerprint;
        } catch (error) {
          throw AppError.of('INTERNAL', 'workshop.certificateFailed', { reason: (error as Error).message });
        }
      }
      const ports = given.port !== undefined ? [given.port] : [...Array.from({ length: PORT_TRIES }, (_, i) => WORKSHOP_PORT + i), 0];
      let server: RunningServer | undefined;
      for (const port of ports) {
        try {
          server = await startServer({
            dispatch,
            onChange: (listener) => catalogue.onChange(listener),
            changes: changeFeed(catalogue),
            rendererDir: options.rendererDir,
            media: mediaServices(catalogue),
            token: options.token,
            tokenFromThisComputerOnly: true,
            workshop: gate,
            tls,
            host,
            port,
            cookieSuffix,
          });
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
          if (given.port !== undefined) throw AppError.of('CONFLICT', 'workshop.portInUse', { port });
        }
      }
      running = { server: server!, addresses, fingerprint, https: tls !== undefined };
      memberCode = null;
      const opened = status();
      announce('workshop');
      options.onStatus?.(opened);
      return opened;
    })();
    try {
      return await opening;
    } finally {
      opening = null;
    }
  }

  async function close(): Promise<void> {
    await opening?.catch(() => {});
    clearTimeout(codeTimer);
    flushLastSeen();
    if (!running) return;
    const { server } = running;
    running = null;
    memberCode = null;
    codes.clear();
    await server.close();
    announce('workshop');
    options.onStatus?.(status());
  }

  function current(meta: CallMeta): CurrentClient {
    const https = running?.https ?? false;
    const { catalogueId } = catalogue.identity;
    if (!meta.device) return { catalogueId, role: 'coordinator', device: null, person: null, workshop: meta.remote ? { https } : null };
    const grant = deviceById(catalogue, meta.device.id);
    if (!grant) throw AppError.of('UNAUTHORIZED', 'workshop.deviceUnknown');
    return {
      catalogueId,
      role: grant.role,
      device: { id: grant.id, name: grant.name, role: grant.role },
      person: grant.personId && grant.personName !== null ? { id: grant.personId, name: grant.personName } : null,
      workshop: { https },
    };
  }

  async function joinInfo(input: ParsedInput<'devices.joinInfo'>): Promise<Output<'devices.joinInfo'>> {
    const issued = checkCode(input.code);
    const info = await coreCall<{ name: string }>('catalogue.info', {});
    const people = await coreCall<Person[]>('people.list', {});
    return { catalogueName: info.name, catalogueId: catalogue.identity.catalogueId, role: issued.role, expiresAt: new Date(issued.expiresAt).toISOString(), people: people.map(({ id, name }) => ({ id, name })) };
  }

  /**
   * A one-time code for another laptop with a copy of this catalogue: its device is a coordinator, since it brings and
   * takes whole bundles. Over HTTPS only: the other laptop trusts this one by its certificate's fingerprint.
   */
  function peerCode(): Output<'workshop.peerCode'> {
    if (!running) throw AppError.of('VALIDATION', 'workshop.notOpen');
    if (!running.https || !running.fingerprint) throw AppError.of('VALIDATION', 'workshop.peerNeedsHttps');
    forgetOldCodes();
    const code = newCode();
    const expiresAt = now() + JOIN_CODE_MINUTES * 60_000;
    codes.set(code, { role: 'coordinator', expiresAt, usedAt: null, reserved: false });
    const url = status().addresses[0]!.url;
    return {
      code: { value: formatJoinCode(code), expiresAt: new Date(expiresAt).toISOString() },
      link: `${url}#${JOIN_FRAGMENT}${code}&${FINGERPRINT_FRAGMENT}${running.fingerprint.replace(/:/g, '')}`,
      fingerprint: running.fingerprint,
    };
  }

  function list(): Output<'devices.list'> {
    flushLastSeen();
    return { devices: listDevices(catalogue) };
  }

  function revoke(input: ParsedInput<'devices.revoke'>, meta: CallMeta): Output<'devices.revoke'> {
    // Only the process that writes the catalogue revokes: it is the one whose server would have to hear of it.
    assertWritable(catalogue);
    const grant = deviceById(catalogue, input.deviceId);
    if (!grant) throw AppError.of('NOT_FOUND', 'workshop.deviceNotFound', { deviceId: input.deviceId });
    const revoked = revokeDevice(catalogue, input.deviceId, iso(), meta.device ? null : (meta.personId ?? null));
    for (const [hash, cached] of grants) if (cached.id === input.deviceId) grants.set(hash, { ...cached, revoked: true });
    for (const listener of revokeListeners) listener(input.deviceId);
    if (revoked) announce('devices');
    return { revoked };
  }

  type AdminHandlers = { [P in AdminProcedureName]: (input: ParsedInput<P>, meta: CallMeta) => Output<P> | Promise<Output<P>> };
  const admin: AdminHandlers = {
    'devices.current': (_input, meta) => current(meta),
    'devices.joinInfo': (input) => joinInfo(input),
    // A device joins over the network, where the server can give it its cookie (see http-server.ts).
    'devices.join': () => {
      throw AppError.of('NOT_FOUND', 'workshop.notServed');
    },
    'devices.list': () => list(),
    'devices.revoke': (input, meta) => revoke(input, meta),
    'workshop.status': () => status(),
    'workshop.open': (input) => open(input),
    'workshop.peerCode': () => peerCode(),
    'workshop.close': async () => {
      await close();
      return status();
    },
  };

  const dispatch: Dispatch = async (procedure, input, meta = {}) => {
    if (!isCallable(procedure) || !isAdminProcedure(procedure)) return core(procedure, input, meta);
    try {
      assertMayCall(procedure, meta);
      const parsed = procedures[procedure].input.parse(input ?? {});
      const output = await (admin[procedure] as (input: unknown, meta: CallMeta) => unknown)(parsed, meta);
      return { ok: true, data: procedures[procedure].output.parse(output) };
    } catch (error) {
      return { ok: false, error: toAppError(error).toBody() };
    }
  };

  return {
    dispatch,
    open,
    close,
    status,
    async dispose() {
      await close();
      clearInterval(flushTimer);
      flushLastSeen();
    },
  };
}
