import { DIALOG_PROCEDURE, type DialogChoice, type DialogRequest, type MenuCommand } from '@contract';
import { useEffect } from 'react';
import { ApiError } from './errors';
import { transport } from './client';

/** True in the desktop app: it has native file dialogs, and a catalogue can be written to a path on this computer. */
export const hasNativeDialogs = transport.kind === 'ipc';

/**
 * Asks the desktop app for a native file dialog; resolves with the chosen path and name, or null when the user
 * cancelled. Only in the desktop app (hasNativeDialogs).
 */
export async function chooseWithDialog(request: DialogRequest): Promise<DialogChoice | null> {
  let result;
  try {
    result = await transport.invoke(DIALOG_PROCEDURE, request, {});
  } catch (error) {
    throw new ApiError('NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (!result.ok) throw new ApiError(result.error.code, result.error.message, result.error);
  return result.data as DialogChoice | null;
}

/** Follows the desktop menu's commands (File › Merge Changes From…, File › Take a Field Copy…). */
export function useMenuCommands(onCommand: (command: MenuCommand) => void): void {
  useEffect(
    () =>
      hasNativeDialogs
        ? transport.subscribe((event) => {
            if (event.kind === 'menu') onCommand(event);
          })
        : undefined,
    [onCommand],
  );
}
