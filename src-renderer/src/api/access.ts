import { useSyncExternalStore } from 'react';

/**
 * Whether this device lost its access to the workshop while in use: the coordinator revoked it (its event stream says
 * so, or its next call is refused), or the server no longer knows its key (another catalogue at the same address).
 */
export type AccessLost = 'revoked' | 'unknown' | null;

let lost: AccessLost = null;
const listeners = new Set<() => void>();

export function markAccessLost(why: Exclude<AccessLost, null>): void {
  if (lost === why) return;
  lost = why;
  listeners.forEach((listener) => listener());
}

export const accessLost = (): AccessLost => lost;

export function useAccessLost(): AccessLost {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => lost,
  );
}
