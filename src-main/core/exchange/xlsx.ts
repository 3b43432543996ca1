import { Inflate } from 'fflate';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/**
 * A reader of .xlsx cells that never splits a character: each part of the zip is inflated (fflate) and decoded with
 * one streaming TextDecoder, so a multi-byte character cut by a chunk boundary is joined again before the XML parser
 * (saxes) sees it. exceljs's readers turn each chunk into a string on its own, which replaced characters of Arabic
 * or Chinese text with U+FFFD.
 *
 * It reads what an import needs: sheet names (and which are hidden), the cells' values with shared strings and rich
 * text joined, numbers, booleans, dates (by the cell's number format, in the 1900 or 1904 system), and a formula's
 * stored value; a formula with an error value, or with no stored value, is a `CellFault` naming it.
 * It yields to the event loop as it goes, stops when asked, and gives up past a time limit or a size limit.
 */

/** A cell that holds no value to import: an error value (`#NAME?`), or a formula with no stored value (`''`). */
export class CellFault {
  constructor(readonly code: string) {}
}

export type XlsxCell = string | number | boolean | Date | CellFault | null;

export interface XlsxSheetInfo {
  name: string;
  hidden: boolean;
  path: string;
}

export interface Limits {
  signal: AbortSignal;
  /** Whether the time allowed for reading is up (set by a timer). */
  expired: () => boolean;
  /** Fails with this when reading is cancelled or takes too long. */
  cancelled: () => Error;
  tooSlow: () => Error;
  /** Fails with this for a damaged or unreadable file. */
  damaged: (reason: string) => Error;
}

/** The uncompressed size past which a part is refused: a small zip must not unpack into gigabytes. */
const MAX_PART_BYTES = 2 * 1024 * 1024 * 1024 - 1;
const CHUNK = 256 * 1024;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** The zip's central directory: each part's name, and where its compressed bytes are. */
function entries(zip: Uint8Array, damaged: Limits['damaged']): Map<string, Entry> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw damaged('no zip directory');
  let count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) {
    // Zip64: the directory's place is in the zip64 end record, found through its locator.
    const locator = end - 20;
    if (locator < 0 || view.getUint32(locator, true) !== 0x07064b50) throw damaged('zip64 directory not found');
    const record = Number(view.getBigUint64(locator + 8, true));
    if (view.getUint32(record, true) !== 0x06064b50) throw damaged('zip64 directory not found');
    count = Number(view.getBigUint64(record + 32, true));
    at = Number(view.getBigUint64(record + 48, true));
  }
  const found = new Map<string, Entry>();
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || view.getUint32(at, true) !== 0x02014b50) throw damaged('damaged zip directory');
    const method = view.getUint16(at + 10, true);
    let compressedSize = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let offset = view.getUint32(at + 42, true);
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLength));
    // Zip64 sizes and offset, in that order, for the fields marked 0xffffffff.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = view.getUint16(extra, true);
      const length = view.getUint16(extra + 2, true);
      if (id === 1) {
        let p = extra + 4;
        if (size === 0xffffffff) {
          size = Number(view.getBigUint64(p, true));
          p += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = Number(view.getBigUint64(p, true));
          p += 8;
        }
        if (offset === 0xffffffff) offset = Number(view.getBigUint64(p, true));
      }
      extra += 4 + length;
    }
    found.set(name.replace(/^\/+/, ''), { name, method, compressedSize, size, offset });
    at = extraEnd + commentLength;
  }
  return found;
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Feeds one part of the zip, decoded as UTF-8 without ever splitting a character, to `write`, a chunk at a time. */
async function streamPart(zip: Uint8Array, entry: Entry, limits: Limits, write: (text: string) => void): Promise<void> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  if (view.getUint32(entry.offset, true) !== 0x04034b50) throw limits.damaged(`damaged part ${entry.name}`);
  const start = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
  const data = zip.subarray(start, start + entry.compressedSize);
  const decoder = new TextDecoder('utf-8');
  let total = 0;
  let failure: Error | null = null;
  const take = (chunk: Uint8Array) => {
    total += chunk.length;
    if (total > MAX_PART_BYTES) throw limits.damaged(`${entry.name} unpacks to more than 2 GB`);
    write(decoder.decode(chunk, { stream: true }));
  };
  const check = async () => {
    await pause();
    if (limits.signal.aborted) throw limits.cancelled();
    if (limits.expired()) throw limits.tooSlow();
  };
  if (entry.method === 0) {
    for (let i = 0; i < data.length; i += CHUNK) {
      take(data.subarray(i, i + CHUNK));
      await check();
    }
  } else if (entry.method === 8) {
    const inflate = new Inflate((chunk) => {
      try {
        take(chunk);
      } catch (error) {
        failure ??= error as Error;
      }
    });
    for (let i = 0; i < data.length; i += CHUNK) {
      try {
        inflate.push(data.subarray(i, i + CHUNK), i + CHUNK >= data.length);
      } catch (error) {
        throw limits.damaged(`${entry.name}: ${(error as Error).message}`);
      }
      if (failure) throw failure;
      await check();
    }
    if (data.length === 0) inflate.push(new Uint8Array(0), true);
  } else {
    throw limits.damaged(`${entry.name} is compressed with method ${entry.method}`);
  }
  write(decoder.decode());
}

/** Parses one XML part with saxes, calling the handlers as its elements open and close. */
async function parsePart(
  zip: Uint8Array,
  parts: Map<string, Entry>,
  path: string,
  limits: Limits,
  handlers: { open?: (tag: SaxesTagPlain) => void; close?: (tag: SaxesTagPlain) => void; text?: (text: string) => void },
): Promise<boolean> {
  const entry = parts.get(path);
  if (!entry) return false;
  const parser = new SaxesParser({ xmlns: false, position: false });
  let failure: Error | null = null;
  parser.on('error', (error) => {
    failure ??= limits.damaged(`${path}: ${error.message}`);
  });
  if (handlers.open) parser.on('opentag', handlers.open);
  if (handlers.close) parser.on('closetag', handlers.close);
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  await streamPart(zip, entry, limits, (text) => {
    if (failure) throw failure;
    if (text) parser.write(text);
    if (failure) throw failure;
  });
  parser.close();
  if (failure) throw failure;
  return true;
}

/** "_x000D_" in a string of the file is the character U+000D. */
const unescapeOoxml = (text: string) => (text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text);

const local = (tag: string) => {
  const colon = tag.indexOf(':');
  return colon < 0 ? tag : tag.slice(colon + 1);
};

/** Resolves a relationship's target against the folder of the part that names it. */
function resolvePath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.') parts.push(piece);
  }
  return parts.join('/');
}

async function relationships(zip: Uint8Array, parts: Map<string, Entry>, of: string, limits: Limits): Promise<Map<string, { target: string; type: string }>> {
  const folder = of.split('/').slice(0, -1).join('/');
  const file = of.split('/').pop()!;
  const path = `${folder ? folder + '/' : ''}_rels/${file}.rels`;
  const found = new Map<string, { target: string; type: string }>();
  await parsePart(zip, parts, path, limits, {
    open: (tag) => {
      if (local(tag.name) === 'Relationship') found.set(String(tag.attributes.Id), { target: resolvePath(of, String(tag.attributes.Target)), type: String(tag.attributes.Type ?? '') });
    },
  });
  return found;
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, with the East Asian ones). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format's code shows a date or time: d, m, y, h or s outside quotes, brackets and escapes. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, '');
  return /[dmyhs]/i.test(bare.split(';')[0] ?? '') && !/^general$/i.test(bare.trim());
}

export class XlsxBook {
  private constructor(
    private readonly zip: Uint8Array,
    private readonly parts: Map<string, Entry>,
    readonly sheets: XlsxSheetInfo[],
    private readonly strings: string[],
    private readonly dateStyles: boolean[],
    private readonly date1904: boolean,
    private readonly limits: Limits,
  ) {}

  static async open(bytes: Uint8Array, limits: Limits): Promise<XlsxBook> {
    const parts = entries(bytes, limits.damaged);
    const root = await relationships(bytes, parts, '', limits);
    const workbookPath = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    if (!parts.has(workbookPath)) throw limits.damaged('no workbook part');
    const rels = await relationships(bytes, parts, workbookPath, limits);
    const sheets: XlsxSheetInfo[] = [];
    let date1904 = false;
    await parsePart(bytes, parts, workbookPath, limits, {
      open: (tag) => {
        const name = local(tag.name);
        if (name === 'workbookPr') date1904 = ['1', 'true'].includes(String(tag.attributes.date1904 ?? ''));
        if (name === 'sheet') {
          const id = Object.entries(tag.attributes).find(([key]) => local(key) === 'id' && key !== 'sheetId')?.[1];
          const rel = id ? rels.get(String(id)) : undefined;
          if (rel && !rel.type.endsWith('/chartsheet')) sheets.push({ name: String(tag.attributes.name ?? `Sheet${sheets.length + 1}`), hidden: ['hidden', 'veryHidden'].includes(String(tag.attributes.state ?? '')), path: rel.target });
        }
      },
    });
    const strings: string[] = [];
    const stringsPath = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target ?? 'xl/sharedStrings.xml';
    let current: string[] | null = null;
    let inText = false;
    let phonetic = 0;
    await parsePart(bytes, parts, stringsPath, limits, {
      open: (tag) => {
        const name = local(tag.name);
        if (name === 'si') current = [];
        else if (name === 'rPh') phonetic++;
        else if (name === 't' && phonetic === 0) inText = true;
      },
      close: (tag) => {
        const name = local(tag.name);
        if (name === 'si') {
          strings.push(unescapeOoxml((current ?? []).join('')));
          current = null;
        } else if (name === 'rPh') phonetic--;
        else if (name === 't') inText = false;
      },
      text: (text) => {
        if (inText && current) current.push(text);
      },
    });
    const formats = new Map<number, string>();
    const dateStyles: boolean[] = [];
    let inCellXfs = false;
    const stylesPath = [...rels.values()].find((r) => r.type.endsWith('/styles'))?.target ?? 'xl/styles.xml';
    await parsePart(bytes, parts, stylesPath, limits, {
      open: (tag) => {
        const name = local(tag.name);
        if (name === 'numFmt') formats.set(Number(tag.attributes.numFmtId), String(tag.attributes.formatCode ?? ''));
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) {
          const id = Number(tag.attributes.numFmtId ?? 0);
          const code = formats.get(id);
          dateStyles.push(code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id));
        }
      },
      close: (tag) => {
        if (local(tag.name) === 'cellXfs') inCellXfs = false;
      },
    });
    return new XlsxBook(bytes, parts, sheets, strings, dateStyles, date1904, limits);
  }

  /** A date from an Excel serial number, as the wall-clock time it shows, in UTC. */
  private date(serial: number): Date {
    const days = this.date1904 ? serial - 24107 : serial < 61 ? serial - 25568 : serial - 25569;
    return new Date(Math.round(days * 86_400_000));
  }

  /**
   * A sheet's rows, each an array of cells from column A; blank rows between rows with values are kept as empty
   * arrays (so rows keep their numbers in the file), and those after the last row with a value are dropped.
   */
  async rows(sheet: XlsxSheetInfo): Promise<XlsxCell[][]> {
    const rows: XlsxCell[][] = [];
    let row: XlsxCell[] = [];
    let rowNumber = 0;
    let column = 0;
    let type = 'n';
    let style = 0;
    let value: string[] = [];
    let formula = false;
    let inValue = false;
    let inInline = 0;
    let phonetic = 0;
    const finishRow = () => {
      if (row.some((c) => c !== null)) {
        while (rows.length < rowNumber - 1) rows.push([]);
        rows.push(row);
      }
      row = [];
    };
    await parsePart(this.zip, this.parts, sheet.path, this.limits, {
      open: (tag) => {
        switch (local(tag.name)) {
          case 'row':
            rowNumber = tag.attributes.r ? Number(tag.attributes.r) : rowNumber + 1;
            column = 0;
            break;
          case 'c': {
            const ref = String(tag.attributes.r ?? '');
            column = ref ? columnIndex(ref) : column + 1;
            type = String(tag.attributes.t ?? 'n');
            style = Number(tag.attributes.s ?? 0);
            value = [];
            formula = false;
            break;
          }
          case 'v':
            inValue = true;
            break;
          case 'f':
            formula = true;
            break;
          case 'is':
            inInline++;
            break;
          case 'rPh':
            phonetic++;
            break;
          case 't':
            if (inInline && !phonetic) inValue = true;
            break;
        }
      },
      close: (tag) => {
        switch (local(tag.name)) {
          case 'v':
          case 't':
            inValue = false;
            break;
          case 'is':
            inInline--;
            break;
          case 'rPh':
            phonetic--;
            break;
          case 'c': {
            const cell = this.cell(type, style, value.join(''), formula);
            if (cell !== null) {
              while (row.length < column - 1) row.push(null);
              row[column - 1] = cell;
            }
            break;
          }
          case 'row':
            finishRow();
            break;
        }
      },
      text: (text) => {
        if (inValue) value.push(text);
      },
    });
    return rows;
  }

  private cell(type: string, style: number, raw: string, formula: boolean): XlsxCell {
    if (type === 'e') return new CellFault(raw || '#VALUE!');
    if (raw === '' && type !== 'inlineStr' && type !== 'str') return formula ? new CellFault('') : null;
    switch (type) {
      case 's': {
        const text = this.strings[Number(raw)];
        return text === undefined || text.trim() === '' ? null : text;
      }
      case 'str':
      case 'inlineStr': {
        if (raw === '' && formula) return new CellFault('');
        const text = unescapeOoxml(raw);
        return text.trim() === '' ? null : text;
      }
      case 'b':
        return raw === '1' || raw === 'true';
      case 'd': {
        const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(raw) ? raw : `${raw}${raw.includes('T') ? '' : 'T00:00:00'}Z`);
        return Number.isNaN(date.getTime()) ? raw : date;
      }
      default: {
        const n = Number(raw);
        if (!Number.isFinite(n)) return raw;
        return this.dateStyles[style] ? this.date(n) : n;
      }
    }
  }
}

/** "D14" → 4. */
function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n;
}

/** 4 → "D". */
export const columnLetter = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : columnLetter(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));
