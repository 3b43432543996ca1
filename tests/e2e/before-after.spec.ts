import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { callApi, knownPerson, openAt, SCREENSHOTS, SCREENSHOTS_WANTED, snap, startServer, type StoreroomServer } from './helpers';

/*
 * A reorganization from Before to After, end to end: a room with two viewpoints photographed at both milestones,
 * some moves, then the comparison, the viewpoint slider and the printed report.
 *
 * The fixture, and the measures it must give (Before → After):
 *   room R2 with units R2-A and R2-B, a floor area R2-FL and a holding area R2-H;
 *   2024.1–3 on the floor, 2024.4–5 in holding, 2024.6–8 in R2-A (mixed), 2024.9 in R2-B, 2024.10 nowhere.
 *   After Before: 2024.1–4 and 2024.10 go to R2-B, and 2024.1 goes from Good to Poor.
 *   Located 90 % → 100 %; on the floor 3 → 0; in holding 2 → 1; units mixing categories 1 → 2;
 *   not seen since Before 10 → 5; reachable 4 of 9 assessed, unchanged.
 */
test.describe.configure({ mode: 'serial' });

let server: StoreroomServer;
let personId: string;
let photoDir: string;
const ids = new Map<string, string>();

const api = <T = Record<string, unknown>>(procedure: string, input: unknown) => callApi<T>(server, procedure, input, personId);

async function location(code: string, name: string, type: string, parent: string | null, role = 'permanent') {
  ids.set(code, (await api<{ id: string }>('locations.create', { code, name, type, role, parentId: parent ? ids.get(parent) : null })).id);
}

const move = (numbers: string[], to: string) => api('moves.create', { objectIds: numbers.map((n) => ids.get(n)), toLocationId: ids.get(to) });

/** A photo of a storeroom that could only be this one: a coloured scene with its name written on it. */
async function photo(name: string, label: string, colour: string, format: 'jpeg' | 'png'): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
    <rect width="800" height="600" fill="${colour}"/>
    <rect x="60" y="380" width="680" height="40" fill="#5b4636"/>
    <rect x="90" y="200" width="120" height="180" fill="#d9c7a0"/><rect x="250" y="240" width="160" height="140" fill="#a3b18a"/>
    <rect x="460" y="160" width="100" height="220" fill="#c9ada7"/>
    <text x="400" y="520" font-size="64" font-family="sans-serif" text-anchor="middle" fill="white">${label}</text>
  </svg>`;
  const file = join(photoDir, `${name}.${format === 'jpeg' ? 'jpg' : 'png'}`);
  const image = sharp(Buffer.from(svg));
  writeFileSync(file, format === 'jpeg' ? await image.jpeg({ quality: 80 }).toBuffer() : await image.png().toBuffer());
  return file;
}

test.beforeAll(async () => {
  server = await startServer();
  photoDir = mkdtempSync(join(tmpdir(), 'storeroom-e2e-photos-'));
  personId = (await api<{ id: string }>('people.create', { name: 'Ana Lima' })).id;
  await api('vocabularies.setTerms', { vocabulary: 'category', terms: ['Ceramics', 'Textiles'] });
  await api('vocabularies.setTerms', { vocabulary: 'condition', terms: ['Good', 'Fair', 'Poor'] });
  await location('B1', 'Museum building', 'building', null);
  await location('R2', 'Basement storeroom', 'room', 'B1');
  await location('R2-A', 'Unit A', 'unit', 'R2');
  await location('R2-B', 'Unit B', 'unit', 'R2');
  await location('R2-FL', 'Floor by the door', 'area', 'R2', 'floor');
  await location('R2-H', 'Holding table', 'area', 'R2', 'holding');
  for (let i = 1; i <= 10; i++) {
    const created = await api<{ id: string }>('objects.create', {
      number: `2024.${i}`,
      name: ['Glazed jar', 'Silk banner', 'Bowl', 'Lace collar', 'Teapot', 'Sampler', 'Vase', 'Quilt', 'Plate', 'Shawl'][i - 1],
      category: i % 2 ? 'Ceramics' : 'Textiles',
      reachable: i <= 5 ? false : i <= 9 ? true : null,
    });
    ids.set(`2024.${i}`, created.id);
  }
  await move(['2024.1', '2024.2', '2024.3'], 'R2-FL');
  await move(['2024.4', '2024.5'], 'R2-H');
  await move(['2024.6', '2024.7', '2024.8'], 'R2-A');
  await move(['2024.9'], 'R2-B');
  await api('objects.checkCondition', { objectId: ids.get('2024.1'), term: 'Good' });
  await api('viewpoints.create', { locationId: ids.get('R2'), name: 'From the back wall', notes: 'Back left corner, facing the door' });
});

test.afterAll(async () => {
  await server?.stop();
  if (photoDir) rmSync(photoDir, { recursive: true, force: true });
});

test.beforeEach(async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'en'));
  if (process.env.E2E_DEBUG) page.on('console', (message) => console.log(`[console] ${message.text()}`));
});

const open = (page: Page, hash: string) => openAt(server, page, hash);
/** Chooses an option of a segmented control by its visible label. */
const segment = (page: Page, label: string) => page.locator('.mantine-SegmentedControl-label').getByText(label, { exact: true }).click();
const measure = (table: Locator, key: string) => table.locator(`tr[data-measure="${key}"]`);
const viewpointCard = (page: Page, name: string) => page.getByTestId('viewpoint-card').filter({ has: page.getByRole('heading', { name, exact: true }) });

async function addPhoto(page: Page, viewpoint: string, milestone: 'before' | 'after', file: string) {
  const card = viewpointCard(page, viewpoint);
  await card.getByTestId(`photo-input-${milestone}`).setInputFiles(file);
  await expect(card.locator(`.ba-slot[data-milestone="${milestone}"]`)).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
}

test('a new catalogue: each before/after page says what to do first', async ({ page }) => {
  const fresh = await startServer();
  try {
    const go = (hash: string) => page.goto(`${fresh.openUrl}#${hash}`);
    const response = await fetch(`${fresh.url}api/people.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fresh.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ana Lima' }),
    });
    const someone = ((await response.json()) as { data: { id: string } }).data.id;
    await page.addInitScript(knownPerson(someone, 'en'));
    await go('/report');
    await expect(page.getByText('The report compares Before with After')).toBeVisible();
    await snap(page, 'ba-00-empty-report');
    await go('/viewpoints');
    await expect(page.getByText('No viewpoints yet')).toBeVisible();
    await expect(page.getByText('Viewpoints belong to rooms.', { exact: false })).toBeVisible();
    await go('/compare');
    await expect(page.getByText('No After milestone yet: comparing with now')).toBeVisible();
    await expect(measure(page.getByTestId('measures-table'), 'objects')).toContainText('no change');
    await go('/dashboard');
    await expect(page.getByText('No rooms yet.')).toBeVisible();
    await snap(page, 'ba-00-empty-dashboard');
  } finally {
    await fresh.stop();
  }
});

test('Before starts now: the new time is previewed with its consequences, then saved', async ({ page }) => {
  await open(page, '/milestones');
  await expect(page.getByRole('heading', { name: 'Milestones', level: 1 })).toBeVisible();
  await expect(page.getByText('The end of the reorganization is not marked yet')).toBeVisible();
  await snap(page, 'ba-01-milestones');

  await page.getByRole('button', { name: 'Change the time of Before' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change the time of “Before”' });
  await dialog.getByRole('button', { name: 'Now' }).click();
  await dialog.getByRole('button', { name: 'Show the consequences' }).click();
  // The catalogue was empty when it was made; at the new time it holds the ten objects.
  const preview = dialog.getByTestId('milestone-preview');
  await expect(measure(preview, 'objects')).toContainText('0');
  await expect(measure(preview, 'objects')).toContainText('10');
  await expect(measure(preview, 'locatedPercent')).toContainText('90%');
  await expect(measure(preview, 'onFloor')).toContainText('▲ +3 worse');
  await snap(page, 'ba-02-milestone-time-preview');
  await dialog.getByRole('button', { name: 'Save the new time' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/^Before is now at /)).toBeVisible();
});

test('viewpoints: one added in the room, Before photos for both from files, tasks shrink', async ({ page }) => {
  await open(page, '/viewpoints');
  await page.getByRole('button', { name: 'New viewpoint' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New viewpoint' });
  await dialog.getByRole('combobox', { name: 'Room' }).click();
  await page.getByRole('option', { name: 'R2 — Basement storeroom' }).click();
  await dialog.getByRole('textbox', { name: 'Name' }).fill('From the door');
  await dialog.getByRole('textbox', { name: 'How to take it' }).fill('In the doorway, camera at eye height, facing the back wall');
  await dialog.getByRole('button', { name: 'Add viewpoint' }).click();
  await expect(dialog).toBeHidden();

  const tasks = page.getByTestId('viewpoint-tasks');
  await expect(tasks.getByRole('listitem')).toHaveCount(2);
  await expect(tasks).toContainText('Basement storeroom, From the door: no Before photo yet');
  await snap(page, 'ba-03-viewpoints-tasks');

  await addPhoto(page, 'From the door', 'before', await photo('door-before', 'BEFORE · door', '#6d7b8d', 'jpeg'));
  await addPhoto(page, 'From the back wall', 'before', await photo('back-before', 'BEFORE · back wall', '#7d6b5d', 'png'));
  await expect(page.getByText('Every viewpoint has its photos.')).toBeVisible();
  await snap(page, 'ba-04-viewpoints-before-photos', { fullPage: true });
});

test('after the moves, After is marked: the tasks now ask for the After photos', async ({ page }) => {
  await move(['2024.1', '2024.2', '2024.3', '2024.4', '2024.10'], 'R2-B');
  await api('objects.checkCondition', { objectId: ids.get('2024.1'), term: 'Poor' });

  await open(page, '/milestones');
  await page.getByRole('button', { name: 'Mark After' }).click();
  // It ends the reorganization: asked first, and nothing is marked on Cancel.
  const asked = page.getByRole('dialog', { name: 'Mark After now?' });
  await asked.getByRole('button', { name: 'Cancel' }).click();
  await expect(asked).toBeHidden();
  await expect(page.locator('.ba-milestone[data-kind="after"]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Mark After' }).click();
  await asked.getByRole('button', { name: 'Mark After now' }).click();
  await expect(page.getByText('After is marked', { exact: false })).toBeVisible();
  await expect(page.locator('.ba-milestone[data-kind="after"]')).toBeVisible();
  await snap(page, 'ba-05-after-marked');

});

test('phone: the After photo of the door is taken with the camera, from the task list', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
  const page = await context.newPage();
  await page.addInitScript(knownPerson(personId, 'en'));
  await page.goto(`${server.openUrl}#/viewpoints`);
  const tasks = page.getByTestId('viewpoint-tasks');
  await expect(tasks.getByRole('listitem')).toHaveCount(2);
  await expect(tasks).toContainText('Basement storeroom, From the door: no After photo yet');
  const card = viewpointCard(page, 'From the door');
  // On a phone the slot offers the camera first, and files second.
  await expect(card.getByRole('button', { name: 'Take the photo: From the door, After' })).toBeVisible();
  await expect(card.getByRole('button', { name: 'Choose the photo from files: From the door, After' })).toBeVisible();
  await expect(card.getByTestId('photo-input-after')).toHaveAttribute('capture', 'environment');
  await snap(page, 'ba-06-phone-viewpoint-tasks', { fullPage: true });
  // The task's button opens the camera: here, the file chooser it raises is given the photo.
  const chooser = page.waitForEvent('filechooser');
  await tasks.getByRole('button', { name: 'Add the After photo of From the door' }).click();
  await (await chooser).setFiles(await photo('door-after', 'AFTER · door', '#2f6f62', 'jpeg'));
  await expect(card.locator('.ba-slot[data-milestone="after"]')).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(tasks.getByRole('listitem')).toHaveCount(1);
  await snap(page, 'ba-07-phone-viewpoints', { fullPage: true });
  await context.close();
});

test('desktop: the last After photo completes the viewpoints', async ({ page }) => {
  await open(page, '/viewpoints');
  await addPhoto(page, 'From the back wall', 'after', await photo('back-after', 'AFTER · back wall', '#3d5a80', 'jpeg'));
  await expect(page.getByText('Every viewpoint has its photos.')).toBeVisible();
  await snap(page, 'ba-08-viewpoints-all-photos', { fullPage: true });
});

test('comparison: the measures with their changes, by room, then object by object', async ({ page }) => {
  await open(page, '/compare');
  const table = page.getByTestId('measures-table');
  await expect(measure(table, 'objects')).toContainText('no change');
  await expect(measure(table, 'locatedPercent')).toContainText('90%');
  await expect(measure(table, 'locatedPercent')).toContainText('100%');
  await expect(measure(table, 'locatedPercent')).toContainText('▲ +10 pts better');
  await expect(measure(table, 'onFloor')).toContainText('▼ -3 better');
  await expect(measure(table, 'inHolding')).toContainText('▼ -1 better');
  await expect(measure(table, 'mixedUnits')).toContainText('▲ +1 worse');
  await expect(measure(table, 'notSeenSinceBefore')).toContainText('▼ -5 better');
  await expect(measure(table, 'reachablePercent')).toContainText('4 of 9');
  await expect(measure(table, 'reachablePercent')).toContainText('no change');
  await expect(table.locator('tr[data-condition="Poor"]')).toContainText('▲ +1');
  const r2 = page.getByTestId('rooms-table').locator('tr[data-room="R2"]');
  await expect(r2.locator('td[data-measure="onFloor"]')).toHaveText(/^3→\s*became\s*0▼ -3 better$/);
  await expect(r2.locator('td[data-measure="notSeenSinceBefore"]')).toContainText('▼ -4 better');
  await expect(page.getByTestId('objects-count')).toHaveText('10 objects');
  await snap(page, 'ba-09-compare', { fullPage: true });

  await segment(page, 'Moved');
  await expect(page.getByTestId('objects-count')).toHaveText('5 objects');
  const row = page.getByTestId('objects-table').getByRole('row', { name: /2024\.10/ });
  await expect(row).toContainText('Unknown');
  await expect(row).toContainText('R2-B');
  await segment(page, 'Condition worse');
  await expect(page.getByTestId('objects-count')).toHaveText('1 object');
  const worse = page.getByTestId('objects-table').getByRole('row', { name: /2024\.1 / });
  await expect(worse).toContainText('Good');
  await expect(worse).toContainText('Poor');
  await expect(worse).toContainText('worse');
  await segment(page, 'Still in holding');
  await expect(page.getByTestId('objects-count')).toHaveText('1 object');
  await expect(page.getByTestId('objects-table')).toContainText('2024.5');
  await snap(page, 'ba-10-compare-objects-holding', { fullPage: true });
  await page.getByTestId('objects-table').getByRole('row', { name: /2024\.5/ }).click();
  await expect(page).toHaveURL(new RegExp(`#/objects/${ids.get('2024.5')}`));
});

test('viewpoint comparison: side by side, then the slider moved with the keyboard', async ({ page }) => {
  await open(page, `/viewpoints/compare?room=${ids.get('R2')}`);
  const comparisons = page.getByTestId('viewpoint-comparison');
  await expect(comparisons).toHaveCount(2);
  for (const img of await page.locator('.ba-figure img').all()) await expect(img).toHaveJSProperty('complete', true);
  await expect(comparisons.first().locator('.ba-figure img')).toHaveCount(2);
  await snap(page, 'ba-11-viewpoints-side-by-side', { fullPage: true });

  await segment(page, 'Slider');
  const slider = page.getByRole('slider', { name: 'Divider between Before and After' }).first();
  await expect(slider).toHaveAttribute('aria-valuenow', '50');
  await slider.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
  await expect(slider).toHaveAttribute('aria-valuenow', '30');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', '40');
  // Dragging moves the divider too.
  const frame = page.locator('.ba-slider-frame').first();
  const box = (await frame.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(slider).toHaveAttribute('aria-valuenow', '75');
  await snap(page, 'ba-12-viewpoints-slider', { fullPage: true });
});

test('dashboard: what was done since Before, what remains, who did it', async ({ page }) => {
  await open(page, '/dashboard');
  const since = page.getByTestId('dashboard-since-before');
  await expect(since.locator('[data-stat="moved"]')).toContainText('5');
  await expect(since.locator('[data-stat="checked"]')).toContainText('1');
  const room = page.getByTestId('dashboard-rooms').locator('tr[data-room="R2"]');
  await expect(room).toContainText('50%');
  await expect(page.getByTestId('dashboard-people')).toContainText('Ana Lima');
  await snap(page, 'ba-13-dashboard', { fullPage: true });
});

test('report: the catalogue named in Settings; on screen, then printed: the key content shows, the app around it does not; saved as PDF', async ({ page }) => {
  const name = 'Museum of the North – Store B';
  await open(page, '/settings');
  const catalogue = page.getByRole('region', { name: 'Catalogue' });
  await catalogue.getByLabel('Catalogue name').fill('   ');
  await catalogue.getByRole('button', { name: 'Save changes' }).click();
  await expect(catalogue.getByText('Type a name first.')).toBeVisible();
  await snap(catalogue, 'ba-14-settings-catalogue-name-empty');
  await catalogue.getByLabel('Catalogue name').fill(name);
  await catalogue.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(`The catalogue is now called “${name}”.`)).toBeVisible();
  await expect(page.locator('.app-header')).toContainText(name);
  await expect(page).toHaveTitle(new RegExp(name));
  await snap(page, 'ba-14-settings-catalogue-name');

  await open(page, '/report');
  const report = page.getByTestId('report');
  await expect(report.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(report).toContainText('Team (1 person)');
  await expect(report).toContainText('Ana Lima');
  await expect(measure(page.getByTestId('report-measures'), 'onFloor')).toContainText('▼ -3 better');
  await expect(page.getByTestId('report-pair')).toHaveCount(2);
  const attention = page.getByTestId('report-attention');
  await expect(attention.getByRole('row')).toHaveCount(3);
  await expect(attention.getByRole('row', { name: /2024\.5/ })).toContainText('In a holding area');
  await expect(attention.getByRole('row', { name: /2024\.1 / })).toContainText('Condition worse');
  for (const img of await report.locator('img').all()) {
    await img.scrollIntoViewIfNeeded();
    await expect(img).toHaveJSProperty('complete', true);
    await expect(img).not.toHaveJSProperty('naturalWidth', 0);
  }
  await page.evaluate('window.scrollTo(0, 0)');
  await snap(page, 'ba-14-report-screen', { fullPage: true });

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-navbar')).toBeHidden();
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print / Save as PDF' })).toBeHidden();
  await expect(report.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(report.getByRole('heading', { name: 'Measures', level: 2 })).toBeVisible();
  await expect(report.getByRole('heading', { name: 'Objects still needing attention' })).toBeVisible();
  await expect(measure(page.getByTestId('report-measures'), 'locatedPercent')).toBeVisible();
  // Black on white.
  await expect(report.locator('.ba-delta[data-verdict="better"]').first()).toHaveCSS('color', 'rgb(0, 0, 0)');
  await snap(page, 'ba-15-report-print', { fullPage: true });
  await page.pdf({ path: join(SCREENSHOTS, 'report.pdf'), format: 'A4', printBackground: true, preferCSSPageSize: true });
});

test('report in French: dates, numbers and reasons in the reader’s language', async ({ page }) => {
  await page.addInitScript(`localStorage.setItem('storeroom.language', 'fr');`);
  await open(page, '/report');
  const report = page.getByTestId('report');
  await expect(report).toContainText('Réorganisation des réserves');
  await expect(measure(page.getByTestId('report-measures'), 'locatedPercent')).toContainText('mieux');
  await expect(page.getByTestId('report-attention')).toContainText('En zone de transit');
  await snap(page, 'ba-16-report-french', { fullPage: true });
});

/** Every before/after page, as a registrar sees it, in both languages, at a desktop and a tablet size. */
test('tour: each before/after page in English and French, on a tablet', async ({ browser }) => {
  // 24 pages, each with full-page screenshots, and two PDFs: longer than one test's usual minute on a busy machine.
  test.setTimeout(240_000);
  const started = Date.now();
  // The desktop is looked at in every language by the languages tour; this one adds the tablet (and the desktop when
  // screenshots are wanted).
  const sizes = SCREENSHOTS_WANTED ? ({ desktop: { width: 1440, height: 900 }, tablet: { width: 820, height: 1180 } } as const) : ({ tablet: { width: 820, height: 1180 } } as const);
  const pages = {
    milestones: '/milestones',
    viewpoints: '/viewpoints',
    'viewpoints-compare': `/viewpoints/compare?room=${ids.get('R2')}`,
    compare: '/compare',
    dashboard: '/dashboard',
    report: '/report',
  } as const;
  for (const language of ['en', 'fr'] as const) {
    for (const [size, viewport] of Object.entries(sizes)) {
      const context = await browser.newContext({ viewport, locale: language === 'fr' ? 'fr-FR' : 'en-GB', hasTouch: size === 'tablet' });
      const page = await context.newPage();
      await page.addInitScript(knownPerson(personId, language));
      for (const [name, hash] of Object.entries(pages)) {
        await open(page, hash);
        await expect(page.locator('h1').first()).toBeVisible();
        await page.waitForLoadState('networkidle');
        for (const img of await page.locator('main img').all()) {
          await img.scrollIntoViewIfNeeded();
          await expect(img).toHaveJSProperty('complete', true);
        }
        await page.evaluate('window.scrollTo(0, 0)');
        // Nothing widens the page beyond the window: wide tables scroll inside their own frame.
        expect(await page.evaluate('document.documentElement.scrollWidth'), `${name}, ${language}, ${size}`).toBeLessThanOrEqual(viewport.width);
        await snap(page, `ba-tour-${language}-${size}-${name}`, { fullPage: true });
      }
      // The report is the last page opened: now as printed.
      await page.emulateMedia({ media: 'print' });
      await snap(page, `ba-tour-${language}-${size}-report-print`, { fullPage: true });
      if (size === 'desktop' && SCREENSHOTS_WANTED) await page.pdf({ path: join(SCREENSHOTS, `report-${language}.pdf`), format: 'A4', printBackground: true, preferCSSPageSize: true });
      await context.close();
    }
  }
  console.log(`tour: ${((Date.now() - started) / 1000).toFixed(0)} s`);
});
