import { FileMatcher } from 'app-builder-lib/out/fileMatcher';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config, {
  APP_ID,
  ASAR_UNPACK,
  checkSqliteBuiltForElectron,
  electronAbi,
  FILES,
  FUSES,
  nativeAbis,
  removeDefaultApp,
  SYNC_BUNDLE_EXTENSION,
  type PackedAppContext,
} from '../../electron-builder.config';
import { PACKAGED_SQLITE_BINDING } from '../../src-main/electron/sqlite-binding';

// electron-builder.config.ts, read as electron-builder reads it. tests/integration/packaging.test.ts packs with it.

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown> & { productName: string; version: string; main: string; engines: { node: string } };

type Targets = { target: string; arch: string[] }[];
const targetsOf = (platform: 'linux' | 'win' | 'mac') => (config[platform] as { target: Targets }).target.map(({ target, arch }) => `${target}:${arch.join('+')}`);

describe('the installers', () => {
  it('are AppImage and deb on Linux, NSIS on Windows, dmg for Intel and Apple silicon Macs', () => {
    expect(targetsOf('linux')).toEqual(['AppImage:x64', 'deb:x64']);
    expect(targetsOf('win')).toEqual(['nsis:x64']);
    expect(targetsOf('mac')).toEqual(['dmg:x64+arm64']);
  });

  it('take the name, id and version of the app; the version only from package.json', () => {
    expect(config.productName).toBe(pkg.productName);
    expect(config.appId).toBe(APP_ID);
    expect(APP_ID).toMatch(/^[a-z]+(\.[a-z][a-z0-9-]*)+$/);
    expect(config.executableName).toBe('storeroom');
    expect(JSON.stringify(config)).not.toMatch(/"(buildVersion|version)"/);
    expect(config.extraMetadata).not.toHaveProperty('version');
    expect(pkg.main).toBe('out/main/index.js');
    expect(config.artifactName).toContain('${version}');
  });

  it('open .storeroom-sync bundles in Storeroom', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: SYNC_BUNDLE_EXTENSION, mimeType: 'application/x-storeroom-sync', name: expect.any(String), role: 'Editor' }),
    ]);
    expect(SYNC_BUNDLE_EXTENSION).toBe('storeroom-sync');
  });

  it('point at icons that exist, in the format each system needs', () => {
    const linux = join(root, (config.linux as { icon: string }).icon);
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) expect(existsSync(join(linux, `${size}x${size}.png`)), `${size}`).toBe(true);
    const ico = readFileSync(join(root, (config.win as { icon: string }).icon));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1); // ICO
    const icns = readFileSync(join(root, (config.mac as { icon: string }).icon));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
  });

  it('never delete the user’s catalogues on uninstall, and let IT choose per-machine or per-user', () => {
    expect(config.nsis).toMatchObject({ deleteAppDataOnUninstall: false, oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true });
  });

  it('give the macOS app the camera under the hardened runtime', () => {
    const mac = config.mac as { entitlements: string; entitlementsInherit: string; hardenedRuntime: boolean; extendInfo: Record<string, string> };
    expect(mac.hardenedRuntime).toBe(true);
    for (const file of [mac.entitlements, mac.entitlementsInherit]) {
      const plist = readFileSync(join(root, file), 'utf8');
      for (const key of ['com.apple.security.cs.allow-jit', 'com.apple.security.device.camera']) expect(plist, `${file} ${key}`).toContain(`<key>${key}</key>`);
    }
    expect(mac.extendInfo.NSCameraUsageDescription).toMatch(/camera/);
  });

  it('give deb packages the metadata dpkg requires', () => {
    expect((config.linux as { maintainer: string }).maintainer).toBeTruthy();
    expect((config.extraMetadata as { homepage: string }).homepage).toMatch(/^https:\/\//);
    expect(config.extraMetadata).toMatchObject({ desktopName: `${config.executableName}.desktop` });
  });
});

describe('the fuses', () => {
  it('are set in the configuration: no run-as-node, no NODE_OPTIONS, no --inspect; cookie encryption; only the checked app.asar', () => {
    expect(config.electronFuses).toBe(FUSES);
    expect(FUSES).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('leave the core in a utility process, never started through ELECTRON_RUN_AS_NODE', () => {
    const coreProcess = readFileSync(join(root, 'src-main', 'electron', 'core-process.ts'), 'utf8');
    expect(coreProcess).toContain('utilityProcess.fork(');
    expect(coreProcess).toContain('delete env.ELECTRON_RUN_AS_NODE');
    for (const file of ['main.ts', 'core-process.ts', 'core-host.ts']) {
      const source = readFileSync(join(root, 'src-main', 'electron', file), 'utf8');
      expect(source, file).not.toMatch(/child_process|ELECTRON_RUN_AS_NODE\s*[:=]\s*['"]?1/);
    }
  });
});

describe('what goes into app.asar', () => {
  // electron-builder's own matcher, as it applies `files` to the app folder.
  const filter = new FileMatcher(root, '/app', (s: string) => s, FILES).createFilter();
  const packed = (path: string) => filter(join(root, path), { isDirectory: () => false } as never);

  it('is the built app and the window icon, not sources, tests, caches, maps or .env files', () => {
    for (const path of ['out/main/index.js', 'out/main/core-host.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc.js', 'resources/icon.png', 'package.json']) {
      expect(packed(path), path).toBe(true);
    }
    for (const path of [
      'out/main/index.js.map',
      'out/renderer/assets/index-abc.js.map',
      'out/.env',
      'out/.env.production',
      '.env',
      'src-main/electron/main.ts',
      'src-renderer/index.html',
      'tests/unit/x.test.ts',
      'out/tests/x.js',
      '.cache/electron-native/45.4.1/better_sqlite3.node',
      'out/.cache/x',
      'resources/icons/1024x1024.png',
      'resources/icon.svg',
      'scripts/dist.mjs',
      'electron-builder.config.ts',
      'README.md',
    ]) {
      expect(packed(path), path).toBe(false);
    }
  });

  it('unpacks every native module, including where main.ts loads better-sqlite3 from', () => {
    const unpackFilter = new FileMatcher(root, '/app', (s: string) => s, ASAR_UNPACK).createFilter();
    const unpacked = (path: string) => unpackFilter(join(root, path), { isDirectory: () => false } as never);
    expect(unpacked(PACKAGED_SQLITE_BINDING.slice(1).join('/'))).toBe(true);
    expect(PACKAGED_SQLITE_BINDING[0]).toBe('app.asar.unpacked');
    for (const path of ['node_modules/sharp/lib/index.js', 'node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node', 'node_modules/@img/sharp-libvips-darwin-arm64/lib/libvips-cpp.8.17.3.dylib', 'node_modules/@img/sharp-win32-x64/lib/libvips-42.dll']) {
      expect(unpacked(path), path).toBe(true);
    }
    expect(unpacked('out/main/index.js')).toBe(false);
    expect(config.asar).toBe(true);
  });

  it('has better-sqlite3 rebuilt for Electron by electron-builder at packaging time, not on the user’s machine', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(false);
    expect(config).not.toHaveProperty('beforeBuild');
  });
});

describe('removeDefaultApp (afterExtract)', () => {
  const withApp = (layout: string[], run: (dir: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'storeroom-default-app-'));
    try {
      for (const file of layout) {
        mkdirSync(join(dir, file, '..'), { recursive: true });
        writeFileSync(join(dir, file), 'x');
      }
      run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('removes Electron’s default_app.asar on Linux and Windows, and leaves the rest', () => {
    withApp(['resources/default_app.asar', 'resources/app.asar', 'storeroom'], (dir) => {
      removeDefaultApp({ appOutDir: dir, electronPlatformName: 'linux' });
      expect(existsSync(join(dir, 'resources', 'default_app.asar'))).toBe(false);
      expect(statSync(join(dir, 'resources', 'app.asar')).isFile()).toBe(true);
    });
  });

  it('removes it from inside the .app bundle on macOS', () => {
    withApp(['Storeroom.app/Contents/Resources/default_app.asar', 'Storeroom.app/Contents/Resources/electron.icns'], (dir) => {
      expect(removeDefaultApp({ appOutDir: dir, electronPlatformName: 'darwin' })).toEqual([join(dir, 'Storeroom.app', 'Contents', 'Resources', 'default_app.asar')]);
      expect(existsSync(join(dir, 'Storeroom.app', 'Contents', 'Resources', 'default_app.asar'))).toBe(false);
      expect(existsSync(join(dir, 'Storeroom.app', 'Contents', 'Resources', 'electron.icns'))).toBe(true);
    });
  });
});

describe('checkSqliteBuiltForElectron (afterPack)', () => {
  const packed = (symbol: string | null, npmRebuild: boolean | undefined = undefined) => {
    const appOutDir = mkdtempSync(join(tmpdir(), 'storeroom-packed-'));
    const file = join(appOutDir, 'resources', ...PACKAGED_SQLITE_BINDING);
    mkdirSync(join(file, '..'), { recursive: true });
    if (symbol !== null) writeFileSync(file, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]), Buffer.from(`...${symbol}\0...`)]));
    const context: PackedAppContext = {
      appOutDir,
      packager: { getResourcesDir: (dir) => join(dir, 'resources'), config: { npmRebuild }, info: { framework: { version: '45.4.1' } } },
    };
    return { context, cleanup: () => rmSync(appOutDir, { recursive: true, force: true }) };
  };

  it('knows Electron 45’s ABI as @electron/rebuild does, and reads a binary’s from its register symbol', () => {
    expect(electronAbi('45.4.1')).toBe('150');
    expect(nativeAbis(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')))).toEqual([process.versions.modules]);
  });

  it('accepts better-sqlite3 built for Electron', () => {
    const { context, cleanup } = packed('node_register_module_v150');
    try {
      expect(() => checkSqliteBuiltForElectron(context)).not.toThrow();
    } finally {
      cleanup();
    }
  });

  it('stops the build when the packed binary is built for Node, or is missing', () => {
    for (const symbol of ['node_register_module_v115', 'node_register_module_v127', null]) {
      const { context, cleanup } = packed(symbol);
      try {
        expect(() => checkSqliteBuiltForElectron(context), String(symbol)).toThrow(symbol ? /is built for ABI 1\d\d, not for Electron 45\.4\.1 \(ABI 150\)/ : /ENOENT/);
      } finally {
        cleanup();
      }
    }
  });

  it('says so, and checks nothing, when the rebuild was turned off', () => {
    const { context, cleanup } = packed('node_register_module_v115', false);
    const said: string[] = [];
    try {
      checkSqliteBuiltForElectron(context, (message) => said.push(message));
      expect(said).toEqual([expect.stringMatching(/npmRebuild is off/)]);
    } finally {
      cleanup();
    }
  });

  it('runs after electron-builder packs', () => {
    expect(typeof config.afterPack).toBe('function');
  });
});
