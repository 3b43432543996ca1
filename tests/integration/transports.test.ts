import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, MAX_JSON_BODY_BYTES, type ServerEvent } from '../../src-main/contract';
import { portClient, servePort, type Port } from '../../src-main/electron/port-bridge';
import { mediaServices } from '../../src-main/core/media/store';
import { changeFeed } from '../../src-main/core/ops/operations';
import { startServer, type RunningServer } from '../../src-main/server/http-server';
import { tempDir, testCatalogue, withRooms, type TestCatalogue } from '../support/catalogue';
import { picture } from '../support/images';

const TOKEN = 'test-token-123';
const servers: RunningServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

async function serve(t: TestCatalogue, host = '127.0.0.1') {
  const parent = tempDir('storeroom-renderer-');
  const rendererDir = join(parent, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(parent, 'secret.txt'), 'secret');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><body>Storeroom</body></html>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const { catalogue } = t;
  const server = await startServer({
    dispatch: t.dispatch,
    onChange: catalogue.onChange,
    changes: changeFeed(catalogue),
    rendererDir,
    media: mediaServices(catalogue),
    token: TOKEN,
    host,
    port: 0,
  });
  servers.push(server);
  return server;
}

async function post(server: RunningServer, procedure: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}api/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; data?: never; error?: { code: string; message: string } } };
}

/** A raw request, for headers fetch will not let us set (Host). */
function raw(server: RunningServer, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP transport', () => {
  it('runs procedures with the token and records the person from the header', async () => {
    const t = testCatalogue();
    const server = await serve(t);
    const person = await post(server, 'people.create', { name: 'Ana' });
    expect(person.status).toBe(200);
    const created = await post(server, 'objects.create', { name: 'Bowl' }, { 'x-storeroom-person': person.body.data!['id'] });
    expect(created).toMatchObject({ status: 200, body: { ok: true, data: { name: 'Bowl', displayNumber: expect.stringMatching(/^T-[0-9A-Z]{3}-0001$/) } } });
    const row = t.catalogue.db.prepare(`SELECT person_id FROM ops WHERE procedure = 'objects.create'`).get() as { person_id: string };
    expect(row.person_id).toBe(person.body.data!['id']);
  });

  it('maps each error code to its HTTP status', async () => {
    const t = testCatalogue();
    const server = await serve(t);
    await post(server, 'locations.create', { code: 'R1', name: 'Room', type: 'room', role: 'permanent' });
    expect((await post(server, 'objects.create', { name: 42 })).status).toBe(400);
    expect((await post(server, 'objects.get', { id: '01900000-0000-7000-8000-000000000000' })).status).toBe(404);
    expect((await post(server, 'locations.create', { code: 'R1', name: 'Room', type: 'room', role: 'permanent' })).status).toBe(409);
    expect(await post(server, 'objects.explode', {})).toMatchObject({ status: 404, body: { ok: false, error: { code: 'NOT_FOUND' } } });
  });

  it('refuses a missing or wrong token with 401 UNAUTHORIZED, changing nothing', async () => {
    const t = testCatalogue();
    const server = await serve(t);
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const response = await fetch(`${server.url}api/objects.create`, {
        method: 'POST',
        headers: authorization ? { authorization } : {},
        body: JSON.stringify({ name: 'Bowl' }),
      });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    }
    expect((await t.call('objects.list', {})).total).toBe(0);
  });

  it('answers malformed JSON with 400 and an over-size body with 413', async () => {
    const t = testCatalogue();
    const server = await serve(t);
    expect(await post(server, 'objects.create', '{"name": "unterminated')).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION' } } });
    const huge = await post(server, 'objects.create', { name: 'x'.repeat(MAX_JSON_BODY_BYTES + 10) });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'TOO_LARGE' } } });
    expect((await post(server, 'objects.list', '')).status).toBe(200);
    expect((await t.call('objects.list', {})).total).toBe(0);
  });

  it('checks Host and Origin against DNS rebinding and cross-site calls', async () => {
    const t = testCatalogue();
    const server = await serve(t);
    expect((await raw(server, '/', { host: 'evil.example:80' })).status).toBe(403);
    expect((await raw(server, '/', { host: `localhost:${server.port}` })).status).toBe(200);
    const crossSite = await post(server, 'objects.create', { name: 'Bowl' }, { origin: 'https://evil.example' });
    expect(crossSite).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    const sameSite = await post(server, 'objects.create', { name: 'Bowl' }, { origin: `http://127.0.0.1:${server.port}` });
    expect(sameSite.status).toBe(200);
    expect((await t.call('objects.list', {})).total).toBe(1);
  });

  it('serves the renderer, falls back to it for app routes, and never serves a file outside it', async () => {
    const t = testCatalogue();
    const server = await serve(t);
    const index = await fetch(server.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).toContain('Storeroom');
    expect((await fetch(`${server.url}assets/app.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${server.url}objects/123`)).status).toBe(200);
    expect((await fetch(`${server.url}assets/missing.js`)).status).toBe(404);
    for (const path of ['/../secret.txt', '/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%5c..%5csecret.txt', '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/%00.js', '/%E0%A4%A']) {
      const response = await raw(server, path, { host: `127.0.0.1:${server.port}` });
      expect(response.body, path).not.toContain('secret');
      expect(response.body, path).not.toContain('root:');
      expect([200, 400, 404], path).toContain(response.status);
    }
  });

  it('pushes change events to subscribers with the token (a header or its session cookie, never the URL), and refuses subscribers without it', async () => {
    const t = testCatalogue();
    const server = await serve(t);
    expect((await fetch(`${server.url}api/events`)).status).toBe(401);
    // A token in the URL opens nothing: it would end up in histories and logs.
    expect((await fetch(`${server.url}api/events?token=${TOKEN}`)).status).toBe(401);
    // The token is traded for a session cookie (HttpOnly, SameSite=Strict), which images and the event stream carry.
    const session = await fetch(`${server.url}api/session`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    const cookie = session.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^storeroom-session[\w-]*=test-token-123; Path=\/; HttpOnly; SameSite=Strict$/);
    expect((await fetch(`${server.url}api/session`, { method: 'POST', headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const controller = new AbortController();
    const stream = await fetch(`${server.url}api/events`, { signal: controller.signal, headers: { cookie: cookie.split(';')[0]! } });
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const reader = stream.body!.getReader();
    await reader.read();
    await post(server, 'objects.create', { name: 'Bowl' });
    const { value } = await reader.read();
    const bowl = (await post(server, 'objects.list', {})).body.data!['items'][0] as { id: string };
    const seq = t.catalogue.db.prepare('SELECT max(seq) FROM ops').pluck().get() as number;
    expect(new TextDecoder().decode(value)).toBe(
      `id: ${seq}\ndata: ${JSON.stringify({ kind: 'change', seq, procedure: 'objects.create', topics: ['objects'], entities: [bowl.id], truncated: false })}\n\n`,
    );
    controller.abort();
  });

  it('lets a client that was away catch up from its Last-Event-ID, or tells it to reload', async () => {
    const t = testCatalogue();
    const server = await serve(t);
    const seen = t.catalogue.db.prepare('SELECT max(seq) FROM ops').pluck().get() as number;
    const made: string[] = [];
    for (const name of ['Bowl', 'Jug', 'Cup']) made.push((await post(server, 'objects.create', { name })).body.data!['id'] as string);
    const frames = async (headers: Record<string, string>, query = '', until = made.at(-1)!) => {
      const controller = new AbortController();
      const stream = await fetch(`${server.url}api/events${query}`, { signal: controller.signal, headers: { authorization: `Bearer ${TOKEN}`, ...headers } });
      if (stream.status !== 200) return { status: stream.status, body: (await stream.json()) as { error: { code: string; message: string } } };
      const reader = stream.body!.getReader();
      let text = '';
      while (!text.includes(until) && !text.includes('reload')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      controller.abort();
      return { status: 200, text };
    };
    const caughtUp = await frames({ 'last-event-id': String(seen) });
    const ids = [...caughtUp.text!.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual([seen + 1, seen + 2, seen + 3]);
    expect(caughtUp.text).toContain(made[0]);
    expect(caughtUp.text).toContain('"procedure":"objects.create"');
    // Also by ?since=, for a page that opens its stream anew.
    expect((await frames({}, `?since=${seen + 2}`)).text).toMatch(/^id: \d+\ndata: .*"seq":\d+/m);
    // Forged ids are refused with a clear error, and change nothing.
    for (const forged of ['abc', '-1', '1.5', '1e3', '99999999999999999999']) {
      const refused = await frames({ 'last-event-id': forged });
      expect(refused.status, forged).toBe(400);
      expect(refused.body!.error.code).toBe('VALIDATION');
    }
    const future = await frames({ 'last-event-id': String(seen + 50) });
    expect(future).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/after the latest change/) } } });
    // Away too long: one reload instead of every change.
    for (let i = 0; i < 1001; i++) await t.call('people.create', { name: `P${i}` });
    const reload = await frames({ 'last-event-id': String(seen) });
    const latest = t.catalogue.db.prepare('SELECT max(seq) FROM ops').pluck().get() as number;
    expect(reload.text).toContain(`id: ${latest}\ndata: {"kind":"reload","seq":${latest}}`);
    expect(reload.text).not.toContain('objects.create');
  });

  it('applies a request retried with the same Idempotency-Key once, and refuses the key for another request', async () => {
    const t = testCatalogue();
    const server = await serve(t);
    const { unit, holding } = await withRooms(t);
    const bowl = await t.call('objects.create', { name: 'Bowl' });
    const key = '0192f2a1-7c4e-7d2a-9b1e-3c5d7e9f1a2b';
    const move = (toLocationId: string, headers = { 'idempotency-key': key }) => post(server, 'moves.create', { objectIds: [bowl.id], toLocationId }, headers);
    const first = await move(unit.id);
    const again = await move(unit.id);
    expect(first.status).toBe(200);
    expect(again).toEqual(first);
    const moves = () => t.catalogue.db.prepare('SELECT count(*) FROM movements WHERE object_id = ?').pluck().get(bowl.id);
    expect(moves()).toBe(1);
    expect(t.catalogue.db.prepare('SELECT count(*) FROM ops WHERE op_id = ?').pluck().get(key)).toBe(1);
    const other = await move(holding.id);
    expect(other).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', message: expect.stringMatching(/already used for another request/) } } });
    expect((await post(server, 'objects.create', { name: 'X' }, { 'idempotency-key': key })).status).toBe(409);
    expect((await move(holding.id, { 'idempotency-key': 'not-a-uuid' })).body.error).toMatchObject({ code: 'VALIDATION' });
    expect(moves()).toBe(1);
    expect((await t.call('objects.get', { id: bowl.id })).currentLocationId).toBe(unit.id);
  });
});

function nodePort(port: MessagePort): Port {
  return { postMessage: (m) => port.postMessage(m), onMessage: (h) => port.on('message', h) };
}

describe('IPC transport (port bridge over a MessageChannel)', () => {
  it('runs procedures, returns error envelopes, and forwards change events', async () => {
    const t = testCatalogue();
    const { port1, port2 } = new MessageChannel();
    servePort(nodePort(port1), t.dispatch, t.catalogue.onChange);
    const client = portClient(nodePort(port2));
    const events: ServerEvent[] = [];
    client.onEvent((e) => events.push(e));

    const person = await client.invoke('people.create', { name: 'Ana' });
    expect(person).toMatchObject({ ok: true, data: { name: 'Ana' } });
    const personId = (person as { data: { id: string } }).data.id;
    const [a, b] = await Promise.all([
      client.invoke('objects.create', { name: 'A' }, { personId }),
      client.invoke('objects.create', { name: 'B' }, { personId }),
    ]);
    expect([a, b].map((r) => (r as { data: { name: string } }).data.name)).toEqual(['A', 'B']);
    expect(await client.invoke('objects.create', { name: 42 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await client.invoke('nope.nope', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await new Promise((r) => setTimeout(r, 20));
    expect(events.map((e) => (e.kind === 'change' ? e.procedure : e.kind))).toEqual(['people.create', 'objects.create', 'objects.create']);
    port1.close();
  });

  it('stages uploads and finds photo files for the desktop window', async () => {
    const t = testCatalogue();
    const { catalogue } = t;
    const { port1, port2 } = new MessageChannel();
    servePort(nodePort(port1), t.dispatch, catalogue.onChange, mediaServices(catalogue));
    const client = portClient(nodePort(port2));
    const bytes = readFileSync(await picture(join(tempDir(), 'p.png'), 'png'));
    const staged = (await client.upload(new Uint8Array(bytes))) as { ok: true; data: { uploadId: string } };
    const imported = (await client.invoke('photos.import', { uploads: [{ uploadId: staged.data.uploadId, name: 'p.png' }] })) as {
      ok: true;
      data: { added: { photoId: string }[] };
    };
    const photoId = imported.data.added[0]!.photoId;
    const original = (await client.mediaFile(photoId, 'original')) as { ok: true; data: { path: string; contentType: string } };
    expect(original.data.contentType).toBe('image/png');
    expect(readFileSync(original.data.path).equals(bytes)).toBe(true);
    expect(await client.mediaFile('01900000-0000-7000-8000-000000000000', 'thumb')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await client.upload('not bytes' as unknown as Uint8Array)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const exported = (await client.invoke('exports.create', { format: 'csv' })) as { ok: true; data: { exportId: string } };
    const download = (await client.exportFile(exported.data.exportId)) as { ok: true; data: { path: string; name: string } };
    expect(download.data.name).toMatch(/Objects .*\.csv$/);
    expect(readFileSync(download.data.path, 'utf8')).toContain('Object number,');
    expect(await client.exportFile('../../catalogue.sqlite')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    port1.close();
  });

  it('fails pending calls when the core goes away', async () => {
    const { port2 } = new MessageChannel();
    const client = portClient(nodePort(port2));
    const pending = client.invoke('objects.list', {});
    client.failPending(AppError.of('INTERNAL', 'desktop.coreStopped'));
    expect(await pending).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Storeroom’s database process stopped, so this action may not have been saved.', key: 'desktop.coreStopped', params: {} },
    });
    port2.close();
  });
});
