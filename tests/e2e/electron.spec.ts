import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The desktop app itself, driven through Electron. It needs an Electron binary, which cannot be
// downloaded everywhere: without one the test is skipped with the reason, and `npm run serve` plus the
// browser tests cover the same renderer and core.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = join(ROOT, 'tests/e2e/screenshots');

function electronBinaryPresent(): boolean {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return existsSync(process.env.ELECTRON_OVERRIDE_DIST_PATH);
  return existsSync(join(ROOT, 'node_modules/electron/dist'));
}

const NO_BINARY =
  'No Electron binary on this machine (ELECTRON_OVERRIDE_DIST_PATH is unset and node_modules/electron/dist is missing; ' +
  'Electron downloads it on first use, which needs access to GitHub). Set ELECTRON_OVERRIDE_DIST_PATH to an Electron 45 build to run this test.';

const hasBinary = electronBinaryPresent();
if (!hasBinary) console.warn(`[electron.spec] skipped: ${NO_BINARY}`);
test.skip(!hasBinary, NO_BINARY);

interface Launch {
  executable: string;
  main: string;
  sqliteBinding: string;
}

/** What `npm start` would launch, with better-sqlite3 built for this Electron (scripts/start.mjs does it). */
function prepare(): Launch {
  try {
    const out = execFileSync(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, STOREROOM_START_PREPARE_ONLY: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out.trim().split('\n').at(-1)!) as Launch;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`scripts/start.mjs could not prepare the desktop app:\n${stderr || String(error)}`);
  }
}

interface Bridge {
  invoke(procedure: string, input?: unknown, meta?: unknown): Promise<{ ok: boolean; data?: unknown; error?: unknown }>;
  on(listener: (event: unknown) => void): () => void;
}

test.describe.configure({ mode: 'serial' });

let app: ElectronApplication;
let catalogue: string;

test.beforeAll(async () => {
  test.setTimeout(10 * 60_000); // The first run builds better-sqlite3 for Electron.
  const launch = prepare();
  catalogue = join(realpathSync(mkdtempSync(join(tmpdir(), 'storeroom-electron-'))), 'Museum');
  const dataDir = mkdtempSync(join(tmpdir(), 'storeroom-electron-data-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env.ELECTRON_RUN_AS_NODE;
  app = await electron.launch({
    executablePath: launch.executable,
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), launch.main, '--catalogue', catalogue],
    env: { ...env, STOREROOM_DATA_DIR: dataDir, STOREROOM_SQLITE_BINDING: launch.sqliteBinding },
  });
});

test.afterAll(async () => {
  await app?.close();
});

test('opens one locked-down window on the storeroom:// app', async () => {
  const window = await app.firstWindow();
  await window.waitForLoadState('domcontentloaded');
  await expect(window).toHaveTitle(/Storeroom/);
  expect(window.url()).toMatch(/^storeroom:\/\/app\//);

  const page = await window.evaluate(() => ({
    bridgeKeys: Object.keys((globalThis as unknown as { storeroom: Bridge }).storeroom).sort(),
    require: typeof require,
    process: typeof (globalThis as { process?: unknown }).process,
    isolated: typeof (globalThis as { electron?: unknown }).electron,
  }));
  expect(page).toEqual({ bridgeKeys: ['invoke', 'on'], require: 'undefined', process: 'undefined', isolated: 'undefined' });

  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const [win] = BrowserWindow.getAllWindows();
    const prefs = (win!.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
    return { windows: BrowserWindow.getAllWindows().length, contextIsolation: prefs.contextIsolation, sandbox: prefs.sandbox, nodeIntegration: prefs.nodeIntegration };
  });
  expect(prefs).toEqual({ windows: 1, contextIsolation: true, sandbox: true, nodeIntegration: false });
});

test('answers calls through window.storeroom from the core process', async () => {
  const window = await app.firstWindow();
  const info = await window.evaluate(() => (globalThis as unknown as { storeroom: Bridge }).storeroom.invoke('catalogue.info', {}));
  expect(info).toMatchObject({ ok: true, data: { name: 'Museum', path: catalogue, objectCount: 0 } });

  const unknown = await window.evaluate(() => (globalThis as unknown as { storeroom: Bridge }).storeroom.invoke('no.such.procedure', {}));
  expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

  // A change made through the bridge comes back as an event.
  const event = await window.evaluate(
    () =>
      new Promise((resolve) => {
        const bridge = (globalThis as unknown as { storeroom: Bridge }).storeroom;
        const off = bridge.on((e) => {
          off();
          resolve(e);
        });
        void bridge.invoke('people.create', { name: 'Ada' });
      }),
  );
  expect(event).toMatchObject({ procedure: 'people.create' });
});

test('denies new windows and navigation away from the app', async () => {
  const window = await app.firstWindow();
  const opened = await window.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null);
  expect(opened).toBe(true);
  await window.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
  });
  await window.waitForTimeout(500);
  expect(window.url()).toMatch(/^storeroom:\/\/app\//);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});

test('screenshot', async () => {
  const window = await app.firstWindow();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await window.screenshot({ path: join(SCREENSHOTS, 'electron-window.png') });
});
