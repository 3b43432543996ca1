import type { Database } from 'better-sqlite3';

/** SQLite's limit on the parameters of one statement. */
const MAX_PARAMETERS = 32_766;
const MAX_ROWS = 500;

/**
 * Inserts rows hundreds to a statement. Every statement has a fixed cost that can outweigh its row: its savepoint,
 * at which the full-text index also writes out the terms it holds, and its triggers' setup.
 */
export function insertRows(db: Database, table: string, columns: readonly string[], rows: readonly unknown[][]): void {
  const perStatement = Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns.length));
  const row = `(${columns.map(() => '?').join(', ')})`;
  const statement = (n: number) => db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n).fill(row).join(', ')}`);
  const full = rows.length >= perStatement ? statement(perStatement) : null;
  let start = 0;
  for (; start + perStatement <= rows.length; start += perStatement) full!.run(rows.slice(start, start + perStatement).flat());
  if (start < rows.length) statement(rows.length - start).run(rows.slice(start).flat());
}
