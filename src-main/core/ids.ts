import { v7 } from 'uuid';

/** Time-ordered ids (UUIDv7), so that insertion order and id order agree. */
export const newId = (): string => v7();
export const nowIso = (): string => new Date().toISOString();
