import { Group, Pagination } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The page of a paged list the address asks for (`?page=`): 1 when there is none or it is not a page number. */
export const pageFromParams = (params: URLSearchParams) => Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);

/**
 * The page numbers under a paged list, shown only when there is more than one page. `onChange` receives the
 * value for `?page=`: undefined for the first page, so its address stays plain. `labels` names the translation
 * group with the controls' accessible names (`pageN`, `pageControl`).
 */
export function ListPagination({ page, pages, onChange, labels }: { page: number; pages: number; onChange: (pageParam: string | undefined) => void; labels: 'changes' | 'compare' }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <Group justify="center">
      <Pagination
        total={pages}
        value={Math.min(page, pages)}
        onChange={(n) => onChange(n === 1 ? undefined : String(n))}
        getControlProps={(control) => ({ 'aria-label': t(`${labels}.pageControl.${control}`) })}
        getItemProps={(n) => ({ 'aria-label': t(`${labels}.pageN`, { n }) })}
      />
    </Group>
  );
}
