import { OBJECT_FIELDS } from '@contract';
import { useTranslation } from 'react-i18next';
import { useQueryProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { useCustomValue } from '../objects/fields';
import { conflictField, fieldLabel, objectFieldValue, type Conflict, type ConflictField } from '../../lib/conflictText';

/** A conflict's field and values in the reader's words: labels from the forms, locations by code, terms and units translated. */
export function useConflictWords() {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const tree = useQueryProc('locations.tree', {});
  const vocabularies = useQueryProc('vocabularies.get', {});
  const customValue = useCustomValue();
  const customField = (id: string) => vocabularies.data?.customFields.find((f) => f.id === id);
  const locationCode = (id: unknown) => (typeof id === 'string' ? tree.data?.locations.find((l) => l.id === id)?.code : undefined);
  const empty = t('conflicts.empty');
  const yesNo = (raw: unknown) => t(raw === true || raw === 1 ? 'objectsUi.reachable.yes' : 'objectsUi.reachable.no');

  const value = (field: ConflictField | null, raw: unknown): string => {
    if (raw === null || raw === undefined || raw === '') return empty;
    if (!field) return typeof raw === 'string' ? raw : JSON.stringify(raw);
    switch (field.kind) {
      case 'object': {
        const api = objectFieldValue(field.key, raw);
        switch (OBJECT_FIELDS[field.key].kind) {
          case 'location':
            return locationCode(api) ?? t('objectsUi.timeline.unknownLocation');
          case 'flag':
            return api === null ? t('objectsUi.reachable.unknown') : yesNo(api);
          case 'unit':
            return t(`objectsUi.units.${String(api)}`, { defaultValue: String(api) });
          case 'tags':
            return (api as string[]).length ? (api as string[]).join(', ') : empty;
          case 'count':
          case 'measure':
            return typeof api === 'number' ? number(api) : String(api);
          default:
            return String(api);
        }
      }
      case 'custom':
        return customValue(customField(field.id), raw) || empty;
      case 'location':
        if (field.column === 'role') return t(`roles.${String(raw)}`, { defaultValue: String(raw) });
        if (field.column === 'parent_id') return locationCode(raw) ?? t('objectsUi.timeline.unknownLocation');
        if (field.column === 'archived') return yesNo(raw);
        if (field.column === 'type') return t(`locationTypes.${String(raw)}`, { defaultValue: String(raw) });
        return String(raw);
      default:
        return typeof raw === 'string' ? raw : typeof raw === 'number' ? number(raw) : JSON.stringify(raw);
    }
  };

  return {
    field: (conflict: Pick<Conflict, 'table' | 'field'>) => conflictField(conflict),
    label: (field: ConflictField) => fieldLabel(t, field, (id) => customField(id)?.name),
    value,
    customField,
    locationCode,
  };
}
