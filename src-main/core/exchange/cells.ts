/** Values as they go into a spreadsheet cell, and the rule that keeps a text cell from ever becoming a formula. */

export type CellValue = string | number | boolean | Date | null;

/** Text that a spreadsheet program would read as a formula if it came from a CSV file. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * For CSV: text that starts like a formula is written behind an apostrophe, which spreadsheet programs show
 * as text (OWASP's advice for CSV injection). The importer removes it again, so the round trip is exact.
 */
export const csvSafe = (text: string): string => (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text);

/** A plain number ("-12", "+3.5", "-0,25"), which a spreadsheet reads as that number, never as a formula: left as it is. */
const PLAIN_NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/;
export const csvUnsafe = (text: string): string => (text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text);

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date as CSV text, by what the column holds: a day as 2026-04-17 (no time, no shift), a moment in this computer's
 * local time as 2026-04-17 14:03 (the zone is named on the About sheet), the same rule as the workbook.
 */
export function csvDate(value: Date, kind: string | undefined): string {
  if (kind === 'date') return value.toISOString().slice(0, 10);
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())} ${pad(value.getHours())}:${pad(value.getMinutes())}`;
}

function csvField(value: CellValue, kind: string | undefined): string {
  if (value === null) return '';
  const text = value instanceof Date ? csvDate(value, kind) : typeof value === 'string' ? csvSafe(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: CellValue[], kinds: (string | undefined)[] = []): string => values.map((v, i) => csvField(v, kinds[i])).join(',') + '\r\n';
