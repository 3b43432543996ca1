import { Anchor, Badge, Button, Card, DataList, EmptyState, Group, Kbd, SimpleGrid, Skeleton, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { CatalogueObject } from '@contract';
import { IconArrowBackUp, IconCopy, IconHome, IconListDetails, IconMapPin, IconPencil, IconSearchOff, IconStethoscope, IconTruckDelivery } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutationProc, useQueryProc } from '../api/hooks';
import { BackLink } from '../components/BackLink';
import { ErrorState } from '../components/ErrorState';
import { MoveModal } from '../components/MoveModal';
import { ObjectFormModal } from '../components/ObjectFormModal';
import { PriorityBadge } from '../components/evacuations/shared';
import { ConditionBadge } from '../components/objects/ConditionBadge';
import { ConditionModal } from '../components/objects/ConditionModal';
import { useCustomValue, useDateOnly, useMeasures } from '../components/objects/fields';
import { ObjectTimeline } from '../components/objects/ObjectTimeline';
import '../components/objects/objects.css';
import { PhotoSection } from '../components/photos/PhotoSection';
import { useFormatters } from '../lib/format';
import { notifyError } from '../lib/notify';

type Dialog = 'edit' | 'move' | 'condition';
const LABEL_WIDTH = '176px';

export function ObjectPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const object = useQueryProc('objects.get', { id });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const open = (next: Dialog) => () => {
    if (object.isSuccess && dialog === null) setDialog(next);
  };
  useHotkeys([
    ['e', open('edit')],
    ['m', open('move')],
    ['c', open('condition')],
  ]);

  const back = <BackLink />;

  if (object.isPending) {
    return (
      <Stack gap="md" maw={1100}>
        {back}
        <Skeleton h={36} w="50%" />
        <Skeleton h={160} />
        <Skeleton h={220} />
      </Stack>
    );
  }
  if (object.isError) {
    return (
      <Stack gap="md" maw={1100}>
        {back}
        {object.error.code === 'NOT_FOUND' || object.error.code === 'VALIDATION' ? (
          <EmptyState
            icon={<IconSearchOff size={28} />}
            title={t('objectsUi.page.notFoundTitle')}
            description={t('objectsUi.page.notFoundBody')}
            className="page-empty"
          />
        ) : (
          <ErrorState error={object.error} onRetry={() => void object.refetch()} />
        )}
      </Stack>
    );
  }
  const o = object.data;
  return (
    <Stack gap="lg" maw={1100} className="object-page">
      {back}
      <Header object={o} onDialog={setDialog} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Details object={o} />
        <Stack gap="md">
          <Whereabouts object={o} />
          <Condition object={o} onRecord={() => setDialog('condition')} />
        </Stack>
      </SimpleGrid>
      <PhotoSection target={{ kind: 'object', id: o.id }} label={o.displayNumber} />
      <ObjectTimeline objectId={o.id} />
      {dialog === 'edit' && <ObjectFormModal object={o} onClose={() => setDialog(null)} />}
      {dialog === 'move' && <MoveModal object={o} onClose={() => setDialog(null)} />}
      {dialog === 'condition' && <ConditionModal object={o} onClose={() => setDialog(null)} />}
    </Stack>
  );
}

function Shortcut({ label, keys }: { label: string; keys: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      {label}
      <Kbd size="xs">{keys}</Kbd>
    </Group>
  );
}

function Header({ object: o, onDialog }: { object: CatalogueObject; onDialog: (dialog: Dialog) => void }) {
  const { t } = useTranslation();
  const returnable = o.normalLocationId !== null && o.normalLocationId !== o.currentLocationId;
  const back = useMutationProc('moves.returnToNormal', {
    onSuccess: (result) =>
      notifications.show({
        color: result.moved ? 'teal' : 'orange',
        message: result.moved ? t('objectsUi.page.returned', { number: o.displayNumber, code: o.normalLocationCode }) : t('objectsUi.page.notReturned'),
        autoClose: 4000,
      }),
    onError: (error) => notifyError(t, error),
  });
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
      <div style={{ minWidth: 0, flex: '1 1 320px' }}>
        <Group gap="sm" align="center" className="object-header-badges">
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
          {o.duplicateNumber && (
            <Tooltip label={t('objectsUi.duplicateHint')} multiline w={260}>
              <Badge variant="light" color="orange" leftSection={<IconCopy size={12} aria-hidden />}>
                {t('objectsUi.duplicate')}
              </Badge>
            </Tooltip>
          )}
        </Group>
        <Text size="lg" className="page-title">
          {o.name}
        </Text>
      </div>
      <Group gap="sm" wrap="wrap">
        <Tooltip label={<Shortcut label={t('objectsUi.page.editHelp')} keys="E" />}>
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => onDialog('edit')} aria-keyshortcuts="E">
            {t('object.edit')}
          </Button>
        </Tooltip>
        <Tooltip label={<Shortcut label={t('objectsUi.page.conditionHelp')} keys="C" />}>
          <Button variant="default" leftSection={<IconStethoscope size={16} />} onClick={() => onDialog('condition')} aria-keyshortcuts="C">
            {t('objectsUi.page.recordCondition')}
          </Button>
        </Tooltip>
        {returnable && (
          <Tooltip label={t('objectsUi.page.returnHelp', { code: o.normalLocationCode })} multiline w={260}>
            <Button variant="default" leftSection={<IconArrowBackUp size={16} />} loading={back.isPending} onClick={() => back.mutate({ objectIds: [o.id] })}>
              {t('objectsUi.page.return')}
            </Button>
          </Tooltip>
        )}
        <Tooltip label={<Shortcut label={t('objectsUi.page.moveHelp')} keys="M" />}>
          <Button leftSection={<IconTruckDelivery size={16} />} onClick={() => onDialog('move')} aria-keyshortcuts="M">
            {t('object.move')}
          </Button>
        </Tooltip>
      </Group>
    </Group>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Missing({ children }: { children: ReactNode }) {
  return (
    <Text span c="dimmed" fs="italic" size="sm">
      {children}
    </Text>
  );
}

function Details({ object: o }: { object: CatalogueObject }) {
  const { t } = useTranslation();
  const { number, dateTime } = useFormatters();
  const measures = useMeasures();
  const customValue = useCustomValue();
  const vocabularies = useQueryProc('vocabularies.get', {});
  const dimensions = measures.dimensions(o);
  const weight = measures.weight(o);
  const none = t('objectsUi.page.none');
  return (
    <Card withBorder radius="md" padding="lg" className="object-card">
      <Stack gap="sm">
        <Text className="section-label">{t('object.details')}</Text>
        <DataList labelWidth={LABEL_WIDTH} className="object-details object-datalist" gap="xs">
          <Item label={t('object.number')}>{o.number ?? <Missing>{t('object.noNumber', { temp: o.tempNumber })}</Missing>}</Item>
          {o.number !== null && o.tempNumber && <Item label={t('objectsUi.fields.tempNumber')}>{o.tempNumber}</Item>}
          <Item label={t('object.name')}>{o.name}</Item>
          <Item label={t('object.count')}>{number(o.count)}</Item>
          <Item label={t('objectsUi.fields.category')}>{o.category ?? <Missing>{none}</Missing>}</Item>
          <Item label={t('objectsUi.fields.materials')}>{o.materials || <Missing>{none}</Missing>}</Item>
          <Item label={t('objectsUi.fields.dimensions')}>{dimensions ?? <Missing>{t('objectsUi.page.notMeasured')}</Missing>}</Item>
          <Item label={t('objectsUi.fields.weight')}>{weight ?? <Missing>{t('objectsUi.page.notWeighed')}</Missing>}</Item>
          <Item label={t('object.description')}>
            {o.description ? <span style={{ whiteSpace: 'pre-wrap' }}>{o.description}</span> : <Missing>{t('object.noDescription')}</Missing>}
          </Item>
          <Item label={t('objectsUi.fields.tags')}>
            {o.tags.length ? (
              <Group gap={4} className="tag-list">
                {o.tags.map((tag) => (
                  <Badge key={tag} variant="outline" color="gray" tt="none" fw={500} component={Link} to={`/?tag=${encodeURIComponent(tag)}`} style={{ cursor: 'pointer' }}>
                    {tag}
                  </Badge>
                ))}
              </Group>
            ) : (
              <Missing>{t('objectsUi.page.noTags')}</Missing>
            )}
          </Item>
          {(vocabularies.data?.customFields ?? []).map((field) => (
            <Item key={field.id} label={field.name}>
              {o.custom[field.id] !== undefined ? customValue(field, o.custom[field.id]) : <Missing>{none}</Missing>}
            </Item>
          ))}
          <Item label={t('objectsUi.fields.created')}>{dateTime(o.createdAt)}</Item>
          <Item label={t('object.updated')}>{dateTime(o.updatedAt)}</Item>
        </DataList>
      </Stack>
    </Card>
  );
}

function Whereabouts({ object: o }: { object: CatalogueObject }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const away = o.normalLocationId !== null && o.normalLocationId !== o.currentLocationId;
  return (
    <Card withBorder radius="md" padding="lg" className="object-card">
      <Stack gap="sm">
        <Text className="section-label">{t('object.currentLocation')}</Text>
        {o.currentLocationId ? (
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconMapPin size={22} className="location-pin" aria-hidden />
            <div style={{ minWidth: 0 }}>
              <Anchor component={Link} to={`/?location=${o.currentLocationId}`} fw={700} ff="monospace" size="lg" className="touch-link">
                {o.currentLocationCode}
              </Anchor>
              <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
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
        <DataList labelWidth={LABEL_WIDTH} className="object-datalist" gap="xs">
          <Item label={t('objectsUi.fields.normalLocation')}>
            {o.normalLocationId ? (
              <Group gap={6} wrap="wrap">
                <IconHome size={14} aria-hidden />
                <Anchor component={Link} to={`/?location=${o.normalLocationId}`} ff="monospace" size="sm" fw={600}>
                  {o.normalLocationCode}
                </Anchor>
                {away ? (
                  <Badge size="sm" variant="light" color="orange" tt="none">
                    {t('objectsUi.page.away')}
                  </Badge>
                ) : (
                  <Badge size="sm" variant="light" color="teal" tt="none">
                    {t('objectsUi.page.atHome')}
                  </Badge>
                )}
              </Group>
            ) : (
              <Missing>{t('objectsUi.page.noNormalLocation')}</Missing>
            )}
          </Item>
          <Item label={t('objectsUi.fields.reachableShort')}>
            {o.reachable === null ? (
              <Missing>{t('objectsUi.reachable.unknown')}</Missing>
            ) : (
              <Tooltip label={t('objectsUi.fields.reachable')} multiline w={260}>
                <Badge size="sm" variant="light" color={o.reachable ? 'teal' : 'red'} tt="none" className="badge-wraps">
                  {t(o.reachable ? 'objectsUi.page.reachableYes' : 'objectsUi.page.reachableNo')}
                </Badge>
              </Tooltip>
            )}
          </Item>
          <Item label={t('objectsUi.fields.evacuationPriority')}>
            {o.evacuationPriority === null && !o.significance && !o.vulnerability && !o.easeOfHandling ? (
              <Missing>{t('evacuation.priority.notSet')}</Missing>
            ) : (
              <Group gap={6} wrap="wrap" data-testid="object-priority">
                <PriorityBadge priority={o.evacuationPriority} />
                <Text size="xs" c="dimmed">
                  {(['significance', 'vulnerability', 'easeOfHandling'] as const)
                    .filter((k) => o[k])
                    .map((k) => `${t(`objectsUi.fields.${k}`)}: ${t(`evacuation.ratings.${o[k]!}`)}`)
                    .join(' · ')}
                </Text>
              </Group>
            )}
          </Item>
          {o.handlingNotes && <Item label={t('objectsUi.fields.handlingNotes')}>{o.handlingNotes}</Item>}
          <Item label={t('objectsUi.fields.lastSeen')}>{o.lastSeenAt ? dateTime(o.lastSeenAt) : <Missing>{t('objectsUi.page.neverSeen')}</Missing>}</Item>
        </DataList>
      </Stack>
    </Card>
  );
}

function Condition({ object: o, onRecord }: { object: CatalogueObject; onRecord: () => void }) {
  const { t } = useTranslation();
  const dateOnly = useDateOnly();
  const c = o.condition;
  return (
    <Card withBorder radius="md" padding="lg" className="object-card condition-card" data-empty={c === null || undefined}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text className="section-label">{t('objectsUi.fields.condition')}</Text>
          <Button size="compact-sm" variant="subtle" leftSection={<IconStethoscope size={14} />} onClick={onRecord}>
            {t('objectsUi.page.recordCondition')}
          </Button>
        </Group>
        {c ? (
          <Stack gap={6}>
            <Group gap="sm" wrap="wrap">
              <ConditionBadge term={c.term} size="lg" />
              <Text size="sm" c="dimmed">
                {c.assessedBy ? t('objectsUi.timeline.assessedBy', { date: dateOnly(c.assessedOn), name: c.assessedBy }) : t('objectsUi.timeline.assessedOn', { date: dateOnly(c.assessedOn) })}
              </Text>
            </Group>
            {c.note && (
              <Text size="sm" className="timeline-note">
                {c.note}
              </Text>
            )}
          </Stack>
        ) : (
          <Group gap="xs" wrap="nowrap">
            <IconListDetails size={18} aria-hidden color="var(--mantine-color-gray-5)" />
            <Text size="sm" c="dimmed">
              {t('objectsUi.page.noCondition')}
            </Text>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
