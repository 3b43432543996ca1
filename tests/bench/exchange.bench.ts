import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Catalogue } from '../../src-main/core/catalogue';
import { openCatalogue } from '../../src-main/core/open';
import { createDispatcher } from '../../src-main/core/dispatch';
import { exportSheets } from '../../src-main/core/exchange/sheets';
import { workbookWords } from '../../src-main/core/exchange/words';
import { derivedPath, originalPath } from '../../src-main/core/media/store';
import { insertRows } from '../../src-main/core/db/insert-rows';
import { numberSortKey } from '../../src-main/core/objects/objects';
import { runBuilt, type Report } from './report';
import { fileURLToPath } from 'node:url';
import { CATEGORIES, random, schemaKey, WORDS } from './synthetic';

/**
 * STOREROOM_BENCH_SMOKE=1: a few thousand objects, to check that the benchmark still runs (its figures at this size
 * say nothing, so no target is checked). The figures are the full run's, on a quiet machine.
 */
const SMOKE = process.env.STOREROOM_BENCH_SMOKE === '1';
const OBJECTS = SMOKE ? Number(process.env.STOREROOM_BENCH_SMOKE_OBJECTS ?? 2_000) : 100_000;
const WITH_PHOTOS = SMOKE ? 50 : 5_000;

/** 100,000 objects with a location each, the first 5,000 with a photo thumbnail: built once, with raw SQL, and cached. */
async function exchangeCatalogue(root: string, log: (s: string) => void): Promise<string> {
  const dir = join(root, `exchange-v3-${schemaKey()}${SMOKE ? `-smoke-${OBJECTS}` : ''}`);
  if (existsSync(join(dir, 'catalogue.sqlite'))) return dir;
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  const catalogue = openCatalogue(building);
  const { db } = catalogue;
  const rnd = random(66);
  const now = new Date().toISOString();
  const id = (kind: number, i: number) => `01900000-${kind.toString(16).padStart(4, '0')}-7000-8000-${i.toString(16).padStart(12, '0')}`;
  db.transaction(() => {
    CATEGORIES.forEach((c, i) => db.prepare(`INSERT INTO terms (vocabulary, term, position) VALUES ('category', ?, ?)`).run(c, i + 1));
    for (let l = 0; l < 100; l++) {
      db.prepare(`INSERT INTO locations (id, code, name, type, role, position, created_at, updated_at) VALUES (?, ?, ?, 'unit', 'permanent', ?, ?, ?)`).run(id(1, l), `U-${l}`, `Unit ${l}`, l, now, now);
    }
    db.prepare(`INSERT INTO batches (reference, at, reason) VALUES ('M-000001', ?, 'reorganization')`).run(now);
    const insert = db.prepare(
      `INSERT INTO objects (id, number, sort_key, name, description, category, materials, height, width, depth, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const move = db.prepare(`INSERT INTO movements (id, object_id, to_location_id, at, reason, reference) VALUES (?, ?, ?, ?, 'reorganization', 'M-000001')`);
    for (let i = 0; i < OBJECTS; i++) {
      const number = `2020.${Math.floor(i / 1000)}.${i % 1000}`;
      insert.run(id(2, i), number, numberSortKey(number), `${rnd.pick(WORDS)} ${rnd.pick(WORDS)}`, Array.from({ length: 8 }, () => rnd.pick(WORDS)).join(' '),
        rnd.pick(CATEGORIES), rnd.pick(WORDS), rnd.int(100) + 1, rnd.int(100) + 1, rnd.int(50) + 1, now, now);
      move.run(id(3, i), id(2, i), id(1, rnd.int(100)), now);
    }
  }).immediate();
  log(`  ${OBJECTS} objects`);
  for (let i = 0; i < WITH_PHOTOS; i++) {
    const sha = i.toString(16).padStart(64, '0');
    const picture = await sharp({ create: { width: 256, height: 192, channels: 3, background: { r: i % 256, g: (i * 7) % 256, b: (i * 13) % 256 } } }).jpeg().toBuffer();
    for (const file of [originalPath(catalogue.mediaDir, sha, 'jpg'), derivedPath(catalogue.mediaDir, sha, 'thumb'), derivedPath(catalogue.mediaDir, sha, 'preview')]) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, picture);
    }
    db.prepare(
      `INSERT INTO photos (id, sha256, original_name, extension, format, byte_size, width, height, imported_at) VALUES (?, ?, ?, 'jpg', 'jpeg', 1, 256, 192, ?)`,
    ).run(id(4, i), sha, `${i}.jpg`, now);
    db.prepare(`INSERT INTO photo_links (photo_id, target_kind, target_id, role, is_primary, created_at) VALUES (?, 'object', ?, 'general', 1, ?)`).run(id(4, i), id(2, i), now);
    db.prepare(`UPDATE objects SET tags = '["photographed"]' WHERE id = ?`).run(id(2, i));
  }
  log(`  ${WITH_PHOTOS} thumbnails`);
  catalogue.close();
  renameSync(building, dir);
  return dir;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rss = () => process.memoryUsage().rss;

/**
 * The export's baseline: the very rows the export writes, already in memory, through exceljs's streaming writer with no
 * styles. A function of its own, so that its rows (hundreds of megabytes) are garbage once it returns, not held while
 * the import is measured.
 */
async function rawExport(catalogue: Catalogue, file: string): Promise<number> {
  const now = new Date().toISOString();
  const ctx = { db: catalogue.db, catalogue, personId: null, now, hlc: `${now}-0000-0000000000000000`, remote: false };
  const sheets = exportSheets(ctx, workbookWords('en'), {}).map((s) => ({ name: s.name, rows: [s.columns.map((c) => c.header), ...s.rows()] }));
  const started = performance.now();
  const raw = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
  for (const s of sheets) {
    const ws = raw.addWorksheet(s.name);
    for (const row of s.rows) ws.addRow(row).commit();
    await ws.commit();
  }
  await raw.commit();
  return performance.now() - started;
}

/** Issue 6: export 100,000 objects against exceljs's raw streaming writer; with thumbnails; and a 100,000-row CSV import. */
export default async function exchangeBench(report: Report, cacheDir: string): Promise<void> {
  report.section(`Excel and CSV: ${OBJECTS.toLocaleString('en')} objects${SMOKE ? ' (smoke run: no target checked)' : ''}`);
  const dir = await exchangeCatalogue(cacheDir, (line) => report.note(line));
  const catalogue: Catalogue = openCatalogue(dir);
  await catalogue.mediaSwept;
  const dispatch = createDispatcher(catalogue);
  const out = join(cacheDir, 'exchange-out');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  let started = performance.now();
  const result = await dispatch('exports.create', { path: join(out, 'inventory.xlsx') });
  const exportMs = performance.now() - started;
  if (!result.ok) throw new Error(result.error.message);
  const rawMs = await rawExport(catalogue, join(out, 'raw.xlsx'));

  const ratio = exportMs / rawMs;
  report.note(
    `exports.create, every sheet, no images\n  Storeroom  ${seconds(exportMs)}   exceljs streaming writer, the same rows  ${seconds(rawMs)}   ratio ${ratio.toFixed(2)}×` +
      (ratio > 1.5 ? '   MISSED: over 1.5×' : ''),
  );
  if (ratio > 1.5 && !SMOKE) report.failures.push(`export ${ratio.toFixed(2)}× raw exceljs (target 1.5×)`);

  // Import: a 100,000-row CSV of new objects, dry run then commit, into a fresh catalogue.
  const csv = join(out, 'import.csv');
  const lines = ['Object number,Object name,Brief description,Materials,Current location'];
  for (let i = 0; i < OBJECTS; i++) lines.push(`IMP.${i},Object ${i},"Imported, row ${i}",${WORDS[i % WORDS.length]},U-${i % 100}`);
  writeFileSync(csv, lines.join('\n'));
  const target = openCatalogue(join(out, 'import-target'));
  await target.mediaSwept;
  const importer = createDispatcher(target);
  let peak = rss();
  const watch3 = setInterval(() => (peak = Math.max(peak, rss())), 20);
  started = performance.now();
  const source = { path: csv, name: 'import.csv' };
  const preview = await importer('imports.preview', { source, createLocations: true });
  const commit = await importer('imports.commit', { source, createLocations: true });
  const importMs = performance.now() - started;
  clearInterval(watch3);
  if (!preview.ok || !commit.ok) throw new Error('import failed');
  const rate = OBJECTS / (importMs / 1000);
  target.close();
  // Baseline: the same objects and their first movements, already parsed, written by plain SQL into an empty catalogue
  // as fast as it takes them (hundreds of rows to a statement, the search index filled once at the end): its indexes
  // and triggers, no operation log, no reading or checking. What this machine's SQLite takes for the rows themselves.
  const plain = openCatalogue(join(out, 'import-baseline'));
  await plain.mediaSwept;
  started = performance.now();
  plain.db.transaction(() => {
    const at = new Date().toISOString();
    const uuid = (kind: number, i: number) => `01900000-${kind.toString(16).padStart(4, '0')}-7000-8000-${i.toString(16).padStart(12, '0')}`;
    const locations = Array.from({ length: 100 }, (_, l) => [uuid(1, l), `U-${l}`, `U-${l}`, 'room', 'permanent', l, at, at]);
    insertRows(plain.db, 'locations', ['id', 'code', 'name', 'type', 'role', 'position', 'created_at', 'updated_at'], locations);
    plain.db.prepare(`INSERT INTO batches (reference, at, reason) VALUES ('M-000001', ?, 'other')`).run(at);
    const objects = Array.from({ length: OBJECTS }, (_, i) => {
      const number = `IMP.${i}`;
      return [uuid(2, i), number, numberSortKey(number), `Object ${i}`, `Imported, row ${i}`, WORDS[i % WORDS.length]!, uuid(1, i % 100), at, at, at, at];
    });
    plain.db.prepare('INSERT INTO objects_fts_paused (paused) VALUES (1)').run();
    insertRows(plain.db, 'objects', ['id', 'number', 'sort_key', 'name', 'description', 'materials', 'location_id', 'moved_at', 'last_seen_at', 'created_at', 'updated_at'], objects);
    plain.db.prepare('DELETE FROM objects_fts_paused').run();
    plain.db.prepare(`INSERT INTO objects_fts (rowid, number, temp_number, name, description, materials, tags, custom_text) SELECT rowid, number, temp_number, name, description, materials, tags, custom_text FROM objects`).run();
    const movements = objects.map((o, i) => [uuid(3, i), o[0], o[6], at, 'other', 'M-000001']);
    insertRows(plain.db, 'movements', ['id', 'object_id', 'to_location_id', 'at', 'reason', 'reference'], movements);
  }).immediate();
  const plainMs = performance.now() - started;
  plain.close();
  report.note(
    `imports.preview then imports.commit, ${OBJECTS} CSV rows\n  Storeroom  ${seconds(importMs)}   ${Math.round(rate)} rows/s   peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB` +
      `   plain SQL inserts of the same rows  ${seconds(plainMs)}   ratio ${(importMs / plainMs).toFixed(2)}×` +
      (rate < 20_000 ? '   MISSED: under 20,000 rows/s' : ''),
  );
  if (rate < 20_000 && !SMOKE) report.failures.push(`import ${Math.round(rate)} rows/s (target 20,000)`);

  peak = rss();
  const watch2 = setInterval(() => (peak = Math.max(peak, rss())), 20);
  started = performance.now();
  const withImages = await dispatch('exports.create', { path: join(out, 'with-thumbnails.xlsx'), thumbnails: true, filter: { tag: 'photographed' } });
  const imagesMs = performance.now() - started;
  clearInterval(watch2);
  if (!withImages.ok) throw new Error(withImages.error.message);
  report.note(`exports.create with thumbnails: the ${WITH_PHOTOS} objects that have a photo\n  Storeroom  ${seconds(imagesMs)}   peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB`);
  catalogue.close();

  // Memory as a user meets it: the CLI's export, in a process of its own (this one holds Vite's module runner, some
  // 370 MB before anything is exported). Needs `npm run build`.
  const cli = join(root, 'out/main/cli.js');
  if (!existsSync(cli)) {
    report.failures.push('the CLI export was not measured: run npm run build first');
    return;
  }
  const run = await runBuilt([cli, 'export', join(out, 'cli.xlsx'), '--catalogue', dir, '--json']);
  if (run.code !== 0) throw new Error(`storeroom export failed (${run.code}): ${run.stdout}`);
  report.note(
    `storeroom export FILE.xlsx (the built CLI, its own process)\n  Storeroom  ${seconds(run.ms)}, starting the CLI included   peak RSS ${run.peakMb.toFixed(0)} MB` +
      (run.peakMb > 400 ? '   MISSED: over 400 MB' : ''),
  );
  if (run.peakMb > 400 && !SMOKE) report.failures.push(`CLI export peak RSS ${run.peakMb.toFixed(0)} MB (target 400 MB)`);
}
