import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDispatcher } from '../../src-main/core/dispatch';
import { openCatalogue } from '../../src-main/core/open';
import { replayCatalogue } from '../../src-main/core/ops/replay';
import { compareCatalogues } from '../../src-main/core/ops/verify';
import type { Report } from './report';
import { CATEGORIES, random, schemaKey, SIZES, WORDS } from './synthetic';

const GENERATOR_VERSION = 2;
/** STOREROOM_BENCH_SMOKE=1 builds a catalogue a hundred times smaller: a check that the benchmark runs, not a figure. */
const SCALE = process.env.STOREROOM_BENCH_SMOKE ? 0.01 : 1;
const SIZE = { objects: SIZES.objects * SCALE, locations: SIZES.locations * SCALE, movements: SIZES.movements * SCALE, conditionChecks: SIZES.conditionChecks * SCALE };
const IMPORT_ROWS = 10_000 * SCALE;
const MOVE_BATCH = 100;
const CHECK_BATCH = 100;

/**
 * The benchmark catalogue again (200,000 objects, about 20,000 locations, 1,000,000 movements, 100,000 condition
 * checks), made the way a team makes one: through operations. Objects come in by spreadsheet imports that place them,
 * then move in batches of 100; conditions are recorded 100 at a time. Built once and cached.
 */
async function operationsCatalogue(root: string, log: (s: string) => void): Promise<string> {
  const dir = join(root, `operations-v${GENERATOR_VERSION}${SCALE < 1 ? '-smoke' : ''}-${schemaKey()}`);
  if (existsSync(join(dir, 'catalogue.sqlite'))) return dir;
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  const started = performance.now();
  const catalogue = openCatalogue(building);
  // A fixture, not what is measured: no waiting on the disk at every operation.
  catalogue.db.pragma('synchronous = OFF');
  const dispatch = createDispatcher(catalogue);
  const call = async <T>(procedure: string, input: unknown, personId: string | null = null): Promise<T> => {
    const result = await dispatch(procedure, input, { personId });
    if (!result.ok) throw new Error(`${procedure}: ${result.error.message}`);
    return result.data as T;
  };
  const rnd = random(20261202);
  await call('vocabularies.setTerms', { vocabulary: 'category', terms: CATEGORIES });
  const person = (await call<{ id: string }>('people.create', { name: 'Bench' })).id;
  await call('locations.create', { code: 'H1', name: 'Holding area', type: 'room', role: 'holding' }, person);
  await call('locations.create', { code: 'F1', name: 'Floor, Room 1', type: 'room', role: 'floor' }, person);
  for (let r = 1; ; r++) {
    const { locations } = await call<{ locations: unknown[] }>('locations.tree', {});
    if (locations.length >= SIZE.locations) break;
    const room = await call<{ id: string }>('locations.create', { code: `R${r}`, name: `Room ${r}`, type: 'room', role: 'permanent' }, person);
    await call('locations.generate', {
      parentId: room.id,
      codePattern: `R${r}-{u}-{s}-B{b}`,
      levels: [
        { key: 'u', type: 'unit', values: 'A-T' },
        { key: 's', type: 'shelf', values: '1-8' },
        { key: 'b', type: 'box', values: '1-10' },
      ],
    }, person);
  }
  const codes = catalogue.db.prepare(`SELECT code FROM locations WHERE type IN ('shelf', 'box', 'unit') ORDER BY code`).pluck().all() as string[];
  const ids = catalogue.db.prepare(`SELECT id FROM locations WHERE type IN ('shelf', 'box', 'unit') ORDER BY code`).pluck().all() as string[];
  log(`  ${catalogue.db.prepare('SELECT count(*) FROM locations').pluck().get() as number} locations`);

  const files = join(building, 'imports');
  mkdirSync(files);
  for (let f = 0; f < SIZE.objects / IMPORT_ROWS; f++) {
    const lines = ['Object number,Object name,Brief description,Category,Materials,Current location'];
    for (let i = f * IMPORT_ROWS; i < (f + 1) * IMPORT_ROWS; i++) {
      const number = `${1900 + (i % 120)}.${Math.floor(i / 120) % 500}.${i % 37}-${i}`;
      const description = Array.from({ length: 6 + rnd.int(10) }, () => rnd.pick(WORDS)).join(' ');
      lines.push([number, `${rnd.pick(WORDS)} ${rnd.pick(WORDS)}`, description, rnd.pick(CATEGORIES), rnd.pick(WORDS), codes[rnd.int(codes.length)]].join(','));
    }
    const file = join(files, `inventory-${f}.csv`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    await call('imports.commit', { source: { path: file, name: `inventory-${f}.csv` } }, person);
  }
  rmSync(files, { recursive: true });
  const objects = catalogue.db.prepare('SELECT id FROM objects ORDER BY rowid').pluck().all() as string[];
  log(`  ${objects.length} objects, by ${SIZE.objects / IMPORT_ROWS} imports`);

  const where = new Map<string, string>(catalogue.db.prepare('SELECT id, location_id FROM objects').raw().all() as [string, string][]);
  let movements = catalogue.db.prepare('SELECT count(*) FROM movements').pluck().get() as number;
  while (movements < SIZE.movements) {
    const to = ids[rnd.int(ids.length)]!;
    const batch = new Set<string>();
    while (batch.size < MOVE_BATCH) {
      const o = objects[rnd.int(objects.length)]!;
      if (where.get(o) !== to) batch.add(o);
    }
    await call('moves.create', { objectIds: [...batch], toLocationId: to }, person);
    for (const o of batch) where.set(o, to);
    movements += batch.size;
  }
  log(`  ${movements} movements`);
  const terms = ['Good', 'Fair', 'Poor', 'Unacceptable'];
  for (let c = 0; c < SIZE.conditionChecks; c += CHECK_BATCH) {
    const batch = new Set<string>();
    while (batch.size < CHECK_BATCH) batch.add(objects[rnd.int(objects.length)]!);
    await call('objects.bulkUpdate', { ids: [...batch], condition: { term: rnd.pick(terms) } }, person);
  }
  await call('milestones.create', { name: 'After', kind: 'after' }, person);
  log(`  built through ${catalogue.db.prepare('SELECT count(*) FROM ops').pluck().get() as number} operations in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  catalogue.db.pragma('synchronous = FULL');
  catalogue.db.pragma('wal_checkpoint(TRUNCATE)');
  catalogue.db.exec('ANALYZE');
  catalogue.close();
  renameSync(building, dir);
  return dir;
}

/** The same rows as the source holds, inserted directly into a new catalogue, table by table, with its triggers and indexes. */
function insertDirectly(source: string, target: string): number {
  const from = new Database(join(source, 'catalogue.sqlite'), { readonly: true });
  const catalogue = openCatalogue(target, { seed: false });
  const { db } = catalogue;
  const started = performance.now();
  db.transaction(() => {
    for (const table of ['people', 'terms', 'custom_fields', 'locations', 'batches', 'objects', 'movements', 'condition_checks', 'imports', 'milestones']) {
      const columns = (from.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[]).filter((c) => !['location_id', 'moved_at', 'condition_id', 'last_seen_at'].includes(c) || table !== 'objects');
      const insert = db.prepare(`INSERT OR IGNORE INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const row of from.prepare(`SELECT ${columns.join(', ')} FROM ${table} ${table === 'terms' ? '' : 'ORDER BY rowid'}`).raw().iterate() as IterableIterator<unknown[]>) insert.run(row);
    }
  }).immediate();
  const ms = performance.now() - started;
  from.close();
  catalogue.close();
  return ms;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Issue 11: the operation log of the million-movement catalogue, and replaying it, against inserting the same rows directly. */
export default async function opsBench(report: Report, cacheDir: string): Promise<void> {
  report.section('Operations: the log of a catalogue of 200,000 objects and 1,000,000 movements, and its replay');
  const source = await operationsCatalogue(cacheDir, (line) => report.note(line));
  const db = new Database(join(source, 'catalogue.sqlite'), { readonly: true });
  const ops = db.prepare('SELECT count(*) FROM ops').pluck().get() as number;
  const logTables = ['ops', 'op_targets', 'ops_hlc', 'ops_person', 'op_targets_seq', 'sqlite_autoindex_ops_1', 'sqlite_sequence'];
  const logBytes = db.prepare(`SELECT sum(pgsize) FROM dbstat WHERE name IN (${logTables.map(() => '?').join(', ')})`).pluck().get(...logTables) as number;
  const fileBytes = statSync(join(source, 'catalogue.sqlite')).size;
  const movements = db.prepare('SELECT count(*) FROM movements').pluck().get() as number;
  db.close();
  report.note(
    `operation log: ${ops} operations, ${megabytes(logBytes)} (${((logBytes / fileBytes) * 100).toFixed(0)} % of the ${megabytes(fileBytes)} catalogue), ` +
      `${(logBytes / movements).toFixed(0)} bytes per movement`,
  );

  const out = join(cacheDir, 'ops-out');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const direct = insertDirectly(source, join(out, 'direct'));
  let started = performance.now();
  const replayed = replayCatalogue(source, join(out, 'replayed'));
  const replayMs = performance.now() - started;
  report.throughput(
    `replay of ${replayed.applied} operations (storeroom ops replay)`,
    replayed.applied / (replayMs / 1000),
    'the same rows inserted directly',
    replayed.applied / (direct / 1000),
    'operations/s',
    { minRatio: 0.5 },
  );
  report.note(`  replay ${(replayMs / 1000).toFixed(1)} s; direct inserts ${(direct / 1000).toFixed(1)} s`);
  started = performance.now();
  const differences = compareCatalogues(source, join(out, 'replayed'));
  report.note(`ops verify of source and replay: ${differences.length === 0 ? 'equal' : `${differences.length} differences`} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (differences.length) report.failures.push('the replayed catalogue differs from its source');
  rmSync(out, { recursive: true, force: true });
}
