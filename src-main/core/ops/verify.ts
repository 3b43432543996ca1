import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DATABASE_FILE } from '../catalogue';
import { CatalogueError } from '../catalogue-error';
import { latestSchemaVersion } from '../db/migrate';
import { canonicalEffectsText } from './effects';

/**
 * A catalogue's canonical state, table by table: what two catalogues must share to be the same catalogue, whatever
 * folder, device or order of arrival made them. Local row ids, the log's local order (seq), a request's keyed answer,
 * this device's identity and counters are left out.
 */
const CANONICAL: { table: string; key: string; ignore?: string[]; packed?: Record<string, (value: Buffer) => string> }[] = [
  { table: 'people', key: 'id' },
  { table: 'locations', key: 'id' },
  { table: 'location_moves', key: 'id' },
  { table: 'terms', key: 'vocabulary, term' },
  { table: 'custom_fields', key: 'id' },
  { table: 'objects', key: 'id' },
  { table: 'batches', key: 'reference' },
  { table: 'movements', key: 'id' },
  { table: 'condition_checks', key: 'id' },
  { table: 'sightings', key: 'id' },
  { table: 'photos', key: 'id' },
  { table: 'photo_links', key: 'target_id, photo_id' },
  { table: 'milestones', key: 'id' },
  { table: 'viewpoints', key: 'id' },
  { table: 'imports', key: 'id' },
  { table: 'import_mappings', key: 'name' },
  { table: 'resolutions', key: 'key' },
  { table: 'field_writes', key: 'tbl, row, col, hlc' },
  { table: 'conflicts', key: 'key' },
  { table: 'evacuations', key: 'id' },
  { table: 'evacuation_boxes', key: 'location_id' },
  { table: 'evacuation_items', key: 'evacuation_id, object_id' },
  // An operation's effects are compared by what they say, not by their compressed bytes (which change with the
  // compressor's version and level, between two releases of the app on two laptops).
  { table: 'ops', key: 'op_id', ignore: ['seq', 'request', 'result'], packed: { effects: canonicalEffectsText } },
  { table: 'catalogue_meta', key: 'key' },
];

/** Keys of catalogue_meta that belong to the catalogue: the rest (device, lock, labels' printer) are one folder's. */
const SHARED_META = ['name', 'created_at', 'catalogue_id'];

export interface Difference {
  table: string;
  key: string;
  column: string | null;
  a: unknown;
  b: unknown;
}

/** Opens a catalogue's database to read it, whatever process holds it, refusing what is not a catalogue this version reads. */
export function openToRead(dir: string): Database.Database {
  const root = resolve(dir);
  if (!existsSync(root)) throw new CatalogueError(`There is no folder ${root}.`);
  if (!statSync(root).isDirectory()) throw new CatalogueError(`${root} is not a folder.`);
  const file = join(root, DATABASE_FILE);
  if (!existsSync(file)) throw new CatalogueError(`${root} is not a Storeroom catalogue: it has no ${DATABASE_FILE}.`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('query_only = ON');
  } catch (error) {
    throw new CatalogueError(`${file} cannot be read: ${(error as Error).message}`);
  }
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
    db.prepare('SELECT 1 FROM catalogue_meta LIMIT 1').get();
  } catch (error) {
    db.close();
    throw new CatalogueError(`${file} is not a Storeroom catalogue: ${(error as Error).message}`);
  }
  if (version > latestSchemaVersion) {
    db.close();
    throw new CatalogueError(
      `${root} was saved by a newer version of Storeroom (schema ${version}; this version reads up to ${latestSchemaVersion}). Update Storeroom to read it.`,
    );
  }
  if (version < latestSchemaVersion) {
    db.close();
    throw new CatalogueError(
      `${root} was saved by an older version of Storeroom (schema ${version}). Open it once with this version, which upgrades it, then try again.`,
    );
  }
  return db;
}

/** A packed value's text, or null when it cannot be unpacked (damaged): then its bytes are what is compared and shown. */
function unpackOrNull(unpack: (value: Buffer) => string, value: Buffer): string | null {
  try {
    return unpack(value);
  } catch {
    return null;
  }
}

/** A packed value as a difference shows it: the start of its text, or that it is damaged. */
const shown = (text: string | null, bytes: Buffer): string =>
  text === null ? `(damaged: ${bytes.length} bytes that cannot be unpacked)` : text.length > 120 ? `${text.slice(0, 120)}…` : text;

/** Two long texts (an import's effects are megabytes) shown where they first differ, with a little before and after. */
function whereTextsDiffer(a: string, b: string): { a: string; b: string } {
  let at = 0;
  while (at < a.length && at < b.length && a[at] === b[at]) at++;
  const excerpt = (text: string) => `${at > 40 ? '…' : ''}${text.slice(Math.max(0, at - 40), at + 80)}${text.length > at + 80 ? '…' : ''}`;
  return { a: excerpt(a), b: excerpt(b) };
}

/** Compares two catalogues' canonical state; returns up to `limit` differences (none: the same catalogue). */
export function compareCatalogues(dirA: string, dirB: string, limit = 20): Difference[] {
  const a = openToRead(dirA);
  let b: Database.Database;
  try {
    b = openToRead(dirB);
  } catch (error) {
    a.close();
    throw error;
  }
  const differences: Difference[] = [];
  try {
    for (const { table, key, ignore = [], packed = {} } of CANONICAL) {
      if (differences.length >= limit) break;
      const columns = (a.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(table) as string[]).filter((c) => !ignore.includes(c));
      const where = table === 'catalogue_meta' ? `WHERE key IN (${SHARED_META.map(() => '?').join(', ')})` : '';
      const params = table === 'catalogue_meta' ? SHARED_META : [];
      const keys = key.split(', ');
      // In the bytes' order on both sides, as compared below.
      const order = keys.map((k) => `CAST(${k} AS BLOB)`).join(', ');
      const sql = `SELECT ${keys.map((k) => `${k} AS "key:${k}"`).join(', ')}, ${columns.map((c) => `"${c}"`).join(', ')} FROM ${table} ${where} ORDER BY ${order}`;
      const rowsA = a.prepare(sql).iterate(...params) as IterableIterator<Record<string, unknown>>;
      const rowsB = b.prepare(sql).iterate(...params) as IterableIterator<Record<string, unknown>>;
      const keyOf = (row: Record<string, unknown>) => keys.map((k) => Buffer.from(String(row[`key:${k}`])));
      const compare = (x: Buffer[], y: Buffer[]) => x.reduce((c, part, i) => c || Buffer.compare(part, y[i]!), 0);
      const named = (k: Buffer[]) => k.map(String).join(' / ');
      let ra = rowsA.next();
      let rb = rowsB.next();
      while ((!ra.done || !rb.done) && differences.length < limit) {
        const ka = ra.done ? null : keyOf(ra.value);
        const kb = rb.done ? null : keyOf(rb.value);
        if (ka !== null && (kb === null || compare(ka, kb) < 0)) {
          differences.push({ table, key: named(ka), column: null, a: 'present', b: 'missing' });
          ra = rowsA.next();
        } else if (kb !== null && (ka === null || compare(kb, ka) < 0)) {
          differences.push({ table, key: named(kb), column: null, a: 'missing', b: 'present' });
          rb = rowsB.next();
        } else {
          for (const column of columns) {
            const va = (ra.value as Record<string, unknown>)[column];
            const vb = (rb.value as Record<string, unknown>)[column];
            if (Object.is(va, vb) || (Buffer.isBuffer(va) && Buffer.isBuffer(vb) && va.equals(vb))) continue;
            const unpack = packed[column];
            if (unpack && Buffer.isBuffer(va) && Buffer.isBuffer(vb)) {
              const [ta, tb] = [unpackOrNull(unpack, va), unpackOrNull(unpack, vb)];
              if (ta !== null && ta === tb) continue;
              differences.push({ table, key: named(ka!), column, ...(ta !== null && tb !== null ? whereTextsDiffer(ta, tb) : { a: shown(ta, va), b: shown(tb, vb) }) });
            } else {
              differences.push({ table, key: named(ka!), column, a: va, b: vb });
            }
            if (differences.length >= limit) break;
          }
          ra = rowsA.next();
          rb = rowsB.next();
        }
      }
      rowsA.return?.();
      rowsB.return?.();
    }
  } finally {
    a.close();
    b.close();
  }
  return differences;
}
