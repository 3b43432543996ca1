import type { Database } from 'better-sqlite3';
import { createDispatcher } from '../../src-main/core/dispatch';
import { OBJECT_MOVEMENTS_SQL } from '../../src-main/core/moves/moves';
import { OBJECTS_BY_IDS_SQL, objectListQuery } from '../../src-main/core/objects/objects';
import { type Report, timeSamples } from './report';
import { random, syntheticCatalogue, WORDS } from './synthetic';

/** Issue 3: search, location contents, history and a 1,000-object batch move on the synthetic catalogue. */
export default async function catalogueBench(report: Report, cacheDir: string): Promise<void> {
  report.section('Catalogue: 200,000 objects, 20,000 locations, 1,000,000 movements');
  const catalogue = syntheticCatalogue(cacheDir, (line) => report.note(line));
  const dispatch = createDispatcher(catalogue);
  const db: Database = catalogue.db;
  const call = async (procedure: string, input: unknown) => {
    const result = await dispatch(procedure, input);
    if (!result.ok) throw new Error(`${procedure}: ${result.error.message}`);
    return result.data;
  };
  const rnd = random(7);
  const PAGE = 100;

  /** The statements objects.list runs, run directly: what the procedure adds is validation, mapping and paths. */
  const rawList = (input: { query?: string; locationId?: string }) => {
    const { params, countSql, pageSql } = objectListQuery({ ...input, limit: PAGE });
    const { total } = db.prepare(countSql).get(params) as { total: number };
    const ids = (db.prepare(pageSql(total)).all(params) as { id: string }[]).map((r) => r.id);
    return db.prepare(OBJECTS_BY_IDS_SQL).all(JSON.stringify(ids));
  };

  // Text search with common words (a worst case: thousands of matches), a word and a prefix.
  const terms = Array.from({ length: 200 }, () => `${rnd.pick(WORDS)} ${rnd.pick(WORDS).slice(0, 3)}`);
  let i = 0;
  const search = await timeSamples(terms.length, () => call('objects.list', { query: terms[i++ % terms.length], limit: PAGE }));
  i = 0;
  const searchRaw = await timeSamples(terms.length, () => rawList({ query: terms[i++ % terms.length]! }));
  report.compare('text search (objects.list query), page of 100', search, searchRaw, { p95TargetMs: 20, maxRatio: 2 });

  // Location contents: a unit's subtree (~88 boxes and shelves), first page.
  const units = (db.prepare(`SELECT id FROM locations WHERE type = 'unit' ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
  i = 0;
  const contents = await timeSamples(100, () => call('objects.list', { locationId: units[i++ % units.length], limit: PAGE }));
  i = 0;
  const contentsRaw = await timeSamples(100, () => rawList({ locationId: units[i++ % units.length]! }));
  report.compare('location contents (objects.list locationId, subtree)', contents, contentsRaw, { maxRatio: 2 });

  // Object history.
  const objectIds = Array.from({ length: 300 }, () => `01900000-0002-7000-8000-${rnd.int(200_000).toString(16).padStart(12, '0')}`);
  const rawHistory = db.prepare(OBJECT_MOVEMENTS_SQL);
  // Both read the same objects: read them once first, so that neither pays alone for bringing their pages in.
  for (const id of objectIds) rawHistory.all(id);
  i = 0;
  const history = await timeSamples(objectIds.length, () => call('moves.history', { objectId: objectIds[i++ % objectIds.length] }));
  i = 0;
  const historyRaw = await timeSamples(objectIds.length, () => rawHistory.all(objectIds[i++ % objectIds.length]));
  report.compare('object history (moves.history)', history, historyRaw, { maxRatio: 2 });

  // A batch move of 1,000 objects, alternating between two new shelves so nothing is already there.
  const shelves: string[] = [];
  for (const code of ['BENCH-1', 'BENCH-2', 'BENCH-3', 'BENCH-4']) {
    shelves.push(((await call('locations.create', { code, name: code, type: 'shelf', role: 'permanent' })) as { id: string }).id);
  }
  const batchOf = (k: number) => Array.from({ length: 1000 }, (_, j) => `01900000-0002-7000-8000-${(k * 1000 + j).toString(16).padStart(12, '0')}`);
  let k = 0;
  const move = await timeSamples(20, () => call('moves.create', { objectIds: batchOf(k), toLocationId: shelves[k++ % 2] }));
  const insertBatch = db.prepare(`INSERT INTO batches (reference, at, reason) VALUES (?, ?, 'reorganization')`);
  const insertMove = db.prepare(`INSERT INTO movements (id, object_id, from_location_id, to_location_id, at, reason, reference) VALUES (?, ?, ?, ?, ?, 'reorganization', ?)`);
  const locate = db.prepare('SELECT id, location_id FROM objects WHERE id IN (SELECT value FROM json_each(?))');
  let n = 0;
  const moveRaw = await timeSamples(20, () => {
    const ids = batchOf(20 + n);
    const to = shelves[2 + (n % 2)]!;
    const reference = `RAW-${n++}`;
    db.transaction(() => {
      const from = new Map((locate.all(JSON.stringify(ids)) as { id: string; location_id: string }[]).map((r) => [r.id, r.location_id]));
      insertBatch.run(reference, new Date().toISOString());
      ids.forEach((id, j) => insertMove.run(`${reference}-${j}`, id, from.get(id), to, new Date().toISOString(), reference));
    }).immediate();
  });
  report.compare('batch move of 1,000 objects (moves.create)', move, moveRaw, { p95TargetMs: 100, maxRatio: 2 });
  catalogue.close();
}
