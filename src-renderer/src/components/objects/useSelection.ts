import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { call } from '../../api/client';
import { queryKey } from '../../api/hooks';
import type { ObjectQuery } from './filters';

/** The contract's limit for one bulk edit, batch move or return: a selection never grows past it. */
export const MAX_SELECTION = 10_000;
/** Rows per request when a selection needs ids that are not on screen. */
const FETCH_PAGE = 500;

export interface Selection {
  ids: ReadonlySet<string>;
  /** The row a Shift+click or Shift+arrow range starts from. */
  anchor: number | null;
  /** Fetching the ids of a range or of every matching object. */
  busy: boolean;
  /** The last Ctrl+A stopped at MAX_SELECTION. */
  capped: boolean;
  has(id: string): boolean;
  toggle(index: number, id: string): void;
  /** Selects every row from the anchor (or `fallback`, when there is none yet) to this one; the rows may not be loaded. */
  extendTo(index: number, fallback?: number): Promise<void>;
  selectAll(total: number): Promise<void>;
  clear(): void;
}

/**
 * Which objects are selected in a table showing `query`. Ids of rows that were never on screen are
 * fetched a page at a time, so ranges and "select all" work across a catalogue of any size.
 */
export function useSelection(query: ObjectQuery): Selection {
  const client = useQueryClient();
  const [ids, setIds] = useState<ReadonlySet<string>>(() => new Set());
  const [anchor, setAnchor] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [capped, setCapped] = useState(false);
  const queryJson = JSON.stringify(query);
  const [seenQuery, setSeenQuery] = useState(queryJson);
  // A new filter or sort shows other rows: the selection would point at rows no longer shown.
  if (seenQuery !== queryJson) {
    setSeenQuery(queryJson);
    setIds(new Set());
    setAnchor(null);
    setCapped(false);
  }
  const latest = useRef(queryJson);
  useEffect(() => {
    latest.current = queryJson;
  }, [queryJson]);
  /** True while the table still shows what a fetch started for. */
  const stillCurrent = (startedFor: string) => latest.current === startedFor;

  const idsBetween = async (from: number, to: number): Promise<string[]> => {
    const q = query;
    const firstPage = Math.floor(from / FETCH_PAGE);
    const lastPage = Math.floor(to / FETCH_PAGE);
    const pages: number[] = [];
    for (let page = firstPage; page <= lastPage; page++) pages.push(page);
    const results: string[][] = [];
    // A few requests at a time: quick, without flooding the server.
    for (let i = 0; i < pages.length; i += 4) {
      const chunk = await Promise.all(
        pages.slice(i, i + 4).map(async (page) => {
          const input = { ...q, offset: page * FETCH_PAGE, limit: FETCH_PAGE };
          const data = await client.fetchQuery({ queryKey: queryKey('objects.list', input), queryFn: () => call('objects.list', input), staleTime: 30_000 });
          return data.items.map((item, j) => ({ index: page * FETCH_PAGE + j, id: item.id }));
        }),
      );
      for (const rows of chunk) results.push(rows.filter((row) => row.index >= from && row.index <= to).map((row) => row.id));
    }
    return results.flat();
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };

  return {
    ids,
    anchor,
    busy,
    capped,
    has: (id) => ids.has(id),
    toggle: (index, id) => {
      setAnchor(index);
      setCapped(false);
      setIds((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else if (next.size < MAX_SELECTION) next.add(id);
        return next;
      });
    },
    extendTo: (index, fallback) =>
      run(async () => {
        const start = anchor ?? fallback ?? index;
        const [from, to] = start <= index ? [start, index] : [index, start];
        const startedFor = queryJson;
        const range = await idsBetween(from, Math.min(to, from + MAX_SELECTION - 1));
        if (!stillCurrent(startedFor)) return;
        setIds((current) => {
          const next = new Set(current);
          for (const id of range) {
            if (next.size >= MAX_SELECTION) break;
            next.add(id);
          }
          return next;
        });
        if (anchor === null) setAnchor(start);
      }),
    selectAll: (total) =>
      run(async () => {
        if (total === 0) return;
        const startedFor = queryJson;
        const all = await idsBetween(0, Math.min(total, MAX_SELECTION) - 1);
        if (!stillCurrent(startedFor)) return;
        setIds(new Set(all));
        setCapped(total > MAX_SELECTION);
      }),
    clear: () => {
      setIds(new Set());
      setAnchor(null);
      setCapped(false);
    },
  };
}
