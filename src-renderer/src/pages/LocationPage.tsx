import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  EmptyState,
  Group,
  Menu,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { Output } from '@contract';
import { IconAlertTriangle, IconArrowDown, IconArrowUp, IconChevronDown, IconListDetails, IconMapPin, IconPlus, IconTruckDelivery, IconWand } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutationProc, useQueryProc } from '../api/hooks';
import { BackLink } from '../components/BackLink';
import { ErrorState } from '../components/ErrorState';
import { LocationMenuItems } from '../components/locations/LocationMenuItems';
import { ancestorsOf } from '../components/locations/treeModel';
import { useLocationActions } from '../components/locations/useLocationActions';
import { useTreeModel } from '../components/locations/useTreeModel';
import { ObjectBrowser } from '../components/objects/ObjectBrowser';
import { useFormatters } from '../lib/format';
import { notifyError } from '../lib/notify';
import { typeLabel } from '../lib/locations';
import '../components/locations/locations.css';
import { ExportButton } from '../components/exchange/ExportButton';
import { PhotoSection } from '../components/photos/PhotoSection';
import { useBreadcrumbSeparator } from '../lib/direction';

type Contents = Output<'locations.contents'>;

/** Places that do not move: their page does not put “Move this container” up front (it stays in the menu). */
const FIXED_TYPES = new Set(['site', 'building', 'room']);

/** One location: where it is, what it holds directly and below, the categories there, and units that mix them. */
export function LocationPage() {
  const { t } = useTranslation();
  const separator = useBreadcrumbSeparator();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const contents = useQueryProc('locations.contents', { id });
  const { model } = useTreeModel();
  const actions = useLocationActions(model);

  const back = <BackLink />;

  if (contents.isPending) {
    return (
      <Stack gap="md" className="location-page">
        <Skeleton h={18} w="40%" />
        <Skeleton h={36} w="60%" />
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} h={84} />
          ))}
        </SimpleGrid>
        <Skeleton h={240} />
      </Stack>
    );
  }
  if (contents.isError) {
    return (
      <Stack gap="md" className="location-page">
        {back}
        <ErrorState error={contents.error} onRetry={() => void contents.refetch()} />
      </Stack>
    );
  }

  const c = contents.data;
  const location = model.byId.get(id) ?? c.location;
  const ancestors = model.byId.has(id) ? ancestorsOf(model, id) : [];
  const crumbs = [
    <Anchor component={Link} to="/" size="sm" key="all">
      {t('tree.all')}
    </Anchor>,
    ...ancestors.map((a) => (
      <Anchor component={Link} to={`/locations/${a.id}`} size="sm" key={a.id}>
        {a.code}
      </Anchor>
    )),
    <Text size="sm" key="here" fw={600}>
      {location.code}
    </Text>,
  ];

  return (
    <Stack gap="lg" className="location-page" pb="xl">
      <Breadcrumbs separator={separator} separatorMargin={6} aria-label={t('locationsUi.page.breadcrumb')}>
        {crumbs}
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div style={{ minWidth: 0, flex: 1 }}>
          <Group gap="sm" align="center" wrap="wrap">
            <Title order={1} size="h2" className="page-title">
              {location.code} — {location.name}
            </Title>
            {location.archived && (
              <Badge variant="outline" color="gray">
                {t('locationsUi.archivedBadge')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed" mt={2} className="page-title">
            {location.path}
          </Text>
          <Group gap="xs" mt={8}>
            <Badge variant="light" color="gray" tt="none" size="lg" radius="sm">
              {typeLabel(t, location.type)}
            </Badge>
            <Badge
              variant="light"
              tt="none"
              size="lg"
              radius="sm"
              color={location.role === 'permanent' ? 'teal' : location.role === 'floor' ? 'red' : 'orange'}
            >
              {t(`roles.${location.role}`)}
            </Badge>
          </Group>
        </div>
        <Group gap="sm">
          <Button variant="default" leftSection={<IconListDetails size={16} aria-hidden />} onClick={() => navigate(`/?location=${id}`)}>
            {t('locationsUi.page.showInList')}
          </Button>
          {!location.archived && location.parentId !== null && !FIXED_TYPES.has(location.type.toLowerCase()) && (
            <Button variant="default" leftSection={<IconTruckDelivery size={16} aria-hidden />} onClick={() => actions.perform('move', location)}>
              {t('locationsUi.actions.move')}
            </Button>
          )}
          <ExportButton context={{ locationId: id, locationLabel: location.code }} />
          <Menu position="bottom-end" shadow="md" width={250}>
            <Menu.Target>
              <Button rightSection={<IconChevronDown size={16} aria-hidden />}>{t('locationsUi.page.actions')}</Button>
            </Menu.Target>
            <Menu.Dropdown>
              <LocationMenuItems location={location} available={actions.available} perform={actions.perform} omit={['open']} showKeys={false} />
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
        <Stat label={t('locationsUi.page.directly')} value={c.directObjectCount} />
        <Stat label={t('locationsUi.page.below')} value={c.subtreeObjectCount} />
        <Stat label={t('locationsUi.page.sublocations')} value={c.children.length} />
        <Stat label={t('locationsUi.page.categories')} value={c.categories.filter((x) => x.category !== null).length} />
      </SimpleGrid>

      {c.mixedUnits.length > 0 && <MixedWarning mixed={c.mixedUnits} />}

      {location.notes && (
        <Card withBorder radius="md" padding="md">
          <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}>
            {t('locationForm.notes')}
          </Text>
          <Text size="sm" className="location-notes">
            {location.notes}
          </Text>
        </Card>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Categories contents={c} />
        <Children contents={c} onAdd={() => actions.perform('add', location)} onGenerate={() => actions.perform('generate', location)} archived={location.archived} />
      </SimpleGrid>

      <PhotoSection target={{ kind: 'location', id }} label={location.code} />

      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('locationsUi.page.objectsBelow')}
        </Title>
        {/* The list is virtualized, so it needs a height: enough for what is there, never more than a screenful. */}
        <div className="location-objects" style={{ height: Math.min(640, Math.max(340, 200 + c.subtreeObjectCount * 48)) }}>
          <ObjectBrowser
            locationId={id}
            empty={
              <EmptyState icon={<IconMapPin size={28} />} title={t('main.emptyLocationTitle')} description={t('main.emptyLocationBody')} className="page-empty" />
            }
          />
        </div>
      </Stack>
      {actions.dialogs}
    </Stack>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  const { number } = useFormatters();
  return (
    <Card withBorder radius="md" padding="md" className="stat-card">
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text className="stat-value">{number(value)}</Text>
    </Card>
  );
}

function MixedWarning({ mixed }: { mixed: Contents['mixedUnits'] }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title={t('locationsUi.page.mixedTitle', { count: mixed.length })}
      role="alert"
      data-testid="mixed-warning"
    >
      <Stack gap={8}>
        <Text size="sm">{t('locationsUi.page.mixedBody')}</Text>
        {mixed.map((unit) => (
          <Group key={unit.id} gap="xs" wrap="wrap">
            <Anchor component={Link} to={`/locations/${unit.id}`} fw={600} size="sm">
              {unit.code}
            </Anchor>
            <Text size="sm" c="dimmed">
              {unit.name}
            </Text>
            <Text size="sm">·</Text>
            {unit.categories.map((category) => (
              <Badge key={category} variant="outline" color="orange" tt="none" size="sm">
                {category}
              </Badge>
            ))}
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}

function Categories({ contents }: { contents: Contents }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const total = contents.categories.reduce((sum, c) => sum + c.count, 0);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="categories-heading">
      <Title order={2} size="h4" id="categories-heading" mb="sm">
        {t('locationsUi.page.categoriesTitle')}
      </Title>
      {contents.categories.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('locationsUi.page.noObjects')}
        </Text>
      ) : (
        <Stack gap={8}>
          {contents.categories.map((c) => (
            <div className="category-row" key={c.category ?? ''}>
              <Text size="sm" truncate fs={c.category === null ? 'italic' : undefined} c={c.category === null ? 'dimmed' : undefined}>
                {c.category ?? t('locationsUi.page.noCategory')}
              </Text>
              <Progress value={(c.count / total) * 100} color={c.category === null ? 'gray' : 'teal'} size="md" aria-hidden />
              <Text size="sm" className="category-count">
                {number(c.count)}
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function Children({ contents, onAdd, onGenerate, archived }: { contents: Contents; onAdd: () => void; onGenerate: () => void; archived: boolean }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const reorder = useMutationProc('locations.reorder', { onError: (error) => notifyError(t, error) });
  const ordered = contents.children.map((child) => child.id);
  const canReorder = !archived && ordered.length > 1;
  /** Swaps the sublocation at `index` with its neighbour above (-1) or below (+1). */
  const shift = (index: number, by: -1 | 1) => {
    const next = [...ordered];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    reorder.mutate({ parentId: contents.location.id, locationIds: next });
  };
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="children-heading">
      <Title order={2} size="h4" id="children-heading" mb="sm">
        {t('locationsUi.page.childrenTitle')}
      </Title>
      {contents.children.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('locationsUi.page.noChildren')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={360} maxHeight={360}>
          <Table className="children-table" verticalSpacing={6} highlightOnHover stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('locationForm.code')}</Table.Th>
                <Table.Th>{t('locationForm.name')}</Table.Th>
                <Table.Th>{t('locationForm.type')}</Table.Th>
                <Table.Th className="col-num">{t('locationsUi.page.here')}</Table.Th>
                <Table.Th className="col-num">{t('locationsUi.page.belowShort')}</Table.Th>
                {canReorder && (
                  <Table.Th>
                    <span className="visually-hidden">{t('locationsUi.page.order')}</span>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {contents.children.map((child, index) => (
                <Table.Tr key={child.id} style={child.archived ? { opacity: 0.5 } : undefined}>
                  <Table.Td>
                    <Anchor component={Link} to={`/locations/${child.id}`} fw={600} size="sm">
                      {child.code}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate maw={220}>
                      {child.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {typeLabel(t, child.type)}
                    </Text>
                  </Table.Td>
                  <Table.Td className="col-num">{number(child.objectCount)}</Table.Td>
                  <Table.Td className="col-num">{number(child.subtreeObjectCount)}</Table.Td>
                  {canReorder && (
                    <Table.Td>
                      <Group gap={2} wrap="nowrap" justify="flex-end">
                        <ActionIcon
                          variant="subtle"
                          size="sm"
                          disabled={index === 0 || reorder.isPending}
                          aria-label={t('locationsUi.page.moveUp', { code: child.code })}
                          onClick={() => shift(index, -1)}
                        >
                          <IconArrowUp size={14} aria-hidden />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          size="sm"
                          disabled={index === ordered.length - 1 || reorder.isPending}
                          aria-label={t('locationsUi.page.moveDown', { code: child.code })}
                          onClick={() => shift(index, 1)}
                        >
                          <IconArrowDown size={14} aria-hidden />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!archived && (
        <Group gap="xs" mt="sm">
          <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={onAdd}>
            {t('locationsUi.actions.add')}
          </Button>
          <Button size="compact-sm" variant="light" leftSection={<IconWand size={14} aria-hidden />} onClick={onGenerate}>
            {t('locationsUi.actions.generate')}
          </Button>
        </Group>
      )}
    </Card>
  );
}
