import { chromium } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request, type RequestOptions } from 'node:https';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { createDispatcher } from '../../src-main/core/dispatch';
import { openCatalogue } from '../../src-main/core/open';
import type { Report } from './report';
import { CATEGORIES, random, schemaKey, WORDS } from './synthetic';

/**
 * A RE-ORG workshop under load: the catalogue of a workshop (5,000 objects in 8 rooms) served by `storeroom serve
 * --workshop` over HTTPS, and 25 devices, each joined with its own code and token, each with its own event stream.
 * Each device works in turns, with a pause as a person takes between two labels: 70 % scan-moves (one session each,
 * label after label), searches, condition checks and photo uploads. One request in ten is cut off mid-way, as by a
 * Wi-Fi drop, and sent again with the same key. Reported: p50, p95 and p99 by kind against the same procedures called
 * in-process; how long until every other device has heard of a change; and what was lost or applied twice.
 */

const SMOKE = Boolean(process.env.STOREROOM_BENCH_SMOKE);
const DEVICES = 25;
const OBJECTS = 5000;
const ROOMS = 8;
/** Requests each device makes. */
const TURNS = SMOKE ? 12 : 120;
/** A person's pause between two actions, in ms (uniform). */
const PAUSE = [150, 450] as const;
const CUT_SHARE = 0.1;
const GENERATOR_VERSION = 1;

type Kind = 'scan' | 'search' | 'condition' | 'photo';

const percentile = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const ms = (v: number) => (Number.isNaN(v) ? '—' : `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`);
const sleep = (time: number) => new Promise((resolve) => setTimeout(resolve, time));

/** The workshop's catalogue: 8 rooms of 5 units of 6 shelves, 5,000 objects on them, made once through an import. */
async function workshopCatalogue(cacheDir: string, log: (line: string) => void): Promise<string> {
  const dir = join(cacheDir, `workshop-v${GENERATOR_VERSION}-${schemaKey()}`);
  if (existsSync(join(dir, 'catalogue.sqlite'))) return dir;
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  const catalogue = openCatalogue(building);
  const dispatch = createDispatcher(catalogue);
  const call = async (procedure: string, input: unknown) => {
    const result = await dispatch(procedure, input, {});
    if (!result.ok) throw new Error(`${procedure}: ${result.error.message}`);
    return result.data;
  };
  await call('vocabularies.setTerms', { vocabulary: 'category', terms: CATEGORIES });
  await call('locations.create', { code: 'H1', name: 'Holding area', type: 'room', role: 'holding' });
  const rnd = random(20261204);
  const shelves: string[] = [];
  for (let r = 1; r <= ROOMS; r++) {
    const room = (await call('locations.create', { code: `R${r}`, name: `Store room ${r}`, type: 'room', role: 'permanent' })) as { id: string };
    await call('locations.generate', { parentId: room.id, codePattern: `R${r}-{u}-{s}`, levels: [{ key: 'u', type: 'unit', values: 'A-E' }, { key: 's', type: 'shelf', values: '1-6' }] });
    for (const u of 'ABCDE') for (let s = 1; s <= 6; s++) shelves.push(`R${r}-${u}-${s}`);
  }
  const rows = ['Object number,Object name,Category,Current location'];
  for (let i = 1; i <= OBJECTS; i++) rows.push(`W.${i},${rnd.pick(WORDS)} ${rnd.pick(WORDS)},${rnd.pick(CATEGORIES)},${rnd.pick(shelves)}`);
  const csv = join(cacheDir, 'workshop-objects.csv');
  writeFileSync(csv, rows.join('\n'));
  await call('imports.commit', { source: { path: csv, name: 'workshop-objects.csv' } });
  catalogue.close();
  renameSync(building, dir);
  log(`  built the workshop's catalogue: ${OBJECTS} objects, ${shelves.length} shelves in ${ROOMS} rooms`);
  return dir;
}

interface Server {
  child: ChildProcess;
  port: number;
  token: string;
  cert: string;
  output: () => string;
}

async function startWorkshop(catalogueDir: string): Promise<Server> {
  const cli = fileURLToPath(new URL('../../src-main/cli/storeroom.js', import.meta.url));
  if (!existsSync(fileURLToPath(new URL('../../out/main/cli.js', import.meta.url)))) throw new Error('Run "npm run build" first: the workshop is served by the built app.');
  const token = `bench-${randomUUID()}`;
  const child = spawn(process.execPath, [cli, 'serve', '--workshop', '--catalogue', catalogueDir, '--host', '127.0.0.1', '--port', '0', '--token', token], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  for (let waited = 0; !/Coordinator.*:(\d+)\//.test(output); waited += 100) {
    if (child.exitCode !== null || waited > 30_000) throw new Error(`storeroom serve --workshop did not start:\n${output}`);
    await sleep(100);
  }
  // A server that stops by itself says why (a crash mid-run would otherwise show only as refused connections).
  child.once('exit', (code, signal) => {
    if (signal !== 'SIGTERM' && signal !== 'SIGKILL') console.log(`  storeroom serve --workshop stopped (${code ?? signal}):\n${output.split('\n').slice(-30).join('\n')}`);
  });
  const port = Number(/Coordinator.*:(\d+)\//.exec(output)![1]);
  const cert = readFileSync(join(catalogueDir, 'workshop', 'certificate.pem'), 'utf8');
  return { child, port, token, cert, output: () => output };
}

interface Answer {
  status: number;
  body: { ok: boolean; data?: unknown; error?: { code: string; message: string } };
  headers: Record<string, string | string[] | undefined>;
}

class Cut extends Error {}

/**
 * One HTTPS request, on the device's kept-alive connection as a browser would. `cut`: the request is sent whole, then
 * the connection dropped a moment later, before the answer is read (a Wi-Fi drop); the server may or may not have
 * applied it, and the next request opens a new connection.
 */
function send(server: Server, options: RequestOptions & { body?: Buffer | string; cut?: boolean }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, ca: server.cert, agent: false, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), headers: res.headers });
        } catch (error) {
          reject(error as Error);
        }
      });
      res.on('error', reject);
    });
    req.on('error', (error) => reject(options.cut ? new Cut(error.message) : error));
    req.end(options.body);
    if (options.cut) setTimeout(() => req.destroy(new Cut('cut')), Math.random() * 8);
  });
}

interface Device {
  index: number;
  /** The device's connections, kept alive between requests as a browser keeps them. */
  agent: Agent;
  cookie: string;
  personId: string;
  /** Change events heard: entity id → when first heard. */
  heard: Map<string, number>;
  stream: { close(): void };
}

/** A device's event stream, noting when it first hears of each entity a scan touched. */
function listen(server: Server, cookie: string, heard: Map<string, number>): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { cookie }, ca: server.cert, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events: ${res.statusCode}`));
      let buffered = '';
      res.on('data', (chunk: Buffer) => {
        const now = performance.now();
        buffered += chunk.toString('utf8');
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const frame = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (!data) continue;
          const event = JSON.parse(data) as { kind: string; procedure?: string; entities?: string[] };
          if (event.kind === 'change' && event.procedure === 'moves.scan') for (const id of event.entities ?? []) if (!heard.has(id)) heard.set(id, now);
        }
      });
      resolve({ close: () => req.destroy() });
    });
    req.on('error', (error) => (error.message === 'socket hang up' ? undefined : reject(error)));
    req.end();
  });
}

/**
 * How long a joined phone takes to be usable (rapid move's field ready for a label), with nothing cached: in Chromium,
 * on a connection throttled to about 10 Mbit/s with 40 ms of latency, and unthrottled as the baseline.
 */
async function phoneLoad(server: Server): Promise<{ throttled: number; unthrottled: number; scriptBytes: number }> {
  let executablePath = '/usr/bin/chromium';
  try {
    executablePath = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || executablePath;
  } catch {
    // the default
  }
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  try {
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, ignoreHTTPSErrors: true };
    const joining = await browser.newContext(phone);
    const status = (await send(server, { path: '/api/workshop.status', method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: '{}' })).body.data as {
      addresses: { joinUrl: string }[];
    };
    const page = await joining.newPage();
    await page.goto(status.addresses[0]!.joinUrl);
    await page.getByLabel('Your name').fill('Timing phone');
    await page.getByRole('button', { name: 'Join the workshop' }).click();
    await page.locator('.rapid-page').waitFor();
    const storageState = await joining.storageState();
    await joining.close();
    const url = `https://127.0.0.1:${server.port}/#/rapid`;
    const open = async (throttle: boolean) => {
      const context = await browser.newContext({ ...phone, storageState });
      const tab = await context.newPage();
      let scriptBytes = 0;
      tab.on('requestfinished', (req) => {
        if (req.resourceType() === 'script') void req.sizes().then((sizes) => (scriptBytes += sizes.responseBodySize));
      });
      if (throttle) {
        const cdp = await context.newCDPSession(tab);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: (10 * 1024 * 1024) / 8, uploadThroughput: (5 * 1024 * 1024) / 8 });
      }
      const started = performance.now();
      await tab.goto(url, { waitUntil: 'commit' });
      await tab.getByLabel('Destination code').waitFor({ state: 'visible' });
      await tab.locator('.rapid-page').getByRole('button', { name: 'Scan with the camera' }).waitFor();
      const took = performance.now() - started;
      await context.close();
      return { took, scriptBytes };
    };
    await open(false); // the server's files read once
    const unthrottled = await open(false);
    const throttled = await open(true);
    return { throttled: throttled.took, unthrottled: unthrottled.took, scriptBytes: throttled.scriptBytes };
  } finally {
    await browser.close();
  }
}

export default async function workshopBench(report: Report, cacheDir: string): Promise<void> {
  report.section(`Workshop: ${DEVICES} devices over HTTPS on a catalogue of ${OBJECTS.toLocaleString('en')} objects${SMOKE ? ' (smoke run)' : ''}`);
  const source = await workshopCatalogue(cacheDir, (line) => report.note(line));
  const work = join(cacheDir, 'workshop-run');
  rmSync(work, { recursive: true, force: true });
  cpSync(source, work, { recursive: true });
  const baselineDir = join(cacheDir, 'workshop-baseline');
  rmSync(baselineDir, { recursive: true, force: true });
  cpSync(source, baselineDir, { recursive: true });

  const sourceDb = new Database(join(source, 'catalogue.sqlite'), { readonly: true });
  const objects = sourceDb.prepare(`SELECT id, number FROM objects ORDER BY sort_key`).all() as { id: string; number: string }[];
  const shelves = sourceDb.prepare(`SELECT id, code FROM locations WHERE type = 'shelf' ORDER BY code`).all() as { id: string; code: string }[];
  sourceDb.close();
  const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#9a8f7d' } }).jpeg({ quality: 80 }).toBuffer();

  const server = await startWorkshop(work);
  const coordinator = (procedure: string, input: unknown) =>
    send(server, { path: `/api/${procedure}`, method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  try {
    // 25 devices join, each with the code of the moment (one code, one device), and open their event streams.
    const devices: Device[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const status = (await coordinator('workshop.status', {})).body.data as { code: { value: string } };
      const joined = await send(server, {
        path: '/api/devices.join',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: status.code.value, personName: `Member ${i + 1}`, deviceName: `Phone ${i + 1}` }),
      });
      if (!joined.body.ok) throw new Error(`join: ${JSON.stringify(joined.body.error)}`);
      const cookie = String((joined.headers['set-cookie'] as string[])[0]).split(';')[0]!;
      const heard = new Map<string, number>();
      devices.push({ index: i, agent: new Agent({ keepAlive: true, maxSockets: 2, ca: server.cert }), cookie, personId: (joined.body.data as { person: { id: string } }).person.id, heard, stream: await listen(server, cookie, heard) });
    }

    const latencies: Record<Kind, number[]> = { scan: [], search: [], condition: [], photo: [] };
    /** Scans the server answered: operation id → object moved and when the scan was sent. */
    const acknowledged = new Map<string, { objectId: string; sentAt: number; device: number; moved: boolean }>();
    const sentKeys = new Set<string>();
    let cuts = 0;
    let failures = 0;

    /** A call that a dropped connection does not stop: sent again with the same key until answered. */
    const reliably = async (device: Device, procedure: string, input: unknown, key?: string): Promise<Answer> => {
      const headers: Record<string, string> = { cookie: device.cookie, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) };
      let cut = Math.random() < CUT_SHARE;
      for (let attempt = 0; ; attempt++) {
        try {
          return await send(server, { path: `/api/${procedure}`, method: 'POST', headers, body: JSON.stringify(input), cut, agent: device.agent });
        } catch (error) {
          if (!(error instanceof Cut) || attempt > 5) throw error;
          cuts++;
          cut = false;
        }
      }
    };

    const run = async (device: Device) => {
      const rnd = random(1000 + device.index);
      // Each device works through its own share of the objects, each moved once.
      const mine = objects.filter((_, i) => i % DEVICES === device.index);
      let next = 0;
      let reference: string | undefined;
      let destination = shelves[rnd.int(shelves.length)]!;
      for (let turn = 0; turn < TURNS; turn++) {
        await sleep(PAUSE[0] + rnd.next() * (PAUSE[1] - PAUSE[0]));
        const roll = rnd.next();
        const kind: Kind = roll < 0.7 ? 'scan' : roll < 0.85 ? 'search' : roll < 0.95 ? 'condition' : 'photo';
        const started = performance.now();
        try {
          if (kind === 'scan') {
            if (rnd.next() < 0.05) destination = shelves[rnd.int(shelves.length)]!;
            const object = mine[next++ % mine.length]!;
            const key = randomUUID();
            sentKeys.add(key);
            const answer = await reliably(device, 'moves.scan', { toLocationId: destination.id, number: object.number, ...(reference ? { reference } : {}) }, key);
            if (!answer.body.ok) throw new Error(answer.body.error?.message);
            const data = answer.body.data as { status: string; reference: string | null };
            reference = data.reference ?? reference;
            acknowledged.set(key, { objectId: object.id, sentAt: started, device: device.index, moved: data.status === 'moved' });
          } else if (kind === 'search') {
            const answer = await reliably(device, 'objects.list', { query: rnd.pick(WORDS), limit: 50 });
            if (!answer.body.ok) throw new Error(answer.body.error?.message);
          } else if (kind === 'condition') {
            const object = mine[rnd.int(mine.length)]!;
            const answer = await reliably(device, 'objects.checkCondition', { objectId: object.id, term: rnd.pick(['Good', 'Fair', 'Poor']) }, randomUUID());
            if (!answer.body.ok) throw new Error(answer.body.error?.message);
          } else {
            const upload = await send(server, { path: '/api/upload', method: 'POST', headers: { cookie: device.cookie, 'content-type': 'image/jpeg' }, body: photo, agent: device.agent });
            if (!upload.body.ok) throw new Error(upload.body.error?.message);
            const object = mine[rnd.int(mine.length)]!;
            const uploadId = (upload.body.data as { uploadId: string }).uploadId;
            const answer = await reliably(device, 'photos.import', { uploads: [{ uploadId, name: 'photo.jpg' }], attachTo: { kind: 'object', id: object.id } }, randomUUID());
            if (!answer.body.ok) throw new Error(answer.body.error?.message);
          }
          latencies[kind].push(performance.now() - started);
        } catch (error) {
          failures++;
          if (failures < 5) report.note(`  a ${kind} failed: ${(error as Error).message}`);
        }
      }
    };

    const startedAll = performance.now();
    await Promise.all(devices.map(run));
    const elapsed = (performance.now() - startedAll) / 1000;
    await sleep(1500);
    for (const device of devices) {
      device.stream.close();
      device.agent.destroy();
    }

    // Propagation: from a scan's sending until the last other device heard of the object it moved.
    const propagation: number[] = [];
    let unheard = 0;
    for (const scan of acknowledged.values()) {
      if (!scan.moved) continue;
      let last = 0;
      for (const device of devices) {
        if (device.index === scan.device) continue;
        const at = device.heard.get(scan.objectId);
        if (at === undefined) unheard++;
        else last = Math.max(last, at - scan.sentAt);
      }
      propagation.push(last);
    }

    // In-process: the same procedures, called on the core directly (no network, no TLS, no JSON over HTTP).
    const catalogue = openCatalogue(baselineDir);
    const dispatch = createDispatcher(catalogue);
    const person = (await dispatch('people.create', { name: 'Baseline' }, {})) as { ok: true; data: { id: string } };
    const inProcess: Record<Exclude<Kind, 'photo'>, number[]> = { scan: [], search: [], condition: [] };
    const rnd = random(77);
    let reference: string | undefined;
    const samples = SMOKE ? 50 : 400;
    for (let i = 0; i < samples; i++) {
      const object = objects[i * 7 % objects.length]!;
      let started = performance.now();
      const scanned = (await dispatch('moves.scan', { toLocationId: shelves[i % shelves.length]!.id, number: object.number, ...(reference ? { reference } : {}) }, { personId: person.data.id, opId: randomUUID() })) as { ok: true; data: { reference: string | null } };
      inProcess.scan.push(performance.now() - started);
      reference = scanned.data.reference ?? reference;
      started = performance.now();
      await dispatch('objects.list', { query: rnd.pick(WORDS), limit: 50 }, {});
      inProcess.search.push(performance.now() - started);
      started = performance.now();
      await dispatch('objects.checkCondition', { objectId: object.id, term: 'Fair' }, { personId: person.data.id, opId: randomUUID() });
      inProcess.condition.push(performance.now() - started);
    }
    catalogue.close();

    const firstScreen = await phoneLoad(server);

    // Stop the server, then read what it wrote.
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    const db = new Database(join(work, 'catalogue.sqlite'), { readonly: true });
    const deviceIds = (db.prepare('SELECT id FROM devices').pluck().all() as string[]).map((id) => `'${id}'`).join(',');
    const scanOps = db.prepare(`SELECT op_id FROM ops WHERE procedure = 'moves.scan' AND device_id IN (${deviceIds})`).pluck().all() as string[];
    const stored = new Set(scanOps);
    const lost = [...acknowledged.entries()].filter(([key, scan]) => scan.moved && !stored.has(key)).length;
    const strangers = scanOps.filter((key) => !sentKeys.has(key)).length;
    const movedAcknowledged = [...acknowledged.values()].filter((s) => s.moved).length;
    const movementRows = db
      .prepare(`SELECT count(*) FROM movements m JOIN batches b ON b.reference = m.reference WHERE b.person_id IN (SELECT person_id FROM devices)`)
      .pluck()
      .get() as number;
    const duplicated = strangers + Math.max(0, movementRows - movedAcknowledged);
    db.close();

    const total = Object.values(latencies).reduce((n, l) => n + l.length, 0);
    report.note(
      `${DEVICES} devices, ${total} requests in ${elapsed.toFixed(1)} s (${(total / elapsed).toFixed(1)} per second), a pause of ${PAUSE[0]}–${PAUSE[1]} ms between a device's actions; ` +
        `${cuts} requests cut mid-way and sent again with the same key; ${failures} failed. ` +
        // On a shared machine the figures are as good as the CPU they were given.
        `Load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(', ')} on ${availableParallelism()} cores.`,
    );
    const line = (kind: Kind, baseline: number[] | undefined) => {
      const l = latencies[kind];
      const ratio = baseline ? percentile(l, 0.95) / percentile(baseline, 0.95) : NaN;
      report.note(
        `${kind.padEnd(9)} n=${String(l.length).padStart(4)}  p50 ${ms(percentile(l, 0.5))}  p95 ${ms(percentile(l, 0.95))}  p99 ${ms(percentile(l, 0.99))}` +
          (baseline ? `   in-process p50 ${ms(percentile(baseline, 0.5))}  p95 ${ms(percentile(baseline, 0.95))}  p99 ${ms(percentile(baseline, 0.99))}   ratio (p95) ${ratio.toFixed(1)}×` : '   (upload and import of a 640×480 JPEG)'),
      );
    };
    line('scan', inProcess.scan);
    line('search', inProcess.search);
    line('condition', inProcess.condition);
    line('photo', undefined);
    report.note(
      `propagation (until every other device heard of a move)  p50 ${ms(percentile(propagation, 0.5))}  p95 ${ms(percentile(propagation, 0.95))}  p99 ${ms(percentile(propagation, 0.99))}  over ${propagation.length} moves` +
        (unheard ? `; ${unheard} device-moves never heard` : ''),
    );
    report.note(`lost: ${lost} of ${movedAcknowledged} acknowledged moves; applied twice: ${duplicated}`);
    report.note(
      `a joined phone opening rapid move, nothing cached: ${ms(firstScreen.throttled)} on a throttled connection (10 Mbit/s, 40 ms), ${ms(firstScreen.unthrottled)} unthrottled ` +
        `(ratio ${(firstScreen.throttled / firstScreen.unthrottled).toFixed(1)}×), ${(firstScreen.scriptBytes / 1024).toFixed(0)} KB of JavaScript transferred`,
    );
    if (!(firstScreen.throttled < 3000)) report.failures.push(`workshop: a phone's first screen took ${ms(firstScreen.throttled)} throttled (target under 3 s)`);

    const scanP95 = percentile(latencies.scan, 0.95);
    if (!(scanP95 < 100)) report.failures.push(`workshop: scan-moves p95 ${ms(scanP95)} (target under 100 ms)`);
    const propagationP95 = percentile(propagation, 0.95);
    if (!(propagationP95 < 1000)) report.failures.push(`workshop: propagation p95 ${ms(propagationP95)} (target under 1 s)`);
    if (lost > 0) report.failures.push(`workshop: ${lost} acknowledged moves lost`);
    if (duplicated > 0) report.failures.push(`workshop: ${duplicated} operations applied twice`);
    if (unheard > 0) report.failures.push(`workshop: ${unheard} device-moves never heard by a device`);
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  }
  rmSync(work, { recursive: true, force: true });
  rmSync(baselineDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
}
