import { Text } from '@mantine/core';
import type { ProgressEvent } from '@contract';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../lib/format';
import { JobProgressPanel } from '../JobProgressPanel';

/** A sync job's bar (reading, merging, bundling, copying): striped until it reports how far it is; Cancel when it can stop. */
export function SyncProgress({ label, progress, note, onCancel }: { label: string; progress: ProgressEvent | null; note?: string; onCancel?: () => Promise<void> }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const known = progress !== null && progress.total > 0 && !progress.finished;
  const percent = known ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 100;
  return (
    <JobProgressPanel title={label} percent={percent} indeterminate={!known} barLabel={label} onCancel={onCancel} testId="sync-progress">
      <Text size="xs" c="dimmed">
        {known ? t('sync.progress', { done: number(progress.done), total: number(progress.total) }) : t('sync.starting')}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </JobProgressPanel>
  );
}
