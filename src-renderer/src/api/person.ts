import { useSyncExternalStore } from 'react';

/** Who is using this device: chosen once, kept in localStorage, sent with every call. */
const KEY = 'storeroom.personId';
const listeners = new Set<() => void>();

function read(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

let current = read();

export function getPersonId(): string | null {
  return current;
}

export function setPersonId(id: string | null): void {
  current = id;
  try {
    if (id) localStorage.setItem(KEY, id);
    else localStorage.removeItem(KEY);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this page only.
  }
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePersonId(): string | null {
  return useSyncExternalStore(subscribe, getPersonId);
}
