// npm start [-- --catalogue DIR]: start Storeroom's desktop app.
//  1. build the app if the sources changed;
//  2. find the Electron binary (ELECTRON_OVERRIDE_DIST_PATH, or node_modules/electron/dist), trying its
//     one-time download once if it is missing;
//  3. build better-sqlite3 for Electron (once per Electron version, in .cache/electron-native/<version>/),
//     on a copy, so the node_modules copy stays built for Node (tests, serve, CLI);
//  4. launch Electron with out/main/index.js, forwarding the arguments.
// With STOREROOM_START_PREPARE_ONLY=1 it stops after step 3 and prints what it would launch, as JSON
// (the Electron end-to-end test uses this).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIfNeeded } from './build-if-needed.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

export const NO_BINARY_MESSAGE =
  'No Electron binary is available on this machine (it could not be downloaded). Set ELECTRON_OVERRIDE_DIST_PATH to an Electron 45 build, or open Storeroom in a browser with: npm run serve';

/** A failure the user can act on: printed as is, exit code 1. */
export class StartError extends Error {}

const DEFAULT_EXECUTABLE = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };

function electronPackageDir() {
  return dirname(require.resolve('electron/package.json'));
}

function executableName(packageDir) {
  const pathFile = join(packageDir, 'path.txt');
  if (existsSync(pathFile)) return readFileSync(pathFile, 'utf8').trim();
  return DEFAULT_EXECUTABLE[process.platform] ?? 'electron';
}

/** The Electron version of a dist folder (its "version" file), else the installed package's version. */
function electronVersion(distDir, packageDir) {
  const file = join(distDir, 'version');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim().replace(/^v/, '');
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
}

/** The Electron binary, without downloading anything; null when there is none. */
export function findElectron(env = process.env) {
  const packageDir = electronPackageDir();
  const name = executableName(packageDir);
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const executable = join(override, name);
    if (!existsSync(executable)) {
      throw new StartError(`ELECTRON_OVERRIDE_DIST_PATH is set to ${override}, but there is no Electron executable at ${executable}.`);
    }
    return { executable, version: electronVersion(override, packageDir) };
  }
  const distDir = join(packageDir, 'dist');
  const executable = join(distDir, name);
  return existsSync(executable) ? { executable, version: electronVersion(distDir, packageDir) } : null;
}

/** Electron 45+ downloads its binary on first use; try that once, in a child, and report what it said. */
function tryDownloadElectron() {
  console.error('Electron’s binary is not here yet; trying to download it once...');
  const result = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(require.resolve('electron'))})`], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10 * 60 * 1000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim();
  return { ok: result.status === 0, output };
}

export function electronOrExplain(env = process.env) {
  const found = findElectron(env);
  if (found) return found;
  const attempt = tryDownloadElectron();
  const after = attempt.ok ? findElectron(env) : null;
  if (after) return after;
  // Keep the error lines (e.g. "TypeError: fetch failed"), not stack frames or Electron's generic
  // "delete node_modules/electron" advice, which does not apply when the machine is offline.
  const reasons = attempt.output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(\w*Error\b|Error:)|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|status code/i.test(line) && !/failed to install correctly/.test(line));
  const detail = reasons.length ? `\n(The download failed with: ${[...new Set(reasons)].slice(0, 3).join('; ')})` : '';
  throw new StartError(`${NO_BINARY_MESSAGE}${detail}`);
}

/** better_sqlite3.node built for this Electron version; built on first use. */
export async function ensureNativeBinding(version) {
  const cacheDir = join(root, '.cache', 'electron-native', version);
  const target = join(cacheDir, 'better_sqlite3.node');
  if (existsSync(target)) return target;

  console.error(`Building the database module (better-sqlite3) for Electron ${version}; this happens once...`);
  const scratch = join(cacheDir, 'build-app');
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const moduleDir = join(scratch, 'node_modules', 'better-sqlite3');
  const { version: sqliteVersion } = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  try {
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'storeroom-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));
    // A copy without the Node build, so nothing built for Node can be mistaken for the result.
    cpSync(source, moduleDir, {
      recursive: true,
      filter: (path) => {
        const rel = relative(source, path);
        return rel !== 'build' && !rel.startsWith(`build${sep}`) && rel !== 'node_modules' && !rel.startsWith(`node_modules${sep}`);
      },
    });
    // npm passes its "nodedir" setting on; node-gyp would then compile against Node's headers, not Electron's.
    for (const key of Object.keys(process.env)) if (key.toLowerCase() === 'npm_config_nodedir') delete process.env[key];
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({ buildPath: scratch, electronVersion: version, onlyModules: ['better-sqlite3'], force: true });
    const built = join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) throw new Error(`the build finished but ${built} is missing`);
    const temporary = `${target}.${process.pid}.tmp`;
    copyFileSync(built, temporary);
    renameSync(temporary, target);
    rmSync(scratch, { recursive: true, force: true });
    return target;
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw new StartError(
      [
        `Could not build the database module (better-sqlite3) for Electron ${version}: ${error instanceof Error ? error.message : String(error)}`,
        '',
        'Building it needs Electron’s headers (downloaded from electronjs.org the first time, so this machine must be online once)',
        'and a C++ toolchain (python3, make, a C++ compiler). Try again when online, or open Storeroom in a browser with: npm run serve',
      ].join('\n'),
    );
  }
}

/** Steps 1 to 3: what to launch. */
export async function prepare(env = process.env) {
  buildIfNeeded();
  const electron = electronOrExplain(env);
  const sqliteBinding = await ensureNativeBinding(electron.version);
  return { executable: electron.executable, version: electron.version, main: join(root, 'out', 'main', 'index.js'), sqliteBinding };
}

async function main() {
  let launch;
  try {
    launch = await prepare();
  } catch (error) {
    console.error(error instanceof StartError ? error.message : error);
    process.exit(1);
  }
  if (process.env.STOREROOM_START_PREPARE_ONLY === '1') {
    console.log(JSON.stringify(launch));
    return;
  }

  const args = [launch.main, ...process.argv.slice(2)];
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    console.error('Running as root: Chromium’s sandbox cannot run as root, so Electron starts with --no-sandbox.');
    args.unshift('--no-sandbox');
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.error('There is no display (DISPLAY and WAYLAND_DISPLAY are unset), so Electron may not be able to open a window.');
  }
  const env = { ...process.env, STOREROOM_SQLITE_BINDING: launch.sqliteBinding };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(launch.executable, args, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`Could not start Electron (${launch.executable}): ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
