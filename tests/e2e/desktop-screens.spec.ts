import { expect, test, type Page } from '@playwright/test';
import { PERSON_HEADER, SESSION_PATH } from '../../src-main/contract/transport';
import { callApi, knownPerson, SCREENSHOTS_WANTED, snap, startServer, type StoreroomServer } from './helpers';

/*
 * Screens that only the desktop app shows, for a person to look at: the Sync page's "Sync with another laptop" in each
 * of its states. Electron does not run in this environment, so the page is given a desktop bridge (what the preload
 * exposes) that passes the procedures this page calls to `storeroom serve`, and answers `sync.withPeer` itself with the
 * states a real sync goes through, its steps and errors as src-main/core/sync/peer.ts reports them (the real peer sync
 * is tested in tests/integration/sync-peer.test.ts). What only the desktop has (uploads over IPC, native dialogs) is not
 * passed on. A screenshot review only: it runs with `npm run test:e2e:screens` and checks nothing the other tests do not.
 */
test.skip(!SCREENSHOTS_WANTED, 'screenshots for review only (npm run test:e2e:screens)');

const FINGERPRINT = 'A4:1F:9C:37:5B:E2:08:D1:6C:44:9A:0E:71:B3:2D:58:C6:8F:13:E9:05:7A:BD:62:94:3C:D0:1B:88:F4:27:6E';

/** The preload's bridge, in the page: calls go to the server with its token, events come from its stream. */
function desktopBridge({ token, fingerprint, sessionPath, personHeader }: { token: string; fingerprint: string; sessionPath: string; personHeader: string }): void {
  type Listener = (event: unknown) => void;
  const listeners = new Set<Listener>();
  const session = fetch(`/api/${sessionPath}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    .then((response) => response.arrayBuffer())
    .then(() => {
      const source = new EventSource('/api/events');
      source.onmessage = (message) => listeners.forEach((listener) => listener(JSON.parse(message.data as string)));
    });
  const emit = (event: unknown) => listeners.forEach((listener) => listener(event));
  const peer = { finish: null as null | ((result: unknown) => void), jobId: '' };
  // As peer.ts reports a sync: six steps (connect, pull, apply, push, done), then the job's last report, finished.
  const STEPS = 6;
  const progress = (jobId: string, done: number, current: string | null, finished = false) =>
    emit({ kind: 'progress', jobId, procedure: 'sync.withPeer', done, total: STEPS, current, errors: 0, finished });
  const settle = (result: unknown) => {
    progress(peer.jobId, STEPS, null, true);
    peer.finish?.(result);
  };
  const failure = (key: string, params: Record<string, unknown>, code = 'VALIDATION') => ({ ok: false, error: { code, message: key, key, params } });
  const withPeer = (input: { url: string; fingerprint?: string; jobId: string }) => {
    if (input.url.includes('10.0.0.99')) return Promise.resolve(failure('sync.peerUnreachable', { url: input.url, reason: 'ECONNREFUSED' }, 'UNAVAILABLE'));
    if (!input.fingerprint) return Promise.resolve(failure('sync.peerFingerprintNeeded', { url: input.url, fingerprint }));
    peer.jobId = input.jobId;
    progress(input.jobId, 0, 'connect');
    setTimeout(() => progress(input.jobId, 1, 'pull'), 50);
    setTimeout(() => progress(input.jobId, 3, 'apply'), 100);
    return new Promise((resolve) => (peer.finish = resolve));
  };
  (window as unknown as { storeroomPeer: unknown }).storeroomPeer = {
    succeed: () =>
      settle({
        ok: true,
        data: {
          url: 'https://192.168.1.20:5190/',
          catalogueName: 'Museum store',
          pulled: { applied: 1284, skipped: 12, conflicts: 2 },
          pushed: { applied: 317, skipped: 0, conflicts: 0 },
          warnings: ['clockAhead:K7:2026-12-03T04:12:00.000Z'],
        },
      }),
  };
  window.storeroom = {
    async invoke(procedure, input, meta) {
      await session;
      if (procedure === 'sync.withPeer') return withPeer(input as { url: string; fingerprint?: string; jobId: string }) as never;
      if (procedure === 'jobs.cancel' && (input as { jobId: string }).jobId === peer.jobId) {
        settle(failure('sync.cancelled', {}, 'CONFLICT'));
        return { ok: true, data: { cancelled: true } } as never;
      }
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      if (meta.personId) headers[personHeader] = meta.personId;
      const response = await fetch(`/api/${procedure}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
      return (await response.json()) as never;
    },
    on(listener) {
      listeners.add(listener as Listener);
      return () => listeners.delete(listener as Listener);
    },
  };
}

const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'tablet', width: 820, height: 1180 },
  // The desktop window's smallest size (MIN_SIZE in src-main/electron/window-state.ts).
  { name: 'narrowest', width: 720, height: 480 },
] as const;

async function shoot(page: Page, name: string): Promise<void> {
  const card = page.getByTestId('sync-peer');
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    // The layout settles first (the navigation drawer slides away in a narrow window).
    await page.waitForFunction(() =>
      document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity),
    );
    // In the middle of the window, clear of the page's fixed header.
    await card.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await snap(card, `desktop-sync-peer-${name}-${size.name}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

let server: StoreroomServer;
let person: string;

test.beforeAll(async () => {
  server = await startServer();
  person = (await callApi<{ id: string }>(server, 'people.create', { name: 'Chloé Bernard' })).id;
});
test.afterAll(async () => server?.stop());

for (const language of ['en', 'ar'] as const) {
  test(`the Sync page’s “Sync with another laptop”, in each of its states (${language})`, async ({ page }) => {
    test.setTimeout(120_000);
    const shot = (name: string) => shoot(page, language === 'en' ? name : `${name}-${language}`);
    await page.addInitScript(knownPerson(person, language));
    await page.addInitScript(desktopBridge, { token: server.token, fingerprint: FINGERPRINT, sessionPath: SESSION_PATH, personHeader: PERSON_HEADER });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}#/sync`);
    const card = page.getByTestId('sync-peer');
    await expect(card).toBeVisible();
    await shot('empty');

    await page.getByTestId('sync-peer-url').fill('https://10.0.0.99:5190/');
    await page.getByTestId('sync-peer-code').fill('K7QX2-M9PRT');
    await page.getByTestId('sync-peer-start').click();
    await expect(page.getByTestId('sync-peer-error')).toBeVisible();
    await shot('unreachable');

    await page.getByTestId('sync-peer-url').fill('https://192.168.1.20:5190/');
    await page.getByTestId('sync-peer-start').click();
    await expect(page.getByTestId('sync-peer-fingerprint')).toHaveAttribute('data-fingerprint', FINGERPRINT);
    await shot('confirm');

    await page.getByTestId('sync-peer-confirm-yes').click();
    const progress = page.getByTestId('sync-progress');
    await expect(progress.getByRole('progressbar')).toBeVisible();
    await page.waitForTimeout(300);
    await shot('running');

    await progress.getByRole('button').click();
    await expect(page.getByTestId('sync-peer-cancelled')).toBeVisible();
    await shot('cancelled');

    await page.getByTestId('sync-peer-start').click();
    await page.getByTestId('sync-peer-confirm-yes').click();
    await expect(progress.getByRole('progressbar')).toBeVisible();
    await page.evaluate(() => (window as unknown as { storeroomPeer: { succeed(): void } }).storeroomPeer.succeed());
    await expect(page.getByTestId('sync-peer-done')).toBeVisible();
    await shot('done');
  });
}
