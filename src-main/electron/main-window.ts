/** The main window: locked down, restored to where it was, and saved when it closes. */
import { BrowserWindow, screen } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ENTRY_URL } from './security';
import { clampWindowState, MIN_SIZE, parseWindowState, WINDOW_STATE_FILE, type WindowState } from './window-state';

export interface MainWindowOptions {
  preload: string;
  icon: string;
  userDataDir: string;
  isPackaged: boolean;
}

function readState(file: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const stateFile = join(options.userDataDir, WINDOW_STATE_FILE);
  const primary = screen.getPrimaryDisplay();
  const workAreas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
  const state = clampWindowState(readState(stateFile), workAreas);

  const window = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Storeroom',
    icon: options.icon,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: !options.isPackaged,
      spellcheck: true,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  window.on('close', () => {
    const saved: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    try {
      writeFileSync(stateFile, JSON.stringify(saved, null, 2));
    } catch (error) {
      console.error(`Could not save the window's position: ${(error as Error).message}`);
    }
  });

  void window.loadURL(APP_ENTRY_URL);
  return window;
}
