import { ActionIcon, Anchor, Button, Chip, Group, Menu, Pagination, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { CUSTODY_STATUSES, type CustodyStatus, type EvacuationBox, type EvacuationItem } from '@contract';
import { IconDots, IconExternalLink, IconFileText, IconRoute, IconSearch, IconTags, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { mediaUrl } from '../../api/client';
import { useMutationProc, useQueryProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { notifyError } from '../../lib/notify';
import { ErrorState } from '../ErrorState';
import { LabelsDialog } from '../labels/LabelsDialog';
import { useEvacuationDocument } from './DocumentsMenu';
import { BoxStatusBadge, CustodyBadge, PriorityBadge, useBoxName } from './shared';

const PAGE = 50;

/** One object of the list: its photo, number and name, its priority, where it stands, where it is (or was last recorded). */
export function ItemRow({ item, onRemove }: { item: EvacuationItem; onRemove?: () => void }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const last = item.lastRecorded;
  return (
    <li className="evac-row" data-custody={item.status} data-testid={`item-${item.displayNumber}`}>
      {item.primaryPhotoId ? <img className="evac-thumb" src={mediaUrl(item.primaryPhotoId, 'thumb')} alt="" loading="lazy" /> : <span className="evac-thumb" aria-hidden />}
      <div className="evac-row-main">
        <Group gap={8} wrap="wrap" align="baseline">
          <Anchor component={Link} to={`/objects/${item.objectId}`} className="evac-row-number">
            {item.displayNumber}
          </Anchor>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {item.name}
          </Text>
          {item.found && (
            <Text size="xs" fw={700} c="orange.8">
              {t('evacuation.items.found')}
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {item.status === 'listed' || !item.currentLocationCode
            ? t('evacuation.items.at', { code: item.originalLocationCode ?? '—', path: item.originalLocationPath ?? '' })
            : t('evacuation.items.now', { code: item.currentLocationCode, path: item.currentLocationPath ?? '' })}
        </Text>
        {item.status === 'unconfirmed' && (
          <Text size="xs" fw={600} c="red.9" data-testid="last-recorded">
            {t('evacuation.items.lastRecorded', {
              step: t(`evacuation.steps.${last.step}`),
              code: last.locationCode ?? '—',
              when: dateTime(last.at),
              who: last.personName ?? t('moves.unknownPerson'),
            })}
          </Text>
        )}
        {item.handlingNotes && (
          <Text size="xs" c="dark.4" fs="italic" lineClamp={2}>
            {item.handlingNotes}
          </Text>
        )}
      </div>
      <div className="evac-row-side">
        <PriorityBadge priority={item.evacuationPriority} />
        <CustodyBadge status={item.status} />
        {item.box && (
          <Text size="xs" ff="monospace" fw={700}>
            {item.box.code}
          </Text>
        )}
      </div>
      {onRemove && (
        <ActionIcon variant="subtle" color="gray" size={36} onClick={onRemove} aria-label={t('evacuation.items.remove', { number: item.displayNumber })}>
          <IconTrash size={16} />
        </ActionIcon>
      )}
    </li>
  );
}

/** The list, in route order, filtered by where the objects stand and by words, a page at a time. */
export function ItemsList({ evacuationId, editable }: { evacuationId: string; editable: boolean }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const [statuses, setStatuses] = useState<CustodyStatus[]>([]);
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const items = useQueryProc('evacuations.items', {
    evacuationId,
    ...(statuses.length ? { status: statuses } : {}),
    ...(query.trim() ? { query: query.trim() } : {}),
    offset: (page - 1) * PAGE,
    limit: PAGE,
  });
  const remove = useMutationProc('evacuations.removeObjects', { onError: (error) => notifyError(t, error) });
  const total = items.data?.total ?? 0;
  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          leftSection={<IconSearch size={16} aria-hidden />}
          placeholder={t('evacuation.items.search')}
          aria-label={t('evacuation.items.search')}
          value={query}
          onChange={(e) => {
            setQuery(e.currentTarget.value);
            setPage(1);
          }}
          style={{ flex: '1 1 220px' }}
        />
        <Chip.Group
          multiple
          value={statuses}
          onChange={(v) => {
            setStatuses(v as CustodyStatus[]);
            setPage(1);
          }}
        >
          <Group gap={6} wrap="wrap">
            {CUSTODY_STATUSES.map((s) => (
              <Chip key={s} value={s} size="sm">
                {t(`evacuation.custody.${s}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </Group>
      {items.isError ? (
        <ErrorState error={items.error} onRetry={() => void items.refetch()} />
      ) : items.isPending ? (
        <Stack gap={6}>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} h={56} />
          ))}
        </Stack>
      ) : total === 0 ? (
        <Text size="sm" c="dimmed" py="md">
          {statuses.length || query ? t('common.nothingFound') : t('evacuation.items.empty')}
        </Text>
      ) : (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('evacuation.items.count', { count: total, formatted: number(total) })}
          </Text>
          <ul className="evac-rows" aria-label={t('evacuation.items.label')}>
            {items.data.items.map((item) => (
              <ItemRow key={item.objectId} item={item} onRemove={editable ? () => remove.mutate({ evacuationId, objectIds: [item.objectId] }) : undefined} />
            ))}
          </ul>
          {total > PAGE && <Pagination value={page} onChange={setPage} total={Math.ceil(total / PAGE)} style={{ alignSelf: 'center' }} />}
        </>
      )}
    </Stack>
  );
}

/** One box: its code and status, where it is, what was packed in it and what of that was found; its papers. */
function BoxCard({ box, evacuationId }: { box: EvacuationBox; evacuationId: string }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const { make, dialog } = useEvacuationDocument(evacuationId);
  const [labels, setLabels] = useState(false);
  return (
    <div className="evac-box" data-box-status={box.status} data-testid={`box-${box.code}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text className="evac-box-code">{box.code}</Text>
          <Text size="xs" c="dimmed">
            {t(`evacuation.boxKind.${box.kind}`, { number: box.number })}
          </Text>
        </div>
        <Group gap={4} wrap="nowrap">
          <BoxStatusBadge status={box.status} />
          <Menu position="bottom-end" shadow="md" width={240}>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" size={36} aria-label={t('evacuation.boxes.actions', { code: box.code })}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconTags size={15} />} onClick={() => setLabels(true)}>
                {t('evacuation.boxes.label')}
              </Menu.Item>
              <Menu.Item leftSection={<IconFileText size={15} />} onClick={() => void make('packingList', { boxId: box.id })}>
                {t('evacuation.boxes.packingList')}
              </Menu.Item>
              <Menu.Item leftSection={<IconRoute size={15} />} onClick={() => void make('trackingForm', { boxId: box.id })}>
                {t('evacuation.boxes.trackingForm')}
              </Menu.Item>
              <Menu.Item leftSection={<IconExternalLink size={15} />} component={Link} to={`/locations/${box.id}`}>
                {t('evacuation.boxes.open')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <Text size="sm" mt={6}>
        {box.expected > 0 && box.status !== 'packing' && box.status !== 'empty'
          ? t('evacuation.boxes.found', { confirmed: number(box.confirmed), expected: number(box.expected) })
          : t('evacuation.boxes.objects', { count: box.objects, formatted: number(box.objects) })}
      </Text>
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {box.locationCode ? t('evacuation.boxes.where', { code: box.locationCode }) : ''}
        {box.photos > 0 ? ` · ${t('evacuation.boxes.photos', { count: box.photos })}` : ''}
      </Text>
      {box.missing.length > 0 && (
        <div className="evac-missing" role="alert" style={{ marginTop: 8 }}>
          <Text size="sm" fw={700} c="red.9">
            {t('evacuation.boxes.missing', { count: box.missing.length })}
          </Text>
          <Text size="sm" ff="monospace" fw={700}>
            {box.missing.map((m) => m.displayNumber).join(', ')}
          </Text>
        </div>
      )}
      {dialog}
      {labels && <LabelsDialog context={{ locationId: box.id, locationCode: box.code, initial: 'locations' }} onClose={() => setLabels(false)} />}
    </div>
  );
}

export function BoxesList({ evacuationId, canCreate }: { evacuationId: string; canCreate: boolean }) {
  const { t } = useTranslation();
  const boxName = useBoxName();
  const boxes = useQueryProc('evacuations.boxes', { evacuationId });
  const create = useMutationProc('evacuations.createBoxes', { onError: (error) => notifyError(t, error) });
  return (
    <Stack gap="sm">
      {canCreate && (
        <Group gap="sm">
          <Button variant="light" onClick={() => create.mutate({ evacuationId, count: 1, name: boxName('box') })} loading={create.isPending} data-testid="new-box">
            {t('evacuation.boxes.newBox')}
          </Button>
          <Button variant="default" onClick={() => create.mutate({ evacuationId, count: 10, name: boxName('box') })} loading={create.isPending}>
            {t('evacuation.boxes.tenBoxes')}
          </Button>
          <Button variant="default" onClick={() => create.mutate({ evacuationId, count: 1, kind: 'crate', name: boxName('crate') })} loading={create.isPending}>
            {t('evacuation.boxes.newCrate')}
          </Button>
        </Group>
      )}
      {boxes.isError ? (
        <ErrorState error={boxes.error} onRetry={() => void boxes.refetch()} />
      ) : boxes.isPending ? (
        <Skeleton h={120} />
      ) : boxes.data.boxes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('evacuation.boxes.none')}
        </Text>
      ) : (
        <div className="evac-box-grid">
          {boxes.data.boxes.map((box) => (
            <BoxCard key={box.id} box={box} evacuationId={evacuationId} />
          ))}
        </div>
      )}
    </Stack>
  );
}

/** Expected against received: the objects unaccounted for, each with where it was last recorded; the boxes missing something; what was not packed; what was found. */
export function Reconciliation({ evacuationId }: { evacuationId: string }) {
  const { t } = useTranslation();
  const data = useQueryProc('evacuations.reconcile', { evacuationId });
  if (data.isError) return <ErrorState error={data.error} onRetry={() => void data.refetch()} />;
  if (data.isPending) return <Skeleton h={160} />;
  const { unaccounted, notPacked, found, boxes } = data.data;
  const section = (title: string, items: EvacuationItem[], testId: string, empty: string) => (
    <Stack gap={6} data-testid={testId}>
      <Text fw={700}>{t('evacuation.reconcile.section', { title, count: items.length })}</Text>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <ul className="evac-rows">
          {items.map((item) => (
            <ItemRow key={item.objectId} item={item} />
          ))}
        </ul>
      )}
    </Stack>
  );
  const arrived = boxes.filter((b) => b.status === 'arrived' || b.status === 'checked' || b.status === 'unpacked');
  return (
    <Stack gap="lg">
      {section(t('evacuation.reconcile.unaccounted'), unaccounted, 'reconcile-unaccounted', t('evacuation.reconcile.noneUnaccounted'))}
      <Stack gap={6}>
        <Text fw={700}>{t('evacuation.reconcile.boxes', { arrived: arrived.length, total: boxes.length })}</Text>
        <ul className="evac-rows">
          {boxes.map((b) => (
            <li key={b.id} className="evac-row" data-testid={`reconcile-box-${b.code}`}>
              <div className="evac-row-main">
                <Text className="evac-row-number">{b.code}</Text>
                {b.missing.length > 0 && (
                  <Text size="sm" c="red.9" fw={600}>
                    {t('evacuation.boxes.missing', { count: b.missing.length })} {b.missing.map((m) => m.displayNumber).join(', ')}
                  </Text>
                )}
              </div>
              <div className="evac-row-side">
                <BoxStatusBadge status={b.status} />
                <Text size="sm" fw={600}>
                  {t('evacuation.reconcile.boxCount', { confirmed: b.confirmed, expected: b.expected })}
                </Text>
              </div>
            </li>
          ))}
        </ul>
      </Stack>
      {section(t('evacuation.reconcile.notPacked'), notPacked, 'reconcile-not-packed', t('evacuation.reconcile.noneNotPacked'))}
      {section(t('evacuation.reconcile.found'), found, 'reconcile-found', t('evacuation.reconcile.noneFound'))}
    </Stack>
  );
}
