import { useSyncExternalStore } from 'react';

/**
 * Which tree nodes the user opened or closed, kept on this device so the tree looks the same after a reload,
 * and which location was last asked to be revealed (the tree scrolls to it). Other parts of the UI reveal
 * locations too: a sublocation just created, the parent of generated units, a location opened from a link.
 */
const KEY = 'storeroom.tree.open';
const MAX_REMEMBERED = 5000;

interface TreeState {
  /** true: open, false: closed; absent: the default for its type. */
  open: ReadonlyMap<string, boolean>;
  /** The location the tree should scroll to, and a counter so the same one can be asked for twice. */
  reveal: { id: string; seq: number } | null;
}

function read(): Map<string, boolean> {
  try {
    const raw = localStorage.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (parsed && typeof parsed === 'object') {
      return new Map(Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, boolean] => typeof e[1] === 'boolean'));
    }
  } catch {
    // Unreadable storage: start from the defaults.
  }
  return new Map();
}

let state: TreeState = { open: read(), reveal: null };
const listeners = new Set<() => void>();

function commit(next: TreeState): void {
  state = next;
  try {
    // Keep the newest entries only, so the stored list cannot grow without bound.
    const entries = [...next.open].slice(-MAX_REMEMBERED);
    localStorage.setItem(KEY, JSON.stringify(Object.fromEntries(entries)));
  } catch {
    // Storage full or unavailable: the choice lasts for this page only.
  }
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useTreeState(): TreeState {
  return useSyncExternalStore(subscribe, () => state);
}

export function setOpen(id: string, open: boolean): void {
  const next = new Map(state.open);
  next.delete(id);
  next.set(id, open);
  commit({ ...state, open: next });
}

/** Opens every ancestor of a location and asks the tree to scroll to it. */
export function revealInTree(id: string, ancestorIds: readonly string[], openItself = false): void {
  const next = new Map(state.open);
  for (const ancestor of openItself ? [...ancestorIds, id] : ancestorIds) {
    next.delete(ancestor);
    next.set(ancestor, true);
  }
  commit({ open: next, reveal: { id, seq: (state.reveal?.seq ?? 0) + 1 } });
}
