import { Skeleton, Text, Tooltip } from '@mantine/core';
import type { CatalogueObject } from '@contract';
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { queryKey, useQueryProc } from '../api/hooks';
import { useFormatters } from '../lib/format';
import { ErrorState } from './ErrorState';

export interface ObjectFilter {
  query?: string;
  locationId?: string;
  unlocated?: boolean;
}

const PAGE = 100;
const ROW_HEIGHT = 48;

/**
 * The objects matching a filter, as a virtualized grid. Pages of rows are fetched as they scroll into view,
 * so a catalogue of any size opens at once. Arrow keys move between rows; Enter opens one.
 */
export function ObjectTable({ filter, onOpen, empty }: { filter: ObjectFilter; onOpen: (object: CatalogueObject) => void; empty: ReactNode }) {
  const { t } = useTranslation();
  const { number, dateTime } = useFormatters();
  const scrollRef = useRef<HTMLDivElement>(null);
  const first = useQueryProc('objects.list', { ...filter, offset: 0, limit: PAGE }, { placeholderData: keepPreviousData });
  const total = first.data?.total ?? 0;

  // The virtualizer is read fresh on every render; this component does not rely on memoization.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const pageNumbers = [...new Set(items.map((item) => Math.floor(item.index / PAGE)))].filter((page) => page > 0);
  const pages = useQueries({
    queries: pageNumbers.map((page) => {
      const input = { ...filter, offset: page * PAGE, limit: PAGE };
      return { queryKey: queryKey('objects.list', input), queryFn: () => call('objects.list', input), placeholderData: keepPreviousData };
    }),
  });
  const rowAt = (index: number): CatalogueObject | undefined => {
    const page = Math.floor(index / PAGE);
    const data = page === 0 ? first.data : pages[pageNumbers.indexOf(page)]?.data;
    return data?.items[index - page * PAGE];
  };

  const [focused, setFocused] = useState(0);
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    setFocused(0);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filterKey]);
  /** Focuses a row once the virtualizer has rendered it (a few frames at most after scrolling). */
  const focusRow = (index: number, attempts = 10) => {
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (row) row.focus({ preventScroll: true });
    else if (attempts > 0) requestAnimationFrame(() => focusRow(index, attempts - 1));
  };

  const moveFocus = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setFocused(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    requestAnimationFrame(() => focusRow(next));
  };
  const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 480) / ROW_HEIGHT) - 1);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, number> = {
      ArrowDown: focused + 1,
      ArrowUp: focused - 1,
      PageDown: focused + pageRows,
      PageUp: focused - pageRows,
      Home: 0,
      End: total - 1,
    };
    if (event.key in keys) {
      event.preventDefault();
      moveFocus(keys[event.key] ?? focused);
    } else if (event.key === 'Enter') {
      const object = rowAt(focused);
      if (object) onOpen(object);
    }
  };

  if (first.isError) return <ErrorState error={first.error} onRetry={() => void first.refetch()} />;
  if (first.isSuccess && total === 0) return <>{empty}</>;

  return (
    <div className="object-table" role="grid" aria-label={t('objects.tableLabel')} aria-rowcount={total + 1} aria-busy={first.isFetching || undefined}>
      <div role="rowgroup" className="object-head">
        <div role="row" className="object-row object-row-head" aria-rowindex={1}>
          <div role="columnheader">{t('objects.columns.number')}</div>
          <div role="columnheader">{t('objects.columns.name')}</div>
          <div role="columnheader" className="col-count">
            {t('objects.columns.count')}
          </div>
          <div role="columnheader">{t('objects.columns.location')}</div>
          <div role="columnheader" className="col-updated">
            {t('objects.columns.updated')}
          </div>
        </div>
      </div>
      <div ref={scrollRef} className="object-scroll" role="rowgroup" onKeyDown={onKeyDown}>
        {first.isPending ? (
          Array.from({ length: 8 }, (_, i) => <Skeleton key={i} h={28} my={10} mx="md" radius="sm" />)
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const object = rowAt(item.index);
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  data-index={item.index}
                  tabIndex={item.index === focused ? 0 : -1}
                  className="object-row object-row-body"
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => object && onOpen(object)}
                  onFocus={() => setFocused(item.index)}
                >
                  {object ? (
                    <>
                      <div role="gridcell" className="col-number">
                        {object.number === null ? (
                          <Tooltip label={t('objects.temporaryHint')} openDelay={400}>
                            <span className="temp-number">
                              {object.displayNumber}
                              <span className="visually-hidden"> ({t('objects.temporary')})</span>
                            </span>
                          </Tooltip>
                        ) : (
                          <Text span fw={600} size="sm">
                            {object.displayNumber}
                          </Text>
                        )}
                      </div>
                      <div role="gridcell" className="col-name">
                        <Text size="sm" truncate>
                          {object.name}
                        </Text>
                      </div>
                      <div role="gridcell" className="col-count">
                        <Text size="sm">{number(object.count)}</Text>
                      </div>
                      <div role="gridcell" className="col-location">
                        {object.currentLocationCode ? (
                          <Tooltip label={object.currentLocationPath} openDelay={300}>
                            <Text size="sm" ff="monospace" truncate>
                              {object.currentLocationCode}
                            </Text>
                          </Tooltip>
                        ) : (
                          <Text size="sm" c="dimmed" fs="italic" truncate>
                            {t('objects.noLocation')}
                          </Text>
                        )}
                      </div>
                      <div role="gridcell" className="col-updated">
                        <Text size="xs" c="dimmed">
                          {dateTime(object.updatedAt)}
                        </Text>
                      </div>
                    </>
                  ) : (
                    <div role="gridcell" className="row-loading">
                      <Skeleton h={14} radius="sm" />
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
