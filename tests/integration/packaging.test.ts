import { extractAll, extractFile, getRawHeader } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSqliteBuiltForElectron, FUSES, type PackedAppContext } from '../../electron-builder.config';
import { PACKAGED_SQLITE_BINDING } from '../../src-main/electron/sqlite-binding';

// Packs the app with electron-builder and electron-builder.config.ts, as `npm run dist` does, into an unpacked
// Linux app ("dir" target), then reads what it made with @electron/asar. No Electron binary can be had here, so
// the Electron it packs is a stand-in: a file carrying Electron's fuse wire, which electron-builder flips as it
// would in the real binary. What differs from `npm run dist`: better-sqlite3 is packed as built for Node
// (npmRebuild off: rebuilding for Electron needs Electron's headers), and nothing is made into an installer.

const root = fileURLToPath(new URL('../..', import.meta.url));
const MiB = 1024 * 1024;

/**
 * The budget: what the app adds to Electron, app.asar and the files unpacked beside it together. Today about
 * 73 MiB (libvips 19, libheif's WebAssembly 9, exceljs 4, and for the labels pdfkit, fontkit, bwip-js and the fonts
 * that print every script, about 18; the renderer 7.5, of which 3 are its brotli and gzip copies for the workshop's
 * phones and 1 the barcode reader's WebAssembly). A dev dependency, a cache or test data packed by mistake goes far
 * past it.
 */
const BUDGET_BYTES = 76 * MiB;

/** Electron's fuse wire as its binaries ship it (version 1, eight fuses: RunAsNode on, cookie encryption off, ...). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const STOCK_FUSES = '10110001';
/** A fuse's state in the wire: the characters '0' and '1' (@electron/fuses' FuseState, which its index does not export). */
const FuseState = { DISABLE: 0x30, ENABLE: 0x31 } as const;

interface Entry {
  path: string;
  size: number;
  unpacked: boolean;
}

/** Every file in the archive, from its header: path, size, and whether it lives in app.asar.unpacked. */
function filesOf(archive: string): Entry[] {
  const files: Entry[] = [];
  const walk = (node: { files?: Record<string, unknown> }, prefix: string, unpackedDir: boolean) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const entry = child as { files?: Record<string, unknown>; size?: number; unpacked?: boolean; link?: string };
      const path = prefix ? `${prefix}/${name}` : name;
      if (entry.files) walk(entry, path, unpackedDir || entry.unpacked === true);
      else if (entry.link === undefined) files.push({ path, size: entry.size ?? 0, unpacked: entry.unpacked === true || unpackedDir });
    }
  };
  walk(getRawHeader(archive).header as { files?: Record<string, unknown> }, '', false);
  return files;
}

let work: string;
let outDir: string;
let appOutDir: string;
let archive: string;
let files: Entry[];
let builderLog: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'storeroom-packaging-'));
  const electronDist = join(work, 'electron');
  mkdirSync(join(electronDist, 'resources'), { recursive: true });
  writeFileSync(join(electronDist, 'electron'), Buffer.concat([Buffer.from('stand-in for the electron binary '), Buffer.from(SENTINEL), Buffer.from([1, STOCK_FUSES.length]), Buffer.from(STOCK_FUSES)]), { mode: 0o755 });
  writeFileSync(join(electronDist, 'version'), JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version);
  writeFileSync(join(electronDist, 'LICENSE'), 'Electron’s license');
  writeFileSync(join(electronDist, 'resources', 'default_app.asar'), 'Electron’s default app');
  outDir = join(work, 'dist');

  const result = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'electron-builder', 'cli.js'),
      ...['--config', 'electron-builder.config.ts', '--linux', 'dir', '--x64', '--publish', 'never'],
      `-c.electronDist=${electronDist}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${outDir}`,
    ],
    // Under Vitest (VITEST set), electron-builder keeps its log to itself.
    { cwd: root, encoding: 'utf8', timeout: 170_000, env: { ...process.env, VITEST: '', CI: 'true' } },
  );
  builderLog = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`electron-builder failed (${result.status}):\n${builderLog}`);
  appOutDir = join(outDir, 'linux-unpacked');
  archive = join(appOutDir, 'resources', 'app.asar');
  files = filesOf(archive);
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The packages `npm ls` counts as production dependencies, direct or not. */
function productionPackages(): Set<string> {
  const result = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' });
  const nodeModules = join(root, 'node_modules') + sep;
  return new Set(
    result.stdout
      .split('\n')
      .filter((line) => line.startsWith(nodeModules))
      .map((line) => relative(root, line).split(sep).join('/'))
      .map((path) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(path)![1]!),
  );
}

describe('the packaged app (electron-builder with electron-builder.config.ts)', () => {
  it('holds the built app, with the package.json Electron starts from', () => {
    const paths = new Set(files.map((f) => f.path));
    for (const file of ['out/main/index.js', 'out/main/core-host.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'resources/icon.png', 'package.json']) {
      expect(paths, file).toContain(file);
    }
    expect(files.some((f) => /^out\/renderer\/assets\/.+\.js$/.test(f.path))).toBe(true);
    const ours = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; main: string; type: string };
    const packed = JSON.parse(extractFile(archive, 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(packed).toMatchObject({ name: 'storeroom', productName: 'Storeroom', version: ours.version, main: ours.main, type: 'module', desktopName: 'storeroom.desktop' });
  });

  it('unpacks the native modules beside the archive, and packs no native binary inside it', () => {
    const native = files.filter((f) => /\.(node|so(\.\d+)*|dylib|dll)$/.test(f.path));
    expect(native.map((f) => f.path)).toEqual(
      // better-sqlite3; sharp's binary and libvips, for this machine (@img/sharp-linux-x64, @img/sharp-libvips-linux-x64 here).
      expect.arrayContaining([
        PACKAGED_SQLITE_BINDING.slice(1).join('/'),
        expect.stringMatching(/^node_modules\/@img\/sharp-[^/]+\/lib\/sharp-[^/]+\.node$/),
        expect.stringMatching(/^node_modules\/@img\/sharp-[^/]+\/lib\/(lib)?vips-cpp/),
      ]),
    );
    for (const file of native) {
      expect(file.unpacked, file.path).toBe(true);
      expect(existsSync(join(appOutDir, 'resources', 'app.asar.unpacked', file.path)), file.path).toBe(true);
    }
    // Where main.ts tells the core to load better-sqlite3 from (src-main/electron/sqlite-binding.ts).
    expect(statSync(join(appOutDir, 'resources', ...PACKAGED_SQLITE_BINDING)).size).toBeGreaterThan(100_000);
    // The whole of each native package is unpacked: sharp loads libvips through a path relative to its binary.
    for (const prefix of ['node_modules/better-sqlite3/', 'node_modules/sharp/', 'node_modules/@img/']) {
      const under = files.filter((f) => f.path.startsWith(prefix));
      expect(under.length, prefix).toBeGreaterThan(0);
      expect(under.filter((f) => !f.unpacked).map((f) => f.path), prefix).toEqual([]);
    }
  });

  it('holds no sources, tests, caches, source maps, environment files or dev dependencies', () => {
    const bad = files.filter(
      (f) =>
        /(^|\/)\.env(\.|$)/.test(f.path) ||
        /\.map$/.test(f.path) ||
        /\.(ts|tsx|mts|cts)$/.test(f.path) ||
        /(^|\/)(test|tests|__tests__|spec)\//.test(f.path) ||
        /(^|\/)\.cache\//.test(f.path) ||
        /^(src-main|src-renderer|scripts|docs|build|dist|tests|resources\/icons|\.ci)\//.test(f.path) ||
        /^node_modules\/better-sqlite3\/(deps|src)\//.test(f.path) ||
        /\.(o|a|obj|mk|gyp|gypi)$/.test(f.path),
    );
    expect(bad.map((f) => f.path)).toEqual([]);

    // Packages anywhere in the tree (node_modules/a/node_modules/b counts b).
    const packages = new Set(
      files.flatMap((f) => [...f.path.matchAll(/(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((match) => match[1]!)),
    );
    const production = productionPackages();
    const ours = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const dependency of Object.keys(ours.dependencies)) expect(packages, dependency).toContain(dependency);
    expect([...packages].filter((name) => !production.has(name))).toEqual([]);
    for (const tool of ['electron', 'electron-builder', 'app-builder-lib', '@electron/rebuild', 'typescript', 'vite', 'vitest', 'react', 'node-gyp', ...Object.keys(ours.devDependencies).filter((name) => !production.has(name))]) {
      expect(packages, tool).not.toContain(tool);
    }
  });

  it(`stays within its size budget (${BUDGET_BYTES / MiB} MiB)`, () => {
    const total = files.reduce((sum, f) => sum + f.size, 0);
    const outBytes = files.filter((f) => f.path.startsWith('out/')).reduce((sum, f) => sum + f.size, 0);
    console.info(`packaged app: ${(total / MiB).toFixed(1)} MiB in ${files.length} files (out/ ${(outBytes / MiB).toFixed(1)} MiB); budget ${BUDGET_BYTES / MiB} MiB`);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(statSync(archive).size).toBeLessThanOrEqual(total);
  });

  it('flips the fuses in the Electron binary', async () => {
    const binary = join(appOutDir, 'storeroom');
    expect(builderLog).toContain('executing @electron/fuses');
    const wire = await getCurrentFuseWire(binary);
    const state = (option: FuseV1Options) => wire[option];
    expect(state(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(FuseState.DISABLE);
    // Not set by the configuration: left as Electron ships it.
    expect(FUSES).not.toHaveProperty('loadBrowserProcessSpecificV8Snapshot');
    expect(state(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot)).toBe(FuseState.DISABLE);
  });

  it('drops Electron’s default app', () => {
    expect(existsSync(join(appOutDir, 'resources', 'default_app.asar'))).toBe(false);
    expect(existsSync(join(appOutDir, 'storeroom'))).toBe(true);
  });

  it('checks after packing that better-sqlite3 was rebuilt for Electron', () => {
    // Here the rebuild is off, and the check says so.
    expect(builderLog).toContain('npmRebuild is off: better-sqlite3 is packed as it is in node_modules');
    // Had it been on, the Node build packed here would have stopped the build.
    const context: PackedAppContext = {
      appOutDir,
      packager: { getResourcesDir: (dir) => join(dir, 'resources'), config: { npmRebuild: true }, info: { framework: { version: '45.4.1' } } },
    };
    expect(() => checkSqliteBuiltForElectron(context)).toThrow(new RegExp(`built for ABI ${process.versions.modules}, not for Electron 45\\.4\\.1`));
  });

  it('runs from what was packed: photos (sharp, libvips, the HEIC decoder), CSV import and Excel export', () => {
    const app = join(work, 'extracted');
    extractAll(archive, app);
    const catalogue = join(work, 'catalogue');
    const csv = join(work, 'objects.csv');
    writeFileSync(csv, 'Object number,Object name\n2024.1,Bowl\n2024.2,Jug\n');
    const xlsx = join(work, 'inventory.xlsx');
    const run = (...args: string[]) => {
      const result = spawnSync(process.execPath, [join(app, 'out', 'main', 'cli.js'), ...args, '--catalogue', catalogue, '--json'], { encoding: 'utf8', timeout: 60_000 });
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      return JSON.parse(result.stdout) as Record<string, unknown>;
    };
    expect(run('photos', 'add', join(root, 'tests', 'fixtures', 'photos', 'red-blue.heic'))).toMatchObject({ errors: [], added: [{ duplicate: false }] });
    expect(run('import', csv)).toMatchObject({});
    expect(run('export', xlsx)).toMatchObject({ sheets: { Objects: 2 } });
    expect(statSync(xlsx).size).toBeGreaterThan(1000);
  });
});
