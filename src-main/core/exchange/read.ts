import { parse } from 'csv-parse';
import { createRequire } from 'node:module';
import { open, readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../contract';
import { csvUnsafe } from './cells';

export type Cell = string | number | boolean | Date | null;

export interface Table {
  format: 'xlsx' | 'csv';
  sheets: string[];
  sheet: string | null;
  /** Every row up to the last one with a value; blank rows at the end are dropped. */
  rows: Cell[][];
  encoding: string | null;
  delimiter: string | null;
}

export const MAX_SPREADSHEET_BYTES = 200 * 1024 * 1024;
/** How long a workbook may take to read before it is given up on. */
export const XLSX_TIME_LIMIT_MS = 90_000;

/** Says what a file really is from its first bytes, refusing what cannot be read with a reason. */
async function sniff(path: string, name: string): Promise<'xlsx' | 'csv'> {
  const info = await stat(path).catch(() => null);
  if (!info) throw AppError.of('NOT_FOUND', 'imports.fileGone', { file: name });
  if (info.size === 0) throw AppError.of('VALIDATION', 'imports.fileEmpty', { file: name });
  if (info.size > MAX_SPREADSHEET_BYTES) throw AppError.of('TOO_LARGE', 'imports.fileTooLarge', { file: name, megabytes: MAX_SPREADSHEET_BYTES / 1024 / 1024 });
  const handle = await open(path, 'r');
  const head = Buffer.alloc(Math.min(info.size, 64 * 1024));
  await handle.read(head, 0, head.length, 0);
  await handle.close();
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw AppError.of('UNSUPPORTED_MEDIA', 'imports.oldExcel', { file: name });
  }
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const text = head.toString('latin1');
    if (text.includes('mimetypeapplication/vnd.oasis.opendocument')) throw AppError.of('UNSUPPORTED_MEDIA', 'imports.openDocument', { file: name });
    if (text.includes('xl/workbook.bin')) throw AppError.of('UNSUPPORTED_MEDIA', 'imports.excelBinary', { file: name });
    return 'xlsx';
  }
  const start = head.toString('utf8', 0, 512).replace(/^\ufeff/, '').trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<table') || start.startsWith('<?xml')) {
    throw AppError.of('UNSUPPORTED_MEDIA', 'imports.webPage', { file: name });
  }
  if (/\.(xlsx|xlsm)$/i.test(name)) throw AppError.of('UNSUPPORTED_MEDIA', 'imports.workbookDamaged', { file: name });
  if (/\.(xls|xlsb|ods|numbers)$/i.test(name)) throw AppError.of('UNSUPPORTED_MEDIA', 'imports.formatNotRead', { file: name });
  if (head.includes(0)) throw AppError.of('UNSUPPORTED_MEDIA', 'imports.notASpreadsheet', { file: name });
  return 'csv';
}

/** UTF-8 (with or without a byte-order mark), UTF-16 with its mark, or else Windows-1252. */
export function decodeText(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.toString('utf8', 3), encoding: 'utf-8 (with BOM)' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** The delimiter that splits the first lines most consistently: comma, semicolon, tab or bar. */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim()).slice(0, 30);
  let best = ',';
  let bestScore = -1;
  for (const d of [',', ';', '\t', '|']) {
    const counts = lines.map((line) => line.replace(/"[^"]*"/g, '').split(d).length - 1);
    const typical = counts.sort((a, b) => a - b)[Math.floor(counts.length / 2)] ?? 0;
    const consistent = counts.filter((c) => c === typical).length;
    const score = typical === 0 ? 0 : consistent * 100 + typical;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

async function readCsv(path: string, signal: AbortSignal): Promise<Table> {
  const { text, encoding } = decodeText(await readFile(path));
  const delimiter = detectDelimiter(text);
  const parser = Readable.from([text]).pipe(
    parse({ delimiter, record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true }),
  );
  const rows: Cell[][] = [];
  let blanks = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    if (signal.aborted) throw AppError.of('CONFLICT', 'imports.cancelled');
    const row = record.map((v) => (v.trim() === '' ? null : csvUnsafe(v)));
    if (row.every((v) => v === null)) {
      blanks++;
      continue;
    }
    for (; blanks > 0; blanks--) rows.push([]);
    rows.push(row);
  }
  return { format: 'csv', sheets: [], sheet: null, rows, encoding, delimiter };
}

// Workbooks are read in a worker thread with a time limit: a crafted or bloated file cannot hold the app.
const XLSX_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const ExcelJS = require(workerData.exceljs);
const cell = (v) => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v !== 'object') return typeof v === 'string' && v.trim() === '' ? null : v;
  if ('result' in v) return cell(v.result);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('text' in v) return cell(v.text);
  if ('error' in v) return null;
  return String(v);
};
const addRow = (out, row) => {
  const values = [];
  const raw = Array.isArray(row.values) ? row.values : [];
  for (let i = 1; i < raw.length; i++) values.push(cell(raw[i]));
  // Blank rows are kept only between rows with values, so rows keep their numbers in the file.
  if (values.every((v) => v === null)) return;
  while (out.length < row.number - 1) out.push([]);
  out.push(values);
};
// The whole workbook in memory: for files whose parts come in an order the streaming reader cannot follow.
const readWhole = async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(workerData.path);
  const sheets = wb.worksheets.map((ws) => ws.name);
  const ws = workerData.sheet === null ? wb.worksheets[0] : wb.getWorksheet(workerData.sheet);
  const rows = [];
  if (ws) ws.eachRow({ includeEmpty: false }, (row) => addRow(rows, row));
  return { sheets, sheet: ws ? ws.name : null, rows: ws ? rows : null };
};
const readStreaming = async () => {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(workerData.path, { sharedStrings: 'cache', hyperlinks: 'cache', styles: 'cache', worksheets: 'emit' });
  const sheets = [];
  let rows = null;
  let chosen = null;
  for await (const ws of reader) {
    const name = ws.name || (reader.model && reader.model.sheets && reader.model.sheets[sheets.length] && reader.model.sheets[sheets.length].name) || 'Sheet' + (sheets.length + 1);
    sheets.push(name);
    const wanted = rows === null && (workerData.sheet === null || workerData.sheet === name);
    const out = [];
    for await (const row of ws) if (wanted) addRow(out, row);
    if (wanted) { rows = out; chosen = name; }
  }
  return { sheets, sheet: chosen, rows };
};
readStreaming()
  .catch(() => readWhole())
  .then((result) => parentPort.postMessage(result))
  .catch((error) => parentPort.postMessage({ error: String((error && error.message) || error) }));`;

function readXlsx(path: string, sheet: string | null, signal: AbortSignal, timeLimitMs: number): Promise<Table> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(AppError.of('CONFLICT', 'imports.cancelled'));
    const worker = new Worker(XLSX_WORKER, {
      eval: true,
      workerData: { path, sheet, exceljs: createRequire(import.meta.url).resolve('exceljs') },
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    const finish = (action: () => void) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      void worker.terminate();
      action();
    };
    const timer = setTimeout(
      () => finish(() => reject(AppError.of('UNSUPPORTED_MEDIA', 'imports.workbookTooSlow', { seconds: Math.max(1, Math.round(timeLimitMs / 1000)) }))),
      timeLimitMs,
    );
    const onAbort = () => finish(() => reject(AppError.of('CONFLICT', 'imports.cancelled')));
    signal.addEventListener('abort', onAbort);
    worker.on('message', (m: { error?: string; sheets: string[]; sheet: string | null; rows: Cell[][] | null }) =>
      finish(() => {
        if (m.error) return reject(AppError.of('UNSUPPORTED_MEDIA', 'imports.workbookUnreadable', { reason: m.error }));
        if (m.sheets.length === 0) return reject(AppError.of('UNSUPPORTED_MEDIA', 'imports.noSheets'));
        if (m.rows === null) return reject(AppError.of('NOT_FOUND', 'imports.noSuchSheet', { sheet: sheet!, sheets: m.sheets.join(', ') }));
        resolve({ format: 'xlsx', sheets: m.sheets, sheet: m.sheet, rows: m.rows, encoding: null, delimiter: null });
      }),
    );
    worker.on('error', (error) => finish(() => reject(AppError.of('UNSUPPORTED_MEDIA', 'imports.workbookUnreadable', { reason: error.message }))));
  });
}

/** Reads a spreadsheet file into rows of cells: .xlsx with exceljs (in a worker), .csv with csv-parse. */
export async function readTable(path: string, name: string, options: { sheet?: string | undefined; signal: AbortSignal; timeLimitMs?: number }): Promise<Table> {
  const format = await sniff(path, name);
  return format === 'csv' ? readCsv(path, options.signal) : readXlsx(path, options.sheet ?? null, options.signal, options.timeLimitMs ?? XLSX_TIME_LIMIT_MS);
}
