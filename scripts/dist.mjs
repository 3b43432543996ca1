// npm run dist [-- electron-builder options]: build Storeroom's installers for this platform, with
// electron-builder and electron-builder.config.ts: AppImage and deb on Linux, NSIS on Windows, dmg (x64 and
// arm64) on macOS, into dist/.
//  1. Check that Electron can be had, before anything else, and stop at once with one line if it cannot:
//     ELECTRON_OVERRIDE_DIST_PATH (an unpacked Electron, as for npm start), electronDist given on the command
//     line, Electron's download cache, or else a download, tried with one HEAD request.
//  2. Build the app (electron-vite) from scratch.
//  3. Run electron-builder. It rebuilds better-sqlite3 for Electron in node_modules before packing it (against
//     Electron's headers: npm's nodedir setting is left out), and checks the result (electron-builder.config.ts,
//     afterPack); the Node build is set aside first and put back afterwards, so tests, npm run serve and the CLI
//     keep working.
// Other options go to electron-builder: `npm run dist -- --dir` (an unpacked app only), `-- --linux deb`.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

export const CONFIG_FILE = 'electron-builder.config.ts';
const PLATFORM_FLAGS = { linux: '--linux', win32: '--win', darwin: '--mac' };
const ELECTRON_PLATFORMS = { linux: 'linux', win32: 'win32', darwin: 'darwin' };
const EXECUTABLES = { linux: 'electron', win32: 'electron.exe', darwin: 'Electron.app' };
const PROBE_TIMEOUT_MS = 15_000;

/** A failure the user can act on: printed as one line, exit code 1. */
export class DistError extends Error {}

/** The Electron version this project builds with (electron-builder reads the same). */
export function electronVersion() {
  return JSON.parse(readFileSync(join(dirname(require.resolve('electron/package.json')), 'package.json'), 'utf8')).version;
}

export const electronZipName = (version, platform, arch) => `electron-v${version}-${platform}-${arch}.zip`;

/** Where @electron/get, which electron-builder uses, downloads Electron from: the same mirror settings it reads. */
export function electronDownloadUrl(version, platform, arch, env = process.env) {
  const setting = (name, fallback) => {
    const snake = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
    return (
      env[`npm_config_electron_${name.toLowerCase()}`] ||
      env[`NPM_CONFIG_ELECTRON_${snake.toUpperCase()}`] ||
      env[`npm_config_electron_${snake}`] ||
      env[`npm_package_config_electron_${name}`] ||
      env[`ELECTRON_${snake.toUpperCase()}`] ||
      fallback
    );
  };
  const base = setting('mirror', 'https://github.com/electron/electron/releases/download/');
  const dir = setting('customDir', `v${version}`).replace('{{ version }}', version);
  const file = setting('customFilename', electronZipName(version, platform, arch));
  return `${base}${dir}/${file}`;
}

/** @electron/get's cache folder (electron_config_cache overrides it). */
export function electronCacheRoot(env = process.env, platform = process.platform) {
  if (env.electron_config_cache) return env.electron_config_cache;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'electron');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'electron', 'Cache');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'electron');
}

/** The cached Electron zip, if an earlier download left one (the cache keeps one folder per download URL). */
export function findCachedElectron(version, platform, arch, cacheRoot) {
  const name = electronZipName(version, platform, arch);
  if (!existsSync(cacheRoot)) return null;
  for (const entry of readdirSync(cacheRoot)) {
    const file = join(cacheRoot, entry, name);
    if (existsSync(file) && statSync(file).size > 0) return file;
  }
  return null;
}

/** The value of an electron-builder option given on the command line (-c.electronDist=X, --config.electronDist X). */
export function cliOption(args, name) {
  for (let i = 0; i < args.length; i++) {
    const match = /^(?:-c|--config)\.(\w+)(?:=(.*))?$/.exec(args[i]);
    if (match && match[1] === name) return match[2] ?? args[i + 1] ?? '';
  }
  return null;
}

/** One HEAD request: can the Electron download be reached? Resolves to null when it can, else the reason. */
export async function probeDownload(url, fetchImpl = fetch) {
  try {
    const response = await fetchImpl(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return response.status < 400 ? null : `HTTP ${response.status} from ${new URL(url).host}`;
  } catch (error) {
    if (error?.name === 'TimeoutError') return `no answer from ${new URL(url).host} in ${PROBE_TIMEOUT_MS / 1000} s`;
    return String(error?.cause?.message || error?.message || error);
  }
}

const needsElectron = (version, platform, arch) =>
  `npm run dist needs Electron ${version} for ${platform}-${arch}`;
const howToProvide = (version) =>
  `set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron ${version} (the folder with its executable), or pass electronDist (npm run dist -- -c.electronDist=PATH, a folder or the zip), or run it where Electron can be downloaded`;

/**
 * Step 1: where Electron comes from. Returns the electron-builder options to add and a note for the log,
 * or throws DistError with one line saying what is needed.
 */
export async function resolveElectron({ env = process.env, platform = process.platform, arch = process.arch, args = [], version = electronVersion(), fetchImpl = fetch } = {}) {
  const electronPlatform = ELECTRON_PLATFORMS[platform];
  if (!electronPlatform) throw new DistError(`npm run dist builds installers on Linux, Windows and macOS, not on ${platform}.`);

  const given = cliOption(args, 'electronDist');
  if (given !== null) {
    if (!given || !existsSync(resolve(root, given))) throw new DistError(`electronDist is set to "${given}", which does not exist; ${howToProvide(version)}.`);
    return { args: [], note: `Electron from electronDist: ${given}` };
  }

  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const executable = join(override, EXECUTABLES[platform]);
    if (!existsSync(executable)) {
      throw new DistError(`ELECTRON_OVERRIDE_DIST_PATH is ${override}, but it has no ${EXECUTABLES[platform]}; ${howToProvide(version)}.`);
    }
    const versionFile = join(override, 'version');
    const overrideVersion = existsSync(versionFile) ? readFileSync(versionFile, 'utf8').trim().replace(/^v/, '') : version;
    // One unpacked Electron is one architecture: build for this machine's only.
    return {
      args: [`-c.electronDist=${override}`, `-c.electronVersion=${overrideVersion}`, `--${arch}`],
      note: `Electron ${overrideVersion} from ELECTRON_OVERRIDE_DIST_PATH (${override}), for ${arch} only`,
    };
  }

  const cached = findCachedElectron(version, electronPlatform, arch, electronCacheRoot(env, platform));
  if (cached) return { args: [], note: `Electron ${version} from the download cache (${cached})` };

  if (env.ELECTRON_GET_USE_PROXY) {
    // @electron/get goes through the proxy; a plain request from here would not, so it proves nothing.
    return { args: [], note: `Electron ${version} will be downloaded through the proxy (ELECTRON_GET_USE_PROXY)` };
  }
  const url = electronDownloadUrl(version, electronPlatform, arch, env);
  const reason = await probeDownload(url, fetchImpl);
  if (reason) throw new DistError(`${needsElectron(version, electronPlatform, arch)}, and it cannot be downloaded here (${reason}): ${howToProvide(version)}.`);
  return { args: [], note: `Electron ${version} will be downloaded from ${new URL(url).host}` };
}

/** The electron-builder command line: this platform's targets unless the caller names a platform. */
export function builderArgs({ platform = process.platform, extra = [], electronArgs = [] } = {}) {
  const namesPlatform = extra.some((arg) => /^(--|-)(linux|win|windows|mac|macos|m|w|l)$/.test(arg));
  return ['--config', CONFIG_FILE, '--publish', 'never', ...(namesPlatform ? [] : [PLATFORM_FLAGS[platform]]), ...electronArgs, ...extra];
}

/**
 * The environment for electron-builder: without npm's "nodedir" setting, which npm passes on to node-gyp and which
 * would make the rebuild for Electron compile against Node's headers instead of Electron's (and report success).
 */
export function builderEnv(env = process.env) {
  const result = { ...env };
  for (const key of Object.keys(result)) if (key.toLowerCase() === 'npm_config_nodedir') delete result[key];
  return result;
}

/**
 * better-sqlite3's build folder, built for Node: copied aside while electron-builder rebuilds it for Electron in
 * place, and put back afterwards (also after a failure, Ctrl+C, or at the start of the next run if this one was killed).
 */
export function nodeBuildGuard(moduleDir = dirname(require.resolve('better-sqlite3/package.json')), backupDir = join(root, '.cache', 'dist', 'better-sqlite3-node-build')) {
  const build = join(moduleDir, 'build');
  const restore = () => {
    rmSync(`${backupDir}.tmp`, { recursive: true, force: true });
    if (!existsSync(backupDir)) return false;
    rmSync(build, { recursive: true, force: true });
    renameSync(backupDir, build);
    return true;
  };
  return {
    restore,
    setAside() {
      if (restore()) console.error('Put back the Node build of better-sqlite3 that an interrupted npm run dist had set aside.');
      if (!existsSync(build)) return false;
      mkdirSync(dirname(backupDir), { recursive: true });
      cpSync(build, `${backupDir}.tmp`, { recursive: true, verbatimSymlinks: true });
      renameSync(`${backupDir}.tmp`, backupDir);
      return true;
    },
  };
}

async function main() {
  const extra = process.argv.slice(2);
  let electron;
  try {
    electron = await resolveElectron({ args: extra });
  } catch (error) {
    console.error(error instanceof DistError ? error.message : String(error));
    process.exit(1);
  }
  console.error(`npm run dist: ${electron.note}.`);

  console.error('Building Storeroom (electron-vite)...');
  const built = spawnSync('npx', ['--no-install', 'electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) {
    console.error('npm run dist: the build failed (see above).');
    process.exit(1);
  }

  const guard = nodeBuildGuard();
  guard.setAside();
  const args = builderArgs({ extra, electronArgs: electron.args });
  console.error(`electron-builder ${args.join(' ')}`);
  const child = spawn(process.execPath, [require.resolve('electron-builder/cli.js'), ...args], { cwd: root, stdio: 'inherit', env: builderEnv() });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  const code = await new Promise((done) => {
    child.on('error', (error) => {
      console.error(`Could not run electron-builder: ${error.message}`);
      done(1);
    });
    child.on('exit', (exitCode, signal) => done(exitCode ?? (signal ? 1 : 0)));
  });
  guard.restore();
  if (code !== 0) {
    console.error(
      'npm run dist failed (see above). Besides Electron it downloads better-sqlite3 for Electron (or Electron’s headers, to compile it) and electron-builder’s packaging tools, so it needs network access.',
    );
  } else {
    console.error(`The installers are in ${join(root, 'dist')}.`);
  }
  process.exit(code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
