import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { TreeLocation } from '@contract';
import { useQueryClient } from '@tanstack/react-query';
import { IconArchive, IconTrash } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { call } from '../../api/client';
import { ApiError } from '../../api/errors';
import { invalidateTopics, useMutationProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { serverMessage } from '../../lib/serverMessages';
import { useIsCoordinator } from '../../api/session';
import { LocationFormModal } from '../LocationFormModal';
import { ContainerMoveModal } from '../moves/ContainerMoveModal';
import { LabelsDialog } from '../labels/LabelsDialog';
import { GenerateLocationsModal } from './GenerateLocationsModal';
import { ancestorIds, looksUnused, neighbour, reorderUpdates, type TreeModel } from './treeModel';
import { revealInTree } from './treeState';

export type LocationAction =
  | 'open'
  | 'objects'
  | 'labels'
  | 'add'
  | 'edit'
  | 'generate'
  | 'move'
  | 'up'
  | 'down'
  | 'archive'
  | 'unarchive'
  | 'delete';

/** What a member's device may do to a location: look it up, and move a container with everything in it. */
const MEMBER_ACTIONS: ReadonlySet<LocationAction> = new Set(['open', 'objects', 'move']);

type Dialog =
  | { kind: 'create'; parentId: string | null }
  | { kind: 'edit'; location: TreeLocation }
  | { kind: 'generate'; parentId: string | null }
  | { kind: 'move'; location: TreeLocation }
  | { kind: 'labels'; location: TreeLocation }
  | { kind: 'archive'; location: TreeLocation }
  | { kind: 'delete'; location: TreeLocation };

/**
 * Everything one can do to a location, shared by the tree (menu and keys) and the location page: the dialogs
 * it opens are rendered by whoever uses the hook, through `dialogs`.
 */
export function useLocationActions(model: TreeModel) {
  const { t } = useTranslation();
  const coordinator = useIsCoordinator();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [reordering, setReordering] = useState(false);
  const close = () => setDialog(null);

  const unarchive = useMutationProc('locations.update', {
    onSuccess: (location) => notifySuccess(t('locationsUi.unarchived', { code: location.code })),
    onError: (error) => notifyError(t, error),
  });

  const reorder = async (location: TreeLocation, direction: -1 | 1) => {
    const target = neighbour(model, location, direction);
    if (!target || reordering) return;
    setReordering(true);
    try {
      // No procedure reorders many siblings at once: each changed position is one update.
      for (const update of reorderUpdates(model, location, target)) await call('locations.update', update);
    } catch (error) {
      notifyError(t, error);
    } finally {
      await invalidateTopics(client, ['locations']);
      setReordering(false);
    }
  };

  const available = (action: LocationAction, location: TreeLocation): boolean => {
    // A member's device looks locations up and moves containers; making and changing locations is the coordinator's.
    if (!coordinator && !MEMBER_ACTIONS.has(action)) return false;
    switch (action) {
      case 'up':
        return neighbour(model, location, -1) !== undefined;
      case 'down':
        return neighbour(model, location, 1) !== undefined;
      case 'archive':
        return !location.archived;
      case 'unarchive':
        return location.archived;
      case 'delete':
        return looksUnused(model, location);
      case 'add':
      case 'generate':
      case 'move':
        return !location.archived;
      default:
        return true;
    }
  };

  const perform = (action: LocationAction, location: TreeLocation) => {
    if (!available(action, location)) return;
    switch (action) {
      case 'open':
        return navigate(`/locations/${location.id}`);
      case 'objects':
        return navigate(`/?location=${location.id}`);
      case 'add':
        return setDialog({ kind: 'create', parentId: location.id });
      case 'edit':
        return setDialog({ kind: 'edit', location });
      case 'generate':
        return setDialog({ kind: 'generate', parentId: location.id });
      case 'move':
        return setDialog({ kind: 'move', location });
      case 'labels':
        return setDialog({ kind: 'labels', location });
      case 'up':
        return void reorder(location, -1);
      case 'down':
        return void reorder(location, 1);
      case 'archive':
        return setDialog({ kind: 'archive', location });
      case 'unarchive':
        return unarchive.mutate({ id: location.id, archived: false });
      case 'delete':
        return setDialog({ kind: 'delete', location });
    }
  };

  let dialogs: ReactNode = null;
  if (dialog?.kind === 'create' || dialog?.kind === 'edit') {
    dialogs = (
      <LocationFormModal
        mode={dialog.kind === 'create' ? { kind: 'create', parentId: dialog.parentId } : { kind: 'edit', location: dialog.location }}
        model={model}
        onClose={close}
        onSaved={(saved) => {
          const parents = saved.parentId ? [...ancestorIds(model, saved.parentId), saved.parentId] : [];
          revealInTree(saved.id, parents);
        }}
      />
    );
  } else if (dialog?.kind === 'generate') {
    dialogs = <GenerateLocationsModal model={model} initialParentId={dialog.parentId} onClose={close} />;
  } else if (dialog?.kind === 'move') {
    dialogs = <ContainerMoveModal location={dialog.location} model={model} onClose={close} />;
  } else if (dialog?.kind === 'labels') {
    dialogs = <LabelsDialog context={{ locationId: dialog.location.id, locationCode: dialog.location.code, initial: 'locations' }} onClose={close} />;
  } else if (dialog?.kind === 'archive') {
    dialogs = <ArchiveModal location={dialog.location} onClose={close} />;
  } else if (dialog?.kind === 'delete') {
    dialogs = (
      <DeleteModal
        location={dialog.location}
        onClose={close}
        onArchiveInstead={() => setDialog({ kind: 'archive', location: dialog.location })}
        onDeleted={() => {
          if (window.location.hash.includes(dialog.location.id)) navigate('/');
        }}
      />
    );
  }

  return {
    perform,
    available,
    /** Whether new locations may be made here (the coordinator's). */
    canCreate: coordinator,
    reordering,
    dialogs,
    createTopLevel: () => setDialog({ kind: 'create', parentId: null }),
    generateTopLevel: () => setDialog({ kind: 'generate', parentId: null }),
  };
}

function ArchiveModal({ location, onClose }: { location: TreeLocation; onClose: () => void }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const archive = useMutationProc('locations.update', {
    onSuccess: (saved) => {
      notifySuccess(t('locationsUi.archived', { code: saved.code }));
      onClose();
    },
    onError: (error) => notifyError(t, error),
  });
  return (
    <Modal opened onClose={onClose} title={t('locationsUi.archiveTitle', { code: location.code })} centered>
      <Stack gap="md">
        <Text size="sm">{t('locationsUi.archiveBody')}</Text>
        {location.subtreeObjectCount > 0 && (
          <Alert color="orange" variant="light">
            {t('locationsUi.archiveHasObjects', { count: location.subtreeObjectCount, formatted: number(location.subtreeObjectCount) })}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color="orange"
            leftSection={<IconArchive size={16} aria-hidden />}
            loading={archive.isPending}
            onClick={() => archive.mutate({ id: location.id, archived: true })}
            data-autofocus
          >
            {t('locationsUi.archiveSubmit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function DeleteModal({
  location,
  onClose,
  onArchiveInstead,
  onDeleted,
}: {
  location: TreeLocation;
  onClose: () => void;
  onArchiveInstead: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const [refusal, setRefusal] = useState<string | null>(null);
  const remove = useMutationProc('locations.delete', {
    onSuccess: () => {
      notifySuccess(t('locationsUi.deleted', { code: location.code }));
      onDeleted();
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'CONFLICT') setRefusal(serverMessage(t, error));
      else notifyError(t, error);
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('locationsUi.deleteTitle', { code: location.code })} centered>
      <Stack gap="md">
        {refusal ? (
          <Alert color="orange" variant="light" title={t('locationsUi.deleteRefused')} role="alert">
            <Stack gap={4}>
              <Text size="sm">{refusal}</Text>
              <Text size="sm">{t('locationsUi.deleteRefusedHelp')}</Text>
            </Stack>
          </Alert>
        ) : (
          <Text size="sm">{t('locationsUi.deleteBody')}</Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          {refusal ? (
            <Button color="orange" leftSection={<IconArchive size={16} aria-hidden />} onClick={onArchiveInstead} data-autofocus>
              {t('locationsUi.archiveInstead')}
            </Button>
          ) : (
            <Button color="red" leftSection={<IconTrash size={16} aria-hidden />} loading={remove.isPending} onClick={() => remove.mutate({ id: location.id })}>
              {t('locationsUi.deleteSubmit')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
