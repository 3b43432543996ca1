import type { TreeLocation } from '@contract';

/** Types at room level or below: the tree opens at most down to the rooms until the user opens more. */
const ROOM_AND_BELOW = new Set(['room', 'unit', 'shelf', 'drawer', 'box', 'tray']);

/**
 * Indexes over the depth-first list that `locations.tree` returns. Built once per tree, so every lookup
 * the tree, the forms and the pages need is O(1) or O(depth), even with tens of thousands of locations.
 */
export interface TreeModel {
  locations: TreeLocation[];
  byId: Map<string, TreeLocation>;
  indexOf: Map<string, number>;
  /** Direct children, by index into `locations`. */
  children: number[][];
  /** Archived, or inside an archived location: offered nowhere. */
  hidden: boolean[];
  /** Open unless the user says otherwise. */
  openByDefault: boolean[];
}

export function buildTreeModel(locations: TreeLocation[]): TreeModel {
  const byId = new Map<string, TreeLocation>();
  const indexOf = new Map<string, number>();
  const children: number[][] = locations.map(() => []);
  const hidden: boolean[] = new Array<boolean>(locations.length).fill(false);
  const openByDefault: boolean[] = new Array<boolean>(locations.length).fill(false);
  const belowRoom: boolean[] = new Array<boolean>(locations.length).fill(false);
  locations.forEach((location, i) => {
    byId.set(location.id, location);
    indexOf.set(location.id, i);
    const parent = location.parentId === null ? undefined : indexOf.get(location.parentId);
    if (parent !== undefined) children[parent]!.push(i);
    const parentHidden = parent !== undefined && hidden[parent]!;
    hidden[i] = location.archived || parentHidden;
    const roomish = ROOM_AND_BELOW.has(location.type.toLowerCase());
    belowRoom[i] = parent !== undefined && (belowRoom[parent]! || ROOM_AND_BELOW.has(locations[parent]!.type.toLowerCase()));
    openByDefault[i] = !roomish && !belowRoom[i];
  });
  return { locations, byId, indexOf, children, hidden, openByDefault };
}

/** Ids from the root down to the location's parent. */
export function ancestorIds(model: TreeModel, id: string | null): string[] {
  const ids: string[] = [];
  let current = id === null ? undefined : model.byId.get(id);
  while (current?.parentId) {
    ids.unshift(current.parentId);
    current = model.byId.get(current.parentId);
  }
  return ids;
}

/** The ancestors themselves, root first. */
export function ancestorsOf(model: TreeModel, id: string): TreeLocation[] {
  return ancestorIds(model, id).map((a) => model.byId.get(a)!);
}

/** The location and everything below it. */
export function subtreeOf(model: TreeModel, id: string): Set<string> {
  const ids = new Set<string>();
  const start = model.indexOf.get(id);
  if (start === undefined) return ids;
  const depth = model.locations[start]!.depth;
  ids.add(id);
  for (let i = start + 1; i < model.locations.length && model.locations[i]!.depth > depth; i++) ids.add(model.locations[i]!.id);
  return ids;
}

export function siblingsOf(model: TreeModel, location: TreeLocation): TreeLocation[] {
  if (location.parentId === null) return model.locations.filter((l) => l.parentId === null);
  const parent = model.indexOf.get(location.parentId);
  return parent === undefined ? [] : model.children[parent]!.map((i) => model.locations[i]!);
}

/**
 * The sibling a location would swap places with when moved up (-1) or down (+1), skipping archived ones
 * unless the location is archived itself (they are hidden unless the user asks to see them).
 */
export function neighbour(model: TreeModel, location: TreeLocation, direction: -1 | 1): TreeLocation | undefined {
  const siblings = siblingsOf(model, location);
  const at = siblings.findIndex((s) => s.id === location.id);
  for (let i = at + direction; i >= 0 && i < siblings.length; i += direction) {
    const candidate = siblings[i]!;
    if (!candidate.archived || location.archived) return candidate;
  }
  return undefined;
}

/**
 * The `position` updates that put `location` just past `target` among its siblings, changing as few rows as
 * possible: swapping two distinct positions when that keeps the order, otherwise numbering them all again.
 */
export function reorderUpdates(model: TreeModel, location: TreeLocation, target: TreeLocation): { id: string; position: number }[] {
  const siblings = siblingsOf(model, location);
  const order = siblings.filter((s) => s.id !== location.id);
  const targetAt = order.findIndex((s) => s.id === target.id);
  const movingUp = siblings.findIndex((s) => s.id === location.id) > siblings.findIndex((s) => s.id === target.id);
  order.splice(movingUp ? targetAt : targetAt + 1, 0, location);
  const positions = siblings.map((s) => s.position).sort((a, b) => a - b);
  const distinct = new Set(positions).size === positions.length;
  const wanted = order.map((s, k) => ({ id: s.id, position: distinct ? positions[k]! : k, was: s.position }));
  return wanted.filter((w) => w.position !== w.was).map(({ id, position }) => ({ id, position }));
}

/** True when nothing is in the location and nothing is below it, so deleting it may be offered. */
export function looksUnused(model: TreeModel, location: TreeLocation): boolean {
  const i = model.indexOf.get(location.id);
  return location.subtreeObjectCount === 0 && (i === undefined || model.children[i]!.length === 0);
}

const cache = new WeakMap<TreeLocation[], TreeModel>();

/** One model per fetched tree, shared by every component that reads it. */
export function treeModelOf(locations: TreeLocation[]): TreeModel {
  let model = cache.get(locations);
  if (!model) {
    model = buildTreeModel(locations);
    cache.set(locations, model);
  }
  return model;
}
