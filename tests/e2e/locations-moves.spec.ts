import { expect, test, type Page } from '@playwright/test';
import { callApi, knownPerson, snap, startServer, type StoreroomServer } from './helpers';

// One catalogue for the whole file: each step builds on the previous one, like a day of a RE-ORG workshop.
test.describe.configure({ mode: 'serial' });

let server: StoreroomServer;
let personId: string;
const ids = new Map<string, string>();

/** Calls the HTTP API directly, as Ana: used to seed what the steps under test do not create themselves. */
const api = <T = Record<string, unknown>>(procedure: string, input: unknown) => callApi<T>(server, procedure, input, personId);

async function location(code: string, name: string, type: string, parent?: string, role = 'permanent'): Promise<string> {
  const created = await api<{ id: string }>('locations.create', { code, name, type, role, parentId: parent ? ids.get(parent) : null });
  ids.set(code, created.id);
  return created.id;
}

test.beforeAll(async () => {
  server = await startServer();
  personId = (await api<{ id: string }>('people.create', { name: 'Ana Lima' })).id;
  await api('vocabularies.setTerms', { vocabulary: 'category', terms: ['Ceramics', 'Textiles', 'Metalwork'] });
  await location('B1', 'Museum building', 'building');
  await location('R2', 'Basement storeroom', 'room', 'B1');
  // Someone already made unit A by hand: the generator must see the collision.
  await location('R2-A', 'Unit A', 'unit', 'R2');
  await location('H1', 'Corridor holding area', 'area', 'B1', 'holding');
  await location('BOX-7', 'Box of textiles', 'box', 'H1');
  const categories = ['Ceramics', 'Textiles', 'Metalwork'];
  for (let i = 1; i <= 10; i++) {
    const object = await api<{ id: string }>('objects.create', { number: `2024.${i}`, name: `Study object ${i}`, category: categories[i % 3] });
    ids.set(`2024.${i}`, object.id);
  }
  for (let i = 1; i <= 3; i++) {
    const object = await api<{ id: string }>('objects.create', { number: `1950.${i}`, name: `Embroidered panel ${i}`, category: 'Textiles' });
    ids.set(`1950.${i}`, object.id);
  }
  await api('moves.create', { objectIds: ['1950.1', '1950.2', '1950.3'].map((n) => ids.get(n)), toLocationId: ids.get('BOX-7') });
});
test.afterAll(async () => {
  await server?.stop();
});
test.beforeEach(async ({ page }) => {
  // This device already knows who is working.
  await page.addInitScript(knownPerson(personId));
  if (!process.env.E2E_DEBUG) return;
  page.on('console', (message) => console.log(`[console] ${message.text()}`));
});

const tree = (page: Page) => page.getByRole('navigation', { name: 'Locations' });

test('generate a room’s units and shelves: preview, collisions refused, then create', async ({ page }) => {
  await page.goto(server.openUrl);
  const nav = tree(page);
  await expect(nav.getByText('R2', { exact: true })).toBeVisible();
  // Rooms start closed: unit A is not shown until R2 is opened.
  await expect(nav.getByText('R2-A', { exact: true })).toBeHidden();

  await nav.getByRole('button', { name: 'Actions for R2', exact: true }).click();
  await page.getByRole('menuitem', { name: /Generate units\/shelves/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate locations' });
  await expect(dialog.getByLabel('Inside')).toHaveValue('R2 — Basement storeroom');
  await expect(dialog.getByLabel('Code pattern')).toHaveValue('R2-{unit}-{shelf}');
  // Units A–R with shelves 1–6: 18 + 108 codes, and R2-A is taken.
  const summary = dialog.getByTestId('generator-summary');
  await expect(summary).toHaveText('126 locations, 1 collide');
  const create = dialog.getByRole('button', { name: /^Create/ });
  await expect(create).toBeDisabled();
  await expect(dialog.getByRole('row', { name: /R2-A \(already used\)/ })).toBeVisible();
  await snap(page, 'lm-01-generator-collision');

  // Start at unit B, four shelves each.
  await dialog.getByLabel('Values of level 1').fill('B-F');
  await dialog.getByLabel('Values of level 2').fill('1-4');
  await expect(summary).toHaveText('25 locations');
  await expect(dialog.getByRole('row', { name: /^R2-B-1 Shelf 1 R2-B$/ })).toBeVisible();
  await expect(create).toBeEnabled();
  await expect(create).toHaveText('Create 25 locations');
  await snap(page, 'lm-02-generator-preview');
  await create.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('25 locations created.')).toBeVisible();
  // The room opens to show its new units.
  await expect(nav.getByText('R2-B', { exact: true })).toBeVisible();
  await expect(nav.getByText('R2-F', { exact: true })).toBeVisible();
  await snap(page, 'lm-03-generated-tree');
});

test('rapid-move ten objects by typing codes', async ({ page }) => {
  await page.goto(server.openUrl);
  await page.getByRole('button', { name: 'Rapid move' }).click();
  await expect(page).toHaveURL(/#\/rapid/);

  // Step 1: the destination, typed in any case, as a scanner would.
  const destination = page.getByLabel('Destination code');
  await expect(destination).toBeFocused();
  await page.keyboard.type('r2-b-1');
  await expect(page.getByRole('listitem').filter({ hasText: 'R2-B-1' })).toBeVisible();
  await snap(page, 'lm-04-rapid-destination');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rapid-destination')).toHaveText('R2-B-1');

  // Step 2: ten numbers and one unknown, each followed by Enter, typed without pause.
  const input = page.getByLabel('Object number');
  await expect(input).toBeFocused();
  for (const number of ['2024.1', '2024.2', '2024.3', '2024.4', '2024.5', '2024.6', '2024.7', '2024.8', '2024.9', '2024.10', 'NOT-A-NUMBER']) {
    await page.keyboard.type(number);
    await page.keyboard.press('Enter');
  }
  await expect(input).toHaveValue('');
  await expect(input).toBeFocused();
  await expect(page.getByTestId('tally-moved')).toContainText('10');
  await expect(page.getByTestId('tally-unknown')).toContainText('1');
  const feed = page.getByRole('list', { name: 'Scans, newest first' });
  await expect(feed.getByRole('listitem').first()).toContainText('NOT-A-NUMBER');
  await expect(feed.getByRole('listitem').first()).toContainText('Unknown number');
  await expect(feed.getByRole('listitem').filter({ hasText: '2024.10' })).toContainText('no location → R2-B-1');
  // Scanning one again: already here.
  await page.keyboard.type('2024.3');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tally-already')).toContainText('1');
  await snap(page, 'lm-05-rapid-tally', { fullPage: true });

  // The same session on a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('rapid-destination')).toBeVisible();
  await snap(page, 'lm-06-rapid-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // One session, one batch.
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page.getByText(/10 objects moved under reference M-[0-9A-Z]{3}-\d+/)).toBeVisible();
  const batches = await api<{ batches: { objectCount: number; toLocationCode: string }[] }>('moves.batches', { limit: 1 });
  expect(batches.batches[0]).toMatchObject({ objectCount: 10, toLocationCode: 'R2-B-1' });
});

test('the location page shows what is there and warns about units that mix categories', async ({ page }) => {
  await page.goto(server.openUrl);
  const nav = tree(page);
  await nav.getByRole('button', { name: 'Actions for R2', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Open location page' }).click();
  await expect(page.getByRole('heading', { name: 'R2 — Basement storeroom' })).toBeVisible();
  const warning = page.getByTestId('mixed-warning');
  await expect(warning).toContainText('1 unit mixes categories');
  await expect(warning.getByRole('link', { name: 'R2-B' })).toBeVisible();
  for (const category of ['Ceramics', 'Metalwork', 'Textiles']) await expect(warning.getByText(category, { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Categories present' })).toContainText('Ceramics');
  await expect(page.getByRole('region', { name: 'Sublocations' }).getByRole('link', { name: 'R2-F' })).toBeVisible();
  await snap(page, 'lm-07-location-page', { fullPage: true });

  // Sublocations in the order they stand: the last one up, then back down.
  const sublocations = page.getByRole('region', { name: 'Sublocations' });
  const codes = () => sublocations.locator('tbody tr td:first-child a').allTextContents();
  const before = await codes();
  const last = before.at(-1)!;
  await expect(sublocations.getByRole('button', { name: `Move ${last} down` })).toBeDisabled();
  await sublocations.getByRole('button', { name: `Move ${last} up` }).click();
  await expect.poll(codes).toEqual([...before.slice(0, -2), last, before.at(-2)!]);
  const { locations } = await api<{ locations: { code: string; parentId: string | null; id: string }[] }>('locations.tree', {});
  const r2 = locations.find((l) => l.code === 'R2')!;
  expect(locations.filter((l) => l.parentId === r2.id).map((l) => l.code)).toEqual(await codes());
  await snap(page, 'lm-07b-location-reordered', { fullPage: true });
  await sublocations.getByRole('button', { name: `Move ${last} down` }).click();
  await expect.poll(codes).toEqual(before);

  // The unit's own page, from the warning.
  await warning.getByRole('link', { name: 'R2-B' }).click();
  await expect(page.getByRole('heading', { name: 'R2-B — Unit B' })).toBeVisible();
  await expect(page.getByText('Museum building > Basement storeroom > Unit B', { exact: true })).toBeVisible();
});

test('move a box with its contents, confirming how many objects go with it', async ({ page }) => {
  await page.goto(server.openUrl);
  const nav = tree(page);
  // Find the box with the tree's filter.
  await nav.getByLabel('Find a location').fill('box-7');
  await expect(nav.getByText('1 match')).toBeVisible();
  await nav.getByRole('button', { name: 'Actions for BOX-7', exact: true }).click();
  await page.getByRole('menuitem', { name: /Move this container/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Move BOX-7 with its contents' });
  await expect(dialog.getByTestId('container-count')).toHaveText('3 objects go with it');
  const destination = dialog.getByLabel('Destination');
  await destination.click();
  await destination.fill('R2-C-2');
  await page.getByRole('option', { name: /^R2-C-2 — Shelf 2/ }).click();
  await dialog.getByRole('button', { name: 'Review the move' }).click();
  await expect(dialog.getByTestId('container-confirm')).toContainText('3 objects move with it');
  await snap(page, 'lm-08-container-confirm');
  await dialog.getByRole('button', { name: 'Move it with 3 objects' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/BOX-7 moved to R2-C-2 with 3 objects/)).toBeVisible();

  // Its objects are now on the shelf, inside the box.
  await page.goto(`${server.url}#/objects/${ids.get('1950.2')}`);
  await expect(page.getByText('Museum building > Basement storeroom > Unit C > Shelf 2 > Box of textiles')).toBeVisible();
  await snap(page, 'lm-09-object-in-moved-box', { fullPage: true });
});

test('undo the last batch: the objects come back, and the batch says it was undone', async ({ page }) => {
  await page.goto(server.openUrl);
  await page.getByRole('button', { name: 'Moves', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Undo my last batch…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Undo my last batch…' });
  await expect(dialog).toContainText('3 objects to R2-C-2');
  await dialog.getByRole('button', { name: 'Undo the batch' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('3 objects are back where they were.')).toBeVisible();

  await page.goto(`${server.url}#/objects/${ids.get('1950.2')}`);
  await expect(page.getByText('Museum building > Corridor holding area > Box of textiles')).toBeVisible();

  await page.goto(`${server.url}#/batches`);
  const table = page.getByRole('table', { name: 'Batches of moves' });
  await expect(table.getByText(/^by M-[0-9A-Z]{3}-\d+$/)).toBeVisible();
  await expect(table.getByText(/^of M-[0-9A-Z]{3}-\d+$/)).toBeVisible();
  await snap(page, 'lm-10-batches-after-undo');

  // The rapid session can be undone from the list too; what came back is reported.
  const session = table.getByRole('row').filter({ hasText: 'R2-B-1' });
  await session.getByRole('button', { name: /^Undo M-[0-9A-Z]{3}-\d+$/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Undo the batch' }).click();
  const report = page.getByRole('dialog', { name: /M-[0-9A-Z]{3}-\d+ undone/ });
  await expect(report).toContainText('10 objects are back where they were.');
  await snap(page, 'lm-11-undo-report');
  await report.getByRole('button', { name: 'Close' }).click();
  const list = await api<{ items: { currentLocationId: string | null }[] }>('objects.list', { query: 'Study', limit: 20 });
  expect(list.items.every((o) => o.currentLocationId === null)).toBe(true);
});
