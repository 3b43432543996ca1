import { Button, Group } from '@mantine/core';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** The buttons that end an undo confirmation: Cancel, and Undo (red, focused first). */
export function UndoBatchActions({ onCancel, onUndo, pending, disabled }: { onCancel: () => void; onUndo: () => void; pending: boolean; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button color="red" disabled={disabled} loading={pending} leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={onUndo} data-autofocus>
        {t('moves.undoSubmit')}
      </Button>
    </Group>
  );
}
