import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { MOVE_REASONS, type CatalogueObject, type MoveReason } from '@contract';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutationProc, useQueryProc } from '../api/hooks';
import { locationLabel } from '../lib/locations';
import { notifyError } from '../lib/notify';
import { useTreeModel } from './locations/useTreeModel';
import { LocationSelect } from './moves/LocationSelect';
import { notifyMoved } from './moves/notifyMoved';

/** Move one object to another location, recording why. */
export function MoveModal({ object, onClose }: { object: CatalogueObject; onClose: () => void }) {
  const { t } = useTranslation();
  const tree = useQueryProc('locations.tree', {});
  const [toLocationId, setTo] = useState<string | null>(null);
  const [reason, setReason] = useState<MoveReason>('reorganization');
  const [note, setNote] = useState('');
  const [toError, setToError] = useState<string | null>(null);
  const { model } = useTreeModel();
  const current = useMemo(() => new Set(object.currentLocationId ? [object.currentLocationId] : []), [object.currentLocationId]);

  const options = useMemo(
    () =>
      (tree.data?.locations ?? []).map((l) => ({
        value: l.id,
        label: locationLabel(l),
        disabled: l.id === object.currentLocationId,
        depth: l.depth,
        path: l.path,
      })),
    [tree.data, object.currentLocationId],
  );

  const move = useMutationProc('moves.create', {
    onSuccess: (result) => {
      const destination = options.find((o) => o.value === toLocationId);
      notifyMoved(t('move.done', { number: object.displayNumber, code: destination?.label ?? '' }), result.reference);
      onClose();
    },
    onError: (error) => notifyError(t, error),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!toLocationId) {
      setToError(t('move.destinationRequired'));
      return;
    }
    setToError(null);
    move.mutate({ objectIds: [object.id], toLocationId, reason, note: note.trim() || undefined });
  };

  return (
    <Modal opened onClose={onClose} title={t('move.title', { number: object.displayNumber })} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {object.currentLocationCode ? t('move.from', { code: object.currentLocationCode }) : t('move.fromNowhere')}
          </Text>
          <LocationSelect
            model={model}
            label={t('move.destination')}
            placeholder={options.length ? t('move.destinationPlaceholder') : t('move.noLocations')}
            value={toLocationId}
            onChange={(value) => {
              setTo(value);
            }}
            disable={current}
            required
            error={toError}
            loading={tree.isPending}
            autoFocus
          />
          <Select
            label={t('move.reason')}
            data={MOVE_REASONS.map((value) => ({ value, label: t(`reasons.${value}`) }))}
            value={reason}
            onChange={(value) => value && setReason(value as MoveReason)}
            allowDeselect={false}
          />
          <Textarea
            label={t('move.note')}
            placeholder={t('move.notePlaceholder')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={2000}
          />
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
