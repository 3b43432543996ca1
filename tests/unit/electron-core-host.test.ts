import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerEvent, WorkshopStatus } from '../../src-main/contract';
import { CONNECT_MESSAGE, describeOpenError, runCoreHost, type FromCore } from '../../src-main/electron/core-service';
import { portClient, type Port } from '../../src-main/electron/port-bridge';

// The utility process's logic under plain Node: Node's MessageChannel stands in for MessageChannelMain,
// and a small fake for process.parentPort.

const nodePort = (port: MessagePort): Port => ({
  postMessage: (message) => port.postMessage(message),
  onMessage: (handler) => port.on('message', handler),
});

const open: MessagePort[] = [];
afterEach(() => {
  for (const port of open.splice(0)) port.close();
});

function host(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const sent: FromCore[] = [];
  let handler: ((data: unknown, ports: readonly MessagePort[]) => void) | null = null;
  const exits: number[] = [];
  const { catalogue } = runCoreHost<MessagePort>({
    parent: { postMessage: (message) => sent.push(message), onMessage: (h) => (handler = h) },
    adaptPort: nodePort,
    argv,
    env,
    exit: (code) => exits.push(code),
  });
  const fromParent = (data: unknown, ports: MessagePort[] = []) => handler?.(data, ports);
  return { catalogue, sent, exits, fromParent };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'storeroom-core-host-'));

describe('the core utility process', () => {
  it('opens the catalogue named by --catalogue, answers calls on the port and forwards changes', async () => {
    const dir = join(tempDir(), 'Museum');
    const core = host(['core-host.js', '--catalogue', dir]);
    expect(core.sent).toEqual([{ kind: 'ready', dir }]);

    const { port1, port2 } = new MessageChannel();
    open.push(port1, port2);
    core.fromParent(CONNECT_MESSAGE, [port2]);
    const client = portClient(nodePort(port1));
    const events: ServerEvent[] = [];
    client.onEvent((event) => events.push(event));

    const info = await client.invoke('catalogue.info', {});
    expect(info).toMatchObject({ ok: true, data: { name: 'Museum', path: dir, objectCount: 0 } });
    const created = await client.invoke('objects.create', { name: 'Bowl' });
    expect(created.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.map((e) => (e.kind === 'change' ? e.procedure : e.kind))).toEqual(['objects.create']);
    expect(await client.invoke('no.such', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    core.fromParent({ kind: 'close' });
    await expect.poll(() => core.sent.at(-1)).toEqual({ kind: 'closed' });
    expect(core.exits).toEqual([0]);
    expect(core.catalogue?.db.open).toBe(false);
  });

  it('opens and closes the workshop when the main process asks over the port: the LAN server runs in the core, on its dispatcher', async () => {
    const dir = join(tempDir(), 'Museum');
    const renderer = tempDir();
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Storeroom</title>');
    const core = host(['core-host.js', '--catalogue', dir, '--renderer', renderer], { STOREROOM_WORKSHOP_HOST: '127.0.0.1' });
    const { port1, port2 } = new MessageChannel();
    open.push(port1, port2);
    core.fromParent(CONNECT_MESSAGE, [port2]);
    const client = portClient(nodePort(port1));
    const events: ServerEvent[] = [];
    client.onEvent((event) => events.push(event));

    const opened = (await client.invoke('workshop.open', { port: 0 })) as { ok: true; data: WorkshopStatus };
    expect(opened).toMatchObject({ ok: true, data: { open: true, https: true, addresses: [{ url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/$/) }] } });
    const cert = readFileSync(join(dir, 'workshop', 'certificate.pem'), 'utf8');
    const page = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(opened.data.addresses[0]!.url);
      httpsRequest({ host: url.hostname, port: url.port, path: '/', ca: cert, agent: false }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
        .on('error', reject)
        .end();
    });
    expect(page).toEqual({ status: 200, body: expect.stringContaining('Storeroom') });
    // The window hears that the workshop changed, to show it.
    await expect.poll(() => events.some((e) => e.kind === 'access' && e.topics.includes('workshop'))).toBe(true);

    expect(await client.invoke('workshop.close', {})).toMatchObject({ ok: true, data: { open: false } });
    expect(await client.invoke('workshop.open', { port: 0 })).toMatchObject({ ok: true, data: { open: true } });
    // Closing the catalogue closes the workshop first.
    core.fromParent({ kind: 'close' });
    await expect.poll(() => core.sent.at(-1)).toEqual({ kind: 'closed' });
    expect(core.catalogue?.db.open).toBe(false);
  });

  it('opens the default catalogue (in STOREROOM_DATA_DIR) when none is named', () => {
    const data = tempDir();
    const core = host(['core-host.js'], { STOREROOM_DATA_DIR: data });
    expect(core.sent).toEqual([{ kind: 'ready', dir: join(data, 'Default catalogue') }]);
    core.catalogue?.close();
  });

  it('reports a catalogue it cannot open, with the reason, and exits when told to', () => {
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, 'hello');
    const core = host(['core-host.js', '--catalogue', file]);
    expect(core.catalogue).toBeNull();
    expect(core.sent).toHaveLength(1);
    expect(core.sent[0]).toMatchObject({ kind: 'failed' });
    expect((core.sent[0] as { message: string }).message).toContain(file);
    core.fromParent({ kind: 'close' });
    expect(core.exits).toEqual([1]);
  });

  it('refuses a catalogue from a newer version of Storeroom with a clear message', () => {
    const dir = tempDir();
    const db = new Database(join(dir, 'catalogue.sqlite'));
    db.pragma('user_version = 9999');
    db.close();
    const core = host(['core-host.js', '--catalogue', dir]);
    expect(core.sent[0]).toMatchObject({ kind: 'failed' });
    expect((core.sent[0] as { message: string }).message).toMatch(/newer/i);
  });

  it('explains a database module built for the wrong runtime', () => {
    const message = describeOpenError(new Error('The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115.'));
    expect(message).toContain('npm start');
    expect(describeOpenError(new Error('disk full'))).toBe('disk full');
  });

  it('will not open a catalogue another process writes: it says which, and leaves it as it was', async () => {
    const dir = join(tempDir(), 'Museum');
    const { openCatalogue } = await import('../../src-main/core/open');
    const server = openCatalogue(dir, { app: 'storeroom serve' });
    try {
      const core = host(['core-host.js', '--catalogue', dir]);
      expect(core.catalogue).toBeNull();
      expect(core.sent).toEqual([
        { kind: 'failed', message: expect.stringMatching(new RegExp(`open for writing in storeroom serve \\(process ${process.pid} on `)) },
      ]);
      // The one writer keeps writing.
      expect(server.heldBy).toBeNull();
      server.db.prepare('SELECT 1').get();
    } finally {
      server.close();
    }
  });
});
