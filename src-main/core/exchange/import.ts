import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { readFile } from 'node:fs/promises';
import { AppError, fieldByImportName, fieldDef, IMPORT_FIELDS, OBJECT_FIELD_KEYS, type importWanted, type ObjectFieldKey, importNote, importUndoNote, keyedMessage, type CustomField, type Output, type ParsedInput, type Translatable } from '../../contract';
import type { Catalogue } from '../catalogue';
import type { CallContext, JobContext, ReadContext } from '../context';
import { insertRows } from '../db/insert-rows';
import { locationTree, PATH_SEPARATOR, removeLocation, restoreLocation } from '../locations/locations';
import { incomingPath } from '../media/store';
import { recordMovements, startBatch, type NewMovement } from '../moves/moves';
import type { ObjectColumns } from '../objects/objects';
import { cleanTags, columnValue, fieldColumns, fieldValue, insertObjects, mergeCustom, numberSortKey, textualFields, updateObjectColumns, type FieldValues, type NewObject } from '../objects/write';
import { customFields, terms } from '../vocabularies/vocabularies';
import { everyLanguage } from '../i18n/locales';
import { listMilestones } from '../milestones/milestones';
import { columnDateOrder, readDate, slashedReadings, wallClockToInstant, type DateOrder } from './dates';
import { parseDimensions } from './dimensions';
import { cellText, CONDITION_LEVELS, conditionLevel, findHeaderRow, headerNames, normalizeHeader, suggestMapping, yesOrNo } from './headers';
import { CellFault, readTable, type Cell, type Table } from './read';
import { importReport } from './report';
import { ownMovements, ownWorkbook, type OwnWorkbook } from './workbook';
import { columnLetter } from './xlsx';

type Source = ParsedInput<'imports.inspect'>['source'];
type Options = ParsedInput<'imports.preview'>;
type Outcome = Output<'imports.preview'>['outcomes'][number];

const MAX_COLUMNS = 500;
const SAMPLE_ROWS = 10;

interface Loaded {
  table: Table;
  headerRow: number;
  headers: string[];
  data: { row: number; cells: Cell[] }[];
  /** What a Storeroom workbook says besides its objects; null for other files. */
  own: OwnWorkbook | null;
}

function sourcePath(ctx: ReadContext, source: Source): string {
  if (source.path) {
    if (ctx.remote) throw AppError.of('VALIDATION', 'imports.uploadOverNetwork');
    return source.path;
  }
  return incomingPath(ctx.catalogue.mediaDir, source.uploadId!);
}

async function load(ctx: JobContext, source: Source, sheet: string | undefined, headerRow: number | undefined, fields: CustomField[]): Promise<Loaded> {
  ctx.progress({ done: 0, total: 1, current: source.name, errors: 0 });
  const table = await readTable(sourcePath(ctx, source), source.name, { sheet, signal: ctx.signal });
  if (table.rows.length === 0) throw AppError.of('VALIDATION', 'imports.noRows', { file: source.name });
  const header = headerRow ?? findHeaderRow(table.rows, fields);
  if (header > table.rows.length) throw AppError.of('VALIDATION', 'imports.headerPastEnd', { row: header, rows: table.rows.length });
  const width = Math.min(MAX_COLUMNS, Math.max(...table.rows.slice(header - 1, header + 50).map((r) => r.length)));
  const headers = headerNames(table.rows[header - 1] ?? [], width);
  const data = table.rows
    .slice(header)
    .map((cells, i) => ({ row: header + 1 + i, cells }))
    .filter((r) => r.cells.some((c) => c !== null && c !== ''));
  return { table, headerRow: header, headers, data, own: await ownWorkbook(table) };
}

/** The suggested mapping, with a Storeroom workbook's own custom fields (not yet in this catalogue) mapped to new ones of their kind. */
function suggestionsFor(loaded: Loaded, fields: CustomField[]): Record<string, string> {
  const mapping = suggestMapping(loaded.headers, fields);
  if (!loaded.own) return mapping;
  for (const header of loaded.headers) {
    if (header in mapping) continue;
    const own = loaded.own.customFields.get(normalizeHeader(header));
    if (own) mapping[header] = `new:${own.name.slice(0, 80)}`;
  }
  return Object.fromEntries(loaded.headers.filter((h) => h in mapping).map((h) => [h, mapping[h]!]));
}

/** Columns of text dates, and how their values read, from all of them. */
function dateColumns(loaded: Loaded): Output<'imports.inspect'>['dateColumns'] {
  const found: Output<'imports.inspect'>['dateColumns'] = {};
  loaded.headers.forEach((header, index) => {
    const values: { row: number; value: string }[] = [];
    for (const { row, cells } of loaded.data) {
      const cell = cells[index];
      if (typeof cell === 'string' && slashedReadings(cell)) values.push({ row, value: cell.trim() });
    }
    if (values.length === 0) return;
    const { order, ambiguous } = columnDateOrder(values.map((v) => v.value));
    if (!order) return;
    const examples = values.filter((v) => ambiguous.includes(v.value));
    found[header] = { order, examples: (examples.length >= 2 ? examples : values).slice(0, 2) };
  });
  return found;
}

/** For columns of few distinct values: each value as a condition term, known to the catalogue or by meaning. */
function conditionTermColumns(ctx: ReadContext, loaded: Loaded): Output<'imports.inspect'>['conditionTerms'] {
  const list = new Set(terms(ctx, 'condition').map(fold));
  const found: Output<'imports.inspect'>['conditionTerms'] = {};
  loaded.headers.forEach((header, index) => {
    const distinct = new Map<string, string>();
    for (const { cells } of loaded.data) {
      const text = cellText(cells[index]);
      if (!text || typeof cells[index] !== 'string') continue;
      distinct.set(fold(text), text);
      if (distinct.size > 12) return;
    }
    if (distinct.size === 0) return;
    found[header] = [...distinct.values()].map((term) => ({ term, known: list.has(fold(term)), level: conditionLevel(term) }));
  });
  return found;
}

export async function inspectImport(ctx: JobContext, input: ParsedInput<'imports.inspect'>): Promise<Output<'imports.inspect'>> {
  const fields = customFields(ctx);
  const loaded = await load(ctx, input.source, input.sheet, input.headerRow, fields);
  const { table, headerRow, headers, data } = loaded;
  const suggestedMapping = suggestionsFor(loaded, fields);
  return {
    format: table.format,
    sheets: table.sheets,
    sheet: table.sheet,
    headerRow,
    headers,
    sample: data.slice(0, SAMPLE_ROWS).map((r) => headers.map((_, i) => cellText(r.cells[i]))),
    rows: data.length,
    encoding: table.encoding,
    delimiter: table.delimiter,
    suggestedMapping,
    unmapped: headers.filter((h) => !(h in suggestedMapping)),
    dateColumns: dateColumns(loaded),
    conditionTerms: conditionTermColumns(ctx, loaded),
    storeroom: loaded.own !== null,
    movementsSheet: loaded.own?.movementsSheet ?? null,
  };
}

/** An object as an import compares it: its columns and its current condition. */
interface Current extends ObjectColumns {
  c_term: string | null;
  c_note: string | null;
  c_on: string | null;
  c_by: string | null;
}

/** What a row asks for, field by field; a field absent from the row (or empty, where emptiness means "unknown") is left as it is. */
type Wanted = z.infer<typeof importWanted>;

/** Text as compared: trimmed, in lower case. */
const fold = (s: string) => s.trim().toLowerCase();

/** An evacuation priority as spreadsheets write it: "1", "P1", "Priority 1", "priorité 2". */
const PRIORITY = /^(?:p|prio|priority|priorite|prioridad|prioritat|prioritaet|priorita|prioriteit|prioridade)?\s*[-:.]?\s*([123])(?:\.0+)?$/;
/** Accents gone, for words such as "élevée" and "média". */
const plain = (s: string) => fold(s).normalize('NFD').replace(/\p{M}/gu, '');
/** A rating (high, medium, low) in the languages RE-ORG is taught in. */
const RATING_WORDS: Record<string, 'high' | 'medium' | 'low'> = Object.fromEntries([
  // As every language's export writes them.
  ...(['high', 'medium', 'low'] as const).flatMap((rating) => everyLanguage(`export.values.${rating}`).map(([, word]) => [plain(String(word)), rating])),
  ...(
    [
      ['high', ['high', 'h', 'elevee', 'eleve', 'haute', 'haut', 'forte', 'fort', 'alta', 'alto', 'hoch', 'hoog', 'elevada']],
      ['medium', ['medium', 'med', 'm', 'moyenne', 'moyen', 'media', 'medio', 'mittel', 'middel', 'gemiddeld', 'media', 'mitja']],
      ['low', ['low', 'l', 'faible', 'basse', 'bas', 'baja', 'bajo', 'niedrig', 'gering', 'bassa', 'basso', 'laag', 'baixa', 'baixo']],
    ] as const
  ).flatMap(([rating, words]) => words.map((w) => [w, rating])),
]);

/** What a row is told when a value of a priority or rating field is not one it takes. */
const NOT_A_CHOICE: Partial<Record<ObjectFieldKey, Parameters<typeof keyedMessage>[0]>> = {
  evacuationPriority: 'imports.priorityNotKnown',
  significance: 'imports.significanceNotKnown',
  vulnerability: 'imports.vulnerabilityNotKnown',
  easeOfHandling: 'imports.easeOfHandlingNotKnown',
};

interface Context {
  fields: CustomField[];
  categories: Map<string, string>;
  conditions: Map<string, string>;
  locations: Map<string, string>;
  newTerms: { category: Map<string, string>; condition: Map<string, string> };
  newLocations: Map<string, string>;
  /** Codes of the Locations sheet of a Storeroom workbook that this catalogue lacks: created as its tree says. */
  plannedCodes: Map<string, string>;
  options: Options;
  /** A Storeroom workbook: its own lists, custom fields and temporary numbers are taken as they are. */
  own: OwnWorkbook | null;
  /** How the text dates of each date column read, by column index. */
  dateOrders: Map<number, DateOrder | null>;
  headers: string[];
}

/** Resolves a location given by code or by path ("Room 2 > Unit A > Shelf 3"); a missing one is planned if allowed. */
function resolveLocation(c: Context, text: string, errors: Translatable[]): string | undefined {
  const wanted = text.includes('>') ? text.split('>').map((p) => p.trim()).filter(Boolean).join(PATH_SEPARATOR) : text.trim();
  const found = c.locations.get(fold(wanted));
  if (found) return found;
  const planned = c.plannedCodes.get(fold(wanted));
  if (planned) return `new:${planned}`;
  if (!c.options.createLocations) {
    errors.push(keyedMessage('imports.unknownLocation', { location: wanted }));
    return undefined;
  }
  c.newLocations.set(fold(wanted), wanted);
  return `new:${wanted}`;
}

function term(c: Context, vocabulary: 'category' | 'condition', text: string, errors: Translatable[]): string | undefined {
  const list = vocabulary === 'category' ? c.categories : c.conditions;
  const found = list.get(fold(text)) ?? c.newTerms[vocabulary].get(fold(text));
  if (found) return found;
  const ownList = vocabulary === 'category' ? c.own?.categories : c.own?.conditions;
  if (!c.options.addTerms && !ownList?.some((t) => fold(t) === fold(text))) {
    errors.push(keyedMessage(vocabulary === 'category' ? 'imports.unknownCategory' : 'imports.unknownConditionTerm', { term: text }));
    return undefined;
  }
  c.newTerms[vocabulary].set(fold(text), text.trim());
  return text.trim();
}

/** What a row is told when a value of a field is not a number. */
const NOT_A_NUMBER: Partial<Record<ObjectFieldKey, Parameters<typeof keyedMessage>[0]>> = {
  count: 'imports.countNotANumber',
  height: 'imports.heightNotANumber',
  width: 'imports.widthNotANumber',
  depth: 'imports.depthNotANumber',
  weight: 'imports.weightNotANumber',
};

/** A registry field's value read from a cell, by the field's kind; undefined (with an error) when it cannot be read. */
function readField(c: Context, key: ObjectFieldKey, value: Cell, text: string, errors: Translatable[]): unknown {
  const def = fieldDef(key);
  /** A cell as a number: null when empty; undefined, with the error `notANumber` gives, when it is not one. */
  const number = (): number | null | undefined => {
    if (value === null || value === '') return null;
    const n = typeof value === 'number' ? value : Number(String(value).trim().replace(/\s/g, '').replace(',', '.'));
    if (!Number.isFinite(n) || n <= 0) {
      errors.push(keyedMessage(NOT_A_NUMBER[key] as 'imports.heightNotANumber', { value: text }));
      return undefined;
    }
    return n;
  };
  switch (def.kind) {
    case 'text':
    case 'longText':
      return key === 'name' && !text ? undefined : text;
    case 'count': {
      if (!text) return undefined;
      const n = number();
      if (n !== undefined && n !== null && !Number.isInteger(n)) {
        errors.push(keyedMessage('imports.countNotWhole', { value: text }));
        return undefined;
      }
      return n ?? undefined;
    }
    case 'measure':
      return number();
    case 'unit': {
      if (!text) return undefined;
      if (def.units!.includes(fold(text))) return fold(text);
      errors.push(keyedMessage(key === 'dimensionUnit' ? 'imports.dimensionUnitNotKnown' : 'imports.weightUnitNotKnown', { value: text, allowed: def.units!.join(', ') }));
      return undefined;
    }
    case 'term':
      return text ? term(c, def.vocabulary!, text, errors) : null;
    case 'location':
      return text ? (resolveLocation(c, text, errors) ?? null) : null;
    case 'flag':
      if (!text) return null;
      // Yes and no in every language Storeroom speaks, as its exports write them and people type them.
      if (yesOrNo(text) !== null) return yesOrNo(text)!;
      errors.push(keyedMessage('imports.reachableNotYesOrNo', { value: text }));
      return undefined;
    case 'priority': {
      if (!text) return null;
      const digit = PRIORITY.exec(plain(text))?.[1];
      if (digit) return Number(digit);
      errors.push(keyedMessage(NOT_A_CHOICE[key] as 'imports.priorityNotKnown', { value: text }));
      return undefined;
    }
    case 'rating': {
      if (!text) return null;
      const rating = RATING_WORDS[plain(text)];
      if (rating) return rating;
      errors.push(keyedMessage(NOT_A_CHOICE[key] as 'imports.significanceNotKnown', { value: text }));
      return undefined;
    }
    case 'tags':
      return cleanTags(text.split(/[;,]/));
  }
}

/** A date of a column, its order decided for the whole column; an error when it is not a date or its order is not known. */
function dateOf(c: Context, index: number, value: Cell, text: string, errors: Translatable[], field: string): string | undefined {
  const order = c.options.dateOrder?.[c.headers[index]!] ?? c.dateOrders.get(index) ?? null;
  const date = readDate(value, text, order);
  if (date === 'ambiguous') {
    errors.push(keyedMessage('imports.dateAmbiguous', { value: text, column: c.headers[index]! }));
    return undefined;
  }
  if (date === undefined) {
    errors.push(keyedMessage('imports.notADate', { field, value: text }));
    return undefined;
  }
  return date;
}

/** A custom field's value from a cell, by its kind. */
function customValue(c: Context, index: number, kind: string, choices: string[], name: string, value: Cell, text: string, errors: Translatable[]): string | number | null | undefined {
  if (!text) return null;
  if (kind === 'number') {
    const n = typeof value === 'number' ? value : Number(text.replace(/\s/g, '').replace(',', '.'));
    if (Number.isFinite(n)) return n;
    errors.push(keyedMessage('imports.customNotANumber', { field: name, value: text }));
    return undefined;
  }
  if (kind === 'date') return dateOf(c, index, value, text, errors, name);
  if (kind === 'choice' && !choices.includes(text)) {
    errors.push(keyedMessage('imports.customNotAChoice', { field: name, value: text, choices: choices.join(', ') }));
    return undefined;
  }
  return text;
}

function parseRow(c: Context, mapping: [number, string][], cells: Cell[], row: number, errors: Translatable[], warnings: Translatable[]): Wanted {
  const w: Wanted = {};
  for (const [index, field] of mapping) {
    const value = cells[index] ?? null;
    if (value instanceof CellFault) {
      // A formula's error value or missing value is never imported as text: the cell is named, the row not written.
      const cell = `${columnLetter(index + 1)}${row}`;
      errors.push(value.code ? keyedMessage('imports.cellError', { cell, value: value.code }) : keyedMessage('imports.cellNoValue', { cell }));
      continue;
    }
    const text = cellText(value);
    const registered = fieldByImportName(field);
    if (registered) {
      const read = readField(c, registered, value, text, errors);
      if (read !== undefined) (w as Record<string, unknown>)[registered] = read;
      continue;
    }
    switch (field) {
      case 'number':
        w.number = text || null;
        break;
      case 'tempNumber':
        if (text) w.tempNumber = text;
        break;
      case 'conditionNote':
        w.conditionNote = text;
        break;
      case 'conditionDate': {
        if (!text) break;
        const date = dateOf(c, index, value, text, errors, c.headers[index]!);
        if (date) w.conditionDate = date;
        break;
      }
      case 'conditionAssessor':
        if (text) w.conditionAssessor = text;
        break;
      case 'condition':
        if (text) w.condition = term(c, 'condition', text, errors);
        break;
      case 'dimensions': {
        if (!text) break;
        const d = parseDimensions(text);
        if (!d) break;
        if (d.height === null && d.width === null && d.depth === null) warnings.push(keyedMessage('imports.dimensionsKeptAsText', { value: text }));
        else Object.assign(w, { height: d.height, width: d.width, depth: d.depth }, d.unit ? { dimensionUnit: d.unit } : {});
        // The text as written is kept when the measurements do not say all of it; a column of its own wins.
        if (d.summary !== null) w.dimensionSummary ??= d.summary;
        break;
      }
      case 'location':
        if (text) w.location = resolveLocation(c, text, errors);
        break;
      default: {
        const custom = (w.custom ??= {});
        if (field.startsWith('new:')) {
          const own = c.own?.customFields.get(normalizeHeader(field.slice(4)));
          const read = own ? customValue(c, index, own.kind, own.choices, own.name, value, text, errors) : text || null;
          if (read !== undefined) custom[field] = read;
          break;
        }
        const def = c.fields.find((f) => `custom:${f.id}` === field)!;
        const read = customValue(c, index, def.kind, def.choices, def.name, value, text, errors);
        if (read !== undefined) custom[def.id] = read;
      }
    }
  }
  return w;
}

/** The registry's fields a row sets, as their columns hold them (a new location, "new:<path>", as it is). */
const wantedFields = (w: Wanted): ObjectFieldKey[] => OBJECT_FIELD_KEYS.filter((key) => w[key] !== undefined);

/** The changes a row makes to an object, as { field: { from, to } }, fields named as the import names them. */
function changesFor(current: Current, w: Wanted, names: Map<string, string>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of wantedFields(w)) {
    const def = fieldDef(key);
    const from = current[def.column as keyof Current];
    const to = columnValue(key, w[key]);
    if ((from ?? '') === (to ?? '')) continue;
    changes[def.importAs] =
      def.kind === 'location'
        ? { from: names.get(String(from)) ?? from, to: names.get(String(to)) ?? String(to).replace(/^new:/, '') }
        : def.kind === 'tags'
          ? { from: JSON.parse(String(from)) as unknown, to: w[key] }
          : { from: fieldValue(key, from), to: w[key] };
  }
  if (w.number !== undefined && w.number !== null && w.number !== current.number) changes.number = { from: current.number, to: w.number };
  if (w.custom) {
    const now = JSON.parse(current.custom) as Record<string, unknown>;
    for (const [id, to] of Object.entries(w.custom)) if ((now[id] ?? '') !== (to ?? '')) changes[`custom:${id}`] = { from: now[id] ?? null, to };
  }
  const conditionChanged =
    w.condition !== current.c_term ||
    (w.conditionNote !== undefined && (w.conditionNote ?? '') !== (current.c_note ?? '')) ||
    (w.conditionDate !== undefined && w.conditionDate !== current.c_on) ||
    (w.conditionAssessor !== undefined && w.conditionAssessor !== (current.c_by ?? ''));
  if (w.condition !== undefined && conditionChanged) changes.condition = { from: current.c_term, to: w.condition };
  if (w.location !== undefined && w.location !== current.location_id) {
    changes.location = { from: names.get(current.location_id ?? '') ?? null, to: names.get(w.location) ?? w.location.replace(/^new:/, '') };
  }
  return changes;
}

/** A temporary number as Storeroom makes them: T-<device code>-0001. */
const TEMP_NUMBER = /^T-[A-Z0-9]{2,8}-\d{4,}$/i;

const CHECK_COLUMNS = ['id', 'object_id', 'term', 'note', 'assessed_on', 'assessed_by', 'at', 'person_id'];

interface Plan {
  outcome: Outcome;
  wanted: Wanted;
  current?: Current;
}

/** Reads the file and classifies every row: what an import would do, without doing it. */
async function classify(ctx: JobContext, input: Options) {
  const fields = customFields(ctx);
  const loaded = await load(ctx, input.source, input.sheet, input.headerRow, fields);
  const mapping = input.mapping ?? suggestionsFor(loaded, fields);
  const columns: [number, string][] = [];
  const used = new Set<string>();
  for (const [header, field] of Object.entries(mapping)) {
    if (field === 'ignore' || field === '') continue;
    const index = loaded.headers.indexOf(header);
    if (index < 0) throw AppError.of('VALIDATION', 'imports.unknownColumn', { header }, { header });
    const valid = (IMPORT_FIELDS as readonly string[]).includes(field) || fields.some((f) => `custom:${f.id}` === field) || /^new:.{1,80}$/.test(field);
    if (!valid) throw AppError.of('VALIDATION', 'imports.notAField', { field, header }, { header, field });
    if (used.has(field)) throw AppError.of('VALIDATION', 'imports.fieldMappedTwice', { field }, { field });
    used.add(field);
    columns.push([index, field]);
  }
  if (!used.has('name') && !used.has('number') && !used.has('tempNumber')) {
    throw AppError.of('VALIDATION', 'imports.nothingToMatch');
  }

  const { locations } = locationTree(ctx);
  const locationIds = new Map<string, string>();
  const names = new Map<string, string>();
  for (const l of locations) {
    locationIds.set(fold(l.path), l.id);
    locationIds.set(fold(l.code), l.id);
    names.set(l.id, l.code);
  }
  // A Storeroom workbook's locations: those this catalogue lacks are created as its Locations sheet has them.
  const own = loaded.own;
  const plannedCodes = new Map<string, string>();
  const tree: NonNullable<ParsedInput<'imports.apply'>['locationTree']> = [];
  if (own) {
    const byCode = new Map(own.locations.map((l) => [fold(l.code), l]));
    const visit = (code: string, depth: number) => {
      const l = byCode.get(fold(code));
      if (!l || locationIds.has(fold(l.code)) || plannedCodes.has(fold(l.code)) || depth > 64) return;
      if (l.parent) visit(l.parent, depth + 1);
      const parent = l.parent && (locationIds.has(fold(l.parent)) || plannedCodes.has(fold(l.parent))) ? l.parent : null;
      plannedCodes.set(fold(l.code), l.code);
      tree.push({ code: l.code, name: l.name.slice(0, 200), type: l.type.slice(0, 40), role: l.role, parent, notes: l.notes, archived: l.archived });
    };
    for (const l of own.locations) if (/^[^\s>]{1,60}$/.test(l.code)) visit(l.code, 0);
  }
  // Text dates: each date column's order read from all of its values.
  const isDateColumn = (field: string) =>
    field === 'conditionDate' ||
    fields.some((f) => f.kind === 'date' && `custom:${f.id}` === field) ||
    (field.startsWith('new:') && loaded.own?.customFields.get(normalizeHeader(field.slice(4)))?.kind === 'date');
  const dateOrders = new Map<number, DateOrder | null>();
  for (const [index] of columns.filter(([, field]) => isDateColumn(field))) {
    const { order } = columnDateOrder(loaded.data.map((r) => (typeof r.cells[index] === 'string' ? (r.cells[index] as string) : '')));
    dateOrders.set(index, order === 'dmy' || order === 'mdy' ? order : null);
  }
  const c: Context = {
    fields,
    categories: new Map(terms(ctx, 'category').map((t) => [fold(t), t])),
    conditions: new Map(terms(ctx, 'condition').map((t) => [fold(t), t])),
    locations: locationIds,
    newTerms: { category: new Map(), condition: new Map() },
    newLocations: new Map(),
    plannedCodes,
    options: input,
    own,
    dateOrders,
    headers: loaded.headers,
  };
  // With the history of a Storeroom workbook, an object's place comes from its movements.
  const history = own?.movementsSheet && input.movements ? await ownMovements(loaded.table, own.movementsSheet) : [];
  const moved = new Set(history.map((m) => fold(m.object)));
  const byNumber = new Map<string, string[]>();
  const byTemp = new Map<string, string>();
  for (const o of ctx.db.prepare('SELECT id, number, temp_number FROM objects').raw().all() as [string, string | null, string | null][]) {
    if (o[1]) byNumber.set(fold(o[1]), [...(byNumber.get(fold(o[1])) ?? []), o[0]]);
    if (o[2]) byTemp.set(fold(o[2]), o[0]);
  }

  const plans: Plan[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of loaded.data) {
    const errors: Translatable[] = [];
    const warnings: Translatable[] = [];
    const wanted = parseRow(c, columns, cells, row, errors, warnings);
    const number = wanted.number ?? null;
    const numberKey = number ? fold(number) : null;
    if (moved.size && moved.has(fold(number ?? wanted.tempNumber ?? ''))) delete wanted.location;
    if (numberKey) {
      const earlier = seen.get(numberKey);
      if (earlier) errors.push(keyedMessage('imports.numberRepeated', { number: number!, row: earlier }));
      else seen.set(numberKey, row);
    }
    const matches = (numberKey ? byNumber.get(numberKey) : undefined) ?? (wanted.tempNumber && byTemp.get(fold(wanted.tempNumber)) ? [byTemp.get(fold(wanted.tempNumber))!] : []);
    if (matches.length > 1) errors.push(keyedMessage('imports.numberNotUnique', { objects: matches.length, number: number! }));
    if (matches.length === 0 && !wanted.name && errors.length === 0) errors.push(keyedMessage('imports.nameRequired'));
    // A temporary number this catalogue does not know: kept, for an object of a Storeroom workbook (or one numbered as
    // Storeroom numbers them), so that the next import of the same file finds it again.
    if (matches.length === 0 && wanted.tempNumber && !number && !own && !TEMP_NUMBER.test(wanted.tempNumber)) errors.push(keyedMessage('imports.unknownTempNumber', { number: wanted.tempNumber }));
    if (matches.length === 0 && wanted.tempNumber && !number && errors.length === 0) {
      const earlier = seen.get(`temp:${fold(wanted.tempNumber)}`);
      if (earlier) errors.push(keyedMessage('imports.numberRepeated', { number: wanted.tempNumber, row: earlier }));
      else seen.set(`temp:${fold(wanted.tempNumber)}`, row);
    }
    plans.push({ outcome: { row, status: errors.length ? 'error' : matches.length === 1 ? 'update' : 'new', number: number ?? wanted.tempNumber ?? null, objectId: matches.length === 1 ? matches[0]! : null, changes: {}, errors, warnings }, wanted });
    if (plans.length % 5000 === 0) {
      ctx.progress({ done: plans.length, total: loaded.data.length, current: input.source.name, errors: 0 });
      await new Promise((r) => setImmediate(r));
      if (ctx.signal.aborted) throw AppError.of('CONFLICT', 'imports.cancelled');
    }
  }

  // The objects rows would update, read in bulk, then compared.
  const ids = plans.filter((p) => p.outcome.status === 'update').map((p) => p.outcome.objectId!);
  const current = new Map<string, Current>();
  const read = ctx.db.prepare(
    `SELECT o.*, c.term AS c_term, c.note AS c_note, c.assessed_on AS c_on, c.assessed_by AS c_by FROM objects o LEFT JOIN condition_checks c ON c.id = o.condition_id
     WHERE o.id IN (SELECT value FROM json_each(?))`,
  );
  for (let i = 0; i < ids.length; i += 5000) for (const o of read.all(JSON.stringify(ids.slice(i, i + 5000))) as Current[]) current.set(o.id, o);
  for (const plan of plans) {
    if (plan.outcome.status !== 'update') continue;
    plan.current = current.get(plan.outcome.objectId!)!;
    plan.outcome.changes = changesFor(plan.current, plan.wanted, names);
    if (Object.keys(plan.outcome.changes).length === 0) plan.outcome.status = 'unchanged';
  }
  // New condition terms take their place on the catalogue's scale by meaning ("Bon" with "Good"), by the workbook's
  // own order, or where the user placed them; otherwise last, with a warning.
  const fileWarnings: Translatable[] = [];
  const scale = terms(ctx, 'condition');
  const rank = (t: string) => {
    const level = conditionLevel(t);
    return level ? CONDITION_LEVELS.indexOf(level) : null;
  };
  const conditionAfter: Record<string, string | null> = {};
  for (const t of c.newTerms.condition.values()) {
    const level = rank(t);
    let after: string | null | undefined;
    if (level !== null) {
      const better = scale.filter((s) => (rank(s) ?? Infinity) <= level);
      after = better.at(-1) ?? null;
    } else if (own?.conditions.some((o) => fold(o) === fold(t))) {
      const i = own.conditions.findIndex((o) => fold(o) === fold(t));
      after = own.conditions.slice(0, i).reverse().find((o) => scale.some((s) => fold(s) === fold(o))) ?? null;
    } else if (input.termPlacement && t in input.termPlacement) {
      const placed = input.termPlacement[t]!;
      after = placed === '' ? null : (scale.find((s) => fold(s) === fold(placed)) ?? undefined);
    }
    if (after === undefined) {
      fileWarnings.push(keyedMessage('imports.conditionTermLast', { term: t }));
      scale.push(t);
      continue;
    }
    conditionAfter[t] = after;
    scale.splice(after === null ? 0 : scale.indexOf(after) + 1, 0, t);
  }
  if (!used.has('number')) fileWarnings.unshift(keyedMessage('imports.noNumberColumn'));

  // The history of a Storeroom workbook: movements of objects this catalogue has or the file brings, those not here yet.
  const movements: NonNullable<ParsedInput<'imports.apply'>['movements']> = [];
  let movementsUnchanged = 0;
  if (history.length) {
    const inFile = new Set(plans.filter((p) => p.outcome.status !== 'error').map((p) => fold(p.wanted.number ?? p.wanted.tempNumber ?? '')));
    const codeOf = new Map(locations.map((l) => [l.id, l.code]));
    const existing = new Set(
      (ctx.db.prepare('SELECT coalesce(o.number, o.temp_number) AS n, m.at, m.to_location_id FROM movements m JOIN objects o ON o.id = m.object_id').raw().all() as [string, string, string | null][]).map(
        ([n, at, to]) => `${fold(n)}|${at}|${fold(codeOf.get(to ?? '') ?? '')}`,
      ),
    );
    const known = (code: string | null) => code === null || locationIds.has(fold(code)) || plannedCodes.has(fold(code));
    for (const m of history) {
      const at = wallClockToInstant(m.at, own?.timeZone ?? null);
      if (existing.has(`${fold(m.object)}|${at}|${fold(m.to ?? '')}`)) {
        movementsUnchanged++;
        continue;
      }
      const object = fold(m.object);
      if (!inFile.has(object) && !byNumber.has(object) && !byTemp.has(object)) {
        fileWarnings.push(keyedMessage('imports.movementObjectUnknown', { object: m.object, row: m.row }));
        continue;
      }
      if (!known(m.from) || !known(m.to) || !known(m.container)) {
        fileWarnings.push(keyedMessage('imports.movementPlaceUnknown', { object: m.object, row: m.row }));
        continue;
      }
      movements.push({ object: m.object, at, from: m.from, to: m.to, container: m.container, reason: m.reason, reference: m.reference.slice(0, 60), note: m.note.slice(0, 10_000), by: m.by?.slice(0, 120) ?? null });
    }
  }

  const count = (status: string) => plans.filter((p) => p.outcome.status === status).length;
  const newFieldNames = [...used].filter((f) => f.startsWith('new:')).map((f) => f.slice(4));
  const customFieldKinds = Object.fromEntries(
    newFieldNames.flatMap((name) => {
      const kind = own?.customFields.get(normalizeHeader(name));
      return kind ? [[name, { kind: kind.kind, choices: kind.choices }]] : [];
    }),
  );
  const summary = {
    rows: plans.length,
    new: count('new'),
    updated: count('update'),
    unchanged: count('unchanged'),
    errors: plans.flatMap((p) => p.outcome.errors.map((error) => ({ row: p.outcome.row, ...error }))),
    warnings: [...fileWarnings.map((w) => ({ row: null, ...w })), ...plans.flatMap((p) => p.outcome.warnings.map((w) => ({ row: p.outcome.row, ...w })))],
    movements: { new: movements.length, unchanged: movementsUnchanged },
    before: null,
    mapping,
    newLocations: [...tree.map((l) => l.code), ...c.newLocations.values()],
    newTerms: { category: [...c.newTerms.category.values()], condition: [...c.newTerms.condition.values()] },
    newCustomFields: newFieldNames,
    outcomes: plans.map((p) => p.outcome),
  };
  return { plans, summary, c, tree, movements, conditionAfter, customFieldKinds };
}

type Classified = Awaited<ReturnType<typeof classify>>;
interface DryRun {
  key: string;
  classified: Classified;
  reportExportId: string;
}

/**
 * Each catalogue's last dry run, for the commit that usually follows it: the same file, the same choices and an
 * unchanged catalogue classify the same way, so the commit takes over the dry run's classification and report.
 */
const dryRuns = new WeakMap<Catalogue, DryRun>();
const DRY_RUN_KEPT_MS = 10 * 60_000;

/** What a classification depends on: the file's bytes, the choices, and the catalogue's state (any write changes it). Null when the file cannot be read. */
async function classificationKey(ctx: JobContext, input: Options): Promise<string | null> {
  const bytes = await readFile(sourcePath(ctx, input.source)).catch(() => null);
  if (!bytes) return null;
  const { jobId: _jobId, ...choices } = input;
  const state = ctx.db.prepare('SELECT total_changes() AS changes, data_version AS version FROM pragma_data_version').get();
  return createHash('sha256').update(bytes).update(JSON.stringify([choices, state])).digest('hex');
}

export async function previewImport(ctx: JobContext, input: Options): Promise<Output<'imports.preview'>> {
  const key = await classificationKey(ctx, input);
  const classified = await classify(ctx, input);
  const reportExportId = importReport(ctx, input.source.name, classified.summary, input.language);
  if (key) {
    const dryRun = { key, classified, reportExportId };
    dryRuns.set(ctx.catalogue, dryRun);
    setTimeout(() => {
      if (dryRuns.get(ctx.catalogue) === dryRun) dryRuns.delete(ctx.catalogue);
    }, DRY_RUN_KEPT_MS).unref();
  }
  return { ...classified.summary, committed: false, importId: null, reportExportId };
}

export async function commitImport(ctx: JobContext, input: Options): Promise<Output<'imports.commit'>> {
  const key = await classificationKey(ctx, input);
  const last = dryRuns.get(ctx.catalogue);
  dryRuns.delete(ctx.catalogue);
  const dryRun = key && last?.key === key ? last : null;
  const { plans, summary, c, tree, movements, conditionAfter, customFieldKinds } = dryRun?.classified ?? (await classify(ctx, input));
  const writing = plans.filter((p) => p.outcome.status === 'new' || p.outcome.status === 'update');
  // The operation records what the file asked, resolved; writing it is the same here, at a replay and on another device.
  const { importId, createdIds } = ctx.write('imports.apply', {
    fileName: input.source.name,
    terms: { category: [...c.newTerms.category.values()], condition: [...c.newTerms.condition.values()] },
    customFields: summary.newCustomFields,
    ...(Object.keys(customFieldKinds).length ? { customFieldKinds } : {}),
    ...(Object.keys(conditionAfter).length ? { conditionAfter } : {}),
    locations: [...c.newLocations.values()],
    ...(tree.length ? { locationTree: tree } : {}),
    ...(movements.length ? { movements } : {}),
    rows: writing.map((p) => ({ row: p.outcome.row, objectId: p.outcome.status === 'update' ? p.outcome.objectId : null, changed: Object.keys(p.outcome.changes), wanted: p.wanted })),
  });
  writing.filter((p) => p.outcome.status === 'new').forEach((p, i) => (p.outcome.objectId = createdIds[i]!));
  const reportExportId = dryRun?.reportExportId ?? importReport(ctx, input.source.name, summary, input.language);
  return { ...summary, before: beforeOffer(ctx), committed: true, importId, reportExportId };
}

/**
 * Before marks the state the reorganization starts from. When it still stands where the catalogue held no object (the
 * catalogue's creation) and an import has just brought the inventory in, moving it to just after the import is
 * offered, with the counts that show what that changes (the move itself is milestones.update, an operation).
 */
function beforeOffer(ctx: ReadContext): Output<'imports.commit'>['before'] {
  const before = listMilestones(ctx).find((m) => m.kind === 'before');
  if (!before) return null;
  const count = ctx.db.prepare('SELECT count(*) FROM objects WHERE removed = 0 AND created_at <= ?').pluck();
  const objectsThen = count.get(before.at) as number;
  const at = new Date(Date.parse(ctx.now) + 1).toISOString();
  const objectsNow = count.get(at) as number;
  const after = listMilestones(ctx).find((m) => m.kind === 'after');
  if (objectsThen > 0 || objectsNow === 0 || (after && after.at < at)) return null;
  return { milestoneId: before.id, at, objectsThen, objectsNow };
}

/** What an import did, so that its undo can take it back, and the undo be undone. */
interface ImportRecord {
  created: string[];
  updated: { id: string; before: Record<string, unknown>; after: Record<string, unknown> }[];
  moved: { id: string; from: string | null; to: string }[];
  checks: string[];
  locations: string[];
}

/** Writes an import: its new terms, custom fields and locations, then its new and updated objects, conditions and moves. */
export function applyImport(ctx: CallContext, plan: ParsedInput<'imports.apply'>): Output<'imports.apply'> {
  const importId = ctx.mint.id();
  const record: ImportRecord = { created: [], updated: [], moved: [], checks: [], locations: [] };
  const insertTerm = ctx.db.prepare('INSERT OR IGNORE INTO terms (vocabulary, term, position) VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM terms WHERE vocabulary = ?))');
  const positionOf = ctx.db.prepare('SELECT position FROM terms WHERE vocabulary = ? AND term = ?').pluck();
  for (const vocabulary of ['category', 'condition'] as const) {
    for (const t of plan.terms[vocabulary]) {
      const after = vocabulary === 'condition' && plan.conditionAfter && t in plan.conditionAfter ? plan.conditionAfter[t] : undefined;
      if (positionOf.get(vocabulary, t) !== undefined) continue;
      if (after === undefined) insertTerm.run(vocabulary, t, vocabulary);
      else {
        // Placed on the scale by its meaning: the terms after it move down one.
        const at = after === null ? 0 : ((positionOf.get(vocabulary, after) as number | undefined) ?? 0);
        ctx.db.prepare('UPDATE terms SET position = position + 1 WHERE vocabulary = ? AND position > ?').run(vocabulary, at);
        ctx.db.prepare('INSERT INTO terms (vocabulary, term, position) VALUES (?, ?, ?)').run(vocabulary, t, at + 1);
      }
      ctx.touch('vocabularies', `vocabulary:${vocabulary}`);
    }
  }
  const newFields = new Map<string, string>();
  for (const name of plan.customFields) {
    const existing = ctx.db.prepare('SELECT id FROM custom_fields WHERE name = ?').get(name) as { id: string } | undefined;
    const id = existing?.id ?? ctx.mint.id();
    if (!existing) {
      const { kind, choices } = plan.customFieldKinds?.[name] ?? { kind: 'text', choices: [] };
      ctx.db.prepare(`INSERT INTO custom_fields (id, name, kind, choices, position) VALUES (?, ?, ?, ?, (SELECT count(*) + 1 FROM custom_fields))`).run(id, name, kind, JSON.stringify(choices));
      ctx.touch('vocabularies', id);
    }
    newFields.set(`new:${name}`, id);
  }
  const locationIds = new Map<string, string>();
  // A Storeroom workbook's locations, as its Locations sheet has them: parents first, with names, types and roles.
  const codeId = ctx.db.prepare('SELECT id FROM locations WHERE code = ? AND removed = 0').pluck();
  for (const l of plan.locationTree ?? []) {
    if (codeId.get(l.code)) continue;
    const id = ctx.mint.id();
    const parent = l.parent ? ((codeId.get(l.parent) as string | undefined) ?? null) : null;
    ctx.db
      .prepare(`INSERT INTO locations (id, parent_id, code, name, type, role, notes, archived, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT count(*) FROM locations WHERE parent_id IS ?), ?, ?)`)
      .run(id, parent, l.code, l.name || l.code, l.type, l.role, l.notes, l.archived ? 1 : 0, parent, ctx.now, ctx.now);
    record.locations.push(id);
    ctx.touch('locations', id);
    locationIds.set(`new:${l.code}`, id);
  }
  for (const path of plan.locations) locationIds.set(`new:${path}`, createPath(ctx, path, record.locations));
  const place = (id: string | null | undefined) => (id ? (locationIds.get(id) ?? id) : id);

  const note = importNote(plan.fileName);
  const reference = plan.rows.some((r) => r.wanted.location !== undefined) ? startBatch(ctx, { reason: 'other', note }) : null;
  const textual = textualFields(ctx);
  const customOf = (base: Record<string, string | number>, w: Wanted) =>
    mergeCustom(base, Object.fromEntries(Object.entries(w.custom ?? {}).map(([k, v]) => [newFields.get(k) ?? k, v])), textual);
  /** The columns of a row's registry fields (all it sets, or those named), its new locations resolved. */
  const columnsOf = (w: Wanted, keys: readonly ObjectFieldKey[] = OBJECT_FIELD_KEYS) => {
    const values: FieldValues = {};
    for (const key of keys) {
      const value = w[key];
      if (value !== undefined) (values as Record<string, unknown>)[key] = fieldDef(key).kind === 'location' ? (place(value as string | null) ?? null) : value;
    }
    return fieldColumns(values);
  };
  // New objects, condition checks and movements are written together after the loop, in that order.
  const created: NewObject[] = [];
  const checks: unknown[][] = [];
  const movements: NewMovement[] = [];
  const current = ctx.db.prepare('SELECT * FROM objects WHERE id = ? AND removed = 0');
  for (const { objectId, changed, wanted: w } of plan.rows) {
    let id: string;
    let from: string | null = null;
    if (objectId === null) {
      id = ctx.mint.id();
      // Written with the place its first movement records.
      const placed = w.location !== undefined && reference !== null;
      created.push({
        id,
        number: w.number ?? null,
        tempNumber: w.number ? null : (w.tempNumber ?? ctx.mint.tempNumber()),
        columns: w.custom ? Object.assign(columnsOf(w), customOf({}, w)) : columnsOf(w),
        locationId: placed ? place(w.location) : null,
      });
      record.created.push(id);
    } else {
      id = objectId;
      const now = current.get(id) as Current | undefined;
      if (!now) throw AppError.of('NOT_FOUND', 'objects.notFound', { id }, { id });
      from = now.location_id;
      const keys = changed.flatMap((name) => fieldByImportName(name) ?? []);
      const sets: Record<string, unknown> = columnsOf(w, keys);
      if (changed.includes('number')) Object.assign(sets, { number: w.number, sort_key: numberSortKey(w.number!) });
      if (changed.some((name) => name.startsWith('custom:'))) Object.assign(sets, customOf(JSON.parse(now.custom) as Record<string, string | number>, w));
      const before = Object.fromEntries(Object.keys(sets).map((column) => [column, now[column as keyof Current]]));
      if (Object.keys(sets).length) {
        updateObjectColumns(ctx, id, sets);
        record.updated.push({ id, before, after: sets });
      }
    }
    if (w.condition !== undefined && (objectId === null || changed.includes('condition'))) {
      const checkId = ctx.mint.id();
      checks.push([checkId, id, w.condition, w.conditionNote ?? '', w.conditionDate ?? ctx.now.slice(0, 10), w.conditionAssessor ?? '', ctx.now, ctx.personId]);
      record.checks.push(checkId);
    }
    if (w.location !== undefined && reference && (objectId === null || changed.includes('location'))) {
      const to = place(w.location)!;
      if (from !== to) {
        movements.push({ objectId: id, from, to, reason: 'other', note });
        // An undo hides a created object with its movements; only updated objects are moved back.
        if (objectId !== null) record.moved.push({ id, from, to });
      }
    }
    // A new object is touched as it is written (insertObjects).
    if (objectId !== null) ctx.touch('objects', id);
  }
  insertObjects(ctx, created);
  insertRows(ctx.db, 'condition_checks', CHECK_COLUMNS, checks);
  if (reference) recordMovements(ctx, reference, movements);
  if (plan.movements?.length) importHistory(ctx, plan.movements);
  ctx.db
    .prepare('INSERT INTO imports (id, at, hlc, person_id, file_name, reference, undo, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(importId, ctx.now, ctx.hlc, ctx.personId, plan.fileName, reference, JSON.stringify(record), record.created.length, plan.rows.filter((r) => r.objectId !== null).length);
  ctx.touch('imports', importId);
  return { importId, createdIds: record.created };
}

/**
 * The movements of a Storeroom workbook, written as they happened (their times, references, reasons and notes): an
 * object's place follows from its latest one. Their batches are made from their references when this catalogue
 * lacks them.
 */
function importHistory(ctx: CallContext, movements: NonNullable<ParsedInput<'imports.apply'>['movements']>): void {
  const objectId = ctx.db.prepare('SELECT id FROM objects WHERE (number = @n OR (number IS NULL AND temp_number = @n)) AND removed = 0 ORDER BY number IS NULL LIMIT 1').pluck();
  const locationId = ctx.db.prepare('SELECT id FROM locations WHERE code = ? AND removed = 0').pluck();
  const batch = ctx.db.prepare('SELECT 1 FROM batches WHERE reference = ?');
  const newBatch = ctx.db.prepare('INSERT INTO batches (reference, at, person_id, reason, note) VALUES (?, ?, ?, ?, ?)');
  const personNamed = ctx.db.prepare('SELECT id FROM people WHERE name = ? ORDER BY created_at LIMIT 1').pluck();
  /** Who moved it, by name: a person of this catalogue, or one made for the name. */
  const person = (name: string | null): string | null => {
    if (!name) return null;
    const found = personNamed.get(name) as string | undefined;
    if (found) return found;
    const id = ctx.mint.id();
    ctx.db.prepare('INSERT INTO people (id, name, created_at) VALUES (?, ?, ?)').run(id, name, ctx.now);
    ctx.touch('people', id);
    return id;
  };
  const rows: unknown[][] = [];
  for (const m of movements) {
    const object = objectId.get({ n: m.object }) as string | undefined;
    if (!object) continue;
    const place = (code: string | null) => (code === null ? null : ((locationId.get(code) as string | undefined) ?? null));
    const reference = m.reference || ctx.mint.reference();
    const by = person(m.by);
    if (!batch.get(reference)) newBatch.run(reference, m.at, by, m.reason, '');
    rows.push([ctx.mint.id(), object, place(m.from), place(m.to), place(m.container), m.at, by, m.reason, reference, m.note]);
    ctx.touch('moves', object);
  }
  insertRows(ctx.db, 'movements', ['id', 'object_id', 'from_location_id', 'to_location_id', 'container_id', 'at', 'person_id', 'reason', 'reference', 'note'], rows);
}

/** Creates the locations of a path ("Room 2 > Unit A"), those missing; a lone code becomes a top-level location. */
function createPath(ctx: CallContext, path: string, created: string[]): string {
  const parts = path.split(PATH_SEPARATOR);
  const types = ['room', 'unit', 'shelf', 'box'];
  let parent: string | null = null;
  let sofar = '';
  for (const [depth, part] of parts.entries()) {
    sofar = sofar ? sofar + PATH_SEPARATOR + part : part;
    const existing = ctx.db
      .prepare(`SELECT id FROM locations WHERE parent_id IS @parent AND removed = 0 AND (name = @name COLLATE NOCASE OR code = @name COLLATE NOCASE)`)
      .get({ parent, name: part }) as { id: string } | undefined;
    if (existing) {
      parent = existing.id;
      continue;
    }
    const id = ctx.mint.id();
    let code = parts.length === 1 ? part : sofar.replace(/\s*>\s*/g, '-').replace(/\s+/g, '');
    for (let n = 2; ctx.db.prepare('SELECT 1 FROM locations WHERE code = ?').get(code); n++) code = `${code.replace(/~\d+$/, '')}~${n}`;
    ctx.db
      .prepare(`INSERT INTO locations (id, parent_id, code, name, type, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'permanent', ?, ?)`)
      .run(id, parent, code.slice(0, 60), part, types[Math.min(depth, types.length - 1)], ctx.now, ctx.now);
    created.push(id);
    ctx.touch('locations', id);
    parent = id;
  }
  return parent!;
}

interface ImportRow {
  id: string;
  at: string;
  hlc: string;
  reference: string | null;
  undo: string;
  undone_at: string | null;
  undo_applied: string | null;
  file_name: string;
}

function requireImport(ctx: CallContext, importId: string): ImportRow & { record: ImportRecord } {
  const row = ctx.db.prepare('SELECT * FROM imports WHERE id = ?').get(importId) as ImportRow | undefined;
  if (!row) throw AppError.of('NOT_FOUND', 'imports.notFound', { id: importId });
  const record = JSON.parse(row.undo) as Partial<ImportRecord> & { updated?: { id: string; before: Record<string, unknown>; after?: Record<string, unknown> }[] };
  return {
    ...row,
    record: {
      created: record.created ?? [],
      updated: (record.updated ?? []).map((u) => ({ ...u, after: u.after ?? {} })),
      moved: record.moved ?? [],
      checks: record.checks ?? [],
      locations: record.locations ?? [],
    },
  };
}

/** Whether anything but imports changed this entity after `hlc`: such an object is left as it is, and listed. */
function changedSince(ctx: CallContext, entityId: string, hlc: string): boolean {
  return (
    ctx.db
      .prepare(`SELECT 1 FROM op_targets t JOIN ops c ON c.seq = t.seq WHERE t.entity_id = ? AND c.hlc > ? AND c.procedure NOT LIKE 'imports.%' LIMIT 1`)
      .get(entityId, hlc) !== undefined
  );
}

/** What an undo did, so that undoing the undo puts exactly that back. */
interface UndoApplied {
  removed: string[];
  restored: string[];
  movedBack: { id: string; from: string | null; to: string }[];
  withdrawn: string[];
  locationsRemoved: string[];
}

const displayNumber = (ctx: CallContext, id: string) => (ctx.db.prepare('SELECT coalesce(number, temp_number) AS n FROM objects WHERE id = ?').get(id) as { n: string }).n;

/**
 * Undoes an import, as a new operation that compensates: the objects and locations it created are removed (kept as
 * tombstones, with their history), updated objects get their earlier values back, objects it moved go back, and the
 * conditions it recorded are withdrawn. Anything changed since by someone else is left as it is, and listed.
 */
export function undoImport(ctx: CallContext, input: ParsedInput<'imports.undo'>): Output<'imports.undo'> {
  const imp = requireImport(ctx, input.importId);
  if (imp.undone_at) throw AppError.of('CONFLICT', 'imports.alreadyUndone', { date: imp.undone_at.slice(0, 10) });
  const { record } = imp;
  const applied: UndoApplied = { removed: [], restored: [], movedBack: [], withdrawn: [], locationsRemoved: [] };
  const kept: { objectId: string; displayNumber: string }[] = [];
  const keep = (id: string) => kept.push({ objectId: id, displayNumber: displayNumber(ctx, id) });
  const photographed = ctx.db.prepare('SELECT 1 FROM photo_links WHERE target_id = ?');
  const left = new Set<string>();
  for (const id of record.created) {
    if (changedSince(ctx, id, imp.hlc) || photographed.get(id)) {
      keep(id);
      left.add(id);
      continue;
    }
    if (ctx.db.prepare('UPDATE objects SET removed = 1, updated_at = ? WHERE id = ? AND removed = 0').run(ctx.now, id).changes) {
      applied.removed.push(id);
      ctx.touch('objects', id);
    }
  }
  const note = importUndoNote(imp.file_name);
  const locationNow = ctx.db.prepare('SELECT location_id FROM objects WHERE id = ?').pluck();
  const back = record.moved.filter((m) => !changedSince(ctx, m.id, imp.hlc) && locationNow.get(m.id) === m.to);
  if (back.length) {
    const reference = startBatch(ctx, { reason: 'other', note });
    recordMovements(ctx, reference, back.map((m) => ({ objectId: m.id, from: m.to, to: m.from, reason: 'other' as const, note })));
    applied.movedBack.push(...back);
  }
  for (const u of record.updated) {
    if (changedSince(ctx, u.id, imp.hlc)) {
      keep(u.id);
      left.add(u.id);
      continue;
    }
    updateObjectColumns(ctx, u.id, u.before);
    applied.restored.push(u.id);
  }
  const objectOf = ctx.db.prepare('SELECT object_id FROM condition_checks WHERE id = ? AND withdrawn = 0').pluck();
  const withdraw = ctx.db.prepare('UPDATE condition_checks SET withdrawn = 1 WHERE id = ?');
  for (const id of record.checks) {
    const objectId = objectOf.get(id) as string | undefined;
    if (!objectId || left.has(objectId)) continue;
    withdraw.run(id);
    applied.withdrawn.push(id);
    ctx.touch('objects', objectId);
  }
  const used = ctx.db.prepare(
    `SELECT 1 FROM objects WHERE (location_id = @id OR normal_location_id = @id) AND removed = 0 UNION ALL SELECT 1 FROM locations WHERE parent_id = @id AND removed = 0 LIMIT 1`,
  );
  for (const id of [...record.locations].reverse()) {
    if (used.get({ id })) continue;
    removeLocation(ctx, id);
    applied.locationsRemoved.push(id);
  }
  ctx.db.prepare('UPDATE imports SET undone_at = ?, undo_applied = ? WHERE id = ?').run(ctx.now, JSON.stringify(applied), imp.id);
  ctx.touch('imports', imp.id);
  return { restored: applied.restored.length, removed: applied.removed.length, kept };
}


/** Undoes the undo of an import: what the undo removed, restored, moved back and withdrew comes back as the import left it. */
export function redoImport(ctx: CallContext, input: ParsedInput<'imports.redo'>): Output<'imports.redo'> {
  const imp = requireImport(ctx, input.importId);
  if (!imp.undone_at || !imp.undo_applied) throw AppError.of('CONFLICT', 'imports.notUndone', { file: imp.file_name });
  const applied = JSON.parse(imp.undo_applied) as UndoApplied;
  for (const id of [...applied.locationsRemoved].reverse()) restoreLocation(ctx, id);
  for (const id of applied.removed) {
    ctx.db.prepare('UPDATE objects SET removed = 0, updated_at = ? WHERE id = ?').run(ctx.now, id);
    ctx.touch('objects', id);
  }
  const afterOf = new Map(imp.record.updated.map((u) => [u.id, u.after]));
  for (const id of applied.restored) updateObjectColumns(ctx, id, afterOf.get(id) ?? {});
  const locationNow = ctx.db.prepare('SELECT location_id FROM objects WHERE id = ?').pluck();
  const again = applied.movedBack.filter((m) => locationNow.get(m.id) === m.from);
  if (again.length) {
    const note = importNote(imp.file_name);
    recordMovements(ctx, startBatch(ctx, { reason: 'other', note }), again.map((m) => ({ objectId: m.id, from: m.from, to: m.to, reason: 'other' as const, note })));
  }
  const reinstate = ctx.db.prepare('UPDATE condition_checks SET withdrawn = 0 WHERE id = ? RETURNING object_id');
  for (const id of applied.withdrawn) {
    const row = reinstate.get(id) as { object_id: string } | undefined;
    if (row) ctx.touch('objects', row.object_id);
  }
  ctx.db.prepare('UPDATE imports SET undone_at = NULL, undo_applied = NULL WHERE id = ?').run(imp.id);
  ctx.touch('imports', imp.id);
  return { restored: applied.removed.length + applied.restored.length };
}

export function listImports(ctx: CallContext): Output<'imports.list'> {
  const rows = ctx.db
    .prepare(`SELECT i.id, i.at, p.name AS personName, i.file_name AS fileName, i.created, i.updated, i.undone_at FROM imports i LEFT JOIN people p ON p.id = i.person_id ORDER BY i.at DESC`)
    .all() as { id: string; at: string; personName: string | null; fileName: string; created: number; updated: number; undone_at: string | null }[];
  return { imports: rows.map(({ undone_at, ...r }) => ({ ...r, undone: undone_at !== null })) };
}

export function listMappings(ctx: CallContext): Output<'imports.mappings'> {
  const rows = ctx.db.prepare('SELECT name, mapping FROM import_mappings ORDER BY name COLLATE NOCASE').all() as { name: string; mapping: string }[];
  return { mappings: rows.map((r) => ({ name: r.name, mapping: JSON.parse(r.mapping) as Record<string, string> })) };
}

export function saveMapping(ctx: CallContext, input: ParsedInput<'imports.saveMapping'>): Output<'imports.saveMapping'> {
  ctx.db.prepare('INSERT INTO import_mappings (name, mapping) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET mapping = excluded.mapping').run(input.name, JSON.stringify(input.mapping));
  ctx.touch('imports', `mapping:${input.name}`);
  return { name: input.name };
}
