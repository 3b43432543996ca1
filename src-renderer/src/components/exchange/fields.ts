import { IMPORT_FIELDS, type CustomField, type ImportField } from '@contract';
import type { TFunction } from 'i18next';
import { formatList } from '../../lib/lists';

/** The mapping's value for a column that is not imported; the contract leaves such columns out. */
export const IGNORE = '';

export const isImportField = (field: string): field is ImportField => (IMPORT_FIELDS as readonly string[]).includes(field);

/** A mapping target in words: a field's translated name, a custom field's name, or a new custom field. */
export function fieldLabel(t: TFunction, field: string, customFields: CustomField[]): string {
  if (isImportField(field)) return t(`exchange.fields.${field}`);
  if (field.startsWith('custom:new:')) return t('exchange.mapping.newFieldNamed', { name: field.slice(11) });
  if (field.startsWith('custom:')) return customFields.find((f) => `custom:${f.id}` === field)?.name ?? t('exchange.mapping.unknownField');
  if (field.startsWith('new:')) return t('exchange.mapping.newFieldNamed', { name: field.slice(4) });
  return field;
}

export const isEmptyValue = (value: unknown): boolean => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** A value before or after an import, as a cell would show it; empty reads as "(empty)". */
export function valueText(t: TFunction, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('exchange.preview.empty');
  if (Array.isArray(value)) return value.length ? formatList(value.map(String), 'enumeration') : t('exchange.preview.empty');
  if (typeof value === 'boolean') return value ? t('exchange.preview.yes') : t('exchange.preview.no');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The name the import gives a column without a header ("Column C", or "Column C (2)"): said in the reader's language. */
export function columnLabel(t: TFunction, header: string): string {
  const unnamed = /^Column ([A-Z]{1,3})( \(\d+\))?$/.exec(header);
  return unnamed ? `${t('exchange.mapping.unnamedColumn', { letter: unnamed[1] })}${unnamed[2] ?? ''}` : header;
}
