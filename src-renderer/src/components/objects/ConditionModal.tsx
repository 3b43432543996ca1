import { Anchor, Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { CatalogueObject } from '@contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldIssues } from '../../api/errors';
import { useMutationProc, useQueryProc } from '../../api/hooks';
import { usePersonId } from '../../api/person';
import { notifyError, notifySuccess } from '../../lib/notify';
import { today } from './dates';

type Field = 'term' | 'note' | 'assessedOn' | 'assessedBy';

/** Records a condition assessment; the history keeps every earlier one. */
export function ConditionModal({ object, onClose }: { object: CatalogueObject; onClose: () => void }) {
  const { t } = useTranslation();
  const vocabularies = useQueryProc('vocabularies.get', {});
  const people = useQueryProc('people.list', {});
  const personId = usePersonId();
  const me = people.data?.find((p) => p.id === personId)?.name ?? '';
  const terms = vocabularies.data?.conditions ?? [];
  const [term, setTerm] = useState<string | null>(object.condition?.term ?? null);
  const [note, setNote] = useState('');
  const [assessedOn, setAssessedOn] = useState(today());
  const [assessedBy, setAssessedBy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const check = useMutationProc('objects.checkCondition', {
    onSuccess: (condition) => {
      notifySuccess(t('objectsUi.condition.recorded', { number: object.displayNumber, term: condition.term }));
      onClose();
    },
    onError: (error) => {
      const issues = fieldIssues(error);
      if (issues.length === 0) return notifyError(t, error);
      setErrors(Object.fromEntries(issues.map((issue) => [issue.field, t('errors.fieldInvalid', { detail: issue.message })])));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!term) {
      setErrors({ term: t('objectsUi.condition.termRequired') });
      return;
    }
    setErrors({});
    check.mutate({
      objectId: object.id,
      term,
      note: note.trim() || undefined,
      assessedOn: assessedOn || undefined,
      assessedBy: (assessedBy ?? me).trim() || undefined,
    });
  };

  return (
    <Modal opened onClose={onClose} title={t('objectsUi.condition.title', { number: object.displayNumber })} size="md" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {vocabularies.isSuccess && terms.length === 0 ? (
            <Text size="sm">
              {t('objectsUi.condition.noTermsLong')}{' '}
              <Anchor component={Link} to="/settings" onClick={onClose}>
                {t('objectsUi.condition.openSettings')}
              </Anchor>
            </Text>
          ) : (
            <Select
              label={t('objectsUi.condition.term')}
              description={t('objectsUi.condition.termHelp')}
              data={terms}
              value={term}
              onChange={setTerm}
              required
              error={errors.term}
              placeholder={t('objectsUi.condition.termPlaceholder')}
              data-autofocus
              allowDeselect={false}
            />
          )}
          <Textarea
            label={t('objectsUi.condition.note')}
            placeholder={t('objectsUi.condition.notePlaceholder')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={errors.note}
            autosize
            minRows={2}
            maxRows={6}
            maxLength={5000}
          />
          <Group grow align="flex-start">
            <TextInput
              label={t('objectsUi.condition.assessedOn')}
              type="date"
              value={assessedOn}
              max={today()}
              onChange={(e) => setAssessedOn(e.currentTarget.value)}
              error={errors.assessedOn}
            />
            <TextInput
              label={t('objectsUi.condition.assessedBy')}
              value={assessedBy ?? me}
              onChange={(e) => setAssessedBy(e.currentTarget.value)}
              error={errors.assessedBy}
              maxLength={200}
            />
          </Group>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={check.isPending} disabled={terms.length === 0}>
              {t('objectsUi.condition.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
