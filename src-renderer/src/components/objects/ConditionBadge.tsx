import { Badge } from '@mantine/core';
import { useQueryProc } from '../../api/hooks';

const SCALE = ['teal', 'green', 'lime', 'yellow', 'orange', 'red'] as const;

/** The colour of a condition term: the catalogue lists terms from best to worst. */
export function useConditionColor(): (term: string) => string {
  const vocabularies = useQueryProc('vocabularies.get', {});
  const terms = vocabularies.data?.conditions ?? [];
  return (term) => {
    const index = terms.findIndex((t) => t.toLowerCase() === term.toLowerCase());
    if (index < 0 || terms.length === 0) return 'gray';
    const position = terms.length === 1 ? 0 : index / (terms.length - 1);
    return SCALE[Math.round(position * (SCALE.length - 1))] ?? 'gray';
  };
}

export function ConditionBadge({ term, size = 'sm' }: { term: string; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  const color = useConditionColor();
  return (
    <Badge variant="light" color={color(term)} tt="none" size={size} fw={600} className="condition-badge">
      {term}
    </Badge>
  );
}
