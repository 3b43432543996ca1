import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { JOIN_CODE_MINUTES, type WorkshopStatus } from '../../src-main/contract';
import { CERTIFICATE_FILE, KEY_FILE, WORKSHOP_DIR, workshopCertificate } from '../../src-main/server/certificate';
import { createWorkshop, type Workshop } from '../../src-main/server/workshop';
import { tempDir, testCatalogue, withRooms, type TestCatalogue } from '../support/catalogue';

const workshops: Workshop[] = [];
afterEach(async () => {
  while (workshops.length) await workshops.pop()!.dispose();
});

function rendererDir(): string {
  const dir = join(tempDir('storeroom-renderer-'), 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body>Storeroom</body></html>');
  return dir;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: { ok: boolean; data?: never; error?: { code: string; key?: string; message: string } };
}

/** A workshop over real HTTPS, with a client that trusts its certificate explicitly (and nothing else). */
async function openWorkshop(t: TestCatalogue, options: { now?: () => number; insecureHttp?: boolean; token?: string } = {}) {
  const workshop = createWorkshop({ catalogue: t.catalogue, dispatch: t.dispatch, rendererDir: rendererDir(), ...options });
  workshops.push(workshop);
  const status = await workshop.open({ host: '127.0.0.1', port: 0, insecureHttp: options.insecureHttp });
  const cert = status.https ? readFileSync(join(t.catalogue.dir, WORKSHOP_DIR, CERTIFICATE_FILE), 'utf8') : undefined;
  const base = new URL(status.addresses[0]!.url);

  const send = (method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer & { text: string }> =>
    new Promise((resolve, reject) => {
      const transport = status.https ? request : httpRequest;
      const req = transport(
        { host: base.hostname, port: base.port, path, method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ca: cert, agent: false },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d));
          res.on('end', () => {
            let parsed: Answer['body'];
            try {
              parsed = JSON.parse(text) as Answer['body'];
            } catch {
              parsed = { ok: false };
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
          });
        },
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  const post = (procedure: string, input: unknown, headers: Record<string, string> = {}) => send('POST', `/api/${procedure}`, headers, JSON.stringify(input));
  const codeOf = (s: WorkshopStatus = workshop.status()) => s.code!.value.replace('-', '');
  /** Joins a device: its cookie header, its device id, and the join's answer. */
  const joinAs = async (personName: string, deviceName = `${personName}'s phone`) => {
    const answer = await post('devices.join', { code: codeOf(), personName, deviceName });
    expect(answer.status, answer.text).toBe(200);
    const setCookie = answer.headers['set-cookie']![0]!;
    return { cookie: { cookie: setCookie.split(';')[0]! }, setCookie, answer, deviceId: (answer.body.data as unknown as { device: { id: string } }).device.id };
  };
  return { workshop, status, cert, base, send, post, codeOf, join: joinAs };
}

describe('the workshop certificate', () => {
  it('is made once per catalogue, its key kept for its owner only, and made again with the same key for a new address', async () => {
    const dir = tempDir();
    const first = await workshopCertificate(dir, ['192.168.1.20', 'localhost']);
    const keyPath = join(dir, WORKSHOP_DIR, KEY_FILE);
    if (process.platform !== 'win32') expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    const certificate = new X509Certificate(first.cert);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.subjectAltName).toContain('IP Address:192.168.1.20');
    expect(certificate.subjectAltName).toContain('DNS:localhost');
    expect(first.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(first.fingerprint).toBe(certificate.fingerprint256);

    // The same addresses: the same certificate, read back.
    const again = await workshopCertificate(dir, ['localhost', '192.168.1.20']);
    expect(again.fingerprint).toBe(first.fingerprint);

    // Another network: a new certificate, with the same key, naming both.
    const moved = await workshopCertificate(dir, ['10.0.0.7']);
    expect(moved.fingerprint).not.toBe(first.fingerprint);
    expect(moved.key).toBe(first.key);
    expect(moved.names).toEqual(expect.arrayContaining(['10.0.0.7', '192.168.1.20', 'localhost']));
    expect(new X509Certificate(moved.cert).checkPrivateKey((await import('node:crypto')).createPrivateKey(first.key))).toBe(true);

    // A key file others could read is narrowed again.
    if (process.platform !== 'win32') {
      (await import('node:fs')).chmodSync(keyPath, 0o644);
      await workshopCertificate(dir, ['10.0.0.7']);
      expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    }
  });

  it('is renewed a month before it ends', async () => {
    const dir = tempDir();
    const first = await workshopCertificate(dir, ['localhost']);
    const later = await workshopCertificate(dir, ['localhost'], new Date(Date.now() + 370 * 24 * 3600 * 1000));
    expect(later.fingerprint).not.toBe(first.fingerprint);
    expect(later.notAfter.getTime()).toBeGreaterThan(first.notAfter.getTime());
  });
});

describe('the workshop over HTTPS', () => {
  it('serves the app with its certificate, and puts the join code in the link’s fragment only', async () => {
    const t = testCatalogue();
    const w = await openWorkshop(t);
    expect(w.status).toMatchObject({ open: true, https: true, fingerprint: expect.stringMatching(/^[0-9A-F:]{95}$/) });
    const address = w.status.addresses[0]!;
    expect(address.url).toBe(`https://127.0.0.1:${w.status.port}/`);
    expect(address.joinUrl).toBe(`${address.url}#join=${w.codeOf()}`);
    expect(address.qr.modules).toHaveLength(address.qr.size * address.qr.size);
    const page = await w.send('GET', '/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Storeroom');
  });

  it('joins a device with a one-time code: its token is an HttpOnly, SameSite=Strict, Secure cookie, and its changes are its person’s', async () => {
    const t = testCatalogue();
    const rooms = await withRooms(t);
    const other = await t.call('people.create', { name: 'Someone Else' });
    const w = await openWorkshop(t);

    const info = await w.post('devices.joinInfo', { code: w.codeOf().toLowerCase().replace(/(.{5})/, '$1-') });
    expect(info.status).toBe(200);
    expect(info.body.data).toMatchObject({ role: 'member', people: [{ name: 'Someone Else' }] });

    const phone = await w.join('Ana Lima', 'Pixel 7');
    expect(phone.setCookie).toMatch(/^storeroom-device-[0-9a-f]{12}=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure; Max-Age=\d+$/);
    expect(phone.answer.text).not.toContain(phone.cookie.cookie.split('=')[1]);
    expect(phone.answer.body.data).toMatchObject({ device: { name: 'Pixel 7', role: 'member' }, person: { name: 'Ana Lima' } });
    // Only a hash of the token is kept.
    const stored = t.catalogue.db.prepare('SELECT token_hash FROM devices').pluck().get() as string;
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(phone.cookie.cookie).not.toContain(stored);

    expect((await w.post('devices.current', {}, phone.cookie)).body.data).toMatchObject({ role: 'member', person: { name: 'Ana Lima' }, device: { name: 'Pixel 7' } });
    // The person header of a device is ignored: the change is the device's person's.
    const object = await t.call('objects.create', { number: '1987.3.1', name: 'Bowl' });
    const moved = await w.post('moves.create', { objectIds: [object.id], toLocationId: rooms.unit.id }, { ...phone.cookie, 'x-storeroom-person': other.id });
    expect(moved.status, moved.text).toBe(200);
    const op = t.catalogue.db.prepare(`SELECT device_id, person_id FROM ops WHERE procedure = 'moves.create'`).get() as { device_id: string; person_id: string };
    const ana = (await t.call('people.list', {})).find((p) => p.name === 'Ana Lima')!;
    expect(op).toEqual({ device_id: phone.deviceId, person_id: ana.id });
    const movement = t.catalogue.db.prepare('SELECT person_id FROM movements WHERE object_id = ?').get(object.id) as { person_id: string };
    expect(movement.person_id).toBe(ana.id);

    // The person's creation at joining was made from the device too.
    expect(t.catalogue.db.prepare(`SELECT device_id FROM ops WHERE procedure = 'people.create' AND person_id IS NULL ORDER BY seq DESC LIMIT 1`).pluck().get()).toBe(phone.deviceId);

    // A second device joins as a person already in the catalogue, with the new code.
    const tablet = await w.post('devices.join', { code: w.codeOf(), personId: other.id, deviceName: 'Tablet' });
    expect(tablet.body.data).toMatchObject({ person: { id: other.id } });

    const list = await t.call('devices.list' as never, {} as never).catch(() => null);
    expect(list).toBeNull(); // the core alone does not answer the workshop's procedures
    const devices = await w.workshop.dispatch('devices.list', {});
    expect(devices).toMatchObject({ ok: true, data: { devices: [{ name: 'Tablet', changes: 0 }, { name: 'Pixel 7', personName: 'Ana Lima', changes: 2 }] } });

    // Merging field copies names who did what by device code: the workshop's devices by this copy's, on which they work.
    const { knownDevices } = await import('../../src-main/core/sync/devices');
    expect(knownDevices(t.catalogue.db)[phone.deviceId]).toBe(t.catalogue.identity.deviceCode);
  });

  it('refuses an expired, reused or forged join code, and a wrong person, changing nothing', async () => {
    const t = testCatalogue();
    let clock = Date.now();
    const w = await openWorkshop(t, { now: () => clock });
    const first = w.codeOf();
    await w.join('Ana');
    const counts = () => ({
      people: t.catalogue.db.prepare('SELECT count(*) FROM people').pluck().get(),
      devices: t.catalogue.db.prepare('SELECT count(*) FROM devices').pluck().get(),
      ops: t.catalogue.db.prepare('SELECT count(*) FROM ops').pluck().get(),
    });
    const before = counts();

    const reused = await w.post('devices.join', { code: first, personName: 'Bruno', deviceName: 'Phone' });
    expect(reused).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED', key: 'workshop.codeUsed' } } });
    expect(reused.headers['set-cookie']).toBeUndefined();
    const forged = await w.post('devices.join', { code: 'ABCDE12345', personName: 'Bruno', deviceName: 'Phone' });
    expect(forged.body.error).toMatchObject({ key: 'workshop.codeUnknown' });
    const malformed = await w.post('devices.join', { code: 'not a code!', personName: 'Bruno', deviceName: 'Phone' });
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION' } } });
    const nobody = await w.post('devices.join', { code: w.codeOf(), personId: '01900000-0000-7000-8000-000000000000', deviceName: 'Phone' });
    expect(nobody).toMatchObject({ status: 404, body: { error: { key: 'workshop.personNotFound' } } });
    const both = await w.post('devices.join', { code: w.codeOf(), personName: 'Bruno', personId: '01900000-0000-7000-8000-000000000000', deviceName: 'Phone' });
    expect(both.status).toBe(400);

    // The current code still works after those failures... until it expires.
    const current = w.codeOf();
    clock += (JOIN_CODE_MINUTES * 60 + 1) * 1000;
    const expired = await w.post('devices.join', { code: current, personName: 'Bruno', deviceName: 'Phone' });
    expect(expired.body.error).toMatchObject({ key: 'workshop.codeExpired', message: expect.stringContaining(`${JOIN_CODE_MINUTES} minutes`) });
    expect(w.codeOf()).not.toBe(current);
    expect(counts()).toEqual(before);
  });

  it('pauses joining after too many wrong codes', async () => {
    const t = testCatalogue();
    const w = await openWorkshop(t);
    for (let i = 0; i < 20; i++) await w.post('devices.joinInfo', { code: `ZZZZZ${String(i).padStart(5, '0')}` });
    const right = await w.post('devices.join', { code: w.codeOf(), personName: 'Ana', deviceName: 'Phone' });
    expect(right.body.error).toMatchObject({ key: 'workshop.tooManyAttempts' });
  });

  it('keeps the coordinator’s procedures from a member, and a member undoes only its own batches', async () => {
    const t = testCatalogue();
    const rooms = await withRooms(t);
    const w = await openWorkshop(t);
    const phone = await w.join('Ana');
    const vocabularies = await t.call('vocabularies.get', {});
    for (const [procedure, input] of [
      ['vocabularies.setTerms', { vocabulary: 'category', terms: ['Ceramics'] }],
      ['milestones.create', { name: 'After', kind: 'after' }],
      ['people.create', { name: 'Intruder' }],
      ['locations.create', { code: 'X1', name: 'X', type: 'room', role: 'permanent' }],
      ['devices.list', {}],
      ['devices.revoke', { deviceId: phone.deviceId }],
      ['workshop.status', {}],
      ['exports.create', { format: 'xlsx' }],
    ] as const) {
      const refused = await w.post(procedure, input, phone.cookie);
      expect(refused, procedure).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', key: 'workshop.notAllowed' } } });
    }
    // Opening and closing the workshop is for the computer that holds the catalogue, never over the network.
    expect((await w.post('workshop.close', {}, phone.cookie)).body.error).toMatchObject({ key: 'workshop.hostOnly' });
    expect(await t.call('vocabularies.get', {})).toEqual(vocabularies);
    expect(w.workshop.status().open).toBe(true);

    const objects = await Promise.all(['A', 'B'].map((n) => t.call('objects.create', { number: n, name: n })));
    const mine = await w.post('moves.create', { objectIds: [objects[0]!.id], toLocationId: rooms.holding.id }, phone.cookie);
    const coordinators = await t.call('moves.create', { objectIds: [objects[1]!.id], toLocationId: rooms.holding.id });
    const theirs = await w.post('moves.undo', { reference: coordinators.reference }, phone.cookie);
    expect(theirs).toMatchObject({ status: 403, body: { error: { key: 'workshop.notOwnBatch' } } });
    const own = await w.post('moves.undo', { reference: (mine.body.data as unknown as { reference: string }).reference }, phone.cookie);
    expect(own.body).toMatchObject({ ok: true, data: { restored: 1 } });
  });

  it('checks the origin with its scheme, and authenticates before it reads a body', async () => {
    const t = testCatalogue();
    const w = await openWorkshop(t);
    const phone = await w.join('Ana');
    const here = `https://127.0.0.1:${w.status.port}`;
    expect((await w.post('objects.create', { name: 'Bowl' }, { ...phone.cookie, origin: here })).status).toBe(200);
    for (const origin of [`http://127.0.0.1:${w.status.port}`, 'https://evil.example', `https://127.0.0.1:${w.status.port! + 1}`, 'null']) {
      const refused = await w.post('objects.create', { name: 'Forged' }, { ...phone.cookie, origin });
      expect(refused, origin).toMatchObject({ status: 403, body: { error: { key: 'http.crossOriginRefused' } } });
    }

    // 50 MB announced, none sent: the refusal comes before the body, which is never read.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: w.status.port!, ca: w.cert, servername: undefined }, () => {
        socket.write(`POST /api/objects.create HTTP/1.1\r\nHost: 127.0.0.1:${w.status.port}\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n{"name":"`);
      });
      let text = '';
      socket.on('data', (d: Buffer) => (text += d));
      socket.on('end', () => resolve(text));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer).toContain('workshop.joinRequired');
    expect((await t.call('objects.list', {})).total).toBe(1);
  });

  it('closes a revoked device’s event stream at once and refuses its next request; an unknown cookie is refused too', async () => {
    const t = testCatalogue();
    await withRooms(t);
    const w = await openWorkshop(t);
    const phone = await w.join('Ana');
    const tablet = await w.join('Bruno');

    const frames: string[] = [];
    const streamEnded = new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: w.status.port!, path: '/api/events', headers: phone.cookie, ca: w.cert }, (res) => {
        expect(res.statusCode).toBe(200);
        res.on('data', (d: Buffer) => frames.push(d.toString()));
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
    await expect.poll(() => frames.join('')).toContain(': connected');
    // A device hears the catalogue's changes, not the workshop's own (those are for coordinators).
    await t.call('objects.create', { name: 'Bowl' });
    await expect.poll(() => frames.join('')).toContain('"procedure":"objects.create"');

    const revoked = await w.workshop.dispatch('devices.revoke', { deviceId: phone.deviceId });
    expect(revoked).toEqual({ ok: true, data: { revoked: true } });
    await streamEnded;
    expect(frames.join('')).toContain('data: {"kind":"revoked"}');
    expect(frames.join('')).not.toContain('"kind":"access"');

    expect(await w.post('objects.create', { name: 'After' }, phone.cookie)).toMatchObject({ status: 401, body: { error: { key: 'workshop.deviceRevoked' } } });
    expect((await w.send('GET', '/api/events', phone.cookie)).status).toBe(401);
    expect((await w.send('GET', '/media/x/thumb', phone.cookie)).status).toBe(401);
    expect(await w.post('objects.list', {}, { cookie: phone.cookie.cookie.replace(/=.*/, '=forged-token-that-is-not-known') })).toMatchObject({
      status: 401,
      body: { error: { key: 'workshop.deviceUnknown' } },
    });
    // The other device goes on; the revoked one's row stays, with when it ended.
    expect((await w.post('objects.list', {}, tablet.cookie)).status).toBe(200);
    const devices = (await w.workshop.dispatch('devices.list', {})) as { ok: true; data: { devices: { name: string; revokedAt: string | null }[] } };
    expect(devices.data.devices.find((d) => d.name === "Ana's phone")!.revokedAt).not.toBeNull();
    expect(await w.workshop.dispatch('devices.revoke', { deviceId: phone.deviceId })).toEqual({ ok: true, data: { revoked: false } });
    expect(await w.workshop.dispatch('devices.revoke', { deviceId: '01900000-0000-7000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('catches a device up with Last-Event-ID, and keeps devices out of image and event URLs', async () => {
    const t = testCatalogue();
    const w = await openWorkshop(t);
    const phone = await w.join('Ana');
    const first = await t.call('objects.create', { name: 'One' });
    const seq = t.catalogue.db.prepare('SELECT max(seq) FROM ops').pluck().get() as number;
    await t.call('objects.create', { name: 'Two' });
    const text = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: w.status.port!, path: '/api/events', headers: { ...phone.cookie, 'last-event-id': String(seq) }, ca: w.cert }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => {
          body += d;
          if (body.includes('objects.create')) {
            req.destroy();
            resolve(body);
          }
        });
      });
      req.on('error', (error) => (error.message.includes('aborted') || error.message.includes('socket hang up') ? undefined : reject(error)));
      req.end();
    });
    expect(text).toContain(`id: ${seq + 1}`);
    expect(text).not.toContain(first.id);
    // A query string never authenticates: the server's own token in an event URL is refused.
    expect((await w.send('GET', '/api/events?token=anything')).status).toBe(401);
  });

  it('accepts the server’s own token only from this computer, and never from a device’s network', async () => {
    const t = testCatalogue();
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    const workshop = createWorkshop({ catalogue: t.catalogue, dispatch: t.dispatch, rendererDir: rendererDir(), token: 'coordinator-token-1' });
    workshops.push(workshop);
    const status = await workshop.open({ host: '0.0.0.0', port: 0 });
    const cert = readFileSync(join(t.catalogue.dir, WORKSHOP_DIR, CERTIFICATE_FILE), 'utf8');
    const ask = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          { host, port: status.port!, path: '/api/objects.list', method: 'POST', headers: { authorization: 'Bearer coordinator-token-1', 'content-type': 'application/json' }, ca: cert },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    expect(await ask('127.0.0.1')).toBe(200);
    // From the computer's own network address the connection is not loopback: the token opens nothing.
    if (lan) expect(await ask(lan.address)).toBe(401);
  });

  it('serves plain HTTP when asked, with cookies that are not Secure', async () => {
    const t = testCatalogue();
    const w = await openWorkshop(t, { insecureHttp: true });
    expect(w.status).toMatchObject({ https: false, fingerprint: null });
    expect(w.status.addresses[0]!.url).toMatch(/^http:\/\//);
    const phone = await w.join('Ana');
    expect(phone.setCookie).not.toContain('Secure');
    expect((await w.post('devices.current', {}, phone.cookie)).body.data).toMatchObject({ workshop: { https: false } });
  });

  it('closes and opens again: devices keep their tokens, codes do not', async () => {
    const t = testCatalogue();
    const w = await openWorkshop(t);
    const phone = await w.join('Ana');
    const code = w.codeOf();
    await w.workshop.close();
    expect(w.workshop.status()).toMatchObject({ open: false, code: null, addresses: [] });
    const reopened = await w.workshop.open({ host: '127.0.0.1', port: w.status.port! });
    expect(reopened.code!.value.replace('-', '')).not.toBe(code);
    expect((await w.post('devices.current', {}, phone.cookie)).body.data).toMatchObject({ person: { name: 'Ana' } });
    expect((await w.post('devices.join', { code, personName: 'Bruno', deviceName: 'Phone' })).body.error).toMatchObject({ key: 'workshop.codeUnknown' });
  });
});
