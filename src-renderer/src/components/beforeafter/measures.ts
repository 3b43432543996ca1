import { MEASURE_DIRECTIONS, type Measures, type Output } from '@contract';

export type MeasuresAt = Output<'measures.at'>;
export type RoomMeasures = MeasuresAt['rooms'][number];
export type Direction = 'higher' | 'lower' | 'neutral';
/** What a change means for the storeroom: better, worse, no change, or a change that is neither (a count of objects). */
export type Verdict = 'better' | 'worse' | 'same' | 'changed';

type Key = keyof typeof MEASURE_DIRECTIONS;

export interface MeasureRow {
  key: Key;
  /** How the value reads: a count, or a percentage whose change is in points. */
  kind: 'count' | 'percent';
  /** The counts behind a percentage ("8 of 10"), or the total a count is out of ("of 5 units"). */
  detail?: (m: Measures) => { part: number; whole: number } | { whole: number };
}

/** The RE-ORG measures, in the order the comparison and the report show them. */
export const MEASURE_ROWS: MeasureRow[] = [
  { key: 'objects', kind: 'count' },
  { key: 'locatedPercent', kind: 'percent', detail: (m) => ({ part: m.located, whole: m.objects }) },
  { key: 'onFloor', kind: 'count' },
  { key: 'inHolding', kind: 'count' },
  { key: 'reachablePercent', kind: 'percent', detail: (m) => ({ part: m.reachable, whole: m.reachableAssessed }) },
  { key: 'mixedUnits', kind: 'count', detail: (m) => ({ whole: m.units }) },
  { key: 'notSeenSinceBefore', kind: 'count' },
];

/** The columns of the rooms table: the same measures, fewer words. */
export const ROOM_COLUMNS: MeasureRow[] = MEASURE_ROWS;

const round1 = (n: number) => Math.round(n * 10) / 10;

export function delta(row: Pick<MeasureRow, 'key' | 'kind'>, from: Measures, to: Measures): number {
  return row.kind === 'percent' ? round1(to[row.key] - from[row.key]) : to[row.key] - from[row.key];
}

export function verdictOf(direction: Direction, change: number): Verdict {
  if (change === 0) return 'same';
  if (direction === 'neutral') return 'changed';
  return change > 0 === (direction === 'higher') ? 'better' : 'worse';
}

export const directionOf = (key: Key): Direction => MEASURE_DIRECTIONS[key];

/** The measures of a set with nothing in it. */
export const ZERO: Measures = {
  objects: 0,
  located: 0,
  locatedPercent: 0,
  onFloor: 0,
  inHolding: 0,
  reachable: 0,
  reachablePercent: 0,
  reachableAssessed: 0,
  units: 0,
  mixedUnits: 0,
  conditions: {},
  notSeenSinceBefore: 0,
};

/** A room's key, for the URL and for matching rooms at two milestones ("none": objects in no room). */
export const roomKey = (room: Pick<RoomMeasures, 'locationId'>) => room.locationId ?? 'none';

/** Every room at either milestone, with its measures at each (undefined when it did not exist then). */
export function pairRooms(from: MeasuresAt, to: MeasuresAt) {
  const rooms = new Map<string, { key: string; code: string | null; name: string | null; from?: Measures; to?: Measures }>();
  for (const r of from.rooms) rooms.set(roomKey(r), { key: roomKey(r), code: r.code, name: r.name, from: r.measures });
  for (const r of to.rooms) {
    const known = rooms.get(roomKey(r));
    rooms.set(roomKey(r), { key: roomKey(r), code: r.code, name: r.name, from: known?.from, to: r.measures });
  }
  // Objects in no room at one milestone and none at the other: zero then, not "did not exist".
  const none = rooms.get('none');
  if (none) {
    none.from ??= ZERO;
    none.to ??= ZERO;
  }
  return [...rooms.values()].sort((a, b) => (a.code === null ? 1 : b.code === null ? -1 : a.code.localeCompare(b.code, undefined, { numeric: true })));
}

export type RoomPair = ReturnType<typeof pairRooms>[number];
