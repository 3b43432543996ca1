/** Values as they go into a spreadsheet cell, and the rule that keeps a text cell from ever becoming a formula. */

export type CellValue = string | number | boolean | Date | null;

/** Text that a spreadsheet program would read as a formula if it came from a CSV file. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * For CSV: text that starts like a formula is written behind an apostrophe, which spreadsheet programs show
 * as text (OWASP's advice for CSV injection). The importer removes it again, so the round trip is exact.
 */
export const csvSafe = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);
export const csvUnsafe = (text: string): string => (text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text);

function csvField(value: CellValue): string {
  if (value === null) return '';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? csvSafe(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: CellValue[]): string => values.map(csvField).join(',') + '\r\n';
