import { ActionIcon, Anchor, Button, Card, EmptyState, Group, Progress, SimpleGrid, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { Output } from '@contract';
import { IconAlertTriangle, IconCamera, IconFlagCheck, IconReportAnalytics, IconStethoscope, IconTruckDelivery, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQueryProc } from '../api/hooks';
import { ErrorState } from '../components/ErrorState';
import { useBaFormat } from '../components/beforeafter/format';
import { milestoneLabel, useMilestones } from '../components/beforeafter/milestones';
import { useMarkAfter } from '../components/beforeafter/useMarkAfter';
import '../components/beforeafter/beforeafter.css';
import { PageHeader } from '../components/PageHeader';
import { SectionHeader } from '../components/SectionHeader';
import { useOpenConflicts } from '../components/sync/useOpenConflicts';
import { EvacuationDashboard } from '../components/evacuations/EvacuationDashboard';

type Progress = Output<'dashboard.progress'>;

/** Workshop progress, live: what was done today and since Before, what remains per room, and who did what. */
export function DashboardPage() {
  const { t } = useTranslation();
  const f = useBaFormat();
  const progress = useQueryProc('dashboard.progress', {});
  const viewpoints = useQueryProc('viewpoints.list', {});
  const { before, after } = useMilestones();
  const markAfter = useMarkAfter();
  const photoTasks = (viewpoints.data?.viewpoints ?? []).reduce((n, v) => n + v.missing.length, 0);
  const conflicts = useOpenConflicts();

  return (
    <Stack gap="lg" maw={1180} pb="xl" className="ba-page">
      {markAfter.dialog}
      <PageHeader
        title={t('dashboard.title')}
        subtitle={progress.dataUpdatedAt ? t('dashboard.updated', { time: f.time(progress.dataUpdatedAt) }) : t('dashboard.subtitle')}
        live
      >
        <Group gap="sm">
          {before && after ? (
            <Button component={Link} to={`/report?from=${before.id}&to=${after.id}`} leftSection={<IconReportAnalytics size={16} aria-hidden />}>
              {t('dashboard.openReport')}
            </Button>
          ) : (
            <Button loading={markAfter.isPending} onClick={() => markAfter.mutate()} leftSection={<IconFlagCheck size={16} aria-hidden />}>
              {t('dashboard.endWorkshop')}
            </Button>
          )}
        </Group>
      </PageHeader>

      <EvacuationDashboard />

      {progress.isError ? (
        <ErrorState error={progress.error} onRetry={() => void progress.refetch()} />
      ) : progress.isPending ? (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Skeleton h={130} />
            <Skeleton h={130} />
          </SimpleGrid>
          <Skeleton h={240} />
        </Stack>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <Activity title={t('dashboard.today')} counts={progress.data.today} testId="dashboard-today" />
            <Activity
              title={before ? t('dashboard.sinceBefore', { before: milestoneLabel(t, before), date: f.dateTime(before.at) }) : t('dashboard.sinceStart')}
              counts={progress.data.sinceBefore}
              testId="dashboard-since-before"
            />
          </SimpleGrid>

          {conflicts > 0 && (
            <Card withBorder radius="md" padding="sm" className="ba-callout" data-testid="dashboard-conflicts">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Group gap="xs" wrap="nowrap">
                  <IconAlertTriangle size={18} aria-hidden className="ba-callout-icon" />
                  <Text size="sm" fw={600}>
                    {t('conflicts.dashboard.count', { count: conflicts, formatted: f.number(conflicts) })}
                  </Text>
                </Group>
                <Button component={Link} to="/conflicts" size="compact-md" color="orange" variant="light">
                  {t('conflicts.dashboard.link')}
                </Button>
              </Group>
            </Card>
          )}

          {photoTasks > 0 && (
            <Card withBorder radius="md" padding="sm" className="ba-callout">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Group gap="xs" wrap="nowrap">
                  <IconCamera size={18} aria-hidden className="ba-callout-icon" />
                  <Text size="sm">{t('dashboard.photoTasks', { count: photoTasks, formatted: f.number(photoTasks) })}</Text>
                </Group>
                <Anchor component={Link} to="/viewpoints" size="sm">
                  {t('dashboard.photoTasksLink')}
                </Anchor>
              </Group>
            </Card>
          )}

          <Rooms rooms={progress.data.rooms} />
          <People people={progress.data.people} />
        </>
      )}
    </Stack>
  );
}

function Activity({ title, counts, testId }: { title: string; counts: Progress['today']; testId: string }) {
  const { t } = useTranslation();
  const f = useBaFormat();
  const items: { key: keyof Progress['today']; icon: ReactNode }[] = [
    { key: 'moved', icon: <IconTruckDelivery size={18} aria-hidden /> },
    { key: 'photographed', icon: <IconCamera size={18} aria-hidden /> },
    { key: 'checked', icon: <IconStethoscope size={18} aria-hidden /> },
  ];
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label={title} data-testid={testId}>
      <Text size="sm" fw={700} mb="sm">
        {title}
      </Text>
      <SimpleGrid cols={3} spacing="sm">
        {items.map(({ key, icon }) => (
          <div key={key} className="ba-stat" data-stat={key}>
            <span className="ba-stat-icon">{icon}</span>
            <span className="ba-stat-value">{f.number(counts[key])}</span>
            <span className="ba-stat-label">{t(`dashboard.counts.${key}`, { count: counts[key] })}</span>
          </div>
        ))}
      </SimpleGrid>
    </Card>
  );
}

function Rooms({ rooms }: { rooms: Progress['rooms'] }) {
  const { t } = useTranslation();
  const f = useBaFormat();
  return (
    <TableSection
      name="rooms"
      title={t('dashboard.roomsTitle')}
      help={t('dashboard.roomsHelp')}
      empty={rooms.length === 0 && <EmptyState title={t('dashboard.roomsEmpty')} description={t('dashboard.roomsEmptyBody')} className="page-empty" />}
      minWidth={460}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('measures.room')}</Table.Th>
          <Table.Th scope="col" className="ba-num">
            {t('measures.short.objects')}
          </Table.Th>
          <Table.Th scope="col" className="ba-num">
            {t('measures.short.inHolding')}
          </Table.Th>
          <Table.Th scope="col" className="ba-num">
            {t('measures.short.onFloor')}
          </Table.Th>
          <Table.Th scope="col" className="ba-num">
            {t('measures.short.notSeenSinceBefore')}
          </Table.Th>
          <Table.Th scope="col" className="ba-bar-col">
            {t('dashboard.seen')}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rooms.map((r) => {
          const seen = r.objects === 0 ? 100 : Math.round(((r.objects - r.notSeenSinceBefore) / r.objects) * 100);
          const label = r.code ? `${r.code} — ${r.name ?? ''}` : t('measures.noRoom');
          return (
            <Table.Tr key={r.locationId ?? 'none'} data-room={r.code ?? 'none'}>
              <Table.Th scope="row" fw={500}>
                {r.locationId ? (
                  <Group gap={6} wrap="nowrap">
                    <Anchor component={Link} to={`/locations/${r.locationId}`} size="sm">
                      {label}
                    </Anchor>
                    <Tooltip label={t('dashboard.roomPhotos', { room: r.code })} openDelay={300}>
                      <ActionIcon component={Link} to={`/viewpoints?room=${r.locationId}`} variant="subtle" color="gray" size="sm" aria-label={t('dashboard.roomPhotos', { room: r.code })}>
                        <IconCamera size={14} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                ) : (
                  label
                )}
              </Table.Th>
              <Table.Td className="ba-num">{f.number(r.objects)}</Table.Td>
              <Table.Td className="ba-num" data-nonzero={r.inHolding > 0 || undefined}>
                {f.number(r.inHolding)}
              </Table.Td>
              <Table.Td className="ba-num" data-nonzero={r.onFloor > 0 || undefined}>
                {f.number(r.onFloor)}
              </Table.Td>
              <Table.Td className="ba-num">{f.number(r.notSeenSinceBefore)}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Progress value={seen} size="md" style={{ flex: 1 }} aria-label={t('dashboard.seenLabel', { room: label, percent: f.percent(seen) })} color={seen === 100 ? 'teal' : 'blue'} />
                  <Text size="xs" w={44} ta="end" className="ba-num-text">
                    {f.percent(seen)}
                  </Text>
                </Group>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </TableSection>
  );
}

function People({ people }: { people: Progress['people'] }) {
  const { t } = useTranslation();
  const f = useBaFormat();
  const active = people.filter((p) => p.changes > 0 || p.moved > 0 || p.photographed > 0 || p.checked > 0);
  const most = Math.max(1, ...active.map((p) => p.changes));
  return (
    <TableSection
      name="people"
      title={t('dashboard.peopleTitle')}
      help={t('dashboard.peopleHelp')}
      empty={active.length === 0 && <EmptyState icon={<IconUsers size={28} />} title={t('dashboard.peopleEmpty')} className="page-empty" />}
      minWidth={460}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('dashboard.person')}</Table.Th>
          <Table.Th scope="col" className="ba-num">
            {t('dashboard.columns.moved')}
          </Table.Th>
          <Table.Th scope="col" className="ba-num">
            {t('dashboard.columns.photographed')}
          </Table.Th>
          <Table.Th scope="col" className="ba-num">
            {t('dashboard.columns.checked')}
          </Table.Th>
          <Table.Th scope="col" className="ba-bar-col">
            {t('dashboard.columns.changes')}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {active.map((p) => (
          <Table.Tr key={p.personId ?? 'unknown'}>
            <Table.Th scope="row" fw={500}>
              {p.personId ? (
                <Anchor component={Link} to={`/changes?person=${p.personId}`} size="sm">
                  {p.name ?? t('dashboard.unknownPerson')}
                </Anchor>
              ) : (
                (p.name ?? t('dashboard.unknownPerson'))
              )}
            </Table.Th>
            <Table.Td className="ba-num">{f.number(p.moved)}</Table.Td>
            <Table.Td className="ba-num">{f.number(p.photographed)}</Table.Td>
            <Table.Td className="ba-num">{f.number(p.checked)}</Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Progress value={(p.changes / most) * 100} size="md" style={{ flex: 1 }} color="teal" aria-hidden />
                <Text size="sm" w={40} ta="end" className="ba-num-text">
                  {f.number(p.changes)}
                </Text>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </TableSection>
  );
}

/**
 * A titled section of the dashboard holding one table (`dashboard-<name>` is the heading's id and the table's
 * test id), or what `empty` shows instead when there is nothing to list.
 */
function TableSection({ name, title, help, empty, minWidth, children }: { name: string; title: string; help: string; empty: ReactNode; minWidth: number; children: ReactNode }) {
  return (
    <section aria-labelledby={`dashboard-${name}`}>
      <SectionHeader id={`dashboard-${name}`} title={title} help={help} mb="xs" />
      {empty || (
        <Card withBorder radius="md" padding={0} className="ba-table-card">
          <Table.ScrollContainer minWidth={minWidth} type="native">
            <Table verticalSpacing="sm" horizontalSpacing="md" className="ba-table" data-testid={`dashboard-${name}`}>
              {children}
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </section>
  );
}
