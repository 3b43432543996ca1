import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutationProc } from '../../api/hooks';
import { notifyError } from '../../lib/notify';
import { formatList } from '../../lib/format';

/** Reports how an undo went: how many came back, and which objects stayed because they moved again since. */
export function notifyUndone(t: TFunction, result: { restored: number; skipped: { displayNumber: string }[] }, reference: string): void {
  const skipped = result.skipped.map((s) => s.displayNumber);
  notifications.show({
    color: skipped.length ? 'yellow' : 'teal',
    title: t('moves.undoneTitle', { reference }),
    message: skipped.length
      ? t('moves.undoneWithSkipped', { count: result.restored, skipped: skipped.length, numbers: formatList(skipped.slice(0, 20), 'enumeration') })
      : t('moves.undone', { count: result.restored }),
    autoClose: skipped.length ? 12_000 : 5000,
  });
}

function UndoFromNotification({ id, reference }: { id: string; reference: string }) {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  const undo = useMutationProc('moves.undo', {
    onSuccess: (result) => {
      setDone(true);
      notifications.hide(id);
      notifyUndone(t, result, reference);
    },
    onError: (error) => notifyError(t, error),
  });
  return (
    <Button
      size="compact-sm"
      variant="light"
      color="teal"
      leftSection={<IconArrowBackUp size={14} aria-hidden />}
      loading={undo.isPending}
      disabled={done}
      onClick={() => undo.mutate({ reference })}
    >
      {t('moves.undoThis', { reference })}
    </Button>
  );
}

/** A move succeeded: say so, and offer to undo the batch right there. */
export function notifyMoved(message: string, reference: string): void {
  const id = `moved-${reference}`;
  notifications.show({
    id,
    color: 'teal',
    autoClose: 10_000,
    message: (
      <Stack gap={6}>
        <Text size="sm">{message}</Text>
        <Group gap="xs">
          <UndoFromNotification id={id} reference={reference} />
        </Group>
      </Stack>
    ),
  });
}
