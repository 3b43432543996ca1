import type ExcelJS from 'exceljs';

/**
 * exceljs, loaded when a workbook is first written: it takes a third of a second to load, and most of what the CLI and
 * the app do (a search, a move, a label) never writes one.
 */
export async function loadExcel(): Promise<typeof ExcelJS> {
  const loaded = (await import('exceljs')) as typeof ExcelJS & { default?: typeof ExcelJS };
  return loaded.default ?? loaded;
}
