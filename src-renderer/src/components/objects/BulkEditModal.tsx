import { Alert, Button, Checkbox, Group, Modal, SegmentedControl, Select, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import type { Input } from '@contract';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutationProc, useQueryProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { describeError, notifySuccess } from '../../lib/notify';
import { CustomFieldInput, type CustomValue } from './CustomFieldInput';
import { today } from './dates';
import { LocationSelect } from './LocationSelect';
import { formatList } from '../../lib/format';

const NONE = '\u0000none';
type Reachable = 'yes' | 'no' | 'unknown';
type Part = 'category' | 'condition' | 'normalLocation' | 'reachable' | 'custom' | 'addTags' | 'removeTags';

/** Changes many objects at once, in one transaction recorded as one change. */
export function BulkEditModal({ ids, onClose, onDone }: { ids: string[]; onClose: () => void; onDone?: () => void }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const vocabularies = useQueryProc('vocabularies.get', {});
  const categories = vocabularies.data?.categories ?? [];
  const conditions = vocabularies.data?.conditions ?? [];
  const customFields = vocabularies.data?.customFields ?? [];

  const [on, setOn] = useState<Record<Part, boolean>>({
    category: false,
    condition: false,
    normalLocation: false,
    reachable: false,
    custom: false,
    addTags: false,
    removeTags: false,
  });
  const [category, setCategory] = useState<string | null>(null);
  const [term, setTerm] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [assessedOn, setAssessedOn] = useState(today());
  const [normalLocationId, setNormalLocationId] = useState<string | null>(null);
  const [reachable, setReachable] = useState<Reachable>('yes');
  const [fieldId, setFieldId] = useState<string | null>(null);
  const [customValue, setCustomValue] = useState<CustomValue>(null);
  const [addTags, setAddTags] = useState<string[]>([]);
  const [removeTags, setRemoveTags] = useState<string[]>([]);
  const [problems, setProblems] = useState<Partial<Record<Part, string>>>({});
  const [failure, setFailure] = useState<{ title: string; detail: string } | null>(null);

  const turnOn = (part: Part, value = true) => setOn((current) => ({ ...current, [part]: value }));
  const field = customFields.find((f) => f.id === fieldId);

  const update = useMutationProc('objects.bulkUpdate', {
    onSuccess: (result) => {
      notifySuccess(t('objectsUi.bulk.done', { count: result.updated, formatted: number(result.updated) }));
      onDone?.();
      onClose();
    },
    onError: (error) => setFailure(describeError(t, error)),
  });

  const chosen = (Object.keys(on) as Part[]).filter((part) => on[part]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const next: Partial<Record<Part, string>> = {};
    if (on.category && category === null) next.category = t('objectsUi.bulk.chooseCategory');
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
    const set: NonNullable<Input<'objects.bulkUpdate'>['set']> = {};
    if (on.category) set.category = category === NONE ? null : category;
    if (on.normalLocation) set.normalLocationId = normalLocationId;
    if (on.reachable) set.reachable = reachable === 'unknown' ? null : reachable === 'yes';
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

          <Part label={t('objectsUi.bulk.setCategory')} checked={on.category} onCheck={(v) => turnOn('category', v)}>
            <Select
              aria-label={t('objectsUi.fields.category')}
              data={[{ value: NONE, label: t('objectsUi.bulk.noCategory') }, ...categories.map((c) => ({ value: c, label: c }))]}
              value={category}
              onChange={(v) => {
                setCategory(v);
                turnOn('category', v !== null);
              }}
              placeholder={categories.length ? t('objectsUi.form.choosePlaceholder') : t('objectsUi.form.noCategories')}
              searchable
              error={problems.category}
              nothingFoundMessage={t('common.nothingFound')}
            />
          </Part>

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

          <Part label={t('objectsUi.bulk.setNormalLocation')} checked={on.normalLocation} onCheck={(v) => turnOn('normalLocation', v)}>
            <LocationSelect
              hideLabel
              label={t('objectsUi.fields.normalLocation')}
              value={normalLocationId}
              onChange={(v) => {
                setNormalLocationId(v);
                turnOn('normalLocation');
              }}
              clearable
              placeholder={t('objectsUi.bulk.normalLocationPlaceholder')}
              description={on.normalLocation && !normalLocationId ? t('objectsUi.bulk.normalLocationClears') : undefined}
            />
          </Part>

          <Part label={t('objectsUi.bulk.setReachable')} checked={on.reachable} onCheck={(v) => turnOn('reachable', v)}>
            <SegmentedControl
              aria-label={t('objectsUi.fields.reachable')}
              value={reachable}
              onChange={(v) => {
                setReachable(v as Reachable);
                turnOn('reachable');
              }}
              data={[
                { value: 'yes', label: t('objectsUi.reachable.yes') },
                { value: 'no', label: t('objectsUi.reachable.no') },
                { value: 'unknown', label: t('objectsUi.reachable.unknown') },
              ]}
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
              ? t('objectsUi.bulk.summary', { count: ids.length, formatted: count, changes: formatList(chosen.map((part) => t(`objectsUi.bulk.parts.${part}`))) })
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
