import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { Catalogue } from '../../src-main/core/catalogue';
import { createDispatcher } from '../../src-main/core/dispatch';
import { openCatalogue } from '../../src-main/core/open';
import { runBuilt, type Report } from './report';
import { random, schemaKey, syntheticCatalogue, WORDS } from './synthetic';

const GENERATOR_VERSION = 2;
/** STOREROOM_BENCH_SMOKE=1 makes a bundle a hundred times smaller: a check that the benchmark runs, not a figure. */
const SCALE = process.env.STOREROOM_BENCH_SMOKE ? 0.01 : 1;
const OPS = 100_000 * SCALE;
const MOVES = 50_000 * SCALE;
const NEW_OBJECTS = 1_000 * SCALE;
const CHECKS = 5_000 * SCALE;
const PHOTOS = Math.max(5, 500 * SCALE);
const PEAK_MB = 500;

const call = (catalogue: Catalogue) => {
  const dispatch = createDispatcher(catalogue);
  return async <T>(procedure: string, input: unknown): Promise<T> => {
    const result = await dispatch(procedure, input, {});
    if (!result.ok) throw new Error(`${procedure}: ${result.error.message}`);
    return result.data as T;
  };
};

/**
 * The bundle a week's field copy brings back: 100,000 operations on a copy of the 200,000-object catalogue
 * (50,000 moves, 1,000 new objects, 5,000 condition checks, 500 photos, and edits of fields for the rest), made
 * through the dispatcher like any work, and bundled for the catalogue it was copied from. Built once and cached,
 * with that catalogue as it stood.
 */
async function fieldBundle(root: string, log: (s: string) => void): Promise<{ origin: string; bundle: string; media: string }> {
  const dir = join(root, `sync-v${GENERATOR_VERSION}${SCALE < 1 ? '-smoke' : ''}-${schemaKey()}`);
  const result = { origin: join(dir, 'origin'), bundle: join(dir, 'week.storeroom-sync'), media: join(dir, 'copy', 'media') };
  if (existsSync(result.bundle)) return result;
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const started = performance.now();
  // The coordinator's catalogue: the benchmark catalogue, opened once here so that it has its identity.
  const origin = syntheticCatalogue(root, log);
  const originDir = join(building, 'origin');
  await call(origin)('sync.copy', { path: join(building, 'copy') });
  origin.close();
  mkdirSync(originDir);
  copyFileSync(join(root, 'work', 'catalogue.sqlite'), join(originDir, 'catalogue.sqlite'));

  const copy = openCatalogue(join(building, 'copy'));
  copy.db.pragma('synchronous = OFF');
  const c = call(copy);
  const rnd = random(20261203);
  const objects = copy.db.prepare('SELECT id FROM objects ORDER BY rowid').pluck().all() as string[];
  const places = copy.db.prepare(`SELECT id FROM locations WHERE type IN ('shelf', 'box') AND removed = 0`).pluck().all() as string[];
  const pick = <T>(xs: T[]) => xs[rnd.int(xs.length)]!;

  const photos = join(building, 'photos');
  mkdirSync(photos);
  for (let i = 0; i < PHOTOS; i++) {
    const file = join(photos, `IMG_${String(i).padStart(4, '0')}.jpg`);
    await sharp({ create: { width: 1200, height: 900, channels: 3, background: `hsl(${(i * 47) % 360}, 35%, 50%)` }, })
      .composite([{ input: Buffer.from(Array.from({ length: 64 * 48 * 3 }, () => rnd.int(256))), raw: { width: 64, height: 48, channels: 3 }, tile: true, blend: 'overlay' }])
      .jpeg({ quality: 85 })
      .toFile(file);
    await c('photos.import', { paths: [file], attachTo: { kind: 'object', id: pick(objects) } });
  }
  for (let i = 0; i < NEW_OBJECTS; i++) objects.push((await c<{ id: string }>('objects.create', { number: `W-${String(i).padStart(4, '0')}`, name: `${pick([...WORDS])} found in Room ${1 + (i % 3)}` })).id);
  log(`  copy taken, ${PHOTOS} photos and ${NEW_OBJECTS} objects: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const where = new Map(copy.db.prepare('SELECT id, location_id FROM objects').raw().all() as [string, string | null][]);
  for (let i = 0; i < MOVES; i++) {
    const object = pick(objects);
    let to = pick(places);
    while (to === where.get(object)) to = pick(places);
    await c('moves.create', { objectIds: [object], toLocationId: to });
    where.set(object, to);
    if ((i + 1) % 10_000 === 0) log(`  ${i + 1} moves: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  for (let i = 0; i < CHECKS; i++) await c('objects.checkCondition', { objectId: pick(objects), term: pick(['Good', 'Fair', 'Poor']), assessedOn: '2026-11-27' });
  const count = () => copy.db.prepare(`SELECT count(*) FROM ops WHERE device_id = ?`).pluck().get(copy.identity.deviceId) as number;
  for (let n = count(); n < OPS; n++) {
    const field = pick(['description', 'materials', 'count', 'name'] as const);
    const value = field === 'count' ? 1 + rnd.int(12) : Array.from({ length: field === 'description' ? 8 : 2 }, () => pick([...WORDS])).join(' ');
    await c('objects.update', { id: pick(objects), [field]: value });
  }
  log(`  field copy: ${count()} operations in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  await c('sync.bundle', { path: join(building, 'week.storeroom-sync'), forPeer: originDir });
  copy.db.pragma('synchronous = FULL');
  copy.close();
  rmSync(photos, { recursive: true });
  rmSync(join(building, 'copy', 'catalogue.sqlite'));
  renameSync(building, dir);
  return result;
}

/** A fresh copy of the coordinator's catalogue, in `dir`. */
function freshOrigin(origin: string, dir: string): Catalogue {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(origin, 'catalogue.sqlite'), join(dir, 'catalogue.sqlite'));
  return openCatalogue(dir);
}

/** The rows the merge wrote (every table's rows that the catalogue before it lacks), read from the merged catalogue. */
function rowsWritten(before: string, after: string): { table: string; columns: string[]; keys: string[]; rows: unknown[][] }[] {
  const db = new Database(join(after, 'catalogue.sqlite'), { readonly: true });
  db.exec(`ATTACH '${join(before, 'catalogue.sqlite').replaceAll("'", "''")}' AS b`);
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' AND name NOT IN ('catalogue_meta', 'job_requests')`)
    .pluck()
    .all() as string[];
  const out = tables.map((table) => {
    const info = db.prepare('SELECT name, pk FROM pragma_table_info(?) ORDER BY cid').all(table) as { name: string; pk: number }[];
    const columns = info.map((c) => c.name);
    const list = columns.map((c) => `"${c}"`).join(', ');
    const rows = db.prepare(`SELECT ${list} FROM main."${table}" EXCEPT SELECT ${list} FROM b."${table}"`).raw().all() as unknown[][];
    return { table, columns, keys: info.filter((c) => c.pk > 0).map((c) => c.name), rows };
  });
  db.close();
  return out.filter((t) => t.rows.length > 0);
}

/** Writes those rows into a fresh copy of the catalogue in one transaction, as plainly as SQL allows, with its triggers and indexes; and the photos' files. */
function insertDirectly(target: Catalogue, rows: ReturnType<typeof rowsWritten>, mediaFrom: string): number {
  const started = performance.now();
  const { db } = target;
  db.pragma('defer_foreign_keys = ON');
  db.transaction(() => {
    db.pragma('defer_foreign_keys = ON');
    for (const { table, columns, keys, rows: values } of rows) {
      const list = columns.map((c) => `"${c}"`).join(', ');
      const update = columns.filter((c) => !keys.includes(c)).map((c) => `"${c}" = excluded."${c}"`).join(', ');
      const upsert = keys.length && update ? ` ON CONFLICT (${keys.map((k) => `"${k}"`).join(', ')}) DO UPDATE SET ${update}` : '';
      const insert = db.prepare(`INSERT INTO "${table}" (${list}) VALUES (${columns.map(() => '?').join(', ')})${upsert}`);
      for (const row of values) insert.run(row);
    }
  }).immediate();
  for (const folder of ['originals', 'derived']) copyTree(join(mediaFrom, folder), join(target.mediaDir, folder));
  return performance.now() - started;
}

function copyTree(from: string, to: string): void {
  if (!existsSync(from)) return;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) copyTree(join(from, entry.name), join(to, entry.name));
    else {
      mkdirSync(to, { recursive: true });
      copyFileSync(join(from, entry.name), join(to, entry.name));
    }
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Measured apart from the making of the bundle (which the cache usually spares). */
async function measure(report: Report, cacheDir: string): Promise<void> {
  const { origin, bundle, media } = await fieldBundle(cacheDir, () => {});
  const out = join(cacheDir, 'sync-out');
  // Applied as a user does it, by the built CLI in a process of its own: its peak memory is the merge's (this process
  // holds Vite's module runner, some hundreds of MB). Its time includes the CLI's start, about a second.
  freshOrigin(origin, join(out, 'merged')).close();
  const cli = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));
  if (!existsSync(cli)) {
    report.failures.push('sync apply was not measured: run npm run build first');
    return;
  }
  const run = await runBuilt([cli, 'sync', 'apply', bundle, '--catalogue', join(out, 'merged'), '--json']);
  if (run.code !== 0) throw new Error(`storeroom sync apply failed (${run.code}): ${run.stdout}`);
  const result = JSON.parse(run.stdout) as { applied: number; skipped: number; conflicts: number };
  const applyMs = run.ms;
  const peak = run.peakMb;

  const rows = rowsWritten(origin, join(out, 'merged'));
  const direct = freshOrigin(origin, join(out, 'direct'));
  const directMs = insertDirectly(direct, rows, media);
  direct.close();
  report.throughput(
    `sync apply of a field copy's week: ${result.applied} operations (storeroom sync apply: read, checked, photos placed, merged)`,
    result.applied / (applyMs / 1000),
    'its rows inserted directly (and its photos copied)',
    result.applied / (directMs / 1000),
    'operations/s',
    { minRatio: 0.5 },
  );
  report.note(`  apply ${(applyMs / 1000).toFixed(1)} s; direct ${(directMs / 1000).toFixed(1)} s for ${rows.reduce((n, t) => n + t.rows.length, 0)} rows in ${rows.length} tables; ${result.conflicts} conflicts`);
  report.note(`  peak memory of storeroom sync apply: ${peak.toFixed(0)} MB (target under ${PEAK_MB} MB)`);
  if (peak >= PEAK_MB) report.failures.push(`sync apply: peak memory ${peak.toFixed(0)} MB, over ${PEAK_MB} MB`);
  rmSync(out, { recursive: true, force: true });
}

/** Issue 15: merging a field copy's bundle into the 200,000-object catalogue, against inserting the same rows directly. */
export default async function syncBench(report: Report, cacheDir: string): Promise<void> {
  if (process.env.STOREROOM_SYNC_MEASURE) return measure(report, cacheDir);
  report.section('Sync: a bundle of 100,000 operations from a field copy, applied to the 200,000-object catalogue');
  const { bundle } = await fieldBundle(cacheDir, (line) => report.note(line));
  const size = statSync(bundle).size;
  report.note(`bundle: ${megabytes(size)} (${(size / OPS).toFixed(0)} bytes per operation, photos included)`);
  const script = fileURLToPath(new URL('../../scripts/bench.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [script], { stdio: 'inherit', env: { ...process.env, STOREROOM_BENCH_FILE: 'sync.bench.ts', STOREROOM_SYNC_MEASURE: '1' } });
  if (run.status !== 0) report.failures.push('sync apply: see the figures above');
}
