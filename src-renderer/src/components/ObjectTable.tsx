import { Badge, Checkbox, Skeleton, Text, Tooltip, UnstyledButton } from '@mantine/core';
import type { CatalogueObject } from '@contract';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconCopy } from '@tabler/icons-react';
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { queryKey, useQueryProc } from '../api/hooks';
import { useFormatters } from '../lib/format';
import { ErrorState } from './ErrorState';
import { useConditionColor } from './objects/ConditionBadge';
import type { ObjectQuery, SortColumn } from './objects/filters';
import { useSelection, type Selection } from './objects/useSelection';
import './objects/objects.css';

/** What the table lists: words, location, filters and sort, as objects.list takes them. */
export type ObjectFilter = ObjectQuery;

/** Keys that act on the selection (or on the focused row when nothing is selected). */
export type TableShortcut = 'move' | 'edit' | 'return';
export const SHORTCUT_KEYS: Record<TableShortcut, string> = { move: 'M', edit: 'E', return: 'R' };

const PAGE = 100;
const ROW_HEIGHT = 48;

const COLUMNS: { key: string; sort: SortColumn; className: string }[] = [
  { key: 'number', sort: 'number', className: 'col-number' },
  { key: 'name', sort: 'name', className: 'col-name' },
  { key: 'category', sort: 'category', className: 'col-category' },
  { key: 'condition', sort: 'condition', className: 'col-condition' },
  { key: 'location', sort: 'location', className: 'col-location' },
  { key: 'updated', sort: 'updatedAt', className: 'col-updated' },
];

interface Props {
  filter: ObjectFilter;
  onOpen: (object: CatalogueObject) => void;
  empty: ReactNode;
  /** The selection, when the page acts on it (see useSelection); without it the table keeps its own. */
  selection?: Selection;
  /** Show checkboxes and accept selection keys. Defaults to true when a selection is given. */
  selectable?: boolean;
  /** Clicking a column header asks for this sort; without it the headers are plain. */
  onSort?: (column: SortColumn) => void;
  /** M, E or R pressed in the table; `focused` is the row with the keyboard focus. */
  onShortcut?: (shortcut: TableShortcut, focused: CatalogueObject | undefined) => void;
}

/**
 * The objects matching a filter, as a virtualized ARIA grid. Pages of rows are fetched as they scroll into view,
 * so a catalogue of any size opens at once.
 * Keys: arrows, Page Up/Down, Home/End move; Enter opens; Space selects; Shift+arrows extend; Ctrl/Cmd+A selects all;
 * Escape clears the selection; M, E and R are handed to the page (move, bulk edit, return to normal location).
 */
export function ObjectTable({ filter, onOpen, empty, selection: given, selectable = given !== undefined, onSort, onShortcut }: Props) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const conditionColor = useConditionColor();
  const own = useSelection(filter);
  const selection = given ?? own;
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

  const moveFocus = (index: number, extend = false) => {
    const next = Math.max(0, Math.min(total - 1, index));
    if (extend && selectable) void selection.extendTo(next, focused);
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
    const modifier = event.ctrlKey || event.metaKey || event.altKey;
    if (event.key in keys && !modifier) {
      event.preventDefault();
      moveFocus(keys[event.key] ?? focused, event.shiftKey);
    } else if (event.key === 'Enter') {
      const object = rowAt(focused);
      if (object) onOpen(object);
    } else if (!selectable) {
      return;
    } else if (event.key === ' ') {
      event.preventDefault();
      const object = rowAt(focused);
      if (!object) return;
      if (event.shiftKey) void selection.extendTo(focused, focused);
      else selection.toggle(focused, object.id);
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      void selection.selectAll(total);
    } else if (event.key === 'Escape' && selection.ids.size > 0) {
      event.preventDefault();
      selection.clear();
    } else if (onShortcut && !modifier && !event.shiftKey) {
      const shortcut = (Object.keys(SHORTCUT_KEYS) as TableShortcut[]).find((key) => SHORTCUT_KEYS[key].toLowerCase() === event.key.toLowerCase());
      if (shortcut) {
        event.preventDefault();
        onShortcut(shortcut, rowAt(focused));
      }
    }
  };

  const onRowClick = (event: MouseEvent, index: number, object: CatalogueObject | undefined) => {
    if (!object) return;
    if (selectable && event.shiftKey) void selection.extendTo(index, index);
    else if (selectable && (event.ctrlKey || event.metaKey)) selection.toggle(index, object.id);
    else onOpen(object);
  };

  if (first.isError) return <ErrorState error={first.error} onRetry={() => void first.refetch()} />;
  if (first.isSuccess && total === 0) return <>{empty}</>;

  const selectedCount = selection.ids.size;
  const allSelected = total > 0 && selectedCount >= Math.min(total, 10_000);
  const sort = filter.sort ?? 'number';

  return (
    <div
      className="object-table"
      data-selectable={selectable || undefined}
      role="grid"
      aria-label={t('objects.tableLabel')}
      aria-rowcount={total + 1}
      aria-multiselectable={selectable || undefined}
      aria-busy={first.isFetching || selection.busy || undefined}
    >
      <div role="rowgroup" className="object-head">
        <div role="row" className="object-row object-row-head" aria-rowindex={1}>
          {COLUMNS.map((column) => {
            const active = sort === column.sort;
            const direction = active ? (filter.descending ? 'descending' : 'ascending') : undefined;
            const label = t(`objectsUi.table.columns.${column.key}`);
            return (
              <div role="columnheader" key={column.key} className={column.className} aria-sort={onSort ? (direction ?? 'none') : undefined}>
                {column.key === 'number' && selectable && (
                  <Checkbox
                    size="xs"
                    className="row-check"
                    aria-label={allSelected ? t('objectsUi.selection.clear') : t('objectsUi.selection.selectAll', { count: Math.min(total, 10_000) })}
                    checked={allSelected}
                    indeterminate={selectedCount > 0 && !allSelected}
                    onChange={() => (selectedCount > 0 ? selection.clear() : void selection.selectAll(total))}
                    tabIndex={-1}
                  />
                )}
                {onSort ? (
                  <Tooltip label={t('objectsUi.table.sortBy', { column: label })} openDelay={600}>
                    <UnstyledButton className="sort-button" data-active={active || undefined} onClick={() => onSort(column.sort)}>
                      <span>{label}</span>
                      {active ? (
                        filter.descending ? (
                          <IconArrowDown size={13} aria-hidden />
                        ) : (
                          <IconArrowUp size={13} aria-hidden />
                        )
                      ) : (
                        <IconArrowsSort size={13} aria-hidden className="sort-idle" />
                      )}
                    </UnstyledButton>
                  </Tooltip>
                ) : (
                  label
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div ref={scrollRef} className="object-scroll" role="rowgroup" onKeyDown={onKeyDown}>
        {first.isPending ? (
          Array.from({ length: 8 }, (_, i) => <Skeleton key={i} h={28} my={10} mx="md" radius="sm" />)
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const object = rowAt(item.index);
              const selected = object ? selection.has(object.id) : false;
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={selectable ? selected : undefined}
                  data-index={item.index}
                  data-selected={selected || undefined}
                  tabIndex={item.index === focused ? 0 : -1}
                  className="object-row object-row-body"
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onMouseDown={(event) => event.shiftKey && event.preventDefault()}
                  onClick={(event) => onRowClick(event, item.index, object)}
                  onFocus={() => setFocused(item.index)}
                >
                  {object ? (
                    <>
                      <div role="gridcell" className="col-number">
                        {selectable && (
                          <Checkbox
                            size="xs"
                            className="row-check"
                            checked={selected}
                            tabIndex={-1}
                            aria-label={t('objectsUi.selection.selectOne', { number: object.displayNumber })}
                            onClick={(event) => {
                              event.stopPropagation();
                              if (event.shiftKey) void selection.extendTo(item.index, item.index);
                              else selection.toggle(item.index, object.id);
                            }}
                            onChange={() => {}}
                          />
                        )}
                        {object.number === null ? (
                          <Tooltip label={t('objects.temporaryHint')} openDelay={400}>
                            <span className="temp-number">
                              {object.displayNumber}
                              <span className="visually-hidden"> ({t('objects.temporary')})</span>
                            </span>
                          </Tooltip>
                        ) : (
                          <Text span fw={600} size="sm" truncate>
                            {object.displayNumber}
                          </Text>
                        )}
                        {object.duplicateNumber && (
                          <Tooltip label={t('objectsUi.duplicateHint')} openDelay={200}>
                            <span className="duplicate-marker" aria-label={t('objectsUi.duplicate')} role="img">
                              <IconCopy size={14} aria-hidden />
                            </span>
                          </Tooltip>
                        )}
                      </div>
                      <div role="gridcell" className="col-name">
                        <Text size="sm" truncate>
                          {object.name}
                        </Text>
                      </div>
                      <div role="gridcell" className="col-category">
                        {object.category ? (
                          <Text size="sm" truncate>
                            {object.category}
                          </Text>
                        ) : (
                          <Text size="sm" c="dimmed" aria-label={t('objectsUi.table.noCategory')}>
                            —
                          </Text>
                        )}
                      </div>
                      <div role="gridcell" className="col-condition">
                        {object.condition ? (
                          <Badge variant="light" color={conditionColor(object.condition.term)} tt="none" size="sm" fw={600} maw="100%">
                            {object.condition.term}
                          </Badge>
                        ) : (
                          <Text size="sm" c="dimmed" aria-label={t('objectsUi.table.noCondition')}>
                            —
                          </Text>
                        )}
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
                        <Text size="xs" c="dimmed" truncate>
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
