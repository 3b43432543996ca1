import ExcelJS from 'exceljs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Output } from '../../contract';
import type { JobContext } from '../context';
import { exportsDir } from '../media/store';
import { shareStyles } from './styles';

type Summary = Omit<Output<'imports.preview'>, 'committed' | 'importId' | 'reportExportId'>;

const describe = (changes: Record<string, { from: unknown; to: unknown }>) =>
  Object.entries(changes)
    .map(([field, c]) => `${field}: ${JSON.stringify(c.from ?? '')} → ${JSON.stringify(c.to ?? '')}`)
    .join('; ');

/** The import report: every row's outcome, changes and errors, as a workbook to download (GET /exports/{id}). */
export async function writeImportReport(ctx: JobContext, fileName: string, summary: Summary): Promise<string> {
  const exportId = ctx.jobId;
  const dir = join(exportsDir(ctx.catalogue.dir), exportId);
  await mkdir(dir, { recursive: true });
  const name = `Import report - ${fileName.replace(/[\\/:*?"<>|]+/g, '-').replace(/\.[^.]+$/, '')}.xlsx`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: join(dir, `${name}.part`), useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('Rows', { views: [{ state: 'frozen', ySplit: 1 }] });
  [8, 11, 18, 70, 60].forEach((width, i) => (ws.getColumn(i + 1).width = width));
  const header = ws.addRow(['Row', 'Outcome', 'Object number', 'Changes', 'Errors']);
  header.font = { bold: true };
  header.commit();
  for (const o of summary.outcomes) {
    const row = ws.addRow([o.row, o.status, o.number, describe(o.changes) || null, o.errors.map((e) => e.message).join(' ') || null]);
    shareStyles(row, []);
    row.commit();
  }
  ws.autoFilter = 'A1:E1';
  await ws.commit();
  const totals = wb.addWorksheet('Summary');
  totals.getColumn(1).width = 30;
  totals.getColumn(2).width = 60;
  for (const row of [
    ['File', fileName],
    ['Rows', summary.rows],
    ['New', summary.new],
    ['Updated', summary.updated],
    ['Unchanged', summary.unchanged],
    ['Rows with errors', new Set(summary.errors.map((e) => e.row)).size],
    ['New locations', summary.newLocations.join('; ')],
    ['New categories', summary.newTerms.category.join('; ')],
    ['New condition terms', summary.newTerms.condition.join('; ')],
    ['New custom fields', summary.newCustomFields.join('; ')],
  ]) totals.addRow(row).commit();
  await totals.commit();
  await wb.commit();
  await rename(join(dir, `${name}.part`), join(dir, name));
  return exportId;
}
