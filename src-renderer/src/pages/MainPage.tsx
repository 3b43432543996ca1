import { Button, EmptyState, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMapPin, IconPackage, IconPlus, IconSearch, IconSearchOff } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryProc } from '../api/hooks';
import { ObjectFormModal } from '../components/ObjectFormModal';
import { ObjectTable, type ObjectFilter } from '../components/ObjectTable';
import { useFormatters } from '../lib/format';
import { typeLabel } from '../lib/locations';
import { LocationPageButton } from '../components/locations/LocationPageButton';

/** Objects, filtered by the location chosen in the tree and by words. */
export function MainPage() {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const locationId = params.get('location') ?? undefined;
  const unlocated = params.get('unlocated') === '1';
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
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

  const tree = useQueryProc('locations.tree', {});
  const location = locationId ? tree.data?.locations.find((l) => l.id === locationId) : undefined;
  const filter: ObjectFilter = { query: debounced || undefined, locationId, unlocated: unlocated || undefined };
  const list = useQueryProc('objects.list', { ...filter, offset: 0, limit: 100 });

  const heading = location ? `${location.code} — ${location.name}` : unlocated ? t('tree.unlocated') : t('tree.all');
  const subheading = location ? `${typeLabel(t, location.type)} · ${location.path}` : unlocated ? t('main.unlocatedHelp') : t('main.allHelp');

  const empty = debounced ? (
    <EmptyState
      icon={<IconSearchOff size={28} />}
      title={t('main.noMatchTitle', { query: debounced })}
      description={t('main.noMatchBody')}
      className="page-empty"
    />
  ) : location ? (
    <EmptyState icon={<IconMapPin size={28} />} title={t('main.emptyLocationTitle')} description={t('main.emptyLocationBody')} className="page-empty" />
  ) : unlocated ? (
    <EmptyState icon={<IconMapPin size={28} />} title={t('main.emptyUnlocatedTitle')} description={t('main.emptyUnlocatedBody')} className="page-empty" />
  ) : (
    <EmptyState icon={<IconPackage size={28} />} title={t('main.emptyTitle')} description={t('main.emptyBody')} className="page-empty">
      <Button mt="md" leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
        {t('main.newObject')}
      </Button>
    </EmptyState>
  );

  return (
    <Stack gap="md" h="100%" className="main-page">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div style={{ minWidth: 0, flex: 1 }}>
          <Title order={1} size="h3" className="page-title">
            {heading}
          </Title>
          <Text size="sm" c="dimmed" truncate>
            {subheading}
          </Text>
        </div>
        <Group gap="sm">
          {location && <LocationPageButton id={location.id} />}
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('main.newObject')}
          </Button>
        </Group>
      </Group>
      <Group gap="sm" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          leftSection={<IconSearch size={16} aria-hidden />}
          placeholder={t('main.searchPlaceholder')}
          aria-label={t('main.search')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          type="search"
        />
        <Text size="sm" c="dimmed" aria-live="polite" className="result-count">
          {list.data ? t('main.count', { count: list.data.total, formatted: number(list.data.total) }) : ''}
        </Text>
      </Group>
      <ObjectTable filter={filter} onOpen={(object) => navigate(`/objects/${object.id}`)} empty={empty} />
      {creating && <ObjectFormModal onClose={() => setCreating(false)} onCreated={(object) => navigate(`/objects/${object.id}`)} />}
    </Stack>
  );
}
