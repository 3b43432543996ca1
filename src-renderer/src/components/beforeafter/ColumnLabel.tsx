import type { Milestone } from '@contract';
import { useTranslation } from 'react-i18next';
import { useBaFormat } from './format';
import { milestoneLabel } from './milestones';

/** A column heading for one side of a comparison: the milestone's name, and its date below. */
export function ColumnLabel({ milestone, at, dateOnly = false }: { milestone: Milestone | null; at: string; dateOnly?: boolean }) {
  const { t } = useTranslation();
  const f = useBaFormat();
  return (
    <span className="ba-th">
      <span className="ba-th-name">{milestone ? milestoneLabel(t, milestone) : t('compare.now')}</span>
      <span className="ba-th-date">{dateOnly ? f.date(milestone?.at ?? at) : f.dateTime(milestone?.at ?? at)}</span>
    </span>
  );
}
