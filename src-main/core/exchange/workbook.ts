import { CUSTOM_FIELD_KINDS, LOCATION_ROLES, MOVE_REASONS, type LocationRole, type MoveReason } from '../../contract';
import { everyLanguage } from '../i18n/locales';
import { normalizeHeader } from './headers';
import { CellFault, type Cell, type Table } from './read';

/**
 * What a workbook Storeroom exported says besides its Objects sheet, so that it imports into an empty catalogue as it
 * is: its lists (the hidden sheet the drop-downs come from: categories, condition terms in their order, custom fields
 * with their kinds and choices), its Locations sheet (the tree, with names, types and roles), its Movements sheet
 * (history), and the time zone its times were written in (About). Sheets and headers are recognised in every
 * language Storeroom writes them.
 */

/** The first cell of the hidden lists sheet: marks a workbook as Storeroom's. */
export const LISTS_MARKER = 'storeroom:lists';
/** The About sheet's line naming the time zone of the workbook's times (an IANA name). */
export const TIME_ZONE_LABEL = 'timeZone';

export interface OwnLocation {
  code: string;
  name: string;
  type: string;
  role: LocationRole;
  parent: string | null;
  notes: string;
  archived: boolean;
}

export interface OwnMovement {
  row: number;
  at: Date;
  object: string;
  from: string | null;
  to: string | null;
  reason: MoveReason;
  reference: string;
  note: string;
  container: string | null;
  by: string | null;
}

export interface OwnWorkbook {
  categories: string[];
  conditions: string[];
  /** Custom fields by name: kind and choices. */
  customFields: Map<string, { name: string; kind: (typeof CUSTOM_FIELD_KINDS)[number]; choices: string[] }>;
  locations: OwnLocation[];
  movementsSheet: string | null;
  timeZone: string | null;
}

const cellText = (c: Cell | undefined): string => (c === null || c === undefined || c instanceof CellFault ? '' : c instanceof Date ? c.toISOString() : String(c).trim());

/** Every language's word for a key (a sheet's name, a column's header), normalized, to the key's last part. */
function reverse(keys: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const key of keys) for (const [, value] of everyLanguage(key)) if (typeof value === 'string') found.set(normalizeHeader(value), key.split('.').pop()!);
  return found;
}

const sheetNamed = (table: Table, sheet: string): string | null => {
  const names = new Set(everyLanguage(`export.sheets.${sheet}`).map(([, v]) => normalizeHeader(String(v))));
  return [...table.sheets, ...(table.hiddenSheets ?? [])].find((s) => names.has(normalizeHeader(s))) ?? null;
};

/** A sheet's rows as records keyed by column id (spectrum.json's keys), from its header row. */
function records(rows: Cell[][], ids: string[]): { row: number; values: Record<string, Cell> }[] {
  const byHeader = reverse(ids.map((id) => `spectrum.${id}`));
  const header = (rows[0] ?? []).map((c) => byHeader.get(normalizeHeader(cellText(c))) ?? null);
  return rows.slice(1).flatMap((cells, i) => {
    if (!cells.some((c) => c !== null)) return [];
    const values: Record<string, Cell> = {};
    header.forEach((id, index) => {
      if (id && !(id in values)) values[id] = cells[index] ?? null;
    });
    return [{ row: i + 2, values }];
  });
}

const TYPES = () => reverse(['locationTypes.site', 'locationTypes.building', 'locationTypes.room', 'locationTypes.unit', 'locationTypes.shelf', 'locationTypes.drawer', 'locationTypes.box', 'locationTypes.tray']);
const ROLES = () => {
  const roles = new Map<string, LocationRole>();
  for (const role of LOCATION_ROLES) for (const [, v] of everyLanguage(`roles.${role}`)) roles.set(normalizeHeader(String(v)), role);
  for (const role of LOCATION_ROLES) roles.set(role, role);
  return roles;
};
const REASONS = () => {
  const reasons = new Map<string, MoveReason>();
  for (const reason of MOVE_REASONS) for (const [, v] of everyLanguage(`reasons.${reason}`)) reasons.set(normalizeHeader(String(v)), reason);
  return reasons;
};
const YES = () => new Set(everyLanguage('export.values.yes').map(([, v]) => normalizeHeader(String(v))));

/** The lists, locations, history sheet and time zone of a Storeroom workbook; null for any other file. */
export async function ownWorkbook(table: Table): Promise<OwnWorkbook | null> {
  if (table.format !== 'xlsx' || !table.readSheet) return null;
  let lists: Cell[][] | null = null;
  for (const name of table.hiddenSheets ?? []) {
    const rows = await table.readSheet(name);
    if (rows && cellText(rows[0]?.[0]) === LISTS_MARKER) {
      lists = rows;
      break;
    }
  }
  if (!lists) return null;
  const column = (index: number, from: number) =>
    lists!
      .slice(from)
      .map((r) => cellText(r[index]))
      .filter(Boolean);
  const own: OwnWorkbook = { categories: column(0, 2), conditions: column(1, 2), customFields: new Map(), locations: [], movementsSheet: null, timeZone: null };
  const width = Math.max(...lists.slice(0, 3).map((r) => r.length));
  for (let index = 2; index < width; index++) {
    const name = cellText(lists[1]?.[index]);
    const kind = cellText(lists[2]?.[index]) as (typeof CUSTOM_FIELD_KINDS)[number];
    if (name && (CUSTOM_FIELD_KINDS as readonly string[]).includes(kind)) own.customFields.set(normalizeHeader(name), { name, kind, choices: column(index, 3) });
  }

  const locationsSheet = sheetNamed(table, 'Locations');
  const locationRows = locationsSheet ? await table.readSheet(locationsSheet) : null;
  if (locationRows) {
    const types = TYPES();
    const roles = ROLES();
    const yes = YES();
    for (const { values } of records(locationRows, ['locationCode', 'locationName', 'locationType', 'locationRole', 'parentLocation', 'archived', 'locationNotes'])) {
      const code = cellText(values.locationCode);
      if (!code) continue;
      const typeText = cellText(values.locationType);
      own.locations.push({
        code,
        name: cellText(values.locationName) || code,
        type: types.get(normalizeHeader(typeText)) ?? (typeText || 'room'),
        role: roles.get(normalizeHeader(cellText(values.locationRole))) ?? 'permanent',
        parent: cellText(values.parentLocation) || null,
        notes: cellText(values.locationNotes),
        archived: yes.has(normalizeHeader(cellText(values.archived))),
      });
    }
  }
  own.movementsSheet = sheetNamed(table, 'Movements');
  const aboutSheet = sheetNamed(table, 'About');
  const about = aboutSheet ? await table.readSheet(aboutSheet) : null;
  for (const row of about ?? []) {
    const value = cellText(row[1]);
    if (cellText(row[0]) && /^[A-Za-z_]+\/[A-Za-z_\-/+0-9]+$|^UTC$/.test(value)) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: value });
        own.timeZone = value;
        break;
      } catch {
        // Not a time zone.
      }
    }
  }
  return own;
}

/** The movements of a Storeroom workbook's Movements sheet. */
export async function ownMovements(table: Table, sheet: string): Promise<OwnMovement[]> {
  const rows = (await table.readSheet?.(sheet)) ?? [];
  const reasons = REASONS();
  const movements: OwnMovement[] = [];
  for (const { row, values } of records(rows, ['movementDate', 'number', 'fromLocation', 'toLocation', 'reasonForMove', 'movementReference', 'movedBy', 'movementNote', 'withContainer'])) {
    const at = values.movementDate;
    const object = cellText(values.number);
    if (!(at instanceof Date) || !object) continue;
    movements.push({
      row,
      at,
      object,
      from: cellText(values.fromLocation) || null,
      to: cellText(values.toLocation) || null,
      reason: reasons.get(normalizeHeader(cellText(values.reasonForMove))) ?? 'other',
      reference: cellText(values.movementReference),
      note: cellText(values.movementNote),
      container: cellText(values.withContainer) || null,
      by: cellText(values.movedBy) || null,
    });
  }
  return movements;
}
