import { childPath, effectiveRole, INHERITING_ROLE, isRoom, isUnit, ROOM_TYPE, type LocationRole } from '../../contract';

export { childPath, effectiveRole, isRoom, isUnit, PATH_SEPARATOR } from '../../contract';

/**
 * The location model in the core: the contract's rules (contract/location-model.ts), and the SQL built from them.
 */

/** The same rule in SQL, for a column `role` and the parent's `parentRole`. */
const effectiveRoleSql = (role: string, parentRole: string) => `CASE WHEN ${role} = '${INHERITING_ROLE}' THEN ${parentRole} ELSE ${role} END`;

/** The same tests in SQL, for a column holding a type. */
export const isRoomSql = (column: string) => `lower(${column}) = '${ROOM_TYPE}'`;

/**
 * Named CTEs for WITH RECURSIVE: the live subtree under @root, and each live location's role as it counts.
 * `+l.removed` is not a typo: it keeps SQLite from building an index on `removed` (yes or no) at every step, which
 * took 145 ms a query with 20,000 locations, rather than walking down by the parent index (under 2 ms).
 */
export const SUBTREE = `subtree (id) AS (
  SELECT id FROM locations WHERE id = @root
  UNION ALL SELECT l.id FROM locations l JOIN subtree ON l.parent_id = subtree.id WHERE +l.removed = 0)`;
export const EFFECTIVE_ROLES = `effective_roles (id, role) AS (
  SELECT id, role FROM locations WHERE parent_id IS NULL AND removed = 0
  UNION ALL SELECT l.id, ${effectiveRoleSql('l.role', 'e.role')}
  FROM locations l JOIN effective_roles e ON l.parent_id = e.id WHERE +l.removed = 0)`;

/** What a location's place in the tree makes of it: its path, its room, its role as it counts, the units it is in. */
export interface Placement {
  path: string;
  roomId: string | null;
  role: LocationRole;
  /** The units it is in (itself included), from the outermost. */
  units: string[];
}

/** A location's placement, from its own row and its parent's placement. */
export function placement(row: { id: string; name: string; type: string; role: LocationRole }, parent: Placement | null): Placement {
  return {
    path: childPath(parent?.path ?? null, row.name),
    roomId: isRoom(row.type) ? row.id : (parent?.roomId ?? null),
    role: effectiveRole(row.role, parent?.role ?? null),
    units: isUnit(row.type) ? [...(parent?.units ?? []), row.id] : (parent?.units ?? []),
  };
}
