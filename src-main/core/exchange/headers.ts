import { OBJECT_FIELD_KEYS, OBJECT_FIELDS, type CustomField } from '../../contract';
import { everyLanguage } from '../i18n/locales';
import type { Cell } from './read';

/** Lower case, accents and punctuation gone: "N° d'inventaire" → "n d inventaire". */
export const normalizeHeader = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The import field each of the export's columns fills: a workbook Storeroom exported, in any language, imports back. */
const EXPORTED_COLUMNS: Record<string, string> = {
  number: 'number',
  tempNumber: 'tempNumber',
  // The registry's fields: the export names each column by the field's import name (spectrum.json).
  ...Object.fromEntries(OBJECT_FIELD_KEYS.map((key) => [OBJECT_FIELDS[key].importAs, OBJECT_FIELDS[key].importAs])),
  condition: 'condition',
  conditionNote: 'conditionNote',
  currentLocation: 'location',
  currentLocationFull: 'location',
};

type ImportWords = { yes?: string[]; no?: string[]; headers?: Record<string, string[]> };

/**
 * Header names from institutions' spreadsheets, by field, in every language Storeroom speaks (import.json), with
 * Spectrum's names in each (spectrum.json), which are what Storeroom exports. English comes first: a name two
 * languages give different fields keeps its English meaning.
 */
const FIELD_BY_HEADER = new Map<string, string>();
const words = everyLanguage('importWords').sort(([a], [b]) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b))) as [string, ImportWords][];
const spectrumNames = everyLanguage('spectrum').sort(([a], [b]) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b))) as [string, Record<string, string>][];
const addHeader = (name: string, field: string) => {
  const key = normalizeHeader(name);
  if (key && !FIELD_BY_HEADER.has(key)) FIELD_BY_HEADER.set(key, field);
};
for (const [, names] of spectrumNames) for (const [column, field] of Object.entries(EXPORTED_COLUMNS)) if (names[column]) addHeader(names[column], field);
for (const [, { headers = {} }] of words) for (const [field, names] of Object.entries(headers)) for (const name of names) addHeader(name, field);

/** Yes and no in every language, and as every language's export writes them. */
const YES = new Set([...words.flatMap(([, w]) => w.yes ?? []), ...everyLanguage('export.values.yes').map(([, v]) => String(v))].map(normalizeHeader));
const NO = new Set([...words.flatMap(([, w]) => w.no ?? []), ...everyLanguage('export.values.no').map(([, v]) => String(v))].map(normalizeHeader));

/** Whether a cell says yes (true), no (false), or neither (null). */
export function yesOrNo(text: string): boolean | null {
  const key = normalizeHeader(text);
  return YES.has(key) ? true : NO.has(key) ? false : null;
}

/** The field a header suggests, or null: exact synonyms, then custom fields by name. */
export function suggestField(header: string, custom: CustomField[]): string | null {
  const key = normalizeHeader(header);
  if (!key) return null;
  const field = FIELD_BY_HEADER.get(key);
  if (field) return field;
  const match = custom.find((f) => normalizeHeader(f.name) === key);
  return match ? `custom:${match.id}` : null;
}

/** Suggestions for every header; each field is suggested once, for its first column. */
export function suggestMapping(headers: string[], custom: CustomField[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  const taken = new Set<string>();
  for (const header of headers) {
    const field = suggestField(header, custom);
    if (field && !taken.has(field) && !(header in mapping)) {
      mapping[header] = field;
      taken.add(field);
    }
  }
  return mapping;
}

const text = (cell: Cell | undefined): string => (cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell).trim());

/**
 * The header row: among the first 30, the one that looks most like headers (many known names, many
 * text cells) and is followed by data. Title rows above it ("Inventory of Room 2, 1998") score low.
 */
export function findHeaderRow(rows: Cell[][], custom: CustomField[]): number {
  let best = 0;
  let bestScore = -1;
  for (let i = 0; i < Math.min(rows.length, 30); i++) {
    const cells = (rows[i] ?? []).map(text);
    const filled = cells.filter(Boolean);
    const textual = filled.filter((c) => Number.isNaN(Number(c)));
    const known = filled.filter((c) => suggestField(c, custom)).length;
    const score = filled.length < 2 ? -1 : known * 10 + textual.length + (textual.length === filled.length ? 2 : 0);
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  return best + 1;
}

/** Header names for a row, unique and never empty (merged or blank headers get "Column C"). */
export function headerNames(row: Cell[], width: number): string[] {
  const seen = new Map<string, number>();
  return Array.from({ length: width }, (_, i) => {
    let name = text(row[i]) || `Column ${columnName(i + 1)}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) name = `${name} (${n})`;
    return name;
  });
}

const columnName = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : columnName(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

export { text as cellText };
