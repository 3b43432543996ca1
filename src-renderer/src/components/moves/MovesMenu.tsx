import { ActionIcon, Button, Group, Menu, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowBackUp, IconArrowsExchange, IconBarcode, IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMutationProc, useQueryProc } from '../../api/hooks';
import { usePersonId } from '../../api/person';
import { useFormatters } from '../../lib/format';
import { notifyError } from '../../lib/notify';
import { notifyUndone } from './notifyMoved';
import { UndoBatchActions } from './UndoBatchActions';

/** The header's moves menu: rapid move mode, the list of batches, and undo of one's own last batch. */
export function MovesMenu() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  return (
    // On a phone the header has no room: rapid move and the batches are at the top of the locations drawer.
    <Group gap={4} wrap="nowrap" visibleFrom="sm">
      <Button
        variant="light"
        size="compact-md"
        leftSection={<IconBarcode size={18} aria-hidden />}
        onClick={() => navigate('/rapid')}
        aria-label={t('rapid.title')}
      >
        <Text span size="sm" fw={600} visibleFrom="md">
          {t('rapid.short')}
        </Text>
      </Button>
      <Menu position="bottom-end" shadow="md" width={240}>
        <Menu.Target>
          <Tooltip label={t('moves.menu')} openDelay={300}>
            <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('moves.menu')}>
              <IconArrowsExchange size={20} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconBarcode size={15} />} onClick={() => navigate('/rapid')}>
            {t('rapid.title')}
          </Menu.Item>
          <Menu.Item leftSection={<IconHistory size={15} />} onClick={() => navigate('/batches')}>
            {t('moves.batchesTitle')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item leftSection={<IconArrowBackUp size={15} />} color="red" onClick={() => setConfirming(true)}>
            {t('moves.undoLast')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {confirming && <UndoLastModal onClose={() => setConfirming(false)} />}
    </Group>
  );
}

export function UndoLastModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { number, dateTime } = useFormatters();
  const personId = usePersonId();
  const batches = useQueryProc('moves.batches', { limit: 20, ...(personId ? { personId } : {}) });
  // The last batch of one's own that is neither undone nor itself an undo.
  const last = batches.data?.batches.find((b) => !b.undoneBy && !b.undoes);
  const undo = useMutationProc('moves.undo', {
    onSuccess: (result) => {
      if (last) notifyUndone(t, result, last.reference);
      onClose();
    },
    onError: (error) => notifyError(t, error),
  });
  return (
    <Modal opened onClose={onClose} title={t('moves.undoLast')} centered>
      <Stack gap="md">
        {batches.isPending ? (
          <Text size="sm" c="dimmed">
            {t('common.loading')}
          </Text>
        ) : !last ? (
          <Text size="sm">{t('moves.nothingToUndo')}</Text>
        ) : (
          <>
            <Text size="sm">
              {t('moves.undoLastBody', {
                reference: last.reference,
                when: dateTime(last.at),
                count: last.objectCount,
                formatted: number(last.objectCount),
                to: last.toLocationCode ?? '—',
              })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('moves.undoSkipHelp')}
            </Text>
          </>
        )}
        <UndoBatchActions onCancel={onClose} onUndo={() => last && undo.mutate({ reference: last.reference })} pending={undo.isPending} disabled={!last} />
      </Stack>
    </Modal>
  );
}
