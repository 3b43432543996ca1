import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  builderArgs,
  builderEnv,
  cliOption,
  DistError,
  electronCacheRoot,
  electronDownloadUrl,
  electronVersion,
  findCachedElectron,
  nodeBuildGuard,
  probeDownload,
  resolveElectron,
} from '../../scripts/dist.mjs';

// scripts/dist.mjs: what `npm run dist` checks before it builds, and how it calls electron-builder.

const root = fileURLToPath(new URL('../..', import.meta.url));
const version = electronVersion();
const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'storeroom-dist-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** A local stand-in for the Electron download host, answering every request with one status. */
const servers: Server[] = [];
async function downloadHost(status: number): Promise<{ url: string; requests: { method: string; url: string }[] }> {
  const requests: { method: string; url: string }[] = [];
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '' });
    response.writeHead(status, status === 302 ? { location: 'http://127.0.0.1:1/elsewhere' } : {}).end();
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/`, requests };
}
/** A local port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return `http://127.0.0.1:${port}/`;
}
afterAll(() => {
  for (const server of servers) server.close();
});

/** An unpacked Electron for this platform: its executable and version file. */
function unpackedElectron(electronVersionText = version): string {
  const dir = temp();
  const executable = { win32: 'electron.exe', darwin: 'Electron.app' }[process.platform as string] ?? 'electron';
  if (process.platform === 'darwin') mkdirSync(join(dir, executable));
  else writeFileSync(join(dir, executable), 'stand-in', { mode: 0o755 });
  writeFileSync(join(dir, 'version'), electronVersionText);
  return dir;
}

describe('the Electron download, as electron-builder would make it', () => {
  it('comes from GitHub unless a mirror is set, the same way @electron/get reads the settings', () => {
    expect(electronDownloadUrl('45.4.1', 'linux', 'x64', {})).toBe('https://github.com/electron/electron/releases/download/v45.4.1/electron-v45.4.1-linux-x64.zip');
    expect(electronDownloadUrl('45.4.1', 'darwin', 'arm64', { ELECTRON_MIRROR: 'https://mirror.example/electron/' })).toBe('https://mirror.example/electron/v45.4.1/electron-v45.4.1-darwin-arm64.zip');
    expect(electronDownloadUrl('45.4.1', 'win32', 'x64', { npm_config_electron_mirror: 'https://npm.example/', ELECTRON_MIRROR: 'https://env.example/' })).toBe('https://npm.example/v45.4.1/electron-v45.4.1-win32-x64.zip');
    expect(electronDownloadUrl('45.4.1', 'linux', 'x64', { ELECTRON_MIRROR: 'https://m.example/', ELECTRON_CUSTOM_DIR: '{{ version }}' })).toBe('https://m.example/45.4.1/electron-v45.4.1-linux-x64.zip');
  });

  it('is found in the download cache when an earlier download left it there', () => {
    const cache = temp();
    expect(findCachedElectron('45.4.1', 'linux', 'x64', cache)).toBeNull();
    expect(findCachedElectron('45.4.1', 'linux', 'x64', join(cache, 'missing'))).toBeNull();
    mkdirSync(join(cache, 'c0ffee'));
    writeFileSync(join(cache, 'c0ffee', 'electron-v45.4.1-linux-x64.zip'), 'zip');
    expect(findCachedElectron('45.4.1', 'linux', 'x64', cache)).toBe(join(cache, 'c0ffee', 'electron-v45.4.1-linux-x64.zip'));
    expect(findCachedElectron('45.4.1', 'linux', 'arm64', cache)).toBeNull();
    expect(electronCacheRoot({ electron_config_cache: cache })).toBe(cache);
    expect(electronCacheRoot({ XDG_CACHE_HOME: '/xdg' }, 'linux')).toBe(join('/xdg', 'electron'));
  });

  it('is probed with one HEAD request; a redirect is a yes, an error status or no connection a no', async () => {
    const ok = await downloadHost(302);
    expect(await probeDownload(`${ok.url}v1/electron.zip`)).toBeNull();
    expect(ok.requests).toEqual([{ method: 'HEAD', url: '/v1/electron.zip' }]);
    const missing = await downloadHost(404);
    expect(await probeDownload(`${missing.url}v1/electron.zip`)).toMatch(/^HTTP 404 from 127\.0\.0\.1:\d+$/);
    expect(await probeDownload(`${await closedPort()}v1/electron.zip`)).toMatch(/ECONNREFUSED/);
  });
});

describe('resolveElectron: where npm run dist gets Electron', () => {
  const base = { platform: 'linux' as const, arch: 'x64', version: '45.4.1' };

  it('uses ELECTRON_OVERRIDE_DIST_PATH, for this machine’s architecture, at the version it holds', async () => {
    const dist = unpackedElectron('v45.4.1');
    const resolved = await resolveElectron({ ...base, platform: process.platform, env: { ELECTRON_OVERRIDE_DIST_PATH: dist } });
    expect(resolved.args).toEqual([`-c.electronDist=${dist}`, '-c.electronVersion=45.4.1', '--x64']);
  });

  it('stops with one line when ELECTRON_OVERRIDE_DIST_PATH holds no Electron', async () => {
    const empty = temp();
    const failure = resolveElectron({ ...base, env: { ELECTRON_OVERRIDE_DIST_PATH: empty } });
    await expect(failure).rejects.toBeInstanceOf(DistError);
    await expect(failure).rejects.toThrow(/^ELECTRON_OVERRIDE_DIST_PATH is .+, but it has no electron; set ELECTRON_OVERRIDE_DIST_PATH .+electronDist/);
  });

  it('leaves an electronDist given on the command line to electron-builder, if it exists', async () => {
    const dist = temp();
    expect(await resolveElectron({ ...base, env: {}, args: ['--dir', `-c.electronDist=${dist}`] })).toEqual({ args: [], note: `Electron from electronDist: ${dist}` });
    await expect(resolveElectron({ ...base, env: {}, args: ['--config.electronDist', join(dist, 'nope')] })).rejects.toThrow(/^electronDist is set to ".+nope", which does not exist/);
  });

  it('uses a cached download without asking the network', async () => {
    const cache = temp();
    mkdirSync(join(cache, 'abc'));
    writeFileSync(join(cache, 'abc', 'electron-v45.4.1-linux-x64.zip'), 'zip');
    const fetchImpl = () => Promise.reject(new Error('the network was asked'));
    expect((await resolveElectron({ ...base, env: { electron_config_cache: cache }, fetchImpl })).note).toMatch(/download cache/);
  });

  it('downloads when the download host answers', async () => {
    const host = await downloadHost(302);
    const resolved = await resolveElectron({ ...base, env: { electron_config_cache: temp(), ELECTRON_MIRROR: host.url } });
    expect(resolved).toEqual({ args: [], note: expect.stringMatching(/will be downloaded from 127\.0\.0\.1/) });
    expect(host.requests).toEqual([{ method: 'HEAD', url: '/v45.4.1/electron-v45.4.1-linux-x64.zip' }]);
  });

  it('stops with one line saying what it needs when Electron cannot be downloaded', async () => {
    const failure = resolveElectron({ ...base, env: { electron_config_cache: temp(), ELECTRON_MIRROR: await closedPort() } });
    await expect(failure).rejects.toBeInstanceOf(DistError);
    const message = await failure.catch((error: Error) => error.message);
    expect(message).toMatch(/^npm run dist needs Electron 45\.4\.1 for linux-x64, and it cannot be downloaded here \(.*ECONNREFUSED.*\): /);
    expect(message).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(message).toContain('electronDist');
    expect(message).not.toContain('\n');
  });

  it('does not probe through a proxy it cannot use', async () => {
    const fetchImpl = () => Promise.reject(new Error('the network was asked'));
    expect((await resolveElectron({ ...base, env: { electron_config_cache: temp(), ELECTRON_GET_USE_PROXY: '1' }, fetchImpl })).note).toMatch(/proxy/);
  });

  it('refuses other systems', async () => {
    await expect(resolveElectron({ ...base, platform: 'freebsd', env: {} })).rejects.toThrow(/Linux, Windows and macOS/);
  });
});

describe('the electron-builder command line', () => {
  it('builds this platform’s installers with the configuration file, publishing nothing', () => {
    expect(builderArgs({ platform: 'linux' })).toEqual(['--config', 'electron-builder.config.ts', '--publish', 'never', '--linux']);
    expect(builderArgs({ platform: 'win32' })).toContain('--win');
    expect(builderArgs({ platform: 'darwin' })).toContain('--mac');
    expect(existsSync(join(root, builderArgs()[1]!))).toBe(true);
  });

  it('passes options on, and leaves the platform to the caller when they name one', () => {
    expect(builderArgs({ platform: 'linux', extra: ['--dir'], electronArgs: ['-c.electronDist=/e'] })).toEqual(['--config', 'electron-builder.config.ts', '--publish', 'never', '--linux', '-c.electronDist=/e', '--dir']);
    expect(builderArgs({ platform: 'linux', extra: ['--win', 'nsis'] })).toEqual(['--config', 'electron-builder.config.ts', '--publish', 'never', '--win', 'nsis']);
  });

  it('runs electron-builder without npm’s nodedir, which would build better-sqlite3 against Node’s headers', () => {
    const env = builderEnv({ npm_config_nodedir: '/usr', NPM_CONFIG_NODEDIR: '/usr', PATH: '/bin', npm_config_cache: '/c' });
    expect(env).toEqual({ PATH: '/bin', npm_config_cache: '/c' });
  });

  it('reads options given as -c.name=value or --config.name value', () => {
    expect(cliOption(['-c.electronDist=/a'], 'electronDist')).toBe('/a');
    expect(cliOption(['--config.electronDist', '/b'], 'electronDist')).toBe('/b');
    expect(cliOption(['--config', 'x.ts'], 'electronDist')).toBeNull();
    expect(cliOption(['-c.npmRebuild=false'], 'electronDist')).toBeNull();
  });
});

describe('the Node build of better-sqlite3', () => {
  it('is set aside while electron-builder rebuilds it for Electron, and put back afterwards', () => {
    const moduleDir = temp();
    const backup = join(temp(), 'backup');
    mkdirSync(join(moduleDir, 'build', 'Release'), { recursive: true });
    writeFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), 'built for Node');
    const guard = nodeBuildGuard(moduleDir, backup);
    expect(guard.setAside()).toBe(true);
    // electron-builder rebuilds in place, leaving @electron/rebuild's marker.
    rmSync(join(moduleDir, 'build'), { recursive: true });
    mkdirSync(join(moduleDir, 'build', 'Release'), { recursive: true });
    writeFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), 'built for Electron');
    writeFileSync(join(moduleDir, 'build', 'Release', '.forge-meta'), 'linux--x64--140');
    expect(guard.restore()).toBe(true);
    expect(readFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('built for Node');
    expect(existsSync(join(moduleDir, 'build', 'Release', '.forge-meta'))).toBe(false);
    expect(existsSync(backup)).toBe(false);
    expect(guard.restore()).toBe(false);
  });

  it('is put back by the next run when a run was killed before it could', () => {
    const moduleDir = temp();
    const backup = join(temp(), 'backup');
    mkdirSync(join(backup, 'Release'), { recursive: true });
    writeFileSync(join(backup, 'Release', 'better_sqlite3.node'), 'built for Node');
    mkdirSync(join(moduleDir, 'build', 'Release'), { recursive: true });
    writeFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), 'built for Electron');
    expect(nodeBuildGuard(moduleDir, backup).setAside()).toBe(true);
    expect(readFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('built for Node');
    expect(readFileSync(join(backup, 'Release', 'better_sqlite3.node'), 'utf8')).toBe('built for Node');
  });
});

describe('npm run dist on a machine that cannot download Electron', () => {
  it('fails at once, before building anything, with one line saying what it needs', async () => {
    const mirror = await closedPort();
    const builtBefore = existsSync(join(root, 'out', 'main', 'index.js')) ? statSync(join(root, 'out', 'main', 'index.js')).mtimeMs : null;
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: mirror, electron_config_cache: temp() };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    delete env.ELECTRON_GET_USE_PROXY;
    const started = Date.now();
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'dist.mjs')], { cwd: root, env, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^npm run dist needs Electron ${version.replace(/\./g, '\\.')} for \\w+-\\w+, and it cannot be downloaded here`));
    expect(lines[0]).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(lines[0]).toContain('electronDist');
    expect(Date.now() - started).toBeLessThan(20_000);
    const builtAfter = existsSync(join(root, 'out', 'main', 'index.js')) ? statSync(join(root, 'out', 'main', 'index.js')).mtimeMs : null;
    expect(builtAfter).toBe(builtBefore);
  });
});
