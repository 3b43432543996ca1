import type { Translatable } from '@contract';
import type { TFunction } from 'i18next';

/** A message from the server in the reader's language, by its key; the server's English for a key this app does not know. */
export function serverMessage(t: TFunction, { message, key, params }: Translatable): string {
  return key ? t(`serverErrors.${key}`, { ...params, defaultValue: message }) : message;
}
