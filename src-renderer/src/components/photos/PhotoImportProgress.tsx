import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import type { ProgressEvent } from '@contract';
import { IconPlayerStop } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../lib/format';
import type { ImportState } from './usePhotoImport';

/** Two steps, one bar each: files sent, then files imported (thumbnails and previews made), with Cancel. */
export function PhotoImportProgress({ state, progress, onCancel }: { state: ImportState; progress: ProgressEvent | null; onCancel: () => Promise<void> }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const [cancelling, setCancelling] = useState(false);
  if (state.phase !== 'uploading' && state.phase !== 'importing') return null;

  const uploading = state.phase === 'uploading';
  const done = uploading ? state.done : (progress?.done ?? 0);
  const total = uploading ? state.total : (progress?.total ?? state.total);
  const errors = uploading ? state.errors : state.uploadErrors + (progress?.errors ?? 0);
  const current = uploading ? state.current : (progress?.current ?? null);
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  const label = uploading ? t('photos.progress.uploading', { done: number(done), total: number(total) }) : t('photos.progress.importing', { done: number(done), total: number(total) });

  return (
    <Stack gap={6} className="photo-progress" role="status" aria-live="polite" data-testid="photo-progress" data-phase={state.phase}>
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm" fw={600} style={{ flex: 1, minWidth: 0 }}>
          {uploading ? t('photos.progress.step1') : t('photos.progress.step2')}
        </Text>
        <Button
          style={{ flex: 'none' }}
          size="compact-sm"
          variant="light"
          color="red"
          leftSection={<IconPlayerStop size={14} aria-hidden />}
          loading={cancelling}
          onClick={() => {
            setCancelling(true);
            void onCancel().finally(() => setCancelling(false));
          }}
        >
          {t('photos.progress.cancel')}
        </Button>
      </Group>
      <Progress value={percent} size="lg" radius="sm" animated={!uploading && !progress} striped={!uploading && !progress} aria-label={label} />
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
    </Stack>
  );
}
