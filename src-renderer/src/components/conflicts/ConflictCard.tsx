import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconArrowsJoin, IconCheck, IconPencil } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutationProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { describeError, notifySuccess } from '../../lib/notify';
import { canEnterValue, type Choice, type Conflict } from '../../lib/conflictText';
import { OtherValueForm } from './OtherValueForm';
import { useConflictWords } from './useConflictWords';

/** Settles one conflict: the choice goes to the catalogue as a change; the list refreshes from its change event. */
function useResolve(conflict: Conflict) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(null);
  const mutation = useMutationProc('conflicts.resolve', { onSuccess: () => notifySuccess(t('conflicts.saved')) });
  const resolve = (choice: Choice, which: string) => {
    setChosen(which);
    mutation.mutate({ key: conflict.key, choice });
  };
  return { resolve, busy: mutation.isPending, chosen: mutation.isPending ? chosen : null, error: mutation.error };
}

/** What a conflict is about, linked: the object or the location. */
function Subject({ conflict }: { conflict: Conflict }) {
  const { t } = useTranslation();
  if (conflict.kind === 'number') return <Text fw={600}>{t('conflicts.subject.number', { number: conflict.subject })}</Text>;
  if (conflict.kind === 'code') return <Text fw={600}>{t('conflicts.subject.code', { code: conflict.subject })}</Text>;
  const to = conflict.table === 'objects' ? `/objects/${conflict.rowId}` : conflict.table === 'locations' ? `/locations/${conflict.rowId}` : null;
  const label = conflict.table === 'objects' ? t('conflicts.subject.object', { subject: conflict.subject }) : conflict.table === 'locations' ? t('conflicts.subject.location', { subject: conflict.subject }) : conflict.subject;
  return to ? (
    <Anchor component={Link} to={to} fw={600} className="conflict-subject">
      {label}
    </Anchor>
  ) : (
    <Text fw={600}>{label}</Text>
  );
}

/** An open conflict: what it is about, both sides, and the ways to settle it that its kind allows. */
export function ConflictCard({ conflict }: { conflict: Conflict }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const words = useConflictWords();
  const field = words.field(conflict);
  const { resolve, busy, chosen, error } = useResolve(conflict);
  const failure = error ? describeError(t, error) : null;

  let body: ReactNode;
  if (conflict.kind === 'field') body = <FieldSides conflict={conflict} resolve={resolve} busy={busy} chosen={chosen} />;
  else if (conflict.kind === 'number') body = <NumberChoices conflict={conflict} resolve={resolve} busy={busy} chosen={chosen} />;
  else if (conflict.kind === 'code') body = <CodeChoices conflict={conflict} resolve={resolve} busy={busy} chosen={chosen} />;
  else body = <RemovedChoices conflict={conflict} resolve={resolve} busy={busy} chosen={chosen} />;

  return (
    <Card withBorder radius="md" padding="md" component="article" className="conflict-card" data-kind={conflict.kind} data-testid="conflict" aria-label={t(`conflicts.kinds.${conflict.kind}`)}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap="xs" wrap="wrap">
              <Badge color="orange" variant="light" radius="sm">
                {t(`conflicts.kinds.${conflict.kind}`)}
              </Badge>
              {field && conflict.kind === 'field' && (
                <Text size="sm" fw={500} data-testid="conflict-field">
                  {words.label(field)}
                </Text>
              )}
            </Group>
            <Subject conflict={conflict} />
          </Stack>
          <Text size="xs" c="dimmed">
            {t('conflicts.found', { time: dateTime(conflict.at) })}
          </Text>
        </Group>
        {body}
        {failure && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={failure.title} role="alert">
            {failure.detail}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

interface ChoiceProps {
  conflict: Conflict;
  resolve: (choice: Choice, which: string) => void;
  busy: boolean;
  chosen: string | null;
}

/** Two (or more) values of one field: keep one of them, or enter another. */
function FieldSides({ conflict, resolve, busy, chosen }: ChoiceProps) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const words = useConflictWords();
  const field = words.field(conflict);
  const [other, setOther] = useState(false);
  const label = field ? words.label(field) : (conflict.field ?? '');
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('conflicts.field.help', { field: label })}
      </Text>
      <div className="conflict-sides">
        {conflict.sides.map((side, index) => {
          const who = side.personName ?? t('conflicts.field.someone');
          return (
            <div key={side.opId} className="conflict-side" data-standing={index === 0 || undefined} data-testid="conflict-side">
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Text className="conflict-value" data-testid="conflict-value">
                  {words.value(field, side.value)}
                </Text>
                {index === 0 && (
                  <Badge variant="light" color="teal" radius="sm" style={{ flex: 'none' }}>
                    {t('conflicts.field.stands')}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {side.deviceCode
                  ? t('conflicts.field.byOnDevice', { person: who, device: side.deviceCode, time: dateTime(side.at) })
                  : t('conflicts.field.by', { person: who, time: dateTime(side.at) })}
              </Text>
              <Button
                variant={index === 0 ? 'light' : 'default'}
                leftSection={<IconCheck size={16} aria-hidden />}
                onClick={() => resolve({ kind: 'keep', opId: side.opId }, side.opId)}
                loading={chosen === side.opId}
                disabled={busy && chosen !== side.opId}
                aria-label={t('conflicts.field.keepLabel', { value: words.value(field, side.value) })}
                className="conflict-action"
              >
                {t('conflicts.field.keep')}
              </Button>
            </div>
          );
        })}
      </div>
      {canEnterValue(field) &&
        (other ? (
          <OtherValueForm field={field!} initial={conflict.sides[0]?.value ?? null} busy={chosen === 'value'} onSave={(value) => resolve({ kind: 'value', value }, 'value')} onCancel={() => setOther(false)} />
        ) : (
          <Group>
            <Button variant="subtle" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setOther(true)} disabled={busy} className="conflict-action">
              {t('conflicts.field.another')}
            </Button>
          </Group>
        ))}
    </Stack>
  );
}

/** One number on objects made on different copies: renumber one, make them one record (the same object recorded twice), or keep both with it. */
function NumberChoices({ conflict, resolve, busy, chosen }: ChoiceProps) {
  const { t } = useTranslation();
  const [numbers, setNumbers] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const renumber = (id: string) => {
    const number = (numbers[id] ?? conflict.subject).trim();
    if (!number) return setErrors({ [id]: t('conflicts.field.required') });
    if (number.toLowerCase() === conflict.subject.toLowerCase()) return setErrors({ [id]: t('conflicts.number.sameNumber', { number: conflict.subject }) });
    setErrors({});
    resolve({ kind: 'renumber', objectId: id, number }, id);
  };
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('conflicts.number.help', { number: conflict.subject })}
      </Text>
      {conflict.objects.map((object) => (
        <div key={object.id} className="conflict-side" data-testid="conflict-object">
          <Anchor component={Link} to={`/objects/${object.id}`} fw={500}>
            {object.displayNumber} · {object.name}
          </Anchor>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              renumber(object.id);
            }}
          >
            <Group gap="sm" align="flex-end" wrap="wrap">
              <TextInput
                label={t('conflicts.number.newNumber', { object: object.name })}
                value={numbers[object.id] ?? conflict.subject}
                onChange={(e) => setNumbers({ ...numbers, [object.id]: e.currentTarget.value })}
                error={errors[object.id]}
                maxLength={80}
                style={{ flex: '1 1 180px' }}
              />
              <Button type="submit" variant="default" loading={chosen === object.id} disabled={busy && chosen !== object.id} className="conflict-action">
                {t('conflicts.number.renumber')}
              </Button>
            </Group>
          </form>
          {conflict.objects.length > 1 && (
            <Group>
              <Button
                variant="subtle"
                leftSection={<IconArrowsJoin size={16} aria-hidden />}
                onClick={() => resolve({ kind: 'mergeObjects', objectId: object.id }, `merge:${object.id}`)}
                loading={chosen === `merge:${object.id}`}
                disabled={busy && chosen !== `merge:${object.id}`}
                className="conflict-action"
                data-testid="conflict-merge-objects"
              >
                {t('conflicts.number.merge', { object: object.name })}
              </Button>
            </Group>
          )}
        </div>
      ))}
      {conflict.objects.length > 1 && (
        <Text size="sm" c="dimmed">
          {t('conflicts.number.mergeHelp')}
        </Text>
      )}
      <Group>
        <Button variant="light" onClick={() => resolve({ kind: 'keepBoth' }, 'keepBoth')} loading={chosen === 'keepBoth'} disabled={busy && chosen !== 'keepBoth'} className="conflict-action">
          {t('conflicts.number.keepBoth', { number: conflict.subject })}
        </Button>
      </Group>
    </Stack>
  );
}

/** One location code made on two copies: the newer location was set aside under another code; give it one, or keep that. */
function CodeChoices({ conflict, resolve, busy, chosen }: ChoiceProps) {
  const { t } = useTranslation();
  const words = useConflictWords();
  const current = conflict.table === 'locations' ? (words.locationCode(conflict.rowId) ?? conflict.subject) : conflict.subject;
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const value = code ?? current;
  const save = () => {
    const trimmed = value.trim();
    if (!/^[^\s>]+$/.test(trimmed) || trimmed.length > 60) return setError(t('locationForm.codeFormat'));
    if (trimmed === current) return resolve({ kind: 'keepBoth' }, 'keepBoth');
    setError(undefined);
    resolve({ kind: 'value', value: trimmed }, 'value');
  };
  if (conflict.table !== 'locations') {
    // A name two copies gave (a custom field, a milestone): it was set aside with a mark; acknowledge it.
    return (
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('conflicts.code.helpName', { name: conflict.subject })}
        </Text>
        <Group>
          <Button variant="light" onClick={() => resolve({ kind: 'keepBoth' }, 'keepBoth')} loading={chosen === 'keepBoth'} className="conflict-action">
            {t('conflicts.code.keepBothName')}
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('conflicts.code.help', { code: conflict.subject, current })}
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label={t('conflicts.code.newCode')}
            value={value}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={error}
            maxLength={60}
            style={{ flex: '1 1 180px' }}
          />
          <Button type="submit" variant="default" loading={chosen === 'value'} disabled={busy && chosen !== 'value'} className="conflict-action">
            {t('conflicts.code.save')}
          </Button>
        </Group>
      </form>
      <Group gap="sm" wrap="wrap">
        <Button variant="light" onClick={() => resolve({ kind: 'keepBoth' }, 'keepBoth')} loading={chosen === 'keepBoth'} disabled={busy && chosen !== 'keepBoth'} className="conflict-action">
          {t('conflicts.code.keepBoth', { current })}
        </Button>
        <Button component={Link} to={`/locations/${conflict.rowId}`} variant="subtle" className="conflict-action">
          {t('conflicts.code.open')}
        </Button>
      </Group>
    </Stack>
  );
}

/** An edit of something removed on another copy: bring it back, or leave it removed. */
function RemovedChoices({ conflict, resolve, busy, chosen }: ChoiceProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t(conflict.table === 'locations' ? 'conflicts.removed.helpLocation' : 'conflicts.removed.help')}
      </Text>
      <Group gap="sm" wrap="wrap">
        <Button
          variant="light"
          leftSection={<IconArrowBackUp size={16} aria-hidden />}
          onClick={() => resolve({ kind: 'restore' }, 'restore')}
          loading={chosen === 'restore'}
          disabled={busy && chosen !== 'restore'}
          className="conflict-action"
        >
          {t('conflicts.removed.restore')}
        </Button>
        <Button variant="default" onClick={() => resolve({ kind: 'leaveRemoved' }, 'leaveRemoved')} loading={chosen === 'leaveRemoved'} disabled={busy && chosen !== 'leaveRemoved'} className="conflict-action">
          {t('conflicts.removed.leave')}
        </Button>
      </Group>
    </Stack>
  );
}
