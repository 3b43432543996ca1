import { Anchor, Badge, Card, EmptyState, Group, SegmentedControl, Skeleton, Stack, Text, Timeline, Title } from '@mantine/core';
import type { Movement, Output } from '@contract';
import { IconArrowRight, IconHistory, IconPencil, IconPlus, IconStethoscope, IconTruckDelivery } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQueryProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { noteText } from '../../lib/noteText';
import { ErrorState } from '../ErrorState';
import { ConditionBadge } from './ConditionBadge';
import { useDateOnly, useFieldLines } from './fields';

type TimelineEvent = Output<'objects.timeline'>['events'][number];
type Show = 'all' | 'moved' | 'condition' | 'edited';

const ICONS = {
  created: <IconPlus size={12} />,
  edited: <IconPencil size={12} />,
  moved: <IconTruckDelivery size={12} />,
  condition: <IconStethoscope size={12} />,
};

/** An object's history, newest first: when it was recorded, each edit, move and condition check, who and when. */
export function ObjectTimeline({ objectId }: { objectId: string }) {
  const { t } = useTranslation();
  const timeline = useQueryProc('objects.timeline', { id: objectId });
  const [show, setShow] = useState<Show>('all');
  const events = (timeline.data?.events ?? []).filter((e) => show === 'all' || e.kind === show || (show === 'edited' && e.kind === 'created'));
  return (
    <section aria-labelledby="history-title">
      <Group gap="xs" mb="sm" justify="space-between" wrap="wrap">
        <Group gap="xs">
          <IconHistory size={18} aria-hidden />
          <Title order={2} size="h4" id="history-title">
            {t('objectsUi.timeline.title')}
          </Title>
        </Group>
        <Group gap="sm" wrap="wrap">
          <SegmentedControl
            size="xs"
            value={show}
            onChange={(v) => setShow(v as Show)}
            aria-label={t('objectsUi.timeline.show')}
            data={[
              { value: 'all', label: t('objectsUi.timeline.showAll') },
              { value: 'moved', label: t('objectsUi.timeline.showMoves') },
              { value: 'condition', label: t('objectsUi.timeline.showCondition') },
              { value: 'edited', label: t('objectsUi.timeline.showEdits') },
            ]}
          />
          <Anchor component={Link} to={`/changes?object=${objectId}`} size="sm" className="touch-link">
            {t('objectsUi.page.allChanges')}
          </Anchor>
        </Group>
      </Group>
      <Card withBorder radius="md" padding="lg">
        {timeline.isPending && <Skeleton h={120} />}
        {timeline.isError && <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />}
        {timeline.isSuccess && events.length === 0 && (
          <EmptyState size="sm" icon={<IconHistory size={22} />} title={t('objectsUi.timeline.emptyTitle')} description={t(`objectsUi.timeline.empty_${show}`)} />
        )}
        {timeline.isSuccess && events.length > 0 && (
          <Timeline bulletSize={24} lineWidth={2} active={0}>
            {events.map((event) => (
              <Timeline.Item key={`${event.kind}-${event.id}`} bullet={ICONS[event.kind]} title={<EventTitle event={event} />}>
                <EventBody event={event} />
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Card>
    </section>
  );
}

/** The reader's calendar day of a timestamp, as YYYY-MM-DD. */
function localDay(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function Code({ children }: { children: ReactNode }) {
  return <span className="timeline-code">{children}</span>;
}

function Place({ code, unknown }: { code: string | null; unknown: string }) {
  return code ? (
    <Code>{code}</Code>
  ) : (
    <Text span c="dimmed" fs="italic">
      {unknown}
    </Text>
  );
}

function MoveTitle({ movement }: { movement: Movement }) {
  const { t } = useTranslation();
  if (movement.containerId) {
    return (
      <Group gap={6} wrap="wrap" className="move-title">
        <span>{t('objectsUi.timeline.movedWith')}</span>
        <Code>{movement.containerCode}</Code>
        <span>{t('objectsUi.timeline.from')}</span>
        <Place code={movement.containerFromCode} unknown={t('objectsUi.timeline.topLevel')} />
        <IconArrowRight size={14} aria-label={t('history.to')} />
        <Place code={movement.containerToCode} unknown={t('objectsUi.timeline.topLevel')} />
      </Group>
    );
  }
  return (
    <Group gap={8} wrap="wrap" className="move-title">
      <Place code={movement.fromLocationCode} unknown={t('history.noLocation')} />
      <IconArrowRight size={14} aria-label={t('history.to')} />
      {movement.toLocationId === null ? (
        <Text span c="orange.8" fs="italic">
          {t('objectsUi.timeline.locationUnknown')}
        </Text>
      ) : (
        <Code>{movement.toLocationCode}</Code>
      )}
    </Group>
  );
}

function EventTitle({ event }: { event: TimelineEvent }) {
  const { t } = useTranslation();
  if (event.kind === 'moved' && event.movement) return <MoveTitle movement={event.movement} />;
  if (event.kind === 'condition' && event.condition) {
    return (
      <Group gap={8} wrap="wrap">
        <span>{t('objectsUi.timeline.conditionTitle')}</span>
        <ConditionBadge term={event.condition.term} />
      </Group>
    );
  }
  if (event.kind === 'created') return <span>{t('objectsUi.timeline.created')}</span>;
  return <span>{event.procedure === 'objects.bulkUpdate' ? t('objectsUi.timeline.bulkEdited') : t('objectsUi.timeline.edited')}</span>;
}

function Byline({ event, children }: { event: TimelineEvent; children?: ReactNode }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  return (
    <Group gap="xs" wrap="wrap">
      {children}
      <Text size="sm" c="dimmed">
        {dateTime(event.at)}
      </Text>
      <Text size="sm" c="dimmed" aria-hidden>
        ·
      </Text>
      <Text size="sm">{event.personName ? t('history.by', { name: event.personName }) : t('history.byUnknown')}</Text>
    </Group>
  );
}

function EventBody({ event }: { event: TimelineEvent }) {
  const { t } = useTranslation();
  const lines = useFieldLines();
  const dateOnly = useDateOnly();
  if (event.kind === 'moved' && event.movement) {
    const m = event.movement;
    return (
      <Stack gap={4} mt={4}>
        <Byline event={event}>
          <Badge variant="light" size="md" tt="none" fw={600}>
            {t(`reasons.${m.reason}`)}
          </Badge>
        </Byline>
        {m.containerId && (
          <Text size="sm" c="dimmed">
            {t('objectsUi.timeline.insideContainer', { code: m.toLocationCode ?? m.containerCode })}
          </Text>
        )}
        {m.note && (
          <Text size="sm" className="timeline-note">
            {noteText(t, m.note)}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('history.reference', { reference: m.reference })}
        </Text>
      </Stack>
    );
  }
  if (event.kind === 'condition' && event.condition) {
    const c = event.condition;
    return (
      <Stack gap={4} mt={4}>
        <Text size="sm">
          {c.assessedBy
            ? t('objectsUi.timeline.assessedBy', { date: dateOnly(c.assessedOn), name: c.assessedBy })
            : t('objectsUi.timeline.assessedOn', { date: dateOnly(c.assessedOn) })}
        </Text>
        {c.note && (
          <Text size="sm" className="timeline-note">
            {c.note}
          </Text>
        )}
        {/* Who typed it in, and when, is worth saying only when it is not the assessment itself. */}
        {(c.assessedBy !== (event.personName ?? '') || c.assessedOn !== localDay(event.at)) && <Byline event={event} />}
      </Stack>
    );
  }
  // What an object was recorded with is on the page above; the history lists what changed since.
  const fields = event.kind === 'edited' && event.changes ? lines(event.changes) : [];
  return (
    <Stack gap={4} mt={4}>
      {fields.length > 0 && (
        <ul className="timeline-fields">
          {fields.map((line, i) => (
            <li key={i}>
              <span className="timeline-field-name">{line.label}:</span> {line.value}
            </li>
          ))}
        </ul>
      )}
      <Byline event={event} />
    </Stack>
  );
}
