import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportFile } from '../../src-main/core/media/store';
import { openCatalogue } from '../../src-main/core/open';
import { environmentLanguage, LANGUAGES, supportedLanguage } from '../../src-main/core/i18n/locales';
import { terms } from '../../src-main/core/vocabularies/vocabularies';
import { tempDir, testCatalogue, withRooms, type TestCatalogue } from '../support/catalogue';
import { readJson } from '../support/locales';

/** A small catalogue with a move, a condition, a reachable flag and an undone batch: every kind of word a workbook has. */
async function seed(t: TestCatalogue) {
  const { unit, holding } = await withRooms(t);
  const bowl = await t.call('objects.create', { number: '1987.12.3', name: 'Bol', reachable: true, height: 12, dimensionUnit: 'cm' });
  await t.call('moves.create', { objectIds: [bowl.id], toLocationId: holding.id, reason: 'to_holding_area' });
  const { reference } = await t.call('moves.create', { objectIds: [bowl.id], toLocationId: unit.id, reason: 'reorganization' });
  await t.call('moves.undo', { reference });
  await t.call('objects.checkCondition', { objectId: bowl.id, term: 'Fair' });
  return { bowl };
}

async function workbook(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);

describe('the languages the core speaks', () => {
  it('reads every language folder, and answers in the closest one it speaks', () => {
    expect(LANGUAGES).toEqual(expect.arrayContaining(['en', 'fr']));
    expect(supportedLanguage('fr-CA')).toBe('fr');
    expect(supportedLanguage('xx-YY')).toBe('en');
    expect(supportedLanguage(undefined, 'fr_BE.UTF-8')).toBe('fr');
    expect(environmentLanguage({ LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(environmentLanguage({ LANG: 'fr_FR.UTF-8', LC_ALL: 'C' })).toBe('fr');
    expect(environmentLanguage({ LANG: 'C.UTF-8' })).toBe('en');
    expect(environmentLanguage({})).toBe('en');
  });
});

describe('a new catalogue', () => {
  const opened: { close(): void }[] = [];
  afterEach(() => opened.splice(0).forEach((c) => c.close()));

  it.each(LANGUAGES)('is seeded with the condition scale of its language (%s)', (language) => {
    const catalogue = openCatalogue(join(tempDir(), 'new'), { language });
    opened.push(catalogue);
    const expected = Object.values(readJson<{ defaults: { condition: Record<string, string> } }>(language, 'vocabulary').defaults.condition);
    expect(terms({ db: catalogue.db } as never, 'condition')).toEqual(expected);
    expect(expected).toHaveLength(4);
  });

  it('keeps English when no language is given, and a catalogue that exists keeps its terms', () => {
    const dir = join(tempDir(), 'kept');
    const first = openCatalogue(dir);
    expect(terms({ db: first.db } as never, 'condition')).toEqual(['Good', 'Fair', 'Poor', 'Unacceptable']);
    first.close();
    const again = openCatalogue(dir, { language: 'fr' });
    opened.push(again);
    expect(terms({ db: again.db } as never, 'condition')).toEqual(['Good', 'Fair', 'Poor', 'Unacceptable']);
  });
});

describe('the exported workbook in the reader’s language', () => {
  it('names sheets, headers (Spectrum in French), values and notes in French, and says what each column holds', async () => {
    const t = testCatalogue();
    await seed(t);
    const file = join(tempDir(), 'inventaire.xlsx');
    const result = await t.call('exports.create', { path: file, language: 'fr-FR' });
    expect(result.sheets).toMatchObject({ Objects: 1, Locations: 3 });
    const wb = await workbook(file);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['Objets', 'Localisations', 'Mouvements', 'Personnes', 'À propos', 'Listes']);
    expect(wb.getWorksheet('Listes')!.state).toBe('hidden');
    const objects = wb.getWorksheet('Objets')!;
    const header = rowValues(objects, 1);
    expect(header.slice(0, 3)).toEqual(['Numéro d’inventaire', 'Numéro temporaire', 'Nom de l’objet']);
    expect(objects.getCell(1, 1).note).toMatch(/numéro d’inventaire/);
    const bowl = Object.fromEntries(header.map((h, i) => [h, rowValues(objects, 2)[i]]));
    expect(bowl).toMatchObject({ 'Numéro d’inventaire': '1987.12.3', Accessible: 'oui', 'Motif du mouvement': 'Réorganisation', État: 'Fair' });
    const locations = wb.getWorksheet('Localisations')!;
    expect(rowValues(locations, 4).slice(0, 4)).toEqual(['H1', 'Holding area', 'Salle', 'Zone de transit']);
    const movements = wb.getWorksheet('Mouvements')!;
    const notes = Array.from({ length: movements.rowCount - 1 }, (_, i) => movements.getRow(i + 2).getCell(9).value);
    expect(notes).toContain(`Annulation du lot ${String(rowValues(movements, 3)[6])}`);
    const about = wb.getWorksheet('À propos')!;
    const aboutRows = Array.from({ length: about.rowCount }, (_, i) => rowValues(about, i + 1));
    expect(aboutRows).toContainEqual(['Langue', 'Français']);
    expect(aboutRows).toContainEqual(['Objets', 'Numéro d’inventaire', expect.stringMatching(/^Le numéro d’inventaire/)]);
  });

  it('writes Spectrum’s English names on demand, and in a language without a Spectrum translation', async () => {
    const t = testCatalogue();
    await seed(t);
    const file = join(tempDir(), 'inventory.xlsx');
    await t.call('exports.create', { path: file, language: 'fr', englishHeaders: true });
    const wb = await workbook(file);
    expect(rowValues(wb.getWorksheet('Objets')!, 1).slice(0, 3)).toEqual(['Object number', 'Temporary number', 'Object name']);
    expect(wb.getWorksheet('Objets')!.getCell(1, 1).note).toMatch(/numéro d’inventaire/);
  });

  it('imports back what it exported in French, reading its headers and its yes and no', async () => {
    const t = testCatalogue();
    await seed(t);
    const file = join(tempDir(), 'inventaire.xlsx');
    await t.call('exports.create', { path: file, language: 'fr' });
    const preview = await t.call('imports.preview', { source: { path: file, name: 'inventaire.xlsx' }, sheet: 'Objets' });
    expect(preview.mapping).toMatchObject({ 'Numéro d’inventaire': 'number', 'Nom de l’objet': 'name', Accessible: 'reachable', État: 'condition' });
    expect(preview.errors).toEqual([]);
    expect(preview).toMatchObject({ rows: 1, unchanged: 1 });
  });

  it.each(LANGUAGES)('exports in %s and imports its own workbook back unchanged', async (language) => {
    const t = testCatalogue();
    await seed(t);
    const file = join(tempDir(), `${language}.xlsx`);
    await t.call('exports.create', { path: file, language });
    const wb = await workbook(file);
    const objectsSheet = readJson<{ export: { sheets: Record<string, string> } }>(language, 'export').export.sheets.Objects!;
    expect(wb.worksheets[0]!.name).toBe(objectsSheet);
    expect(wb.worksheets[0]!.views[0]?.rightToLeft ?? false).toBe(language === 'ar');
    const preview = await t.call('imports.preview', { source: { path: file, name: `${language}.xlsx` }, sheet: objectsSheet });
    expect(preview.errors).toEqual([]);
    expect(preview).toMatchObject({ rows: 1, unchanged: 1 });
    expect(Object.values(preview.mapping)).toEqual(expect.arrayContaining(['number', 'name', 'reachable', 'condition', 'location']));
  });

  it('names the German and Dutch columns after their Spectrum translations', async () => {
    const t = testCatalogue();
    await seed(t);
    for (const [language, first] of [['de', 'Inventarnummer'], ['nl', 'Objectnummer'], ['es', 'Object number']] as const) {
      const file = join(tempDir(), `${language}.xlsx`);
      await t.call('exports.create', { path: file, language });
      expect(rowValues((await workbook(file)).worksheets[0]!, 1)[0], language).toBe(first);
    }
  });

  it('writes the import report in the reader’s language, its row errors too', async () => {
    const t = testCatalogue();
    const dir = tempDir();
    const csv = join(dir, 'liste.csv');
    writeFileSync(csv, 'Numéro d’inventaire;Nom de l’objet;Nombre d’objets\n1;Bol;deux\n');
    const preview = await t.call('imports.preview', { source: { path: csv, name: 'liste.csv' }, language: 'fr' });
    expect(preview.errors).toHaveLength(1);
    const report = await exportFile(t.catalogue, preview.reportExportId!);
    expect(report.name).toBe('Rapport d’import - liste.xlsx');
    const wb = await workbook(report.path);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['Lignes', 'Résumé']);
    expect(rowValues(wb.worksheets[0]!, 2)).toEqual([2, 'erreur', '1', undefined, 'Nombre d’objets : « deux » n’est pas un nombre.']);
  });
});
