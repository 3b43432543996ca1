import { createHash } from 'node:crypto';
import type { Topic } from '../../contract';
import type { Catalogue } from '../catalogue';
import { compactEffects, REPLICATED, replicated, packEffects, type Effect, type ReplicatedTable } from '../ops/effects';
import { EXISTS, effectCells, FOLLOWING_COLUMNS, latestWrite, MAP_COLUMNS, rowKey, storable } from '../ops/fields';
import type { Operation } from '../ops/operations';
import { mergeCustom, textualFields } from '../objects/write';

/**
 * Merging another copy's operations into this catalogue, by each table's rules:
 * - history (movements, condition checks, sightings, container moves, photos) grows: rows are added once, by id;
 *   an object is where its latest movement by stamp put it, whatever order they arrive in (the schema's triggers);
 * - objects, locations and the rest are merged field by field: a field's value is its latest write by stamp, the same
 *   on every copy; two writes from the same value that did not see each other are a conflict, kept for a person;
 * - rows keyed by what they hold (terms, a photo's links, mappings) exist or not as their latest write says;
 * - a photo is its content: the same photo stored on two copies becomes one, under the smaller id;
 * - a location code made on two copies stays with the older location; the newer is set aside ("R2~1a2b"), a conflict.
 */

/** An operation as a sync bundle carries it: with its effects and the rows it wrote that effects leave out. */
export interface RemoteOperation extends Omit<Operation, 'seq'> {
  effects: Effect[];
  /** Rows written once with ids from the operation's stamp, by table. */
  rows: Record<string, Record<string, unknown>[]>;
}

/** What the topics of a changed row are, for change events and the change log. */
const TOPIC_OF: Record<string, Topic> = {
  catalogue_meta: 'catalogue',
  people: 'people',
  terms: 'vocabularies',
  custom_fields: 'vocabularies',
  locations: 'locations',
  location_moves: 'locations',
  batches: 'moves',
  objects: 'objects',
  movements: 'moves',
  condition_checks: 'objects',
  sightings: 'moves',
  photos: 'photos',
  milestones: 'milestones',
  viewpoints: 'locations',
  photo_links: 'photos',
  imports: 'imports',
  import_mappings: 'imports',
  resolutions: 'catalogue',
  evacuations: 'evacuations',
  evacuation_boxes: 'evacuations',
  evacuation_items: 'evacuations',
};
/** The entity a history row is about. */
const ENTITY_OF: Record<string, string> = { movements: 'object_id', condition_checks: 'object_id', sightings: 'object_id', location_moves: 'location_id' };

/** What merging touched, for working out its conflicts afterwards. */
export interface Touched {
  rows: Set<string>;
  objects: Set<string>;
}

const columnsCache = new WeakMap<Catalogue, Map<string, string[]>>();
function columnsOf(catalogue: Catalogue, table: string): string[] {
  let byTable = columnsCache.get(catalogue);
  if (!byTable) columnsCache.set(catalogue, (byTable = new Map()));
  let columns = byTable.get(table);
  if (!columns) byTable.set(table, (columns = catalogue.db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[]));
  return columns;
}

/** The columns of `values` that the table has (a bundle names nothing else in SQL). */
function known(catalogue: Catalogue, table: string, values: Record<string, unknown>): string[] {
  const columns = columnsOf(catalogue, table);
  const names = Object.keys(values);
  const unknown = names.find((n) => !columns.includes(n));
  if (unknown) throw new Error(`The bundle writes a column ${table}.${unknown} this version does not have.`);
  return names;
}

const where = (spec: ReplicatedTable) => spec.key.map((k) => `${k} = ?`).join(' AND ');

/** A 4-character mark from the id of the row that gives up a code or a name: "R2~1a2b", "After (1a2b)". */

/** The device an id was made on: the 32 bits of its node that an operation's ids carry (see ops/ids.ts). */
const deviceOfId = (id: string): string => ((BigInt(`0x${id.replaceAll('-', '')}`) >> 26n) & 0xffffffffn).toString(16);

/** What tells apart a row set aside from the others that share its code or name: the device that made it (8 hex digits). */
const mark = (id: string) => deviceOfId(id).padStart(8, '0');
const asideCode = (code: string, id: string) => `${code}~${mark(id)}`;

const conflictKey = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);

/** Applies one operation from another copy, unless this catalogue has it already. */
export function applyRemote(catalogue: Catalogue, op: RemoteOperation, touched: Touched): boolean {
  const { db } = catalogue;
  if (db.prepare('SELECT 1 FROM ops WHERE op_id = ?').get(op.opId)) return false;
  catalogue.clock.receive(op.hlc);
  // The operation is kept as it was made, whatever this copy makes of it.
  const effects = packEffects(compactEffects(op.effects));
  // A photo this copy knows under another id is named by the id it knows.
  const alias = db.prepare('SELECT photo_id FROM photo_aliases WHERE alias = ?').pluck();
  for (const effect of op.effects) {
    if (effect.t !== 'photo_links') continue;
    const known = alias.get(effect.r[1]) as string | undefined;
    if (known) Object.assign(effect, { r: [effect.r[0], known], v: { ...effect.v, ...('photo_id' in effect.v ? { photo_id: known } : {}) } });
  }
  const targets = new Map<string, Topic>();
  const target = (table: string, id: unknown) => {
    if (typeof id === 'string' && !targets.has(id)) targets.set(id, TOPIC_OF[table] ?? 'catalogue');
  };

  // Rows made (table by table, each in the order the operation made them), then history, then changes and removals.
  for (const effect of op.effects) {
    if (effect.k !== 'i') continue;
    const spec = replicated(effect.t);
    if (!spec || spec.immutable) throw new Error(`The bundle inserts into ${effect.t}, which is not shared.`);
    if (spec.natural) continue;
    insertEntity(catalogue, spec, effect.v, touched);
    target(effect.t, effect.r[0]);
  }
  for (const spec of REPLICATED.filter((s) => s.immutable)) {
    for (const row of op.rows[spec.table] ?? []) {
      insertHistory(catalogue, spec, row);
      target(spec.table, row[ENTITY_OF[spec.table] ?? 'id']);
      if (spec.table === 'movements' || spec.table === 'condition_checks') touched.objects.add(String(row.object_id));
    }
  }
  const writes = new Map<string, { spec: ReplicatedTable; r: unknown[]; col: string; value: unknown; base: string | null }>();
  for (const effect of op.effects) {
    const spec = replicated(effect.t);
    if (!spec) throw new Error(`The bundle changes ${effect.t}, which is not shared.`);
    if (effect.k === 'i' && !spec.natural) continue;
    if (effect.t === 'objects') touched.objects.add(String(effect.r[0]));
    for (const cell of effectCells(effect)) {
      writes.set(JSON.stringify([effect.t, rowKey(effect.r), cell.col]), { spec, r: effect.r, col: cell.col, value: cell.value, base: effect.b?.[cell.col] ?? null });
    }
    if (effect.k === 'd' && !spec.natural) deleteEntity(catalogue, spec, effect.r);
    target(effect.t, effect.r[0]);
  }
  const insertWrite = db.prepare('INSERT OR IGNORE INTO field_writes (tbl, row, col, hlc, base, value, op_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const rows = new Map<string, { spec: ReplicatedTable; r: unknown[] }>();
  for (const { spec, r, col, value, base } of writes.values()) {
    insertWrite.run(spec.table, rowKey(r), col, op.hlc, base, storable(value), op.opId);
    rows.set(JSON.stringify([spec.table, rowKey(r)]), { spec, r });
    touched.rows.add(JSON.stringify([spec.table, rowKey(r)]));
  }
  for (const { spec, r } of rows.values()) settleRow(catalogue, spec, r);

  const { seq } = db
    .prepare(
      `INSERT INTO ops (op_id, hlc, device_id, person_id, procedure, input, minted, effects, replayable) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING seq`,
    )
    .get(op.opId, op.hlc, op.deviceId, op.personId, op.procedure, JSON.stringify(op.input), op.minted ? JSON.stringify(op.minted) : null, effects) as {
    seq: number;
  };
  const insertTarget = db.prepare('INSERT OR IGNORE INTO op_targets (seq, entity_id, kind) VALUES (?, ?, ?)');
  for (const [id, kind] of targets) insertTarget.run(seq, id, kind);
  return true;
}

/**
 * What must be unique among live rows, by table: a location's code, a custom field's name, a milestone's name (and
 * only one After). When two copies made one each, the older row keeps it and the newer sets it aside, on every copy.
 */
const UNIQUE: Record<string, { column: string; live: string; aside: (value: string, id: string) => string }[]> = {
  locations: [{ column: 'code', live: 'removed = 0', aside: asideCode }],
  custom_fields: [{ column: 'name', live: '1', aside: (name, id) => `${name} (${mark(id)})` }],
  milestones: [
    { column: 'name', live: '1', aside: (name, id) => `${name} (${mark(id)})` },
    { column: 'kind', live: "kind IN ('before', 'after')", aside: () => 'other' },
  ],
  evacuations: [{ column: 'code', live: '1', aside: asideCode }],
};

/** A row made by an operation, with an id of its own: added once. Derived columns are left to the triggers. */
function insertEntity(catalogue: Catalogue, spec: ReplicatedTable, values: Record<string, unknown>, touched: Touched): void {
  const { db } = catalogue;
  if (db.prepare(`SELECT 1 FROM ${spec.table} WHERE ${where(spec)}`).get(...spec.key.map((k) => values[k]))) return;
  const row = { ...values };
  if (spec.table === 'objects') {
    for (const derived of spec.derived ?? []) row[derived] = null;
    touched.objects.add(String(row.id));
  }
  const id = String(row.id);
  if (spec.table === 'locations') touched.rows.add(JSON.stringify([spec.table, id]));
  for (const rule of UNIQUE[spec.table] ?? []) {
    if (spec.table === 'locations' && row.removed !== 0) continue;
    if (rule.column === 'kind' && !['before', 'after'].includes(String(row.kind))) continue;
    const other = db
      .prepare(`SELECT id, created_at, ${rule.column} AS value FROM ${spec.table} WHERE ${rule.column} = ? COLLATE NOCASE AND ${rule.live} AND id <> ?`)
      .get(row[rule.column], id) as { id: string; created_at: string; value: string } | undefined;
    if (!other) continue;
    const newer = id > other.id ? id : other.id;
    // The value of the row set aside, as that row wrote it.
    const value = newer === id ? String(row[rule.column]) : String(other.value);
    if (newer === id) row[rule.column] = rule.aside(value, newer);
    else db.prepare(`UPDATE ${spec.table} SET ${rule.column} = ? WHERE id = ?`).run(rule.aside(value, newer), newer);
    touched.rows.add(JSON.stringify([spec.table, newer]));
    // Two live locations with one code: the code goes aside now (the index allows one), and who keeps it is settled
    // once the whole bundle is in (settleLocationCodes), whatever order its rows came in.
    if (spec.table === 'locations') continue;
    // One conflict per row set aside, whichever row it met: with three copies making one name, the same two rows go
    // aside on every copy, whatever order they arrive in.
    const asideAt = newer === id ? String(row.created_at) : other.created_at;
    db.prepare(`INSERT OR REPLACE INTO conflicts (key, kind, tbl, row, col, detail, hlc) VALUES (?, 'code', ?, ?, ?, ?, ?)`).run(
      conflictKey('code', spec.table, rule.column, value.toLowerCase(), newer),
      spec.table,
      newer,
      rule.column,
      JSON.stringify({ name: value, setAside: newer }),
      asideAt,
    );
  }
  const columns = known(catalogue, spec.table, row);
  db.prepare(`INSERT INTO ${spec.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(columns.map((c) => storable(row[c])));
}

/** A history row: added once, by id. A photo already here under another id is the same photo: the smaller id stands. */
function insertHistory(catalogue: Catalogue, spec: ReplicatedTable, row: Record<string, unknown>): void {
  const { db } = catalogue;
  if (spec.table === 'photos') {
    const here = db.prepare('SELECT id FROM photos WHERE sha256 = ?').pluck().get(row.sha256) as string | undefined;
    if (here && here !== row.id) {
      if (String(row.id) < here) {
        db.prepare('UPDATE photos SET id = ? WHERE id = ?').run(row.id, here);
        db.prepare('UPDATE photo_links SET photo_id = ? WHERE photo_id = ?').run(row.id, here);
      }
      db.prepare('INSERT OR IGNORE INTO photo_aliases (alias, photo_id) VALUES (?, ?)').run(String(row.id) < here ? here : row.id, String(row.id) < here ? row.id : here);
      return;
    }
  }
  const columns = known(catalogue, spec.table, row);
  db.prepare(`INSERT OR IGNORE INTO ${spec.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(columns.map((c) => storable(row[c])));
}

function deleteEntity(catalogue: Catalogue, spec: ReplicatedTable, r: unknown[]): void {
  catalogue.db.prepare(`DELETE FROM ${spec.table} WHERE ${where(spec)}`).run(...r);
}

/** A row as its field writes say: each written cell takes its latest write by stamp. */
function settleRow(catalogue: Catalogue, spec: ReplicatedTable, r: unknown[]): void {
  const { db } = catalogue;
  const row = rowKey(r);
  const latest = db
    .prepare(
      `SELECT col, value FROM field_writes w WHERE tbl = ? AND row = ?
       AND hlc = (SELECT max(hlc) FROM field_writes x WHERE x.tbl = w.tbl AND x.row = w.row AND x.col = w.col)`,
    )
    .all(spec.table, row) as { col: string; value: unknown }[];
  const cells = new Map(latest.map((c) => [c.col, c.value]));
  if (spec.natural) {
    if (cells.get(EXISTS) === 0) {
      db.prepare(`DELETE FROM ${spec.table} WHERE ${where(spec)}`).run(...r);
      return;
    }
    if (!cells.has(EXISTS)) return;
    const values: Record<string, unknown> = Object.fromEntries(spec.key.map((k, i) => [k, r[i]]));
    for (const [col, value] of cells) if (col !== EXISTS) values[col] = value;
    const columns = known(catalogue, spec.table, values);
    db.prepare(`INSERT OR REPLACE INTO ${spec.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(columns.map((c) => values[c]));
    return;
  }
  const current = db.prepare(`SELECT * FROM ${spec.table} WHERE ${where(spec)}`).get(...r) as Record<string, unknown> | undefined;
  // An edit of a row this copy does not have (it never came here): nothing to settle.
  if (!current) return;
  const sets: Record<string, unknown> = {};
  for (const map of MAP_COLUMNS[spec.table] ?? []) {
    const keys = [...cells.keys()].filter((col) => col.startsWith(`${map}:`));
    if (keys.length === 0) continue;
    const values = JSON.parse(String(current[map] ?? '{}')) as Record<string, string | number>;
    const set = Object.fromEntries(keys.map((col) => [col.slice(map.length + 1), cells.get(col) as string | number | null]));
    Object.assign(sets, mergeCustom(values, set, textualFields(catalogue)));
  }
  const maps = MAP_COLUMNS[spec.table] ?? [];
  for (const [col, value] of cells) {
    // A map's keys were settled above, with the text they make searchable.
    if (col.includes(':') || (maps.length > 0 && col === 'custom_text')) continue;
    if (current[col] !== value) sets[col] = value;
  }
  const columns = known(catalogue, spec.table, sets);
  if (columns.length) db.prepare(`UPDATE ${spec.table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${where(spec)}`).run(...columns.map((c) => sets[c]), ...r);
}

/**
 * Works out the conflicts among what merging touched, from the catalogue's state and its field writes alone, so every
 * copy that has the same operations finds the same ones: two writes of a field from the same base with different
 * values; two live objects with one number, made on different devices; an edit of a removed object or location made
 * after its removal.
 */
export function findConflicts(catalogue: Catalogue, touched: Touched): number {
  const { db } = catalogue;
  const put = db.prepare('INSERT OR REPLACE INTO conflicts (key, kind, tbl, row, col, detail, hlc) VALUES (?, ?, ?, ?, ?, ?, ?)');
  let found = 0;
  for (const entry of touched.rows) {
    const [tbl, row] = JSON.parse(entry) as [string, string];
    const following = FOLLOWING_COLUMNS[tbl] ?? [];
    const siblings = db
      .prepare(
        `SELECT col, base, json_group_array(json_object('hlc', hlc, 'value', value, 'op', op_id)) AS writes, count(DISTINCT coalesce(json_quote(value), 'null')) AS distinct_values
         FROM field_writes WHERE tbl = ? AND row = ? GROUP BY col, base HAVING count(*) > 1`,
      )
      .all(tbl, row) as { col: string; base: string | null; writes: string; distinct_values: number }[];
    for (const s of siblings) {
      if (s.distinct_values < 2 || following.includes(s.col) || s.col === EXISTS) continue;
      const writes = (JSON.parse(s.writes) as { hlc: string; value: unknown; op: string }[]).sort((a, b) => (a.hlc < b.hlc ? -1 : 1));
      put.run(conflictKey('field', tbl, row, s.col, s.base ?? ''), 'field', tbl, row, s.col, JSON.stringify({ base: s.base, writes }), writes.at(-1)!.hlc);
      found++;
    }
    if (tbl === 'objects' || tbl === 'locations') {
      const removal = db
        .prepare(`SELECT hlc FROM field_writes WHERE tbl = ? AND row = ? AND col = 'removed' AND value = 1 ORDER BY hlc DESC LIMIT 1`)
        .pluck()
        .get(tbl, row) as string | undefined;
      const removed = db.prepare(`SELECT removed FROM ${tbl} WHERE id = ?`).pluck().get(row) === 1;
      if (removal && removed) {
        const later = db
          .prepare(`SELECT json_group_array(json_object('col', col, 'hlc', hlc, 'value', value, 'op', op_id)) FROM field_writes WHERE tbl = ? AND row = ? AND col <> 'removed' AND hlc > ?`)
          .pluck()
          .get(tbl, row, removal) as string;
        const edits = (JSON.parse(later) as { col: string; hlc: string }[]).filter((e) => !(FOLLOWING_COLUMNS[tbl] ?? []).includes(e.col));
        if (edits.length) {
          put.run(conflictKey('removed', tbl, row), 'removed', tbl, row, null, JSON.stringify({ removedAt: removal, edits }), edits.map((e) => e.hlc).sort().at(-1)!);
          found++;
        }
      }
    }
  }
  const locations = [...touched.rows].map((entry) => JSON.parse(entry) as [string, string]).filter(([tbl]) => tbl === 'locations').map(([, id]) => id);
  return found + findNumberConflicts(catalogue, [...touched.objects]) + settleLocationCodes(catalogue, locations);
}

/** The code a location was given, without the mark that set it aside (asideCode). */
const givenCode = (code: string, id: string) => (code.endsWith(`~${mark(id)}`) ? code.slice(0, -(mark(id).length + 1)) : code);

/**
 * Who holds a location code that several live locations were given (on different copies, not seeing each other): the
 * one with the smallest id; the others keep it with a mark (asideCode), and the clash is a conflict to settle. Worked
 * out from the locations as they are, for the codes of these locations and of the open code conflicts, so that a copy
 * that merged the rows in another order, or saw one of them removed first, ends the same; a code no longer shared is
 * given back, and its open conflict closed. Run after merging, and after every change of a location here.
 */
export function settleLocationCodes(catalogue: Catalogue, locationIds: string[]): number {
  if (locationIds.length === 0) return 0;
  const { db } = catalogue;
  const codes = new Map<string, string>();
  const mine = db.prepare(`SELECT id, code FROM locations WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(locationIds)) as { id: string; code: string }[];
  for (const row of mine) codes.set(givenCode(row.code, row.id).toLowerCase(), givenCode(row.code, row.id));
  const open = db.prepare(
    `SELECT key, json_extract(detail, '$.code') AS code FROM conflicts WHERE kind = 'code' AND tbl = 'locations' AND key NOT IN (SELECT key FROM resolutions)`,
  );
  const openConflicts = open.all() as { key: string; code: string }[];
  for (const c of openConflicts) codes.set(String(c.code).toLowerCase(), String(c.code));
  const candidates = db.prepare(
    `SELECT id, code, created_at FROM locations WHERE removed = 0 AND (code = @code COLLATE NOCASE OR (code LIKE @like ESCAPE '\\' AND length(code) = length(@code) + 9)) ORDER BY id`,
  );
  const setCode = db.prepare(`UPDATE locations SET code = ? WHERE id = ?`);
  const drop = db.prepare(`DELETE FROM conflicts WHERE key = ?`);
  const put = db.prepare(`INSERT OR REPLACE INTO conflicts (key, kind, tbl, row, col, detail, hlc) VALUES (?, 'code', 'locations', ?, 'code', ?, ?)`);
  let found = 0;
  for (const [lower, code] of codes) {
    const like = `${code.replace(/[\\%_]/g, (c) => `\\${c}`)}~________`;
    const holders = (candidates.all({ code, like }) as { id: string; code: string; created_at: string }[]).filter((h) => givenCode(h.code, h.id).toLowerCase() === lower);
    // Marked codes first, so that the one that keeps the code never meets another live holder of it.
    holders.slice(1).forEach((h) => h.code !== asideCode(givenCode(h.code, h.id), h.id) && setCode.run(asideCode(givenCode(h.code, h.id), h.id), h.id));
    const keeper = holders[0];
    if (keeper && keeper.code !== givenCode(keeper.code, keeper.id)) setCode.run(givenCode(keeper.code, keeper.id), keeper.id);
    const ids = holders.map((h) => h.id);
    const key = ids.length > 1 ? conflictKey('code', 'locations', 'code', lower, ...ids) : null;
    for (const stale of openConflicts) if (stale.key !== key && String(stale.code).toLowerCase() === lower) drop.run(stale.key);
    if (!key) continue;
    put.run(key, ids[1]!, JSON.stringify({ code: givenCode(keeper!.code, keeper!.id), kept: ids[0], setAside: ids[1], others: ids.slice(1) }), holders.map((h) => h.created_at).sort().at(-1));
    found++;
  }
  return found;
}

/**
 * The same number on live objects made on different devices (their ids carry the device that made them), among the
 * numbers of these objects. Run after merging, and after every change here, so every copy files the same ones.
 *
 * A number's open conflict is a function of the objects that hold it now, not of the order its changes arrived in:
 * each number looked at (those of these objects, and those of every open number conflict, whose objects may have been
 * renumbered or removed since) gets the conflict of its present holders, if they clash, and loses any other open one.
 * A copy that saw a third object take the number later, or merged it all at once, files the same single conflict.
 * Settled conflicts stay as they were settled.
 */
export function findNumberConflicts(catalogue: Catalogue, objectIds: string[]): number {
  if (objectIds.length === 0) return 0;
  const { db } = catalogue;
  // Numbers of these objects that two live objects hold, and those of the open number conflicts. A few objects are
  // looked up number by number (scanning every number took 12 ms on 100,000 objects, at every change of one); many
  // (an import, a merge) against the numbers held twice, found in one scan (for 100,000 new objects, 60 ms against 184 ms).
  const many = objectIds.length * 3 > ((db.prepare('SELECT max(rowid) FROM objects').pluck().get() as number | null) ?? 0);
  const held = many
    ? `WITH twice AS (SELECT number FROM objects WHERE removed = 0 AND number IS NOT NULL GROUP BY number COLLATE NOCASE HAVING count(*) > 1)
       SELECT mine.number FROM twice CROSS JOIN objects mine ON mine.number = twice.number COLLATE NOCASE WHERE mine.id IN (SELECT value FROM json_each(?))`
    : `SELECT mine.number FROM objects mine
       WHERE mine.id IN (SELECT value FROM json_each(?)) AND mine.number IS NOT NULL
         AND (SELECT count(*) FROM objects o WHERE o.number = mine.number COLLATE NOCASE AND o.removed = 0) > 1`;
  const numbers = db
    .prepare(`${held} UNION SELECT json_extract(detail, '$.number') FROM conflicts WHERE kind = 'number' AND key NOT IN (SELECT key FROM resolutions)`)
    .pluck()
    .all(JSON.stringify(objectIds)) as string[];
  if (numbers.length === 0) return 0;
  const holders = db.prepare(`SELECT id, number, created_at FROM objects WHERE removed = 0 AND number = ? COLLATE NOCASE ORDER BY id`);
  const open = db.prepare(
    `SELECT key FROM conflicts WHERE kind = 'number' AND json_extract(detail, '$.number') = ? COLLATE NOCASE AND key NOT IN (SELECT key FROM resolutions)`,
  );
  const drop = db.prepare(`DELETE FROM conflicts WHERE key = ?`);
  const put = db.prepare(`INSERT OR REPLACE INTO conflicts (key, kind, tbl, row, col, detail, hlc) VALUES (?, 'number', 'objects', ?, 'number', ?, ?)`);
  const seen = new Set<string>();
  let found = 0;
  for (const number of numbers) {
    if (seen.has(number.toLowerCase())) continue;
    seen.add(number.toLowerCase());
    const rows = holders.all(number) as { id: string; number: string; created_at: string }[];
    const ids = rows.map((r) => r.id);
    const clash = new Set(ids.map(deviceOfId)).size >= 2;
    const key = clash ? conflictKey('number', number.toLowerCase(), ...ids) : null;
    for (const stale of open.pluck().all(number) as string[]) if (stale !== key) drop.run(stale);
    if (!key) continue;
    const made = rows.map((r) => r.created_at).sort().at(-1)!;
    put.run(key, ids[0]!, JSON.stringify({ number: rows[0]!.number, objects: ids }), made);
    found++;
  }
  return found;
}


export { latestWrite };
