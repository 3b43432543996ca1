import { fieldDef, OBJECT_FIELD_KEYS, OBJECT_FIELDS, type CatalogueObject, type CustomField, type ObjectFieldKey } from '@contract';
import { useTranslation } from 'react-i18next';
import { useQueryProc } from '../../api/hooks';
import { formatList, useFormatters } from '../../lib/format';

/** One field as a reader sees it: its translated name and its value in words. */
export interface FieldLine {
  label: string;
  value: string;
}

/** The fields an edit can set: the object number, and every field of the registry. */
type ObjectField = ObjectFieldKey | 'number';
const isObjectField = (key: string): key is ObjectField => key === 'number' || (OBJECT_FIELD_KEYS as readonly string[]).includes(key);

/** A date-only value (YYYY-MM-DD) shown in the reader's format, without a time-zone shift. */
export function useDateOnly(): (value: string) => string {
  const { date } = useFormatters();
  return (value) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? date(`${value}T12:00:00`) : value);
}

/** Dimensions as "12 × 30 × 4 cm", or null when none is recorded. */
export function useMeasures() {
  const { t } = useTranslation();
  const { number } = useFormatters();
  return {
    dimensions: (o: Pick<CatalogueObject, 'height' | 'width' | 'depth' | 'dimensionUnit'>): string | null => {
      if (o.height === null && o.width === null && o.depth === null) return null;
      const part = (value: number | null) => (value === null ? '?' : number(value));
      return `${part(o.height)} × ${part(o.width)} × ${part(o.depth)} ${t(`objectsUi.units.${o.dimensionUnit}`)}`;
    },
    weight: (o: Pick<CatalogueObject, 'weight' | 'weightUnit'>): string | null => (o.weight === null ? null : `${number(o.weight)} ${t(`objectsUi.units.${o.weightUnit}`)}`),
  };
}

/** A custom field's value in words: dates in the reader's format, numbers with their separators. */
export function useCustomValue(): (field: CustomField | undefined, value: unknown) => string {
  const { number } = useFormatters();
  const dateOnly = useDateOnly();
  return (field, value) => {
    if (value === null || value === undefined || value === '') return '';
    if (typeof value === 'number') return number(value);
    if (field?.kind === 'date' && typeof value === 'string') return dateOnly(value);
    return String(value);
  };
}

/**
 * Turns the fields an edit set (as the change log recorded its input) into lines a registrar can read:
 * "Category: Ceramics", "Normal location: R1-U1", "Tags added: fragile".
 */
export function useFieldLines(): (changes: Record<string, unknown>) => FieldLine[] {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const tree = useQueryProc('locations.tree', {});
  const vocabularies = useQueryProc('vocabularies.get', {});
  const customValue = useCustomValue();
  const dateOnly = useDateOnly();
  const cleared = t('objectsUi.timeline.cleared');

  /** A value in words, by its field's kind. */
  const value = (key: ObjectField, raw: unknown): string => {
    if (raw === null || raw === undefined || raw === '') return cleared;
    const kind = key === 'number' ? 'text' : fieldDef(key).kind;
    if (kind === 'location') return tree.data?.locations.find((l) => l.id === raw)?.code ?? t('objectsUi.timeline.unknownLocation');
    if (kind === 'flag') return t(raw ? 'objectsUi.reachable.yes' : 'objectsUi.reachable.no');
    if (kind === 'unit') return t(`objectsUi.units.${String(raw)}`);
    if (kind === 'priority') return `P${String(raw)}`;
    if (kind === 'rating') return t(`evacuation.ratings.${String(raw)}`);
    if (Array.isArray(raw)) return raw.length ? formatList(raw.map(String), 'enumeration') : cleared;
    if (typeof raw === 'number') return number(raw);
    return String(raw);
  };
  const customLines = (custom: unknown): FieldLine[] =>
    Object.entries((custom ?? {}) as Record<string, unknown>).map(([id, raw]) => {
      const field = vocabularies.data?.customFields.find((f) => f.id === id);
      return { label: field?.name ?? t('objectsUi.timeline.removedField'), value: raw === null || raw === '' ? cleared : customValue(field, raw) };
    });
  const fieldLines = (fields: Record<string, unknown>): FieldLine[] =>
    Object.entries(fields).flatMap(([key, raw]): FieldLine[] => {
      if (key === 'custom') return customLines(raw);
      if (!isObjectField(key)) return [];
      return [{ label: t(`objectsUi.fields.${key === 'number' ? key : OBJECT_FIELDS[key].importAs}`), value: value(key, raw) }];
    });

  return (changes) => {
    const lines = fieldLines(Object.fromEntries(Object.entries(changes).filter(([key]) => !['set', 'addTags', 'removeTags', 'condition'].includes(key))));
    if (changes.set && typeof changes.set === 'object') lines.push(...fieldLines(changes.set as Record<string, unknown>));
    if (Array.isArray(changes.addTags) && changes.addTags.length) lines.push({ label: t('objectsUi.timeline.tagsAdded'), value: formatList(changes.addTags.map(String), 'enumeration') });
    if (Array.isArray(changes.removeTags) && changes.removeTags.length) lines.push({ label: t('objectsUi.timeline.tagsRemoved'), value: formatList(changes.removeTags.map(String), 'enumeration') });
    const condition = changes.condition as { term?: string; assessedOn?: string } | undefined;
    if (condition?.term) {
      lines.push({ label: t('objectsUi.fields.condition'), value: condition.assessedOn ? `${condition.term} (${dateOnly(condition.assessedOn)})` : condition.term });
    }
    return lines;
  };
}
