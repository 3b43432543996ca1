import { ActionIcon, Badge, Button, Group, Menu, ScrollArea, Skeleton, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import type { TreeLocation } from '@contract';
import { IconBox, IconChevronDown, IconChevronRight, IconDots, IconMapPinOff, IconPencil, IconPlus, IconStack2 } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryProc } from '../api/hooks';
import { useFormatters } from '../lib/format';
import { typeLabel } from '../lib/locations';
import { ErrorState } from './ErrorState';
import { LocationFormModal, type LocationFormMode } from './LocationFormModal';

export type Selection = { kind: 'all' } | { kind: 'unlocated' } | { kind: 'location'; id: string };

/** The navbar: every location as an indented, collapsible tree with object counts. */
export function LocationTree({ selection, onSelect }: { selection: Selection | null; onSelect: (selection: Selection) => void }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const tree = useQueryProc('locations.tree', {});
  const info = useQueryProc('catalogue.info', {});
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const [form, setForm] = useState<LocationFormMode | null>(null);

  const locations = useMemo(() => tree.data?.locations ?? [], [tree.data]);
  const visible = useMemo(() => {
    const shown: { location: TreeLocation; hasChildren: boolean }[] = [];
    let hideBelow = Infinity;
    locations.forEach((location, i) => {
      if (location.depth > hideBelow) return;
      hideBelow = Infinity;
      const hasChildren = (locations[i + 1]?.depth ?? -1) > location.depth;
      shown.push({ location, hasChildren });
      if (hasChildren && collapsed.has(location.id)) hideBelow = location.depth;
    });
    return shown;
  }, [locations, collapsed]);

  const total = info.data?.objectCount;
  const located = locations.filter((l) => l.depth === 0).reduce((sum, l) => sum + l.subtreeObjectCount, 0);
  const unlocated = total === undefined ? undefined : Math.max(0, total - located);

  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Stack gap={0} h="100%">
      <Group justify="space-between" px="md" pt="md" pb="xs" wrap="nowrap">
        <Text size="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5}>
          {t('tree.title')}
        </Text>
      </Group>
      <ScrollArea style={{ flex: 1 }} type="auto" offsetScrollbars>
        <nav aria-label={t('tree.title')}>
          <Stack gap={2} px="xs" pb="md">
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
            {tree.isPending && [0, 1, 2, 3].map((i) => <Skeleton key={i} h={30} radius="sm" my={2} />)}
            {tree.isError && <ErrorState error={tree.error} onRetry={() => void tree.refetch()} />}
            {tree.isSuccess && locations.length === 0 && (
              <Stack gap="xs" p="sm" className="tree-empty">
                <Text size="sm" fw={500}>
                  {t('tree.emptyTitle')}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('tree.emptyBody')}
                </Text>
              </Stack>
            )}
            {visible.map(({ location, hasChildren }) => (
              <LocationRow
                key={location.id}
                location={location}
                hasChildren={hasChildren}
                expanded={!collapsed.has(location.id)}
                active={selection?.kind === 'location' && selection.id === location.id}
                onToggle={() => toggle(location.id)}
                onSelect={() => onSelect({ kind: 'location', id: location.id })}
                onAddChild={() => setForm({ kind: 'create', parentId: location.id })}
                onEdit={() => setForm({ kind: 'edit', location })}
              />
            ))}
          </Stack>
        </nav>
      </ScrollArea>
      <div className="tree-footer">
        <Button fullWidth variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setForm({ kind: 'create', parentId: null })}>
          {t('tree.newLocation')}
        </Button>
      </div>
      {form && <LocationFormModal mode={form} locations={locations} onClose={() => setForm(null)} />}
    </Stack>
  );
}

function TreeEntry({ icon, label, count, active, onClick }: { icon: React.ReactNode; label: string; count?: string; active: boolean; onClick: () => void }) {
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
  location: TreeLocation;
  hasChildren: boolean;
  expanded: boolean;
  active: boolean;
  onToggle: () => void;
  onSelect: () => void;
  onAddChild: () => void;
  onEdit: () => void;
}

function LocationRow({ location, hasChildren, expanded, active, onToggle, onSelect, onAddChild, onEdit }: RowProps) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  return (
    <Group
      gap={2}
      wrap="nowrap"
      className="tree-row"
      data-active={active || undefined}
      style={{ paddingLeft: location.depth * 14 }}
    >
      {hasChildren ? (
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          onClick={onToggle}
          aria-expanded={expanded}
          aria-label={expanded ? t('tree.collapse', { code: location.code }) : t('tree.expand', { code: location.code })}
        >
          {expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
        </ActionIcon>
      ) : (
        <span className="tree-spacer" />
      )}
      <Tooltip label={`${location.path} · ${typeLabel(t, location.type)}`} openDelay={600} position="right" withinPortal>
        <UnstyledButton className="tree-select" onClick={onSelect} aria-current={active ? 'true' : undefined}>
          <Group gap={6} wrap="nowrap">
            <IconBox size={15} className="tree-icon" aria-hidden />
            <Text size="sm" fw={600} className="tree-code">
              {location.code}
            </Text>
            <Text size="sm" c="dimmed" truncate style={{ flex: 1, minWidth: 0 }}>
              {location.name}
            </Text>
            {location.role !== 'permanent' && (
              <Badge size="xs" variant="light" tt="none" color={location.role === 'floor' ? 'red' : 'orange'} className="role-badge">
                {t(`roles.${location.role}Short`)}
              </Badge>
            )}
            <Text size="xs" c="dimmed" className="tree-count" aria-label={t('tree.countLabel', { count: location.subtreeObjectCount })}>
              {number(location.subtreeObjectCount)}
            </Text>
          </Group>
        </UnstyledButton>
      </Tooltip>
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" size="sm" className="tree-menu" aria-label={t('tree.actions', { code: location.code })}>
            <IconDots size={14} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPlus size={14} />} onClick={onAddChild}>
            {t('tree.addSublocation')}
          </Menu.Item>
          <Menu.Item leftSection={<IconPencil size={14} />} onClick={onEdit}>
            {t('tree.edit')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
