import { NumberInput, Select, TextInput } from '@mantine/core';
import type { CustomField } from '@contract';
import { useTranslation } from 'react-i18next';

export type CustomValue = string | number | null;

/** The input for one custom field, by its kind: text, number, date (YYYY-MM-DD) or one of its choices. */
export function CustomFieldInput({
  field,
  value,
  onChange,
  label,
  error,
}: {
  field: CustomField;
  value: CustomValue;
  onChange: (value: CustomValue) => void;
  label?: string;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const common = { label: label ?? field.name, error, description: t(`objectsUi.customKinds.${field.kind}`) };
  if (field.kind === 'number') {
    return (
      <NumberInput
        {...common}
        value={typeof value === 'number' ? value : typeof value === 'string' ? value : ''}
        onChange={(next) => onChange(next === '' ? null : typeof next === 'number' ? next : Number(next))}
        decimalScale={6}
      />
    );
  }
  if (field.kind === 'date') {
    return <TextInput {...common} type="date" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value || null)} />;
  }
  if (field.kind === 'choice') {
    return (
      <Select
        {...common}
        data={field.choices}
        value={typeof value === 'string' ? value : null}
        onChange={(next) => onChange(next)}
        clearable
        placeholder={t('objectsUi.form.choosePlaceholder')}
      />
    );
  }
  return <TextInput {...common} value={value === null ? '' : String(value)} onChange={(e) => onChange(e.currentTarget.value)} maxLength={2000} />;
}
