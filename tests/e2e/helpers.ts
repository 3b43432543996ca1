import type { Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'tests/e2e/screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

export const screenshotPath = (name: string) => join(SCREENSHOTS, `${name}.png`);

export interface StoreroomServer {
  url: string;
  /** The link `storeroom serve` prints: url with ?token=. */
  openUrl: string;
  token: string;
  catalogue: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/**
 * Starts `storeroom serve` on a fresh catalogue and a free port; resolves once it answers. `language` is the
 * catalogue's (its default vocabularies) and the server's messages' (--lang); English when not given.
 */
export async function startServer(language?: string): Promise<StoreroomServer> {
  const catalogue = mkdtempSync(join(tmpdir(), 'storeroom-e2e-'));
  const token = randomBytes(16).toString('hex');
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'src-main/cli/storeroom.js'), 'serve', '--catalogue', catalogue, '--port', String(port), '--token', token, ...(language ? ['--lang', language] : [])],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}/`;

  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`storeroom serve did not start within 20 s:\n${output}`)), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`storeroom serve exited with ${code}:\n${output}`));
    });
    const poll = async () => {
      try {
        const response = await fetch(`${url}api/catalogue.info`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{}',
        });
        if (response.ok) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          return done();
        }
      } catch {
        // not listening yet
      }
      setTimeout(() => void poll(), 100);
    };
    void poll();
  });

  return {
    url,
    openUrl: `${url}?token=${token}`,
    token,
    catalogue,
    stop: () =>
      new Promise<void>((done) => {
        const finish = () => {
          rmSync(catalogue, { recursive: true, force: true });
          done();
        };
        if (child.exitCode !== null) return finish();
        child.once('exit', finish);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

/**
 * Calls the HTTP API directly, as `personId` when there is one: for the setup (seeding) a test is not about.
 * Throws with the procedure's name when the call fails.
 */
export async function callApi<T>(server: StoreroomServer, procedure: string, input: unknown, personId?: string): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
  if (personId) headers['x-storeroom-person'] = personId;
  const response = await fetch(`${server.url}api/${procedure}`, { method: 'POST', headers, body: JSON.stringify(input) });
  const body = (await response.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!body.ok) throw new Error(`${procedure} failed: ${JSON.stringify(body.error)}`);
  return body.data as T;
}

/**
 * A script for page.addInitScript: this device already knows who is working (and, when given, which
 * language it speaks), so the app opens without asking.
 */
export const knownPerson = (personId: string, language?: string) =>
  `localStorage.setItem('storeroom.personId', ${JSON.stringify(personId)});` + (language ? ` localStorage.setItem('storeroom.language', '${language}');` : '');

/** Opens the app at a route (such as "/objects/<id>"), with the access token. */
export const openAt = (server: StoreroomServer, page: Page, route: string) => page.goto(`${server.openUrl}#${route}`);
