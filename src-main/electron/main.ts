/**
 * Storeroom's desktop app, main process: windows, menus and dialogs. The catalogue itself runs in a
 * utility process (core-host.ts), so the window never waits on the database.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type MenuItemConstructorOptions } from 'electron';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AppError,
  DIALOG_PROCEDURE,
  IPC_EVENT,
  IPC_INVOKE,
  LANGUAGE_PROCEDURE,
  MAX_UPLOAD_BYTES,
  UPLOAD_PROCEDURE,
  type DialogChoice,
  type DialogRequest,
  type BridgeEvent,
  type MenuCommand,
} from '../contract';
import { APP_NAME, defaultCatalogueDir } from '../core/paths';
import { APP_VERSION } from '../core/version';
import { handleAppProtocol, registerSchemePrivileges } from './app-protocol';
import { chooseCatalogue, isCatalogueFolder, LAST_CATALOGUE_FILE, readLastCatalogue } from './catalogue-choice';
import { CoreOpenError, startCore, type CoreConnection } from './core-process';
import { dialogChoice, dialogSpec, parseDialogRequest } from './dialogs';
import { createMainWindow } from './main-window';
import { menuLabels } from './menu-labels';
import { menuTemplate } from './menu-template';
import { isAllowedExternalUrl, isAppUrl, isPermissionAllowed, isTrustedSender, RE_ORG_URL, sanitizeMeta } from './security';
import { sqliteBindingPath } from './sqlite-binding';

const here = dirname(fileURLToPath(import.meta.url));
const paths = {
  coreHost: join(here, 'core-host.js'),
  preload: join(here, '../preload/index.cjs'),
  renderer: join(here, '../renderer'),
  icon: join(here, '../../resources/icon.png'),
};

// Before ready: the app's name (so userData is ~/.config/Storeroom etc., as core/paths expects),
// the data folder override used by tests, the privileged scheme and the sandbox for every renderer.
app.setName(APP_NAME);
if (process.env.STOREROOM_DATA_DIR) app.setPath('userData', resolve(process.env.STOREROOM_DATA_DIR));
registerSchemePrivileges();
app.enableSandbox();

/** The part of Electron's MediaAccessPermissionRequest read here; other requests have no mediaTypes. */
type MediaAccessPermissionRequestLike = { mediaTypes?: ('video' | 'audio')[] };

let mainWindow: BrowserWindow | null = null;
/** The running core; replaced when another catalogue is opened or the core is restarted. */
let core: Promise<CoreConnection> = new Promise(() => {});
let catalogueDir = '';
let quitting = false;

/** The menus' and dialogs' language: the system's until the window says which one its reader chose. */
let menuLanguage: string | null = null;
const labels = () => menuLabels(menuLanguage ?? app.getLocale());

function openExternalIfAllowed(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}

function sendEvent(event: BridgeEvent): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENT, event);
}

function rememberCatalogue(dir: string): void {
  try {
    mkdirSync(app.getPath('userData'), { recursive: true });
    writeFileSync(join(app.getPath('userData'), LAST_CATALOGUE_FILE), JSON.stringify({ dir }));
  } catch (error) {
    console.error(`Could not remember the catalogue: ${(error as Error).message}`);
  }
}

function launchCore(dir: string): Promise<CoreConnection> {
  const started = startCore({
    script: paths.coreHost,
    catalogueDir: dir,
    sqliteBinding: sqliteBindingPath({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, env: process.env }),
    rendererDir: paths.renderer,
    language: app.getLocale(),
    onEvent: sendEvent,
    onUnexpectedExit: (code) => void coreStopped(code),
  });
  started.catch(() => {}); // Callers handle the failure; this only keeps it from being reported as unhandled.
  return started;
}

async function coreStopped(code: number): Promise<void> {
  if (quitting) return;
  const failed = Promise.reject(new Error('Storeroom’s database process has stopped.'));
  failed.catch(() => {});
  core = failed;
  const l = labels();
  const options = {
    type: 'error' as const,
    title: 'Storeroom',
    message: l.coreStopped,
    detail: `${l.coreStoppedDetail}\n\n(exit code ${code})`,
    buttons: [l.restart, l.quitButton],
    defaultId: 0,
    cancelId: 1,
  };
  const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
  if (response !== 0) return app.quit();
  core = launchCore(catalogueDir);
  try {
    await core;
    sendEvent({ kind: 'reload', seq: 0 });
  } catch (error) {
    dialog.showErrorBox(l.cannotOpen, (error as Error).message);
    app.quit();
  }
}

/** Opens another catalogue: the new core starts first, so a failure leaves the open catalogue as it was. */
async function switchCatalogue(dir: string): Promise<void> {
  const l = labels();
  const next = launchCore(dir);
  let connection: CoreConnection;
  try {
    connection = await next;
  } catch (error) {
    const message = error instanceof CoreOpenError ? error.message : String(error);
    await showMessage({ type: 'error', message: l.cannotOpen, detail: `${message}\n\n${l.keptPrevious}` });
    return;
  }
  const previous = core;
  core = next;
  catalogueDir = connection.dir;
  rememberCatalogue(connection.dir);
  void previous.then((old) => old.stop()).catch(() => {});
  mainWindow?.webContents.reload();
}

async function showMessage(options: Electron.MessageBoxOptions): Promise<number> {
  const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, { title: 'Storeroom', ...options }) : await dialog.showMessageBox({ title: 'Storeroom', ...options });
  return response;
}

async function openCatalogueDialog(): Promise<void> {
  const l = labels();
  const options: Electron.OpenDialogOptions = {
    title: l.openCatalogueTitle,
    buttonLabel: l.openCatalogueButton,
    defaultPath: dirname(catalogueDir || app.getPath('documents')),
    properties: ['openDirectory', 'createDirectory'],
  };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  const dir = result.filePaths[0];
  if (result.canceled || !dir) return;
  if (!isCatalogueFolder(dir)) {
    const response = await showMessage({
      type: 'question',
      message: l.noCatalogueHere,
      detail: `${dir}\n\n${l.createCatalogueHere}`,
      buttons: [l.createButton, l.cancel],
      defaultId: 0,
      cancelId: 1,
    });
    if (response !== 0) return;
  }
  await switchCatalogue(dir);
}

async function newCatalogueDialog(): Promise<void> {
  const l = labels();
  const options: Electron.SaveDialogOptions = {
    title: l.newCatalogueTitle,
    buttonLabel: l.newCatalogueButton,
    defaultPath: join(app.getPath('documents'), 'Storeroom catalogue'),
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return;
  await switchCatalogue(result.filePath);
}

/**
 * File › Open Workshop: the core (the catalogue's one writer) starts serving the catalogue to the devices of the local
 * network, and the window shows the workshop: its QR code, address and devices.
 */
async function openWorkshop(): Promise<void> {
  const l = labels();
  try {
    const result = await (await core).invoke('workshop.open', {}, {});
    if (!result.ok) await showMessage({ type: 'error', message: l.workshopFailed, detail: result.error.message });
  } catch (error) {
    await showMessage({ type: 'error', message: l.workshopFailed, detail: (error as Error).message });
  }
  sendEvent({ kind: 'show', page: 'workshop' });
}

async function aboutDialog(): Promise<void> {
  const l = labels();
  await showMessage({
    type: 'info',
    message: `Storeroom ${APP_VERSION}`,
    detail: [
      l.aboutDetail,
      '',
      `${l.catalogue}: ${catalogueDir}`,
      `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
    ].join('\n'),
    buttons: [l.ok],
  });
}

/** Shows a file dialog the window or the menu asked for; resolves with the choice, or null when cancelled. */
async function showFileDialog(request: DialogRequest): Promise<DialogChoice | null> {
  const spec = dialogSpec(labels(), request, {
    startIn: catalogueDir ? dirname(catalogueDir) : app.getPath('documents'),
    catalogueName: catalogueDir ? basename(catalogueDir) : 'Storeroom',
  });
  if (spec.kind === 'open') {
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, spec.options) : await dialog.showOpenDialog(spec.options);
    return dialogChoice(request, result);
  }
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, spec.options) : await dialog.showSaveDialog(spec.options);
  return dialogChoice(request, result);
}

/** A menu item that needs a file or folder: the dialog here, then the window goes on with the choice (on its Sync page). */
async function menuCommand(request: DialogRequest, command: Exclude<MenuCommand['command'], 'peer'>): Promise<void> {
  const choice = await showFileDialog(request);
  if (!choice || !mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
  sendEvent({ kind: 'menu', command, path: choice.path, name: choice.name });
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = menuTemplate(
    labels(),
    {
      openCatalogue: () => void openCatalogueDialog(),
      newCatalogue: () => void newCatalogueDialog(),
      revealCatalogue: () => catalogueDir && shell.showItemInFolder(join(catalogueDir, 'catalogue.sqlite')),
      takeFieldCopy: () => void menuCommand({ dialog: 'fieldCopyFolder' }, 'fieldCopy'),
      mergeFromBundle: () => void menuCommand({ dialog: 'syncBundle' }, 'merge'),
      mergeFromFolder: () => void menuCommand({ dialog: 'syncFolder' }, 'merge'),
      syncWithWorkshop: () => {
        if (!mainWindow || mainWindow.isDestroyed()) return;
        if (mainWindow.isMinimized()) mainWindow.restore();
        mainWindow.focus();
        sendEvent({ kind: 'menu', command: 'peer' });
      },
      openWorkshop: () => void openWorkshop(),
      about: () => void aboutDialog(),
      reOrgMethod: () => openExternalIfAllowed(RE_ORG_URL),
    },
    { isPackaged: app.isPackaged, platform: process.platform },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      openExternalIfAllowed(url);
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalIfAllowed(url);
      return { action: 'deny' };
    });
  });
}

function handlePermissions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl, (details as MediaAccessPermissionRequestLike).mediaTypes)),
  );
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin, (details as MediaAccessPermissionRequestLike).mediaTypes),
  );
  ses.setDevicePermissionHandler(() => false);
}

function handleIpc(): void {
  ipcMain.handle(IPC_INVOKE, async (event, procedure: unknown, input: unknown, meta: unknown) => {
    const frame = event.senderFrame;
    const trusted = isTrustedSender({
      frameUrl: frame?.url ?? null,
      isTopFrame: frame !== null && frame.parent === null,
      fromMainWindow: mainWindow !== null && !mainWindow.isDestroyed() && event.sender === mainWindow.webContents,
    });
    if (!trusted) return { ok: false, error: AppError.of('UNAUTHORIZED', 'desktop.untrustedWindow').toBody() };
    if (typeof procedure !== 'string') return { ok: false, error: AppError.of('VALIDATION', 'desktop.procedureNotText').toBody() };
    try {
      if (procedure === LANGUAGE_PROCEDURE) {
        const language = (input as { language?: unknown } | null)?.language;
        if (typeof language !== 'string' || !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(language)) return { ok: false, error: AppError.of('VALIDATION', 'desktop.languageNotKnown').toBody() };
        if (language !== menuLanguage) {
          menuLanguage = language;
          buildMenu();
        }
        return { ok: true, data: null };
      }
      if (procedure === UPLOAD_PROCEDURE) {
        if (!(input instanceof Uint8Array)) return { ok: false, error: AppError.of('VALIDATION', 'desktop.uploadNotBytes').toBody() };
        if (input.byteLength > MAX_UPLOAD_BYTES) return { ok: false, error: AppError.of('TOO_LARGE', 'desktop.uploadTooLarge').toBody() };
        return await (await core).upload(input);
      }
      if (procedure === DIALOG_PROCEDURE) {
        const request = parseDialogRequest(input);
        if (!request) return { ok: false, error: AppError.of('VALIDATION', 'desktop.badDialog').toBody() };
        return { ok: true, data: await showFileDialog(request) };
      }
      return await (await core).invoke(procedure, input, sanitizeMeta(meta));
    } catch (error) {
      return { ok: false, error: AppError.of('INTERNAL', 'desktop.failed', { reason: (error as Error).message }).toBody() };
    }
  });
}

function openMainWindow(): void {
  mainWindow = createMainWindow({ preload: paths.preload, icon: paths.icon, userDataDir: app.getPath('userData'), isPackaged: app.isPackaged });
  mainWindow.on('closed', () => (mainWindow = null));
}

async function start(): Promise<void> {
  await app.whenReady();
  handleAppProtocol(session.defaultSession, paths.renderer, {
    media: async (photoId, variant) => (await core).mediaFile(photoId, variant),
    export: async (exportId) => (await core).exportFile(exportId),
  });
  handlePermissions();
  lockDownWebContents();
  handleIpc();
  buildMenu();

  const choice = chooseCatalogue({ argv: process.argv, last: readLastCatalogue(app.getPath('userData')), defaultDir: defaultCatalogueDir() });
  core = launchCore(resolve(choice.dir));
  openMainWindow();
  try {
    catalogueDir = (await core).dir;
    if (choice.source !== 'argument') rememberCatalogue(catalogueDir);
  } catch (error) {
    dialog.showErrorBox(labels().cannotOpen, error instanceof Error ? error.message : String(error));
    quitting = true;
    app.exit(1);
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
  // Close the catalogue cleanly (the core checkpoints and closes the database) before quitting.
  app.on('will-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    const stopped = core.then((connection) => connection.stop()).catch(() => {});
    void Promise.race([stopped, new Promise((done) => setTimeout(done, 8000))]).finally(() => app.quit());
  });
  void start();
}
