import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';
import sharp from 'sharp';
import { AppError, type Output, type ParsedInput } from '../../contract';
import { catalogueName } from '../catalogue-name';
import type { JobContext } from '../context';
import { derivedPath, exportsDir } from '../media/store';
import { APP_VERSION } from '../version';
import { csvLine, type CellValue } from './cells';
import { languageMeta } from '../i18n/locales';
import { exportSheets, type Column, type Sheet } from './sheets';
import { shareStyles } from './styles';
import { workbookWords, type WorkbookWords } from './words';

/** Excel shows a date as written, with no time zone: write the local wall-clock time of this computer. */
const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000);

const cellValue = (value: CellValue, column: Column | undefined): ExcelJS.CellValue =>
  value instanceof Date && column?.kind === 'date' ? local(value) : (value as ExcelJS.CellValue);

const columnLetter = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : columnLetter(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

const THUMB_PX = 64;
const YIELD_EVERY = 50;
/** Progress is in rows, reported every so many (a multiple of YIELD_EVERY), not every row. */
const PROGRESS_EVERY = 500;

interface Writer {
  addSheet(sheet: Sheet): ExcelJS.Worksheet;
  /** A streamed sheet is written out once ended, so the next one does not wait in memory behind it. */
  endSheet(ws: ExcelJS.Worksheet): void;
  finish(): Promise<void>;
}

export async function createExport(ctx: JobContext, input: ParsedInput<'exports.create'>): Promise<Output<'exports.create'>> {
  if (input.path && ctx.remote) throw AppError.of('VALIDATION', 'exports.pathOverNetwork');
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
      const write = async (text: string) => {
        if (!out.write(text)) await once(out, 'drain');
      };
      if (input.bom) await write('\ufeff');
      await write(csvLine(sheet.columns.map((c) => c.header)));
      let n = 0;
      progress(sheet.name);
      for (const row of sheet.rows()) {
        await write(csvLine(row));
        if (++n % YIELD_EVERY === 0) {
          if (ctx.signal.aborted) break;
          if (n % PROGRESS_EVERY === 0) progress(sheet.name, n);
          await pause();
        }
      }
      out.end();
      await once(out, 'close');
      wrote(sheet, n);
      if (!ctx.signal.aborted) progress(sheet.name);
    } else {
      const writer = input.thumbnails ? memoryWriter(part, w) : streamWriter(part, w);
      for (const sheet of sheets) {
        progress(sheet.name);
        const ws = writer.addSheet(sheet);
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
        finishSheet(ws, sheet, n);
        writer.endSheet(ws);
        if (ctx.signal.aborted) break;
      }
      if (!ctx.signal.aborted) {
        // Every counted row is written: the About sheet and the file's last writing remain.
        progress('About');
        const about = aboutSheet(ctx, w, name, input, counts, sheets);
        const ws = writer.addSheet(about);
        for (const values of about.rows()) ws.addRow(values).commit();
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
    throw error;
  }
  return { exportId, fileName: basename(target), path: input.path ? target : null, sheets: counts, cancelled: false };
}

/** A sheet's name and view in the reader's language: a right-to-left language's sheets read from the right. */
const sheetOptions = (w: WorkbookWords) => ({ views: [{ state: 'frozen' as const, ySplit: 1, rightToLeft: languageMeta(w.language).dir === 'rtl' }] });

/** Large exports stream to disk; memory stays flat. */
function streamWriter(file: string, w: WorkbookWords): Writer {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  wb.creator = 'Storeroom';
  return {
    addSheet: (sheet) => prepareSheet(wb.addWorksheet(w.sheet(sheet.name), sheetOptions(w)), sheet),
    endSheet: (ws) => ws.commit(),
    finish: () => wb.commit(),
  };
}

/** Pictures need exceljs's in-memory workbook; thumbnails are kept small so memory stays bounded. */
function memoryWriter(file: string, w: WorkbookWords): Writer {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Storeroom';
  return {
    addSheet: (sheet) => {
      const ws = prepareSheet(wb.addWorksheet(w.sheet(sheet.name), sheetOptions(w)), sheet);
      if (sheet.name === 'Objects') ws.getColumn(sheet.columns.length + 1).width = 11;
      return ws;
    },
    endSheet: () => {},
    finish: () => wb.xlsx.writeFile(file),
  };
}

function prepareSheet(ws: ExcelJS.Worksheet, sheet: Sheet): ExcelJS.Worksheet {
  sheet.columns.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    column.width = c.width;
    if (c.kind === 'date') column.numFmt = 'yyyy-mm-dd hh:mm';
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

function finishSheet(ws: ExcelJS.Worksheet, sheet: Sheet, rows: number): void {
  if (sheet.columns.length === 0) return;
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  if (rows === 0) return;
  sheet.columns.forEach((c, i) => {
    if (!c.list?.length) return;
    const list = `"${c.list.map((v) => v.replace(/"/g, '""')).join(',')}"`;
    // Excel allows 255 characters in a literal list; a longer one is left without a drop-down.
    if (list.length > 255) return;
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
  if (rowNumber === 2) {
    const cell = ws.getCell(1, sheet.columns.length + 1);
    cell.value = w.header('thumbnail');
    cell.note = w.help('thumbnail');
  }
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
