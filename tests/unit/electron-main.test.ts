import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE, LANGUAGE_PROCEDURE } from '../../src-main/contract/transport';
import { runCoreHost, type FromCore } from '../../src-main/electron/core-service';
import { CONTENT_SECURITY_POLICY } from '../../src-main/server/http-server';

// main.ts against a stand-in for Electron (no binary can run here): the utility process runs the real
// core in-process over Node's MessageChannel, so the wiring from IPC to the catalogue and back is real.

/** Electron's MessagePortMain over Node's MessagePort. */
class FakePortMain {
  constructor(readonly port: MessagePort) {}
  postMessage(message: unknown) {
    this.port.postMessage(message);
  }
  on(_event: 'message', listener: (event: { data: unknown }) => void) {
    this.port.on('message', (data) => listener({ data }));
  }
  start() {}
  close() {
    this.port.close();
  }
}

const fake = vi.hoisted(() => {
  const state = {
    userData: '',
    appEvents: new Map<string, ((...args: unknown[]) => void)[]>(),
    ipcHandlers: new Map<string, (...args: unknown[]) => unknown>(),
    protocolHandler: null as null | ((request: Request) => Promise<Response>),
    headersHandler: null as null | ((details: unknown, callback: (r: unknown) => void) => void),
    permissionRequest: null as null | ((...args: unknown[]) => void),
    permissionCheck: null as null | ((...args: unknown[]) => boolean),
    privileged: [] as unknown[],
    windows: [] as { options: Record<string, unknown>; url: string; webContents: { send: ReturnType<typeof vi.fn>; reload: ReturnType<typeof vi.fn> } }[],
    forks: [] as { script: string; args: string[]; child: EventEmitter & { kill(): void; postMessage(m: unknown, ports?: unknown[]): void } }[],
    menu: null as unknown,
    calls: [] as string[],
    messageBoxResponse: 0,
  };
  return state;
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const { MessageChannel: NodeChannel } = await import('node:worker_threads');
  const on = (name: string, listener: (...args: unknown[]) => void) => {
    fake.appEvents.set(name, [...(fake.appEvents.get(name) ?? []), listener]);
  };
  class BrowserWindow {
    static getAllWindows = () => fake.windows;
    webContents = { send: vi.fn(), reload: vi.fn(), mainFrame: { parent: null } };
    url = '';
    constructor(readonly options: Record<string, unknown>) {
      fake.windows.push(this as never);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    once() {}
    on() {}
    maximize() {}
    isDestroyed = () => false;
    isMinimized = () => false;
    getNormalBounds = () => ({ x: 0, y: 0, width: 1000, height: 700 });
    isMaximized = () => false;
  }
  class MessageChannelMain {
    port1: FakePortMain;
    port2: FakePortMain;
    constructor() {
      const channel = new NodeChannel();
      this.port1 = new FakePortMain(channel.port1);
      this.port2 = new FakePortMain(channel.port2);
    }
  }
  return {
    app: {
      setName: (name: string) => fake.calls.push(`setName:${name}`),
      setPath: (name: string, path: string) => name === 'userData' && (fake.userData = path),
      getPath: (name: string) => (name === 'userData' ? fake.userData : tmpdir()),
      enableSandbox: () => fake.calls.push('enableSandbox'),
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      isReady: () => true,
      on,
      quit: () => fake.calls.push('quit'),
      exit: (code: number) => fake.calls.push(`exit:${code}`),
      getLocale: () => 'fr-FR',
      isPackaged: false,
    },
    protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privileged.push(...schemes) },
    session: {
      defaultSession: {
        protocol: { handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => (fake.protocolHandler = handler) },
        webRequest: { onHeadersReceived: (handler: never) => (fake.headersHandler = handler) },
        setPermissionRequestHandler: (handler: never) => (fake.permissionRequest = handler),
        setPermissionCheckHandler: (handler: never) => (fake.permissionCheck = handler),
        setDevicePermissionHandler: () => {},
      },
    },
    ipcMain: { handle: (channel: string, handler: (...args: unknown[]) => unknown) => fake.ipcHandlers.set(channel, handler) },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => (fake.menu = menu) },
    BrowserWindow,
    MessageChannelMain,
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
    dialog: {
      showErrorBox: (title: string) => fake.calls.push(`errorBox:${title}`),
      showMessageBox: async (...args: unknown[]) => {
        const options = (args.length > 1 ? args[1] : args[0]) as { message: string };
        fake.calls.push(`messageBox:${options.message}`);
        return { response: fake.messageBoxResponse };
      },
    },
    shell: { openExternal: async (url: string) => fake.calls.push(`openExternal:${url}`), showItemInFolder: () => {} },
    utilityProcess: {
      fork(script: string, args: string[], options: { env: NodeJS.ProcessEnv }) {
        const child = new Emitter() as EventEmitter & { kill(): void; postMessage(m: unknown, ports?: unknown[]): void };
        let toCore: ((data: unknown, ports: readonly FakePortMain[]) => void) | null = null;
        let alive = true;
        const exit = (code: number) => {
          if (!alive) return;
          alive = false;
          setImmediate(() => child.emit('exit', code));
        };
        child.postMessage = (message, ports = []) => setImmediate(() => toCore?.(message, ports as FakePortMain[]));
        // The core runs in this process here: a killed core closes its catalogue, as a dead process's lock is taken over.
        let host: { catalogue: { close(): void } | null } | null = null;
        child.kill = () => {
          host?.catalogue?.close();
          exit(9);
        };
        fake.forks.push({ script, args, child });
        setImmediate(() => {
          host = runCoreHost<FakePortMain>({
            parent: {
              postMessage: (message: FromCore) => setImmediate(() => child.emit('message', message)),
              onMessage: (handler) => (toCore = handler),
            },
            adaptPort: (port) => ({
              postMessage: (m) => port.postMessage(m),
              onMessage: (handler) => port.on('message', (event) => handler(event.data)),
            }),
            argv: ['core-host.js', ...args],
            env: options.env,
            exit,
          });
        });
        return child;
      },
    },
  };
});

const until = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
};

const appEvent = (name: string, ...args: unknown[]) => {
  for (const listener of fake.appEvents.get(name) ?? []) listener(...args);
};

let dataDir: string;

function invokeEvent(overrides: { url?: string; topFrame?: boolean; sender?: unknown } = {}) {
  const window = fake.windows[0]!;
  return {
    sender: 'sender' in overrides ? overrides.sender : window.webContents,
    senderFrame: { url: overrides.url ?? 'storeroom://app/index.html#/', parent: overrides.topFrame === false ? {} : null },
  };
}
const invoke = (event: unknown, procedure: unknown, input: unknown = {}, meta: unknown = {}) =>
  fake.ipcHandlers.get(IPC_INVOKE)!(event, procedure, input, meta) as Promise<{ ok: boolean; data?: Record<string, unknown>; error?: { code: string } }>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'storeroom-main-'));
  process.env.STOREROOM_DATA_DIR = dataDir;
  process.env.STOREROOM_SQLITE_BINDING = '';
  await import('../../src-main/electron/main');
  await until(() => fake.ipcHandlers.has(IPC_INVOKE) && fake.windows.length === 1, 'the main window');
});

describe('the desktop main process (with a stand-in for Electron)', () => {
  it('sets up before ready: name, data folder, privileged scheme, sandbox', () => {
    expect(fake.calls).toContain('setName:Storeroom');
    expect(fake.calls).toContain('enableSandbox');
    expect(fake.userData).toBe(dataDir);
    expect(fake.privileged).toEqual([{ scheme: 'storeroom', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) }]);
  });

  it('opens one locked-down window on storeroom://app, never file://', () => {
    const [window] = fake.windows;
    expect(window!.url).toBe('storeroom://app/index.html');
    expect(window!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String((window!.options.webPreferences as { preload: string }).preload)).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('runs the core in a utility process on the default catalogue', async () => {
    expect(fake.forks).toHaveLength(1);
    expect(fake.forks[0]!.script).toMatch(/core-host\.js$/);
    expect(fake.forks[0]!.args).toEqual(['--catalogue', join(dataDir, 'Default catalogue')]);
    const info = await invoke(invokeEvent(), 'catalogue.info');
    expect(info).toMatchObject({ ok: true, data: { name: 'Default catalogue', path: join(dataDir, 'Default catalogue') } });
  });

  it('forwards change events to the window', async () => {
    const window = fake.windows[0]!;
    expect(await invoke(invokeEvent(), 'people.create', { name: 'Ada' })).toMatchObject({ ok: true });
    await until(() => window.webContents.send.mock.calls.length > 0, 'the change event');
    expect(window.webContents.send).toHaveBeenCalledWith(IPC_EVENT, expect.objectContaining({ procedure: 'people.create' }));
  });

  it('refuses calls from iframes, other pages and other web contents', async () => {
    for (const event of [invokeEvent({ topFrame: false }), invokeEvent({ url: 'https://evil.example/' }), invokeEvent({ sender: {} })]) {
      expect(await invoke(event, 'catalogue.info')).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(await invoke(invokeEvent(), 42)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('serves the protocol with the CSP and sets it on the session', async () => {
    const response = await fake.protocolHandler!(new Request('storeroom://app/../../etc/passwd'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    let headers: Record<string, string[]> = {};
    fake.headersHandler!({ responseHeaders: {} }, (result) => (headers = (result as { responseHeaders: Record<string, string[]> }).responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('grants only the camera to the app', () => {
    const answers: boolean[] = [];
    fake.permissionRequest!({}, 'media', (allowed: boolean) => answers.push(allowed), { requestingUrl: 'storeroom://app/index.html', mediaTypes: ['video'] });
    fake.permissionRequest!({}, 'geolocation', (allowed: boolean) => answers.push(allowed), { requestingUrl: 'storeroom://app/index.html' });
    fake.permissionRequest!({}, 'media', (allowed: boolean) => answers.push(allowed), { requestingUrl: 'https://evil.example/', mediaTypes: ['video'] });
    expect(answers).toEqual([true, false, false]);
    expect(fake.permissionCheck!({}, 'notifications', 'storeroom://app', { requestingUrl: 'storeroom://app/' })).toBe(false);
  });

  it('denies navigation and new windows, opening allowlisted pages in the browser', () => {
    const contents = new EventEmitter() as EventEmitter & { setWindowOpenHandler(h: (d: { url: string }) => unknown): void; openHandler?: (d: { url: string }) => unknown };
    contents.setWindowOpenHandler = (handler) => (contents.openHandler = handler);
    appEvent('web-contents-created', {}, contents);
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('storeroom://app/index.html')).toBe(false);
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'https://www.iccrom.org/section/preventive-conservation/re-org' })).toEqual({ action: 'deny' });
    expect(fake.calls.filter((c) => c.startsWith('openExternal:'))).toEqual(['openExternal:https://www.iccrom.org/section/preventive-conservation/re-org']);
  });

  it('labels the menu in the system language', () => {
    const labels = (fake.menu as { label: string }[]).map((item) => item.label);
    expect(labels).toEqual(['Fichier', 'Édition', 'Affichage', 'Fenêtre', 'Aide']);
  });

  it('labels the menu in the language the window’s reader chose, and refuses what is not a language', async () => {
    const labels = () => (fake.menu as { label: string }[]).map((item) => item.label);
    expect(await invoke(invokeEvent(), LANGUAGE_PROCEDURE, { language: 'de' })).toMatchObject({ ok: true });
    expect(labels()).toEqual(['Datei', 'Bearbeiten', 'Ansicht', 'Fenster', 'Hilfe']);
    expect(await invoke(invokeEvent(), LANGUAGE_PROCEDURE, { language: '../../etc' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await invoke(invokeEvent({ url: 'https://evil.example/' }), LANGUAGE_PROCEDURE, { language: 'nl' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await invoke(invokeEvent(), LANGUAGE_PROCEDURE, { language: 'fr-FR' })).toMatchObject({ ok: true });
    expect(labels()).toEqual(['Fichier', 'Édition', 'Affichage', 'Fenêtre', 'Aide']);
  });

  it('offers to restart the core when it stops unexpectedly, and restarts it', async () => {
    fake.messageBoxResponse = 0;
    const first = fake.forks[0]!.child;
    first.kill();
    await until(() => fake.forks.length === 2, 'the restarted core');
    expect(fake.calls.some((c) => c.startsWith('messageBox:') && c.includes('arrêté'))).toBe(true);
    await until(() => fake.windows[0]!.webContents.send.mock.calls.some((call) => call[1]?.kind === 'reload'), 'the refresh event');
    expect(await invoke(invokeEvent(), 'people.list')).toMatchObject({ ok: true, data: [expect.objectContaining({ name: 'Ada' })] });
  });

  it('closes the catalogue cleanly before quitting', async () => {
    const event = { preventDefault: vi.fn() };
    appEvent('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await until(() => fake.calls.includes('quit'), 'quit');
  });
});
