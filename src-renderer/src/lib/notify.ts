import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/errors';
import { serverMessage } from './serverMessages';

/** The translated title for an error, with the server's message, in the reader's language when the app knows it, as the detail. */
export function describeError(t: TFunction, error: unknown): { title: string; detail: string } {
  if (error instanceof ApiError) {
    return { title: t(`errors.${error.code}`), detail: error.code === 'NETWORK' ? t('errors.networkDetail') : serverMessage(t, error) };
  }
  return { title: t('errors.INTERNAL'), detail: error instanceof Error ? error.message : String(error) };
}

export function notifyError(t: TFunction, error: unknown): void {
  const { title, detail } = describeError(t, error);
  notifications.show({ color: 'red', title, message: detail, autoClose: 8000 });
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 3000 });
}
