import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconPlayerStop } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The frame of a long job's progress (a spreadsheet import or export, a photo import): a title, a Cancel button
 * that stays busy until the job has stopped, the bar (striped while how far it is is not known yet), and below it
 * what the caller has to say about the job.
 */
export function JobProgressPanel({
  title,
  percent,
  indeterminate,
  barLabel,
  onCancel,
  testId,
  phase,
  children,
}: {
  title: ReactNode;
  percent: number;
  indeterminate: boolean;
  /** The bar's accessible name. */
  barLabel: string;
  onCancel?: () => Promise<void>;
  testId: string;
  phase?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [cancelling, setCancelling] = useState(false);
  return (
    <Stack gap={6} className="job-progress" role="status" aria-live="polite" data-testid={testId} data-phase={phase}>
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm" fw={600} style={{ flex: 1, minWidth: 0 }}>
          {title}
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
            {t('common.cancel')}
          </Button>
        )}
      </Group>
      <Progress value={percent} size="lg" radius="sm" striped={indeterminate} animated={indeterminate} aria-label={barLabel} />
      {children}
    </Stack>
  );
}
