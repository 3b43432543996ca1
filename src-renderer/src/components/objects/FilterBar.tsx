import { Badge, Button, FocusTrap, Group, Menu, Popover, SegmentedControl, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { LOCATION_ROLES, type LocationRole } from '@contract';
import { IconAdjustmentsHorizontal, IconAlertCircle, IconCheck, IconX } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { localDate } from './dates';
import { FilterChip } from './FilterChip';
import { activeFilters, type FilterKey, type FilterValue, type ObjectQuery } from './filters';

export type Filters = Partial<Pick<ObjectQuery, FilterKey>>;

/** The words for one active filter, as its chip shows it. */
export function filterLabel(t: TFunction, key: FilterKey, filters: Filters, date: (iso: string) => string): string {
  switch (key) {
    case 'unlocated':
      return t('objectsUi.filters.chips.unlocated');
    case 'role':
      return t(`objectsUi.filters.chips.role_${filters.role ?? 'permanent'}`);
    case 'awayFromNormal':
      return t('objectsUi.filters.chips.awayFromNormal');
    case 'notSeenSince':
      return t('objectsUi.filters.chips.notSeenSince', { date: filters.notSeenSince ? date(`${filters.notSeenSince}T12:00:00`) : '' });
    case 'category':
      return t('objectsUi.filters.chips.category', { value: filters.category });
    case 'condition':
      return t('objectsUi.filters.chips.condition', { value: filters.condition });
    case 'reachable':
      return t(filters.reachable ? 'objectsUi.filters.chips.reachable' : 'objectsUi.filters.chips.notReachable');
    case 'tag':
      return t('objectsUi.filters.chips.tag', { value: filters.tag });
    case 'duplicateNumber':
      return t('objectsUi.filters.chips.duplicateNumber');
  }
}

/**
 * The filter controls: a "Needs attention" menu for RE-ORG's lists, a "Filters" panel for the rest,
 * and the active filters as removable chips.
 */
export function FilterBar({ filters, onChange, onClear }: { filters: Filters; onChange: (key: FilterKey, value: FilterValue) => void; onClear: () => void }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const [panelOpen, setPanelOpen] = useState(false);
  const active = activeFilters(filters);

  const attention: { key: FilterKey; label: string; help: string; on: boolean; value: FilterValue }[] = [
    { key: 'unlocated', label: t('objectsUi.filters.unlocated'), help: t('objectsUi.filters.unlocatedHelp'), on: !!filters.unlocated, value: true },
    { key: 'role', label: t('objectsUi.filters.holding'), help: t('objectsUi.filters.holdingHelp'), on: filters.role === 'holding', value: 'holding' },
    { key: 'awayFromNormal', label: t('objectsUi.filters.away'), help: t('objectsUi.filters.awayHelp'), on: !!filters.awayFromNormal, value: true },
  ];

  return (
    <Stack gap={8}>
      <Group gap="xs" wrap="wrap" className="filter-bar">
        <Menu position="bottom-start" shadow="md" withinPortal>
          <Menu.Target>
            <Button variant="default" size="xs" leftSection={<IconAlertCircle size={15} aria-hidden />}>
              {t('objectsUi.filters.attention')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown maw={340}>
            <Menu.Label>{t('objectsUi.filters.attentionLabel')}</Menu.Label>
            {attention.map((item) => (
              <Menu.Item
                key={item.key}
                leftSection={item.on ? <IconCheck size={14} aria-hidden /> : <span style={{ width: 14, display: 'inline-block' }} />}
                onClick={() => onChange(item.key, item.on ? undefined : item.value)}
              >
                <Text size="sm">
                  {item.label}
                  {item.on && <span className="visually-hidden"> ({t('objectsUi.filters.on')})</span>}
                </Text>
                <Text size="xs" c="dimmed">
                  {item.help}
                </Text>
              </Menu.Item>
            ))}
            <Menu.Item
              leftSection={filters.notSeenSince ? <IconCheck size={14} aria-hidden /> : <span style={{ width: 14, display: 'inline-block' }} />}
              onClick={() => {
                if (!filters.notSeenSince) onChange('notSeenSince', localDate(30));
                setPanelOpen(true);
              }}
            >
              <Text size="sm">{t('objectsUi.filters.notSeen')}</Text>
              <Text size="xs" c="dimmed">
                {t('objectsUi.filters.notSeenHelp')}
              </Text>
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
        <Popover opened={panelOpen} onChange={setPanelOpen} position="bottom-start" shadow="md" width={320} trapFocus withinPortal>
          <Popover.Target>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconAdjustmentsHorizontal size={15} aria-hidden />}
              rightSection={
                active.length > 0 ? (
                  <Badge size="xs" circle aria-label={t('objectsUi.filters.activeCount', { count: active.length })}>
                    {active.length}
                  </Badge>
                ) : undefined
              }
              onClick={() => setPanelOpen((open) => !open)}
              aria-expanded={panelOpen}
            >
              {t('objectsUi.filters.button')}
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <FilterPanel filters={filters} onChange={onChange} />
          </Popover.Dropdown>
        </Popover>
        {active.map((key) => {
          const label = filterLabel(t, key, filters, date);
          return (
            <FilterChip key={key} label={label} removeLabel={t('objectsUi.filters.remove', { filter: label })} onRemove={() => onChange(key, undefined)} />
          );
        })}
        {active.length > 1 && (
          <Button variant="subtle" size="compact-xs" color="gray" leftSection={<IconX size={12} aria-hidden />} onClick={onClear}>
            {t('objectsUi.filters.clearAll')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function FilterPanel({ filters, onChange }: { filters: Filters; onChange: (key: FilterKey, value: FilterValue) => void }) {
  const { t } = useTranslation();
  const vocabularies = useQueryProc('vocabularies.get', {});
  const [tag, setTag] = useState(filters.tag ?? '');
  const reachable = filters.reachable === undefined ? 'any' : filters.reachable ? 'yes' : 'no';
  const applyTag = () => onChange('tag', tag.trim() || undefined);
  return (
    <Stack gap="sm">
      <FocusTrap.InitialFocus />
      <Text className="section-label">{t('objectsUi.filters.panelTitle')}</Text>
      <Select
        label={t('objectsUi.fields.category')}
        size="xs"
        data={vocabularies.data?.categories ?? []}
        value={filters.category ?? null}
        onChange={(v) => onChange('category', v ?? undefined)}
        clearable
        searchable
        placeholder={t('objectsUi.filters.any')}
        nothingFoundMessage={t('common.nothingFound')}
        comboboxProps={{ withinPortal: false }}
      />
      <Select
        label={t('objectsUi.fields.condition')}
        size="xs"
        data={vocabularies.data?.conditions ?? []}
        value={filters.condition ?? null}
        onChange={(v) => onChange('condition', v ?? undefined)}
        clearable
        placeholder={t('objectsUi.filters.any')}
        comboboxProps={{ withinPortal: false }}
      />
      <Select
        label={t('objectsUi.filters.role')}
        size="xs"
        data={LOCATION_ROLES.map((role: LocationRole) => ({ value: role, label: t(`roles.${role}`) }))}
        value={filters.role ?? null}
        onChange={(v) => onChange('role', v ?? undefined)}
        clearable
        placeholder={t('objectsUi.filters.any')}
        comboboxProps={{ withinPortal: false }}
      />
      <div>
        <Text size="xs" fw={500} mb={4} id="filter-reachable-label">
          {t('objectsUi.fields.reachable')}
        </Text>
        <SegmentedControl
          size="xs"
          fullWidth
          aria-labelledby="filter-reachable-label"
          value={reachable}
          onChange={(v) => onChange('reachable', v === 'any' ? undefined : v)}
          data={[
            { value: 'any', label: t('objectsUi.filters.any') },
            { value: 'yes', label: t('objectsUi.reachable.yes') },
            { value: 'no', label: t('objectsUi.reachable.no') },
          ]}
        />
      </div>
      <TextInput
        label={t('objectsUi.filters.tag')}
        size="xs"
        value={tag}
        onChange={(e) => setTag(e.currentTarget.value)}
        onBlur={applyTag}
        onKeyDown={(e) => e.key === 'Enter' && applyTag()}
        placeholder={t('objectsUi.filters.tagPlaceholder')}
        maxLength={60}
      />
      <TextInput
        label={t('objectsUi.filters.notSeen')}
        size="xs"
        type="date"
        value={filters.notSeenSince ?? ''}
        max={localDate(0)}
        onChange={(e) => onChange('notSeenSince', e.currentTarget.value || undefined)}
      />
      <Switch size="sm" label={t('objectsUi.filters.unlocated')} checked={!!filters.unlocated} onChange={(e) => onChange('unlocated', e.currentTarget.checked)} />
      <Switch size="sm" label={t('objectsUi.filters.away')} checked={!!filters.awayFromNormal} onChange={(e) => onChange('awayFromNormal', e.currentTarget.checked)} />
      <Switch size="sm" label={t('objectsUi.filters.duplicates')} checked={!!filters.duplicateNumber} onChange={(e) => onChange('duplicateNumber', e.currentTarget.checked)} />
    </Stack>
  );
}
