import type { TFunction } from 'i18next';

/** What merging warns about: a device whose clock runs ahead (`clockAhead:<device code>:<time>`), or something this app does not know yet. */
export type SyncWarning = { kind: 'clockAhead'; device: string; at: string } | { kind: 'other'; text: string };

export function parseWarning(warning: string): SyncWarning {
  const match = /^clockAhead:([^:]+):(.+)$/.exec(warning);
  return match && !Number.isNaN(Date.parse(match[2]!)) ? { kind: 'clockAhead', device: match[1]!, at: match[2]! } : { kind: 'other', text: warning };
}

/** A warning in the reader's words, naming the device and its time. */
export function warningText(t: TFunction, warning: string, dateTime: (iso: string) => string): string {
  const parsed = parseWarning(warning);
  return parsed.kind === 'clockAhead' ? t('sync.warnings.clockAhead', { device: parsed.device, time: dateTime(parsed.at) }) : parsed.text;
}

/**
 * A device as a reader can tell it apart when only its id is known: the end of its id, which differs between devices
 * (the start is the time it was made).
 */
export const shortDeviceId = (id: string): string => id.replaceAll('-', '').slice(-6).toUpperCase();

/** A file or folder's own name, from a path on any system. */
export const baseName = (path: string): string => path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
