import type { LocationRole } from './schemas';

/**
 * The location model's rules, shared by the core and the renderer: what a location's place in the tree means. The
 * core builds its SQL from these (core/locations/model.ts).
 */

/** Between the names of a path: "Room 2 > Unit A > Shelf 3". */
export const PATH_SEPARATOR = ' > ';

/** The path of a location below `parentPath` (null at the top). */
export const childPath = (parentPath: string | null, name: string): string => (parentPath ? parentPath + PATH_SEPARATOR + name : name);

/**
 * The role a location takes from the nearest location above it whose role is not this one: a "permanent" shelf in a
 * holding area is part of the holding area, a box on the floor is on the floor, unless it says otherwise.
 */
export const INHERITING_ROLE: LocationRole = 'permanent';

/** A location's role as it counts: its own, or its parent's when its own is the inheriting one. */
export const effectiveRole = (own: LocationRole, parentRole: LocationRole | null): LocationRole => (own === INHERITING_ROLE ? (parentRole ?? own) : own);

/** The types that make a location a room, or a unit (a cabinet, shelving, a rack, a plan chest): RE-ORG counts by them. */
export const ROOM_TYPE = 'room';
export const UNIT_TYPE = 'unit';
export const isRoom = (type: string): boolean => type.toLowerCase() === ROOM_TYPE;
export const isUnit = (type: string): boolean => type.toLowerCase() === UNIT_TYPE;
