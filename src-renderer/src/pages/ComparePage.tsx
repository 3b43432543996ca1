import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  ScrollArea,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { COMPARE_FILTERS, type Milestone, type Output } from '@contract';
import { IconArrowRight, IconFlagCheck, IconListSearch, IconReportAnalytics } from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQueryProc } from '../api/hooks';
import { ErrorState } from '../components/ErrorState';
import { ListPagination, pageFromParams } from '../components/ListPagination';
import { ColumnLabel } from '../components/beforeafter/ColumnLabel';
import { useBaFormat } from '../components/beforeafter/format';
import { pairRooms, ZERO, type MeasuresAt } from '../components/beforeafter/measures';
import { MeasuresTable, RoomsTable } from '../components/beforeafter/MeasuresTable';
import { MilestoneSelect } from '../components/beforeafter/MilestoneSelect';
import { milestoneLabel, resolvePair, useMilestones } from '../components/beforeafter/milestones';
import { useMarkAfter } from '../components/beforeafter/useMarkAfter';
import { ConditionBadge } from '../components/objects/ConditionBadge';
import { withParams } from '../lib/searchParams';
import '../components/beforeafter/beforeafter.css';
import { PageHeader } from '../components/PageHeader';
import { SectionHeader } from '../components/SectionHeader';

const PAGE_SIZE = 50;
type Filter = (typeof COMPARE_FILTERS)[number];
type Row = Output<'measures.compareObjects'>['items'][number];

/** The measures at two milestones (or a milestone and now), overall and per room, then object by object. */
export function ComparePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { query: milestones, list } = useMilestones();
  const { from, to } = resolvePair(list, params.get('from'), params.get('to'));
  const scope = params.get('room') ?? 'all';
  const vocabularies = useQueryProc('vocabularies.get', {});
  const markAfter = useMarkAfter();

  const compare = useQueryProc(
    'measures.compare',
    { fromMilestoneId: from?.id ?? '', toMilestoneId: to?.id ?? '' },
    { enabled: Boolean(from && to), placeholderData: keepPreviousData },
  );
  const fromAt = useQueryProc('measures.at', { milestoneId: from?.id }, { enabled: Boolean(from && !to) });
  const nowAt = useQueryProc('measures.at', {}, { enabled: Boolean(from && !to) });
  const data: { from: MeasuresAt; to: MeasuresAt } | undefined = to ? compare.data : fromAt.data && nowAt.data ? { from: fromAt.data, to: nowAt.data } : undefined;
  const failed = to ? compare.error : (fromAt.error ?? nowAt.error);

  const set = (changes: Record<string, string | undefined>) => setParams(withParams(changes, { backToFirstPage: true }), { replace: true });

  const rooms = data ? pairRooms(data.from, data.to) : [];
  const room = rooms.find((r) => r.key === scope);
  const scoped = data && (scope === 'all' || !room ? { from: data.from.overall, to: data.to.overall } : { from: room.from ?? ZERO, to: room.to ?? ZERO });
  const roomLabel = (r: { code: string | null; name: string | null }) => (r.code ? `${r.code} — ${r.name ?? ''}` : t('measures.noRoom'));

  if (milestones.isError) return <ErrorState error={milestones.error} onRetry={() => void milestones.refetch()} />;

  return (
    <Stack gap="lg" maw={1180} pb="xl" className="ba-page">
      <PageHeader title={t('compare.title')} subtitle={t('compare.subtitle')} subtitleWidth={640}>
        {from && to && (
          <Button component={Link} to={`/report?from=${from.id}&to=${to.id}`} variant="default" leftSection={<IconReportAnalytics size={16} aria-hidden />}>
            {t('compare.openReport')}
          </Button>
        )}
      </PageHeader>

      <Group gap="sm" align="flex-end" wrap="wrap" role="group" aria-label={t('compare.choose')}>
        <MilestoneSelect label={t('compare.from')} list={list} value={from?.id ?? null} onChange={(id) => set({ from: id })} exclude={to?.id} />
        <IconArrowRight size={18} className="ba-select-arrow" aria-hidden />
        <MilestoneSelect label={t('compare.to')} list={list} value={to?.id ?? 'now'} onChange={(id) => set({ to: id })} exclude={from?.id} withNow />
        <Select
          label={t('compare.scope')}
          data={[{ value: 'all', label: t('compare.allRooms') }, ...rooms.map((r) => ({ value: r.key, label: roomLabel(r) }))]}
          value={room ? scope : 'all'}
          onChange={(v) => set({ room: v === 'all' ? undefined : (v ?? undefined) })}
          allowDeselect={false}
          w={240}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>

      {milestones.isSuccess && !to && (
        <Alert variant="light" color="blue" icon={<IconFlagCheck aria-hidden />} title={t('compare.nowTitle')}>
          <NeedsAfter text={t('compare.nowBody')} onMarkAfter={() => markAfter.mutate()} marking={markAfter.isPending} />
        </Alert>
      )}

      <section aria-labelledby="compare-measures">
        <Group justify="space-between" align="baseline" mb="xs">
          <Title order={2} size="h4" id="compare-measures">
            {scope === 'all' || !room ? t('compare.measuresOverall') : t('compare.measuresRoom', { room: roomLabel(room) })}
          </Title>
          {room && scope !== 'all' && (
            <Button variant="subtle" size="compact-sm" onClick={() => set({ room: undefined })}>
              {t('compare.backToAll')}
            </Button>
          )}
        </Group>
        {failed ? (
          <ErrorState error={failed} onRetry={() => void (to ? compare.refetch() : Promise.all([fromAt.refetch(), nowAt.refetch()]))} />
        ) : !data || !scoped || !from ? (
          <Skeleton h={420} />
        ) : (
          <Card withBorder radius="md" padding={0} aria-busy={compare.isFetching || undefined}>
            <MeasuresTable
              from={scoped.from}
              to={scoped.to}
              fromLabel={<ColumnLabel milestone={from} at={data.from.at} />}
              toLabel={<ColumnLabel milestone={to} at={data.to.at} />}
              conditionTerms={vocabularies.data?.conditions ?? []}
              caption={t('compare.measuresCaption')}
              testId="measures-table"
            />
          </Card>
        )}
        {room && scope !== 'all' && (!room.from || !room.to) && (
          <Text size="sm" c="dimmed" mt="xs">
            {t('compare.roomMissing', { milestone: !room.from && from ? milestoneLabel(t, from) : to ? milestoneLabel(t, to) : t('compare.now') })}
          </Text>
        )}
      </section>

      {data && rooms.length > 0 && (scope === 'all' || !room) && (
        <section aria-labelledby="compare-rooms">
          <SectionHeader id="compare-rooms" title={t('compare.byRoom')} help={t('compare.byRoomHelp')} mb="xs" />
          <Card withBorder radius="md" padding={0}>
            <RoomsTable rooms={rooms} onSelect={(key) => set({ room: key })} testId="rooms-table" />
          </Card>
        </section>
      )}

      {from && <ObjectComparison from={from} to={to} scope={scope === 'all' || scope === 'none' || !room ? undefined : scope} onMarkAfter={() => markAfter.mutate()} />}
    </Stack>
  );
}

function ObjectComparison({ from, to, scope, onMarkAfter }: { from: Milestone; to: Milestone | null; scope?: string; onMarkAfter: () => void }) {
  const { t } = useTranslation();
  const f = useBaFormat();
  const [params, setParams] = useSearchParams();
  const filterParam = params.get('filter');
  const filter = (COMPARE_FILTERS as readonly string[]).includes(filterParam ?? '') ? (filterParam as Filter) : undefined;
  const page = pageFromParams(params);
  const objects = useQueryProc(
    'measures.compareObjects',
    { fromMilestoneId: from.id, toMilestoneId: to?.id ?? '', filter, roomId: scope, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE },
    { enabled: to !== null, placeholderData: keepPreviousData },
  );
  const total = objects.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const set = (key: string, value: string | undefined) => setParams(withParams({ [key]: value }, { backToFirstPage: true }), { replace: key !== 'page' });

  return (
    <section aria-labelledby="compare-objects">
      <SectionHeader id="compare-objects" title={t('compare.objectsTitle')} help={t('compare.objectsHelp')} mb="xs">
        {to && (
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="objects-count">
            {objects.data ? t('compare.objectsCount', { count: total, formatted: f.number(total) }) : ''}
          </Text>
        )}
      </SectionHeader>
      {!to ? (
        <Card withBorder radius="md" padding="lg">
          <NeedsAfter text={t('compare.objectsNeedTwo')} onMarkAfter={onMarkAfter} />
        </Card>
      ) : (
        <Stack gap="sm">
          <ScrollArea type="auto" offsetScrollbars="x">
            <SegmentedControl
              aria-label={t('compare.filterLabel')}
              value={filter ?? 'all'}
              onChange={(v) => set('filter', v === 'all' ? undefined : v)}
              data={[{ value: 'all', label: t('compare.filters.all') }, ...COMPARE_FILTERS.map((value) => ({ value, label: t(`compare.filters.${value}`) }))]}
            />
          </ScrollArea>
          {objects.isError ? (
            <ErrorState error={objects.error} onRetry={() => void objects.refetch()} />
          ) : objects.isPending ? (
            <Skeleton h={260} />
          ) : total === 0 ? (
            <EmptyState icon={<IconListSearch size={28} />} title={t('compare.objectsEmptyTitle')} description={t('compare.objectsEmptyBody')} className="page-empty" />
          ) : (
            <Card withBorder radius="md" padding={0} aria-busy={objects.isFetching || undefined}>
              <Table.ScrollContainer minWidth={640} type="native">
                <Table className="ba-objects" verticalSpacing="xs" highlightOnHover data-testid="objects-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('compare.columns.number')}</Table.Th>
                      <Table.Th scope="col">{t('compare.columns.name')}</Table.Th>
                      <Table.Th scope="col">{t('compare.columns.location', { from: milestoneLabel(t, from), to: milestoneLabel(t, to) })}</Table.Th>
                      <Table.Th scope="col">{t('compare.columns.condition')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {objects.data.items.map((row) => (
                      <ObjectRow key={row.objectId} row={row} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
          )}
          <ListPagination page={page} pages={pages} onChange={(value) => set('page', value)} labels="compare" />
        </Stack>
      )}
    </section>
  );
}

/** Why a comparison needs an After milestone, with the ways to get one: mark After now, or manage the milestones. */
function NeedsAfter({ text, onMarkAfter, marking }: { text: string; onMarkAfter: () => void; marking?: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" align="flex-start">
      <Text size="sm">{text}</Text>
      <Group gap="sm">
        <Button size="xs" loading={marking} onClick={onMarkAfter} leftSection={<IconFlagCheck size={14} aria-hidden />}>
          {t('milestones.markAfter')}
        </Button>
        <Button size="xs" variant="default" component={Link} to="/milestones">
          {t('compare.manageMilestones')}
        </Button>
      </Group>
    </Stack>
  );
}

function Place({ code, path }: { code: string | null; path: string | null }) {
  const { t } = useTranslation();
  if (!code) return <span className="ba-place ba-place-unknown">{t('compare.unknownPlace')}</span>;
  return (
    <Tooltip label={path ?? code} openDelay={300} multiline maw={360}>
      <span className="ba-place" tabIndex={-1}>
        {code}
      </span>
    </Tooltip>
  );
}

function ObjectRow({ row }: { row: Row }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Table.Tr className="ba-object-row" onClick={() => navigate(`/objects/${row.objectId}`)} data-moved={row.moved || undefined}>
      <Table.Td className="ba-object-number">
        <Anchor component={Link} to={`/objects/${row.objectId}`} onClick={(e) => e.stopPropagation()} fw={600} size="sm">
          {row.displayNumber}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm" lineClamp={2}>
          {row.name}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="wrap">
          {row.moved ? (
            <>
              <Place code={row.fromLocationCode} path={row.fromLocationPath} />
              <IconArrowRight size={14} aria-label={t('measures.becomes')} className="ba-row-arrow" />
              <Place code={row.toLocationCode} path={row.toLocationPath} />
            </>
          ) : (
            <>
              <Place code={row.toLocationCode} path={row.toLocationPath} />
              <Text span size="xs" c="dimmed">
                {t('compare.notMoved')}
              </Text>
            </>
          )}
          {row.inHolding && (
            <Badge size="xs" variant="light" color="orange" tt="none">
              {t('compare.inHolding')}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="wrap">
          {row.fromCondition === row.toCondition ? (
            row.toCondition ? (
              <ConditionBadge term={row.toCondition} />
            ) : (
              <Text span size="xs" c="dimmed">
                {t('measures.notAssessed')}
              </Text>
            )
          ) : (
            <>
              {row.fromCondition ? <ConditionBadge term={row.fromCondition} /> : <Text span size="xs" c="dimmed">{t('measures.notAssessed')}</Text>}
              <IconArrowRight size={14} aria-label={t('measures.becomes')} className="ba-row-arrow" />
              {row.toCondition ? <ConditionBadge term={row.toCondition} /> : <Text span size="xs" c="dimmed">{t('measures.notAssessed')}</Text>}
            </>
          )}
          {row.conditionWorse && (
            <span className="ba-delta" data-verdict="worse" data-compact>
              <span className="ba-delta-arrow" aria-hidden>
                ▼
              </span>{' '}
              <span className="ba-delta-verdict">{t('measures.verdict.worse')}</span>
            </span>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
