import { procedures, type ProcedureName } from './procedures';
import type { DeviceRole } from './workshop';

/**
 * Who may call a procedure:
 * - `anyone`: a client that has not joined yet (a join code is its credential) or any other;
 * - `member`: every workshop device, for reading and for the catalogue work (objects, photos, moves, condition
 *   checks, undoing its own batches, and an evacuation's packing, loading and receiving);
 * - `coordinator`: settings, vocabularies, locations, people, imports, exports, labels, milestones, merges and the
 *   workshop's devices;
 * - `host`: the catalogue's own app or command line, never over the network (opening and closing the workshop).
 */
export type Access = 'anyone' | 'member' | 'coordinator' | 'host';

/** The writes a member's device may make: the catalogue work of a workshop. Every other write is the coordinator's. */
const MEMBER_WRITES: ReadonlySet<ProcedureName> = new Set<ProcedureName>([
  'objects.create',
  'objects.update',
  'objects.bulkUpdate',
  'objects.checkCondition',
  'moves.create',
  'moves.scan',
  'moves.undo',
  'moves.returnToNormal',
  'photos.import',
  'photos.attach',
  'photos.updateLink',
  'photos.detach',
  'viewpoints.setPhoto',
  // An evacuation's team on their phones: boxes made on the spot, packed, loaded, received and placed by scanning.
  'evacuations.createBoxes',
  'evacuations.pack',
  'evacuations.load',
  'evacuations.receive',
  'evacuations.place',
  'evacuations.putBack',
  'jobs.cancel',
]);

const SPECIAL: Partial<Record<ProcedureName, Access>> = {
  'devices.current': 'anyone',
  'devices.joinInfo': 'anyone',
  'devices.join': 'anyone',
  'devices.list': 'coordinator',
  'devices.revoke': 'coordinator',
  'workshop.status': 'coordinator',
  'workshop.open': 'host',
  'workshop.close': 'host',
  'workshop.peerCode': 'host',
  // The other laptop is reached from this one's own app: not a thing to ask of it over the network.
  'sync.withPeer': 'host',
  // Jobs that read a spreadsheet or write a file: the coordinator's, though they change nothing in the catalogue.
  'imports.inspect': 'coordinator',
  'imports.preview': 'coordinator',
  'exports.create': 'coordinator',
  'labels.create': 'coordinator',
};

export function accessOf(name: ProcedureName): Access {
  const special = SPECIAL[name];
  if (special) return special;
  if (procedures[name].kind === 'query') return 'member';
  return MEMBER_WRITES.has(name) ? 'member' : 'coordinator';
}

/** Who is calling, as the transport established it: its role, and whether it came over the network. */
export interface Caller {
  role: DeviceRole;
  remote: boolean;
}

/**
 * Whether a caller may call a procedure. Roles are checked on calls from the network; the process that holds the
 * catalogue (its window, its command line, the workshop acting for a joining device) may call anything.
 */
export function mayCall(name: ProcedureName, caller: Caller): boolean {
  if (!caller.remote) return true;
  switch (accessOf(name)) {
    case 'anyone':
    case 'member':
      return true;
    case 'coordinator':
      return caller.role === 'coordinator';
    case 'host':
      return !caller.remote;
  }
}
