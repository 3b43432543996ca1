import type { Database } from 'better-sqlite3';
import { createDispatcher } from '../../src-main/core/dispatch';
import { ftsQuery } from '../../src-main/core/objects/search';
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

  // Text search: the procedure (validation, FTS, count, page, paths, output check) against the same FTS query in raw SQL.
  const terms = Array.from({ length: 200 }, () => `${rnd.pick(WORDS)} ${rnd.pick(WORDS).slice(0, 3)}`);
  const rawSearch = db.prepare(`SELECT o.* FROM objects o WHERE o.rowid IN (SELECT rowid FROM objects_fts WHERE objects_fts MATCH ?) ORDER BY o.sort_key LIMIT ${PAGE}`);
  const rawSearchCount = db.prepare('SELECT count(*) FROM objects o WHERE o.rowid IN (SELECT rowid FROM objects_fts WHERE objects_fts MATCH ?)');
  let i = 0;
  const search = await timeSamples(terms.length, () => call('objects.list', { query: terms[i++ % terms.length], limit: PAGE }));
  i = 0;
  const searchRaw = await timeSamples(terms.length, () => {
    const match = ftsQuery(terms[i++ % terms.length]!);
    rawSearchCount.get(match);
    return rawSearch.all(match);
  });
  report.compare('text search (objects.list query), page of 100', search, searchRaw, { p95TargetMs: 20, maxRatio: 2 });

  // Location contents: a unit's subtree (~88 boxes and shelves), first page.
  const units = (db.prepare(`SELECT id FROM locations WHERE type = 'unit' ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
  const rawSubtree = db.prepare(`WITH RECURSIVE subtree (id) AS (SELECT ? UNION ALL SELECT l.id FROM locations l JOIN subtree ON l.parent_id = subtree.id)
    SELECT o.* FROM objects o WHERE o.location_id IN (SELECT id FROM subtree) ORDER BY o.sort_key LIMIT ${PAGE}`);
  const rawSubtreeCount = db.prepare(`WITH RECURSIVE subtree (id) AS (SELECT ? UNION ALL SELECT l.id FROM locations l JOIN subtree ON l.parent_id = subtree.id)
    SELECT count(*) FROM objects o WHERE o.location_id IN (SELECT id FROM subtree)`);
  i = 0;
  const contents = await timeSamples(100, () => call('objects.list', { locationId: units[i++ % units.length], limit: PAGE }));
  i = 0;
  const contentsRaw = await timeSamples(100, () => {
    const id = units[i++ % units.length];
    rawSubtreeCount.get(id);
    return rawSubtree.all(id);
  });
  report.compare('location contents (objects.list locationId, subtree)', contents, contentsRaw, { maxRatio: 2 });

  // Object history.
  const objectIds = Array.from({ length: 300 }, () => `01900000-0002-7000-8000-${rnd.int(200_000).toString(16).padStart(12, '0')}`);
  const rawHistory = db.prepare(`SELECT m.*, f.code, t.code FROM movements m LEFT JOIN locations t ON t.id = m.to_location_id
    LEFT JOIN locations f ON f.id = m.from_location_id WHERE m.object_id = ? ORDER BY m.at DESC, m.id DESC`);
  i = 0;
  const history = await timeSamples(objectIds.length, () => call('moves.history', { objectId: objectIds[i++ % objectIds.length] }));
  i = 0;
  const historyRaw = await timeSamples(objectIds.length, () => rawHistory.all(objectIds[i++ % objectIds.length]));
  report.compare('object history (moves.history)', history, historyRaw, { maxRatio: 2 });

  // A batch move of 1,000 objects, alternating between two shelves so nothing is already there.
  const shelves = (db.prepare(`SELECT id FROM locations WHERE type = 'shelf' ORDER BY id LIMIT 4`).all() as { id: string }[]).map((r) => r.id);
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
