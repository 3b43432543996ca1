import { expect, test, type Locator, type Page } from '@playwright/test';
import { callApi, knownPerson, openAt, snap, startServer, type StoreroomServer } from './helpers';

// One catalogue, built up step by step: the steps run in order and share it.
test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 10_000 });

let server: StoreroomServer;
let personId = '';
const ids: Record<string, string> = {};

/** Calls the API directly, for the setup a test is not about. */
const api = <T = { id: string }>(procedure: string, input: unknown) => callApi<T>(server, procedure, input, personId);

const open = (page: Page, route = '/') => openAt(server, page, route);

const shot = (page: Page, name: string, fullPage = false) => snap(page, `objects-${name}`, { fullPage });

async function choose(page: Page, field: Locator, option: string | RegExp, typed?: string) {
  await field.click();
  if (typed) await field.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

const table = (page: Page) => page.getByRole('grid', { name: 'Objects' });
const row = (page: Page, number: string) => table(page).getByRole('row').filter({ has: page.getByText(number, { exact: true }) });

test.beforeAll(async () => {
  server = await startServer();
  personId = (await api('people.create', { name: 'Rosa Martins' })).id;
  const room = await api('locations.create', { code: 'R1', name: 'Basement storeroom', type: 'room', role: 'permanent' });
  ids.cabinet = (await api('locations.create', { parentId: room.id, code: 'R1-A', name: 'Cabinet A', type: 'unit', role: 'permanent' })).id;
  ids.holding = (await api('locations.create', { code: 'H1', name: 'Corridor holding area', type: 'area', role: 'holding' })).id;
});
test.afterAll(async () => {
  await server?.stop();
});
test.beforeEach(async ({ page }) => {
  // Who is working is chosen once per device; this browser is Rosa's.
  await page.addInitScript(knownPerson(personId));
});

test('settings: categories, condition terms and a custom field', async ({ page }) => {
  await open(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();

  const categories = page.getByRole('region', { name: 'Categories' });
  for (const term of ['Glass', 'Ceramics', 'Textiles']) {
    await categories.getByLabel('New category').fill(term);
    await categories.getByRole('button', { name: 'Add' }).click();
    await expect(categories.getByRole('listitem').filter({ hasText: term })).toBeVisible();
  }
  // Reorder: Ceramics first
  await categories.getByRole('button', { name: 'Move “Ceramics” up' }).click();
  await expect(categories.getByRole('listitem').first()).toContainText('Ceramics');

  // A new catalogue starts with a condition scale; add a worst term, and a term cannot be there twice
  const conditions = page.getByRole('region', { name: 'Condition terms' });
  for (const term of ['Good', 'Fair', 'Poor']) await expect(conditions.getByRole('listitem').filter({ hasText: term })).toBeVisible();
  await conditions.getByLabel('New condition term').fill('Unstable');
  await conditions.getByRole('button', { name: 'Add' }).click();
  await expect(conditions.getByRole('listitem').last()).toContainText('Unstable');
  await conditions.getByLabel('New condition term').fill('good');
  await conditions.getByRole('button', { name: 'Add' }).click();
  await expect(conditions.getByText('“good” is already in the list.')).toBeVisible();

  await page.getByRole('button', { name: 'Add a custom field' }).click();
  const dialog = page.getByRole('dialog', { name: 'New custom field' });
  await dialog.getByLabel('Name').fill('Donor');
  await dialog.getByRole('button', { name: 'Add field' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Custom fields' }).getByText('Donor')).toBeVisible();
  await shot(page, '01-settings', true);
});

test('an object recorded with every field, shown on its page', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'New object' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New object' });
  await dialog.getByLabel('Object number').fill('2001.1.1');
  await dialog.getByLabel('Object name').fill('Blue bowl');
  await dialog.getByLabel('Brief description').fill('Tin-glazed bowl with a hare painted in the well.');
  await choose(page, dialog.getByRole('combobox', { name: 'Category' }), 'Ceramics');
  await dialog.getByLabel('Materials').fill('earthenware, tin glaze');
  await dialog.getByLabel('Height').fill('12');
  await dialog.getByLabel('Width').fill('30');
  await dialog.getByLabel('Depth').fill('30');
  await dialog.getByLabel('Weight', { exact: true }).fill('0.8');
  await choose(page, dialog.getByRole('combobox', { name: 'Normal location' }), /^R1-A — Cabinet A/, 'R1-A');
  await dialog.getByText('Yes', { exact: true }).click();
  await dialog.getByLabel('Tags', { exact: true }).fill('fragile');
  await dialog.getByLabel('Tags', { exact: true }).press('Enter');
  await dialog.getByLabel('Donor').fill('Mme Dupont');
  await shot(page, '02-object-form');
  await dialog.getByRole('button', { name: 'Record object' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByRole('heading', { name: '2001.1.1' })).toBeVisible();
  ids.bowl = page.url().split('/objects/')[1]!;
  const details = page.locator('.object-details');
  await expect(details.getByText('Ceramics')).toBeVisible();
  await expect(details.getByText('earthenware, tin glaze')).toBeVisible();
  await expect(details.getByText('12 × 30 × 30 cm')).toBeVisible();
  await expect(details.getByText('0.8 kg')).toBeVisible();
  await expect(details.getByText('fragile')).toBeVisible();
  await expect(details.getByText('Mme Dupont')).toBeVisible();
  await expect(page.getByText('R1-A', { exact: true })).toBeVisible();
  await expect(page.getByText('Yes, moving at most two others')).toBeVisible();
  await shot(page, '03-object-page', true);
});

test('bulk edit of a selection: category and tag, in the table', async ({ page }) => {
  const more: [string, string][] = [
    ['2001.1.2', 'Storage jar'],
    ['2001.1.3', 'Linen cloth'],
    ['2001.1.4', 'Pewter spoon'],
  ];
  for (const [number, name] of more) {
    ids[number] = (await api('objects.create', { number, name, description: 'From the 2001 donation.' })).id;
  }
  await api('moves.create', { objectIds: [ids['2001.1.4']], toLocationId: ids.holding, reason: 'to_holding_area' });

  await open(page);
  await expect(page.getByText('4 objects', { exact: true })).toBeVisible();
  await row(page, '2001.1.2').getByRole('checkbox').click();
  await row(page, '2001.1.3').click({ modifiers: ['Shift'] });
  const bar = page.getByRole('toolbar', { name: 'Actions for the selected objects' });
  await expect(bar.getByText('2 selected')).toBeVisible();
  await shot(page, '04-selection');

  await bar.getByRole('button', { name: 'Bulk edit…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit 2 objects' });
  await choose(page, dialog.getByRole('combobox', { name: 'Category' }), 'Glass');
  await dialog.getByLabel('Tags to add', { exact: true }).fill('workshop-2026');
  await dialog.getByLabel('Tags to add', { exact: true }).press('Enter');
  await expect(dialog.getByText('This will change 2 objects: category and tags added.')).toBeVisible();
  await shot(page, '05-bulk-edit');
  await dialog.getByRole('button', { name: 'Apply to 2 objects' }).click();
  await expect(dialog).toBeHidden();

  for (const number of ['2001.1.2', '2001.1.3']) await expect(row(page, number).locator('.col-category')).toHaveText('Glass');
  await expect(row(page, '2001.1.4').locator('.col-category')).not.toHaveText('Glass');
  await expect(bar).toBeHidden();
  // The tag is searchable, and a filter
  await open(page, `/?tag=workshop-2026`);
  await expect(page.getByText('2 objects', { exact: true })).toBeVisible();
  await shot(page, '06-after-bulk-edit');
});

test('filters: unlocated, by category, kept in the URL, with empty states', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Needs attention' }).click();
  await page.getByRole('menuitem', { name: /Unlocated/ }).click();
  await expect(page.getByText('3 objects', { exact: true })).toBeVisible();
  await expect(row(page, '2001.1.4')).toHaveCount(0);
  await expect(page).toHaveURL(/unlocated=1/);
  await page.reload();
  await expect(page.getByText('3 objects', { exact: true })).toBeVisible();
  await shot(page, '07-unlocated');
  await page.getByRole('button', { name: 'Remove the filter “Unlocated”' }).click();
  await expect(page.getByText('4 objects', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Filters' }).click();
  const panel = page.getByRole('dialog');
  await choose(page, panel.getByRole('combobox', { name: 'Category' }), 'Glass');
  await page.keyboard.press('Escape');
  await expect(page.getByText('2 objects', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove the filter “Category: Glass”' })).toBeVisible();
  await expect(page).toHaveURL(/category=Glass/);
  await shot(page, '08-category-filter');

  // Sorting by a column header, reversed on a second click
  await table(page).getByRole('button', { name: 'Number' }).click();
  await expect(table(page).getByRole('row').nth(1)).toContainText('2001.1.3');
  await table(page).getByRole('button', { name: 'Number' }).click();
  await expect(table(page).getByRole('row').nth(1)).toContainText('2001.1.2');

  // One filter with nothing to show says so
  await open(page, `/?category=Textiles`);
  await expect(page.getByText('No objects in the category “Textiles”')).toBeVisible();
  await open(page, `/?role=holding&category=Glass`);
  await expect(page.getByText('No objects match all these filters')).toBeVisible();
  await open(page, `/?role=holding`);
  await expect(page.getByText('1 object', { exact: true })).toBeVisible();
  await api('moves.create', { objectIds: [ids['2001.1.4']], toLocationId: ids.cabinet, reason: 'reorganization' });
  await expect(page.getByText('No objects are in holding areas')).toBeVisible();
  await shot(page, '09-empty-holding');
});

test('two condition records, then the timeline and the change log', async ({ page }) => {
  await open(page, `/objects/${ids.bowl}`);
  await expect(page.getByRole('heading', { name: '2001.1.1' })).toBeVisible();
  for (const [term, note] of [
    ['Good', ''],
    ['Fair', 'Hairline crack near the foot.'],
  ]) {
    await page.getByRole('button', { name: 'Record condition' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Record the condition of 2001.1.1' });
    await choose(page, dialog.getByRole('combobox', { name: 'Condition' }), term!);
    if (note) await dialog.getByLabel('Note').fill(note);
    await dialog.getByRole('button', { name: 'Record condition' }).click();
    await expect(dialog).toBeHidden();
  }
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByText('Condition checked:')).toHaveCount(2);
  await expect(history.getByText('Hairline crack near the foot.')).toBeVisible();
  await expect(history.getByText('Recorded in the catalogue')).toBeVisible();
  await expect(page.locator('.condition-card').getByText('Fair')).toBeVisible();
  await shot(page, '10-condition-timeline', true);
  await history.getByText('Condition', { exact: true }).click();
  await expect(history.getByText('Recorded in the catalogue')).toBeHidden();

  await history.getByRole('link', { name: 'See all changes' }).click();
  await expect(page.getByRole('heading', { name: 'Change log' })).toBeVisible();
  await expect(page.getByText('Recorded the condition of 2001.1.1: Fair')).toBeVisible();
  await expect(page.getByText('Recorded object 2001.1.1 (Blue bowl)')).toBeVisible();
  await expect(page.getByText('Edited 2 objects')).toHaveCount(0);
  await shot(page, '11-object-changes');
  await page.getByRole('button', { name: 'Show changes to every object' }).click();
  await expect(page.getByText('Edited 2 objects')).toBeVisible();
  await expect(page.getByText('Moved 1 object to H1')).toBeVisible();
  await shot(page, '12-change-log', true);
});

test('search: a word from the description, and FTS syntax errors inline', async ({ page }) => {
  await open(page);
  const search = page.getByLabel('Search objects');
  await search.fill('hare');
  await expect(page.getByText('1 object', { exact: true })).toBeVisible();
  await expect(table(page).getByText('Blue bowl')).toBeVisible();
  await search.fill('"hare');
  await expect(page.getByText('This search cannot be understood', { exact: false })).toBeVisible();
  await expect(page.getByText('The search could not be understood')).toBeVisible();
  await shot(page, '13-search-error');
  await search.fill('donation NOT pewter');
  await expect(page.getByText('2 objects', { exact: true })).toBeVisible();
});

test('keyboard: select with Space, move the selection with M', async ({ page }) => {
  await open(page);
  const rows = table(page).getByRole('row').filter({ has: page.getByRole('gridcell') });
  await rows.first().focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.getByText('2 selected')).toBeVisible();
  await page.keyboard.press('m');
  const dialog = page.getByRole('dialog', { name: 'Move 2 objects' });
  await expect(dialog).toBeVisible();
  await choose(page, dialog.getByRole('combobox', { name: 'Destination' }), /^H1 — Corridor holding area/, 'H1');
  await dialog.getByRole('button', { name: 'Record move' }).click();
  await expect(dialog).toBeHidden();
  await open(page, `/?role=holding`);
  await expect(page.getByText('2 objects', { exact: true })).toBeVisible();

  // Select everything, then return what has a normal location
  await rows.first().focus();
  await page.keyboard.press('Control+a');
  await expect(page.getByText('2 selected')).toBeVisible();
  await page.getByRole('button', { name: 'Return to normal location' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Return them' }).click();
  await expect(page.getByText('1 object returned to its normal location')).toBeVisible();
  await expect(page.getByText('Left where they are: 1 with no normal location.')).toBeVisible();
});

test('removing a category in use is refused with the reason', async ({ page }) => {
  await open(page, `/settings`);
  const categories = page.getByRole('region', { name: 'Categories' });
  await categories.getByRole('button', { name: 'Remove “Glass”' }).click();
  await expect(categories.getByRole('alert')).toContainText('"Glass" is still used by 2 objects; it cannot be removed.');
  await expect(categories.getByRole('listitem').filter({ hasText: 'Glass' })).toBeVisible();
  await shot(page, '14-term-in-use');
});

test('in French, the server’s reason is in French too', async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'fr'));
  await open(page, `/settings`);
  const categories = page.getByRole('region', { name: 'Catégories' });
  await categories.getByRole('button', { name: 'Retirer « Glass »' }).click();
  await expect(categories.getByRole('alert')).toContainText('« Glass » est encore utilisée par des objets (2) ; elle ne peut pas être retirée.');
});

test('phone-sized screens', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page);
  // On a phone the objects are cards.
  await expect(page.getByRole('list', { name: 'Objects found' }).getByText('Blue bowl')).toBeVisible();
  await shot(page, '15-phone-main');
  await open(page, `/objects/${ids.bowl}`);
  await expect(page.getByRole('heading', { name: '2001.1.1' })).toBeVisible();
  await shot(page, '16-phone-object', true);
  await open(page, `/changes`);
  await expect(page.getByRole('heading', { name: 'Change log' })).toBeVisible();
  await shot(page, '17-phone-changes');
});
