/**
 * The native file dialogs the window may ask for (DIALOG_PROCEDURE), as plain data: which requests are valid, and the
 * options of each dialog. No Electron import beyond types, so it is unit tested; main.ts shows them.
 */
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { basename, extname, join } from 'node:path';
import { DESKTOP_DIALOGS, type DialogChoice, type DialogRequest } from '../contract/transport';
import type { MenuLabels } from './menu-labels';

export const BUNDLE_EXTENSION = 'storeroom-sync';

/** A name the window proposes for a file or folder: one path segment, no characters a file system refuses. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/^[.\s]+/, '').trim().slice(0, 200);
}

/** The window's request, checked: a known dialog and, optionally, a proposed name. Anything else is null. */
export function parseDialogRequest(input: unknown): DialogRequest | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return null;
  const { dialog, defaultName, ...rest } = input as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return null;
  if (typeof dialog !== 'string' || !(DESKTOP_DIALOGS as readonly string[]).includes(dialog)) return null;
  if (defaultName !== undefined && (typeof defaultName !== 'string' || defaultName.length > 255)) return null;
  const name = typeof defaultName === 'string' ? safeFileName(defaultName) : '';
  return { dialog: dialog as DialogRequest['dialog'], ...(name ? { defaultName: name } : {}) };
}

export type DialogSpec = { kind: 'open'; options: OpenDialogOptions } | { kind: 'save'; options: SaveDialogOptions };

/**
 * The dialog for a request. `startIn` is the folder it opens in (the catalogue's parent, or the documents folder);
 * `catalogueName` names a field copy's folder when the window proposes no name.
 */
export function dialogSpec(labels: MenuLabels, request: DialogRequest, context: { startIn: string; catalogueName: string }): DialogSpec {
  switch (request.dialog) {
    case 'syncBundle':
      return {
        kind: 'open',
        options: {
          title: labels.chooseBundleTitle,
          buttonLabel: labels.chooseButton,
          defaultPath: context.startIn,
          properties: ['openFile'],
          filters: [
            { name: labels.syncBundles, extensions: [BUNDLE_EXTENSION] },
            { name: labels.allFiles, extensions: ['*'] },
          ],
        },
      };
    case 'syncFolder':
      return { kind: 'open', options: { title: labels.chooseCopyFolderTitle, buttonLabel: labels.chooseButton, defaultPath: context.startIn, properties: ['openDirectory'] } };
    case 'saveBundle':
      return {
        kind: 'save',
        options: {
          title: labels.saveBundleTitle,
          buttonLabel: labels.saveButton,
          defaultPath: join(context.startIn, withBundleExtension(request.defaultName || `${safeFileName(context.catalogueName) || 'Storeroom'}.${BUNDLE_EXTENSION}`)),
          filters: [{ name: labels.syncBundles, extensions: [BUNDLE_EXTENSION] }],
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        },
      };
    case 'fieldCopyFolder':
      return {
        kind: 'save',
        options: {
          title: labels.fieldCopyTitle,
          buttonLabel: labels.fieldCopyButton,
          defaultPath: join(context.startIn, request.defaultName || `${safeFileName(context.catalogueName) || 'Storeroom'} – ${labels.fieldCopyName}`),
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        },
      };
  }
}

/** A bundle's file name always ends in .storeroom-sync, so that it opens in Storeroom. */
export function withBundleExtension(path: string): string {
  return extname(path).toLowerCase() === `.${BUNDLE_EXTENSION}` ? path : `${path}.${BUNDLE_EXTENSION}`;
}

/** What the user chose in a dialog, as the window receives it; null when cancelled. */
export function dialogChoice(request: DialogRequest, result: { canceled: boolean; filePaths?: string[]; filePath?: string }): DialogChoice | null {
  const path = result.filePath ?? result.filePaths?.[0];
  if (result.canceled || !path) return null;
  const chosen = request.dialog === 'saveBundle' ? withBundleExtension(path) : path;
  return { path: chosen, name: basename(chosen) };
}
