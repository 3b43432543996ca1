import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import type { Output } from '@contract';
import { IconArrowBackUp, IconCircleCheck, IconClockHour4, IconDownload, IconList, IconUpload } from '@tabler/icons-react';
import { useMutationProc } from '../../api/hooks';
import { notifyError } from '../../lib/notify';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { exportUrl } from '../../api/jobs';
import { useFormatters } from '../../lib/format';
import { UndoImport } from './UndoImport';

type Preview = Output<'imports.preview'>;

/** The import is in: what it did, the report, the objects, and Undo. */
export function ImportDone({ result, onAnother }: { result: Preview; onAnother: () => void }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const navigate = useNavigate();
  const [undoing, setUndoing] = useState(false);
  const [undone, setUndone] = useState(false);
  const skipped = result.outcomes.filter((o) => o.status === 'error').length;
  return (
    <Stack gap="md">
      <Alert color={undone ? 'gray' : 'teal'} variant="light" icon={<IconCircleCheck aria-hidden />} title={undone ? t('exchange.done.undoneTitle') : t('exchange.done.title')} data-testid="import-done">
        <Stack gap={4}>
          <Text size="sm">{t('exchange.done.summary', { created: number(result.new), updated: number(result.updated), unchanged: number(result.unchanged) })}</Text>
          {skipped > 0 && (
            <Text size="sm" c="orange.8">
              {t('exchange.done.skipped', { count: skipped, formatted: number(skipped) })}
            </Text>
          )}
          {result.newLocations.length > 0 && <Text size="sm">{t('exchange.done.locations', { count: result.newLocations.length })}</Text>}
        </Stack>
      </Alert>
      {result.before && !undone && <MoveBefore offer={result.before} />}
      <Group gap="sm" wrap="wrap">
        <Button leftSection={<IconList size={16} aria-hidden />} onClick={() => navigate('/')} data-testid="import-see-objects">
          {t('exchange.done.see')}
        </Button>
        {result.reportExportId && (
          <Button component="a" variant="default" href={exportUrl(result.reportExportId)} download leftSection={<IconDownload size={16} aria-hidden />}>
            {t('exchange.preview.report')}
          </Button>
        )}
        {result.importId && !undone && (
          <Button variant="default" color="red" leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={() => setUndoing(true)} data-testid="import-undo">
            {t('exchange.done.undo')}
          </Button>
        )}
        <Button variant="subtle" leftSection={<IconUpload size={16} aria-hidden />} onClick={onAnother}>
          {t('exchange.done.another')}
        </Button>
      </Group>
      <Anchor size="xs" c="dimmed" onClick={() => navigate('/changes')} component="button" type="button" ta="start">
        {t('exchange.done.inLog')}
      </Anchor>
      {undoing && result.importId && <UndoImport importId={result.importId} onClose={() => setUndoing(false)} onUndone={() => setUndone(true)} />}
    </Stack>
  );
}

/**
 * Before still stands where the catalogue held no object: every comparison would start from zero. Moving it to just
 * after this import (an operation, milestones.update) is offered, with what that changes.
 */
function MoveBefore({ offer }: { offer: NonNullable<Preview['before']> }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const [moved, setMoved] = useState(false);
  const move = useMutationProc('milestones.update', { onSuccess: () => setMoved(true), onError: (error) => notifyError(t, error) });
  return (
    <Alert color={moved ? 'teal' : 'blue'} variant="light" icon={<IconClockHour4 aria-hidden />} title={moved ? t('exchange.done.beforeMoved') : t('exchange.done.beforeTitle')} data-testid="import-before">
      {!moved && (
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t('exchange.done.beforeBody', { then: number(offer.objectsThen), now: number(offer.objectsNow) })}</Text>
          <Button size="xs" loading={move.isPending} onClick={() => move.mutate({ id: offer.milestoneId, at: offer.at })} data-testid="import-move-before">
            {t('exchange.done.beforeMove')}
          </Button>
        </Stack>
      )}
    </Alert>
  );
}
