/** The native menu, as a template built from plain data (unit tested; only Electron's types are imported). */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuLabels } from './menu-labels';

export interface MenuActions {
  openCatalogue(): void;
  newCatalogue(): void;
  revealCatalogue(): void;
  takeFieldCopy(): void;
  mergeFromBundle(): void;
  mergeFromFolder(): void;
  syncWithWorkshop(): void;
  openWorkshop(): void;
  about(): void;
  reOrgMethod(): void;
}

export function menuTemplate(labels: MenuLabels, actions: MenuActions, options: { isPackaged: boolean; platform: NodeJS.Platform }): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: labels.about, click: () => actions.about() };
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({ label: 'Storeroom', submenu: [about, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { label: labels.quit, role: 'quit' }] });
  }
  template.push(
    {
      label: labels.file,
      submenu: [
        { label: labels.openCatalogue, accelerator: 'CmdOrCtrl+O', click: () => actions.openCatalogue() },
        { label: labels.newCatalogue, accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.newCatalogue() },
        { type: 'separator' },
        { label: labels.takeFieldCopy, click: () => actions.takeFieldCopy() },
        {
          label: labels.mergeFrom,
          submenu: [
            { label: labels.mergeFromBundle, click: () => actions.mergeFromBundle() },
            { label: labels.mergeFromFolder, click: () => actions.mergeFromFolder() },
          ],
        },
        { label: labels.syncWithWorkshop, click: () => actions.syncWithWorkshop() },
        { type: 'separator' },
        { label: labels.revealCatalogue, click: () => actions.revealCatalogue() },
        { type: 'separator' },
        { label: labels.openWorkshop, click: () => actions.openWorkshop() },
        ...(isMac ? [] : ([{ type: 'separator' }, { label: labels.quit, role: 'quit' }] as MenuItemConstructorOptions[])),
      ],
    },
    {
      label: labels.edit,
      submenu: [
        { label: labels.undo, role: 'undo' },
        { label: labels.redo, role: 'redo' },
        { type: 'separator' },
        { label: labels.cut, role: 'cut' },
        { label: labels.copy, role: 'copy' },
        { label: labels.paste, role: 'paste' },
        { label: labels.selectAll, role: 'selectAll' },
      ],
    },
    {
      label: labels.view,
      submenu: [
        { label: labels.reload, role: 'reload' },
        ...(options.isPackaged ? [] : ([{ label: labels.devTools, role: 'toggleDevTools' }] as MenuItemConstructorOptions[])),
        { type: 'separator' },
        { label: labels.actualSize, role: 'resetZoom' },
        { label: labels.zoomIn, role: 'zoomIn' },
        { label: labels.zoomOut, role: 'zoomOut' },
        { type: 'separator' },
        { label: labels.fullScreen, role: 'togglefullscreen' },
      ],
    },
    {
      label: labels.window,
      submenu: [{ label: labels.minimize, role: 'minimize' }, { label: labels.close, role: 'close' }],
    },
    {
      label: labels.help,
      role: 'help',
      submenu: [...(isMac ? [] : [about]), { label: labels.reOrgMethod, click: () => actions.reOrgMethod() }],
    },
  );
  return template;
}
