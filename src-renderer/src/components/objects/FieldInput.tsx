import { Anchor, NumberInput, SegmentedControl, Select, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { fieldDef, OBJECT_FIELDS, type ObjectFieldKey } from '@contract';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQueryProc } from '../../api/hooks';
import { LocationSelect } from './LocationSelect';

/**
 * One field of the registry (contract/fields.ts) as a form shows it, by its kind. Its words come by convention:
 * objectForm.<key> or objectsUi.fields.<import name> for the label, and the same with Help and Placeholder.
 */

/** A field's value while it is typed: numbers as typed, and yes/no/not assessed for a flag. */
export type FieldDraft = string | number | string[] | null;

/** What a form holds of a field, from an object's value. */
export function toDraft(key: ObjectFieldKey, value: unknown): FieldDraft {
  switch (fieldDef(key).kind) {
    case 'flag':
      return value === true ? 'yes' : value === false ? 'no' : 'unknown';
    case 'measure':
      return value === null || value === undefined ? '' : (value as number);
    case 'priority':
    case 'rating':
      return value === null || value === undefined ? NONE : String(value);
    default:
      return (value ?? null) as FieldDraft;
  }
}

/** A field's value from what the form holds, or the key of the problem with it. */
export function fromDraft(key: ObjectFieldKey, draft: FieldDraft): { value: unknown } | { problem: string } {
  const def = fieldDef(key);
  switch (def.kind) {
    case 'text':
    case 'longText': {
      const text = typeof draft === 'string' ? draft.trim() : '';
      return key === 'name' && !text ? { problem: 'objectForm.nameRequired' } : { value: text };
    }
    case 'count': {
      const n = typeof draft === 'number' ? draft : Number.parseInt(String(draft ?? ''), 10);
      return Number.isInteger(n) && n >= 1 ? { value: n } : { problem: 'objectForm.countInvalid' };
    }
    case 'measure': {
      if (draft === '' || draft === null) return { value: null };
      const n = typeof draft === 'number' ? draft : Number(draft);
      return n > 0 ? { value: n } : { problem: 'objectsUi.form.measurePositive' };
    }
    case 'flag':
      return { value: draft === 'unknown' ? null : draft === 'yes' };
    case 'priority':
      return { value: draft === NONE || draft === null ? null : Number(draft) };
    case 'rating':
      return { value: draft === NONE || draft === null ? null : draft };
    case 'tags':
      return { value: (draft as string[] | null) ?? [] };
    default:
      return { value: draft };
  }
}

/** The words of a field, by convention, where they exist. */
export function useFieldWords() {
  const { t, i18n } = useTranslation();
  const first = (keys: string[]) => keys.find((k) => i18n.exists(k));
  return (key: ObjectFieldKey) => {
    const name = OBJECT_FIELDS[key].importAs;
    const word = (suffix: string) => {
      const found = first([`objectForm.${key}${suffix}`, `objectsUi.form.${name}${suffix}`, ...(suffix ? [] : [`objectsUi.fields.${name}`])]);
      return found ? t(found) : undefined;
    };
    return { label: word('') ?? key, help: word('Help'), placeholder: word('Placeholder') };
  };
}

interface Props<K extends ObjectFieldKey> {
  field: K;
  value: FieldDraft;
  onChange: (value: FieldDraft) => void;
  error?: string | undefined;
  /** Leave out the help line (bulk edit says what it does itself). */
  bare?: boolean;
  /** Called when a choice is made (bulk edit ticks the field then). */
  onChoose?: () => void;
  /** For a term: a choice that clears it, with its label. */
  noneLabel?: string;
  autoFocus?: boolean;
}

export const NO_TERM = '\u0000none';
/** A priority or rating not given. */
export const NONE = 'none';

export function FieldInput<K extends ObjectFieldKey>({ field, value, onChange, error, bare, onChoose, noneLabel, autoFocus }: Props<K>) {
  const { t } = useTranslation();
  const words = useFieldWords()(field);
  const labelId = useId();
  const def = fieldDef(field);
  const vocabularies = useQueryProc('vocabularies.get', {}, { enabled: def.kind === 'term' });
  const description = bare ? undefined : words.help;
  const change = (next: FieldDraft) => {
    onChange(next);
    onChoose?.();
  };
  switch (def.kind) {
    case 'text':
      return (
        <TextInput
          label={words.label}
          description={description}
          placeholder={words.placeholder}
          value={(value as string | null) ?? ''}
          onChange={(e) => change(e.currentTarget.value)}
          error={error}
          required={field === 'name'}
          maxLength={def.maxLength}
          data-autofocus={autoFocus || undefined}
        />
      );
    case 'longText':
      return (
        <Textarea
          label={words.label}
          description={description}
          placeholder={words.placeholder}
          value={(value as string | null) ?? ''}
          onChange={(e) => change(e.currentTarget.value)}
          error={error}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={def.maxLength}
        />
      );
    case 'count':
    case 'measure':
      return (
        <NumberInput
          label={words.label}
          description={description}
          value={(value as number | string | null) ?? ''}
          onChange={change}
          min={def.kind === 'count' ? 1 : 0}
          max={1_000_000}
          allowDecimal={def.kind === 'measure'}
          decimalScale={def.kind === 'measure' ? 3 : undefined}
          allowNegative={false}
          hideControls={def.kind === 'measure'}
          required={def.kind === 'count'}
          error={error}
        />
      );
    case 'unit':
      return (
        <Select
          label={words.label}
          data={def.units!.map((unit) => ({ value: unit, label: t(`objectsUi.units.${unit}`) }))}
          value={value as string}
          onChange={(v) => v && change(v)}
          allowDeselect={false}
        />
      );
    case 'term': {
      const terms = (def.vocabulary === 'category' ? vocabularies.data?.categories : undefined) ?? [];
      const empty = vocabularies.isSuccess && terms.length === 0;
      return (
        <Select
          label={words.label}
          description={
            bare ? undefined : empty ? (
              <>
                {t('objectsUi.form.noCategories')}{' '}
                <Anchor component={Link} to="/settings" size="xs">
                  {t('objectsUi.form.defineInSettings')}
                </Anchor>
              </>
            ) : (
              description
            )
          }
          data={[...(noneLabel ? [{ value: NO_TERM, label: noneLabel }] : []), ...terms.map((term) => ({ value: term, label: term }))]}
          value={value as string | null}
          onChange={(v) => change(v)}
          clearable={!noneLabel}
          searchable
          placeholder={empty ? t('objectsUi.form.noCategories') : t('objectsUi.form.choosePlaceholder')}
          nothingFoundMessage={t('common.nothingFound')}
          error={error}
          disabled={empty && !value && !noneLabel}
        />
      );
    }
    case 'location':
      return (
        <LocationSelect
          label={words.label}
          description={description}
          placeholder={words.placeholder}
          value={value as string | null}
          onChange={change}
          clearable
          error={error}
        />
      );
    case 'flag':
    case 'priority':
    case 'rating':
      return (
        <Choices
          labelId={labelId}
          label={words.label}
          description={description}
          value={value as string}
          onChange={change}
          data={
            def.kind === 'flag'
              ? (['yes', 'no', 'unknown'] as const).map((v) => ({ value: v, label: t(`objectsUi.reachable.${v}`) }))
              : [
                  ...def.choices!.map((v) => ({ value: String(v), label: def.kind === 'priority' ? `P${v}` : t(`evacuation.ratings.${v}`) })),
                  { value: NONE, label: t(def.kind === 'priority' ? 'evacuation.priority.none' : 'evacuation.ratings.none') },
                ]
          }
        />
      );
    case 'tags':
      return (
        <TagsInput
          label={words.label}
          description={description}
          placeholder={words.placeholder}
          value={(value as string[] | null) ?? []}
          onChange={change}
          error={error}
          maxTags={100}
          clearable
          splitChars={[',', ';']}
        />
      );
  }
}

/** A field chosen among a few values, as buttons side by side, labelled like the other inputs. */
function Choices(props: { labelId: string; label: string; description: ReactNode; value: string; onChange: (value: string) => void; data: { value: string; label: string }[] }) {
  return (
    <Stack gap={0}>
      <Text size="sm" fw={500} id={props.labelId} className="field-label">
        {props.label}
      </Text>
      {props.description && (
        <Text size="xs" c="dimmed" mb={6}>
          {props.description}
        </Text>
      )}
      <SegmentedControl aria-labelledby={props.labelId} value={props.value} onChange={props.onChange} data={props.data} />
    </Stack>
  );
}
