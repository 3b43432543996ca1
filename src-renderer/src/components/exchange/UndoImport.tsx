import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import type { Output } from '@contract';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutationProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { describeError } from '../../lib/notify';

/** Undo an import, after saying what it does; then what it did, including objects kept because they changed since. */
export function UndoImport({ importId, fileName, onClose, onUndone }: { importId: string; fileName?: string; onClose: () => void; onUndone?: () => void }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const [result, setResult] = useState<Output<'imports.undo'> | null>(null);
  const undo = useMutationProc('imports.undo', {
    onSuccess: (done) => {
      setResult(done);
      onUndone?.();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('exchange.undo.title')} centered>
      {result ? (
        <Stack gap="md" data-testid="undo-result">
          <Text size="sm">{t('exchange.undo.done', { restored: number(result.restored), removed: number(result.removed) })}</Text>
          {result.kept.length > 0 && (
            <Alert color="orange" variant="light" title={t('exchange.undo.kept', { count: result.kept.length })}>
              <List size="sm">
                {result.kept.slice(0, 50).map((k) => (
                  <List.Item key={k.objectId}>{k.displayNumber}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('exchange.undo.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text size="sm">{fileName ? t('exchange.undo.bodyFile', { file: fileName }) : t('exchange.undo.body')}</Text>
          {undo.isError && (
            <Alert color="red" variant="light" title={describeError(t, undo.error).title} role="alert">
              {describeError(t, undo.error).detail}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button color="red" leftSection={<IconArrowBackUp size={16} aria-hidden />} loading={undo.isPending} onClick={() => undo.mutate({ importId })} data-testid="undo-confirm">
              {t('exchange.undo.confirm')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
