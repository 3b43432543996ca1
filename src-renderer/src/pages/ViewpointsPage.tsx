import { Anchor, Button, Card, EmptyState, Group, Modal, Select, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { Milestone, Output } from '@contract';
import { IconCamera, IconCircleCheck, IconColumns2, IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { mediaUrl } from '../api/client';
import { useQueryProc } from '../api/hooks';
import { ErrorState } from '../components/ErrorState';
import { PageHeader } from '../components/PageHeader';
import { milestoneLabel, useMilestones } from '../components/beforeafter/milestones';
import { PhotoSlot, slotInputId } from '../components/beforeafter/PhotoSlot';
import { useRooms, ViewpointFormModal } from '../components/beforeafter/ViewpointFormModal';
import '../components/beforeafter/beforeafter.css';

type Viewpoint = Output<'viewpoints.list'>['viewpoints'][number];
const TASKS_SHOWN = 8;

/** Viewpoints by room, each with a photo per milestone; the photos still to take are listed first, as tasks. */
export function ViewpointsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const roomId = params.get('room') ?? undefined;
  const viewpoints = useQueryProc('viewpoints.list', roomId ? { locationId: roomId } : {});
  const { list: milestones, query: milestonesQuery } = useMilestones();
  const { rooms } = useRooms();
  const [form, setForm] = useState<{ viewpoint?: Viewpoint } | null>(null);
  const [open, setOpen] = useState<{ photoId: string; title: string } | null>(null);
  const [allTasks, setAllTasks] = useState(false);

  const groups = new Map<string, { id: string; code: string; name: string; viewpoints: Viewpoint[] }>();
  for (const v of viewpoints.data?.viewpoints ?? []) {
    const group = groups.get(v.locationId) ?? { id: v.locationId, code: v.locationCode, name: v.locationName, viewpoints: [] };
    group.viewpoints.push(v);
    groups.set(v.locationId, group);
  }
  const byId = new Map(milestones.map((m) => [m.id, m]));
  const tasks = (viewpoints.data?.viewpoints ?? []).flatMap((v) =>
    v.missing.map((id) => byId.get(id)).filter((m): m is Milestone => m !== undefined).map((m) => ({ viewpoint: v, milestone: m })),
  );
  const room = rooms.find((r) => r.id === roomId);

  return (
    <Stack gap="lg" maw={1180} pb="xl" className="ba-page">
      <PageHeader
        title={room ? t('viewpoints.titleRoom', { room: `${room.code} — ${room.name}` }) : t('viewpoints.title')}
        subtitle={t('viewpoints.subtitle')}
        subtitleWidth={640}
      >
        <Group gap="sm">
          {(viewpoints.data?.viewpoints.length ?? 0) > 0 && (
            <Button component={Link} to={roomId ? `/viewpoints/compare?room=${roomId}` : '/viewpoints/compare'} variant="default" leftSection={<IconColumns2 size={16} aria-hidden />}>
              {t('viewpoints.compareAll')}
            </Button>
          )}
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setForm({})}>
            {t('viewpoints.new')}
          </Button>
        </Group>
      </PageHeader>

      {rooms.length > 1 && (
        <Select
          label={t('viewpoints.roomFilter')}
          data={[{ value: 'all', label: t('viewpoints.allRooms') }, ...rooms.map((r) => ({ value: r.id, label: `${r.code} — ${r.name}` }))]}
          value={roomId ?? 'all'}
          onChange={(v) => setParams(v && v !== 'all' ? { room: v } : {}, { replace: true })}
          allowDeselect={false}
          w={280}
          comboboxProps={{ withinPortal: true }}
        />
      )}

      {viewpoints.isError || milestonesQuery.isError ? (
        <ErrorState error={viewpoints.error ?? milestonesQuery.error} onRetry={() => void Promise.all([viewpoints.refetch(), milestonesQuery.refetch()])} />
      ) : viewpoints.isPending || milestonesQuery.isPending ? (
        <Stack gap="md">
          <Skeleton h={120} />
          <Skeleton h={260} />
        </Stack>
      ) : viewpoints.data.viewpoints.length === 0 ? (
        <EmptyState
          icon={<IconCamera size={28} />}
          title={t('viewpoints.emptyTitle')}
          description={rooms.length === 0 ? t('viewpoints.emptyNoRooms') : t('viewpoints.emptyBody')}
          className="page-empty"
        >
          {rooms.length > 0 && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setForm({})} mt="sm">
              {t('viewpoints.new')}
            </Button>
          )}
        </EmptyState>
      ) : (
        <>
          <Card withBorder radius="md" padding="md" className="ba-tasks" component="section" aria-labelledby="viewpoint-tasks" data-done={tasks.length === 0 || undefined}>
            <Group gap="xs" mb={tasks.length ? 'xs' : 0} wrap="nowrap">
              {tasks.length === 0 && (
                <ThemeIcon variant="light" color="teal" size="sm" radius="xl">
                  <IconCircleCheck size={14} aria-hidden />
                </ThemeIcon>
              )}
              <Title order={2} size="h5" id="viewpoint-tasks">
                {tasks.length === 0 ? t('viewpoints.tasksDone') : t('viewpoints.tasksTitle', { count: tasks.length })}
              </Title>
            </Group>
            {tasks.length > 0 && (
              <ul className="ba-task-list" data-testid="viewpoint-tasks">
                {(allTasks ? tasks : tasks.slice(0, TASKS_SHOWN)).map(({ viewpoint, milestone }) => (
                  <li key={`${viewpoint.id}-${milestone.id}`} className="ba-task">
                    <Text size="sm" style={{ flex: 1, minWidth: 0 }}>
                      {t('viewpoints.task', { room: viewpoint.locationName || viewpoint.locationCode, viewpoint: viewpoint.name, milestone: milestoneLabel(t, milestone) })}
                    </Text>
                    <Button
                      size="compact-sm"
                      variant="light"
                      leftSection={<IconCamera size={14} aria-hidden />}
                      onClick={() => document.getElementById(slotInputId(viewpoint.id, milestone.id))?.click()}
                      aria-label={t('viewpoints.taskAction', { viewpoint: viewpoint.name, milestone: milestoneLabel(t, milestone) })}
                    >
                      {t('viewpoints.taskButton')}
                    </Button>
                  </li>
                ))}
              </ul>
            )}
            {tasks.length > TASKS_SHOWN && (
              <Button variant="subtle" size="compact-sm" mt={6} onClick={() => setAllTasks((v) => !v)}>
                {allTasks ? t('viewpoints.fewerTasks') : t('viewpoints.allTasks', { count: tasks.length })}
              </Button>
            )}
          </Card>

          {[...groups.values()].map((group) => (
            <section key={group.id} aria-labelledby={`room-${group.id}`} className="ba-room-group">
              <Group justify="space-between" align="baseline" mb="xs" wrap="wrap">
                <Title order={2} size="h4" id={`room-${group.id}`}>
                  <Anchor component={Link} to={`/locations/${group.id}`} inherit c="inherit">
                    {group.code} — {group.name}
                  </Anchor>
                </Title>
                <Button
                  component={Link}
                  to={`/viewpoints/compare?room=${group.id}`}
                  variant="subtle"
                  size="compact-sm"
                  leftSection={<IconColumns2 size={14} aria-hidden />}
                  aria-label={t('viewpoints.compareRoomLabel', { room: group.code })}
                >
                  {t('viewpoints.compareRoom')}
                </Button>
              </Group>
              <Stack gap="md">
                {group.viewpoints.map((v) => (
                  <Card key={v.id} withBorder radius="md" padding="md" className="ba-viewpoint" data-testid="viewpoint-card" aria-label={v.name} component="article">
                    <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs" mb="sm">
                      <div style={{ minWidth: 0, flex: '1 1 200px' }}>
                        <Title order={3} size="h5">
                          {v.name}
                        </Title>
                        {v.notes && (
                          <Text size="sm" c="dimmed" className="ba-notes">
                            {v.notes}
                          </Text>
                        )}
                      </div>
                      <Group gap={4}>
                        <Button
                          component={Link}
                          to={`/viewpoints/compare?viewpoint=${v.id}`}
                          variant="subtle"
                          size="compact-sm"
                          leftSection={<IconColumns2 size={14} aria-hidden />}
                          aria-label={t('viewpoints.compareLabel', { name: v.name })}
                        >
                          {t('viewpoints.compare')}
                        </Button>
                        <Button
                          variant="subtle"
                          color="gray"
                          size="compact-sm"
                          leftSection={<IconPencil size={14} aria-hidden />}
                          onClick={() => setForm({ viewpoint: v })}
                          aria-label={t('viewpoints.editLabel', { name: v.name })}
                        >
                          {t('viewpoints.edit')}
                        </Button>
                      </Group>
                    </Group>
                    <div className="ba-slots">
                      {milestones.map((m) => (
                        <PhotoSlot
                          key={m.id}
                          viewpoint={v}
                          milestone={m}
                          onOpen={(photoId) => setOpen({ photoId, title: t('viewpoints.slotName', { viewpoint: v.name, milestone: milestoneLabel(t, m) }) })}
                        />
                      ))}
                    </div>
                  </Card>
                ))}
              </Stack>
            </section>
          ))}
        </>
      )}

      {form && <ViewpointFormModal viewpoint={form.viewpoint} roomId={roomId} onClose={() => setForm(null)} />}
      {open && (
        <Modal opened onClose={() => setOpen(null)} title={open.title} size="xl" centered>
          <img src={mediaUrl(open.photoId, 'preview')} alt={open.title} className="ba-lightbox" />
        </Modal>
      )}
    </Stack>
  );
}
