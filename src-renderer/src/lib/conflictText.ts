import { conflictResolve, OBJECT_FIELD_KEYS, OBJECT_FIELDS, type Input, type ObjectFieldKey, type Output } from '@contract';
import type { TFunction } from 'i18next';

export type Conflict = Output<'conflicts.list'>['conflicts'][number];
export type Choice = Input<'conflicts.resolve'>['choice'];

/** The location columns a person may see in a conflict, with the words the location form uses for them. */
const LOCATION_COLUMNS = {
  code: 'locationForm.code',
  name: 'locationForm.name',
  type: 'locationForm.type',
  role: 'locationForm.role',
  notes: 'locationForm.notes',
  parent_id: 'locationForm.parent',
  archived: 'conflicts.fields.archived',
  position: 'conflicts.fields.position',
} as const;
export type LocationColumn = keyof typeof LOCATION_COLUMNS;

/** What field of what a conflict is about, from its table and column (merging names columns, not the API's fields). */
export type ConflictField =
  | { kind: 'object'; key: ObjectFieldKey }
  | { kind: 'number' }
  | { kind: 'custom'; id: string }
  | { kind: 'location'; column: LocationColumn }
  | { kind: 'other'; table: string; column: string };

export function conflictField(conflict: Pick<Conflict, 'table' | 'field'>): ConflictField | null {
  const column = conflict.field;
  if (!column) return null;
  if (conflict.table === 'objects') {
    if (column === 'number') return { kind: 'number' };
    if (column.startsWith('custom:')) return { kind: 'custom', id: column.slice('custom:'.length) };
    const key = OBJECT_FIELD_KEYS.find((k) => OBJECT_FIELDS[k].column === column);
    if (key) return { kind: 'object', key };
  }
  if (conflict.table === 'locations' && Object.hasOwn(LOCATION_COLUMNS, column)) return { kind: 'location', column: column as LocationColumn };
  return { kind: 'other', table: conflict.table, column };
}

/** The words for a field: the object form's and the location form's labels; a custom field by its name. */
export function fieldLabel(t: TFunction, field: ConflictField, customName: (id: string) => string | undefined): string {
  switch (field.kind) {
    case 'object':
      return t(`objectsUi.fields.${OBJECT_FIELDS[field.key].importAs}`);
    case 'number':
      return t('objectsUi.fields.number');
    case 'custom':
      return customName(field.id) ?? t('objectsUi.timeline.removedField');
    case 'location':
      return t(LOCATION_COLUMNS[field.column]);
    case 'other':
      return t('conflicts.fields.other', { table: t(`conflicts.tables.${field.table}`, { defaultValue: field.table }), column: field.column });
  }
}

/** A registry field's value as the API gives it, from the value its column holds (as merging records it). */
export function objectFieldValue(key: ObjectFieldKey, raw: unknown): unknown {
  switch (OBJECT_FIELDS[key].kind) {
    case 'flag':
      return raw === null || raw === undefined ? null : raw === true || raw === 1;
    case 'tags':
      if (Array.isArray(raw)) return raw;
      try {
        const parsed: unknown = JSON.parse(String(raw ?? '[]'));
        return Array.isArray(parsed) ? parsed.map(String) : [];
      } catch {
        return [];
      }
    default:
      return raw;
  }
}

/** Fields a person may give another value here, as well as keep one of the two. Tags take a list, which a settled value cannot be. */
export function canEnterValue(field: ConflictField | null): boolean {
  if (!field) return false;
  if (field.kind === 'object') return OBJECT_FIELDS[field.key].kind !== 'tags';
  if (field.kind === 'location') return ['code', 'name', 'type', 'role', 'notes'].includes(field.column);
  return field.kind === 'number' || field.kind === 'custom';
}

/** How a conflict was settled, from what the catalogue recorded (the choice, as JSON); null when it cannot be read. */
export function parseResolution(resolution: string): Choice | null {
  try {
    const parsed = conflictResolve.shape.choice.safeParse(JSON.parse(resolution));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A settled conflict's decision in words; `value` says a value in words, by the conflict's field. */
export function resolutionText(t: TFunction, conflict: Conflict, value: (raw: unknown) => string): string {
  const choice = conflict.resolved ? parseResolution(conflict.resolved.resolution) : null;
  if (!choice) return t('conflicts.settled.unknown');
  switch (choice.kind) {
    case 'keep': {
      const side = conflict.sides.find((s) => s.opId === choice.opId);
      return side ? t('conflicts.settled.kept', { value: value(side.value) }) : t('conflicts.settled.keptOne');
    }
    case 'value':
      return conflict.kind === 'code' ? t('conflicts.settled.code', { code: String(choice.value) }) : t('conflicts.settled.value', { value: value(choice.value) });
    case 'renumber': {
      const object = conflict.objects.find((o) => o.id === choice.objectId);
      return t('conflicts.settled.renumbered', { object: object?.name ?? '', number: choice.number });
    }
    case 'mergeObjects': {
      const object = conflict.objects.find((o) => o.id === choice.objectId);
      return t('conflicts.settled.merged', { object: object?.name ?? '' });
    }
    case 'keepBoth':
      return t(conflict.kind === 'code' ? 'conflicts.settled.keepBothCode' : 'conflicts.settled.keepBoth');
    case 'restore':
      return t('conflicts.settled.restore');
    case 'leaveRemoved':
      return t('conflicts.settled.leaveRemoved');
  }
}

/** The change log's words for conflicts.resolve, by what was chosen. */
export function resolveChangeText(t: TFunction, input: Record<string, unknown>): string {
  const choice = conflictResolve.shape.choice.safeParse(input.choice);
  if (!choice.success) return t('changes.what.conflictResolve');
  switch (choice.data.kind) {
    case 'keep':
      return t('changes.what.conflictResolveKeep');
    case 'value':
      return t('changes.what.conflictResolveValue', { value: choice.data.value === null ? t('conflicts.empty') : String(choice.data.value) });
    case 'renumber':
      return t('changes.what.conflictResolveRenumber', { number: choice.data.number });
    case 'mergeObjects':
      return t('changes.what.conflictResolveMerge');
    case 'keepBoth':
      return t('changes.what.conflictResolveKeepBoth');
    case 'restore':
      return t('changes.what.conflictResolveRestore');
    case 'leaveRemoved':
      return t('changes.what.conflictResolveLeaveRemoved');
  }
}
