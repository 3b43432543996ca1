import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { CatalogueObject, MoveReason } from '@contract';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/errors';
import { useMutationProc, useQueryProc } from '../api/hooks';
import { locationLabel } from '../lib/locations';
import { notifyError } from '../lib/notify';
import { useTreeModel } from './locations/useTreeModel';
import { LocationSelect } from './moves/LocationSelect';
import { MoveReasonFields } from './moves/MoveReasonFields';
import { notifyMoved } from './moves/notifyMoved';

/** Move one object, or many (`objectIds`, e.g. a selection in the table), to another location, recording why. */
export function MoveModal({ object, objectIds, onClose, onMoved }: { object?: CatalogueObject; objectIds?: string[]; onClose: () => void; onMoved?: () => void }) {
  const { t } = useTranslation();
  const [ids, setIds] = useState<string[]>(() => (object ? [object.id] : (objectIds ?? [])));
  /** Objects the server said are already at the destination: the rest can still be moved. */
  const [alreadyThere, setAlreadyThere] = useState<string[] | null>(null);
  const tree = useQueryProc('locations.tree', {});
  const [toLocationId, setTo] = useState<string | null>(null);
  const [reason, setReason] = useState<MoveReason>('reorganization');
  const [note, setNote] = useState('');
  const [toError, setToError] = useState<string | null>(null);
  const { model } = useTreeModel();
  const current = useMemo(() => new Set(object?.currentLocationId ? [object?.currentLocationId] : []), [object?.currentLocationId]);

  const options = useMemo(
    () =>
      (tree.data?.locations ?? []).map((l) => ({
        value: l.id,
        label: locationLabel(l),
        disabled: l.id === object?.currentLocationId,
        depth: l.depth,
        path: l.path,
      })),
    [tree.data, object?.currentLocationId],
  );

  const move = useMutationProc('moves.create', {
    onSuccess: (result) => {
      const destination = options.find((o) => o.value === toLocationId);
      notifyMoved(
        object
          ? t('move.done', { number: object.displayNumber, code: destination?.label ?? '' })
          : t('objectsUi.move.doneMany', { count: result.objectsMoved, code: destination?.label ?? '' }),
        result.reference,
      );
      onMoved?.();
      onClose();
    },
    onError: (error) => {
      const already = error instanceof ApiError && error.code === 'CONFLICT' ? (error.details as { objectIds?: unknown } | undefined)?.objectIds : undefined;
      if (!object && Array.isArray(already) && already.length < ids.length) setAlreadyThere(already as string[]);
      else notifyError(t, error);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!toLocationId) {
      setToError(t('move.destinationRequired'));
      return;
    }
    setToError(null);
    setAlreadyThere(null);
    move.mutate({ objectIds: ids, toLocationId, reason, note: note.trim() || undefined });
  };
  const moveTheOthers = () => {
    if (!toLocationId || !alreadyThere) return;
    const skip = new Set(alreadyThere);
    const rest = ids.filter((id) => !skip.has(id));
    setIds(rest);
    setAlreadyThere(null);
    move.mutate({ objectIds: rest, toLocationId, reason, note: note.trim() || undefined });
  };

  return (
    <Modal opened onClose={onClose} title={object ? t('move.title', { number: object.displayNumber }) : t('objectsUi.move.titleMany', { count: ids.length })} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {!object ? t('objectsUi.move.fromMany', { count: ids.length }) : object.currentLocationCode ? t('move.from', { code: object.currentLocationCode }) : t('move.fromNowhere')}
          </Text>
          <LocationSelect
            model={model}
            label={t('move.destination')}
            placeholder={options.length ? t('move.destinationPlaceholder') : t('move.noLocations')}
            value={toLocationId}
            onChange={(value) => {
              setTo(value);
              setAlreadyThere(null);
            }}
            disable={current}
            required
            error={toError}
            loading={tree.isPending}
            autoFocus
          />
          <MoveReasonFields reason={reason} onReasonChange={setReason} note={note} onNoteChange={setNote} />
          {alreadyThere && (
            <Alert color="orange" variant="light" role="alert" title={t('objectsUi.move.alreadyThereTitle', { count: alreadyThere.length })}>
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{t('objectsUi.move.alreadyThereBody', { count: ids.length - alreadyThere.length })}</Text>
                <Button size="xs" variant="white" color="orange" onClick={moveTheOthers} loading={move.isPending}>
                  {t('objectsUi.move.moveTheOthers', { count: ids.length - alreadyThere.length })}
                </Button>
              </Stack>
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={move.isPending}>
              {t('move.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
