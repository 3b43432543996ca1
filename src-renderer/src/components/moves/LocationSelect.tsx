import { Select, Text, type ComboboxItem, type ComboboxParsedItem, type OptionsFilter } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { locationLabel } from '../../lib/locations';
import type { TreeModel } from '../locations/treeModel';

interface Option extends ComboboxItem {
  depth: number;
  path: string;
  code: string;
}

/** Code matches first (prefix before substring), then names and paths; never more than `limit` rendered. */
const rankedFilter: OptionsFilter = ({ options, search, limit }) => {
  const q = search.trim().toLowerCase();
  const flat = options as ComboboxParsedItem[] as Option[];
  if (!q) return flat.slice(0, limit);
  const prefix: Option[] = [];
  const inCode: Option[] = [];
  const elsewhere: Option[] = [];
  for (const option of flat) {
    const code = option.code.toLowerCase();
    if (code.startsWith(q)) prefix.push(option);
    else if (code.includes(q)) inCode.push(option);
    else if (option.label.toLowerCase().includes(q) || option.path.toLowerCase().includes(q)) elsewhere.push(option);
    if (prefix.length >= limit) break;
  }
  return [...prefix, ...inCode, ...elsewhere].slice(0, limit);
};

/**
 * Chooses a location among thousands: searchable by code, name or path, showing at most 100 at a time.
 * Archived locations (and what is inside them) are never offered; `exclude` removes more, `disable` greys some out.
 */
export function LocationSelect({
  model,
  value,
  onChange,
  label,
  description,
  placeholder,
  error,
  exclude,
  disable,
  clearable,
  required,
  autoFocus,
  loading,
}: {
  model: TreeModel;
  value: string | null;
  onChange: (id: string | null) => void;
  label: ReactNode;
  description?: ReactNode;
  placeholder?: string;
  error?: ReactNode;
  exclude?: ReadonlySet<string>;
  disable?: ReadonlySet<string>;
  clearable?: boolean;
  required?: boolean;
  autoFocus?: boolean;
  loading?: boolean;
}) {
  const { t } = useTranslation();
  const options = useMemo(
    () =>
      model.locations
        .filter((l, i) => !model.hidden[i] && !exclude?.has(l.id))
        .map<Option>((l) => ({ value: l.id, label: locationLabel(l), code: l.code, depth: l.depth, path: l.path, disabled: disable?.has(l.id) ?? false })),
    [model, exclude, disable],
  );
  return (
    <Select
      label={label}
      description={description}
      placeholder={placeholder ?? t('moves.destinationPlaceholder')}
      data={options}
      value={value}
      onChange={onChange}
      searchable
      clearable={clearable}
      required={required}
      error={error}
      disabled={loading}
      limit={100}
      filter={rankedFilter}
      nothingFoundMessage={t('common.nothingFound')}
      maxDropdownHeight={320}
      data-autofocus={autoFocus || undefined}
      comboboxProps={{ withinPortal: true }}
      renderOption={({ option }) => {
        const o = option as Option;
        return (
          <div style={{ paddingInlineStart: Math.min(o.depth, 6) * 10 }}>
            <Text size="sm">{o.label}</Text>
            {o.depth > 0 && (
              <Text size="xs" c="dimmed" lineClamp={1}>
                {o.path}
              </Text>
            )}
          </div>
        );
      }}
    />
  );
}
