import { ActionIcon, Badge, Button, CloseButton, Group, Menu, Skeleton, Stack, Switch, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core';
import type { TreeLocation } from '@contract';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  IconArrowsExchange,
  IconBarcode,
  IconBox,
  IconBuilding,
  IconChevronDown,
  IconChevronRight,
  IconDoor,
  IconDots,
  IconFirstAidKit,
  IconLayoutBottombar,
  IconLayoutColumns,
  IconLayoutRows,
  IconMapPin,
  IconMapPinOff,
  IconPlus,
  IconSearch,
  IconSquare,
  IconStack2,
  IconWand,
} from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useQueryProc } from '../api/hooks';
import { logicalArrow, useRtl } from '../lib/direction';
import { useFormatters } from '../lib/format';
import { typeLabel } from '../lib/locations';
import { ErrorState } from './ErrorState';
import { LocationMenuItems } from './locations/LocationMenuItems';
import { ancestorIds, type TreeModel } from './locations/treeModel';
import { revealInTree, setOpen, useTreeState } from './locations/treeState';
import { useLocationActions, type LocationAction } from './locations/useLocationActions';
import { useTreeModel } from './locations/useTreeModel';
import './locations/locations.css';

export type Selection = { kind: 'all' } | { kind: 'unlocated' } | { kind: 'location'; id: string };

const ROW_HEIGHT = 32;

interface Row {
  location: TreeLocation;
  hasChildren: boolean;
  open: boolean;
  /** While filtering: true for a match, false for an ancestor shown only to place it. */
  match: boolean;
}

const TYPE_ICONS: Record<string, typeof IconBox> = {
  site: IconMapPin,
  building: IconBuilding,
  room: IconDoor,
  unit: IconLayoutColumns,
  shelf: IconLayoutRows,
  drawer: IconLayoutBottombar,
  box: IconBox,
  tray: IconSquare,
};

/** The rows to show: the open part of the tree, or, while filtering, the matches with their ancestors. */
function visibleRows(model: TreeModel, openState: ReadonlyMap<string, boolean>, filter: string, showArchived: boolean): Row[] {
  const { locations, children, hidden, openByDefault } = model;
  const shown = (i: number) => showArchived || !hidden[i];
  const rows: Row[] = [];
  const q = filter.trim().toLowerCase();
  if (q) {
    const matches = locations.map((l, i) => shown(i) && (l.code.toLowerCase().includes(q) || l.name.toLowerCase().includes(q)));
    // A location is kept when it matches or something below it does (walk backwards: children come after parents).
    const keep = [...matches];
    for (let i = locations.length - 1; i >= 0; i--) {
      if (!keep[i]) continue;
      const parentId = locations[i]!.parentId;
      const parent = parentId === null ? undefined : model.indexOf.get(parentId);
      if (parent !== undefined) keep[parent] = true;
    }
    locations.forEach((location, i) => {
      if (keep[i]) rows.push({ location, hasChildren: children[i]!.some(shown), open: true, match: matches[i]! });
    });
    return rows;
  }
  let closedBelow = Infinity;
  locations.forEach((location, i) => {
    if (location.depth > closedBelow) return;
    closedBelow = Infinity;
    if (!shown(i)) {
      closedBelow = location.depth;
      return;
    }
    const hasChildren = children[i]!.some(shown);
    const open = openState.get(location.id) ?? openByDefault[i]!;
    rows.push({ location, hasChildren, open, match: false });
    if (hasChildren && !open) closedBelow = location.depth;
  });
  return rows;
}

function Highlight({ text, query }: { text: string; query: string }) {
  const q = query.trim().toLowerCase();
  const at = q ? text.toLowerCase().indexOf(q) : -1;
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <mark className="loc-tree-match">{text.slice(at, at + q.length)}</mark>
      {text.slice(at + q.length)}
    </>
  );
}

/**
 * The navbar: every location as a collapsible tree with object counts, virtualized so 20,000 locations scroll
 * smoothly. Keyboard: arrows move and open/close, Enter selects, F2 edits, Insert adds, Alt+↑/↓ reorders,
 * Shift+F10 (or the context-menu key) opens a location's actions.
 */
export function LocationTree({
  selection,
  onSelect,
  onNavigate,
}: {
  selection: Selection | null;
  onSelect: (selection: Selection) => void;
  /** Called after going to another page from the tree (the phone drawer closes). */
  onNavigate?: () => void;
}) {
  const { t } = useTranslation();
  const rtl = useRtl();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { number } = useFormatters();
  const { tree, model } = useTreeModel();
  const info = useQueryProc('catalogue.info', {});
  const treeState = useTreeState();
  const actions = useLocationActions(model);
  const [filter, setFilter] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);

  const selectedId = selection?.kind === 'location' ? selection.id : null;
  const rows = useMemo(() => visibleRows(model, treeState.open, filter, showArchived), [model, treeState.open, filter, showArchived]);
  const indexById = useMemo(() => new Map(rows.map((row, i) => [row.location.id, i])), [rows]);
  const archivedCount = useMemo(() => model.locations.filter((l) => l.archived).length, [model]);
  const matchCount = filter.trim() ? rows.filter((r) => r.match).length : 0;

  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 16 });

  // A location selected from elsewhere (a link, the location page) is revealed once.
  const revealedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!selectedId || revealedFor.current === selectedId || !model.byId.has(selectedId)) return;
    revealedFor.current = selectedId;
    revealInTree(selectedId, ancestorIds(model, selectedId));
  }, [selectedId, model]);

  // Scroll to whatever was last revealed, once, as soon as its row exists (not again on every later change).
  const revealSeq = treeState.reveal?.seq;
  const revealId = treeState.reveal?.id;
  const scrolledFor = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!revealId || scrolledFor.current === revealSeq) return;
    const index = indexById.get(revealId);
    if (index === undefined) return;
    scrolledFor.current = revealSeq;
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [revealSeq, revealId, indexById, virtualizer]);

  // Leaving a search puts the chosen location back in view, in the whole tree.
  const wasFiltering = useRef(false);
  useEffect(() => {
    const filtering = filter.trim() !== '';
    if (wasFiltering.current && !filtering && selectedId) {
      const index = indexById.get(selectedId);
      if (index !== undefined) virtualizer.scrollToIndex(index, { align: 'center' });
    }
    wasFiltering.current = filtering;
  }, [filter, selectedId, indexById, virtualizer]);

  const focusIndex = focusId !== null && indexById.has(focusId) ? indexById.get(focusId)! : selectedId !== null && indexById.has(selectedId) ? indexById.get(selectedId)! : 0;

  const focusRow = (index: number, attempts = 10) => {
    const row = rows[index];
    if (!row) return;
    setFocusId(row.location.id);
    virtualizer.scrollToIndex(index, { align: 'auto' });
    const tryFocus = (left: number) => {
      const element = scrollRef.current?.querySelector<HTMLElement>(`[data-id="${row.location.id}"]`);
      if (element) element.focus({ preventScroll: true });
      else if (left > 0) requestAnimationFrame(() => tryFocus(left - 1));
    };
    requestAnimationFrame(() => tryFocus(attempts));
  };

  const choose = (location: TreeLocation) => {
    setFocusId(location.id);
    // Chosen here: it is in view already, so the tree does not jump to it.
    revealedFor.current = location.id;
    if (filter.trim()) revealInTree(location.id, ancestorIds(model, location.id));
    onSelect({ kind: 'location', id: location.id });
  };

  /** Opens a row's actions from the keyboard, with the focus on its first item. */
  const openMenu = (id: string) => {
    setMenuFor(id);
    const focusFirst = (left: number) => {
      const item = document.querySelector<HTMLElement>(`[data-menu-for="${id}"] [role="menuitem"]:not([data-disabled])`);
      if (item) item.focus();
      else if (left > 0) requestAnimationFrame(() => focusFirst(left - 1));
    };
    requestAnimationFrame(() => focusFirst(10));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget && !(event.target as HTMLElement).matches('[role="treeitem"]')) return;
    const row = rows[focusIndex];
    if (!row) return;
    const { location } = row;
    const act = (action: LocationAction) => {
      event.preventDefault();
      actions.perform(action, location);
    };
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) return act(event.key === 'ArrowUp' ? 'up' : 'down');
    switch (logicalArrow(event.key, rtl)) {
      case 'ArrowDown':
        event.preventDefault();
        return focusRow(Math.min(rows.length - 1, focusIndex + 1));
      case 'ArrowUp':
        event.preventDefault();
        if (focusIndex === 0) return filterRef.current?.focus();
        return focusRow(focusIndex - 1);
      case 'Home':
        event.preventDefault();
        return focusRow(0);
      case 'End':
        event.preventDefault();
        return focusRow(rows.length - 1);
      case 'PageDown':
      case 'PageUp': {
        event.preventDefault();
        const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
        return focusRow(Math.max(0, Math.min(rows.length - 1, focusIndex + (event.key === 'PageDown' ? page : -page))));
      }
      case 'ArrowRight':
        event.preventDefault();
        if (row.hasChildren && !row.open && !filter.trim()) return setOpen(location.id, true);
        if (row.hasChildren) return focusRow(focusIndex + 1);
        return;
      case 'ArrowLeft': {
        event.preventDefault();
        if (row.hasChildren && row.open && !filter.trim()) return setOpen(location.id, false);
        const parent = location.parentId ? indexById.get(location.parentId) : undefined;
        if (parent !== undefined) focusRow(parent);
        return;
      }
      case 'Enter':
      case ' ':
        event.preventDefault();
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) return actions.perform('open', location);
        return choose(location);
      case 'F2':
        return act('edit');
      case 'Insert':
        return act('add');
      case 'Delete':
        return act(actions.available('delete', location) ? 'delete' : 'archive');
      case 'ContextMenu':
        event.preventDefault();
        return openMenu(location.id);
      case 'F10':
        if (event.shiftKey) {
          event.preventDefault();
          openMenu(location.id);
        }
        return;
      case '/':
        event.preventDefault();
        return filterRef.current?.focus();
    }
  };

  const total = info.data?.objectCount;
  const located = model.locations.filter((l) => l.depth === 0).reduce((sum, l) => sum + l.subtreeObjectCount, 0);
  const unlocated = total === undefined ? undefined : Math.max(0, total - located);

  return (
    <nav aria-label={t('tree.title')} className="loc-tree">
      <Group justify="space-between" px="md" pt="md" pb="xs" wrap="nowrap">
        <Text size="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5} component="h2">
          {t('tree.title')}
        </Text>
      </Group>
      <Stack gap={2} px="xs">
        <Stack gap={2} hiddenFrom="sm">
          {(
            [
              ['/rapid', t('rapid.title'), <IconBarcode key="rapid" size={16} aria-hidden />],
              ['/batches', t('moves.batchesTitle'), <IconArrowsExchange key="batches" size={16} aria-hidden />],
              ['/evacuations', t('evacuation.nav'), <IconFirstAidKit key="evacuations" size={16} aria-hidden />],
            ] as const
          ).map(([path, label, icon]) => (
            <TreeEntry
              key={path}
              icon={icon}
              label={label}
              active={pathname === path || (path === '/evacuations' && pathname.startsWith('/evacuations/'))}
              onClick={() => {
                navigate(path);
                onNavigate?.();
              }}
            />
          ))}
          <div className="tree-divider" />
        </Stack>
        <TreeEntry
          icon={<IconStack2 size={16} aria-hidden />}
          label={t('tree.all')}
          count={total === undefined ? undefined : number(total)}
          active={selection?.kind === 'all'}
          onClick={() => onSelect({ kind: 'all' })}
        />
        <TreeEntry
          icon={<IconMapPinOff size={16} aria-hidden />}
          label={t('tree.unlocated')}
          count={unlocated === undefined ? undefined : number(unlocated)}
          active={selection?.kind === 'unlocated'}
          onClick={() => onSelect({ kind: 'unlocated' })}
        />
        <div className="tree-divider" />
      </Stack>
      {model.locations.length > 0 && (
        <Stack gap={4} className="loc-tree-tools">
          <TextInput
            ref={filterRef}
            size="xs"
            leftSection={<IconSearch size={14} aria-hidden />}
            placeholder={t('locationsUi.tree.filterPlaceholder')}
            aria-label={t('locationsUi.tree.filter')}
            value={filter}
            onChange={(e) => setFilter(e.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setFilter('');
              else if (event.key === 'ArrowDown') {
                event.preventDefault();
                focusRow(0);
              } else if (event.key === 'Enter') {
                const first = rows.find((r) => r.match);
                if (first) {
                  choose(first.location);
                  setFilter('');
                }
              }
            }}
            rightSection={filter ? <CloseButton size="sm" onClick={() => setFilter('')} aria-label={t('locationsUi.tree.clearFilter')} /> : null}
          />
          {(filter.trim() || archivedCount > 0) && (
            <Group justify="space-between" gap="xs" wrap="nowrap" px={4}>
              <Text size="xs" c="dimmed" aria-live="polite">
                {filter.trim() ? (matchCount > 0 ? t('locationsUi.tree.matches', { count: matchCount }) : t('locationsUi.tree.noMatch')) : ''}
              </Text>
              {archivedCount > 0 && (
                <Switch
                  size="xs"
                  label={t('locationsUi.tree.showArchived', { count: archivedCount })}
                  checked={showArchived}
                  onChange={(e) => setShowArchived(e.currentTarget.checked)}
                />
              )}
            </Group>
          )}
        </Stack>
      )}
      <div
        ref={scrollRef}
        className="loc-tree-scroll"
        role="tree"
        aria-label={t('locationsUi.tree.label')}
        onKeyDown={onKeyDown}
      >
        {tree.isPending && [0, 1, 2, 3].map((i) => <Skeleton key={i} h={30} radius="sm" my={2} />)}
        {tree.isError && <ErrorState error={tree.error} onRetry={() => void tree.refetch()} />}
        {tree.isSuccess && model.locations.length === 0 && (
          <Stack gap="xs" p="sm" className="tree-empty">
            <Text size="sm" fw={500}>
              {t('tree.emptyTitle')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('tree.emptyBody')}
            </Text>
          </Stack>
        )}
        {rows.length > 0 && (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index]!;
              const { location } = row;
              return (
                <LocationRow
                  key={location.id}
                  row={row}
                  top={item.start}
                  query={filter}
                  filtering={filter.trim() !== ''}
                  focusable={item.index === focusIndex}
                  active={selectedId === location.id}
                  menuOpened={menuFor === location.id}
                  onMenuChange={(opened) => setMenuFor(opened ? location.id : null)}
                  onToggle={() => setOpen(location.id, !row.open)}
                  onSelect={() => choose(location)}
                  onFocus={() => setFocusId(location.id)}
                  menu={<LocationMenuItems location={location} available={actions.available} perform={actions.perform} />}
                />
              );
            })}
          </div>
        )}
      </div>
      <div className="loc-tree-footer">
        <Button style={{ flex: 1 }} variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={actions.createTopLevel}>
          {t('tree.newLocation')}
        </Button>
        <Tooltip label={t('locationsUi.tree.generate')} openDelay={300}>
          <ActionIcon variant="light" size="lg" onClick={actions.generateTopLevel} aria-label={t('locationsUi.tree.generate')}>
            <IconWand size={18} />
          </ActionIcon>
        </Tooltip>
      </div>
      {actions.dialogs}
    </nav>
  );
}

function TreeEntry({ icon, label, count, active, onClick }: { icon: ReactNode; label: string; count?: string; active: boolean; onClick: () => void }) {
  return (
    <UnstyledButton className="tree-row tree-entry" data-active={active || undefined} aria-current={active ? 'true' : undefined} onClick={onClick}>
      <Group gap="xs" wrap="nowrap" px="xs">
        {icon}
        <Text size="sm" fw={500} style={{ flex: 1 }}>
          {label}
        </Text>
        {count !== undefined && (
          <Text size="xs" c="dimmed" className="tree-count">
            {count}
          </Text>
        )}
      </Group>
    </UnstyledButton>
  );
}

interface RowProps {
  row: Row;
  top: number;
  query: string;
  filtering: boolean;
  focusable: boolean;
  active: boolean;
  menuOpened: boolean;
  onMenuChange: (opened: boolean) => void;
  onToggle: () => void;
  onSelect: () => void;
  onFocus: () => void;
  menu: ReactNode;
}

function LocationRow({ row, top, query, filtering, focusable, active, menuOpened, onMenuChange, onToggle, onSelect, onFocus, menu }: RowProps) {
  const { t } = useTranslation();
  const rtl = useRtl();
  const { number } = useFormatters();
  const { location, hasChildren, open, match } = row;
  const Icon = TYPE_ICONS[location.type.toLowerCase()] ?? IconBox;
  return (
    <div
      role="treeitem"
      aria-level={location.depth + 1}
      aria-expanded={hasChildren ? open : undefined}
      aria-selected={active}
      aria-label={`${location.code} ${location.name}`}
      tabIndex={focusable ? 0 : -1}
      data-id={location.id}
      data-active={active || undefined}
      data-archived={location.archived || undefined}
      data-context={(filtering && !match) || undefined}
      className="loc-tree-row"
      style={{ transform: `translateY(${top}px)`, paddingInlineStart: location.depth * 14 }}
      onClick={onSelect}
      onFocus={(event) => event.target === event.currentTarget && onFocus()}
    >
      {hasChildren && !filtering ? (
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          tabIndex={-1}
          onClick={(event) => {
            event.stopPropagation();
            onToggle();
          }}
          aria-label={open ? t('tree.collapse', { code: location.code }) : t('tree.expand', { code: location.code })}
        >
          {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
        </ActionIcon>
      ) : (
        <span className="tree-spacer" />
      )}
      <Tooltip label={`${location.path} · ${typeLabel(t, location.type)}`} openDelay={700} position={rtl ? 'left' : 'right'} withinPortal>
        <div className="loc-tree-label">
          <Icon size={15} className="tree-icon" aria-hidden />
          <Text span size="sm" fw={600} className="tree-code">
            {filtering ? <Highlight text={location.code} query={query} /> : location.code}
          </Text>
          <Text span size="sm" c="dimmed" className="loc-tree-name">
            {filtering ? <Highlight text={location.name} query={query} /> : location.name}
          </Text>
          {location.archived && (
            <Badge size="xs" variant="outline" color="gray" tt="none" className="role-badge">
              {t('locationsUi.archivedBadge')}
            </Badge>
          )}
          {location.role !== 'permanent' && (
            <Badge size="xs" variant="light" tt="none" color={location.role === 'floor' ? 'red' : 'orange'} className="role-badge">
              {t(`roles.${location.role}Short`)}
            </Badge>
          )}
          <Text span size="xs" c="dimmed" className="tree-count" aria-label={t('tree.countLabel', { count: location.subtreeObjectCount })}>
            {number(location.subtreeObjectCount)}
          </Text>
        </div>
      </Tooltip>
      <Menu position="bottom-end" withinPortal shadow="md" opened={menuOpened} onChange={onMenuChange} width={250}>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            tabIndex={-1}
            className="tree-menu"
            aria-label={t('tree.actions', { code: location.code })}
            onClick={(event) => event.stopPropagation()}
          >
            <IconDots size={14} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown onClick={(event) => event.stopPropagation()} data-menu-for={location.id}>
          {menu}
        </Menu.Dropdown>
      </Menu>
    </div>
  );
}
