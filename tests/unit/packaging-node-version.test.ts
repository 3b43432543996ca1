import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The Node version the project states (package.json's engines, the README, CI) is one every installed tool accepts.

const root = fileURLToPath(new URL('../..', import.meta.url));
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean;
  minVersion(range: string): { version: string; major: number; minor: number } | null;
};
const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
const floor = semver.minVersion(engines)!;

/** Every installed package (nested ones too) that states the Node versions it runs on. */
function installedEngines(): { name: string; range: string }[] {
  const found: { name: string; range: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      if (name.startsWith('@')) {
        walk(path);
        continue;
      }
      const manifest = join(path, 'package.json');
      if (existsSync(manifest)) {
        try {
          const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string; engines?: { node?: unknown } };
          if (typeof pkg.engines?.node === 'string') found.push({ name: `${pkg.name}@${pkg.version}`, range: pkg.engines.node });
        } catch {
          // not a package manifest we can read
        }
      }
      if (existsSync(join(path, 'node_modules'))) walk(join(path, 'node_modules'));
    }
  };
  walk(join(root, 'node_modules'));
  return found;
}

describe('the Node version', () => {
  it('is 22 or newer: Electron 45’s tools need it', () => {
    expect(floor.major).toBeGreaterThanOrEqual(22);
    const electron = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(semver.satisfies(floor.version, electron.engines.node), `Electron asks for ${electron.engines.node}`).toBe(true);
  });

  it('is accepted by every installed package (else raise engines, the README and CI together)', () => {
    const refusing = installedEngines().filter(({ range }) => !semver.satisfies(floor.version, range, { includePrerelease: true }));
    expect(refusing.map(({ name, range }) => `${name} wants ${range}`)).toEqual([]);
  });

  it('is the one the README states and CI installs', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`Node.js ${floor.major}.${floor.minor} or newer`);
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
    const ciVersion = /^CI_NODE_VERSION=(\S+)$/m.exec(ci)?.[1];
    expect(ciVersion).toBeDefined();
    expect(semver.satisfies(ciVersion!, engines)).toBe(true);
    expect(ciVersion!.startsWith(`${floor.major}.${floor.minor}.`), `CI tests the oldest Node engines allows (${floor.major}.${floor.minor})`).toBe(true);
    expect(ci).toContain(`b >= ${floor.minor}`);
  });
});
