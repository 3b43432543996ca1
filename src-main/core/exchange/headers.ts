import { OBJECT_FIELD_KEYS, OBJECT_FIELDS, type CustomField } from '../../contract';
import { everyLanguage } from '../i18n/locales';
import { CellFault, type Cell } from './read';

/**
 * A header as compared: Unicode compatibility forms (NFKD: "ﬁ" → "fi", "²" → "2", "º" → "o"), no accents, "°" read as
 * the "º" it stands for, words split at camelCase and underscores (CollectionSpace's "objectNumber", "accession_num"),
 * lower case, punctuation gone, and "n o" (from "N.º", "Nº", "N°") joined to "no": "N.º de inventário" → "no de inventario".
 */
export const normalizeHeader = (text: string): string =>
  text
    .replace(/°/g, 'º')
    .replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/(^| )n o( |$)/g, '$1no$2')
    // CollectiveAccess names its fields by table: "ca_objects.preferred_labels".
    .replace(/^ca objects /, '');

/** The import field each of the export's columns fills: a workbook Storeroom exported, in any language, imports back. */
const EXPORTED_COLUMNS: Record<string, string> = {
  number: 'number',
  tempNumber: 'tempNumber',
  // The registry's fields: the export names each column by the field's import name (spectrum.json).
  ...Object.fromEntries(OBJECT_FIELD_KEYS.map((key) => [OBJECT_FIELDS[key].importAs, OBJECT_FIELDS[key].importAs])),
  condition: 'condition',
  conditionNote: 'conditionNote',
  conditionDate: 'conditionDate',
  conditionAssessedBy: 'conditionAssessor',
  currentLocation: 'location',
  currentLocationFull: 'location',
};

type ImportWords = { yes?: string[]; no?: string[]; headers?: Record<string, string[]>; conditionMeanings?: Record<string, string[]> };

/** How strongly a header names a field: the export's own names most, then each language's synonyms in their order. */
const EXPORTED_SCORE = 100;
const CUSTOM_SCORE = 95;
const SYNONYM_SCORE = 90;

/**
 * Header names from institutions' spreadsheets, by field, in every language Storeroom speaks (import.json), with
 * Spectrum's names in each (spectrum.json), which are what Storeroom exports. Each name gives its fields a score: a
 * language lists its synonyms strongest first ("accession number" before "id"), so the strongest candidate wins.
 */
const FIELDS_BY_HEADER = new Map<string, Map<string, number>>();
const words = everyLanguage('importWords').sort(([a], [b]) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b))) as [string, ImportWords][];
const spectrumNames = everyLanguage('spectrum').sort(([a], [b]) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b))) as [string, Record<string, string>][];
const addHeader = (name: string, field: string, score: number) => {
  const key = normalizeHeader(name);
  if (!key) return;
  const fields = FIELDS_BY_HEADER.get(key) ?? new Map<string, number>();
  fields.set(field, Math.max(fields.get(field) ?? 0, score));
  FIELDS_BY_HEADER.set(key, fields);
};
for (const [, names] of spectrumNames) for (const [column, field] of Object.entries(EXPORTED_COLUMNS)) if (names[column]) addHeader(names[column], field, EXPORTED_SCORE);
for (const [, { headers = {} }] of words) {
  for (const [field, names] of Object.entries(headers)) names.forEach((name, i) => addHeader(name, field, Math.max(10, SYNONYM_SCORE - i * 3)));
}

/** Yes and no in every language, and as every language's export writes them. */
const YES = new Set([...words.flatMap(([, w]) => w.yes ?? []), ...everyLanguage('export.values.yes').map(([, v]) => String(v))].map(normalizeHeader));
const NO = new Set([...words.flatMap(([, w]) => w.no ?? []), ...everyLanguage('export.values.no').map(([, v]) => String(v))].map(normalizeHeader));

/** Whether a cell says yes (true), no (false), or neither (null). */
export function yesOrNo(text: string): boolean | null {
  const key = normalizeHeader(text);
  return YES.has(key) ? true : NO.has(key) ? false : null;
}

/** The levels of a condition scale, best first; each language names them (import.json, conditionMeanings). */
export const CONDITION_LEVELS = ['good', 'fair', 'poor', 'unacceptable'] as const;
export type ConditionLevel = (typeof CONDITION_LEVELS)[number];
const LEVEL_BY_TERM = new Map<string, ConditionLevel>();
// The default scale in every language first ("Gut", "Nicht akzeptabel"), then each language's other words.
for (const [, defaults] of everyLanguage('defaults.condition') as [string, Record<string, string>][]) {
  for (const level of CONDITION_LEVELS) if (defaults[level] && !LEVEL_BY_TERM.has(normalizeHeader(defaults[level]))) LEVEL_BY_TERM.set(normalizeHeader(defaults[level]), level);
}
for (const [, { conditionMeanings = {} }] of words) {
  for (const level of CONDITION_LEVELS) for (const term of conditionMeanings[level] ?? []) if (!LEVEL_BY_TERM.has(normalizeHeader(term))) LEVEL_BY_TERM.set(normalizeHeader(term), level);
}

/** What a condition term means on the common scale, in any language Storeroom speaks ("Bon", "Good", "Bueno": good), or null. */
export const conditionLevel = (term: string): ConditionLevel | null => LEVEL_BY_TERM.get(normalizeHeader(term)) ?? null;

/** Every field a header may name, with how strongly: exact names, then names it contains (weaker). */
export function fieldCandidates(header: string, custom: CustomField[]): Map<string, number> {
  const key = normalizeHeader(header);
  const found = new Map<string, number>();
  if (!key) return found;
  for (const [field, score] of FIELDS_BY_HEADER.get(key) ?? []) found.set(field, score);
  for (const f of custom) if (normalizeHeader(f.name) === key) found.set(`custom:${f.id}`, CUSTOM_SCORE);
  if (found.size === 0) {
    // "Object number (old system)": a name of two words or more inside the header, at half its strength.
    const padded = ` ${key} `;
    for (const [name, fields] of FIELDS_BY_HEADER) {
      if (!name.includes(' ') || !padded.includes(` ${name} `)) continue;
      for (const [field, score] of fields) found.set(field, Math.max(found.get(field) ?? 0, Math.floor(score / 2)));
    }
  }
  return found;
}

/** The field a header suggests most strongly, or null. */
export function suggestField(header: string, custom: CustomField[]): string | null {
  let best: string | null = null;
  let bestScore = 0;
  for (const [field, score] of fieldCandidates(header, custom)) if (score > bestScore) [best, bestScore] = [field, score];
  return best;
}

/**
 * Suggestions for every header: each (column, field) pair scored, the strongest taken first, each field and each
 * column once. A weak synonym found first ("id") no longer beats a strong one further right ("accession_number").
 */
export function suggestMapping(headers: string[], custom: CustomField[]): Record<string, string> {
  const pairs: { header: string; field: string; score: number; index: number }[] = [];
  headers.forEach((header, index) => {
    for (const [field, score] of fieldCandidates(header, custom)) pairs.push({ header, field, score, index });
  });
  pairs.sort((a, b) => b.score - a.score || a.index - b.index);
  const mapping: Record<string, string> = {};
  const taken = new Set<string>();
  for (const { header, field } of pairs) {
    if (taken.has(field) || header in mapping) continue;
    mapping[header] = field;
    taken.add(field);
  }
  // In the order of the columns.
  return Object.fromEntries(headers.filter((h) => h in mapping).map((h) => [h, mapping[h]!]));
}

const text = (cell: Cell | undefined): string =>
  cell === null || cell === undefined || cell instanceof CellFault ? '' : cell instanceof Date ? isoOf(cell) : String(cell).trim();

/** A date cell as text: the date alone at midnight, else with its time (as the sheet shows it, without a zone). */
const isoOf = (d: Date): string => {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
};

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
