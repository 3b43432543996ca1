import type { Milestone } from '@contract';
import type { TFunction } from 'i18next';
import { useQueryProc } from '../../api/hooks';

/** The name the core gives the Before milestone, and the one this app gives After: shown in the reader's language. */
const DEFAULT_NAMES = { before: 'Before', after: 'After' } as const;
export const AFTER_NAME = DEFAULT_NAMES.after;

/** A milestone's name as the reader sees it: Before and After in their language unless the team renamed them. */
export function milestoneLabel(t: TFunction, m: Pick<Milestone, 'name' | 'kind'>): string {
  if (m.kind === 'before' && m.name === DEFAULT_NAMES.before) return t('milestones.before');
  if (m.kind === 'after' && m.name === DEFAULT_NAMES.after) return t('milestones.after');
  return m.name;
}

/** The catalogue's milestones in time order, with Before and After picked out. */
export function useMilestones() {
  const query = useQueryProc('milestones.list', {});
  const list = query.data?.milestones ?? [];
  return { query, list, before: list.find((m) => m.kind === 'before'), after: list.find((m) => m.kind === 'after') };
}

/**
 * The two milestones a comparison is between, from the URL's ids: by default Before and After.
 * When there is no After (or `to` is "now"), `to` is null: compare with the catalogue as it is now.
 */
export function resolvePair(list: Milestone[], fromId: string | null, toId: string | null): { from: Milestone | undefined; to: Milestone | null } {
  const before = list.find((m) => m.kind === 'before') ?? list[0];
  const after = list.find((m) => m.kind === 'after');
  const from = list.find((m) => m.id === fromId) ?? before;
  if (toId === 'now') return { from, to: null };
  const to = list.find((m) => m.id === toId && m.id !== from?.id) ?? (after && after.id !== from?.id ? after : null);
  return { from, to };
}

/** The photo role that goes with a milestone. */
export const roleFor = (m: Pick<Milestone, 'kind'>) => (m.kind === 'after' ? 'after' : m.kind === 'before' ? 'before' : 'general');
