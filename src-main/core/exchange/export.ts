import type ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';
import sharp from 'sharp';
import { AppError, type Output, type ParsedInput } from '../../contract';
import { catalogueName } from '../catalogue-name';
import type { JobContext } from '../context';
import { derivedPath, exportsDir } from '../media/store';
import { APP_VERSION } from '../version';
import { csvLine, type CellValue } from './cells';
import { loadExcel, streamedWorkbook } from './excel';
import { languageMeta } from '../i18n/locales';
import { isDiskFull, notePart, writePart } from './parts';
import { collectionSpaceFiles, collectiveAccessFiles, type Profile } from './profiles';
import { exportSheets, listsSheet, type Column, type Lists, type Sheet } from './sheets';
import { LISTS_MARKER } from './workbook';
import { shareStyles } from './styles';
import { workbookWords, type WorkbookWords } from './words';

/** Excel shows a date as written, with no time zone: write the local wall-clock time of this computer. */
const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000);

/** A moment is written as this computer's wall-clock time; a day (midnight UTC) as it is, so it never shifts. */
const cellValue = (value: CellValue, column: Column | undefined): ExcelJS.CellValue =>
  value instanceof Date && column?.kind === 'timestamp' ? local(value) : (value as ExcelJS.CellValue);

/** The zone this computer's local times are in (an IANA name), named on the About sheet. */
export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Printed: landscape, as wide as the page, the header row repeated on every page. */
const PAGE_SETUP: Partial<ExcelJS.PageSetup> = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1', horizontalCentered: false };

const columnLetter = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : columnLetter(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

const THUMB_PX = 64;
const YIELD_EVERY = 50;
/** Progress is in rows, reported every so many (a multiple of YIELD_EVERY), not every row. */
const PROGRESS_EVERY = 500;

interface Writer {
  addSheet(sheet: Sheet, options?: { hidden?: boolean }): ExcelJS.Worksheet;
  /** A streamed sheet is written out once ended, so the next one does not wait in memory behind it. */
  endSheet(ws: ExcelJS.Worksheet): void;
  finish(): Promise<void>;
}

export async function createExport(ctx: JobContext, input: ParsedInput<'exports.create'>): Promise<Output<'exports.create'>> {
  if (input.path && ctx.remote) throw AppError.of('VALIDATION', 'exports.pathOverNetwork');
  if (input.profile) return profileExport(ctx, input, input.profile);
  const format = input.format ?? 'xlsx';
  if (format === 'csv' && input.thumbnails) throw AppError.of('VALIDATION', 'exports.thumbnailsNeedExcel');
  if (format === 'xlsx' && (input.sheet || input.bom)) throw AppError.of('VALIDATION', 'exports.csvChoices');
  const w = workbookWords(input.language, input.englishHeaders);
  const sheets = exportSheets(ctx, w, { locationId: input.locationId, filter: input.filter as Record<string, unknown> | undefined }, input.beforeAfter);
  const name = catalogueName(ctx) || 'Storeroom';
  const stamp = ctx.now.slice(0, 16).replace('T', ' ').replace(':', '-');
  const csvSheet = input.sheet ?? 'Objects';
  const fileName = `${name.replace(/[\\/:*?"<>|]+/g, '-')} ${format === 'csv' ? w.sheet(csvSheet) + ' ' : ''}${stamp}.${format}`;
  const exportId = ctx.jobId;
  const target = input.path ?? join(exportsDir(ctx.catalogue.dir), exportId, fileName);
  const part = `${target}.part`;
  await mkdir(dirname(target), { recursive: true });
  // Recorded while it is written, so that a killed process's half-written file is swept at the next open.
  const forget = await notePart(ctx.catalogue.dir, exportId, part);

  const counts: Record<string, number> = {};
  const csv = format === 'csv' ? sheets.find((s) => s.name === csvSheet) : undefined;
  if (format === 'csv' && !csv) throw AppError.of('NOT_FOUND', 'exports.noSuchSheet', { sheet: csvSheet });
  // Progress in rows across the sheets written (not About): counted before writing, then each sheet's count
  // corrected to the rows it actually wrote, should the catalogue change meanwhile.
  const expected = new Map((csv ? [csv] : sheets).map((s) => [s, s.count()]));
  let total = [...expected.values()].reduce((sum, n) => sum + n, 0);
  let written = 0;
  const progress = (current: string, n = 0) => {
    const done = written + n;
    ctx.progress({ done, total: Math.max(total, done), current, errors: 0 });
  };
  const wrote = (sheet: Sheet, n: number) => {
    counts[sheet.name] = n;
    written += n;
    total += n - expected.get(sheet)!;
  };
  const pause = () => new Promise((r) => setImmediate(r));
  try {
    if (csv) {
      const sheet = csv;
      const out = createWriteStream(part);
      let failure: Error | null = null;
      out.on('error', (error) => (failure ??= error));
      const write = async (text: string) => {
        if (failure) throw failure;
        if (!out.write(text)) await Promise.race([once(out, 'drain'), once(out, 'error')]);
        if (failure) throw failure;
      };
      const kinds = sheet.columns.map((c) => c.kind);
      if (input.bom) await write('\ufeff');
      await write(csvLine(sheet.columns.map((c) => c.header)));
      let n = 0;
      progress(sheet.name);
      for (const row of sheet.rows()) {
        await write(csvLine(row, kinds));
        if (++n % YIELD_EVERY === 0) {
          if (ctx.signal.aborted) break;
          if (n % PROGRESS_EVERY === 0) progress(sheet.name, n);
          await pause();
        }
      }
      out.end();
      await once(out, 'close');
      if (failure) throw failure;
      wrote(sheet, n);
      if (!ctx.signal.aborted) progress(sheet.name);
    } else {
      const excel = await loadExcel();
      const writer = input.thumbnails ? memoryWriter(excel, part, w) : streamWriter(excel, part, w);
      const lists = listsSheet(ctx, w, LISTS_MARKER);
      for (const sheet of sheets) {
        progress(sheet.name);
        const ws = writer.addSheet(sheet);
        if (input.thumbnails && sheet.name === 'Objects') {
          // The thumbnail column is named whether or not the first object has a photo.
          const cell = ws.getCell(1, sheet.columns.length + 1);
          cell.value = w.header('thumbnail');
          cell.note = w.help('thumbnail');
          cell.font = { bold: true };
        }
        const styles = sheet.columns.map((_, i) => ws.getColumn(i + 1).style);
        let n = 0;
        for (const values of sheet.rows()) {
          const row = ws.addRow(values.map((v, i) => cellValue(v, sheet.columns[i])));
          shareStyles(row, styles);
          if (input.thumbnails && sheet.name === 'Objects') await addThumbnail(ctx, w, ws, sheet, n, row.number);
          row.commit();
          if (++n % YIELD_EVERY === 0) {
            if (ctx.signal.aborted) break;
            if (n % PROGRESS_EVERY === 0) progress(sheet.name, n);
            await pause();
          }
        }
        wrote(sheet, n);
        finishSheet(ws, sheet, n, lists, w);
        writer.endSheet(ws);
        if (ctx.signal.aborted) break;
      }
      if (!ctx.signal.aborted) {
        // Every counted row is written: the About sheet and the file's last writing remain.
        progress('About');
        const about = aboutSheet(ctx, w, name, input, counts, sheets);
        const ws = writer.addSheet(about);
        for (const values of about.rows()) ws.addRow(values).commit();
        writer.endSheet(ws);
        const hidden = writer.addSheet(lists.sheet, { hidden: true });
        for (const values of lists.sheet.rows()) hidden.addRow(values).commit();
        writer.endSheet(hidden);
        await writer.finish();
      }
    }
    if (ctx.signal.aborted) {
      await rm(part, { force: true });
      return { exportId, fileName, path: null, sheets: counts, cancelled: true };
    }
    await rename(part, target);
  } catch (error) {
    await rm(part, { force: true });
    if (isDiskFull(error)) throw AppError.of('DISK_FULL', 'exports.diskFull', { file: basename(target) }, { path: input.path ? target : null });
    throw error;
  } finally {
    await forget();
  }
  return { exportId, fileName: basename(target), path: input.path ? target : null, sheets: counts, cancelled: false };
}

/** An export for a collections system (profiles.ts): one zip, written whole then renamed into place. */
async function profileExport(ctx: JobContext, input: ParsedInput<'exports.create'>, profile: Profile): Promise<Output<'exports.create'>> {
  if (input.format || input.thumbnails || input.sheet || input.bom || input.locationId || input.filter) throw AppError.of('VALIDATION', 'exports.profileChoices');
  const name = catalogueName(ctx) || 'Storeroom';
  const stamp = ctx.now.slice(0, 16).replace('T', ' ').replace(':', '-');
  const fileName = `${name.replace(/[\\/:*?"<>|]+/g, '-')} ${profile === 'collectionspace' ? 'CollectionSpace' : 'CollectiveAccess'} ${stamp}.zip`;
  const exportId = ctx.jobId;
  const target = input.path ?? join(exportsDir(ctx.catalogue.dir), exportId, fileName);
  ctx.progress({ done: 0, total: 1, current: profile, errors: 0 });
  await writePart(
    ctx.catalogue.dir,
    exportId,
    target,
    async (part) => writeFile(part, profile === 'collectionspace' ? collectionSpaceFiles(ctx) : await collectiveAccessFiles(ctx)),
    input.path ? target : null,
  );
  const objects = ctx.db.prepare('SELECT count(*) FROM objects WHERE removed = 0').pluck().get() as number;
  return { exportId, fileName: basename(target), path: input.path ? target : null, sheets: { Objects: objects }, cancelled: false };
}

/** A sheet's name and view in the reader's language: a right-to-left language's sheets read from the right. */
const sheetOptions = (w: WorkbookWords, hidden = false): Partial<ExcelJS.AddWorksheetOptions> => ({
  views: [{ state: 'frozen' as const, ySplit: 1, rightToLeft: languageMeta(w.language).dir === 'rtl' }],
  ...(hidden ? { state: 'hidden' as const } : { pageSetup: PAGE_SETUP }),
});

/** Large exports stream to disk; memory stays flat, and a write that fails (a full disk) fails the export at once. */
function streamWriter(excel: typeof ExcelJS, file: string, w: WorkbookWords): Writer {
  const { wb, check, finish } = streamedWorkbook(excel, file);
  return {
    addSheet: (sheet, options) => {
      check();
      return prepareSheet(wb.addWorksheet(w.sheet(sheet.name), { ...sheetOptions(w, options?.hidden) }), sheet);
    },
    endSheet: (ws) => {
      check();
      ws.commit();
    },
    finish,
  };
}

/** Pictures need exceljs's in-memory workbook; thumbnails are kept small so memory stays bounded. */
function memoryWriter(excel: typeof ExcelJS, file: string, w: WorkbookWords): Writer {
  const wb = new excel.Workbook();
  wb.creator = 'Storeroom';
  return {
    addSheet: (sheet, options) => {
      const ws = prepareSheet(wb.addWorksheet(w.sheet(sheet.name), sheetOptions(w, options?.hidden)), sheet);
      if (sheet.name === 'Objects') ws.getColumn(sheet.columns.length + 1).width = 11;
      return ws;
    },
    endSheet: () => {},
    finish: () => wb.xlsx.writeFile(file),
  };
}

function prepareSheet(ws: ExcelJS.Worksheet, sheet: Sheet): ExcelJS.Worksheet {
  if (sheet.columns.length === 0) return ws;
  sheet.columns.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    column.width = c.width;
    if (c.kind === 'timestamp') column.numFmt = 'yyyy-mm-dd hh:mm';
    if (c.kind === 'date') column.numFmt = 'yyyy-mm-dd';
  });
  const header = ws.addRow(sheet.columns.map((c) => c.header));
  header.font = { bold: true };
  // What each column holds, on its header: Excel and LibreOffice show it when the header is pointed at.
  sheet.columns.forEach((c, i) => {
    if (c.help) header.getCell(i + 1).note = c.help;
  });
  header.commit();
  return ws;
}

function finishSheet(ws: ExcelJS.Worksheet, sheet: Sheet, rows: number, lists: Lists, w: WorkbookWords): void {
  if (sheet.columns.length === 0) return;
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  if (rows === 0) return;
  const listSheet = `'${w.sheet('Lists' as Sheet['name']).replace(/'/g, "''")}'`;
  sheet.columns.forEach((c, i) => {
    const range = c.list ? lists.ranges.get(c.list) : undefined;
    if (!range || range.to < range.from) return;
    // From the hidden lists sheet: any term, commas and quotes included, and lists of any length.
    const from = columnLetter(range.column);
    const list = `${listSheet}!$${from}$${range.from}:$${from}$${range.to}`;
    const letter = columnLetter(i + 1);
    // exceljs has this at run time on both kinds of worksheet, but not in its types.
    (ws as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations.add(
      `${letter}2:${letter}${rows + 1}`,
      { type: 'list', allowBlank: true, formulae: [list] },
    );
  });
}

async function addThumbnail(ctx: JobContext, w: WorkbookWords, ws: ExcelJS.Worksheet, sheet: Sheet, index: number, rowNumber: number): Promise<void> {
  const photoId = sheet.photoIds?.[index];
  if (!photoId) return;
  const photo = ctx.db.prepare('SELECT sha256 FROM photos WHERE id = ?').get(photoId) as { sha256: string } | undefined;
  if (!photo) return;
  const thumb = await readFile(derivedPath(ctx.catalogue.mediaDir, photo.sha256, 'thumb')).catch(() => null);
  if (!thumb) return;
  const small = await sharp(thumb).resize(THUMB_PX, THUMB_PX, { fit: 'inside' }).jpeg({ quality: 70 }).toBuffer();
  const { width = THUMB_PX, height = THUMB_PX } = await sharp(small).metadata();
  const image = ws.workbook.addImage({ buffer: small as unknown as ExcelJS.Buffer, extension: 'jpeg' });
  ws.getRow(rowNumber).height = 52;
  ws.addImage(image, { tl: { col: sheet.columns.length, row: rowNumber - 1 }, ext: { width: (width * 48) / THUMB_PX, height: (height * 48) / THUMB_PX } });
}

function aboutSheet(ctx: JobContext, w: WorkbookWords, name: string, input: ParsedInput<'exports.create'>, counts: Record<string, number>, sheets: Sheet[]): Sheet {
  const say = (key: string, params?: Record<string, string>) => w.say(`about.${key}`, params);
  const scope = input.locationId ? say('scopeLocation') : input.filter ? say('scopeFiltered') : say('scopeAll');
  const written = sheets.filter((s) => s.name in counts);
  const rows: CellValue[][] = [
    [say('catalogue'), name],
    [say('exported'), local(new Date(ctx.now))],
    [say('exportedWith'), `Storeroom ${APP_VERSION}`],
    [say('what'), scope],
    [say('times'), say('timesValue')],
    [say('timeZone'), localTimeZone()],
    [say('language'), languageMeta(w.language).name],
    [say('columnNames'), w.ownHeaders ? say('columnNamesOwn') : say('columnNamesEnglish')],
    ...Object.entries(counts).map(([sheet, n]): CellValue[] => [say('rows', { sheet: w.sheet(sheet as Sheet['name']) }), n]),
    // Then what every column holds, sheet by sheet: the same help as the notes on the headers.
    [],
    [say('columns')],
    [say('sheet'), say('column'), say('meaning')],
    ...written.flatMap((sheet) => sheet.columns.map((c): CellValue[] => [w.sheet(sheet.name), c.header, c.help])),
  ];
  return {
    name: 'About',
    columns: [
      { header: say('title'), help: '', width: 30 },
      { header: '', help: '', width: 40 },
      { header: '', help: '', width: 80 },
    ],
    count: () => rows.length,
    rows: () => rows,
  };
}
