import { Group, Text } from '@mantine/core';
import type { ProgressEvent } from '@contract';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../lib/format';
import { JobProgressPanel } from '../JobProgressPanel';
import type { ImportState } from './usePhotoImport';

/** Two steps, one bar each: files sent, then files imported (thumbnails and previews made), with Cancel. */
export function PhotoImportProgress({ state, progress, onCancel }: { state: ImportState; progress: ProgressEvent | null; onCancel: () => Promise<void> }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  if (state.phase !== 'uploading' && state.phase !== 'importing') return null;

  const uploading = state.phase === 'uploading';
  const done = uploading ? state.done : (progress?.done ?? 0);
  const total = uploading ? state.total : (progress?.total ?? state.total);
  const errors = uploading ? state.errors : state.uploadErrors + (progress?.errors ?? 0);
  const current = uploading ? state.current : (progress?.current ?? null);
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  const label = uploading ? t('photos.progress.uploading', { done: number(done), total: number(total) }) : t('photos.progress.importing', { done: number(done), total: number(total) });

  return (
    <JobProgressPanel
      title={uploading ? t('photos.progress.step1') : t('photos.progress.step2')}
      percent={percent}
      indeterminate={!uploading && !progress}
      barLabel={label}
      onCancel={onCancel}
      testId="photo-progress"
      phase={state.phase}
    >
      <Group justify="space-between" wrap="wrap" gap={4}>
        <Text size="sm">{label}</Text>
        {errors > 0 && (
          <Text size="sm" c="red.7">
            {t('photos.progress.errors', { count: errors, formatted: number(errors) })}
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed" truncate>
        {current ? t('photos.progress.current', { file: current }) : '\u00a0'}
      </Text>
    </JobProgressPanel>
  );
}
