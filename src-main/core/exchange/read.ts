import { parse, type CsvError, type Options } from 'csv-parse';
import { parse as parseAll } from 'csv-parse/sync';
import { open, readFile, stat } from 'node:fs/promises';
import { AppError } from '../../contract';
import { csvUnsafe } from './cells';
import { CellFault, XlsxBook, type Limits, type XlsxSheetInfo } from './xlsx';
import chardet from 'chardet';
import iconv from 'iconv-lite';

export { CellFault };
/** A cell's value; a CellFault for an error value or a formula with no stored value. */
export type Cell = string | number | boolean | Date | CellFault | null;

export interface Table {
  format: 'xlsx' | 'csv';
  sheets: string[];
  sheet: string | null;
  /** Every row up to the last one with a value; blank rows at the end are dropped. */
  rows: Cell[][];
  encoding: string | null;
  delimiter: string | null;
  /** A workbook's hidden sheets (a Storeroom export's lists). */
  hiddenSheets?: string[];
  /** Another sheet of the same workbook, by name; null when there is none. */
  readSheet?: (name: string) => Promise<Cell[][] | null>;
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
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || utf16Order(head) !== null;
  const start = (utf16 ? decodeText(head.subarray(0, 1024)).text : head.toString('utf8', 0, 512)).replace(/^\ufeff/, '').trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<table') || start.startsWith('<?xml')) {
    throw AppError.of('UNSUPPORTED_MEDIA', 'imports.webPage', { file: name });
  }
  if (/\.(xlsx|xlsm)$/i.test(name)) throw AppError.of('UNSUPPORTED_MEDIA', 'imports.workbookDamaged', { file: name });
  if (/\.(xls|xlsb|ods|numbers)$/i.test(name)) throw AppError.of('UNSUPPORTED_MEDIA', 'imports.formatNotRead', { file: name });
  if (!utf16 && head.includes(0)) throw AppError.of('UNSUPPORTED_MEDIA', 'imports.notASpreadsheet', { file: name });
  return 'csv';
}

/** Whether bytes without a byte-order mark look like UTF-16: a NUL in every other byte of the text, as Latin text has. */
function utf16Order(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Bytes that ISO-8859-15 reads as letters (€ Š š Ž ž Œ œ Ÿ) where Windows-1252 and Latin-1 read symbols. */
const LATIN9_LETTERS = new Set([0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe]);
const isLetterByte = (b: number | undefined) => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0xc0 && b <= 0xff && b !== 0xd7 && b !== 0xf7));

/**
 * Of the single-byte Western encodings, which one wrote these bytes: Windows-1252 when any byte in 0x80–0x9F is used
 * (ISO-8859-15 has only control codes there); ISO-8859-15 when its letters (Œ œ Š ž Ÿ, and €) stand inside words or
 * before a number more often than 1252's symbols (¼ ½ ¾ ´ ¨) stand after digits or alone.
 */
function westernEncoding(bytes: Buffer): 'windows-1252' | 'iso-8859-15' {
  let latin9 = 0;
  let symbols = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x80 && b <= 0x9f) return 'windows-1252';
    if (!LATIN9_LETTERS.has(b)) continue;
    const before = bytes[i - 1];
    const after = bytes[i + 1];
    const digitNear = (before !== undefined && before >= 0x30 && before <= 0x39) || (before === 0x20 && (bytes[i - 2] ?? 0) >= 0x30 && (bytes[i - 2] ?? 0) <= 0x39);
    if ((b === 0xbc || b === 0xbd || b === 0xbe) && digitNear) symbols++;
    else if (isLetterByte(before) || isLetterByte(after) || (b === 0xa4 && after !== undefined && after >= 0x30 && after <= 0x39) || (b === 0xa4 && digitNear)) latin9++;
    else symbols++;
  }
  return latin9 > symbols ? 'iso-8859-15' : 'windows-1252';
}

/** Encodings chardet may name for text that is not Western European, which iconv-lite reads. */
const OTHER_SCRIPTS = new Set(['Shift_JIS', 'EUC-JP', 'EUC-KR', 'GB18030', 'Big5', 'windows-1251', 'KOI8-R', 'ISO-8859-5', 'windows-1253', 'ISO-8859-7', 'windows-1255', 'ISO-8859-8', 'windows-1256', 'ISO-8859-6', 'windows-1250', 'ISO-8859-2']);

/**
 * Text from a file in whatever encoding wrote it, decoded with iconv-lite (Node's TextDecoder reads Windows-1252 as
 * Latin-1 and loses € ’ “ ” … – — Œ œ Š ž Ÿ ™ •): UTF-8 or UTF-16 by their byte-order marks, UTF-16 without one by
 * its NUL bytes, valid UTF-8, then a Western single-byte encoding unless chardet is sure of another script.
 */
export function decodeText(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: iconv.decode(bytes.subarray(3), 'utf-8'), encoding: 'utf-8 (with BOM)' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le (with BOM)' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be (with BOM)' };
  const utf16 = utf16Order(bytes);
  if (utf16) return { text: iconv.decode(bytes, utf16), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8.
  }
  const guesses = chardet.analyse(bytes.subarray(0, 256 * 1024));
  const other = guesses.find((g) => g.confidence >= 60 && OTHER_SCRIPTS.has(g.name));
  if (other && iconv.encodingExists(other.name) && guesses[0] === other) return { text: iconv.decode(bytes, other.name), encoding: other.name.toLowerCase() };
  const encoding = westernEncoding(bytes);
  return { text: iconv.decode(bytes, encoding), encoding };
}

/** The delimiter that splits the first lines most consistently: comma, semicolon, tab or bar. */
export function detectDelimiter(text: string): string {
  const lines = text.slice(0, 64 * 1024).split(/\r\n|\n|\r/).filter((l) => l.trim()).slice(0, 30);
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

const csvOptions = (delimiter: string): Options => ({
  delimiter,
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: false,
  bom: true,
});

/**
 * The line a quotation mark never closed opens on: the one after the last whole record's. Read again, record by record
 * (the parser's line count for each record costs a quarter of a second on 100,000 rows, so only a file that fails pays).
 */
function unclosedQuoteLine(text: string, delimiter: string): number {
  let lastLine = 0;
  try {
    parseAll(text, {
      ...csvOptions(delimiter),
      on_record: (record, { lines }) => {
        lastLine = lines;
        return record;
      },
    });
  } catch {
    // The same failure: the lines counted so far are what was wanted.
  }
  return lastLine + 1;
}

/** The text handed to the CSV parser at a time: between two, the job can be cancelled and other calls answered. */
const CSV_CHUNK = 1 << 20;

async function readCsv(path: string, signal: AbortSignal): Promise<Table> {
  const { text, encoding } = decodeText(await readFile(path));
  const delimiter = detectDelimiter(text);
  const parser = parse(csvOptions(delimiter));
  const rows: Cell[][] = [];
  let blanks = 0;
  parser.on('data', (record: string[]) => {
    // The parser's own array, its values read in place: 100,000 rows make no second array each.
    const row = record as Cell[];
    for (let i = 0; i < record.length; i++) row[i] = record[i]!.trim() === '' ? null : csvUnsafe(record[i]!);
    if (row.every((v) => v === null)) {
      blanks++;
      return;
    }
    for (; blanks > 0; blanks--) rows.push([]);
    rows.push(row);
  });
  let failure: Error | null = null;
  const ended = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', (error) => {
      failure = error;
      resolve();
    });
  });
  for (let at = 0; at < text.length && !failure; ) {
    if (signal.aborted) {
      parser.destroy();
      throw AppError.of('CONFLICT', 'imports.cancelled');
    }
    // Never between the two halves of a character beyond the first 65,536 (𠀋, an emoji): each would become �.
    let end = Math.min(at + CSV_CHUNK, text.length);
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
    parser.write(text.slice(at, end));
    at = end;
    await new Promise((next) => setImmediate(next));
  }
  if (!failure) parser.end();
  await ended;
  if (failure) {
    const error = failure as CsvError;
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') throw AppError.of('UNSUPPORTED_MEDIA', 'imports.csvQuoteNotClosed', { line: unclosedQuoteLine(text, delimiter) });
    throw AppError.of('UNSUPPORTED_MEDIA', 'imports.workbookUnreadable', { reason: error.message });
  }
  return { format: 'csv', sheets: [], sheet: null, rows, encoding, delimiter };
}

/**
 * A workbook's sheet, read with the reader that never splits a character (xlsx.ts). The file is read whole (it is at
 * most MAX_SPREADSHEET_BYTES), its parts inflated as they are parsed; the work yields as it goes, and stops when
 * cancelled or past its time limit.
 */
async function readXlsx(path: string, sheet: string | null, signal: AbortSignal, timeLimitMs: number): Promise<Table> {
  if (signal.aborted) throw AppError.of('CONFLICT', 'imports.cancelled');
  let expired = false;
  const timer = setTimeout(() => (expired = true), timeLimitMs);
  timer.unref?.();
  const limits: Limits = {
    signal,
    expired: () => expired,
    cancelled: () => AppError.of('CONFLICT', 'imports.cancelled'),
    tooSlow: () => AppError.of('UNSUPPORTED_MEDIA', 'imports.workbookTooSlow', { seconds: Math.max(1, Math.round(timeLimitMs / 1000)) }),
    damaged: (reason) => AppError.of('UNSUPPORTED_MEDIA', 'imports.workbookUnreadable', { reason }),
  };
  const bytes = await readFile(path);
  if (signal.aborted) throw limits.cancelled();
  let book: XlsxBook;
  try {
    book = await XlsxBook.open(bytes, limits);
  } catch (error) {
    throw error instanceof AppError ? error : limits.damaged((error as Error).message);
  }
  if (book.sheets.length === 0) throw AppError.of('UNSUPPORTED_MEDIA', 'imports.noSheets');
  const chosen = sheet === null ? (book.sheets.find((s) => !s.hidden) ?? book.sheets[0]!) : book.sheets.find((s) => s.name === sheet);
  if (!chosen) throw AppError.of('NOT_FOUND', 'imports.noSuchSheet', { sheet: sheet!, sheets: book.sheets.map((s) => s.name).join(', ') });
  const read = async (info: XlsxSheetInfo) => {
    try {
      const rows = await book.rows(info);
      if (expired) throw limits.tooSlow();
      return rows;
    } catch (error) {
      throw error instanceof AppError ? error : limits.damaged((error as Error).message);
    }
  };
  return {
    format: 'xlsx',
    sheets: book.sheets.filter((s) => !s.hidden).map((s) => s.name),
    hiddenSheets: book.sheets.filter((s) => s.hidden).map((s) => s.name),
    sheet: chosen.name,
    rows: await read(chosen),
    encoding: null,
    delimiter: null,
    readSheet: async (name) => {
      const info = book.sheets.find((s) => s.name === name);
      return info ? read(info) : null;
    },
  };
}

/** Reads a spreadsheet file into rows of cells: .xlsx with exceljs (in a worker), .csv with csv-parse. */
export async function readTable(path: string, name: string, options: { sheet?: string | undefined; signal: AbortSignal; timeLimitMs?: number }): Promise<Table> {
  const format = await sniff(path, name);
  return format === 'csv' ? readCsv(path, options.signal) : readXlsx(path, options.sheet ?? null, options.signal, options.timeLimitMs ?? XLSX_TIME_LIMIT_MS);
}
