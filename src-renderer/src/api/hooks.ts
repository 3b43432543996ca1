import {
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import { isProcedureName, procedures, QUERY_SUBJECT, type BridgeEvent, type ChangeEvent, type Input, type Output, type ProcedureName, type Topic } from '@contract';
import { useEffect } from 'react';
import { markAccessLost } from './access';
import { call, transport } from './client';
import type { ApiError } from './errors';

/** Query keys are always [procedureName, input]. */
export const queryKey = <P extends ProcedureName>(procedure: P, input: Input<P>) => [procedure, input] as const;

export function useQueryProc<P extends ProcedureName>(
  procedure: P,
  input: Input<P>,
  options?: Omit<UseQueryOptions<Output<P>, ApiError, Output<P>, readonly [P, Input<P>]>, 'queryKey' | 'queryFn'>,
) {
  return useQuery({ queryKey: queryKey(procedure, input), queryFn: () => call(procedure, input), ...options });
}

export function useMutationProc<P extends ProcedureName>(
  procedure: P,
  options?: Omit<UseMutationOptions<Output<P>, ApiError, Input<P>>, 'mutationFn'>,
) {
  const client = useQueryClient();
  return useMutation<Output<P>, ApiError, Input<P>>({
    mutationFn: (input) => call(procedure, input),
    ...options,
    onSuccess: async (...args) => {
      // The change event does this too; doing it here keeps the UI right if the event stream is down.
      // Not awaited: a form closes at once, and the lists refresh behind it.
      void invalidateTopics(client, procedures[procedure].topics);
      await options?.onSuccess?.(...args);
    },
  });
}

/** Refetches every query whose procedure reads one of these topics. */
export function invalidateTopics(client: QueryClient, topics: readonly Topic[]): Promise<void> {
  return client.invalidateQueries({
    predicate: (query) => {
      const name = query.queryKey[0];
      return typeof name === 'string' && isProcedureName(name) && procedures[name].topics.some((topic) => topics.includes(topic));
    },
  });
}

/**
 * Refetches what changes touched: a query about one thing (an object, a location) only when that thing was touched;
 * any other query when a change touched what it reads.
 */
export function invalidateChange(client: QueryClient, events: readonly ChangeEvent[]): Promise<void> {
  const touched = new Set(events.flatMap((event) => event.entities));
  const topics = new Set(events.flatMap((event) => event.topics));
  const truncated = events.some((event) => event.truncated);
  return client.invalidateQueries({
    predicate: (query) => {
      const [name, input] = query.queryKey;
      if (typeof name !== 'string' || !isProcedureName(name)) return false;
      if (!procedures[name].topics.some((topic) => topics.has(topic))) return false;
      const field = QUERY_SUBJECT[name];
      const subject = field && input && typeof input === 'object' ? (input as Record<string, unknown>)[field] : undefined;
      return typeof subject !== 'string' || truncated || touched.has(subject);
    },
  });
}

/**
 * Changes that arrive this close together are refetched for once: a scanner's burst, an import or a workshop's busy
 * minute would otherwise refetch the same queries for each change, each refetch cancelling the one before.
 */
const COALESCE_MS = 250;

/**
 * Listens for changes made anywhere (other windows, other devices) and refreshes what they touch. A client that was
 * away is caught up by its transport, or told to reload everything. `onShow` hears the desktop menu's requests to
 * show a page.
 */
export function useChangeEvents(onShow?: (page: 'workshop') => void): void {
  const client = useQueryClient();
  useEffect(() => {
    let changes: ChangeEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const events = changes;
      changes = [];
      void invalidateChange(client, events);
    };
    const unsubscribe = transport.subscribe((event: BridgeEvent) => {
      if (event.kind === 'change') {
        changes.push(event);
        timer ??= setTimeout(flush, COALESCE_MS);
      } else if (event.kind === 'reload') void client.invalidateQueries();
      else if (event.kind === 'access') void invalidateTopics(client, event.topics);
      else if (event.kind === 'revoked') markAccessLost('revoked');
      else if (event.kind === 'show') onShow?.(event.page);
    });
    return () => {
      unsubscribe();
      // Subscribed again (the page changed): the changes heard meanwhile are refetched for now, not dropped.
      if (timer !== undefined) {
        clearTimeout(timer);
        flush();
      }
    };
  }, [client, onShow]);
}
