import type { Cell } from './read';

/**
 * Dates as spreadsheets hold them: a date cell, an ISO date ("2024-03-31", or with a time), an Excel serial number
 * (45382), or text in the order of its country: "31/03/2024", "03/31/2024", "31.3.2024" (always day first), with two-
 * digit years read as 19xx or 20xx. A column of slashed dates is read one way for all its rows: day first when any
 * of them can only be day first (31/03), month first when any can only be month first (03/31); when every one
 * reads both ways, the user is asked.
 */

export type DateOrder = 'dmy' | 'mdy';

const SLASHED = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?/;

const pad = (n: number) => String(n).padStart(2, '0');
const fullYear = (y: string) => (y.length === 4 ? Number(y) : Number(y) + (Number(y) < 50 ? 2000 : 1900));

function iso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || year < 1000 || year > 9999) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** An Excel serial day number (1900 system) as an ISO date; only the plausible range (1900 to 2199) is read. */
export function serialDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 109_574) return null;
  const days = Math.floor(serial) - (serial < 61 ? 25568 : 25569);
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/** How a text reads as a slashed date: one way, both ways (ambiguous), or not a slashed date (null). */
export function slashedReadings(text: string): { dmy: string | null; mdy: string | null } | null {
  const m = SLASHED.exec(text.trim());
  if (!m) return null;
  const [a, b, y] = [Number(m[1]), Number(m[2]), fullYear(m[3]!)];
  return { dmy: iso(y, b, a), mdy: iso(y, a, b) };
}

/** The order a column of text dates is in, read from all of its values. */
export function columnDateOrder(values: string[]): { order: DateOrder | 'ambiguous' | 'mixed' | null; ambiguous: string[] } {
  let dayFirst = 0;
  let monthFirst = 0;
  const ambiguous: string[] = [];
  for (const value of values) {
    const r = slashedReadings(value);
    if (!r) continue;
    if (r.dmy && r.mdy) {
      if (r.dmy !== r.mdy) ambiguous.push(value);
    } else if (r.dmy) dayFirst++;
    else if (r.mdy) monthFirst++;
  }
  if (dayFirst && monthFirst) return { order: 'mixed', ambiguous };
  if (dayFirst) return { order: 'dmy', ambiguous };
  if (monthFirst) return { order: 'mdy', ambiguous };
  return { order: ambiguous.length ? 'ambiguous' : null, ambiguous };
}

/**
 * A cell as an ISO date (YYYY-MM-DD), the column's order deciding slashed dates: undefined when the cell is not a
 * date, 'ambiguous' when the order is needed and not known.
 */
export function readDate(value: Cell, text: string, order: DateOrder | null): string | undefined | 'ambiguous' {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value === 'number') return serialDate(value) ?? undefined;
  const trimmed = text.trim();
  const isoMatch = ISO.exec(trimmed);
  if (isoMatch) return iso(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3])) ?? undefined;
  const dotted = DOTTED.exec(trimmed);
  if (dotted) return iso(fullYear(dotted[3]!), Number(dotted[2]), Number(dotted[1])) ?? undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return serialDate(Number(trimmed)) ?? undefined;
  const r = slashedReadings(trimmed);
  if (!r) return undefined;
  if (r.dmy && r.mdy && r.dmy !== r.mdy) return order ? (order === 'dmy' ? r.dmy : r.mdy) : 'ambiguous';
  return (order === 'mdy' ? (r.mdy ?? r.dmy) : (r.dmy ?? r.mdy)) ?? undefined;
}

/**
 * A timestamp written as a wall-clock time in a time zone (an export's local times, its zone named on the About
 * sheet): the instant it was, as ISO. A cell holds the wall clock as if it were UTC.
 */
export function wallClockToInstant(wall: Date, timeZone: string | null): string {
  const asUtc = wall.getTime();
  const offsetAt = (instant: number): number => {
    if (!timeZone) return -new Date(instant).getTimezoneOffset() * 60_000;
    try {
      const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(instant));
      const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
      const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
      return local - Math.floor(instant / 1000) * 1000;
    } catch {
      return -new Date(instant).getTimezoneOffset() * 60_000;
    }
  };
  // The offset at the instant, found in two steps (it may differ across a change of daylight saving time).
  let instant = asUtc - offsetAt(asUtc);
  instant = asUtc - offsetAt(instant);
  return new Date(Math.round(instant)).toISOString();
}
