import { chromium, expect, test, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { labelPhoto, labelVideo } from './fake-camera';
import { knownPerson, ROOT, SCREENSHOTS_WANTED, smallTouchTargets, snap, startWorkshop, type WorkshopServer } from './helpers';

// One workshop for the whole file: the tests build on each other, in order.
test.describe.configure({ mode: 'serial' });

const PIXEL = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const phone = (viewport = { width: 390, height: 844 }, locale = 'en-GB'): BrowserContextOptions => ({
  viewport,
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  ignoreHTTPSErrors: true,
  userAgent: PIXEL,
  locale,
  permissions: ['camera'],
});

const chromiumPath = () => {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || '/usr/bin/chromium';
  } catch {
    return '/usr/bin/chromium';
  }
};

/** A Chromium whose camera shows one video: a label, or a shelf with none. */
const browserFilming = (video: string): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });

let server: WorkshopServer;
let coordinatorId: string;
const objectIds: string[] = [];
const media = mkdtempSync(join(tmpdir(), 'storeroom-e2e-camera-'));
const browsers: Browser[] = [];
let locations: { r1a: string; r1b: string; holding: string };

test.beforeAll(async () => {
  server = await startWorkshop();
  coordinatorId = (await server.call<{ id: string }>('people.create', { name: 'Cleo Coordinator' })).id;
  const room = await server.call<{ id: string }>('locations.create', { code: 'R1', name: 'Store room 1', type: 'room', role: 'permanent' });
  const r1a = await server.call<{ id: string }>('locations.create', { parentId: room.id, code: 'R1-A', name: 'Shelving A', type: 'unit', role: 'permanent' });
  const r1b = await server.call<{ id: string }>('locations.create', { parentId: room.id, code: 'R1-B', name: 'Shelving B', type: 'unit', role: 'permanent' });
  const holding = await server.call<{ id: string }>('locations.create', { code: 'H1', name: 'Holding area', type: 'room', role: 'holding' });
  locations = { r1a: r1a.id, r1b: r1b.id, holding: holding.id };
  for (let i = 1; i <= 10; i++) objectIds.push((await server.call<{ id: string }>('objects.create', { number: `1987.${i}`, name: `Bowl ${i}` }, coordinatorId)).id);
  await server.call('moves.create', { objectIds, toLocationId: holding.id, reason: 'to_holding_area' }, coordinatorId);
});
test.afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await server?.stop();
});

/** Joins a phone by the workshop's link as a new person; it lands in rapid move. */
async function joinAs(page: Page, person: string, device?: string) {
  await page.goto(await server.joinUrl());
  await page.getByLabel('Your name').fill(person);
  if (device) await page.getByLabel('This device').fill(device);
  await page.getByRole('button', { name: 'Join the workshop' }).click();
  await expect(page.getByRole('heading', { name: 'Rapid move' })).toBeVisible();
}

test('a phone joins by the QR code’s link, scans a shelf label with its camera, and moves ten objects through a network cut; the coordinator sees each move live, once, as the phone’s person’s; revoking stops the phone at once', async ({ browser }) => {
  test.setTimeout(180_000);
  // The coordinator's window: the same renderer over the same core (the desktop app's is over IPC).
  const desk = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
  await desk.addInitScript(knownPerson(coordinatorId));
  const coordinator = await desk.newPage();
  await coordinator.goto(`${server.coordinatorUrl}#/workshop`);
  await expect(coordinator.getByRole('heading', { name: 'Workshop' })).toBeVisible();
  await expect(coordinator.getByRole('img', { name: /QR code to join the workshop/ })).toBeVisible();
  await expect(coordinator.getByTestId('fingerprint')).toContainText(/^[0-9A-F:]+/);
  const code = (await coordinator.getByTestId('join-code').textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  await snap(coordinator, 'workshop-coordinator-en');

  // The phone opens the QR code's link: the code is in the fragment, and leaves the address bar at once.
  const camera = await browserFilming(await labelVideo(join(media, 'shelf-R1-A.y4m'), 'R1-A'));
  browsers.push(camera);
  const handset = await camera.newContext(phone());
  const page = await handset.newPage();
  await page.goto(`${server.url}#join=${code.replace('-', '')}`);
  await expect(page.getByRole('heading', { name: `Join “${basename(server.catalogue)}”` })).toBeVisible();
  expect(page.url()).not.toContain('join=');
  await expect(page.getByRole('radio', { name: 'Cleo Coordinator' })).toBeVisible();
  await page.getByLabel('Your name').fill('Ana Lima');
  await expect(page.getByLabel('This device')).toHaveValue('Android phone');
  await page.getByLabel('This device').fill('Pixel 7');
  await snap(page, 'workshop-phone-join-en');
  await page.getByRole('button', { name: 'Join the workshop' }).click();
  await expect(page.getByRole('heading', { name: 'Rapid move' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Working as Ana Lima. Switch person' })).toBeVisible();
  // The coordinator sees the device arrive, and a new code for the next one.
  await expect(coordinator.getByRole('listitem').filter({ hasText: 'Pixel 7' })).toContainText('Ana Lima');
  await expect(coordinator.getByTestId('join-code')).not.toHaveText(code);

  // The camera reads the shelf's label: that is the destination, with no tap.
  await page.getByRole('button', { name: 'Scan with the camera' }).click();
  await expect(page.getByTestId('rapid-destination')).toHaveText('R1-A', { timeout: 20_000 });
  await snap(page, 'workshop-phone-rapid-camera-en');
  await page.getByRole('button', { name: 'Close the camera' }).click();

  // The coordinator watches R1-A fill up, live.
  await coordinator.goto(`${server.coordinatorUrl}#/?location=${locations.r1a}`);
  await expect(coordinator.getByText('Nothing recorded here yet')).toBeVisible();

  // A Bluetooth scanner types each label, Enter included.
  const scanInput = page.getByLabel('Object number');
  const scanLabel = async (text: string) => {
    await scanInput.focus();
    await page.keyboard.type(`${text}\n`, { delay: 5 });
  };
  for (const n of [1, 2, 3, 4]) await scanLabel(`1987.${n}`);
  await expect(page.getByTestId('tally-moved')).toContainText('4');

  // The Wi-Fi drops: scans are kept, shown as not sent yet.
  await handset.setOffline(true);
  for (const n of [5, 6, 7, 8]) await scanLabel(`1987.${n}`);
  await expect(page.getByTestId('outbox-status')).toHaveText('4 not sent yet', { timeout: 15_000 });
  await expect(page.getByTestId('tally-pending')).toContainText('4');
  await expect(page.getByText('Not sent yet: sent when the connection returns')).toHaveCount(4);
  await snap(page, 'workshop-phone-rapid-offline-en');
  await handset.setOffline(false);
  await expect(page.getByTestId('outbox-status')).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('tally-moved')).toContainText('8');

  await scanLabel('1987.9');
  // The next shelf's label switches the destination.
  await scanLabel('R1-B');
  await expect(page.getByTestId('rapid-destination')).toHaveText('R1-B');
  await expect(page.getByText('Now moving to R1-B')).toBeVisible();
  await scanLabel('1987.10');
  await expect(page.getByTestId('tally-moved')).toContainText('10');
  await snap(page, 'workshop-phone-rapid-en');

  // The coordinator's list filled as the phone scanned.
  await expect(coordinator.getByText('9 objects')).toBeVisible({ timeout: 15_000 });
  await expect(coordinator.getByRole('row').filter({ hasText: '1987.8' })).toBeVisible();

  // Each move was applied once, as Ana Lima's, from the phone.
  const ana = (await server.call<{ id: string; name: string }[]>('people.list', {})).find((p) => p.name === 'Ana Lima')!;
  for (const [i, id] of objectIds.entries()) {
    const { movements } = await server.call<{ movements: { toLocationCode: string; personName: string; reference: string }[] }>('moves.history', { objectId: id });
    expect(movements, `1987.${i + 1}`).toHaveLength(2);
    expect(movements[0]).toMatchObject({ toLocationCode: i === 9 ? 'R1-B' : 'R1-A', personName: 'Ana Lima' });
  }
  const { batches } = await server.call<{ batches: { objectCount: number; personName: string }[] }>('moves.batches', { personId: ana.id });
  expect(batches).toEqual([expect.objectContaining({ objectCount: 10, personName: 'Ana Lima' })]);
  const { devices } = await server.call<{ devices: { name: string; changes: number; personName: string }[] }>('devices.list', {});
  // Her person's creation and ten scans.
  expect(devices).toEqual([expect.objectContaining({ name: 'Pixel 7', personName: 'Ana Lima', changes: 11 })]);

  // Revoked: the phone is stopped at once, and told why.
  await coordinator.goto(`${server.coordinatorUrl}#/workshop`);
  await coordinator.getByRole('button', { name: 'Revoke Pixel 7 (Ana Lima)' }).click();
  // The phone is told on its event stream, not at its next request: it makes none meanwhile.
  const calls: string[] = [];
  page.on('request', (request) => request.url().includes('/api/') && request.method() === 'POST' && calls.push(request.url()));
  await coordinator.getByRole('dialog', { name: 'Revoke this device?' }).getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('alert', { name: 'This device was removed from the workshop' })).toBeVisible({ timeout: 10_000 });
  expect(calls).toEqual([]);
  await expect(page.getByRole('heading', { name: 'Join the workshop' })).toBeVisible();
  await snap(page, 'workshop-phone-revoked-en');
  expect(await page.evaluate(async () => (await fetch('/api/objects.list', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status)).toBe(401);
  await expect(coordinator.getByRole('listitem').filter({ hasText: 'Pixel 7' })).toContainText('Revoked');
  await desk.close();
});

test('keys a scanner types right after rapid move is opened are not lost', async ({ browser }) => {
  const context = await browser.newContext(phone());
  const page = await context.newPage();
  await joinAs(page, 'Bruno Silva');
  // A fresh page, then straight to rapid move and the scanner at once: the page is still loading.
  await page.goto(`${server.url}#/search`);
  await expect(page.getByRole('heading', { name: 'Search' })).toBeVisible();
  // The page's code comes late: the first line waits for it, and it arrives halfway through the second line.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/assets/RapidMovePage-*.js', async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('navigation', { name: 'Workshop tasks' }).getByRole('link', { name: 'Rapid move' }).click();
  await page.keyboard.type('R1-A\n198');
  release();
  await expect(page.getByTestId('rapid-destination')).toHaveText('R1-A');
  await page.keyboard.type('7.1\n');
  await expect(page.locator('.rapid-entry').filter({ hasText: '1987.1' })).toContainText('Already here');
  await context.close();
});

test('search: a camera frame with no code reads nothing, a photo of one says so, and a label that matches nothing says "Not found" with a way to record it', async () => {
  const camera = await browserFilming(await labelVideo(join(media, 'unknown.y4m'), '1987.3.99'));
  browsers.push(camera);
  const context = await camera.newContext(phone());
  const page = await context.newPage();
  await joinAs(page, 'Chen Wei');
  await page.getByRole('navigation', { name: 'Workshop tasks' }).getByRole('link', { name: 'Search' }).click();
  // The page settled first (the device's session and the page's data loaded), as a person looks before tapping.
  await expect(page.getByRole('heading', { name: 'Search' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Scan with the camera' }).click();
  await expect(page.getByRole('region', { name: 'Camera' })).toBeVisible();
  await expect(page.getByTestId('not-found')).toContainText('Not found: 1987.3.99', { timeout: 20_000 });
  await snap(page, 'workshop-phone-search-notfound-en');
  await page.getByRole('button', { name: 'Close the camera' }).click();

  // A photo of a shelf with no label, then of a label: the first reads nothing, the second opens its object.
  await page.getByRole('button', { name: 'Scan with the camera' }).click();
  await page.getByTestId('scan-photo-input').setInputFiles(await labelPhoto(join(media, 'no-label.jpg'), null));
  await expect(page.getByText('No code was found in this photo.', { exact: false })).toBeVisible();
  await page.getByTestId('scan-photo-input').setInputFiles(await labelPhoto(join(media, 'label-1987.2.jpg'), '1987.2'));
  await expect(page).toHaveURL(new RegExp(`#/objects/${objectIds[1]}$`));
  await expect(page.getByRole('heading', { name: '1987.2', exact: true })).toBeVisible();

  // Record the unknown one.
  await page.getByRole('navigation', { name: 'Workshop tasks' }).getByRole('link', { name: 'Search' }).click();
  await page.getByLabel('Search for an object').fill('1987.3.99');
  await page.getByLabel('Search for an object').press('Enter');
  await page.getByRole('button', { name: 'Record 1987.3.99' }).click();
  const form = page.getByRole('dialog');
  await expect(form.getByLabel('Object number')).toHaveValue('1987.3.99');
  await form.getByLabel('Object name', { exact: false }).first().fill('Lidded jar');
  await form.getByRole('button', { name: 'Record object' }).click();
  await expect(page.getByRole('heading', { name: '1987.3.99', exact: true })).toBeVisible();
  await context.close();
});

test('a camera that sees no code reads nothing', async () => {
  const camera = await browserFilming(await labelVideo(join(media, 'blank.y4m'), null));
  browsers.push(camera);
  const context = await camera.newContext(phone());
  const page = await context.newPage();
  await joinAs(page, 'Dana Okafor');
  await page.getByRole('button', { name: 'Scan with the camera' }).click();
  await expect(page.getByTestId('scanner-status')).toHaveText('Scan the label of the location the objects go to.');
  // Several seconds of frames with nothing in them: still nothing read, still no destination.
  await page.waitForTimeout(3000);
  await expect(page.getByTestId('scanner-status')).toHaveText('Scan the label of the location the objects go to.');
  await expect(page.getByTestId('rapid-destination')).toHaveCount(0);
  await context.close();
});

test('a joined phone’s first screen needs under 500 KB of JavaScript, compressed', async ({ browser }) => {
  const joining = await browser.newContext(phone());
  await joinAs(await joining.newPage(), 'Eva Novak');
  // The same device (its cookie), with nothing cached yet: as the phone opens the app again another day.
  const context = await browser.newContext({ ...phone(), storageState: await joining.storageState() });
  await joining.close();
  const page = await context.newPage();
  const scripts: { url: string; bytes: number; encoding: string | undefined }[] = [];
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return;
    const sizes = await response.request().sizes();
    scripts.push({ url: response.url(), bytes: sizes.responseBodySize, encoding: (await response.allHeaders())['content-encoding'] });
  });
  await page.goto(`${server.url}#/rapid`);
  await expect(page.getByLabel('Destination code')).toBeEditable();
  await page.waitForLoadState('networkidle');
  const total = scripts.reduce((sum, s) => sum + s.bytes, 0);
  expect(scripts.length).toBeGreaterThan(1);
  // Compressed with brotli, but for the few too small to gain from it.
  expect(scripts.filter((s) => s.encoding !== 'br' && s.bytes > 1024)).toEqual([]);
  expect(total, JSON.stringify(scripts)).toBeLessThan(500 * 1024);
  // The barcode reader is not part of it: it loads when a camera opens.
  expect(scripts.some((s) => s.url.includes('detector'))).toBe(false);
  await context.close();
});

/** A text of the interface in a language, from one namespace's file (`moves`, `rapid.numberLabel`). */
const say = (language: string, namespace: string, key: string): string =>
  key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], JSON.parse(readFileSync(join(ROOT, 'resources/locales', language, `${namespace}.json`), 'utf8'))) as string;

/**
 * Every phone screen, each with its touch targets checked, on a phone in English and French, German (long words) and
 * Arabic (right to left); on a tablet in English and Arabic (every language on both when screenshots are wanted).
 */
for (const language of ['en', 'fr', 'de', 'ar'] as const) {
  for (const [device, viewport] of (
    [
      ['phone', { width: 390, height: 844 }],
      ['tablet', { width: 820, height: 1180 }],
    ] as const
  ).filter(([device]) => device === 'phone' || language === 'en' || language === 'ar' || SCREENSHOTS_WANTED)) {
    test(`phone screens, ${language}, ${device}: every touch target is at least 44 px`, async ({ browser }) => {
      test.setTimeout(120_000);
      const context = await browser.newContext(phone(viewport, { en: 'en-GB', fr: 'fr-FR', de: 'de-DE', ar: 'ar' }[language]));
      await context.addInitScript(`localStorage.setItem('storeroom.language', '${language}')`);
      const page = await context.newPage();
      const shot = async (name: string) => {
        await snap(page, `workshop-${device}-${name}-${language}`);
        expect(await smallTouchTargets(page), `${name}: targets under 44 px`).toEqual([]);
      };
      await page.goto(await server.joinUrl());
      await expect(page.getByRole('radio').first()).toBeVisible();
      await shot('join');
      await page.getByRole('radio').first().click();
      await page.locator('form button[type="submit"]').click();
      // Joined, the app starts again as the device, at rapid move.
      await expect(page.locator('.rapid-page')).toBeVisible();
      await page.waitForLoadState('networkidle');
      await shot('rapid-destination');
      await page.keyboard.type('R1-A\n');
      await expect(page.getByTestId('rapid-destination')).toHaveText('R1-A');
      await page.keyboard.type('1987.3\n1987.404\n');
      await expect(page.locator('.rapid-entry[data-status="unknown"]')).toBeVisible();
      await shot('rapid-scanning');
      await page.goto(`${server.url}#/search`);
      await page.getByRole('searchbox').fill('bowl');
      await expect(page.locator('.object-card').first()).toBeVisible();
      await shot('search');
      const first = (await page.locator('.object-card-number').first().textContent())!;
      await page.locator('.object-card').first().click();
      await expect(page.getByRole('heading', { name: first, exact: true })).toBeVisible();
      await page.waitForLoadState('networkidle');
      await shot('object');
      await page.goto(`${server.url}#/photos`);
      await page.getByLabel(say(language, 'moves', 'rapid.numberLabel')).fill('1987.3');
      await page.keyboard.press('Enter');
      await expect(page.locator('.phone-photos-page').getByText('1987.3', { exact: true })).toBeVisible();
      await shot('photos');
      await page.goto(`${server.url}#/`);
      await expect(page.locator('.object-card').first()).toBeVisible();
      await shot('objects');
      await page.getByRole('navigation').last().getByRole('button').last().click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await shot('undo');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: say(language, 'workshop', 'workshop.header.menu') }).click();
      await page.waitForTimeout(400);
      await snap(page, `workshop-${device}-menu-${language}`);
      await context.close();
    });
  }
}

test('the coordinator’s workshop page, in French, on a tablet', async ({ browser }) => {
  const context: BrowserContext = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 820, height: 1180 }, locale: 'fr-FR' });
  await context.addInitScript(knownPerson(coordinatorId, 'fr'));
  const page = await context.newPage();
  await page.goto(`${server.coordinatorUrl}#/workshop`);
  await expect(page.getByRole('heading', { name: 'Atelier' })).toBeVisible();
  await expect(page.getByText('La première fois, sur chaque téléphone')).toBeVisible();
  await snap(page, 'workshop-coordinator-tablet-fr', { fullPage: true });
  await context.close();
});

test('what a workshop day showed: Mark After asks first, and the report says none were assessed rather than "0 % → 0 %"', async ({ browser }) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
  await context.addInitScript(knownPerson(coordinatorId));
  const page = await context.newPage();
  await page.goto(`${server.coordinatorUrl}#/report`);
  await page.getByRole('button', { name: 'Mark After' }).click();
  const asked = page.getByRole('dialog', { name: 'Mark After now?' });
  await expect(asked).toContainText('This ends the reorganization at this moment');
  await snap(page, 'workshop-mark-after-en');
  await asked.getByRole('button', { name: 'Mark After now' }).click();
  // Nobody assessed reachability in this workshop: no figure, and no change, rather than 0 % twice.
  const reachable = page.locator('.report-highlight[data-measure="reachablePercent"]');
  await expect(reachable.locator('.report-highlight-from')).toHaveText('—');
  await expect(reachable.locator('.report-highlight-to')).toHaveText('—');
  await expect(reachable).toContainText('none assessed');
  await expect(reachable).not.toContainText('0%');
  await expect(page.locator('.report-highlight[data-measure="onFloor"]')).not.toContainText('—');
  await snap(page, 'workshop-report-highlights-en');
  await context.close();
});
