import { z } from 'zod';
import { id, timestamp } from './values';

/**
 * The workshop: the catalogue opened to the devices of a team on the local network. Each device joins with a one-time
 * code, names the person using it, and gets a token of its own; the server then attributes its changes to that person.
 */

/** A coordinator runs the workshop (settings, imports, exports, milestones, devices); a member does the catalogue work. */
export const DEVICE_ROLES = ['coordinator', 'member'] as const;
export const deviceRole = z.enum(DEVICE_ROLES);
export type DeviceRole = z.infer<typeof deviceRole>;

/** The letters of a join code: Crockford's base 32, without I, L, O or U, so that it is read and typed without doubt. */
export const JOIN_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const JOIN_CODE_LENGTH = 10;
/** How long a join code can be used, once. */
export const JOIN_CODE_MINUTES = 10;

/** A join code as typed: letter case, spaces and dashes do not matter ("k7qx-2m9p rt" is K7QX2M9PRT). */
export const joinCode = z
  .string()
  .max(40)
  .transform((value) => value.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`), `must be the ${JOIN_CODE_LENGTH} letters and digits shown by the coordinator`));

/** A join code as people read it: two groups of five. */
export const formatJoinCode = (code: string): string => `${code.slice(0, 5)}-${code.slice(5)}`;

/** The URL fragment that carries a join code: never a query string, so that no server or proxy log sees it. */
export const JOIN_FRAGMENT = 'join=';

const deviceName = z.string().trim().min(1).max(60);
const personName = z.string().trim().min(1).max(120);

export const joinInput = z
  .strictObject({
    code: joinCode,
    /** Join as a person already in the catalogue... */
    personId: id.optional(),
    /** ...or as a new one, by name. */
    personName: personName.optional(),
    deviceName,
  })
  .refine((input) => (input.personId === undefined) !== (input.personName === undefined), {
    message: 'give either personId or personName',
    path: ['personId'],
  });

export const joinedDevice = z.object({
  id,
  name: z.string(),
  role: deviceRole,
});

export const joinResult = z.object({
  device: joinedDevice,
  person: z.object({ id, name: z.string() }),
});

export const joinInfo = z.object({
  catalogueName: z.string(),
  catalogueId: z.string().describe('the catalogue’s identity, the same in its every copy'),
  role: deviceRole.describe('the role the code gives'),
  expiresAt: timestamp,
  people: z.array(z.object({ id, name: z.string() })).describe('who is already in the catalogue, to choose from'),
});

/** A device as the coordinator sees it in the workshop's list. */
export const device = z.object({
  id,
  name: z.string(),
  role: deviceRole,
  personId: id.nullable(),
  personName: z.string().nullable(),
  joinedAt: timestamp,
  lastSeenAt: timestamp.nullable(),
  changes: z.number().int().describe('operations recorded from this device'),
  revokedAt: timestamp.nullable(),
});
export type Device = z.infer<typeof device>;

/**
 * Who a client is: the desktop app, the command line or a browser with the server's own token are the catalogue's
 * host (a coordinator choosing who is at the keyboard); a workshop device works as the person it joined as.
 */
export const currentClient = z.object({
  catalogueId: z.string().describe('the catalogue’s identity, the same in its every copy'),
  role: deviceRole,
  device: joinedDevice.nullable().describe('the workshop device making the call, or null for the catalogue’s own app'),
  person: z.object({ id, name: z.string() }).nullable().describe('a workshop device’s person; the host chooses its person itself'),
  workshop: z
    .object({ https: z.boolean() })
    .nullable()
    .describe('how this client reaches the workshop, when it does so over the network'),
});
export type CurrentClient = z.infer<typeof currentClient>;

/** A QR code as a matrix of modules: `modules` is a string of 0 and 1, row after row. */
export const qrMatrix = z.object({ size: z.number().int(), modules: z.string() });
export type QrMatrix = z.infer<typeof qrMatrix>;

/** One address at which devices reach the workshop, with the QR code of its join link. */
export const workshopAddress = z.object({
  url: z.string().describe('the address to type, without the join code'),
  joinUrl: z.string().describe('the address with the join code in its fragment'),
  interface: z.string().describe('the network interface it belongs to (Wi-Fi, Ethernet, ...)'),
  qr: qrMatrix,
});
export type WorkshopAddress = z.infer<typeof workshopAddress>;

export const workshopStatus = z.object({
  open: z.boolean(),
  https: z.boolean(),
  port: z.number().int().nullable(),
  addresses: z.array(workshopAddress).describe('the first is the likeliest; empty when this computer has no network'),
  code: z.object({ value: z.string(), expiresAt: timestamp }).nullable().describe('the one-time join code for the next member device'),
  fingerprint: z.string().nullable().describe('the SHA-256 fingerprint of the certificate, as a phone shows it'),
  /** The devices connected right now (with an open event stream). */
  connected: z.number().int(),
});
export type WorkshopStatus = z.infer<typeof workshopStatus>;

export const workshopOpen = z.strictObject({
  insecureHttp: z.boolean().optional().describe('plain HTTP, for a network that blocks the certificate: phones lose the camera'),
  port: z.number().int().min(0).max(65535).optional().describe('the port to listen on (0: any free one); by default 5190, or the next free one'),
});

/** A join code for another laptop with a copy of the catalogue, to sync with it directly. */
export const peerCode = z.object({
  code: z.object({ value: z.string(), expiresAt: timestamp }),
  link: z.string().describe('the workshop’s address with the code and the certificate’s fingerprint in its fragment, to paste on the other laptop'),
  fingerprint: z.string().describe('the SHA-256 fingerprint of the certificate, to compare on the other laptop'),
});

/** The URL fragment's field for a certificate's fingerprint, in a link for a laptop (after the join code). */
export const FINGERPRINT_FRAGMENT = 'fingerprint=';
