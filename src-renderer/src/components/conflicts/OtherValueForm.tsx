import { Button, Group, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { LOCATION_ROLES, locationCode } from '@contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CustomFieldInput, type CustomValue } from '../objects/CustomFieldInput';
import { FieldInput, fromDraft, toDraft, type FieldDraft } from '../objects/FieldInput';
import { objectFieldValue, type ConflictField } from '../../lib/conflictText';
import { useConflictWords } from './useConflictWords';

/** A value a conflict is settled with: what `conflicts.resolve` takes. */
export type SettledValue = string | number | boolean | null;

/**
 * "Enter another value": the field's own input (as the object or location form has it), starting from the value that
 * stands now, and a button that settles the conflict with what was typed.
 */
export function OtherValueForm({
  field,
  initial,
  busy,
  onSave,
  onCancel,
}: {
  field: ConflictField;
  initial: unknown;
  busy: boolean;
  onSave: (value: SettledValue) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const words = useConflictWords();
  const [draft, setDraft] = useState<FieldDraft>(() => (field.kind === 'object' ? toDraft(field.key, objectFieldValue(field.key, initial)) : ((initial ?? null) as FieldDraft)));
  const [error, setError] = useState<string | undefined>();
  const label = words.label(field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (field.kind === 'object') {
      const read = fromDraft(field.key, draft);
      if ('problem' in read) return setError(t(read.problem));
      return onSave(read.value as SettledValue);
    }
    const text = typeof draft === 'string' ? draft.trim() : draft;
    if (field.kind === 'location' && field.column === 'code' && !locationCode.safeParse(text).success) return setError(t('locationForm.codeFormat'));
    if ((field.kind === 'number' || (field.kind === 'location' && ['code', 'name', 'type', 'role'].includes(field.column))) && !text) return setError(t('conflicts.field.required'));
    onSave((text === '' ? null : text) as SettledValue);
  };

  const input = (() => {
    if (field.kind === 'object') return <FieldInput field={field.key} value={draft} onChange={setDraft} error={error} bare autoFocus />;
    if (field.kind === 'custom') {
      const custom = words.customField(field.id);
      if (custom) return <CustomFieldInput field={custom} value={draft as CustomValue} onChange={setDraft} error={error} />;
    }
    if (field.kind === 'location' && field.column === 'role') {
      return (
        <Select
          label={label}
          data={LOCATION_ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          value={typeof draft === 'string' ? draft : null}
          onChange={(value) => setDraft(value)}
          allowDeselect={false}
          error={error}
        />
      );
    }
    if (field.kind === 'location' && field.column === 'notes') {
      return <Textarea label={label} value={typeof draft === 'string' ? draft : ''} onChange={(e) => setDraft(e.currentTarget.value)} autosize minRows={2} error={error} />;
    }
    return <TextInput label={label} value={draft === null ? '' : String(draft)} onChange={(e) => setDraft(e.currentTarget.value)} error={error} data-autofocus />;
  })();

  return (
    <form onSubmit={submit} className="conflict-other" data-testid="conflict-other-form">
      <Stack gap="sm">
        {input}
        <Group gap="sm" justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('conflicts.field.useValue')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
