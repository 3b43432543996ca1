import { chromium, expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { callApi, knownPerson, openAt, snap, startServer, type StoreroomServer } from './helpers';

/*
 * Photography, end to end: a folder of photos (one taken with the camera turned, EXIF orientation 6, one broken,
 * some clutter) goes onto an object; thumbnails appear in its grid and in the object table; the viewer steps
 * through them with the arrow keys and shows the original's metadata; a photo goes up from the browser's file
 * input (and a second copy is recognized); photos named after object numbers are reviewed, then assigned.
 */
test.describe.configure({ mode: 'serial' });

let server: StoreroomServer;
let personId: string;
let dir: string;
const ids = new Map<string, string>();

const api = <T = Record<string, unknown>>(procedure: string, input: unknown) => callApi<T>(server, procedure, input, personId);

const COLOURS = ['#b5651d', '#6b8e23', '#4682b4', '#8b4513', '#708090', '#9acd32', '#cd853f', '#5f9ea0', '#d2691e', '#556b2f'];

/** A photo of an object on a table: a coloured shape with a label, so each is recognizably itself. */
async function photo(file: string, label: string, colour: string, size: { width: number; height: number } = { width: 1600, height: 1200 }): Promise<string> {
  const { width, height } = size;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="${width}" height="${height}" fill="#e9e4d8"/>
    <rect y="${height * 0.72}" width="${width}" height="${height * 0.28}" fill="#b9a98a"/>
    <ellipse cx="${width / 2}" cy="${height * 0.5}" rx="${width * 0.22}" ry="${height * 0.3}" fill="${colour}"/>
    <text x="${width / 2}" y="${height * 0.93}" font-size="${Math.round(height / 12)}" font-family="sans-serif" text-anchor="middle" fill="#333">${label}</text>
  </svg>`;
  writeFileSync(file, await sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer());
  return file;
}

/** Stored 1200 × 800 with EXIF orientation 6: a camera held upright. It must show as 800 × 1200, the right way up. */
async function turnedPhoto(file: string): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
    <rect width="1200" height="800" fill="#e9e4d8"/><rect width="300" height="800" fill="#2e7d32"/>
    <text x="700" y="440" font-size="90" font-family="sans-serif" text-anchor="middle" fill="#333">TOP IS LEFT</text></svg>`;
  const jpeg = await sharp(Buffer.from(svg))
    .jpeg({ quality: 85 })
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'Canon', Model: 'EOS 90D' },
      IFD2: { DateTimeOriginal: '2024:05:02 10:30:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '73/1 34/1 12/1' },
    })
    .toBuffer();
  writeFileSync(file, jpeg);
  return file;
}


const open = (page: Page, hash: string) => openAt(server, page, hash);

/** Uploads answer slowly, so the progress bar can be seen (and photographed) mid-import. */
async function slowUploads(page: Page, ms: number) {
  await page.route('**/api/upload', async (route) => {
    await new Promise((done) => setTimeout(done, ms));
    await route.continue();
  });
}

let shoot: string;

test.beforeAll(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'storeroom-e2e-photos-'));
  personId = (await api<{ id: string }>('people.create', { name: 'Ana Lima' })).id;
  const room = await api<{ id: string }>('locations.create', { code: 'R1', name: 'Storeroom 1', type: 'room', role: 'permanent' });
  ids.set('R1', room.id);
  for (const [number, name] of [
    ['2019.3.12', 'Glazed bowl'],
    ['2019.3.13', 'Copper jug'],
    ['2019.3.14', 'Silk fan'],
    ['2020.1', 'Basket'],
    ['2020.1', 'Basket lid'],
    ['2021.7', 'Teapot'],
  ]) {
    const created = await api<{ id: string }>('objects.create', { number, name });
    if (!ids.has(number)) ids.set(number, created.id);
  }
  await api('moves.create', { objectIds: [...ids.entries()].filter(([k]) => k !== 'R1').map(([, v]) => v), toLocationId: room.id });

  // A folder as a camera card leaves it: photos, one broken file, a note and the system's clutter.
  shoot = join(dir, 'shoot');
  mkdirSync(join(shoot, 'day 2'), { recursive: true });
  for (let i = 1; i <= 10; i++) {
    const sub = i > 6 ? 'day 2' : '';
    await photo(join(shoot, sub, `IMG_${String(i).padStart(4, '0')}.jpg`), `Bowl view ${i}`, COLOURS[i - 1]!);
  }
  await turnedPhoto(join(shoot, 'IMG_0011.jpg'));
  writeFileSync(join(shoot, 'IMG_0012.jpg'), Buffer.from('this is not a JPEG at all, only words'));
  writeFileSync(join(shoot, 'notes.txt'), 'Photographed on the table by the window.');
  writeFileSync(join(shoot, '.DS_Store'), Buffer.alloc(64));
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a folder of photos goes onto an object: progress, results, thumbnails in the grid and the table', async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'en'));
  await slowUploads(page, 250);
  await open(page, `/objects/${ids.get('2019.3.12')}`);
  const section = page.getByTestId('photo-section');
  await expect(section.getByText('No photos of this object yet.')).toBeVisible();
  await expect(section.getByTestId('photo-dropzone')).toContainText('Drop photos or a folder here, for 2019.3.12');
  await snap(page, 'photos-01-object-empty', { fullPage: true });

  // The folder picker: every file in the folder and below.
  await section.getByTestId('photo-folder-input').setInputFiles(shoot);
  const progress = section.getByTestId('photo-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('Step 1 of 2: sending the files');
  await expect(progress).toContainText(/\d+ of 12 sent/);
  await progress.scrollIntoViewIfNeeded();
  await snap(page, 'photos-02-import-progress');

  const result = section.getByTestId('photo-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result).toContainText('11 photos imported');
  await expect(result.getByTestId('photo-result-added')).toHaveText('11 new photos');
  await expect(result).toContainText('1 file could not be imported');
  await expect(result).toContainText('IMG_0012.jpg');
  // notes.txt is left out; .DS_Store is clutter.
  await expect(result).toContainText('2 files that are not photos were left out.');
  await expect(section.getByTestId('photo-card')).toHaveCount(11);
  await expect(section.getByTestId('photo-count')).toHaveText('11');

  // The photo taken with the camera turned is upright: taller than wide.
  const turnedCard = section.getByRole('button', { name: 'Open IMG_0011.jpg' }).locator('img');
  await expect.poll(() => turnedCard.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalHeight / img.naturalWidth : 0))).toBeGreaterThan(1.4);
  await section.scrollIntoViewIfNeeded();
  await snap(page, 'photos-03-grid', { fullPage: true });

  // The first photo is the primary one, so it shows in the object table.
  await open(page, '/');
  const row = page.getByRole('row', { name: /2019\.3\.12/ });
  const thumb = row.locator('.col-name img.photo-thumb');
  await expect(thumb).toHaveAttribute('loading', 'lazy');
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(page.getByRole('row', { name: /2019\.3\.13/ }).locator('.photo-thumb-empty')).toHaveCount(1);
  await snap(page, 'photos-04-table-thumbnails');
});

test('the viewer: arrow keys, zoom, metadata of the original, Escape', async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'en'));
  await open(page, `/objects/${ids.get('2019.3.12')}`);
  const section = page.getByTestId('photo-section');
  await section.getByTestId('photo-card').first().getByRole('button').first().click();
  const viewer = page.getByTestId('photo-viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer.getByTestId('viewer-counter')).toHaveText('1 / 11');
  await page.keyboard.press('ArrowRight');
  await expect(viewer.getByTestId('viewer-counter')).toHaveText('2 / 11');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(viewer.getByTestId('viewer-counter')).toHaveText('11 / 11');
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // The turned photo, and what its original says.
  await section.getByRole('button', { name: 'Open IMG_0011.jpg' }).click();
  await expect(viewer).toBeVisible();
  const info = viewer.getByTestId('viewer-info');
  await expect(info.getByTestId('meta-name')).toHaveText('IMG_0011.jpg');
  await expect(info.getByTestId('meta-dimensions')).toHaveText('800 × 1,200 pixels');
  await expect(info.getByTestId('meta-format')).toHaveText('JPEG');
  await expect(info.getByTestId('meta-camera')).toHaveText('Canon EOS 90D');
  await expect(info.getByTestId('meta-taken')).toContainText('2024');
  await expect(info.getByTestId('meta-gps')).toHaveText('45.50000, -73.57000');
  await expect(info).toContainText('Ana Lima');
  await expect(info.getByTestId('viewer-original')).toHaveAttribute('href', /\/media\/[^/]+\/original/);
  const image = viewer.getByTestId('viewer-image');
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalHeight > img.naturalWidth : false))).toBe(true);
  await snap(page, 'photos-05-viewer');

  // Zoom with the key and the button, then drag to pan.
  await page.keyboard.press('+');
  await expect(viewer.getByLabel('Zoom 150 %')).toBeVisible();
  await viewer.getByRole('button', { name: 'Zoom in (+)' }).click();
  await expect(viewer.getByLabel('Zoom 225 %')).toBeVisible();
  const before = await image.evaluate((img) => img.style.transform);
  const box = (await viewer.locator('.viewer-stage').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 40, { steps: 5 });
  await page.mouse.up();
  expect(await image.evaluate((img) => img.style.transform)).not.toBe(before);
  await snap(page, 'photos-06-viewer-zoomed');
  await page.keyboard.press('0');
  await expect(viewer.getByLabel('Zoom 100 %')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
});

test('captions, roles, primary photo and detach', async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'en'));
  await open(page, `/objects/${ids.get('2019.3.12')}`);
  const section = page.getByTestId('photo-section');
  const second = section.getByTestId('photo-card').nth(1);
  await second.getByRole('button', { name: /^Caption of/ }).click();
  await second.getByRole('textbox', { name: 'Caption' }).fill('Underside, maker’s mark');
  await second.getByRole('textbox', { name: 'Caption' }).press('Enter');
  await expect(second).toContainText('Underside, maker’s mark');

  await second.getByRole('button', { name: /^Actions for/ }).click();
  await page.getByRole('menuitem', { name: 'Label' }).click();
  await expect(section.getByTestId('photo-card').nth(1)).toContainText('Label');

  await section.getByTestId('photo-card').nth(1).getByRole('button', { name: /^Actions for/ }).click();
  await page.getByRole('menuitem', { name: 'Make it the primary photo' }).click();
  await expect(section.getByTestId('photo-card').first()).toContainText('Underside, maker’s mark');
  await expect(section.getByTestId('photo-card').first()).toContainText('Primary');

  const last = section.getByTestId('photo-card').last();
  await last.getByRole('button', { name: /^Actions for/ }).click();
  await page.getByRole('menuitem', { name: 'Detach' }).click();
  await page.getByRole('dialog', { name: 'Detach this photo?' }).getByRole('button', { name: 'Detach' }).click();
  await expect(section.getByTestId('photo-card')).toHaveCount(10);
});

test('a photo from the browser’s file input, a copy already in the catalogue, and a drop', async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'en'));
  await open(page, `/objects/${ids.get('2019.3.13')}`);
  const section = page.getByTestId('photo-section');
  const jug = await photo(join(dir, 'jug front.jpg'), 'Copper jug', '#b87333');
  await section.getByLabel('Role').click();
  await page.getByRole('option', { name: 'Condition' }).click();
  await section.getByTestId('photo-files-input').setInputFiles([jug, join(shoot, 'IMG_0001.jpg')]);
  const result = section.getByTestId('photo-result');
  await expect(result).toBeVisible({ timeout: 20_000 });
  await expect(result.getByTestId('photo-result-added')).toHaveText('1 new photo');
  await expect(result.getByTestId('photo-result-duplicates')).toHaveText('1 already in the catalogue');
  await expect(section.getByTestId('photo-card')).toHaveCount(2);
  await expect(section.getByTestId('photo-card').first()).toContainText('Condition');

  // Dropped onto the location's page.
  await open(page, `/locations/${ids.get('R1')}`);
  const zone = page.getByTestId('photo-section').getByTestId('photo-dropzone');
  const shelf = await photo(join(dir, 'shelves.jpg'), 'Shelves before', '#777777');
  const bytes = [...(await sharp(shelf).toBuffer())];
  const dataTransfer = await page.evaluateHandle((data) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], 'shelves.jpg', { type: 'image/jpeg' }));
    return transfer;
  }, bytes);
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('photo-section').getByTestId('photo-result')).toContainText('1 new photo', { timeout: 20_000 });
  await expect(page.getByTestId('photo-section').getByTestId('photo-card')).toHaveCount(1);
});

test('assign by file name: the review, then only matching photos, attached to their objects', async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'en'));
  const named = join(dir, 'named');
  mkdirSync(named);
  const files = [
    await photo(join(named, '2019.3.14.jpg'), 'Fan open', '#c71585'),
    await photo(join(named, '2019-3-14 (1).jpg'), 'Fan closed', '#db7093'),
    await photo(join(named, '2021.7_2.jpg'), 'Teapot lid', '#2f4f4f'),
    await photo(join(named, '2020.1.jpg'), 'Basket', '#deb887'),
    await photo(join(named, '1999.9.9.jpg'), 'Unknown', '#999999'),
    await photo(join(named, 'overview.jpg'), 'Overview', '#aaaaaa'),
  ];
  await open(page, '/photos/import');
  await expect(page.getByRole('heading', { name: 'Photos by file name' })).toBeVisible();
  await page.getByTestId('photo-files-input').setInputFiles(files);
  const review = page.getByTestId('filename-review');
  await expect(review).toBeVisible();
  await expect(review.locator('tr[data-status="match"]')).toHaveCount(3);
  await expect(review.locator('tr', { hasText: '2019-3-14 (1).jpg' })).toContainText('2019.3.14');
  await expect(review.locator('tr', { hasText: '2019-3-14 (1).jpg' })).toContainText('Silk fan');
  await expect(review.locator('tr', { hasText: '2020.1.jpg' })).toContainText('Ambiguous');
  await expect(review.locator('tr', { hasText: '1999.9.9.jpg' })).toContainText('No object has the number 1999.9.9');
  await expect(review.locator('tr', { hasText: 'overview.jpg' })).toContainText('No number');
  await expect(review).toContainText('3 photos will be attached to their objects. 3 files will be left out.');
  await snap(page, 'photos-07-by-name-review', { fullPage: true });

  await review.getByRole('button', { name: 'Import 3 photos' }).click();
  const result = page.getByTestId('photo-result');
  await expect(result).toBeVisible({ timeout: 20_000 });
  await expect(result).toContainText('3 photos imported');
  await expect(result).toContainText('2021.7_2.jpg → 2021.7');
  await snap(page, 'photos-08-by-name-result', { fullPage: true });

  await open(page, `/objects/${ids.get('2019.3.14')}`);
  await expect(page.getByTestId('photo-section').getByTestId('photo-card')).toHaveCount(2);
  await open(page, `/objects/${ids.get('2021.7')}`);
  await expect(page.getByTestId('photo-section').getByTestId('photo-card')).toHaveCount(1);
});

test('on a phone: take photos, the import’s progress, the grid and the viewer', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
  const page = await context.newPage();
  await page.addInitScript(knownPerson(personId, 'en'));
  await slowUploads(page, 400);
  await open(page, `/objects/${ids.get('2020.1')}`);
  const section = page.getByTestId('photo-section');
  await expect(section.getByRole('button', { name: 'Take a photo' })).toBeVisible();
  const shots = [];
  for (let i = 1; i <= 4; i++) shots.push(await photo(join(dir, `phone-${i}.jpg`), `Basket ${i}`, COLOURS[i]!, { width: 1200, height: 1600 }));
  // The camera takes one photo at a time; the phone's gallery gives several.
  await section.getByTestId('photo-camera-input').setInputFiles(shots[0]!);
  await expect(section.getByTestId('photo-result')).toContainText('1 new photo', { timeout: 20_000 });
  await section.getByRole('button', { name: 'Add more photos' }).click();
  await section.getByTestId('photo-files-input').setInputFiles(shots.slice(1));
  await expect(section.getByTestId('photo-progress')).toBeVisible();
  await section.getByTestId('photo-progress').scrollIntoViewIfNeeded();
  await snap(page, 'photos-09-phone-progress');
  await expect(section.getByTestId('photo-result')).toContainText('3 new photos', { timeout: 20_000 });
  await section.getByTestId('photo-grid').scrollIntoViewIfNeeded();
  await snap(page, 'photos-10-phone-grid');
  await section.getByTestId('photo-card').first().getByRole('button').first().click();
  const viewer = page.getByTestId('photo-viewer');
  await expect(viewer).toBeVisible();
  await expect.poll(() => viewer.getByTestId('viewer-image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await snap(page, 'photos-11-phone-viewer');
  await page.keyboard.press('ArrowRight');
  await expect(viewer.getByTestId('viewer-counter')).toHaveText('2 / 4');
  await context.close();
});

test('cancel while sending: nothing is imported, and the result says so', async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'en'));
  await slowUploads(page, 1500);
  await open(page, `/objects/${ids.get('2021.7')}`);
  const section = page.getByTestId('photo-section');
  // The teapot's lid, assigned by file name earlier.
  const before = 1;
  await expect(section.getByTestId('photo-card')).toHaveCount(before);
  const files = [];
  for (let i = 1; i <= 6; i++) files.push(await photo(join(dir, `teapot-${i}.jpg`), `Teapot ${i}`, COLOURS[i]!));
  await section.getByTestId('photo-files-input').setInputFiles(files);
  await expect(section.getByTestId('photo-progress')).toBeVisible();
  await section.getByRole('button', { name: 'Cancel' }).click();
  const result = section.getByTestId('photo-result');
  await expect(result).toBeVisible({ timeout: 20_000 });
  await expect(result).toContainText('Import cancelled: what was finished is kept');
  await expect(result).toContainText('6 files were not imported');
  await expect(section.getByTestId('photo-card')).toHaveCount(before);
});

test('no camera: the webcam view says so plainly', async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'en'));
  await open(page, `/objects/${ids.get('2021.7')}`);
  await page.getByTestId('photo-section').getByRole('button', { name: 'Webcam' }).click();
  const dialog = page.getByRole('dialog', { name: 'Take photos with the webcam' });
  await expect(dialog.getByRole('alert')).toContainText(/No camera found|The camera is not allowed|The camera could not start/);
  await expect(dialog.getByRole('button', { name: 'Take photo' })).toBeDisabled();
  await snap(page, 'photos-12-webcam-none');
});

test('the webcam: a live picture, Space takes photos, and they are imported', async () => {
  // Chromium's stand-in camera: a moving test pattern, allowed without asking.
  const executablePath = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  const page = await context.newPage();
  await page.addInitScript(knownPerson(personId, 'en'));
  await open(page, `/objects/${ids.get('2019.3.14')}`);
  const section = page.getByTestId('photo-section');
  // The fan open and closed, assigned by file name earlier.
  const before = 2;
  await expect(section.getByTestId('photo-card')).toHaveCount(before);
  await section.getByRole('button', { name: 'Webcam' }).click();
  const dialog = page.getByRole('dialog', { name: 'Take photos with the webcam' });
  const shutter = dialog.getByRole('button', { name: 'Take photo' });
  await expect(shutter).toBeEnabled({ timeout: 15_000 });
  await expect.poll(() => dialog.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  await page.keyboard.press('Space');
  await expect(dialog.getByRole('listitem')).toHaveCount(1);
  await shutter.click();
  await expect(dialog.getByRole('listitem')).toHaveCount(2);
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('listitem')).toHaveCount(3);
  await dialog.getByRole('button', { name: 'Remove photo 3' }).click();
  await expect(dialog.getByRole('listitem')).toHaveCount(2);
  await snap(page, 'photos-13-webcam');
  await dialog.getByRole('button', { name: 'Import 2 photos' }).click();
  await expect(section.getByTestId('photo-result')).toContainText('2 new photos', { timeout: 20_000 });
  await expect(section.getByTestId('photo-card')).toHaveCount(before + 2);
  await browser.close();
});

test('in French: the photos of an object and the viewer', async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'fr'));
  await open(page, `/objects/${ids.get('2019.3.12')}`);
  const section = page.getByTestId('photo-section');
  await expect(section.getByRole('heading', { name: 'Photos' })).toBeVisible();
  await expect(section.getByRole('button', { name: 'Choisir des photos' })).toBeVisible();
  await expect(section.getByTestId('photo-card').first()).toContainText('Principale');
  await section.getByTestId('photo-grid').scrollIntoViewIfNeeded();
  await snap(page, 'photos-14-french-grid');
  await section.getByTestId('photo-card').first().getByRole('button').first().click();
  const info = page.getByTestId('viewer-info');
  await expect(info).toContainText('L’original');
  await expect(info).toContainText('Nom du fichier');
  await expect(info.getByTestId('meta-dimensions')).toHaveText(/^\d[\d\s]* × \d[\d\s]* pixels$/);
  await snap(page, 'photos-15-french-viewer');
});
