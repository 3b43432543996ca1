import { join } from 'node:path';
import type { Output } from '../../contract';
import type { JobContext } from '../context';
import { languageMeta, sayIn, supportedLanguage, text } from '../i18n/locales';
import { exportsDir } from '../media/store';
import { loadExcel, streamedWorkbook } from './excel';
import { writePart } from './parts';
import { shareStyles } from './styles';
import { once } from './words';

type Summary = Omit<Output<'imports.preview'>, 'committed' | 'importId' | 'reportExportId'>;

const describe = (changes: Record<string, { from: unknown; to: unknown }>) =>
  Object.entries(changes)
    .map(([field, c]) => `${field}: ${JSON.stringify(c.from ?? '')} → ${JSON.stringify(c.to ?? '')}`)
    .join('; ');

/** Reports not yet asked for that are kept: the latest three, for an hour; an older one's download says it has expired. */
const REPORTS_KEPT = 3;
const REPORT_KEPT_MS = 60 * 60_000;
/** Rows written between two turns of the event loop, so that other calls are answered while a large report is written. */
const ROWS_BETWEEN_TURNS = 2000;

/**
 * The import report: every row's outcome, changes and errors, as a workbook to download (GET /exports/{id}), in the
 * reader's language. It is written when it is first downloaded, so that a preview or an import that nobody asks the
 * report of (most of them) does not wait for a workbook of every row.
 */
export function importReport(ctx: JobContext, fileName: string, summary: Summary, requested?: string): string {
  const exportId = ctx.jobId;
  const { dir, exportsOnDemand: onDemand } = ctx.catalogue;
  const forget = () => {
    if (onDemand.get(exportId) === write) onDemand.delete(exportId);
  };
  let written: Promise<void> | null = null;
  const write = () =>
    (written ??= writeImportReport(dir, exportId, fileName, summary, requested).then(forget, (error: unknown) => {
      written = null;
      throw error;
    }));
  onDemand.set(exportId, write);
  // The hour's timer does not keep the report's rows alive once a newer one has replaced it.
  const kept = new WeakRef(write);
  setTimeout(() => {
    if (onDemand.get(exportId) === kept.deref()) onDemand.delete(exportId);
  }, REPORT_KEPT_MS).unref();
  for (const id of [...onDemand.keys()].slice(0, -REPORTS_KEPT)) onDemand.delete(id);
  return exportId;
}

const sayer = (language: string) => (key: string, params?: Record<string, string>) => text(language, `importReport.${key}`, params);

function writeImportReport(catalogueDir: string, exportId: string, fileName: string, summary: Summary, requested?: string): Promise<void> {
  const language = supportedLanguage(requested);
  const name = `${sayer(language)('fileName', { file: fileName.replace(/[\\/:*?"<>|]+/g, '-').replace(/\.[^.]+$/, '') })}.xlsx`;
  return writePart(catalogueDir, exportId, join(exportsDir(catalogueDir), exportId, name), (part) => writeReport(part, language, fileName, summary));
}

async function writeReport(part: string, language: string, fileName: string, summary: Summary): Promise<void> {
  const say = sayer(language);
  const views = [{ state: 'frozen' as const, ySplit: 1, rightToLeft: languageMeta(language).dir === 'rtl' }];
  const ExcelJS = await loadExcel();
  const { wb, check, finish } = streamedWorkbook(ExcelJS, part);
  const ws = wb.addWorksheet(say('sheetRows'), { views });
  [8, 11, 18, 70, 60].forEach((width, i) => (ws.getColumn(i + 1).width = width));
  const header = ws.addRow([say('row'), say('outcome'), say('number'), say('changes'), say('errors')]);
  header.font = { bold: true };
  header.commit();
  const outcome = once((status: string) => say(`outcomes.${status}`));
  for (const [i, o] of summary.outcomes.entries()) {
    if (i % ROWS_BETWEEN_TURNS === 0) {
      await new Promise((turn) => setImmediate(turn));
      check();
    }
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
  await finish();
}
