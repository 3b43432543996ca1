import { Skeleton, Tooltip, UnstyledButton } from '@mantine/core';
import type { CatalogueObject } from '@contract';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconCopy } from '@tabler/icons-react';
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call } from '../api/client';
import { queryKey, useQueryProc } from '../api/hooks';
import { ErrorState } from './ErrorState';
import { useConditionColor } from './objects/ConditionBadge';
import type { ObjectQuery, SortColumn } from './objects/filters';
import { useDateTimeFormat } from './objects/formatCache';
import { useSelection, type Selection } from './objects/useSelection';
import './objects/objects.css';
import { PhotoThumb } from './photos/PhotoThumb';

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
  const dateTime = useDateTimeFormat();
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
      // No placeholder: useQueries would lend each slot the previous page at the same position, showing the wrong rows.
      return { queryKey: queryKey('objects.list', input), queryFn: () => call('objects.list', input), staleTime: 30_000 };
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

  /** Row clicks are handled here, once, rather than by a handler per row: rows stay cheap to render. */
  const rowIndexOf = (target: EventTarget): number | null => {
    const row = (target as HTMLElement).closest<HTMLElement>('[data-index]');
    return row ? Number(row.dataset.index) : null;
  };
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const index = rowIndexOf(event.target);
    const object = index === null ? undefined : rowAt(index);
    if (index === null || !object) return;
    const onCheckbox = (event.target as HTMLElement).closest('.row-check') !== null;
    if (selectable && event.shiftKey) void selection.extendTo(index, index);
    else if (selectable && (onCheckbox || event.ctrlKey || event.metaKey)) selection.toggle(index, object.id);
    else onOpen(object);
  };
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const index = rowIndexOf(event.target);
    if (index !== null) setFocused(index);
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
                  <input
                    type="checkbox"
                    className="row-check"
                    aria-label={allSelected ? t('objectsUi.selection.clear') : t('objectsUi.selection.selectAll', { count: Math.min(total, 10_000) })}
                    checked={allSelected}
                    ref={(input) => {
                      if (input) input.indeterminate = selectedCount > 0 && !allSelected;
                    }}
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
      <div
        ref={scrollRef}
        className="object-scroll"
        role="rowgroup"
        onKeyDown={onKeyDown}
        onClick={onClick}
        onFocus={onFocus}
        onMouseDown={(event) => event.shiftKey && event.preventDefault()}
      >
        {first.isPending ? (
          Array.from({ length: 8 }, (_, i) => <Skeleton key={i} h={28} my={10} mx="md" radius="sm" />)
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const object = rowAt(item.index);
              return (
                <Row
                  key={item.key}
                  index={item.index}
                  start={item.start}
                  object={object}
                  selectable={selectable}
                  selected={object ? selection.has(object.id) : false}
                  focusable={item.index === focused}
                  conditionColor={object?.condition ? conditionColor(object.condition.term) : 'gray'}
                  updated={object ? dateTime.format(new Date(object.updatedAt)) : ''}
                  t={t}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

interface RowProps {
  index: number;
  start: number;
  object: CatalogueObject | undefined;
  selectable: boolean;
  selected: boolean;
  focusable: boolean;
  conditionColor: string;
  updated: string;
  t: TFunction;
}

/**
 * One row, in plain elements: a table scrolled through 200,000 objects renders dozens of these per frame.
 * It re-renders only when its own object, selection or focus changes.
 */
const Row = memo(function Row({ index, start, object, selectable, selected, focusable, conditionColor, updated, t }: RowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selectable && object ? selected : undefined}
      data-index={index}
      data-selected={selected || undefined}
      tabIndex={focusable ? 0 : -1}
      className="object-row object-row-body"
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
    >
      {object ? (
        <>
          <div role="gridcell" className="col-number">
            {selectable && (
              <input
                type="checkbox"
                className="row-check"
                checked={selected}
                tabIndex={-1}
                aria-label={t('objectsUi.selection.selectOne', { number: object.displayNumber })}
                onChange={() => {}}
              />
            )}
            {object.number === null ? (
              <span className="temp-number cell-text" title={t('objects.temporaryHint')}>
                {object.displayNumber}
                <span className="visually-hidden"> ({t('objects.temporary')})</span>
              </span>
            ) : (
              <span className="cell-text cell-number">{object.displayNumber}</span>
            )}
            {object.duplicateNumber && (
              <span className="duplicate-marker" role="img" aria-label={t('objectsUi.duplicate')} title={t('objectsUi.duplicateHint')}>
                <IconCopy size={14} aria-hidden />
              </span>
            )}
          </div>
          <div role="gridcell" className="col-name">
            <PhotoThumb photoId={object.primaryPhotoId} size={34} />
            <span className="cell-text" title={object.name.length > 40 ? object.name : undefined}>
              {object.name}
            </span>
          </div>
          <div role="gridcell" className="col-category">
            {object.category ? (
              <span className="cell-text">{object.category}</span>
            ) : (
              <span className="cell-text cell-dimmed" aria-label={t('objectsUi.table.noCategory')}>
                —
              </span>
            )}
          </div>
          <div role="gridcell" className="col-condition">
            {object.condition ? (
              <span className="condition-pill" style={{ background: `var(--mantine-color-${conditionColor}-light)`, color: `var(--mantine-color-${conditionColor}-light-color)` }}>
                {object.condition.term}
              </span>
            ) : (
              <span className="cell-text cell-dimmed" aria-label={t('objectsUi.table.noCondition')}>
                —
              </span>
            )}
          </div>
          <div role="gridcell" className="col-location">
            {object.currentLocationCode ? (
              <span className="cell-text cell-code" title={object.currentLocationPath ?? undefined}>
                {object.currentLocationCode}
              </span>
            ) : (
              <span className="cell-text cell-dimmed cell-missing">{t('objects.noLocation')}</span>
            )}
          </div>
          <div role="gridcell" className="col-updated">
            <span className="cell-text cell-small">{updated}</span>
          </div>
        </>
      ) : (
        <div role="gridcell" className="row-loading">
          <span className="row-placeholder" />
        </div>
      )}
    </div>
  );
});
