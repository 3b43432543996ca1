import { useQueryProc } from '../../api/hooks';

/** How many conflicts wait for a decision (0 while unknown). */
export function useOpenConflicts(): number {
  const list = useQueryProc('conflicts.list', { open: true });
  return list.data?.open ?? 0;
}
