import { Alert, Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { BULK_FIELD_KEYS, FIELD_SECTIONS, fieldDef, OBJECT_FIELDS, type BulkFieldKey, type Input } from '@contract';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutationProc, useQueryProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { describeError, notifySuccess } from '../../lib/notify';
import { CustomFieldInput, type CustomValue } from './CustomFieldInput';
import { today } from './dates';
import { FieldInput, fromDraft, NO_TERM, toDraft, useFieldWords, type FieldDraft } from './FieldInput';
import { formatList } from '../../lib/format';

type Part = BulkFieldKey | 'condition' | 'custom' | 'addTags' | 'removeTags';
const PARTS: Part[] = [...BULK_FIELD_KEYS, 'condition', 'custom', 'addTags', 'removeTags'];

/** What a bulk field starts as: its empty value, or "yes" for a flag (clearing is one of its choices). */
/** What a field offers first in bulk edit: a value to set (yes, priority 1, high), rather than none. */
const FIRST: Partial<Record<string, FieldDraft>> = { flag: 'yes', priority: '1', rating: 'high' };
const startDraft = (key: BulkFieldKey): FieldDraft => FIRST[fieldDef(key).kind] ?? toDraft(key, fieldDef(key).empty);

/**
 * Changes many objects at once, in one transaction recorded as one change: any field of the registry that bulk edit
 * sets (contract/fields.ts), a condition, a custom field, tags added or removed.
 */
export function BulkEditModal({ ids, onClose, onDone }: { ids: string[]; onClose: () => void; onDone?: () => void }) {
  const { t, i18n } = useTranslation();
  const { number } = useFormatters();
  const words = useFieldWords();
  const vocabularies = useQueryProc('vocabularies.get', {});
  const conditions = vocabularies.data?.conditions ?? [];
  const customFields = vocabularies.data?.customFields ?? [];

  const [on, setOn] = useState<Record<Part, boolean>>(() => Object.fromEntries(PARTS.map((part) => [part, false])) as Record<Part, boolean>);
  const [drafts, setDrafts] = useState<Record<BulkFieldKey, FieldDraft>>(() => Object.fromEntries(BULK_FIELD_KEYS.map((key) => [key, startDraft(key)])) as Record<BulkFieldKey, FieldDraft>);
  const [term, setTerm] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [assessedOn, setAssessedOn] = useState(today());
  const [fieldId, setFieldId] = useState<string | null>(null);
  const [customValue, setCustomValue] = useState<CustomValue>(null);
  const [addTags, setAddTags] = useState<string[]>([]);
  const [removeTags, setRemoveTags] = useState<string[]>([]);
  const [problems, setProblems] = useState<Partial<Record<Part, string>>>({});
  const [failure, setFailure] = useState<{ title: string; detail: string } | null>(null);

  const turnOn = (part: Part, value = true) => setOn((current) => ({ ...current, [part]: value }));
  const field = customFields.find((f) => f.id === fieldId);
  /** How the summary names a part: its own word where it has one, else the field's name. */
  const partName = (part: Part) =>
    i18n.exists(`objectsUi.bulk.parts.${part}`) || !(part in OBJECT_FIELDS)
      ? t(`objectsUi.bulk.parts.${part}`)
      : i18n.exists(`objectsUi.bulk.parts.${OBJECT_FIELDS[part as BulkFieldKey].importAs}`)
        ? t(`objectsUi.bulk.parts.${OBJECT_FIELDS[part as BulkFieldKey].importAs}`)
        : words(part as BulkFieldKey).label;
  /** How bulk edit offers a field: its own words where it has them ("Set the category"), else "Set …". */
  const setLabel = (key: BulkFieldKey) => {
    const own = `objectsUi.bulk.set${OBJECT_FIELDS[key].importAs.charAt(0).toUpperCase()}${OBJECT_FIELDS[key].importAs.slice(1)}`;
    return i18n.exists(own) ? t(own) : t('objectsUi.bulk.setField', { field: words(key).label });
  };

  const update = useMutationProc('objects.bulkUpdate', {
    onSuccess: (result) => {
      notifySuccess(t('objectsUi.bulk.done', { count: result.updated, formatted: number(result.updated) }));
      onDone?.();
      onClose();
    },
    onError: (error) => setFailure(describeError(t, error)),
  });

  const chosen = PARTS.filter((part) => on[part]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const next: Partial<Record<Part, string>> = {};
    const set: NonNullable<Input<'objects.bulkUpdate'>['set']> = {};
    for (const key of BULK_FIELD_KEYS) {
      if (!on[key]) continue;
      if (fieldDef(key).kind === 'term' && drafts[key] === null) {
        next[key] = t('objectsUi.bulk.chooseCategory');
        continue;
      }
      const read = fromDraft(key, drafts[key] === NO_TERM ? null : drafts[key]);
      if ('problem' in read) next[key] = t(read.problem);
      else Object.assign(set, { [key]: read.value });
    }
    if (on.condition && !term) next.condition = t('objectsUi.condition.termRequired');
    if (on.custom && !field) next.custom = t('objectsUi.bulk.chooseField');
    if (on.addTags && addTags.length === 0) next.addTags = t('objectsUi.bulk.typeTag');
    if (on.removeTags && removeTags.length === 0) next.removeTags = t('objectsUi.bulk.typeTag');
    setProblems(next);
    if (Object.keys(next).length > 0) return;
    if (chosen.length === 0) {
      setFailure({ title: t('objectsUi.bulk.nothingChosen'), detail: t('objectsUi.bulk.nothingChosenBody') });
      return;
    }
    if (on.custom && field) set.custom = { [field.id]: customValue === '' ? null : customValue };
    update.mutate({
      ids,
      ...(Object.keys(set).length ? { set } : {}),
      ...(on.addTags ? { addTags } : {}),
      ...(on.removeTags ? { removeTags } : {}),
      ...(on.condition && term ? { condition: { term, note: note.trim() || undefined, assessedOn: assessedOn || undefined } } : {}),
    });
  };

  const count = number(ids.length);
  return (
    <Modal opened onClose={onClose} title={t('objectsUi.bulk.title', { count: ids.length, formatted: count })} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('objectsUi.bulk.intro')}
          </Text>

          {FIELD_SECTIONS.map((section) => {
            const keys = BULK_FIELD_KEYS.filter((key) => fieldDef(key).section === section);
            if (keys.length === 0) return null;
            // Measurements are short: two to a row.
            return (
              <SimpleGrid key={section} cols={{ base: 1, xs: section === 'measurements' ? 2 : 1 }} spacing="md">
                {keys.map((key) => (
                  <Part key={key} label={setLabel(key)} checked={on[key]} onCheck={(v) => turnOn(key, v)}>
                    <div className="label-for-screen-readers">
                      <FieldInput
                        field={key}
                        value={drafts[key]}
                        onChange={(value) => setDrafts((current) => ({ ...current, [key]: value }))}
                        onChoose={() => turnOn(key)}
                        error={problems[key]}
                        noneLabel={fieldDef(key).kind === 'term' ? t('objectsUi.bulk.noCategory') : undefined}
                        bare
                      />
                    </div>
                    {key === 'normalLocationId' && on.normalLocationId && !drafts.normalLocationId && (
                      <Text size="xs" c="dimmed" mt={4}>
                        {t('objectsUi.bulk.normalLocationClears')}
                      </Text>
                    )}
                  </Part>
                ))}
              </SimpleGrid>
            );
          })}

          <Part label={t('objectsUi.bulk.recordCondition')} checked={on.condition} onCheck={(v) => turnOn('condition', v)}>
            <Group grow align="flex-start">
              <Select
                aria-label={t('objectsUi.condition.term')}
                data={conditions}
                value={term}
                onChange={(v) => {
                  setTerm(v);
                  turnOn('condition', v !== null);
                }}
                placeholder={conditions.length ? t('objectsUi.condition.termPlaceholder') : t('objectsUi.condition.noTerms')}
                error={problems.condition}
              />
              <TextInput aria-label={t('objectsUi.condition.assessedOn')} type="date" value={assessedOn} max={today()} onChange={(e) => setAssessedOn(e.currentTarget.value)} />
            </Group>
            <Textarea
              aria-label={t('objectsUi.condition.note')}
              placeholder={t('objectsUi.condition.notePlaceholder')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              autosize
              minRows={1}
              maxRows={4}
              mt="xs"
            />
          </Part>

          {customFields.length > 0 && (
            <Part label={t('objectsUi.bulk.setCustom')} checked={on.custom} onCheck={(v) => turnOn('custom', v)}>
              <Stack gap="xs">
                <Select
                  aria-label={t('objectsUi.bulk.customField')}
                  data={customFields.map((f) => ({ value: f.id, label: f.name }))}
                  value={fieldId}
                  onChange={(v) => {
                    setFieldId(v);
                    setCustomValue(null);
                    turnOn('custom', v !== null);
                  }}
                  placeholder={t('objectsUi.bulk.customFieldPlaceholder')}
                  error={problems.custom}
                />
                {field && (
                  <CustomFieldInput field={field} value={customValue} onChange={setCustomValue} label={t('objectsUi.bulk.customValue', { name: field.name })} />
                )}
              </Stack>
            </Part>
          )}

          <Part label={t('objectsUi.bulk.addTags')} checked={on.addTags} onCheck={(v) => turnOn('addTags', v)}>
            <TagsInput
              aria-label={t('objectsUi.bulk.tagsToAdd')}
              value={addTags}
              onChange={(v) => {
                setAddTags(v);
                turnOn('addTags', v.length > 0);
              }}
              placeholder={t('objectsUi.form.tagsPlaceholder')}
              error={problems.addTags}
              maxTags={100}
              clearable
            />
          </Part>

          <Part label={t('objectsUi.bulk.removeTags')} checked={on.removeTags} onCheck={(v) => turnOn('removeTags', v)}>
            <TagsInput
              aria-label={t('objectsUi.bulk.tagsToRemove')}
              value={removeTags}
              onChange={(v) => {
                setRemoveTags(v);
                turnOn('removeTags', v.length > 0);
              }}
              placeholder={t('objectsUi.form.tagsPlaceholder')}
              error={problems.removeTags}
              maxTags={100}
              clearable
            />
          </Part>

          {failure && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={failure.title} role="alert">
              {failure.detail}
            </Alert>
          )}

          <Text size="sm" fw={500} aria-live="polite">
            {chosen.length
              ? t('objectsUi.bulk.summary', { count: ids.length, formatted: count, changes: formatList(chosen.map(partName)) })
              : t('objectsUi.bulk.summaryNone')}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} disabled={chosen.length === 0}>
              {t('objectsUi.bulk.apply', { count: ids.length, formatted: count })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Part({ label, checked, onCheck, children }: { label: string; checked: boolean; onCheck: (checked: boolean) => void; children: ReactNode }) {
  return (
    <div className="bulk-part" data-on={checked || undefined}>
      <Checkbox label={<Text fw={500} size="sm">{label}</Text>} checked={checked} onChange={(e) => onCheck(e.currentTarget.checked)} mb={6} />
      <div className="bulk-part-body">{children}</div>
    </div>
  );
}
