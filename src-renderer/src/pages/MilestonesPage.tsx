import { Alert, Badge, Button, Card, Group, Modal, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import type { Milestone, Output } from '@contract';
import { IconAlertTriangle, IconArrowsDiff, IconClock, IconFlag, IconFlagCheck, IconPencil, IconPlus, IconReportAnalytics, IconTrash } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../api/client';
import { fieldIssues, type ApiError } from '../api/errors';
import { useMutationProc, useQueryProc } from '../api/hooks';
import { ErrorState } from '../components/ErrorState';
import { fromLocalInput, toLocalInput, useBaFormat } from '../components/beforeafter/format';
import { MeasuresTable } from '../components/beforeafter/MeasuresTable';
import { milestoneLabel, useMilestones } from '../components/beforeafter/milestones';
import { useMarkAfter } from '../components/beforeafter/useMarkAfter';
import '../components/beforeafter/beforeafter.css';
import { notifyError, notifySuccess } from '../lib/notify';
import { serverMessage } from '../lib/serverMessages';
import { PageHeader } from '../components/PageHeader';

type Dialog = { kind: 'rename' | 'time' | 'delete'; milestone: Milestone } | { kind: 'add'; now: string };

/** The milestones: Before, any in between, After. Mark After, add, rename, adjust a time (with its consequences shown first), delete. */
export function MilestonesPage() {
  const { t } = useTranslation();
  const f = useBaFormat();
  const { query, list, before, after } = useMilestones();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const markAfter = useMarkAfter();

  return (
    <Stack gap="lg" maw={960} pb="xl" className="ba-page">
      {markAfter.dialog}
      <PageHeader title={t('milestones.title')} subtitle={t('milestones.subtitle')} subtitleWidth={620}>
        <Group gap="sm">
          <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setDialog({ kind: 'add', now: new Date().toISOString() })}>
            {t('milestones.add')}
          </Button>
          {query.isSuccess && !after && (
            <Button leftSection={<IconFlagCheck size={16} aria-hidden />} loading={markAfter.isPending} onClick={() => markAfter.mutate()}>
              {t('milestones.markAfter')}
            </Button>
          )}
        </Group>
      </PageHeader>

      {query.isSuccess && !after && (
        <Alert variant="light" color="blue" icon={<IconFlag aria-hidden />} title={t('milestones.noAfterTitle')}>
          {t('milestones.noAfterBody')}
        </Alert>
      )}

      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Stack gap="sm">
          {[0, 1].map((i) => (
            <Skeleton key={i} h={92} />
          ))}
        </Stack>
      ) : (
        <ol className="ba-milestones" aria-label={t('milestones.listLabel')}>
          {list.map((m, index) => {
            const previous = index > 0 ? list[index - 1] : undefined;
            return (
              <li key={m.id} className="ba-milestone" data-kind={m.kind}>
                <Card withBorder radius="md" padding="md">
                  <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
                    {/* The name and time keep room for themselves: on a narrow page the actions go below them. */}
                    <Group gap="md" align="flex-start" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 240px' }}>
                      <div className="ba-milestone-marker" data-kind={m.kind} aria-hidden>
                        {m.kind === 'after' ? <IconFlagCheck size={18} /> : <IconFlag size={18} />}
                      </div>
                      <Stack gap={2} style={{ minWidth: 0 }}>
                        <Group gap="xs" wrap="wrap">
                          <Title order={2} size="h4" className="page-title">
                            {milestoneLabel(t, m)}
                          </Title>
                          <Badge variant="light" color={m.kind === 'before' ? 'gray' : m.kind === 'after' ? 'teal' : 'blue'} tt="none" radius="sm">
                            {t(`milestones.kinds.${m.kind}`)}
                          </Badge>
                        </Group>
                        <Text size="sm" data-testid="milestone-time">
                          <time dateTime={m.at}>{f.dateTime(m.at)}</time>
                        </Text>
                        {previous && (
                          <Text size="xs" c="dimmed">
                            {t('milestones.sincePrevious', { duration: f.duration(previous.at, m.at), previous: milestoneLabel(t, previous) })}
                          </Text>
                        )}
                      </Stack>
                    </Group>
                    <Group gap={4} wrap="wrap">
                      {m.kind !== 'before' && before && (
                        <Button
                          component={Link}
                          to={`/compare?from=${before.id}&to=${m.id}`}
                          variant="subtle"
                          size="compact-sm"
                          leftSection={<IconArrowsDiff size={14} aria-hidden />}
                          aria-label={t('milestones.compareWith', { from: milestoneLabel(t, before), to: milestoneLabel(t, m) })}
                        >
                          {t('milestones.compare')}
                        </Button>
                      )}
                      {m.kind === 'after' && before && (
                        <Button
                          component={Link}
                          to={`/report?from=${before.id}&to=${m.id}`}
                          variant="subtle"
                          size="compact-sm"
                          leftSection={<IconReportAnalytics size={14} aria-hidden />}
                        >
                          {t('milestones.report')}
                        </Button>
                      )}
                      <Button
                        variant="subtle"
                        color="gray"
                        size="compact-sm"
                        leftSection={<IconPencil size={14} aria-hidden />}
                        onClick={() => setDialog({ kind: 'rename', milestone: m })}
                        aria-label={t('milestones.renameLabel', { name: milestoneLabel(t, m) })}
                      >
                        {t('milestones.rename')}
                      </Button>
                      <Button
                        variant="subtle"
                        color="gray"
                        size="compact-sm"
                        leftSection={<IconClock size={14} aria-hidden />}
                        onClick={() => setDialog({ kind: 'time', milestone: m })}
                        aria-label={t('milestones.adjustLabel', { name: milestoneLabel(t, m) })}
                      >
                        {t('milestones.adjust')}
                      </Button>
                      {m.kind !== 'before' && (
                        <Button
                          variant="subtle"
                          color="red"
                          size="compact-sm"
                          leftSection={<IconTrash size={14} aria-hidden />}
                          onClick={() => setDialog({ kind: 'delete', milestone: m })}
                          aria-label={t('milestones.deleteLabel', { name: milestoneLabel(t, m) })}
                        >
                          {t('milestones.delete')}
                        </Button>
                      )}
                    </Group>
                  </Group>
                </Card>
              </li>
            );
          })}
        </ol>
      )}

      {dialog?.kind === 'add' && <AddMilestoneModal now={dialog.now} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'rename' && <RenameModal milestone={dialog.milestone} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'time' && <AdjustTimeModal milestone={dialog.milestone} list={list} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && <DeleteModal milestone={dialog.milestone} onClose={() => setDialog(null)} />}
    </Stack>
  );
}

/** A time field to the second, with a button for "now". */
function TimeField({ value, onChange, error, label }: { value: string; onChange: (v: string) => void; error?: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <TextInput
        type="datetime-local"
        step={1}
        label={label}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
        required
        style={{ flex: 1 }}
      />
      <Button variant="default" onClick={() => onChange(toLocalInput(new Date().toISOString()))} mb={error ? 22 : 0}>
        {t('milestones.now')}
      </Button>
    </Group>
  );
}

function AddMilestoneModal({ now, onClose }: { now: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [when, setWhen] = useState(toLocalInput(now));
  const [tried, setTried] = useState(false);
  const create = useMutationProc('milestones.create', {
    onSuccess: (m) => {
      notifySuccess(t('milestones.added', { name: m.name }));
      onClose();
    },
  });
  const at = fromLocalInput(when);
  const nameIssue = fieldIssues(create.error).find((i) => i.field === 'name');
  const conflict = create.error?.code === 'CONFLICT' ? create.error : null;
  const submit = () => {
    setTried(true);
    if (!name.trim() || !at) return;
    create.mutate({ name: name.trim(), at, kind: 'other' });
  };
  return (
    <Modal opened onClose={onClose} title={t('milestones.addTitle')} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('milestones.addHelp')}
          </Text>
          <TextInput
            label={t('milestones.name')}
            placeholder={t('milestones.namePlaceholder')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={tried && !name.trim() ? t('milestones.nameRequired') : conflict ? serverMessage(t, conflict) : nameIssue?.message}
            required
            data-autofocus
            maxLength={100}
          />
          <TimeField label={t('milestones.time')} value={when} onChange={setWhen} error={tried && !at ? t('milestones.timeInvalid') : undefined} />
          {create.isError && !conflict && !nameIssue && <ErrorState error={create.error} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} leftSection={<IconPlus size={16} aria-hidden />}>
              {t('milestones.addSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RenameModal({ milestone, onClose }: { milestone: Milestone; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(milestone.name);
  const update = useMutationProc('milestones.update', {
    onSuccess: () => {
      notifySuccess(t('milestones.renamed', { name: name.trim() }));
      onClose();
    },
  });
  const error = update.error ? (update.error.code === 'CONFLICT' ? serverMessage(t, update.error) : (fieldIssues(update.error)[0]?.message ?? serverMessage(t, update.error))) : undefined;
  return (
    <Modal opened onClose={onClose} title={t('milestones.renameTitle', { name: milestoneLabel(t, milestone) })} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) update.mutate({ id: milestone.id, name: name.trim() });
        }}
      >
        <Stack gap="md">
          <TextInput
            label={t('milestones.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={!name.trim() ? t('milestones.nameRequired') : error}
            required
            data-autofocus
            maxLength={100}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} disabled={!name.trim() || name.trim() === milestone.name}>
              {t('milestones.renameSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

type Preview = Output<'milestones.update'>;

/** Adjusting a time: pick it, see what the measures at the old and new time are, then confirm. */
function AdjustTimeModal({ milestone, list, onClose }: { milestone: Milestone; list: Milestone[]; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useBaFormat();
  const vocabularies = useQueryProc('vocabularies.get', {});
  const [when, setWhen] = useState(toLocalInput(milestone.at));
  const [preview, setPreview] = useState<{ at: string; result: Preview } | null>(null);
  const at = fromLocalInput(when);
  // A preview changes nothing, so it is not a mutation of the lists: called directly, nothing is refetched.
  const previewing = useMutation<Preview, ApiError, string>({
    mutationFn: (next) => call('milestones.update', { id: milestone.id, at: next, preview: true }),
    onSuccess: (result, next) => setPreview({ at: next, result }),
  });
  const save = useMutationProc('milestones.update', {
    onSuccess: (result) => {
      notifySuccess(t('milestones.timeChanged', { name: milestoneLabel(t, result.milestone), when: f.dateTime(result.milestone.at) }));
      onClose();
    },
  });
  const unchanged = at !== null && new Date(at).getTime() === new Date(milestone.at).getTime();
  // Before must stay first and After last: warn when the new time would put them out of order.
  const others = list.filter((m) => m.id !== milestone.id);
  const outOfOrder =
    at !== null &&
    ((milestone.kind === 'before' && others.some((m) => m.at < at)) ||
      (milestone.kind === 'after' && others.some((m) => m.at > at)) ||
      (milestone.kind === 'other' && others.some((m) => (m.kind === 'before' && m.at > at) || (m.kind === 'after' && m.at < at))));
  const name = milestoneLabel(t, milestone);
  const r = preview?.result;

  return (
    <Modal opened onClose={onClose} title={t('milestones.adjustTitle', { name })} centered size={preview ? 'xl' : 'md'}>
      {!preview ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (at && !unchanged) previewing.mutate(at);
          }}
        >
          <Stack gap="md">
            <Text size="sm">{t('milestones.adjustHelp', { name, when: f.dateTime(milestone.at) })}</Text>
            <TimeField label={t('milestones.newTime')} value={when} onChange={setWhen} error={!at ? t('milestones.timeInvalid') : undefined} />
            {outOfOrder && (
              <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />}>
                {t(`milestones.outOfOrder.${milestone.kind}`)}
              </Alert>
            )}
            {previewing.isError && <ErrorState error={previewing.error} />}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={previewing.isPending} disabled={!at || unchanged}>
                {t('milestones.previewSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack gap="md">
          <Text size="sm">{t('milestones.previewIntro', { name, from: f.dateTimeSeconds(milestone.at), to: f.dateTimeSeconds(preview.at) })}</Text>
          {r?.before && r.after ? (
            <MeasuresTable
              from={r.before}
              to={r.after}
              fromLabel={t('milestones.atOldTime')}
              toLabel={t('milestones.atNewTime')}
              conditionTerms={vocabularies.data?.conditions ?? []}
              caption={t('milestones.previewCaption')}
              withHelp={false}
              compact
              testId="milestone-preview"
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t('milestones.previewNothing')}
            </Text>
          )}
          {outOfOrder && (
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />}>
              {t(`milestones.outOfOrder.${milestone.kind}`)}
            </Alert>
          )}
          {save.isError && <ErrorState error={save.error} />}
          <Group justify="space-between" gap="sm">
            <Button variant="default" onClick={() => setPreview(null)}>
              {t('milestones.back')}
            </Button>
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button loading={save.isPending} onClick={() => save.mutate({ id: milestone.id, at: preview.at })} data-autofocus>
                {t('milestones.confirmTime')}
              </Button>
            </Group>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function DeleteModal({ milestone, onClose }: { milestone: Milestone; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useMutationProc('milestones.delete', {
    onSuccess: () => {
      notifySuccess(t('milestones.deleted', { name: milestoneLabel(t, milestone) }));
      onClose();
    },
    onError: (error) => notifyError(t, error),
  });
  return (
    <Modal opened onClose={onClose} title={t('milestones.deleteTitle', { name: milestoneLabel(t, milestone) })} centered>
      <Stack gap="md">
        <Text size="sm">{t('milestones.deleteBody')}</Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={remove.isPending} leftSection={<IconTrash size={16} aria-hidden />} onClick={() => remove.mutate({ id: milestone.id })}>
            {t('milestones.deleteSubmit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
