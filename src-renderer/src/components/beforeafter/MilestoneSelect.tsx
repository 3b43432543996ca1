import { Select } from '@mantine/core';
import type { Milestone } from '@contract';
import { useTranslation } from 'react-i18next';
import { useBaFormat } from './format';
import { milestoneLabel } from './milestones';

/** Choose a milestone (or, for a comparison's later side, "now"): each named with its date. */
export function MilestoneSelect({
  label,
  list,
  value,
  onChange,
  withNow = false,
  exclude,
  w = 260,
}: {
  label: string;
  list: Milestone[];
  value: string | null;
  onChange: (id: string) => void;
  withNow?: boolean;
  exclude?: string;
  w?: number | string;
}) {
  const { t } = useTranslation();
  const f = useBaFormat();
  const data = [
    ...list.filter((m) => m.id !== exclude).map((m) => ({ value: m.id, label: `${milestoneLabel(t, m)} — ${f.dateTime(m.at)}` })),
    ...(withNow ? [{ value: 'now', label: t('compare.now') }] : []),
  ];
  return (
    <Select
      label={label}
      data={data}
      value={value}
      onChange={(v) => v && onChange(v)}
      placeholder={data.length === 0 ? t('milestones.noOtherMilestone') : undefined}
      disabled={data.length === 0}
      allowDeselect={false}
      w={w}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
