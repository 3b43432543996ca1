import { Anchor, Badge, Button, Card, EmptyState, Group, SimpleGrid, Skeleton, Stack, Text, Timeline, Title, Tooltip } from '@mantine/core';
import type { Movement } from '@contract';
import { IconArrowLeft, IconArrowRight, IconHistory, IconMapPin, IconPencil, IconTruckDelivery } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQueryProc } from '../api/hooks';
import { ErrorState } from '../components/ErrorState';
import { MoveModal } from '../components/MoveModal';
import { ObjectFormModal } from '../components/ObjectFormModal';
import { useFormatters } from '../lib/format';

export function ObjectPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { number, dateTime } = useFormatters();
  const object = useQueryProc('objects.get', { id });
  const [editing, setEditing] = useState(false);
  const [moving, setMoving] = useState(false);

  const back = (
    <Anchor component={Link} to="/" size="sm" className="back-link">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden />
        {t('object.back')}
      </Group>
    </Anchor>
  );

  if (object.isPending) {
    return (
      <Stack gap="md" maw={960}>
        {back}
        <Skeleton h={36} w="50%" />
        <Skeleton h={160} />
        <Skeleton h={220} />
      </Stack>
    );
  }
  if (object.isError) {
    return (
      <Stack gap="md" maw={960}>
        {back}
        <ErrorState error={object.error} onRetry={() => void object.refetch()} />
      </Stack>
    );
  }
  const o = object.data;
  return (
    <Stack gap="lg" maw={960}>
      {back}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div style={{ minWidth: 0, flex: 1 }}>
          <Group gap="sm" align="center">
            <Title order={1} size="h2" className="page-title">
              {o.displayNumber}
            </Title>
            {o.number === null && (
              <Tooltip label={t('objects.temporaryHint')} multiline w={260}>
                <Badge variant="outline" color="gray">
                  {t('objects.temporary')}
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Text size="lg">{o.name}</Text>
        </div>
        <Group gap="sm">
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
            {t('object.edit')}
          </Button>
          <Button leftSection={<IconTruckDelivery size={16} />} onClick={() => setMoving(true)}>
            {t('object.move')}
          </Button>
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Text size="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5}>
              {t('object.details')}
            </Text>
            <Detail label={t('object.number')}>
              {o.number ?? (
                <Text span c="dimmed" fs="italic">
                  {t('object.noNumber', { temp: o.tempNumber })}
                </Text>
              )}
            </Detail>
            <Detail label={t('object.name')}>{o.name}</Detail>
            <Detail label={t('object.count')}>{number(o.count)}</Detail>
            <Detail label={t('object.description')}>
              {o.description ? (
                <Text span style={{ whiteSpace: 'pre-wrap' }}>
                  {o.description}
                </Text>
              ) : (
                <Text span c="dimmed" fs="italic">
                  {t('object.noDescription')}
                </Text>
              )}
            </Detail>
            <Detail label={t('object.updated')}>{dateTime(o.updatedAt)}</Detail>
          </Stack>
        </Card>
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Text size="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5}>
              {t('object.currentLocation')}
            </Text>
            {o.currentLocationId ? (
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <IconMapPin size={22} className="location-pin" aria-hidden />
                <div>
                  <Anchor component={Link} to={`/?location=${o.currentLocationId}`} fw={700} ff="monospace" size="lg">
                    {o.currentLocationCode}
                  </Anchor>
                  <Text size="sm" c="dimmed">
                    {o.currentLocationPath}
                  </Text>
                </div>
              </Group>
            ) : (
              <Stack gap={4}>
                <Text fw={500}>{t('object.noLocation')}</Text>
                <Text size="sm" c="dimmed">
                  {t('object.noLocationHelp')}
                </Text>
              </Stack>
            )}
          </Stack>
        </Card>
      </SimpleGrid>

      <History objectId={o.id} />
      {editing && <ObjectFormModal object={o} onClose={() => setEditing(false)} />}
      {moving && <MoveModal object={o} onClose={() => setMoving(false)} />}
    </Stack>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="detail">
      <Text size="sm" c="dimmed" className="detail-label">
        {label}
      </Text>
      <Text size="sm" component="div" className="detail-value">
        {children}
      </Text>
    </div>
  );
}

function History({ objectId }: { objectId: string }) {
  const { t } = useTranslation();
  const history = useQueryProc('moves.history', { objectId });
  return (
    <section aria-labelledby="history-title">
      <Group gap="xs" mb="sm">
        <IconHistory size={18} aria-hidden />
        <Title order={2} size="h4" id="history-title">
          {t('history.title')}
        </Title>
      </Group>
      <Card withBorder radius="md" padding="lg">
        {history.isPending && <Skeleton h={120} />}
        {history.isError && <ErrorState error={history.error} onRetry={() => void history.refetch()} />}
        {history.isSuccess && history.data.movements.length === 0 && (
          <EmptyState size="sm" icon={<IconHistory size={22} />} title={t('history.emptyTitle')} description={t('history.emptyBody')} />
        )}
        {history.isSuccess && history.data.movements.length > 0 && (
          <Timeline bulletSize={22} lineWidth={2} active={0}>
            {history.data.movements.map((movement) => (
              <Timeline.Item key={movement.id} bullet={<IconArrowRight size={12} />} title={<MoveTitle movement={movement} />}>
                <MoveBody movement={movement} />
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Card>
    </section>
  );
}

function MoveTitle({ movement }: { movement: Movement }) {
  const { t } = useTranslation();
  return (
    <Group gap={8} wrap="wrap" className="move-title">
      {movement.fromLocationCode ? (
        <Text span ff="monospace" fw={600}>
          {movement.fromLocationCode}
        </Text>
      ) : (
        <Text span c="dimmed" fs="italic">
          {t('history.noLocation')}
        </Text>
      )}
      <IconArrowRight size={14} aria-label={t('history.to')} />
      <Text span ff="monospace" fw={600}>
        {movement.toLocationCode}
      </Text>
    </Group>
  );
}

function MoveBody({ movement }: { movement: Movement }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  return (
    <Stack gap={4} mt={4}>
      <Group gap="xs" wrap="wrap">
        <Badge variant="light" size="md" tt="none" fw={600}>
          {t(`reasons.${movement.reason}`)}
        </Badge>
        <Text size="sm" c="dimmed">
          {t('history.when', { when: dateTime(movement.at) })}
        </Text>
        <Text size="sm" c="dimmed">
          ·
        </Text>
        <Text size="sm">{movement.personName ? t('history.by', { name: movement.personName }) : t('history.byUnknown')}</Text>
      </Group>
      {movement.note && (
        <Text size="sm" className="move-note">
          {movement.note}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t('history.reference', { reference: movement.reference })}
      </Text>
    </Stack>
  );
}
