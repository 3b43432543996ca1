import type { Milestone } from '@contract';
import { useTranslation } from 'react-i18next';
import { useMutationProc } from '../../api/hooks';
import { notifyError, notifySuccess } from '../../lib/notify';
import { AFTER_NAME } from './milestones';

/** Marks the end of the reorganization, now: the After milestone. */
export function useMarkAfter(onDone?: (m: Milestone) => void) {
  const { t } = useTranslation();
  const create = useMutationProc('milestones.create', {
    onSuccess: (m) => {
      notifySuccess(t('milestones.afterMarked'));
      onDone?.(m);
    },
    onError: (error) => notifyError(t, error),
  });
  return { isPending: create.isPending, mutate: () => create.mutate({ name: AFTER_NAME, kind: 'after' }) };
}
