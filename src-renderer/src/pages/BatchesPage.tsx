import { Alert, Badge, Button, EmptyState, Group, List, Modal, Skeleton, Stack, Switch, Text } from '@mantine/core';
import type { Output } from '@contract';
import { IconArrowBackUp, IconBarcode, IconTruckDelivery } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMutationProc, useQueryProc } from '../api/hooks';
import { usePersonId } from '../api/person';
import { ErrorState } from '../components/ErrorState';
import { PageHeader } from '../components/PageHeader';
import { useFormatters } from '../lib/format';
import { notifyError } from '../lib/notify';
import { UndoBatchActions } from '../components/moves/UndoBatchActions';
import '../components/moves/moves.css';

type Batch = Output<'moves.batches'>['batches'][number];
type UndoResult = Output<'moves.undo'>;

const PAGE = 50;

function StateBadge({ color, label, detail }: { color: string; label: string; detail?: string }) {
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={color} variant="light" tt="none">
        {label}
      </Badge>
      {detail && (
        <Text size="xs" c="dimmed" ff="monospace">
          {detail}
        </Text>
      )}
    </Stack>
  );
}

/** Recent batches of moves, newest first, each of which can be undone with new movements back. */
export function BatchesPage() {
  const { t } = useTranslation();
  const { number, dateTime } = useFormatters();
  const navigate = useNavigate();
  const personId = usePersonId();
  const [mine, setMine] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const batches = useQueryProc('moves.batches', { limit, ...(mine && personId ? { personId } : {}) });
  const [confirming, setConfirming] = useState<Batch | null>(null);
  const [result, setResult] = useState<{ batch: Batch; result: UndoResult } | null>(null);

  const undo = useMutationProc('moves.undo', {
    onSuccess: (outcome, input) => {
      const batch = batches.data?.batches.find((b) => b.reference === input.reference) ?? confirming;
      setConfirming(null);
      if (batch) setResult({ batch, result: outcome });
    },
    onError: (error) => {
      setConfirming(null);
      notifyError(t, error);
    },
  });

  const rows = batches.data?.batches ?? [];

  return (
    <Stack gap="md" className="batches-page" pb="xl">
      <PageHeader title={t('moves.batchesTitle')} subtitle={t('moves.batchesHelp')} subtitleWidth={560}>
        <Group gap="md">
          {personId && <Switch label={t('moves.onlyMine')} checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />}
          <Button variant="light" leftSection={<IconBarcode size={16} aria-hidden />} onClick={() => navigate('/rapid')}>
            {t('rapid.title')}
          </Button>
        </Group>
      </PageHeader>

      {batches.isError ? (
        <ErrorState error={batches.error} onRetry={() => void batches.refetch()} />
      ) : batches.isPending ? (
        <Stack gap={6}>
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} h={44} />
          ))}
        </Stack>
      ) : rows.length === 0 ? (
        <EmptyState icon={<IconTruckDelivery size={28} />} title={t('moves.noBatchesTitle')} description={t('moves.noBatchesBody')} className="page-empty" />
      ) : (
        <div className="batch-list" role="table" aria-label={t('moves.batchesTitle')}>
          <div className="batch-row batch-head" role="row">
            <span role="columnheader">{t('moves.col.reference')}</span>
            <span role="columnheader">{t('moves.col.when')}</span>
            <span role="columnheader">{t('moves.col.who')}</span>
            <span role="columnheader">{t('moves.col.reason')}</span>
            <span role="columnheader">{t('moves.col.destination')}</span>
            <span role="columnheader" className="batch-count">
              {t('moves.col.objects')}
            </span>
            <span role="columnheader">{t('moves.col.state')}</span>
            <span role="columnheader" className="visually-hidden">
              {t('moves.col.action')}
            </span>
          </div>
          {rows.map((batch) => (
            <div className="batch-row" role="row" key={batch.reference} data-undone={batch.undoneBy ? true : undefined} data-testid={`batch-${batch.reference}`}>
              <span role="cell" className="batch-main">
                <Text ff="monospace" fw={700} size="sm">
                  {batch.reference}
                </Text>
              </span>
              <span role="cell" className="batch-main">
                <Text size="sm">{dateTime(batch.at)}</Text>
              </span>
              <span role="cell" className="batch-main">
                <Text size="sm" truncate>
                  {batch.personName ?? t('moves.unknownPerson')}
                </Text>
              </span>
              <span role="cell" className="batch-main">
                <Text size="sm" truncate title={t(`reasons.${batch.reason}`)}>
                  {t(`reasons.${batch.reason}`)}
                </Text>
              </span>
              <span role="cell" className="batch-main">
                <Text size="sm" ff="monospace" truncate>
                  <span className="batch-label">{t('moves.col.destination')}:</span>
                  {batch.toLocationCode ?? '—'}
                </Text>
              </span>
              <span role="cell" className="batch-count batch-main">
                <Text size="sm">
                  <span className="batch-label">{t('moves.col.objects')}:</span>
                  {number(batch.objectCount)}
                  {batch.containerCount > 0 && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      {t('moves.containers', { count: batch.containerCount })}
                    </Text>
                  )}
                </Text>
              </span>
              <span role="cell">
                {batch.undoneBy ? (
                  <StateBadge color="gray" label={t('moves.stateUndone')} detail={t('moves.undoneBy', { reference: batch.undoneBy })} />
                ) : batch.undoes ? (
                  <StateBadge color="blue" label={t('moves.stateUndo')} detail={t('moves.undoOf', { reference: batch.undoes })} />
                ) : (
                  <StateBadge color="teal" label={t('moves.done')} />
                )}
              </span>
              <span role="cell" className="batch-action">
                {!batch.undoneBy && !batch.undoes && (
                  <Button
                    size="compact-sm"
                    variant="light"
                    color="red"
                    leftSection={<IconArrowBackUp size={14} aria-hidden />}
                    onClick={() => setConfirming(batch)}
                    aria-label={t('moves.undoThis', { reference: batch.reference })}
                  >
                    {t('moves.undo')}
                  </Button>
                )}
              </span>
            </div>
          ))}
        </div>
      )}
      {rows.length >= limit && limit < 200 && (
        <Button variant="subtle" onClick={() => setLimit((l) => Math.min(200, l + PAGE))} style={{ alignSelf: 'center' }}>
          {t('moves.showMore')}
        </Button>
      )}

      <Modal opened={confirming !== null} onClose={() => setConfirming(null)} title={t('moves.undoTitle', { reference: confirming?.reference ?? '' })} centered>
        {confirming && (
          <Stack gap="md">
            <Text size="sm">{t('moves.undoBody', { count: confirming.objectCount, formatted: number(confirming.objectCount) })}</Text>
            <Text size="sm" c="dimmed">
              {t('moves.undoSkipHelp')}
            </Text>
            <UndoBatchActions onCancel={() => setConfirming(null)} onUndo={() => undo.mutate({ reference: confirming.reference })} pending={undo.isPending} />
          </Stack>
        )}
      </Modal>

      <Modal opened={result !== null} onClose={() => setResult(null)} title={t('moves.undoneTitle', { reference: result?.batch.reference ?? '' })} centered>
        {result && (
          <Stack gap="md">
            <Alert color={result.result.skipped.length ? 'yellow' : 'teal'} variant="light" role="status">
              {t('moves.undone', { count: result.result.restored })}
            </Alert>
            {result.result.skipped.length > 0 && (
              <div>
                <Text size="sm" fw={600}>
                  {t('moves.skippedTitle', { count: result.result.skipped.length })}
                </Text>
                <List size="sm" mt={4} spacing={2}>
                  {result.result.skipped.map((s) => (
                    <List.Item key={s.objectId}>
                      <Text span ff="monospace" size="sm">
                        {s.displayNumber}
                      </Text>
                    </List.Item>
                  ))}
                </List>
              </div>
            )}
            <Group justify="flex-end">
              <Button onClick={() => setResult(null)} data-autofocus>
                {t('moves.close')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
