import { ActionIcon, Button, EmptyState, Group, Kbd, List, Loader, Modal, Popover, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { CatalogueObject } from '@contract';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconFilterOff,
  IconHelpCircle,
  IconKeyboard,
  IconPencil,
  IconPrinter,
  IconSearch,
  IconSearchOff,
  IconTruckDelivery,
  IconX,
} from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { useMutationProc, useQueryProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { notifyError } from '../../lib/notify';
import { serverMessage } from '../../lib/serverMessages';
import { LabelsDialog } from '../labels/LabelsDialog';
import { MoveModal } from '../MoveModal';
import { ObjectFormModal } from '../ObjectFormModal';
import { ObjectTable, SHORTCUT_KEYS, type TableShortcut } from '../ObjectTable';
import { PHONE_QUERY } from '../../app/layout';
import { ObjectCardList } from './ObjectCardList';
import { BulkEditModal } from './BulkEditModal';
import { FilterBar, filterLabel, type Filters } from './FilterBar';
import { activeFilters, readFilters, readSort, withFilter, withoutFilters, withSort, type FilterKey, type FilterValue, type ObjectQuery, type SortColumn } from './filters';
import { MAX_SELECTION, useSelection } from './useSelection';

type Action = { kind: 'move' | 'bulk' | 'return' | 'labels'; ids: string[] } | { kind: 'moveOne' | 'editOne'; object: CatalogueObject };

/**
 * Search, filters, the object table and what can be done with a selection. Words, filters and sort live in the
 * URL query, so a list survives a reload and can be bookmarked.
 */
export function ObjectBrowser({ locationId, empty }: { locationId?: string; empty: ReactNode }) {
  // On a phone or tablet the objects are a list of cards: a table would cut columns off.
  const phone = useMediaQuery(PHONE_QUERY) ?? false;
  const { t } = useTranslation();
  const { number, date } = useFormatters();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  // The URL holds the words the list shows; the box writes them there once typing pauses.
  const urlQuery = (params.get('q') ?? '').trim();
  const [search, setSearch] = useState(urlQuery);
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [action, setAction] = useState<Action | null>(null);
  // The URL changed from elsewhere (a link, Back): the box follows it.
  const [shownUrlQuery, setShownUrlQuery] = useState(urlQuery);
  if (urlQuery !== shownUrlQuery) {
    setShownUrlQuery(urlQuery);
    if (urlQuery !== search.trim()) setSearch(urlQuery);
  }
  const written = useRef(debounced);
  useEffect(() => {
    if (debounced === written.current) return;
    written.current = debounced;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (debounced) next.set('q', debounced);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [debounced, setParams]);

  const filters: Filters = readFilters(params);
  const sort = readSort(params);
  const query: ObjectQuery = { query: urlQuery || undefined, locationId, ...filters, ...sort };
  const selection = useSelection(query);
  const list = useQueryProc('objects.list', { ...query, offset: 0, limit: 100 }, { placeholderData: keepPreviousData });
  const searchError = list.error instanceof ApiError && list.error.code === 'VALIDATION' && query.query ? list.error : null;
  const active = activeFilters(filters);

  const setFilter = (key: FilterKey, value: FilterValue) => setParams((current) => withFilter(current, key, value));
  const clearFilters = () => setParams((current) => withoutFilters(current));
  const onSort = (column: SortColumn) =>
    setParams((current) => withSort(current, column, (query.sort ?? 'number') === column ? !query.descending : column === 'updatedAt'), { replace: true });

  const selected = [...selection.ids];
  const onShortcut = (shortcut: TableShortcut, focused: CatalogueObject | undefined) => {
    if (selected.length > 0) setAction({ kind: shortcut === 'edit' ? 'bulk' : shortcut, ids: selected });
    else if (focused && shortcut === 'move') setAction({ kind: 'moveOne', object: focused });
    else if (focused && shortcut === 'edit') setAction({ kind: 'editOne', object: focused });
    else if (focused) setAction({ kind: 'return', ids: [focused.id] });
  };
  const closeAction = () => setAction(null);
  const afterAction = () => {
    selection.clear();
    setAction(null);
  };

  const emptyState = searchError ? null : urlQuery ? (
    <EmptyState icon={<IconSearchOff size={28} />} title={t('main.noMatchTitle', { query: urlQuery })} description={t('main.noMatchBody')} className="page-empty">
      {active.length > 0 && (
        <Button mt="md" variant="light" leftSection={<IconFilterOff size={16} />} onClick={clearFilters}>
          {t('objectsUi.filters.clearAll')}
        </Button>
      )}
    </EmptyState>
  ) : active.length === 1 ? (
    <EmptyState
      icon={<IconFilterOff size={28} />}
      title={t(`objectsUi.empty.${emptyKey(active[0]!, filters)}`, { value: filterValue(active[0]!, filters, date) })}
      description={t('objectsUi.empty.oneFilterBody', { filter: filterLabel(t, active[0]!, filters, date) })}
      className="page-empty"
    >
      <Button mt="md" variant="light" leftSection={<IconX size={16} />} onClick={() => setFilter(active[0]!, undefined)}>
        {t('objectsUi.filters.removeOne', { filter: filterLabel(t, active[0]!, filters, date) })}
      </Button>
    </EmptyState>
  ) : active.length > 1 ? (
    <EmptyState icon={<IconFilterOff size={28} />} title={t('objectsUi.empty.manyTitle')} description={t('objectsUi.empty.manyBody')} className="page-empty">
      <Button mt="md" variant="light" leftSection={<IconFilterOff size={16} />} onClick={clearFilters}>
        {t('objectsUi.filters.clearAll')}
      </Button>
    </EmptyState>
  ) : (
    empty
  );

  return (
    <Stack gap="sm" className="object-browser" style={{ flex: 1, minHeight: 0 }}>
      <Group gap="sm" wrap="nowrap" className="search-row">
        <TextInput
          style={{ flex: 1 }}
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={<SearchHelp />}
          rightSectionPointerEvents="all"
          placeholder={t('objectsUi.search.placeholder')}
          aria-label={t('main.search')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          type="search"
          error={searchError ? t('objectsUi.search.invalid') : undefined}
          maxLength={200}
        />
        <Text size="sm" c="dimmed" aria-live="polite" className="result-count" mt={8}>
          {list.data && !searchError ? t('main.count', { count: list.data.total, formatted: number(list.data.total) }) : ''}
        </Text>
        {/* The table's keys; a phone shows a list of cards instead. */}
        {!phone && <ShortcutHelp />}
      </Group>
      <FilterBar filters={filters} onChange={setFilter} onClear={clearFilters} />
      {(selection.ids.size > 0 || selection.busy) && (
        <SelectionBar
          count={selection.ids.size}
          busy={selection.busy}
          capped={selection.capped}
          onMove={() => setAction({ kind: 'move', ids: selected })}
          onBulk={() => setAction({ kind: 'bulk', ids: selected })}
          onReturn={() => setAction({ kind: 'return', ids: selected })}
          onLabels={() => setAction({ kind: 'labels', ids: selected })}
          onClear={selection.clear}
        />
      )}
      {searchError ? (
        <EmptyState icon={<IconAlertTriangle size={28} />} title={t('objectsUi.search.invalidTitle')} description={t('objectsUi.search.invalidBody')} className="page-empty">
          <Text size="xs" c="dimmed" mt="sm" ff="monospace" className="search-detail">
            {serverMessage(t, searchError)}
          </Text>
        </EmptyState>
      ) : (
        phone ? (
          <ObjectCardList filter={query} onOpen={(object) => navigate(`/objects/${object.id}`)} empty={emptyState} />
        ) : (
          <ObjectTable filter={query} selection={selection} onSort={onSort} onShortcut={onShortcut} onOpen={(object) => navigate(`/objects/${object.id}`)} empty={emptyState} />
        )
      )}
      {action?.kind === 'move' && <MoveModal objectIds={action.ids} onClose={closeAction} onMoved={afterAction} />}
      {action?.kind === 'moveOne' && <MoveModal object={action.object} onClose={closeAction} />}
      {action?.kind === 'editOne' && <ObjectFormModal object={action.object} onClose={closeAction} />}
      {action?.kind === 'bulk' && <BulkEditModal ids={action.ids} onClose={closeAction} onDone={afterAction} />}
      {action?.kind === 'return' && <ReturnModal ids={action.ids} onClose={closeAction} onDone={afterAction} />}
      {action?.kind === 'labels' && <LabelsDialog context={{ objectIds: action.ids, filter: listFilter(query) }} onClose={closeAction} />}
    </Stack>
  );
}

/** The list's words and filters, without its order: what "the objects in this list" prints labels for. */
function listFilter({ sort: _sort, descending: _descending, ...filter }: ObjectQuery) {
  return filter;
}

/** The empty-state title for a list filtered by one thing. */
function emptyKey(key: FilterKey, filters: Filters): string {
  if (key === 'role') return `role_${filters.role ?? 'permanent'}`;
  if (key === 'reachable') return filters.reachable ? 'reachable' : 'notReachable';
  return key;
}

function filterValue(key: FilterKey, filters: Filters, date: (iso: string) => string): string {
  if (key === 'notSeenSince' && filters.notSeenSince) return date(`${filters.notSeenSince}T12:00:00`);
  const value = filters[key];
  return typeof value === 'string' ? value : '';
}

function SelectionBar(props: {
  count: number;
  busy: boolean;
  capped: boolean;
  onMove: () => void;
  onBulk: () => void;
  onReturn: () => void;
  onLabels: () => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const shortcut = (label: string, key: string) => (
    <Group gap={6} wrap="nowrap">
      {label}
      <Kbd size="xs">{key}</Kbd>
    </Group>
  );
  return (
    <Group gap="xs" justify="space-between" wrap="wrap" className="selection-bar" role="toolbar" aria-label={t('objectsUi.selection.toolbar')}>
      <Group gap="xs" wrap="nowrap">
        {props.busy && <Loader size="xs" aria-label={t('objectsUi.selection.selecting')} />}
        <Text size="sm" fw={700} className="selection-count" aria-live="polite">
          {t('objectsUi.selection.count', { count: props.count, formatted: number(props.count) })}
        </Text>
        {props.capped && (
          <Tooltip label={t('objectsUi.selection.cappedHelp', { max: number(MAX_SELECTION) })} multiline w={280}>
            <Text size="xs" c="orange.8">
              {t('objectsUi.selection.capped', { max: number(MAX_SELECTION) })}
            </Text>
          </Tooltip>
        )}
      </Group>
      <Group gap={6} wrap="wrap">
        <Tooltip label={shortcut(t('objectsUi.selection.moveHelp'), SHORTCUT_KEYS.move)}>
          <Button size="xs" leftSection={<IconTruckDelivery size={15} aria-hidden />} onClick={props.onMove} disabled={props.busy || props.count === 0} aria-keyshortcuts="M">
            {t('objectsUi.selection.move')}
          </Button>
        </Tooltip>
        <Tooltip label={shortcut(t('objectsUi.selection.bulkHelp'), SHORTCUT_KEYS.edit)}>
          <Button size="xs" variant="default" leftSection={<IconPencil size={15} aria-hidden />} onClick={props.onBulk} disabled={props.busy || props.count === 0} aria-keyshortcuts="E">
            {t('objectsUi.selection.bulk')}
          </Button>
        </Tooltip>
        <Tooltip label={shortcut(t('objectsUi.selection.returnHelp'), SHORTCUT_KEYS.return)}>
          <Button size="xs" variant="default" leftSection={<IconArrowBackUp size={15} aria-hidden />} onClick={props.onReturn} disabled={props.busy || props.count === 0} aria-keyshortcuts="R">
            {t('objectsUi.selection.return')}
          </Button>
        </Tooltip>
        <Tooltip label={t('labels.menuHelp')}>
          <Button size="xs" variant="default" leftSection={<IconPrinter size={15} aria-hidden />} onClick={props.onLabels} disabled={props.busy || props.count === 0} data-testid="selection-labels">
            {t('labels.menu')}
          </Button>
        </Tooltip>
        <Tooltip label={shortcut(t('objectsUi.selection.clear'), t('objectsUi.keyNames.esc'))}>
          <ActionIcon variant="subtle" color="gray" onClick={props.onClear} aria-label={t('objectsUi.selection.clear')}>
            <IconX size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Group>
  );
}

function ReturnModal({ ids, onClose, onDone }: { ids: string[]; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const back = useMutationProc('moves.returnToNormal', {
    onSuccess: (result) => {
      const none = result.skipped.filter((s) => s.why === 'no_normal_location').length;
      const there = result.skipped.length - none;
      const parts = [
        none > 0 ? t('objectsUi.return.skippedNone', { count: none, formatted: number(none) }) : '',
        there > 0 ? t('objectsUi.return.skippedThere', { count: there, formatted: number(there) }) : '',
      ].filter(Boolean);
      notifications.show({
        color: result.moved > 0 ? 'teal' : 'orange',
        title: t('objectsUi.return.moved', { count: result.moved, formatted: number(result.moved) }),
        message: parts.length ? t('objectsUi.return.skipped', { list: parts.join(' · ') }) : t('objectsUi.return.noneSkipped'),
        autoClose: 8000,
      });
      onDone();
    },
    onError: (error) => notifyError(t, error),
  });
  return (
    <Modal opened onClose={onClose} title={t('objectsUi.return.title', { count: ids.length, formatted: number(ids.length) })} centered>
      <Stack gap="md">
        <Text size="sm">{t('objectsUi.return.body', { count: ids.length, formatted: number(ids.length) })}</Text>
        <Text size="sm" c="dimmed">
          {t('objectsUi.return.skipExplained')}
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button leftSection={<IconArrowBackUp size={16} />} loading={back.isPending} onClick={() => back.mutate({ objectIds: ids })} data-autofocus>
            {t('objectsUi.return.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function SearchHelp() {
  const { t } = useTranslation();
  const examples: [string, string][] = [
    ['bowl', t('objectsUi.search.tipPrefix')],
    ['"blue rim"', t('objectsUi.search.tipPhrase')],
    ['glass OR ceramic', t('objectsUi.search.tipOr')],
    ['bowl NOT blue', t('objectsUi.search.tipNot')],
  ];
  return (
    <Popover position="bottom-end" shadow="md" width={320} withinPortal>
      <Popover.Target>
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('objectsUi.search.help')}>
          <IconHelpCircle size={16} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="sm" fw={600} mb={6}>
          {t('objectsUi.search.helpTitle')}
        </Text>
        <Text size="xs" c="dimmed" mb="xs">
          {t('objectsUi.search.helpBody')}
        </Text>
        <List size="sm" spacing={4}>
          {examples.map(([example, help]) => (
            <List.Item key={example}>
              <Text span ff="monospace" size="sm" fw={600}>
                {example}
              </Text>{' '}
              <Text span size="sm" c="dimmed">
                {help}
              </Text>
            </List.Item>
          ))}
        </List>
      </Popover.Dropdown>
    </Popover>
  );
}

function ShortcutHelp() {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    ['↑ ↓', t('objectsUi.keys.navigate')],
    [t('objectsUi.keyNames.enter'), t('objectsUi.keys.open')],
    [t('objectsUi.keyNames.space'), t('objectsUi.keys.toggle')],
    [`${t('objectsUi.keyNames.shift')} + ↑ ↓`, t('objectsUi.keys.extend')],
    [`${t('objectsUi.keyNames.shift')} + ${t('objectsUi.keyNames.click')}`, t('objectsUi.keys.range')],
    [`${t('objectsUi.keyNames.ctrl')}/⌘ + A`, t('objectsUi.keys.all')],
    [t('objectsUi.keyNames.esc'), t('objectsUi.keys.clear')],
    [SHORTCUT_KEYS.move, t('objectsUi.keys.move')],
    [SHORTCUT_KEYS.edit, t('objectsUi.keys.edit')],
    [SHORTCUT_KEYS.return, t('objectsUi.keys.return')],
  ];
  return (
    <Popover position="bottom-end" shadow="md" width={300} withinPortal>
      <Popover.Target>
        <Tooltip label={t('objectsUi.keys.title')} openDelay={300}>
          <ActionIcon variant="default" size="lg" aria-label={t('objectsUi.keys.title')}>
            <IconKeyboard size={18} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="sm" fw={600} mb="xs">
          {t('objectsUi.keys.title')}
        </Text>
        <Stack gap={6}>
          {rows.map(([keys, what]) => (
            <Group key={keys} justify="space-between" wrap="nowrap" gap="sm">
              <Text size="sm">{what}</Text>
              <Kbd size="xs">{keys}</Kbd>
            </Group>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
