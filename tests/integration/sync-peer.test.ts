import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect as connectTcp, type Server, type Socket } from 'node:net';
import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Output } from '../../src-main/contract';
import { compareCatalogues } from '../../src-main/core/ops/verify';
import { PEERS_FILE, parsePeerAddress } from '../../src-main/core/sync/peer';
import { workshopCertificate } from '../../src-main/server/certificate';
import { createWorkshop, type Workshop } from '../../src-main/server/workshop';
import { tempDir, testCatalogue, withRooms, type TestCatalogue } from '../support/catalogue';
import { CLI } from '../support/cli';
import { picture } from '../support/images';

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

/** A's workshop, open on 127.0.0.1 over HTTPS with its real certificate. */
async function openWorkshop(t: TestCatalogue, host = '127.0.0.1') {
  const workshop = createWorkshop({ catalogue: t.catalogue, dispatch: t.dispatch, rendererDir: rendererDir() });
  workshops.push(workshop);
  const status = await workshop.open({ host, port: 0 });
  const admin = async <T>(procedure: string, input: unknown = {}) => {
    const result = await workshop.dispatch(procedure, input, {});
    if (!result.ok) throw new Error(`${procedure}: ${result.error.message}`);
    return result.data as T;
  };
  return { workshop, status, url: status.addresses[0]!.url, peerCode: () => admin<Output<'workshop.peerCode'>>('workshop.peerCode') };
}

async function fieldCopy(t: TestCatalogue): Promise<TestCatalogue> {
  const dir = join(tempDir(), 'copy');
  await t.call('sync.copy', { path: dir });
  return testCatalogue(dir);
}

describe('syncing two laptops directly, through a workshop', () => {
  it('pulls and pushes both ways over HTTPS pinned by fingerprint, files a clash the same on both, and needs no new code the next time', async () => {
    const a = testCatalogue();
    const { unit, holding } = await withRooms(a);
    const bowl = await a.call('objects.create', { number: 'A-1', name: 'Bowl' });
    const b = await fieldCopy(a);
    // Each works on its own: the same field changed on both, the same new number on both, moves, a photo.
    await a.call('objects.update', { id: bowl.id, name: 'Blue bowl' });
    await b.call('objects.update', { id: bowl.id, name: 'Green bowl' });
    await a.call('objects.create', { number: 'A-2', name: 'Plate (laptop A)' });
    const plateB = await b.call('objects.create', { number: 'A-2', name: 'Plate (laptop B)' });
    await a.call('moves.create', { objectIds: [bowl.id], toLocationId: unit.id });
    await b.call('moves.create', { objectIds: [plateB.id], toLocationId: holding.id });
    const photo = await picture(join(tempDir(), 'plate.jpg'), 'jpeg');
    await b.call('photos.import', { paths: [photo], attachTo: { kind: 'object', id: plateB.id } });

    const w = await openWorkshop(a);
    const laptop = await w.peerCode();
    expect(laptop.link).toContain('#join=');
    const parsed = parsePeerAddress(laptop.link);
    expect(parsed.code).toBe(laptop.code.value.replace('-', ''));

    // The link carries the code and the fingerprint: nothing else is needed.
    const first = await b.call('sync.withPeer', { url: laptop.link });
    expect(first.pulled.applied).toBeGreaterThan(0);
    expect(first.pulled.conflicts).toBe(2);
    expect(first.pushed.applied).toBeGreaterThan(0);
    expect(first.pushed.conflicts).toBe(2);
    // The key is kept for the owner only.
    const peers = join(b.catalogue.dir, PEERS_FILE);
    if (process.platform !== 'win32') expect(statSync(peers).mode & 0o777).toBe(0o600);
    expect(readFileSync(peers, 'utf8')).toContain('storeroom-device-');

    const listA = await a.call('conflicts.list', {});
    const listB = await b.call('conflicts.list', {});
    expect(listA.open).toBe(2);
    expect(listB.conflicts.map((c) => c.key).sort()).toEqual(listA.conflicts.map((c) => c.key).sort());
    expect((await b.call('objects.get', { id: plateB.id })).primaryPhotoId).not.toBeNull();

    // A resolution on A, and more work on B: the next sync needs no code and no fingerprint, and does it both ways.
    const field = listA.conflicts.find((c) => c.kind === 'field')!;
    await a.call('conflicts.resolve', { key: field.key, choice: { kind: 'keep', opId: field.sides[0]!.opId } });
    await b.call('moves.create', { objectIds: [bowl.id], toLocationId: holding.id });
    const second = await b.call('sync.withPeer', { url: w.url });
    expect(second.pulled.applied).toBeGreaterThan(0);
    expect(second.pushed.applied).toBeGreaterThan(0);
    // Once more: nothing left to bring either way.
    const third = await b.call('sync.withPeer', { url: w.url });
    expect(third.pulled.applied).toBe(0);
    expect(third.pushed.applied).toBe(0);

    expect((await a.call('conflicts.list', { open: true })).open).toBe(1);
    expect((await b.call('conflicts.list', { open: true })).open).toBe(1);
    expect((await a.call('objects.get', { id: bowl.id })).currentLocationId).toBe(holding.id);
    await w.workshop.dispose();
    workshops.pop();
    a.catalogue.close();
    b.catalogue.close();
    expect(compareCatalogues(a.catalogue.dir, b.catalogue.dir)).toEqual([]);
  });

  it('refuses a wrong fingerprint, a member code, a used code, a missing code, another catalogue and an unreachable laptop, changing nothing', async () => {
    const a = testCatalogue();
    await a.call('objects.create', { number: 'A-1', name: 'Bowl' });
    const b = await fieldCopy(a);
    await b.call('objects.create', { number: 'B-1', name: 'Cup' });
    const w = await openWorkshop(a);
    const laptop = await w.peerCode();
    const count = async (t: TestCatalogue) => (await t.call('objects.list', {})).total;
    const before = { a: await count(a), b: await count(b) };

    // A fingerprint that is not the certificate's: refused before anything is sent (the code is still unused).
    const wrong = 'AB:'.repeat(31) + 'AB';
    const refused = await b.fail('sync.withPeer', { url: w.url, code: laptop.code.value, fingerprint: wrong });
    expect(refused).toMatchObject({ code: 'VALIDATION', key: 'sync.peerFingerprintWrong' });
    expect(refused.message).toContain(w.status.fingerprint!);
    expect(refused.message).toContain(wrong);
    // No fingerprint at all: the one the laptop shows, to confirm.
    const unconfirmed = await b.fail('sync.withPeer', { url: w.url, code: laptop.code.value });
    expect(unconfirmed).toMatchObject({ key: 'sync.peerFingerprintNeeded' });
    expect(unconfirmed.message).toContain(w.status.fingerprint!);

    // A phone's code: refused, and a member device cannot pull the catalogue or push a bundle anyway.
    const member = await b.fail('sync.withPeer', { url: w.url, code: w.status.code!.value, fingerprint: w.status.fingerprint! });
    expect(member).toMatchObject({ code: 'FORBIDDEN', key: 'sync.peerMemberCode' });
    const asMember = await w.workshop.dispatch('sync.bundle', { vector: {} }, { remote: true, device: { id: '00000000-0000-4000-8000-000000000000', role: 'member' } });
    expect(asMember).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'workshop.notAllowed' } });
    const applyAsMember = await w.workshop.dispatch('sync.apply', { source: { uploadId: '00000000-0000-4000-8000-000000000000', name: 'x' } }, { remote: true, device: { id: '00000000-0000-4000-8000-000000000000', role: 'member' } });
    expect(applyAsMember).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // A wrong code, and no code for a laptop never synced with.
    expect(await b.fail('sync.withPeer', { url: w.url, code: 'ABCDE-FGHJK', fingerprint: w.status.fingerprint! })).toMatchObject({ key: 'workshop.codeUnknown' });
    expect(await b.fail('sync.withPeer', { url: w.url, fingerprint: w.status.fingerprint! })).toMatchObject({ key: 'sync.peerCodeNeeded' });
    // Plain HTTP is refused outright.
    expect(await b.fail('sync.withPeer', { url: w.url.replace('https:', 'http:'), code: laptop.code.value })).toMatchObject({ key: 'sync.peerNotHttps' });

    // Another catalogue's workshop.
    const other = testCatalogue();
    const wo = await openWorkshop(other);
    const otherCode = await wo.peerCode();
    expect(await b.fail('sync.withPeer', { url: otherCode.link })).toMatchObject({ key: 'sync.peerOtherCatalogue' });

    // Closed: unreachable.
    const url = w.url;
    await w.workshop.close();
    expect(await b.fail('sync.withPeer', { url, code: laptop.code.value, fingerprint: w.status.fingerprint! })).toMatchObject({ code: 'UNAVAILABLE', key: 'sync.peerUnreachable' });

    expect({ a: await count(a), b: await count(b) }).toEqual(before);
  });

  it('leaves both catalogues as they were when the network is cut in the middle of a bundle, and works once it is back', async () => {
    const a = testCatalogue();
    const bowl = await a.call('objects.create', { number: 'A-1', name: 'Bowl' });
    const b = await fieldCopy(a);
    // A bundle big enough to be cut in its middle: a photo recorded on A.
    const photo = await picture(join(tempDir(), 'big.png'), 'png', 600, 400);
    await a.call('photos.import', { paths: [photo], attachTo: { kind: 'object', id: bowl.id } });
    await a.call('objects.update', { id: bowl.id, name: 'Blue bowl' });
    await b.call('objects.create', { number: 'B-1', name: 'Cup' });
    // A's workshop on 127.0.0.2, and a relay on 127.0.0.1 with the same port, so that the address B uses is one A answers to.
    const w = await openWorkshop(a, '127.0.0.2');
    const port = Number(new URL(w.url).port);

    // A relay between the laptops that drops any connection once it has carried 8 KB back: the download of the bundle
    // (the seventh connection, after the certificate, the join code, the join, who, the catalogue and the bundle's making).
    const sockets = new Set<Socket>();
    let cut = true;
    const relay: Server = createServer((client) => {
      const upstream = connectTcp(port, '127.0.0.2');
      sockets.add(client).add(upstream);
      let carried = 0;
      client.on('data', (data: Buffer) => upstream.write(data));
      upstream.on('data', (data: Buffer) => {
        carried += data.length;
        if (cut && carried > 8 * 1024) {
          client.destroy();
          upstream.destroy();
        } else client.write(data);
      });
      const end = () => (client.destroy(), upstream.destroy());
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
    const relayUrl = `https://127.0.0.1:${port}/`;
    try {
      const opsOf = (t: TestCatalogue) => t.catalogue.db.prepare('SELECT count(*) FROM ops').pluck().get() as number;
      const before = { a: opsOf(a), b: opsOf(b) };
      const laptop = await w.peerCode();
      const failed = await b.fail('sync.withPeer', { url: relayUrl, code: laptop.code.value, fingerprint: laptop.fingerprint });
      expect(failed).toMatchObject({ code: 'UNAVAILABLE', key: 'sync.peerUnreachable' });
      // B joined A (a device, and its person) before the cut, and nothing else: no operation half-applied on B.
      expect(opsOf(b)).toBe(before.b);
      expect((await b.call('objects.get', { id: bowl.id })).name).toBe('Bowl');
      expect(opsOf(a)).toBeGreaterThanOrEqual(before.a);
      expect(await a.fail('objects.get', { id: (await b.call('objects.list', { query: 'B-1' })).items[0]!.id })).toMatchObject({ code: 'NOT_FOUND' });

      // The network is back: the key kept at the join does it, with no new code.
      cut = false;
      const done = await b.call('sync.withPeer', { url: relayUrl });
      expect(done.pulled.applied).toBeGreaterThan(0);
      expect(done.pushed.applied).toBeGreaterThan(0);
      expect((await b.call('objects.get', { id: bowl.id })).primaryPhotoId).not.toBeNull();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => relay.close(resolve));
    }
  });

  it('asks for a new code once the other laptop has revoked this one', async () => {
    const a = testCatalogue();
    const b = await fieldCopy(a);
    const w = await openWorkshop(a);
    await b.call('sync.withPeer', { url: (await w.peerCode()).link });
    const devices = await w.workshop.dispatch('devices.list', {}, {});
    const laptop = (devices as { ok: true; data: Output<'devices.list'> }).data.devices.find((d) => d.role === 'coordinator')!;
    expect(laptop.name).toContain(b.catalogue.identity.deviceCode);
    await w.workshop.dispatch('devices.revoke', { deviceId: laptop.id }, {});
    expect(await b.fail('sync.withPeer', { url: w.url })).toMatchObject({ code: 'UNAUTHORIZED', key: 'sync.peerKeyRefused' });
    // The key is forgotten (the fingerprint confirmed is kept): the next time asks for a code.
    expect(await b.fail('sync.withPeer', { url: w.url })).toMatchObject({ key: 'sync.peerCodeNeeded' });
    await b.call('sync.withPeer', { url: (await w.peerCode()).link });
  });

  it('still knows the other laptop when its certificate is made again with the same key, and says when something else answers', async () => {
    const a = testCatalogue();
    const b = await fieldCopy(a);
    const w = await openWorkshop(a);
    const port = Number(new URL(w.url).port);
    await b.call('sync.withPeer', { url: (await w.peerCode()).link });
    const before = w.status.fingerprint;
    // A moves to another network: its certificate is made again, with the same key; it opens on the same port.
    await w.workshop.dispose();
    workshops.pop();
    await workshopCertificate(a.catalogue.dir, ['10.0.0.7']);
    const again = createWorkshop({ catalogue: a.catalogue, dispatch: a.dispatch, rendererDir: rendererDir() });
    workshops.push(again);
    const status = await again.open({ host: '127.0.0.1', port });
    expect(status.fingerprint).not.toBe(before);
    await a.call('objects.create', { number: 'A-9', name: 'Lamp' });
    const synced = await b.call('sync.withPeer', { url: w.url });
    expect(synced.pulled.applied).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(b.catalogue.dir, PEERS_FILE), 'utf8'))[new URL(w.url).origin].fingerprint).toBe(status.fingerprint);

    // Plain HTTP where a workshop is expected: refused, nothing sent.
    const plain = createHttpServer((_req, res) => res.end('hello'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${(plain.address() as { port: number }).port}/`;
      expect(await b.fail('sync.withPeer', { url, code: 'ABCDE-FGHJK', fingerprint: status.fingerprint! })).toMatchObject({ code: 'UNAVAILABLE', key: 'sync.peerNotWorkshop' });
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('runs from the command line: storeroom sync peer LINK --json', async () => {
    const a = testCatalogue();
    const b = await fieldCopy(a);
    await a.call('objects.create', { number: 'A-1', name: 'Bowl' });
    await b.call('objects.create', { number: 'B-1', name: 'Cup' });
    b.catalogue.close();
    const w = await openWorkshop(a);
    const link = (await w.peerCode()).link;
    // Not spawnSync: this process serves A's workshop meanwhile.
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d));
        child.stderr.on('data', (d: Buffer) => (stderr += d));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const first = await run(['sync', 'peer', link, '--catalogue', b.catalogue.dir, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout) as Output<'sync.withPeer'>;
    expect(result.pulled.applied).toBeGreaterThan(0);
    expect(result.pushed.applied).toBeGreaterThan(0);
    expect((await a.call('objects.list', { query: 'B-1' })).total).toBe(1);
    // Wrong code: a one-line reason, exit 1.
    const wrong = await run(['sync', 'peer', w.url, '--code', 'ABCDE-FGHJK', '--fingerprint', w.status.fingerprint!, '--catalogue', b.catalogue.dir]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('join code');
  });
});
