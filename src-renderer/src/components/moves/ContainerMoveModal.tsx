import { Alert, Button, Group, Modal, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import type { MoveReason, TreeLocation } from '@contract';
import { IconAlertTriangle, IconArrowRight, IconBox } from '@tabler/icons-react';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutationProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { locationLabel, typeLabel } from '../../lib/locations';
import { notifyError } from '../../lib/notify';
import { revealInTree } from '../locations/treeState';
import { ancestorIds, subtreeOf, type TreeModel } from '../locations/treeModel';
import { LocationSelect } from './LocationSelect';
import { MoveReasonFields } from './MoveReasonFields';
import { notifyMoved } from './notifyMoved';

/**
 * Moves a container (box, tray, or any location) and everything in it to another location: a physical move,
 * so every object inside gets a movement record. The user sees how many objects go with it and confirms.
 */
export function ContainerMoveModal({ location, model, onClose }: { location: TreeLocation; model: TreeModel; onClose: () => void }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const [toLocationId, setTo] = useState<string | null>(null);
  const [reason, setReason] = useState<MoveReason>('reorganization');
  const [note, setNote] = useState('');
  const [toError, setToError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const inside = useMemo(() => subtreeOf(model, location.id), [model, location.id]);
  const disabled = useMemo(() => new Set(location.parentId ? [location.parentId] : []), [location.parentId]);
  const parent = location.parentId ? model.byId.get(location.parentId) : undefined;
  const destination = toLocationId ? model.byId.get(toLocationId) : undefined;
  const count = location.subtreeObjectCount;
  const sublocations = inside.size - 1;

  const move = useMutationProc('moves.create', {
    onSuccess: (result) => {
      if (destination) revealInTree(location.id, [...ancestorIds(model, destination.id), destination.id]);
      notifyMoved(
        t('moves.containerMoved', { code: location.code, to: destination?.code ?? '', count: result.objectsMoved, reference: result.reference }),
        result.reference,
      );
      onClose();
    },
    onError: (error) => {
      setConfirming(false);
      notifyError(t, error);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!confirming) {
      if (!toLocationId) return setToError(t('moves.destinationRequired'));
      setToError(null);
      return setConfirming(true);
    }
    if (toLocationId) move.mutate({ objectIds: [], containerIds: [location.id], toLocationId, reason, note: note.trim() || undefined });
  };

  return (
    <Modal opened onClose={onClose} title={t('moves.containerTitle', { code: location.code })} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Paper withBorder p="sm" radius="md" className="container-summary">
            <Group wrap="nowrap" align="flex-start" gap="sm">
              <ThemeIcon variant="light" size="lg" radius="md" aria-hidden>
                <IconBox size={20} />
              </ThemeIcon>
              <div style={{ minWidth: 0, flex: 1 }}>
                <Text fw={600}>{locationLabel(location)}</Text>
                <Text size="sm" c="dimmed">
                  {typeLabel(t, location.type)} · {parent ? t('moves.containerNowIn', { place: locationLabel(parent) }) : t('moves.containerTopLevel')}
                </Text>
                <Text size="sm" mt={4} fw={500} data-testid="container-count">
                  {count === 0
                    ? t('moves.containerEmpty')
                    : t('moves.containerCount', { count, formatted: number(count) })}
                  {sublocations > 0 && ` · ${t('moves.containerSublocations', { count: sublocations })}`}
                </Text>
              </div>
            </Group>
          </Paper>
          {!confirming ? (
            <>
              <LocationSelect
                model={model}
                label={t('moves.destination')}
                description={t('moves.containerDestinationHelp')}
                value={toLocationId}
                onChange={(id) => {
                  setTo(id);
                  setToError(null);
                }}
                exclude={inside}
                disable={disabled}
                error={toError}
                required
                autoFocus
              />
              <MoveReasonFields reason={reason} onReasonChange={setReason} note={note} onNoteChange={setNote} />
            </>
          ) : (
            <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('moves.confirmTitle')} role="alert" data-testid="container-confirm">
              <Stack gap={6}>
                <Group gap={6} wrap="wrap">
                  <Text fw={600}>{location.code}</Text>
                  <IconArrowRight size={16} aria-label={t('moves.to')} />
                  <Text fw={600}>{destination ? locationLabel(destination) : ''}</Text>
                </Group>
                <Text size="sm">
                  {count === 0 ? t('moves.confirmEmpty') : t('moves.confirmBody', { count, formatted: number(count) })}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('moves.confirmReason', { reason: t(`reasons.${reason}`) })}
                </Text>
              </Stack>
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            {confirming ? (
              <Button variant="default" onClick={() => setConfirming(false)} disabled={move.isPending}>
                {t('moves.back')}
              </Button>
            ) : (
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
            )}
            <Button type="submit" loading={move.isPending} color={confirming ? 'orange' : undefined} data-autofocus={confirming || undefined}>
              {confirming
                ? t('moves.confirmSubmit', { count, formatted: number(count) })
                : t('moves.review')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
