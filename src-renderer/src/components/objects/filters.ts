import { LOCATION_ROLES, SORT_COLUMNS, type Input, type LocationRole } from '@contract';

/** What objects.list is asked for, without the page. */
export type ObjectQuery = Omit<Input<'objects.list'>, 'offset' | 'limit'>;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** The filters the filter bar offers (words and the location come from the search box and the tree). */
export const FILTER_KEYS = ['unlocated', 'role', 'awayFromNormal', 'notSeenSince', 'category', 'condition', 'reachable', 'tag', 'duplicateNumber'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** URL query names: short, readable, stable (a bookmarked list keeps working). */
const PARAM: Record<FilterKey, string> = {
  unlocated: 'unlocated',
  role: 'role',
  awayFromNormal: 'away',
  notSeenSince: 'notSeenSince',
  category: 'category',
  condition: 'condition',
  reachable: 'reachable',
  tag: 'tag',
  duplicateNumber: 'duplicates',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters in a URL; anything malformed is ignored rather than sent. */
export function readFilters(params: URLSearchParams): Partial<Pick<ObjectQuery, FilterKey>> {
  const out: Partial<Pick<ObjectQuery, FilterKey>> = {};
  if (params.get(PARAM.unlocated) === '1') out.unlocated = true;
  const role = params.get(PARAM.role);
  if (role && (LOCATION_ROLES as readonly string[]).includes(role)) out.role = role as LocationRole;
  if (params.get(PARAM.awayFromNormal) === '1') out.awayFromNormal = true;
  const seen = params.get(PARAM.notSeenSince);
  if (seen && ISO_DATE.test(seen)) out.notSeenSince = seen;
  for (const key of ['category', 'condition', 'tag'] as const) {
    const value = params.get(PARAM[key])?.trim();
    if (value) out[key] = value.slice(0, key === 'tag' ? 60 : 100);
  }
  const reachable = params.get(PARAM.reachable);
  if (reachable === 'yes' || reachable === 'no') out.reachable = reachable === 'yes';
  if (params.get(PARAM.duplicateNumber) === '1') out.duplicateNumber = true;
  return out;
}

export type FilterValue = string | boolean | undefined;

/** A copy of the URL query with one filter set (or removed, when the value is undefined or false). */
export function withFilter(params: URLSearchParams, key: FilterKey, value: FilterValue): URLSearchParams {
  const next = new URLSearchParams(params);
  const name = PARAM[key];
  if (value === undefined || value === false || value === '') next.delete(name);
  else if (key === 'reachable') next.set(name, value === true || value === 'yes' ? 'yes' : 'no');
  else next.set(name, value === true ? '1' : String(value));
  return next;
}

export function withoutFilters(params: URLSearchParams): URLSearchParams {
  let next = new URLSearchParams(params);
  for (const key of FILTER_KEYS) next = withFilter(next, key, undefined);
  return next;
}

export function readSort(params: URLSearchParams): { sort?: SortColumn; descending?: boolean } {
  const sort = params.get('sort');
  const valid = sort && (SORT_COLUMNS as readonly string[]).includes(sort) ? (sort as SortColumn) : undefined;
  return { sort: valid, descending: valid && params.get('desc') === '1' ? true : undefined };
}

export function withSort(params: URLSearchParams, sort: SortColumn, descending: boolean): URLSearchParams {
  const next = new URLSearchParams(params);
  if (sort === 'number' && !descending) next.delete('sort');
  else next.set('sort', sort);
  if (descending) next.set('desc', '1');
  else next.delete('desc');
  return next;
}

/** The filters that are on, in the order the bar shows them. */
export function activeFilters(query: Partial<Pick<ObjectQuery, FilterKey>>): FilterKey[] {
  return FILTER_KEYS.filter((key) => query[key] !== undefined && query[key] !== false);
}
