import { Text } from '@mantine/core';
import type { ProgressEvent } from '@contract';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../lib/format';
import { JobProgressPanel } from '../JobProgressPanel';

/**
 * A long job's bar: what it is doing, how far it is, and a Cancel button. Striped until the first report.
 * `describe` says what the job reports it is working on (an export names its sheets in English) in the reader's words.
 */
export function JobProgress({
  label,
  progress,
  onCancel,
  describe = (current) => current,
}: {
  label: string;
  progress: ProgressEvent | null;
  onCancel?: () => Promise<void>;
  describe?: (current: string) => string;
}) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const known = progress !== null && progress.total > 1;
  const percent = known ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 100;
  return (
    <JobProgressPanel title={label} percent={percent} indeterminate={!known} barLabel={label} onCancel={onCancel} testId="job-progress">
      <Text size="xs" c="dimmed" truncate>
        {known
          ? t('exchange.job.rows', { done: number(progress.done), total: number(progress.total) }) +
            (progress.current ? ` · ${describe(progress.current)}` : '')
          : progress?.current
            ? describe(progress.current)
            : t('exchange.job.starting')}
      </Text>
    </JobProgressPanel>
  );
}
