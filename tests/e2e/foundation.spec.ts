import { expect, test, type Page } from '@playwright/test';
import { snap, startServer, type StoreroomServer } from './helpers';

// The tests share one catalogue and build on each other, in order.
test.describe.configure({ mode: 'serial' });

let server: StoreroomServer;

test.beforeAll(async () => {
  server = await startServer();
});
test.beforeEach(({ page }) => {
  if (!process.env.E2E_DEBUG) return;
  page.on('console', (message) => console.log(`[console] ${message.text()}`));
  page.on('response', async (response) => {
    if (response.url().includes('/api/') && response.request().method() === 'POST') {
      console.log(`[api] ${response.url()} ${response.status()} ${(await response.text().catch(() => '')).slice(0, 300)}`);
    }
  });
});
test.afterAll(async () => {
  await server?.stop();
});

async function chooseOption(page: Page, label: string | RegExp, option: string | RegExp, typed?: string) {
  const input = page.getByRole('dialog').getByLabel(label);
  await input.click();
  if (typed) await input.fill(typed);
  await page.getByRole('option', { name: option }).click();
}

test('opening without the token explains how to get in', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Storeroom needs its access link' })).toBeVisible();
  await expect(page.getByText('storeroom serve')).toBeVisible();
  await expect(page.getByText(/it contains the access token/)).toBeVisible();
  await snap(page, '00-no-token');
});

test('a registrar records locations, an object and its move, and reads the history', async ({ page }) => {
  await page.goto(server.openUrl);
  // The token leaves the address bar as soon as the app has it.
  await expect.poll(() => page.url()).not.toContain('token=');

  // Who are you? (a fresh catalogue has nobody yet)
  const who = page.getByRole('dialog', { name: 'Who are you?' });
  await expect(who).toBeVisible();
  await snap(page, '01-who-are-you');
  await who.getByLabel(/Your name/).fill('Ana Lima');
  await who.getByRole('button', { name: 'Continue as this person' }).click();
  await expect(who).toBeHidden();
  await expect(page.getByRole('button', { name: /Working as Ana Lima/ })).toBeVisible();
  await expect(page.getByText('No locations yet')).toBeVisible();
  await expect(page.getByText('No objects yet')).toBeVisible();
  await snap(page, '02-empty-catalogue');

  // A room at the top level
  await page.getByRole('button', { name: 'New location' }).click();
  let dialog = page.getByRole('dialog', { name: 'New location' });
  await dialog.getByLabel('Code').fill('R1');
  await dialog.getByLabel('Name').fill('Basement storeroom');
  await chooseOption(page, 'Type', 'Room', 'Ro');
  await snap(page, '03-location-form');
  await dialog.getByRole('button', { name: 'Create location' }).click();
  await expect(dialog).toBeHidden();
  const nav = page.getByRole('navigation', { name: 'Locations' });
  await expect(nav.getByText('R1', { exact: true })).toBeVisible();

  // A duplicate code is refused, and the form says so under the code field
  await page.getByRole('button', { name: 'New location' }).click();
  dialog = page.getByRole('dialog', { name: 'New location' });
  await dialog.getByLabel('Code').fill('R1');
  await dialog.getByLabel('Name').fill('Another room');
  await dialog.getByLabel('Type').fill('room');
  await dialog.getByRole('button', { name: 'Create location' }).click();
  await expect(dialog.getByText('The code “R1” is already used by another location.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // A unit inside the room
  await nav.getByRole('button', { name: 'Actions for R1' }).click();
  await page.getByRole('menuitem', { name: 'Add sublocation' }).click();
  dialog = page.getByRole('dialog', { name: 'New sublocation' });
  await expect(dialog.getByLabel('Inside')).toHaveValue('R1 — Basement storeroom');
  await dialog.getByLabel('Code').fill('R1-U1');
  await dialog.getByLabel('Name').fill('Cabinet A');
  await chooseOption(page, 'Type', 'Unit', 'Uni');
  await dialog.getByRole('button', { name: 'Create location' }).click();
  await expect(dialog).toBeHidden();
  await expect(nav.getByText('R1-U1', { exact: true })).toBeVisible();

  // A holding area, so the tree shows a role badge
  await page.getByRole('button', { name: 'New location' }).click();
  dialog = page.getByRole('dialog', { name: 'New location' });
  await dialog.getByLabel('Code').fill('H1');
  await dialog.getByLabel('Name').fill('Corridor holding area');
  await dialog.getByLabel('Type').fill('area');
  await dialog.getByRole('radio', { name: /Holding area/ }).click();
  await dialog.getByRole('button', { name: 'Create location' }).click();
  await expect(dialog).toBeHidden();
  await expect(nav.getByText('Holding', { exact: true })).toBeVisible();

  // An object with a number and a description
  await page.getByRole('button', { name: 'New object' }).first().click();
  dialog = page.getByRole('dialog', { name: 'New object' });
  await dialog.getByLabel('Object number').fill('1987.12.3');
  await dialog.getByLabel('Object name').fill('Ceramic bowl');
  await dialog.getByLabel('Brief description').fill('Glazed earthenware bowl, blue rim, chip on the foot.');
  await snap(page, '04-object-form');
  await dialog.getByRole('button', { name: 'Record object' }).click();
  await expect(dialog).toBeHidden();

  // Its page: no moves yet
  await expect(page.getByRole('heading', { name: '1987.12.3' })).toBeVisible();
  await expect(page.getByText('Glazed earthenware bowl, blue rim, chip on the foot.')).toBeVisible();
  await expect(page.getByText('No known location')).toBeVisible();
  await expect(page.getByRole('region', { name: 'History' }).getByText('Recorded in the catalogue')).toBeVisible();

  // Move it to the unit
  await page.getByRole('button', { name: 'Move', exact: true }).click();
  dialog = page.getByRole('dialog', { name: 'Move 1987.12.3' });
  await chooseOption(page, 'Destination', /^R1-U1 — Cabinet A/, 'Cabinet');
  await chooseOption(page, 'Reason for move', 'Return to normal location');
  await dialog.getByLabel('Note').fill('Placed on the top shelf, wrapped in tissue.');
  await snap(page, '05-move-form');
  await dialog.getByRole('button', { name: 'Record move' }).click();
  await expect(dialog).toBeHidden();

  // The history shows the move: from nowhere to R1-U1, why, by whom, with the note
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByText('R1-U1', { exact: true })).toBeVisible();
  await expect(history.getByText('No location')).toBeVisible();
  await expect(history.getByText('Return to normal location')).toBeVisible();
  await expect(history.getByText('by Ana Lima').first()).toBeVisible();
  await expect(history.getByText('Placed on the top shelf, wrapped in tissue.')).toBeVisible();
  await expect(history.getByText(/Movement reference \S+/)).toBeVisible();
  await expect(page.getByText('Basement storeroom > Cabinet A')).toBeVisible();
  await snap(page, '06-object-history', { fullPage: true });

  // A second move, to the holding area: the newest comes first, from R1-U1
  await page.getByRole('button', { name: 'Move', exact: true }).click();
  dialog = page.getByRole('dialog', { name: 'Move 1987.12.3' });
  await chooseOption(page, 'Destination', /^H1 — Corridor holding area/, 'H1');
  await chooseOption(page, 'Reason for move', 'To holding area');
  await dialog.getByRole('button', { name: 'Record move' }).click();
  await expect(dialog).toBeHidden();
  await expect(history.getByText('To holding area')).toBeVisible();
  await expect(history.getByText('R1-U1', { exact: true })).toHaveCount(2);
  await snap(page, '07-object-history-two-moves', { fullPage: true });

  // An unnumbered object gets a temporary number
  await page.getByRole('link', { name: 'All objects' }).click();
  await page.getByRole('button', { name: 'New object' }).first().click();
  dialog = page.getByRole('dialog', { name: 'New object' });
  await dialog.getByLabel('Object name').fill('Box of glass plate negatives');
  await dialog.getByLabel('Number of objects').fill('24');
  await dialog.getByRole('button', { name: 'Record object' }).click();
  await expect(page.getByRole('heading', { name: /^T-[0-9A-Z]{3}-0001$/ })).toBeVisible();
  await expect(page.getByText('temporary number', { exact: true })).toBeVisible();

  // The main page: tree with counts, table with both objects
  await page.getByRole('link', { name: 'All objects' }).click();
  const table = page.getByRole('grid', { name: 'Objects' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByText('Ceramic bowl')).toBeVisible();
  await expect(table.getByText('H1')).toBeVisible();
  await expect(page.getByText('2 objects', { exact: true })).toBeVisible();
  await snap(page, '08-main-tree-and-table');

  // Search narrows the table
  await page.getByLabel('Search objects').fill('ceramic');
  await expect(page.getByText('1 object', { exact: true })).toBeVisible();
  await page.getByLabel('Search objects').fill('');
  await expect(page.getByText('2 objects', { exact: true })).toBeVisible();

  // Keyboard: arrows move between rows, Enter opens one
  const rows = table.getByRole('row').filter({ has: page.getByRole('gridcell') });
  await rows.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toBeFocused();
  const secondName = (await rows.nth(1).getByRole('gridcell').nth(1).innerText()).trim();
  await page.keyboard.press('Enter');
  await expect(page.getByText(secondName, { exact: true }).first()).toBeVisible();
  await expect(page).toHaveURL(/#\/objects\//);

  // Filtering by location in the tree
  await page.getByRole('link', { name: 'All objects' }).click();
  await nav.getByText('R1-U1', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'R1-U1 — Cabinet A' })).toBeVisible();
  await expect(page.getByText('Nothing recorded here yet')).toBeVisible();
  await nav.getByText('Unlocated').click();
  await expect(table.getByText('Box of glass plate negatives')).toBeVisible();

  // A phone-sized screen
  await page.getByText('All objects').first().click();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  // On a phone the objects are cards, and the locations are in the menu's drawer.
  await expect(page.getByRole('list', { name: 'Objects found' }).getByText('Ceramic bowl')).toBeVisible();
  await expect(nav).not.toBeInViewport();
  await snap(page, '09-phone-main');
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(nav.getByText('R1-U1', { exact: true })).toBeVisible();
  await snap(page, '10-phone-tree');
});

test('the interface switches to French and remembers it', async ({ page }) => {
  await page.goto(server.openUrl);
  const who = page.getByRole('dialog', { name: 'Who are you?' });
  await expect(who).toBeVisible();
  await who.getByLabel('Language').click();
  await page.getByRole('option', { name: 'Français' }).click();
  const qui = page.getByRole('dialog', { name: 'Qui êtes-vous ?' });
  await expect(qui).toBeVisible();
  await qui.getByRole('button', { name: /Ana Lima/ }).click();
  await expect(qui).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Localisations' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Nouvelle localisation' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Nouvel objet' })).toBeVisible();
  await expect(page.getByText('Tous les objets du catalogue.')).toBeVisible();
  await expect(page.getByText('2 objets', { exact: true })).toBeVisible();
  await expect(page.getByRole('navigation').getByText('Transit', { exact: true })).toBeVisible();
  await snap(page, '11-french-main');

  await page.getByRole('grid', { name: 'Objets' }).getByText('Ceramic bowl').click();
  await expect(page.getByRole('heading', { name: 'Historique', exact: true })).toBeVisible();
  await expect(page.getByText('Vers la zone de transit')).toBeVisible();
  await expect(page.getByText('par Ana Lima').first()).toBeVisible();
  await snap(page, '12-french-object', { fullPage: true });

  await page.reload();
  await expect(page.getByRole('button', { name: 'Déplacer', exact: true })).toBeVisible();
});
