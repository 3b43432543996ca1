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

/**
 * Screenshots are for a person to look at, and cost a second or more each on a slow machine: they are saved when
 * E2E_SCREENSHOTS=1 (`npm run test:e2e:screens`), and skipped otherwise. No test reads them.
 */
export const SCREENSHOTS_WANTED = process.env.E2E_SCREENSHOTS === '1';

/** Saves a screenshot of a page or an element as tests/e2e/screenshots/NAME.png, when screenshots are wanted. */
export async function snap(target: { screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown> }, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (SCREENSHOTS_WANTED) await target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), ...options });
}

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

/** Stops a server the tests started (SIGTERM, then SIGKILL after 5 s) and removes its catalogue. */
function stopServer(child: ChildProcess, catalogue: string): Promise<void> {
  return new Promise<void>((done) => {
    const finish = () => {
      rmSync(catalogue, { recursive: true, force: true });
      done();
    };
    if (child.exitCode !== null) return finish();
    child.once('exit', finish);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

/**
 * Starts `storeroom serve` on a fresh catalogue (or the one given, made beforehand) and a free port; resolves once it
 * answers. The catalogue is deleted when the server stops. `language` is the catalogue's (its default vocabularies)
 * and the server's messages' (--lang); English when not given.
 */
export async function startServer(options: string | { catalogue?: string; language?: string } = {}): Promise<StoreroomServer> {
  const { catalogue: given, language } = typeof options === 'string' ? { catalogue: undefined, language: options } : options;
  const catalogue = given ?? mkdtempSync(join(tmpdir(), 'storeroom-e2e-'));
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
    stop: () => stopServer(child, catalogue),
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

export interface WorkshopServer {
  /** https://127.0.0.1:PORT/ */
  url: string;
  /** The coordinator's own link on this computer (the server's token in it). */
  coordinatorUrl: string;
  token: string;
  catalogue: string;
  /** The certificate the server made, which the test's own calls trust explicitly. */
  cert: string;
  /** Calls the API as the coordinator (the server's token), trusting the workshop's certificate. */
  call<T>(procedure: string, input: unknown, personId?: string): Promise<T>;
  /** The join link of the moment, with a fresh one-time code. */
  joinUrl(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `storeroom serve --workshop` (HTTPS) on a fresh catalogue, on this computer's loopback only. */
export async function startWorkshop(): Promise<WorkshopServer> {
  const { request } = await import('node:https');
  const { readFileSync } = await import('node:fs');
  const catalogue = mkdtempSync(join(tmpdir(), 'storeroom-e2e-workshop-'));
  const token = randomBytes(16).toString('hex');
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'src-main/cli/storeroom.js'), 'serve', '--workshop', '--catalogue', catalogue, '--host', '127.0.0.1', '--port', String(port), '--token', token],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`storeroom serve --workshop did not start within 30 s:\n${output}`)), 30_000);
    const poll = () => {
      if (child.exitCode !== null) return fail(new Error(`storeroom serve --workshop exited:\n${output}`));
      if (output.includes('Coordinator')) {
        clearTimeout(timer);
        return done();
      }
      setTimeout(poll, 100);
    };
    poll();
  });
  const cert = readFileSync(join(catalogue, 'workshop', 'certificate.pem'), 'utf8');
  const url = `https://127.0.0.1:${port}/`;
  const call = <T>(procedure: string, input: unknown, personId?: string) =>
    new Promise<T>((resolve, reject) => {
      const body = JSON.stringify(input);
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      if (personId) headers['x-storeroom-person'] = personId;
      const req = request({ host: '127.0.0.1', port, path: `/api/${procedure}`, method: 'POST', headers, ca: cert, agent: false }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d));
        res.on('end', () => {
          const parsed = JSON.parse(text) as { ok: boolean; data?: T; error?: unknown };
          if (parsed.ok) resolve(parsed.data as T);
          else reject(new Error(`${procedure} failed: ${JSON.stringify(parsed.error)}`));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    url,
    coordinatorUrl: `${url}?token=${token}`,
    token,
    catalogue,
    cert,
    call,
    joinUrl: async () => (await call<{ addresses: { joinUrl: string }[] }>('workshop.status', {})).addresses[0]!.joinUrl,
    stop: () => stopServer(child, catalogue),
  };
}

/**
 * Touch targets smaller than 44 px either way among the visible buttons, links and fields of a page (a link inside a
 * sentence is text, not a target, and is left out).
 */
export async function smallTouchTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = 'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [role="tab"], [role="radio"], [role="checkbox"], [role="switch"], [role="menuitem"], [role="option"]';
    const small: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || element.closest('[aria-hidden="true"]')) continue;
      // A hidden file input behind its label button, and links that are words in a sentence.
      if (element.classList.contains('visually-hidden')) continue;
      if (element.tagName === 'A' && style.display === 'inline' && element.parentElement?.tagName === 'P') continue;
      // Inputs whose label or wrapper is the target (checkboxes inside a 44 px row).
      const target = element.matches('input[type="checkbox"], input[type="radio"]') ? (element.closest('label, .mantine-Checkbox-body, .mantine-Radio-body') ?? element) : element;
      const area = target.getBoundingClientRect();
      if (area.height < 43.5 || area.width < 43.5) {
        const name = (element.getAttribute('aria-label') ?? element.textContent ?? element.getAttribute('placeholder') ?? element.tagName).trim().slice(0, 40);
        small.push(`${name} (${Math.round(area.width)}×${Math.round(area.height)})`);
      }
    }
    return small;
  });
}
