import { Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { isRoom, type Output } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldIssues } from '../../api/errors';
import { useMutationProc, useQueryProc } from '../../api/hooks';
import { notifySuccess } from '../../lib/notify';
import { ErrorState } from '../ErrorState';

type Viewpoint = Output<'viewpoints.list'>['viewpoints'][number];

/** The catalogue's rooms (locations of type room), for a viewpoint's room. */
export function useRooms() {
  const tree = useQueryProc('locations.tree', {});
  const rooms = (tree.data?.locations ?? []).filter((l) => isRoom(l.type) && !l.archived);
  return { tree, rooms };
}

/** A new viewpoint in a room, or a viewpoint's name and notes changed. */
export function ViewpointFormModal({ viewpoint, roomId, onClose }: { viewpoint?: Viewpoint; roomId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { rooms } = useRooms();
  const [room, setRoom] = useState<string | null>(viewpoint?.locationId ?? roomId ?? null);
  const [name, setName] = useState(viewpoint?.name ?? '');
  const [notes, setNotes] = useState(viewpoint?.notes ?? '');
  const [tried, setTried] = useState(false);
  const done = (v: Viewpoint) => {
    notifySuccess(t(viewpoint ? 'viewpoints.updated' : 'viewpoints.created', { name: v.name }));
    onClose();
  };
  const create = useMutationProc('viewpoints.create', { onSuccess: done });
  const update = useMutationProc('viewpoints.update', { onSuccess: done });
  const error = create.error ?? update.error;
  const issues = fieldIssues(error);
  const submit = () => {
    setTried(true);
    if (!name.trim() || (!viewpoint && !room)) return;
    if (viewpoint) update.mutate({ id: viewpoint.id, name: name.trim(), notes: notes.trim() });
    else if (room) create.mutate({ locationId: room, name: name.trim(), notes: notes.trim() || undefined });
  };
  return (
    <Modal opened onClose={onClose} title={viewpoint ? t('viewpoints.editTitle', { name: viewpoint.name }) : t('viewpoints.newTitle')} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          {!viewpoint && (
            <Text size="sm" c="dimmed">
              {t('viewpoints.newHelp')}
            </Text>
          )}
          {viewpoint ? (
            <TextInput label={t('viewpoints.room')} value={`${viewpoint.locationCode} — ${viewpoint.locationName}`} readOnly variant="filled" />
          ) : (
            <Select
              label={t('viewpoints.room')}
              placeholder={rooms.length ? t('viewpoints.roomPlaceholder') : t('viewpoints.noRooms')}
              data={rooms.map((r) => ({ value: r.id, label: `${r.code} — ${r.name}` }))}
              value={room}
              onChange={setRoom}
              searchable
              nothingFoundMessage={t('common.nothingFound')}
              error={tried && !room ? t('viewpoints.roomRequired') : issues.find((i) => i.field === 'locationId')?.message}
              required
              comboboxProps={{ withinPortal: true }}
            />
          )}
          <TextInput
            label={t('viewpoints.name')}
            placeholder={t('viewpoints.namePlaceholder')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={tried && !name.trim() ? t('viewpoints.nameRequired') : issues.find((i) => i.field === 'name')?.message}
            required
            maxLength={200}
            data-autofocus={viewpoint || room ? true : undefined}
          />
          <Textarea
            label={t('viewpoints.notes')}
            description={t('viewpoints.notesHelp')}
            placeholder={t('viewpoints.notesPlaceholder')}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={2000}
          />
          {error && issues.length === 0 && <ErrorState error={error} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {viewpoint ? t('common.save') : t('viewpoints.createSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
