import type { TreeLocation } from '@contract';
import { LOCATION_TYPES } from '@contract';
import type { TFunction } from 'i18next';

/** The location and everything below it, in a depth-first list. */
export function subtreeIds(locations: TreeLocation[], id: string): Set<string> {
  const ids = new Set<string>();
  const start = locations.findIndex((l) => l.id === id);
  const root = locations[start];
  if (!root) return ids;
  ids.add(id);
  for (const location of locations.slice(start + 1)) {
    if (location.depth <= root.depth) break;
    ids.add(location.id);
  }
  return ids;
}

const builtInTypes: readonly string[] = LOCATION_TYPES;

/** A built-in type in the reader's language; a catalogue's own word as it was typed. */
export function typeLabel(t: TFunction, type: string): string {
  return builtInTypes.includes(type) ? t(`locationTypes.${type}`) : type;
}

/** Turns what was typed back into a built-in type when it names one, in any case. */
export function typeFromLabel(t: TFunction, label: string): string {
  const typed = label.trim().toLowerCase();
  const match = LOCATION_TYPES.find((type) => type === typed || t(`locationTypes.${type}`).toLowerCase() === typed);
  return match ?? label.trim();
}

export function locationLabel(location: Pick<TreeLocation, 'code' | 'name'>): string {
  return `${location.code} — ${location.name}`;
}
