import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Output } from '../../contract';
import type { JobContext } from '../context';
import { languageMeta, sayIn, supportedLanguage, text } from '../i18n/locales';
import { exportsDir } from '../media/store';
import { loadExcel } from './excel';
import { shareStyles } from './styles';
import { once } from './words';

type Summary = Omit<Output<'imports.preview'>, 'committed' | 'importId' | 'reportExportId'>;

const describe = (changes: Record<string, { from: unknown; to: unknown }>) =>
  Object.entries(changes)
    .map(([field, c]) => `${field}: ${JSON.stringify(c.from ?? '')} → ${JSON.stringify(c.to ?? '')}`)
    .join('; ');

/** The import report: every row's outcome, changes and errors, as a workbook to download (GET /exports/{id}), in the reader's language. */
export async function writeImportReport(ctx: JobContext, fileName: string, summary: Summary, requested?: string): Promise<string> {
  const language = supportedLanguage(requested);
  const say = (key: string, params?: Record<string, string>) => text(language, `importReport.${key}`, params);
  const views = [{ state: 'frozen' as const, ySplit: 1, rightToLeft: languageMeta(language).dir === 'rtl' }];
  const exportId = ctx.jobId;
  const dir = join(exportsDir(ctx.catalogue.dir), exportId);
  await mkdir(dir, { recursive: true });
  const name = `${say('fileName', { file: fileName.replace(/[\\/:*?"<>|]+/g, '-').replace(/\.[^.]+$/, '') })}.xlsx`;
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: join(dir, `${name}.part`), useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(say('sheetRows'), { views });
  [8, 11, 18, 70, 60].forEach((width, i) => (ws.getColumn(i + 1).width = width));
  const header = ws.addRow([say('row'), say('outcome'), say('number'), say('changes'), say('errors')]);
  header.font = { bold: true };
  header.commit();
  const outcome = once((status: string) => say(`outcomes.${status}`));
  for (const o of summary.outcomes) {
    const errors = o.errors.map((e) => sayIn(language, e)).join(' ');
    const row = ws.addRow([o.row, outcome(o.status), o.number, describe(o.changes) || null, errors || null]);
    shareStyles(row, []);
    row.commit();
  }
  ws.autoFilter = 'A1:E1';
  await ws.commit();
  const totals = wb.addWorksheet(say('sheetSummary'), { views: [{ rightToLeft: views[0]!.rightToLeft }] });
  totals.getColumn(1).width = 30;
  totals.getColumn(2).width = 60;
  for (const row of [
    [say('file'), fileName],
    [say('rows'), summary.rows],
    [say('new'), summary.new],
    [say('updated'), summary.updated],
    [say('unchanged'), summary.unchanged],
    [say('rowsWithErrors'), new Set(summary.errors.map((e) => e.row)).size],
    [say('newLocations'), summary.newLocations.join('; ')],
    [say('newCategories'), summary.newTerms.category.join('; ')],
    [say('newConditionTerms'), summary.newTerms.condition.join('; ')],
    [say('newCustomFields'), summary.newCustomFields.join('; ')],
  ]) totals.addRow(row).commit();
  await totals.commit();
  await wb.commit();
  await rename(join(dir, `${name}.part`), join(dir, name));
  return exportId;
}
