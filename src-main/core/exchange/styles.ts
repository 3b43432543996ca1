import type ExcelJS from 'exceljs';

const NO_STYLE: Partial<ExcelJS.Style> = Object.freeze({});

/**
 * exceljs serializes a style to find its id unless it has seen that very style object before; each new row has a
 * fresh empty style and each new cell a fresh copy of its column's, so point them back at shared ones.
 */
export function shareStyles(row: ExcelJS.Row, styles: Partial<ExcelJS.Style>[]): void {
  // exceljs has a row's style at run time, but not in its types.
  (row as ExcelJS.Row & { style: Partial<ExcelJS.Style> }).style = NO_STYLE;
  row.eachCell({ includeEmpty: true }, (cell, col) => {
    // An empty cell with no style is not written at all.
    const style = cell.value === null || cell.value === undefined ? NO_STYLE : (styles[col - 1] ?? NO_STYLE);
    // A date outside a date column takes exceljs's default date format, which depends on the cell's type.
    if (!(cell.value instanceof Date) || style.numFmt) cell.style = style;
  });
}
