import { Anchor, Button, Card, EmptyState, Group, Select, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import type { Output } from '@contract';
import { IconFilterOff, IconHistory } from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useQueryProc } from '../api/hooks';
import { BackLink } from '../components/BackLink';
import { ErrorState } from '../components/ErrorState';
import { ListPagination, pageFromParams } from '../components/ListPagination';
import { PageHeader } from '../components/PageHeader';
import { useFieldLines } from '../components/objects/fields';
import { FilterChip } from '../components/objects/FilterChip';
import '../components/objects/objects.css';
import { describeChange } from '../lib/changeText';
import { useFormatters } from '../lib/format';
import { withParams } from '../lib/searchParams';

type Change = Output<'changes.list'>['items'][number];
const PAGE_SIZE = 50;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[0-9a-f-]{36}$/i;

/** Who changed what and when, newest first; filtered by person, dates or one object. Filters live in the URL. */
export function ChangesPage() {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const [params, setParams] = useSearchParams();
  const people = useQueryProc('people.list', {});
  const personId = params.get('person') ?? undefined;
  const since = ISO_DATE.test(params.get('since') ?? '') ? params.get('since')! : undefined;
  const until = ISO_DATE.test(params.get('until') ?? '') ? params.get('until')! : undefined;
  const objectId = ID.test(params.get('object') ?? '') ? params.get('object')! : undefined;
  const page = pageFromParams(params);
  const changes = useQueryProc(
    'changes.list',
    { personId, since, until, entityId: objectId, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE },
    { placeholderData: keepPreviousData },
  );
  const object = useQueryProc('objects.get', { id: objectId ?? '' }, { enabled: objectId !== undefined });
  const total = changes.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const set = (key: string, value: string | undefined) => setParams(withParams({ [key]: value }, { backToFirstPage: true }));
  const filtered = Boolean(personId || since || until || objectId);

  return (
    <Stack gap="md" maw={1100} className="changes-page">
      {objectId && (
        <BackLink to={`/objects/${objectId}`} label={t('changes.backToObject', { number: object.data?.displayNumber ?? '…' })} />
      )}
      <PageHeader title={t('changes.title')} subtitle={t('changes.subtitle')}>
        <Text size="sm" c="dimmed" aria-live="polite">
          {changes.data ? t('changes.count', { count: total, formatted: number(total) }) : ''}
        </Text>
      </PageHeader>

      <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label={t('changes.filters')}>
        <Select
          label={t('changes.person')}
          placeholder={t('changes.everyone')}
          data={(people.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={personId ?? null}
          onChange={(v) => set('person', v ?? undefined)}
          clearable
          searchable
          nothingFoundMessage={t('common.nothingFound')}
          w={220}
        />
        <TextInput label={t('changes.since')} type="date" value={since ?? ''} max={until} onChange={(e) => set('since', e.currentTarget.value || undefined)} w={160} />
        <TextInput label={t('changes.until')} type="date" value={until ?? ''} min={since} onChange={(e) => set('until', e.currentTarget.value || undefined)} w={160} />
        {objectId && (
          <div style={{ paddingBottom: 4 }}>
            <FilterChip
              label={t('changes.objectFilter', { number: object.data?.displayNumber ?? '…' })}
              removeLabel={t('changes.allObjects')}
              onRemove={() => set('object', undefined)}
            />
          </div>
        )}
        {filtered && (
          <Button variant="subtle" color="gray" size="sm" leftSection={<IconFilterOff size={14} />} onClick={() => setParams(new URLSearchParams())} mb={2}>
            {t('changes.clear')}
          </Button>
        )}
      </Group>

      {changes.isError ? (
        <ErrorState error={changes.error} onRetry={() => void changes.refetch()} />
      ) : changes.isPending ? (
        <Card withBorder radius="md" padding={0}>
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} h={44} m="md" />
          ))}
        </Card>
      ) : total === 0 ? (
        <EmptyState
          icon={<IconHistory size={28} />}
          title={filtered ? t('changes.emptyFilteredTitle') : t('changes.emptyTitle')}
          description={filtered ? t('changes.emptyFilteredBody') : t('changes.emptyBody')}
          className="page-empty"
        />
      ) : (
        <Card withBorder radius="md" padding={0} aria-busy={changes.isFetching || undefined}>
          <ol className="change-list" aria-label={t('changes.listLabel')}>
            {changes.data.items.map((change) => (
              <ChangeRow key={change.id} change={change} />
            ))}
          </ol>
        </Card>
      )}
      <ListPagination page={page} pages={pages} onChange={(value) => set('page', value)} labels="changes" />
    </Stack>
  );
}

function ChangeRow({ change }: { change: Change }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const lines = useFieldLines();
  const input = (change.input ?? {}) as Record<string, unknown>;
  const objectId = ['objects.update', 'objects.checkCondition'].includes(change.procedure) ? String(input.id ?? input.objectId ?? '') : '';
  const object = useQueryProc('objects.get', { id: objectId }, { enabled: objectId !== '' });
  const tree = useQueryProc('locations.tree', {});
  const code = (id: unknown) => (typeof id === 'string' ? (tree.data?.locations.find((l) => l.id === id)?.code ?? '…') : '');
  const objectNumber = object.data?.displayNumber ?? (object.isError ? t('changes.unknownObject') : '…');
  const what = describeChange(t, change, input, { code, objectNumber });
  const details = change.procedure === 'objects.update' ? lines(Object.fromEntries(Object.entries(input).filter(([k]) => k !== 'id'))) : change.procedure === 'objects.bulkUpdate' ? lines(input) : [];
  return (
    <li className="change-row">
      <Group gap="md" align="flex-start" wrap="wrap">
        <Stack gap={0} w={190} className="change-meta">
          <Text size="sm" className="change-when">
            {dateTime(change.at)}
          </Text>
          <Text size="sm" c="dimmed">
            {change.personName ?? t('changes.unknownPerson')}
          </Text>
        </Stack>
        <Stack gap={2} style={{ flex: 1, minWidth: 220 }}>
          <Text size="sm" fw={500}>
            {objectId && object.data ? <Anchor component={Link} to={`/objects/${objectId}`} inherit>{what}</Anchor> : what}
          </Text>
          {details.length > 0 && (
            <ul className="timeline-fields">
              {details.map((line, i) => (
                <li key={i}>
                  <span className="timeline-field-name">{line.label}:</span> {line.value}
                </li>
              ))}
            </ul>
          )}
        </Stack>
      </Group>
    </li>
  );
}

