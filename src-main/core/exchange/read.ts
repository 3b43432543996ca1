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

const SAVE_AS_XLSX = 'Open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx), then import that.';

/** Says what a file really is from its first bytes, refusing what cannot be read with a reason. */
async function sniff(path: string, name: string): Promise<'xlsx' | 'csv'> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new AppError('NOT_FOUND', `${name}: the file is gone (moved, deleted, or its upload expired).`);
  if (info.size === 0) throw new AppError('VALIDATION', `${name} is empty.`);
  if (info.size > MAX_SPREADSHEET_BYTES) throw new AppError('TOO_LARGE', `${name} is over ${MAX_SPREADSHEET_BYTES / 1024 / 1024} MB.`);
  const handle = await open(path, 'r');
  const head = Buffer.alloc(Math.min(info.size, 64 * 1024));
  await handle.read(head, 0, head.length, 0);
  await handle.close();
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new AppError('UNSUPPORTED_MEDIA', `${name} is an old Excel file (.xls) or a password-protected workbook, which Storeroom cannot read. ${SAVE_AS_XLSX}`);
  }
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const text = head.toString('latin1');
    if (text.includes('mimetypeapplication/vnd.oasis.opendocument')) throw new AppError('UNSUPPORTED_MEDIA', `${name} is an OpenDocument spreadsheet (.ods). ${SAVE_AS_XLSX}`);
    if (text.includes('xl/workbook.bin')) throw new AppError('UNSUPPORTED_MEDIA', `${name} is an Excel binary workbook (.xlsb). ${SAVE_AS_XLSX}`);
    return 'xlsx';
  }
  const start = head.toString('utf8', 0, 512).replace(/^\ufeff/, '').trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<table') || start.startsWith('<?xml')) {
    throw new AppError('UNSUPPORTED_MEDIA', `${name} is a web page or XML file with a spreadsheet's name, not a workbook. ${SAVE_AS_XLSX}`);
  }
  if (/\.(xlsx|xlsm)$/i.test(name)) throw new AppError('UNSUPPORTED_MEDIA', `${name} is not a valid Excel workbook (it may be damaged). ${SAVE_AS_XLSX}`);
  if (/\.(xls|xlsb|ods|numbers)$/i.test(name)) throw new AppError('UNSUPPORTED_MEDIA', `${name} is not in a format Storeroom reads. ${SAVE_AS_XLSX}`);
  if (head.includes(0)) throw new AppError('UNSUPPORTED_MEDIA', `${name} is not a spreadsheet Storeroom can read (use .xlsx or .csv).`);
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
    if (signal.aborted) throw new AppError('CONFLICT', 'The import was cancelled.');
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
    if (signal.aborted) return reject(new AppError('CONFLICT', 'The import was cancelled.'));
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
      () =>
        finish(() =>
          reject(
            new AppError(
              'UNSUPPORTED_MEDIA',
              `The workbook took too long to read (over ${Math.max(1, Math.round(timeLimitMs / 1000))} s). It may hold formatting or data validation that covers whole sheets: copy just the data into a new workbook and import that.`,
            ),
          ),
        ),
      timeLimitMs,
    );
    const onAbort = () => finish(() => reject(new AppError('CONFLICT', 'The import was cancelled.')));
    signal.addEventListener('abort', onAbort);
    worker.on('message', (m: { error?: string; sheets: string[]; sheet: string | null; rows: Cell[][] | null }) =>
      finish(() => {
        if (m.error) return reject(new AppError('UNSUPPORTED_MEDIA', `The workbook could not be read: ${m.error}. ${SAVE_AS_XLSX}`));
        if (m.sheets.length === 0) return reject(new AppError('UNSUPPORTED_MEDIA', `The workbook has no sheets Storeroom can read. ${SAVE_AS_XLSX}`));
        if (m.rows === null) return reject(new AppError('NOT_FOUND', `There is no sheet called "${sheet}"; the sheets are: ${m.sheets.join(', ')}.`));
        resolve({ format: 'xlsx', sheets: m.sheets, sheet: m.sheet, rows: m.rows, encoding: null, delimiter: null });
      }),
    );
    worker.on('error', (error) => finish(() => reject(new AppError('UNSUPPORTED_MEDIA', `The workbook could not be read: ${error.message}. ${SAVE_AS_XLSX}`))));
  });
}

/** Reads a spreadsheet file into rows of cells: .xlsx with exceljs (in a worker), .csv with csv-parse. */
export async function readTable(path: string, name: string, options: { sheet?: string | undefined; signal: AbortSignal; timeLimitMs?: number }): Promise<Table> {
  const format = await sniff(path, name);
  return format === 'csv' ? readCsv(path, options.signal) : readXlsx(path, options.sheet ?? null, options.signal, options.timeLimitMs ?? XLSX_TIME_LIMIT_MS);
}
