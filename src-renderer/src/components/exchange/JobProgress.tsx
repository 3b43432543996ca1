import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import type { ProgressEvent } from '@contract';
import { IconPlayerStop } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../lib/format';

/** A long job's bar: what it is doing, how far it is, and a Cancel button. Striped until the first report. */
export function JobProgress({ label, progress, onCancel, unit = 'rows' }: { label: string; progress: ProgressEvent | null; onCancel?: () => Promise<void>; unit?: 'rows' | 'steps' }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const [cancelling, setCancelling] = useState(false);
  const known = progress !== null && progress.total > 1;
  const percent = known ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 100;
  return (
    <Stack gap={6} className="job-progress" role="status" aria-live="polite" data-testid="job-progress">
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm" fw={600} style={{ flex: 1, minWidth: 0 }}>
          {label}
        </Text>
        {onCancel && (
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
            {t('exchange.job.cancel')}
          </Button>
        )}
      </Group>
      <Progress value={percent} size="lg" radius="sm" striped={!known} animated={!known} aria-label={label} />
      <Text size="xs" c="dimmed" truncate>
        {known
          ? t(unit === 'rows' ? 'exchange.job.rows' : 'exchange.job.steps', { done: number(progress.done), total: number(progress.total) }) +
            (progress.current ? ` · ${progress.current}` : '')
          : progress?.current
            ? progress.current
            : t('exchange.job.starting')}
      </Text>
    </Stack>
  );
}
