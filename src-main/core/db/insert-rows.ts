import type { Database } from 'better-sqlite3';

/** SQLite's limit on the parameters of one statement. */
const MAX_PARAMETERS = 32_766;
const MAX_ROWS = 500;

/**
 * Inserts rows hundreds to a statement. Every statement has a fixed cost that can outweigh its row: its savepoint,
 * at which the full-text index also writes out the terms it holds, and its triggers' setup. A column that holds the
 * same value in every row (an import's empty fields, its time) is bound once, not once a row: binding is most of the
 * cost of a wide row.
 */
export function insertRows(db: Database, table: string, columns: readonly string[], rows: readonly unknown[][]): void {
  if (rows.length === 0) return;
  const first = rows[0]!;
  const same = columns.map((_, i) => rows.length > 1 && rows.every((row) => row[i] === first[i]));
  const shared = Object.fromEntries(columns.flatMap((_, i) => (same[i] ? [[`same${i}`, first[i]]] : [])));
  const varying = columns.flatMap((_, i) => (same[i] ? [] : [i]));
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor((MAX_PARAMETERS - Object.keys(shared).length) / Math.max(1, varying.length))));
  const row = `(${columns.map((_, i) => (same[i] ? `@same${i}` : '?')).join(', ')})`;
  const statement = (n: number) => db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n).fill(row).join(', ')}`);
  const run = (insert: ReturnType<typeof statement>, from: number, to: number) => {
    const values: unknown[] = [];
    for (let r = from; r < to; r++) for (const i of varying) values.push(rows[r]![i]);
    if (varying.length === columns.length) insert.run(values);
    else insert.run(values, shared);
  };
  const full = rows.length >= perStatement ? statement(perStatement) : null;
  let start = 0;
  for (; start + perStatement <= rows.length; start += perStatement) run(full!, start, start + perStatement);
  if (start < rows.length) run(statement(rows.length - start), start, rows.length);
}
