import { Button, EmptyState, Group, Stack, Text, Title } from '@mantine/core';
import { IconMapPin, IconPackage, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryProc } from '../api/hooks';
import { ObjectFormModal } from '../components/ObjectFormModal';
import { ObjectBrowser } from '../components/objects/ObjectBrowser';
import { typeLabel } from '../lib/locations';
import { LocationPageButton } from '../components/locations/LocationPageButton';

/** Objects, filtered by the location chosen in the tree, by words and by the filter bar. */
export function MainPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const locationId = params.get('location') ?? undefined;
  const unlocated = params.get('unlocated') === '1';
  const [creating, setCreating] = useState(false);

  const tree = useQueryProc('locations.tree', {});
  const location = locationId ? tree.data?.locations.find((l) => l.id === locationId) : undefined;

  const heading = location ? `${location.code} — ${location.name}` : unlocated ? t('tree.unlocated') : t('tree.all');
  const subheading = location ? `${typeLabel(t, location.type)} · ${location.path}` : unlocated ? t('main.unlocatedHelp') : t('main.allHelp');

  // Words and filters have empty states of their own (ObjectBrowser); these are for a place or the whole catalogue.
  const empty = location ? (
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
      <ObjectBrowser locationId={locationId} empty={empty} />
      {creating && <ObjectFormModal onClose={() => setCreating(false)} onCreated={(object) => navigate(`/objects/${object.id}`)} />}
    </Stack>
  );
}
