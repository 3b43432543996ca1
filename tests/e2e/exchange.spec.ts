import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, knownPerson, openAt, snap, startServer, type StoreroomServer } from './helpers';

/*
 * Spreadsheets, end to end: an old French inventory (a title row and a note above the header) goes through the
 * wizard: sheet and header row, column mapping (one column becomes a new custom field, one is left out),
 * a preview with new rows, an update and errors, the import, the objects in the list; then an Excel export
 * downloaded and read back, a CSV of a filtered list, and the import undone.
 */
test.describe.configure({ mode: 'serial' });

let server: StoreroomServer;
let personId: string;
let dir: string;
let workbook: string;

const api = <T = Record<string, unknown>>(procedure: string, input: unknown) => callApi<T>(server, procedure, input, personId);

const open = (page: Page, hash: string) => openAt(server, page, hash);
const field = (page: Page, column: string) => page.getByRole('combobox', { name: `Field for the column ${column}`, exact: true });

/** The inventory as a museum keeps it: a title, a note, then French column names and the objects. */
async function frenchInventory(file: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Inventaire');
  sheet.addRow(['Inventaire de la réserve 2, récolement 1998']);
  sheet.addRow(['Musée municipal — document de travail']);
  sheet.addRow(["N° d'inventaire", 'Désignation', 'Matériaux', 'Dimensions', 'Catégorie', 'État', 'Emplacement', "Nombre d'objets", 'Donateur', 'Observations internes']);
  sheet.addRow(['1998.1', 'Jarre ancienne', 'Terre cuite', '30 x 20 cm', 'Ceramics', 'Good', 'R2-A', 1, 'Famille Dupont', 'à revoir']);
  sheet.addRow(['1998.2', 'Coupe', 'Verre', '10 x 15 x 15 cm', 'Verrerie', 'Fair', 'Storeroom 2 > Shelf B', 1, 'Legs Martin', '']);
  sheet.addRow(['1998.3', 'Assiette', 'Faïence', '2 x 25 cm', 'Ceramics', 'Good', 'R2-A', 'deux', '', '']);
  sheet.addRow(['1998.4', 'Plat à barbe', 'Étain', '4 x 30 cm', 'Ceramics', 'Poor', 'R2-A', 1, '', 'fragile']);
  sheet.addRow(['1998.5', 'Bol', 'Grès', '8 x 12 cm', 'Ceramics', 'Good', 'R2-A', 1, 'Famille Dupont', '']);
  sheet.addRow(['1998.1', 'Jarre (doublon)', '', '', '', '', '', 1, '', '']);
  await book.xlsx.writeFile(file);
}

test.beforeAll(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'storeroom-e2e-exchange-'));
  personId = (await api<{ id: string }>('people.create', { name: 'Chloé Bernard' })).id;
  await api('vocabularies.setTerms', { vocabulary: 'category', terms: ['Ceramics', 'Textiles'] });
  await api('vocabularies.setTerms', { vocabulary: 'condition', terms: ['Good', 'Fair', 'Poor'] });
  const room = await api<{ id: string }>('locations.create', { code: 'R2', name: 'Storeroom 2', type: 'room', role: 'permanent' });
  await api('locations.create', { code: 'R2-A', name: 'Unit A', type: 'unit', role: 'permanent', parentId: room.id });
  await api('objects.create', { number: '1998.1', name: 'Old jar', category: 'Ceramics' });
  workbook = join(dir, 'inventaire réserve 2.xlsx');
  await frenchInventory(workbook);
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** From the file to the mapping screen, with its checks along the way. */
async function toMapping(page: Page, shots: { layout?: string }) {
  await open(page, '/import');
  await expect(page.getByRole('heading', { name: 'Import a spreadsheet' })).toBeVisible();
  await page.getByTestId('import-file-input').setInputFiles(workbook);
  const layout = page.getByTestId('import-layout-table');
  await expect(layout).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('The column names were found in row 3')).toBeVisible();
  await expect(layout.locator('tr[data-kind="above"]').first()).toContainText('Inventaire de la réserve 2');
  await expect(layout.locator('tr[data-kind="header"]')).toContainText("N° d'inventaire");
  if (shots.layout) await snap(page, shots.layout, { fullPage: true });
  await page.getByTestId('import-to-mapping').click();
  await expect(page.getByTestId('mapping-table')).toBeVisible();
}

test('an old inventory through the wizard: header row, mapping, preview, import', async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'en'));
  await toMapping(page, { layout: 'exchange-01-import-layout' });

  const mapping = page.getByTestId('mapping-table');
  // Suggestions from French names.
  await expect(field(page, "N° d'inventaire")).toHaveValue('Object number');
  await expect(field(page, 'Désignation')).toHaveValue('Object name');
  await expect(field(page, 'Emplacement')).toHaveValue('Current location (code or path)');
  await expect(field(page, 'Donateur')).toHaveValue('Do not import');
  // The donor becomes a new custom field; internal remarks stay out.
  await field(page, 'Donateur').click();
  await page.getByRole('option', { name: 'New custom field “Donateur”' }).click();
  await expect(field(page, 'Donateur')).toHaveValue('New custom field “Donateur”');
  await expect(field(page, 'Observations internes')).toHaveValue('Do not import');
  await expect(mapping).toContainText('Famille Dupont');
  await page.getByText('Which field does each column fill?').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await snap(page, 'exchange-02-import-mapping');

  // Saved for the next file of the same kind.
  await page.getByRole('button', { name: 'Save this mapping' }).click();
  await page.getByLabel('Name').fill('Réserve 1998');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Mapping saved as “Réserve 1998”.')).toBeVisible();

  // Unknown locations are not made by default: a typo in a code is an error, not a new location.
  const createLocations = page.getByRole('checkbox', { name: 'Create locations that do not exist yet' });
  await expect(createLocations).not.toBeChecked();
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('preview-count-new')).toContainText('2', { timeout: 20_000 });
  await expect(page.getByTestId('preview-count-error')).toContainText('3');
  await expect(page.getByTestId('outcome-list').locator('[data-status="error"]').filter({ hasText: 'Row 5' })).toContainText('No location "Storeroom 2 > Shelf B"');
  // Ticked, the preview lists what it will create.
  await page.getByRole('button', { name: 'Back to the columns' }).click();
  await expect(field(page, 'Donateur')).toHaveValue('New custom field “Donateur”');
  await createLocations.check();
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('preview-count-new')).toContainText('3', { timeout: 20_000 });
  await expect(page.getByTestId('preview-count-update')).toContainText('1');
  await expect(page.getByTestId('preview-count-error')).toContainText('2');
  const newThings = page.getByTestId('preview-new-things');
  await expect(newThings).toContainText('Storeroom 2 > Shelf B');
  await expect(newThings).toContainText('Verrerie');
  await expect(newThings).toContainText('Donateur');
  // Errors first, each with its row number.
  const list = page.getByTestId('outcome-list');
  await expect(list.locator('[data-status="error"]').first()).toContainText('Row 6');
  await expect(list.locator('[data-status="error"]')).toHaveCount(2);
  await snap(page, 'exchange-03-import-preview-errors', { fullPage: true });
  await page.getByTestId('preview-count-update').click();
  const update = list.locator('[data-status="update"]');
  await expect(update).toContainText('Row 4');
  await expect(update).toContainText('Object name');
  await expect(update).toContainText('Old jar');
  await expect(update).toContainText('Jarre ancienne');
  await expect(update).toContainText('Donateur (new custom field)');
  await snap(page, 'exchange-04-import-preview-update', { fullPage: true });
  // The download carries the session's cookie, never the token in its URL.
  await expect(page.getByTestId('preview-report')).toHaveAttribute('href', /^\/exports\/[^?]+$/);

  await page.getByTestId('import-commit').click();
  await expect(page.getByRole('dialog', { name: 'Import now?' })).toContainText('2 rows with errors will be skipped.');
  await page.getByTestId('import-commit-confirm').click();
  const done = page.getByTestId('import-done');
  await expect(done).toBeVisible({ timeout: 20_000 });
  await expect(done).toContainText('3 new objects, 1 updated');
  // Before still marks the catalogue's creation, when it held nothing: moving it to just after this import is offered.
  const before = page.getByTestId('import-before');
  await expect(before).toContainText('Move Before to just after this import?');
  await snap(page, 'exchange-05-import-done', { fullPage: true });
  const beforeAt = async () => (await api<{ milestones: { kind: string; at: string }[] }>('milestones.list', {})).milestones.find((m) => m.kind === 'before')!.at;
  const was = await beforeAt();
  await page.getByTestId('import-move-before').click();
  await expect(before).toContainText('Before now stands just after this import.');
  expect(await beforeAt()).not.toBe(was);
  expect(await beforeAt() > was).toBe(true);

  await page.getByTestId('import-see-objects').click();
  await expect(page.getByRole('row', { name: /1998\.2/ })).toContainText('Coupe');
  await expect(page.getByRole('row', { name: /1998\.1/ })).toContainText('Jarre ancienne');
  await expect(page.getByRole('row', { name: /1998\.5/ })).toContainText('Bol');
  await expect(page.getByRole('row', { name: /1998\.3/ })).toHaveCount(0);
});

test('export the catalogue to Excel, download it and read it back; a filtered list as CSV', async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'en'));
  await open(page, '/');
  await page.getByTestId('exchange-menu').click();
  await page.getByRole('menuitem', { name: 'Export to Excel or CSV…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export to Excel or CSV' });
  await expect(dialog.getByRole('radio', { name: /The whole catalogue/ })).toBeChecked();
  await expect(dialog).toContainText('4 objects');
  await snap(page, 'exchange-06-export-dialog');
  await dialog.getByTestId('export-start').click();
  await expect(dialog.getByTestId('export-done')).toBeVisible({ timeout: 30_000 });
  await snap(page, 'exchange-07-export-ready');
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const saved = join(dir, 'export.xlsx');
  await download.saveAs(saved);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(saved);
  const objects = book.getWorksheet('Objects')!;
  const header = (objects.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
  const numberColumn = header.findIndex((h) => /object number/i.test(h));
  const nameColumn = header.findIndex((h) => /object name/i.test(h));
  expect(numberColumn).toBeGreaterThan(0);
  const rows: Record<string, string> = {};
  objects.eachRow((row, n) => {
    if (n > 1) rows[String(row.getCell(numberColumn).value)] = String(row.getCell(nameColumn).value);
  });
  expect(rows['1998.2']).toBe('Coupe');
  expect(rows['1998.1']).toBe('Jarre ancienne');
  expect(book.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Objects', 'Locations', 'Movements', 'People', 'About']));
  await dialog.getByRole('button', { name: 'Close' }).or(page.locator('.mantine-Modal-close')).first().click();

  // The list on screen, filtered by words, as CSV for Excel.
  await page.getByRole('searchbox', { name: /search/i }).fill('Coupe');
  await expect(page.getByText('1 object', { exact: true })).toBeVisible();
  await page.getByTestId('exchange-menu').click();
  await page.getByRole('menuitem', { name: 'Export to Excel or CSV…' }).click();
  await expect(dialog.getByRole('radio', { name: /The list on screen/ })).toBeChecked();
  await dialog.getByText('CSV (one sheet)').click();
  await expect(dialog.getByRole('checkbox', { name: /byte-order mark/ })).toBeChecked();
  // CSV in a spreadsheet program loses leading zeros: the dialog says so, and that .xlsx keeps them.
  await expect(dialog.getByTestId('export-leading-zeros')).toContainText('turns 007 into 7');
  await expect(dialog.getByTestId('export-leading-zeros')).toContainText('.xlsx');
  await dialog.getByTestId('export-start').click();
  await expect(dialog.getByTestId('export-done')).toBeVisible({ timeout: 30_000 });
  const [csv] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const csvPath = join(dir, 'list.csv');
  await csv.saveAs(csvPath);
  const text = readFileSync(csvPath, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain('Coupe');
  expect(text).not.toContain('Assiette');
  expect(text).not.toContain('Jarre ancienne');
  await dialog.getByRole('button', { name: 'Close' }).or(page.locator('.mantine-Modal-close')).first().click();

  // For a collections system: CollectionSpace's CSV Importer files, or CollectiveAccess's data and mapping, as one zip.
  await page.getByTestId('exchange-menu').click();
  await page.getByRole('menuitem', { name: 'Export to Excel or CSV…' }).click();
  await dialog.getByText('Collections system').click();
  const profiles = dialog.getByTestId('export-profiles');
  await expect(profiles.getByRole('radio', { name: 'CollectionSpace' })).toBeChecked();
  // The whole catalogue goes to a collections system, whatever the list on screen.
  await expect(dialog.getByRole('radio', { name: /The whole catalogue/ })).toBeChecked();
  await expect(dialog.getByRole('radio', { name: /The list on screen/ })).toBeDisabled();
  await expect(dialog.getByTestId('export-leading-zeros')).toHaveCount(0);
  await snap(page, 'exchange-14-export-profiles');
  for (const [name, files] of [
    ['CollectiveAccess', ['storeroom-objects.xlsx', 'collectiveaccess-mapping.xlsx']],
    ['CollectionSpace', ['collectionobject.csv', 'location-local.csv', 'location-hierarchy.csv', 'movement.csv']],
  ] as const) {
    await profiles.getByRole('radio', { name }).check();
    await dialog.getByTestId('export-start').click();
    await expect(dialog.getByTestId('export-done')).toBeVisible({ timeout: 30_000 });
    const [zip] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
    expect(zip.suggestedFilename(), name).toMatch(/\.zip$/);
    const zipPath = join(dir, `${name}.zip`);
    await zip.saveAs(zipPath);
    const entries = Object.keys(unzipSync(readFileSync(zipPath)));
    expect(entries, name).toEqual(expect.arrayContaining([...files]));
    await dialog.getByRole('button', { name: 'Export something else' }).click();
    await dialog.getByText('Collections system').click();
  }
});

test('past imports: undo the import, then restore it', async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'en'));
  await open(page, '/import');
  const past = page.getByTestId('past-imports');
  await expect(past).toContainText('inventaire réserve 2.xlsx');
  await past.getByRole('button', { name: 'Undo' }).click();
  await page.getByTestId('undo-confirm').click();
  await expect(page.getByTestId('undo-result')).toContainText('1 objects restored, 3 removed.');
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(past).toContainText('Undone');
  await open(page, '/');
  await expect(page.getByRole('row', { name: /1998\.1/ })).toContainText('Old jar');
  await expect(page.getByRole('row', { name: /1998\.2/ })).toHaveCount(0);
  // The undo is undone: the import's objects come back as it left them.
  await open(page, '/import');
  await past.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByText('The import of inventaire réserve 2.xlsx is back: 4 objects as it left them.')).toBeVisible();
  await expect(past.getByRole('button', { name: 'Undo' })).toBeVisible();
  await snap(page, 'exchange-past-imports-restored');
  await open(page, '/');
  await expect(page.getByRole('row', { name: /1998\.2/ })).toHaveCount(1);
});

test('a condition survey: no object-number column said at once, dates that read both ways asked with two rows, an unknown term placed', async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'en'));
  const file = join(dir, 'constat 2024.csv');
  writeFileSync(
    file,
    'Ref,Object name,Condition,Condition date,Condition assessed by\n' +
      'S-1,Jug,Good,03/04/2024,M. Dupont\nS-2,Cup,Fragile,05/06/2024,M. Dupont\nS-3,Bowl,Fair,07/08/2024,\n',
  );
  await open(page, '/import');
  await page.getByTestId('import-file-input').setInputFiles(file);
  await expect(page.getByTestId('import-layout-table')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('import-to-mapping').click();
  await expect(page.getByTestId('mapping-table')).toBeVisible();
  // "Ref" is no known name for the object number: said before anything else, before anything is written.
  await expect(page.getByTestId('mapping-no-number')).toContainText('No column is the object number');
  await field(page, 'Ref').click();
  await page.getByRole('option', { name: 'Object number', exact: true }).click();
  await expect(page.getByTestId('mapping-no-number')).toHaveCount(0);
  await expect(field(page, 'Condition date')).toHaveValue('Condition date');
  await expect(field(page, 'Condition assessed by')).toHaveValue('Condition assessed by');
  // Every date reads both ways: two of its rows, read each way.
  const question = page.getByTestId('mapping-date-question');
  await expect(question).toContainText('How are the dates in “Condition date” written?');
  await expect(question).toContainText('Row 2: 03/04/2024');
  await expect(question).toContainText('Row 3: 05/06/2024');
  // "Fragile" has no known place on the scale: the user puts it after Fair.
  const terms = page.getByTestId('mapping-terms');
  await expect(terms).toContainText('Fragile');
  await snap(page, 'exchange-15-date-and-terms', { fullPage: true });
  await question.getByRole('radio', { name: /Day first/ }).check();
  await terms.getByLabel('Place of “Fragile” on the scale').click();
  await page.getByRole('option', { name: 'After “Fair”' }).click();
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('preview-count-new')).toContainText('3', { timeout: 20_000 });
  await expect(page.getByTestId('preview-count-error')).toContainText('0');
  await expect(page.getByTestId('outcome-list').locator('[data-status="error"]')).toHaveCount(0);
  await page.getByTestId('import-commit').click();
  await page.getByTestId('import-commit-confirm').click();
  await expect(page.getByTestId('import-done')).toContainText('3 new objects', { timeout: 20_000 });
  const jug = await api<{ items: { id: string }[] }>('objects.findByNumber', { number: 'S-1' });
  const got = await api<{ condition: { term: string; assessedOn: string; assessedBy: string } }>('objects.get', { id: jug.items[0]!.id });
  expect(got.condition).toMatchObject({ term: 'Good', assessedOn: '2024-04-03', assessedBy: 'M. Dupont' });
  const scale = await api<{ conditions: string[] }>('vocabularies.get', {});
  expect(scale.conditions).toEqual(['Good', 'Fair', 'Fragile', 'Poor']);
});

test('a CSV with a quotation mark never closed: the line it opens on, said before anything is read, on a desktop and a phone in Arabic', async ({ page, browser }) => {
  const file = join(dir, 'quotes.csv');
  writeFileSync(file, 'Object number,Object name\nQ-1,Jug\nQ-2,"Cup, chipped\nQ-3,Plate\n');
  await page.addInitScript(knownPerson(personId, 'en'));
  await open(page, '/import');
  await page.getByTestId('import-file-input').setInputFiles(file);
  await expect(page.getByText('Line 3 opens a quotation mark (") that is never closed')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('import-layout-table')).toHaveCount(0);
  await snap(page, 'exchange-16-unclosed-quote');

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'ar' });
  const phone = await context.newPage();
  await phone.addInitScript(knownPerson(personId, 'ar'));
  await openAt(server, phone, '/import');
  await phone.getByTestId('import-file-input').setInputFiles(file);
  // The line number is isolated from the text around it (U+2068 … U+2069), as every value in a message is.
  await expect(phone.getByText(/يفتح السطر \u20683\u2069 علامة اقتباس/)).toBeVisible({ timeout: 20_000 });
  await snap(phone, 'exchange-17-unclosed-quote-phone-ar');
  await context.close();
});

test('on a phone: the mapping and the preview fit', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
  const page = await context.newPage();
  await page.addInitScript(knownPerson(personId, 'en'));
  await toMapping(page, { layout: 'exchange-08-phone-layout' });
  await page.getByRole('combobox', { name: 'Saved mappings' }).click();
  await page.getByRole('option', { name: 'Réserve 1998' }).click();
  await expect(field(page, 'Donateur')).toHaveValue('New custom field “Donateur”');
  await snap(page, 'exchange-09-phone-mapping');
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('preview-count-new')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('preview-count-update').click();
  await snap(page, 'exchange-10-phone-preview', { fullPage: true });
  await context.close();
});

test('in French: the mapping and the preview', async ({ page }) => {
  await page.addInitScript(knownPerson(personId, 'fr'));
  await open(page, '/import');
  await expect(page.getByRole('heading', { name: 'Importer un tableur' })).toBeVisible();
  await page.getByTestId('import-file-input').setInputFiles(workbook);
  await expect(page.getByText('Les noms des colonnes sont à la ligne 3')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('import-to-mapping').click();
  await expect(page.getByRole('combobox', { name: 'Champ pour la colonne Désignation' })).toHaveValue('Nom de l’objet');
  await page.getByRole('combobox', { name: 'Correspondances enregistrées' }).click();
  await page.getByRole('option', { name: 'Réserve 1998' }).click();
  await page.getByText('Quel champ chaque colonne remplit-elle ?').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await snap(page, 'exchange-11-french-mapping');
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('preview-count-update')).toContainText('Mises à jour', { timeout: 20_000 });
  // The rows in error come first, each with its reason in French.
  const errors = page.getByTestId('outcome-list').locator('[data-status="error"]');
  await expect(errors.first()).toContainText('Nombre d’objets : « deux » n’est pas un nombre.');
  await expect(errors.last()).toContainText('Le numéro d’objet « 1998.1 » figure aussi à la ligne 4.');
  await snap(page, 'exchange-13-french-preview-errors', { fullPage: true });
  await page.getByTestId('preview-count-update').click();
  await expect(page.getByTestId('outcome-list')).toContainText('Ligne 4');
  await snap(page, 'exchange-12-french-preview', { fullPage: true });
});
