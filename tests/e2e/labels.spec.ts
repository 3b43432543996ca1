import { expect, test, type Download, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, knownPerson, openAt, snap, startServer, type StoreroomServer } from './helpers';

/*
 * Labels, as a registrar prints them: from the selection in the object list, and from a location's menu, through the
 * dialog (what, template, code, start position, printer offset, the preview of the first sheet), to the PDF
 * downloaded and read back with pdftotext.
 */
test.describe.configure({ mode: 'serial' });

let server: StoreroomServer;
let personId: string;
let dir: string;

const api = <T = { id: string }>(procedure: string, input: unknown) => callApi<T>(server, procedure, input, personId);
const tree = (page: Page) => page.getByRole('navigation', { name: 'Locations' });

test.beforeAll(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'storeroom-e2e-labels-'));
  personId = (await api('people.create', { name: 'Ana Lima' })).id;
  const room = await api('locations.create', { code: 'R2', name: 'Basement store', type: 'room', role: 'permanent' });
  const unit = await api('locations.create', { parentId: room.id, code: 'R2-A', name: 'Shelving unit A', type: 'unit', role: 'permanent' });
  const shelf = await api('locations.create', { parentId: unit.id, code: 'R2-A-3', name: 'Shelf 3', type: 'shelf', role: 'permanent' });
  await api('locations.create', { parentId: shelf.id, code: 'R2-A-3-B12', name: 'Archival box 12 — textiles', type: 'box', role: 'permanent' });
  await api('locations.create', { parentId: shelf.id, code: 'R2-A-3-B13', name: 'Archival box 13 — ceramics', type: 'box', role: 'permanent' });
  const names = ['Bowl with blue rim', 'Αμφορέας με δύο λαβές', 'Ваза синяя с росписью', 'مزهرية زرقاء 1920', '青花瓷碗', 'Embroidered silk panel with gold thread, probably Ottoman, eighteenth century'];
  for (let i = 1; i <= 12; i++) await api('objects.create', { number: `2019.3.${i}`, name: names[i % names.length] });
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function saved(download: Download, name: string): Promise<string> {
  const file = join(dir, name);
  await download.saveAs(file);
  expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  return file;
}

const text = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });

test('labels for a selection: preview, template, code, start and offset, then the PDF', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.addInitScript(knownPerson(personId));
  await openAt(server, page, '/');
  await expect(page.getByText('2019.3.12')).toBeVisible();
  await page.getByRole('checkbox', { name: /Select all 12 objects/ }).click();
  await page.getByTestId('selection-labels').click();

  const dialog = page.getByRole('dialog', { name: 'Print labels' });
  await expect(dialog.getByLabel('The 12 selected objects')).toBeChecked();
  await expect(dialog.getByRole('img', { name: 'Preview of the first sheet of labels' })).toBeVisible();
  await expect(dialog.getByTestId('labels-count')).toHaveText('12 labels on 1 page');

  await dialog.getByTestId('labels-template').click();
  await page.getByRole('option', { name: /Avery L7651/ }).click();
  await dialog.getByText('Code 128', { exact: true }).click();
  await dialog.getByTestId('labels-start').fill('60');
  await expect(dialog.getByTestId('labels-count')).toHaveText('12 labels on 2 pages');
  await dialog.getByTestId('labels-offset-x').fill('1.5');
  // The preview follows: its image is redrawn for the new choices.
  await expect(dialog.locator('.labels-preview-image:not(.is-stale)')).toBeVisible();
  await snap(page, 'labels-01-dialog');

  await dialog.getByTestId('labels-start-job').click();
  await expect(dialog.getByTestId('labels-done')).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByText('12 labels on 2 pages.')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('labels-download').click()]);
  const pdf = await saved(download, 'selection.pdf');
  const words = text(pdf);
  for (let i = 1; i <= 12; i++) expect(words).toContain(`2019.3.${i}`);
  expect(download.suggestedFilename()).toMatch(/labels .*\.pdf$/);

  // The offset, template and code are kept for this catalogue.
  await dialog.getByRole('button', { name: 'Make other labels' }).click();
  await expect(dialog.getByTestId('labels-offset-x')).toHaveValue('1.5 mm');
  await page.keyboard.press('Escape');
  await page.getByTestId('selection-labels').click();
  await expect(page.getByRole('dialog', { name: 'Print labels' }).getByTestId('labels-template')).toHaveValue(/Avery L7651/);
});

test('labels for a location and the locations below it: only the boxes', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.addInitScript(knownPerson(personId));
  await openAt(server, page, '/');
  await tree(page).getByRole('button', { name: 'Actions for R2', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Print labels…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Print labels' });
  await expect(dialog.getByLabel('R2 and the locations below it')).toBeChecked();
  await expect(dialog.getByTestId('labels-count')).toHaveText('5 labels on 1 page');
  await dialog.getByText('Box', { exact: true }).click();
  await expect(dialog.getByTestId('labels-count')).toHaveText('2 labels on 1 page');
  await dialog.getByTestId('labels-template').click();
  await page.getByRole('option', { name: /Dymo 99012/ }).click();
  await expect(dialog.getByTestId('labels-count')).toHaveText('2 labels on 2 pages');
  await expect(dialog.getByTestId('labels-start')).toHaveCount(0);
  await snap(page, 'labels-02-locations');
  await dialog.getByTestId('labels-start-job').click();
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('labels-download').click()]);
  const words = text(await saved(download, 'boxes.pdf'));
  expect(words).toContain('R2-A-3-B12');
  expect(words).toContain('R2-A-3-B13');
  expect(words).not.toContain('R2-A-3\n');
});

test('a custom sheet that does not fit is refused in the preview, before anything is made', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.addInitScript(knownPerson(personId));
  await openAt(server, page, '/');
  await page.getByRole('checkbox', { name: /Select all 12 objects/ }).click();
  await page.getByTestId('selection-labels').click();
  const dialog = page.getByRole('dialog', { name: 'Print labels' });
  await dialog.getByTestId('labels-template').click();
  await page.getByRole('option', { name: 'Custom sheet…' }).click();
  await dialog.getByLabel('Columns').fill('4');
  await expect(dialog.getByRole('alert')).toContainText('does not fit across its page');
  await expect(dialog.getByTestId('labels-start-job')).toBeDisabled();
  await dialog.getByLabel('Columns').fill('3');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expect(dialog.getByTestId('labels-start-job')).toBeEnabled();
});

test('on a phone, and in French', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.addInitScript(knownPerson(personId, 'fr'));
  // On a phone the objects are cards without selection: labels are printed from a location's page.
  const { locations } = await api<{ locations: { id: string; code: string }[] }>('locations.tree', {});
  await openAt(server, page, `/locations/${locations.find((l) => l.code === 'R2-A')!.id}`);
  await page.getByRole('button', { name: 'Actions', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Imprimer des étiquettes…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Imprimer des étiquettes' });
  await expect(dialog.getByRole('img', { name: 'Aperçu de la première planche d’étiquettes' })).toBeVisible();
  await expect(dialog.getByTestId('labels-count')).toHaveText(/^\d+ étiquettes? sur \d+ pages?$/);
  // Nothing wider than the screen.
  const overflow = await dialog.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await snap(page, 'labels-03-phone-fr', { fullPage: true });
  await context.close();
});

test('a large run shows its progress and can be cancelled, leaving nothing to download', async ({ page }) => {
  // 1,500 more objects, imported from a CSV in one go.
  const csv = ['Object number,Object name', ...Array.from({ length: 1500 }, (_, i) => `2024.${i + 1},Sherd ${i + 1}`)].join('\n');
  const upload = await fetch(`${server.url}api/upload`, { method: 'POST', headers: { authorization: `Bearer ${server.token}` }, body: csv });
  const { data } = (await upload.json()) as { data: { uploadId: string } };
  await api('imports.commit', { source: { uploadId: data.uploadId, name: 'sherds.csv' } });

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.addInitScript(knownPerson(personId));
  await openAt(server, page, '/?q=sherd');
  await expect(page.getByText('1,500 objects')).toBeVisible();
  await page.getByTestId('exchange-menu').click();
  await page.getByTestId('exchange-labels').click();
  const dialog = page.getByRole('dialog', { name: 'Print labels' });
  await expect(dialog.getByLabel('The objects in this list')).toBeChecked();
  await dialog.getByTestId('labels-template').click();
  await page.getByRole('option', { name: /Avery L7651/ }).click();
  await dialog.getByText('QR code', { exact: true }).click();
  await expect(dialog.getByTestId('labels-count')).toHaveText('1,500 labels on 24 pages');
  await dialog.getByTestId('labels-start-job').click();
  const progress = dialog.getByTestId('labels-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(/\d+ of 1,500 labels/, { timeout: 20_000 });
  await snap(page, 'labels-04-progress');
  await progress.getByRole('button', { name: /Cancel|Stop/ }).click();
  // Back to the choices: nothing was made.
  await expect(dialog.getByTestId('labels-start-job')).toBeVisible({ timeout: 20_000 });
  await expect(dialog.getByTestId('labels-done')).toHaveCount(0);
});
