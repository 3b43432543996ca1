/**
 * How Storeroom's installers are built (electron-builder): `npm run dist` runs scripts/dist.mjs, which checks
 * what the build needs and then runs electron-builder with this file. Name, version and description come from
 * package.json; the icons from resources/icons (made by `npm run icons` from resources/icon.svg).
 *
 * tests/unit/packaging-config.test.ts checks the settings below; tests/integration/packaging.test.ts packs the
 * app with them and checks what the archive holds.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Configuration } from 'electron-builder';
import { PACKAGED_SQLITE_BINDING } from './src-main/electron/sqlite-binding';

type FuseOptions = NonNullable<Configuration['electronFuses']>;

/** The app's id: the macOS bundle id, Windows' AppUserModelID. Changing it after a release makes a different app. */
export const APP_ID = 'org.storeroom.desktop';

/** A sync bundle between field copies (`.storeroom-sync`), opened by double-clicking it. */
export const SYNC_BUNDLE_EXTENSION = 'storeroom-sync';
export const SYNC_BUNDLE_MIME_TYPE = 'application/x-storeroom-sync';

/**
 * Electron's fuses, flipped in the packaged binary. The core runs in a utility process
 * (src-main/electron/core-process.ts), never as `ELECTRON_RUN_AS_NODE`, so runAsNode can be off.
 */
export const FUSES = {
  /** ELECTRON_RUN_AS_NODE is ignored: the app cannot be used as a plain Node. */
  runAsNode: false,
  /** Cookies on disk are encrypted with the system's keys. */
  enableCookieEncryption: true,
  /** NODE_OPTIONS and NODE_EXTRA_CA_CERTS are ignored. */
  enableNodeOptionsEnvironmentVariable: false,
  /** --inspect, --inspect-brk and SIGUSR1 do not open a debugger. */
  enableNodeCliInspectArguments: false,
  /** app.asar is checked against the hash embedded at build time (macOS and Windows; Electron has no Linux check). */
  enableEmbeddedAsarIntegrityValidation: true,
  /** The app is loaded only from app.asar, never from a loose app/ folder beside it. */
  onlyLoadAppFromAsar: true,
  /** The window is served by storeroom://, never file://, which needs no extra privileges. */
  grantFileProtocolExtraPrivileges: false,
  /**
   * Flipping fuses breaks the ad-hoc signature Electron's macOS binary comes with, and Apple silicon refuses to
   * run an unsigned binary: sign it again ad hoc (electron-builder signs properly afterwards when it has an identity).
   */
  resetAdHocDarwinSignature: true,
} as const satisfies FuseOptions;

/**
 * Native code must be real files on disk, not inside app.asar: better-sqlite3's binary (rebuilt for Electron's
 * ABI by electron-builder), sharp and its @img packages (libvips, loaded by the dynamic linker next to sharp's binary).
 */
export const ASAR_UNPACK = ['node_modules/better-sqlite3/**/*', 'node_modules/sharp/**/*', 'node_modules/@img/**/*'];

/**
 * What goes into app.asar besides the production dependencies (which electron-builder adds itself, without
 * devDependencies): the built app, and the window icon main.ts loads. Source, tests, caches, source maps
 * and environment files stay out; the patterns starting with ! apply to node_modules too.
 */
export const FILES = [
  'out/**/*',
  'resources/icon.png',
  // The label fonts: Noto Sans comes from @fontsource, CJK from here (core/labels/fonts.ts finds it beside out/).
  'resources/fonts/**/*',
  'package.json',
  '!**/*.map',
  '!**/.env',
  '!**/.env.*',
  '!**/*.{ts,tsx,mts,cts}',
  '!**/{test,tests,__tests__,spec,specs}/**',
  '!**/.cache/**',
  '!**/node_modules/better-sqlite3/{deps,src}/**',
  '!**/node_modules/better-sqlite3/build/{deps,Release/obj,Release/obj.target,Release/.deps,Release/test_extension.node}{,/**}',
  '!**/node_modules/sharp/src/**',
  // The labels use two weights of Noto Sans, as WOFF, and the Node builds of pdfkit, fontkit and bwip-js.
  '!**/node_modules/@fontsource/*/files/*.woff2',
  '!**/node_modules/@fontsource/*/files/*-{100,200,300,500,600,800,900}-*',
  '!**/node_modules/@fontsource/*/*.css',
  '!**/node_modules/pdfkit/js/pdfkit.{browser,standalone}.*',
  '!**/node_modules/fontkit/dist/browser*',
  '!**/node_modules/bwip-js/dist/bwip-js{,-min,-rn,-gen}.{js,mjs}',
  // exceljs runs from its sources (excel.js, lib/); its browser bundles stay out. zod's sources too.
  '!**/node_modules/exceljs/dist/**',
  '!**/node_modules/zod/src/**',
];

/**
 * Electron's own default app (default_app.asar) comes with an unpacked Electron (electronDist or
 * ELECTRON_OVERRIDE_DIST_PATH); electron-builder drops it only from a downloaded one. Storeroom never loads it
 * (onlyLoadAppFromAsar), so it is not shipped.
 */
export function removeDefaultApp(context: { appOutDir: string; electronPlatformName: string }): string[] {
  const resourceDirs =
    context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas'
      ? readdirSync(context.appOutDir)
          .filter((name) => name.endsWith('.app'))
          .map((app) => join(context.appOutDir, app, 'Contents', 'Resources'))
      : [join(context.appOutDir, 'resources')];
  const removed = resourceDirs.map((dir) => join(dir, 'default_app.asar'));
  for (const file of removed) rmSync(file, { force: true });
  return removed;
}

/** The ABI of an Electron version, as @electron/rebuild (which electron-builder runs) reckons it. */
export function electronAbi(electronVersion: string): string {
  const fromRebuild = createRequire(createRequire(import.meta.url).resolve('@electron/rebuild'));
  return (fromRebuild('node-abi') as { getAbi(target: string, runtime: string): string }).getAbi(electronVersion, 'electron');
}

/** The ABIs a native module was built for: Node's loader calls node_register_module_v<ABI>. */
export const nativeAbis = (binary: Buffer): string[] => [...new Set([...binary.toString('latin1').matchAll(/node_register_module_v(\d+)/g)].map((m) => m[1]!))];

export interface PackedAppContext {
  appOutDir: string;
  packager: { getResourcesDir(appOutDir: string): string; config: { npmRebuild?: boolean | null }; info: { framework: { version: string } } };
}

/**
 * afterPack: the better-sqlite3 binary in the package must be the one rebuilt for Electron. A rebuild that compiles
 * against Node's headers instead (an npm `nodedir` setting passed on to node-gyp does that) still reports success,
 * and the installed app could then open no catalogue: stop the build instead.
 */
export function checkSqliteBuiltForElectron(context: PackedAppContext, log: (message: string) => void = console.warn): void {
  if (context.packager.config.npmRebuild === false) {
    log('npmRebuild is off: better-sqlite3 is packed as it is in node_modules, not rebuilt for Electron, and not checked.');
    return;
  }
  const file = join(context.packager.getResourcesDir(context.appOutDir), ...PACKAGED_SQLITE_BINDING);
  const version = context.packager.info.framework.version;
  const expected = electronAbi(version);
  const found = nativeAbis(readFileSync(file));
  if (!found.includes(expected)) {
    throw new Error(
      `${file} is built for ABI ${found.join(', ') || 'unknown'}, not for Electron ${version} (ABI ${expected}): the installed app could not open a catalogue. ` +
        'Was it compiled against Node’s headers (an npm "nodedir" setting)? npm run dist leaves that setting out.',
    );
  }
}

const config: Configuration = {
  appId: APP_ID,
  productName: 'Storeroom',
  executableName: 'storeroom',
  copyright: 'Copyright © Storeroom contributors',
  directories: { output: 'dist', buildResources: 'build' },
  files: FILES,
  asar: true,
  asarUnpack: ASAR_UNPACK,
  electronFuses: FUSES,
  afterExtract: (context) => void removeDefaultApp(context),
  afterPack: (context) => checkSqliteBuiltForElectron(context),
  // electron-builder rebuilds the production dependencies' native modules for Electron (better-sqlite3; sharp
  // uses Node-API and needs none) before it packs them, downloading a prebuilt binary or compiling against
  // Electron's headers. scripts/dist.mjs puts back the Node build in node_modules afterwards.
  npmRebuild: true,
  buildDependenciesFromSource: false,
  extraMetadata: {
    // Electron's Wayland app id; must match the .desktop file electron-builder writes (storeroom.desktop).
    desktopName: 'storeroom.desktop',
    // Required by deb packages. Until Storeroom has a public home of its own: the method it implements.
    homepage: 'https://www.iccrom.org/section/preventive-conservation/re-org',
  },
  fileAssociations: [
    {
      ext: SYNC_BUNDLE_EXTENSION,
      name: 'Storeroom sync bundle',
      description: 'Changes from a Storeroom field copy',
      mimeType: SYNC_BUNDLE_MIME_TYPE,
      role: 'Editor',
      rank: 'Owner',
    },
  ],
  artifactName: '${productName}-${version}-${os}-${arch}.${ext}',

  linux: {
    target: [{ target: 'AppImage', arch: ['x64'] }, { target: 'deb', arch: ['x64'] }],
    icon: 'resources/icons',
    category: 'Office',
    synopsis: 'Catalogue museum collection storage while it is reorganized (RE-ORG)',
    maintainer: 'Storeroom contributors',
  },

  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'resources/icons/icon.ico',
  },
  nsis: {
    artifactName: '${productName}-${version}-win-${arch}-setup.${ext}',
    // An installer an IT department can hand out: choose per user or per machine, and the folder; `/S` installs silently.
    oneClick: false,
    perMachine: false,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    // The default catalogue lives in the user data folder: uninstalling never deletes a catalogue.
    deleteAppDataOnUninstall: false,
  },

  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    icon: 'resources/icons/icon.icns',
    category: 'public.app-category.productivity',
    hardenedRuntime: true,
    // electron-builder's entitlements for Electron under the hardened runtime, plus the camera.
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    extendInfo: {
      // The webcam, for photos of objects and locations.
      NSCameraUsageDescription: 'Storeroom uses the camera to photograph objects and storage locations.',
    },
  },
  dmg: {
    writeUpdateInfo: false,
  },
};

export default config;
