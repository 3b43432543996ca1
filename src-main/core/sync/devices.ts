import type { Database } from 'better-sqlite3';

/**
 * The devices of a catalogue this copy has heard of, by id, with the short codes their numbers carry: its own, and
 * those named by the bundles it applied (each bundle names the devices its sender knows). Local knowledge, for naming
 * who did what: it is not part of the catalogue's history.
 */
export type Devices = Record<string, string>;

const KEY = 'known_devices';

export function knownDevices(db: Database): Devices {
  const meta = db.prepare(`SELECT key, value FROM catalogue_meta WHERE key IN ('device_id', 'device_code', ?)`).all(KEY) as { key: string; value: string }[];
  const get = (key: string) => meta.find((m) => m.key === key)?.value;
  const known = JSON.parse(get(KEY) ?? '{}') as Devices;
  const id = get('device_id');
  const code = get('device_code');
  return id && code ? { ...known, [id]: code } : known;
}

/** Adds what a bundle says of devices to what this copy knows (a device keeps the first code heard for it). */
export function learnDevices(db: Database, devices: Devices | undefined): void {
  if (!devices) return;
  const known = JSON.parse((db.prepare('SELECT value FROM catalogue_meta WHERE key = ?').pluck().get(KEY) as string | undefined) ?? '{}') as Devices;
  let learned = false;
  for (const [id, code] of Object.entries(devices)) {
    if (typeof id !== 'string' || typeof code !== 'string' || !/^[0-9A-Z]{3,4}$/.test(code) || known[id]) continue;
    known[id] = code;
    learned = true;
  }
  if (learned) db.prepare('INSERT INTO catalogue_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(known));
}
