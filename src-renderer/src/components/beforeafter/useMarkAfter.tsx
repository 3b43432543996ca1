import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { Milestone } from '@contract';
import { IconFlagCheck } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutationProc } from '../../api/hooks';
import { notifyError, notifySuccess } from '../../lib/notify';
import { AFTER_NAME } from './milestones';

/**
 * Marks the end of the reorganization, now: the After milestone. It ends what the comparison and the report measure,
 * so it is asked first: `mutate` opens the question, and `dialog` (to render) is it.
 */
export function useMarkAfter(onDone?: (m: Milestone) => void): { isPending: boolean; mutate: () => void; dialog: ReactNode } {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const create = useMutationProc('milestones.create', {
    onSuccess: (m) => {
      setAsking(false);
      notifySuccess(t('milestones.afterMarked'));
      onDone?.(m);
    },
    onError: (error) => notifyError(t, error),
  });
  const dialog = (
    <Modal opened={asking} onClose={() => setAsking(false)} title={t('workshop.markAfter.title')} centered>
      <Stack gap="md">
        <Text size="sm">{t('workshop.markAfter.body')}</Text>
        <Text size="sm" c="dimmed">
          {t('workshop.markAfter.later')}
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => setAsking(false)} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button leftSection={<IconFlagCheck size={16} aria-hidden />} loading={create.isPending} onClick={() => create.mutate({ name: AFTER_NAME, kind: 'after' })}>
            {t('workshop.markAfter.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
  return { isPending: create.isPending, mutate: () => setAsking(true), dialog };
}
