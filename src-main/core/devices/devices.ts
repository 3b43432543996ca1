/**
 * The devices joined to the catalogue's workshop (schema 4): who may reach this installation over the network, with a
 * hash of each device's token. Not operations: access to this copy of the catalogue is not part of its history (see
 * 0004-devices.sql). Ids, token hashes and times come from the caller (the workshop server), as in the rest of the core.
 */
import type { Device, DeviceRole } from '../../contract';
import type { Catalogue } from '../catalogue';

/** A device as the server checks a request: what its token opens. */
export interface DeviceGrant {
  id: string;
  name: string;
  role: DeviceRole;
  personId: string | null;
  personName: string | null;
  revoked: boolean;
}

interface GrantRow {
  id: string;
  name: string;
  role: DeviceRole;
  person_id: string | null;
  person_name: string | null;
  revoked_at: string | null;
}

const toGrant = (row: GrantRow): DeviceGrant => ({
  id: row.id,
  name: row.name,
  role: row.role,
  personId: row.person_id,
  personName: row.person_name,
  revoked: row.revoked_at !== null,
});

const GRANT = `SELECT d.id, d.name, d.role, d.person_id, p.name AS person_name, d.revoked_at FROM devices d LEFT JOIN people p ON p.id = d.person_id`;

export interface NewDevice {
  id: string;
  name: string;
  role: DeviceRole;
  personId: string;
  tokenHash: string;
  at: string;
}

export function addDevice(catalogue: Catalogue, device: NewDevice): DeviceGrant {
  catalogue.db
    .prepare('INSERT INTO devices (id, name, role, person_id, token_hash, joined_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(device.id, device.name, device.role, device.personId, device.tokenHash, device.at, device.at);
  return deviceById(catalogue, device.id)!;
}

/** The device whose token has this hash, revoked or not; undefined when no device has it. */
export function deviceByTokenHash(catalogue: Catalogue, tokenHash: string): DeviceGrant | undefined {
  const row = catalogue.db.prepare(`${GRANT} WHERE d.token_hash = ?`).get(tokenHash) as GrantRow | undefined;
  return row && toGrant(row);
}

export function deviceById(catalogue: Catalogue, id: string): DeviceGrant | undefined {
  const row = catalogue.db.prepare(`${GRANT} WHERE d.id = ?`).get(id) as GrantRow | undefined;
  return row && toGrant(row);
}

/** Revokes a device; false when it was revoked already. Throws nothing for an unknown id: the caller checks first. */
export function revokeDevice(catalogue: Catalogue, id: string, at: string, byPersonId: string | null): boolean {
  return catalogue.db.prepare('UPDATE devices SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL').run(at, byPersonId, id).changes > 0;
}

/** Records when devices were last seen (kept in memory by the server between writes), in one transaction. */
export function recordLastSeen(catalogue: Catalogue, seen: ReadonlyMap<string, string>): void {
  if (seen.size === 0) return;
  const update = catalogue.db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)');
  catalogue.db.transaction(() => {
    for (const [id, at] of seen) update.run(at, id, at);
  })();
}

/** Every device that joined, the most recently joined first, with the number of operations recorded from each. */
export function listDevices(catalogue: Catalogue): Device[] {
  const rows = catalogue.db
    .prepare(
      `SELECT d.id, d.name, d.role, d.person_id, p.name AS person_name, d.joined_at, d.last_seen_at, d.revoked_at,
              (SELECT count(*) FROM ops o WHERE o.device_id = d.id) AS changes
       FROM devices d LEFT JOIN people p ON p.id = d.person_id
       ORDER BY d.revoked_at IS NOT NULL, d.joined_at DESC, d.id`,
    )
    .all() as (GrantRow & { joined_at: string; last_seen_at: string | null; changes: number })[];
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    personId: row.person_id,
    personName: row.person_name,
    joinedAt: row.joined_at,
    lastSeenAt: row.last_seen_at,
    changes: row.changes,
    revokedAt: row.revoked_at,
  }));
}
