import { Button, Divider, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { FIELD_SECTIONS, fieldDef, OBJECT_FIELD_KEYS, type CatalogueObject, type FieldSection, type Input, type ObjectFieldKey } from '@contract';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldIssues, type ApiError } from '../api/errors';
import { useMutationProc, useQueryProc } from '../api/hooks';
import { notifyError, notifySuccess } from '../lib/notify';
import { serverMessage } from '../lib/serverMessages';
import { CustomFieldInput, type CustomValue } from './objects/CustomFieldInput';
import { FieldInput, fromDraft, toDraft, type FieldDraft } from './objects/FieldInput';

/**
 * How the form lays out each section of the registry: its title (none for the first two) and its columns, on a phone
 * (base) and from a tablet up (sm). The measurements take two columns on a phone, so that a unit's label ("Weight
 * unit", "Gewichtseinheit") has room and a value sits beside its unit: height and width, depth and unit, the summary on
 * a line of its own, weight and weight unit.
 */
const SECTION_LAYOUT: Record<FieldSection, { title?: string; cols: { base: number; sm: number } }> = {
  identity: { cols: { base: 1, sm: 2 } },
  description: { cols: { base: 1, sm: 2 } },
  measurements: { title: 'objectsUi.form.measurements', cols: { base: 2, sm: 4 } },
  storage: { title: 'objectsUi.form.storage', cols: { base: 1, sm: 2 } },
  emergency: { title: 'objectsUi.form.emergency', cols: { base: 1, sm: 2 } },
  tags: { title: 'objectsUi.form.tagsAndFields', cols: { base: 1, sm: 2 } },
};

/** Fields given more than one column: the dimension summary (free text) takes a whole line on a phone, half of one above. */
const FIELD_CLASS: Partial<Record<ObjectFieldKey, string>> = { dimensionSummary: 'object-form-half' };

const sameValue = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((value, i) => value === b[i]) : a === b;

/**
 * Record a new object, or change one: every field of its record, as the field registry (contract/fields.ts) defines
 * them, section by section, then the catalogue's custom fields. Mounted fresh for each opening. `initialNumber`: a
 * new object's number as a scan read it (a label for an object not in the catalogue yet).
 */
export function ObjectFormModal({ object, initialNumber, onClose, onCreated }: { object?: CatalogueObject; initialNumber?: string; onClose: () => void; onCreated?: (object: CatalogueObject) => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const vocabularies = useQueryProc('vocabularies.get', {});
  const customFields = vocabularies.data?.customFields ?? [];

  const [number, setNumber] = useState(object?.number ?? initialNumber ?? '');
  const [drafts, setDrafts] = useState<Record<ObjectFieldKey, FieldDraft>>(
    () => Object.fromEntries(OBJECT_FIELD_KEYS.map((key) => [key, toDraft(key, object ? object[key] : fieldDef(key).empty)])) as Record<ObjectFieldKey, FieldDraft>,
  );
  const [custom, setCustom] = useState<Record<string, CustomValue>>(object?.custom ?? {});
  const [errors, setErrors] = useState<Partial<Record<ObjectFieldKey | 'number', string>>>({});
  const [customErrors, setCustomErrors] = useState<Record<string, string>>({});

  const onError = (error: ApiError) => {
    const details = error.details as { fieldId?: unknown } | undefined;
    if (error.code === 'VALIDATION' && typeof details?.fieldId === 'string') {
      setCustomErrors({ [details.fieldId]: serverMessage(t, error) });
      return;
    }
    const issues = fieldIssues(error);
    if (issues.length === 0) return notifyError(t, error);
    setErrors(Object.fromEntries(issues.map((issue) => [issue.field, t('errors.fieldInvalid', { detail: issue.message })])));
  };
  const create = useMutationProc('objects.create', {
    onSuccess: (created) => {
      notifySuccess(t('objectForm.created', { number: created.displayNumber }));
      onClose();
      onCreated?.(created);
    },
    onError,
  });
  const update = useMutationProc('objects.update', {
    onSuccess: (updated) => {
      notifySuccess(t('objectForm.updated', { number: updated.displayNumber }));
      onClose();
    },
    onError,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<ObjectFieldKey, string>> = {};
    const values: Record<string, unknown> = {};
    for (const key of OBJECT_FIELD_KEYS) {
      const read = fromDraft(key, drafts[key]);
      if ('problem' in read) problems[key] = t(read.problem);
      else values[key] = read.value;
    }
    setErrors(problems);
    setCustomErrors({});
    if (Object.keys(problems).length > 0) return;

    const customValues: Record<string, CustomValue> = {};
    for (const field of customFields) {
      const value = custom[field.id] ?? null;
      const clean = typeof value === 'string' ? value.trim() || null : value;
      if (clean !== (object?.custom[field.id] ?? null)) customValues[field.id] = clean;
    }

    if (object) {
      // Only what changed is sent, so the object's history says exactly what was edited.
      const changed: Omit<Input<'objects.update'>, 'id'> = {};
      for (const key of OBJECT_FIELD_KEYS) if (!sameValue(object[key], values[key])) Object.assign(changed, { [key]: values[key] });
      if (Object.keys(customValues).length > 0) changed.custom = customValues;
      // Clearing a number the object had gives it a temporary one; leaving it empty changes nothing.
      const numberChange = number.trim() ? number.trim() : object.number === null ? undefined : null;
      if (numberChange !== undefined && numberChange !== object.number) changed.number = numberChange;
      if (Object.keys(changed).length === 0) {
        onClose();
        return;
      }
      update.mutate({ id: object.id, ...changed });
    } else {
      const given = Object.fromEntries(Object.entries(customValues).filter(([, v]) => v !== null));
      create.mutate({ ...(values as Omit<Input<'objects.create'>, 'number' | 'custom'>), number: number.trim() || null, ...(Object.keys(given).length ? { custom: given } : {}) });
    }
  };

  const input = (key: ObjectFieldKey) => (
    <div key={key} style={fieldDef(key).wide ? { gridColumn: '1 / -1' } : undefined} className={FIELD_CLASS[key]}>
      <FieldInput field={key} value={drafts[key]} onChange={(value) => setDrafts((current) => ({ ...current, [key]: value }))} error={errors[key]} />
    </div>
  );

  return (
    <Modal
      opened
      onClose={onClose}
      title={object ? t('objectForm.editTitle', { number: object.displayNumber }) : t('objectForm.newTitle')}
      size="xl"
      centered
      fullScreen={phone}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {FIELD_SECTIONS.map((section) => {
            const { title, cols } = SECTION_LAYOUT[section];
            const fields = OBJECT_FIELD_KEYS.filter((key) => fieldDef(key).section === section);
            const body = (
              <SimpleGrid cols={cols} spacing="md">
                {section === 'identity' && (
                  <TextInput
                    label={t('objectForm.number')}
                    description={object?.number === null ? t('objectForm.numberHelpTemp', { temp: object.tempNumber }) : t('objectForm.numberHelp')}
                    placeholder={t('objectForm.numberPlaceholder')}
                    value={number}
                    onChange={(e) => setNumber(e.currentTarget.value)}
                    error={errors.number}
                    data-autofocus
                    maxLength={80}
                  />
                )}
                {fields.map(input)}
                {section === 'tags' &&
                  customFields.map((field) => (
                    <CustomFieldInput
                      key={field.id}
                      field={field}
                      value={custom[field.id] ?? null}
                      onChange={(value) => setCustom((current) => ({ ...current, [field.id]: value }))}
                      error={customErrors[field.id]}
                    />
                  ))}
              </SimpleGrid>
            );
            return title ? (
              <Section key={section} title={t(title)}>
                {body}
              </Section>
            ) : (
              <div key={section}>{body}</div>
            );
          })}

          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {object ? t('common.save') : t('objectForm.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="sm" role="group" aria-label={title}>
      <Divider label={<span className="section-label">{title}</span>} labelPosition="left" />
      {children}
    </Stack>
  );
}
