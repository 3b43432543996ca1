import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { ProgressEvent } from '../../src-main/contract';
import { exportFile } from '../../src-main/core/media/store';
import { tempDir, testCatalogue, withRooms, type TestCatalogue } from '../support/catalogue';
import { picture } from '../support/images';

async function seed(t: TestCatalogue) {
  await t.call('vocabularies.setTerms', { vocabulary: 'category', terms: ['Ceramics', 'Textiles'] });
  const { room, unit, holding } = await withRooms(t);
  const donor = await t.call('customFields.create', { name: 'Donor', kind: 'text' });
  const a = await t.call('objects.create', { number: '1987.12.3', name: 'Ceramic bowl', description: 'Glazed, chipped rim', category: 'Ceramics', height: 12.5, width: 20, depth: 20, tags: ['fragile', 'blue'], custom: { [donor.id]: 'Mme Dupont' }, reachable: true });
  const b = await t.call('objects.create', { name: '=HYPERLINK("http://evil.example","click")', description: '+SUM(A1:A9)', category: 'Textiles', count: 3 });
  const c = await t.call('objects.create', { number: '2001.4', name: 'Chair', materials: '@oak' });
  await t.call('moves.create', { objectIds: [a.id], toLocationId: holding.id });
  await t.call('moves.create', { objectIds: [a.id, c.id], toLocationId: unit.id, reason: 'reorganization' });
  await t.call('objects.checkCondition', { objectId: a.id, term: 'Fair', note: 'crack at the foot' });
  return { room, unit, holding, a, b, c, donor };
}

async function exportTo(t: TestCatalogue, file: string, extra: object = {}) {
  return t.call('exports.create', { path: file, ...extra });
}

describe('Excel export', () => {
  it('writes every sheet, read back by an independent reader (SheetJS), with real numbers and dates', async () => {
    const t = testCatalogue();
    await seed(t);
    const file = join(tempDir(), 'inventory.xlsx');
    const result = await exportTo(t, file);
    expect(result.sheets).toMatchObject({ Objects: 3, Locations: 3, Movements: 3, People: 0 });
    const wb = XLSX.read(readFileSync(file), { cellDates: true });
    expect(wb.SheetNames).toEqual(['Objects', 'Locations', 'Movements', 'People', 'About', 'Lists']);
    const objects = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Objects!, { defval: null });
    const bowl = objects.find((o) => o['Object number'] === '1987.12.3')!;
    expect(bowl).toMatchObject({
      'Object name': 'Ceramic bowl',
      'Number of objects': 1,
      Category: 'Ceramics',
      Height: 12.5,
      Condition: 'Fair',
      'Condition note': 'crack at the foot',
      'Current location': 'R1-A',
      'Current location (full)': 'Room 1 > Unit A',
      'Previous location': 'H1',
      'Reason for move': 'Reorganization',
      Reachable: 'yes',
      Tags: 'fragile; blue',
      Donor: 'Mme Dupont',
    });
    expect(bowl['Location date']).toBeInstanceOf(Date);
    expect(typeof bowl['Height']).toBe('number');
    const unnumbered = objects.find((o) => o['Temporary number'] === `T-${t.catalogue.identity.deviceCode}-0001`)!;
    expect(unnumbered['Object number']).toBeNull();
    const movements = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Movements!);
    expect(movements.map((m) => [m['Object number'], m.From ?? null, m.To])).toEqual([
      ['1987.12.3', null, 'H1'],
      ['1987.12.3', 'H1', 'R1-A'],
      ['2001.4', null, 'R1-A'],
    ]);
  });

  it('never writes a formula: text starting with =, +, - or @ stays text', async () => {
    const t = testCatalogue();
    await seed(t);
    const file = join(tempDir(), 'inventory.xlsx');
    await exportTo(t, file);
    const sheet = XLSX.read(readFileSync(file)).Sheets.Objects!;
    const cells = Object.entries(sheet).filter(([k]) => !k.startsWith('!')) as [string, XLSX.CellObject][];
    expect(cells.filter(([, c]) => c.f !== undefined)).toEqual([]);
    const values = cells.map(([, c]) => c.v);
    expect(values).toContain('=HYPERLINK("http://evil.example","click")');
    expect(values).toContain('+SUM(A1:A9)');
    expect(values).toContain('@oak');
  });

  it('has a frozen bold header, an autofilter, and drop-downs for condition and category', async () => {
    const t = testCatalogue();
    await seed(t);
    const file = join(tempDir(), 'inventory.xlsx');
    await exportTo(t, file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Objects')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.autoFilter).toBeTruthy();
    const validations = (ws as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations.model;
    const formulae = Object.values(validations).map((v) => v.formulae[0]);
    // From the hidden lists sheet (issue 14): a term with a comma cannot break them.
    expect(formulae).toContain("'Lists'!$A$3:$A$4");
    expect(formulae).toContain("'Lists'!$B$3:$B$6");
  });

  it('exports a location subtree, a filtered list, and CSV (UTF-8, optional BOM) with formula text guarded', async () => {
    const t = testCatalogue();
    const { room, holding } = await seed(t);
    const dir = tempDir();
    expect((await exportTo(t, join(dir, 'room.xlsx'), { locationId: room.id })).sheets.Objects).toBe(2);
    expect((await exportTo(t, join(dir, 'holding.xlsx'), { locationId: holding.id })).sheets.Objects).toBe(0);
    expect((await exportTo(t, join(dir, 'textiles.xlsx'), { filter: { category: 'Textiles' } })).sheets.Objects).toBe(1);
    await exportTo(t, join(dir, 'objects.csv'), { format: 'csv', bom: true });
    const csv = readFileSync(join(dir, 'objects.csv'), 'utf8');
    expect(csv.startsWith('\ufeffObject number,Temporary number,Object name')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain("'+SUM(A1:A9)");
    await exportTo(t, join(dir, 'locations.csv'), { format: 'csv', sheet: 'Locations' });
    expect(readFileSync(join(dir, 'locations.csv'), 'utf8').split('\r\n')[3]).toMatch(/^H1,Holding area,Room,Holding area,,Holding area,0,0,no,$/);
    expect((await t.fail('exports.create', { format: 'csv', thumbnails: true, path: join(dir, 'x.csv') })).code).toBe('VALIDATION');
  });

  it('reports progress in rows: counted before writing, rising within the Objects sheet to the rows written', async () => {
    const t = testCatalogue();
    const { room } = await seed(t);
    // 2,500 more objects, in R1 and R2, through one import: 2,500 movements too.
    const list = join(tempDir(), 'many.csv');
    const lines = Array.from({ length: 2500 }, (_, i) => `B-${i + 1},Object ${i + 1},${i % 2 ? 'R1' : 'R2'}`);
    writeFileSync(list, ['Object number,Object name,Current location', ...lines].join('\n'));
    await t.call('imports.commit', { source: { path: list, name: 'many.csv' }, createLocations: true });

    const exportProgress = async (extra: object) => {
      const events: ProgressEvent[] = [];
      const stop = t.catalogue.onChange((e) => {
        if (e.kind === 'progress' && e.procedure === 'exports.create') events.push(e);
      });
      const result = await exportTo(t, join(tempDir(), 'progress.' + ('format' in extra ? 'csv' : 'xlsx')), extra);
      stop();
      const running = events.filter((e) => !e.finished);
      const rows = Object.values(result.sheets).reduce((sum, n) => sum + n, 0);
      // Known from the first report on, and the same to the end: nothing changed the catalogue meanwhile.
      expect(new Set(events.map((e) => e.total))).toEqual(new Set([rows]));
      expect(running[0]!.done).toBe(0);
      running.slice(1).forEach((e, i) => expect(e.done).toBeGreaterThanOrEqual(running[i]!.done));
      expect(events.at(-1)).toMatchObject({ done: rows, total: rows, finished: true });
      return { result, running };
    };

    const all = await exportProgress({});
    expect(all.result.sheets).toMatchObject({ Objects: 2503, Locations: 4, Movements: 2503, People: 0 });
    const objects = all.running.filter((e) => e.current === 'Objects');
    // Every 500 rows, not every row: the report at the sheet's start, then four within it.
    expect(objects.map((e) => e.done)).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    expect(all.running.find((e) => e.current === 'Movements')!.done).toBe(2503 + 4);
    expect(all.running.at(-1)).toMatchObject({ current: 'About', done: 2503 + 4 + 2503 });

    // A location's subtree counts its objects and their movements; a CSV counts its one sheet.
    const r1 = await exportProgress({ locationId: room.id });
    expect(r1.result.sheets).toMatchObject({ Objects: 1252, Movements: 1253 });
    const csv = await exportProgress({ format: 'csv', sheet: 'Movements' });
    expect(csv.result.sheets).toEqual({ Movements: 2503 });
    expect(csv.running.filter((e) => e.done > 0 && e.done < 2503).length).toBe(5);
  });

  it('embeds small JPEG thumbnails when asked', async () => {
    const t = testCatalogue();
    const { a } = await seed(t);
    const photo = await picture(join(tempDir(), 'bowl.jpg'), 'jpeg', 800, 600);
    await t.call('photos.import', { paths: [photo], attachTo: { kind: 'object', id: a.id } });
    const file = join(tempDir(), 'with-pictures.xlsx');
    await exportTo(t, file, { thumbnails: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const images = wb.getWorksheet('Objects')!.getImages();
    expect(images).toHaveLength(1);
    const media = (wb as unknown as { model: { media: { buffer: Buffer; extension: string }[] } }).model.media;
    expect(media[0]!.extension).toBe('jpeg');
    expect(media[0]!.buffer.length).toBeLessThan(8000);
  });
});

describe('spreadsheet import', () => {
  it('round trip: export, edit some cells, import: exactly those edits are updates', async () => {
    const t = testCatalogue();
    await seed(t);
    const file = join(tempDir(), 'inventory.xlsx');
    await exportTo(t, file);
    const unchanged = await t.call('imports.preview', { source: { path: file, name: 'inventory.xlsx' } });
    expect(unchanged.errors).toEqual([]);
    expect([unchanged.rows, unchanged.new, unchanged.updated, unchanged.unchanged]).toEqual([3, 0, 0, 3]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Objects')!;
    const header = (ws.getRow(1).values as string[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      if (row.getCell(col('Object number')).value === '2001.4') row.getCell(col('Object name')).value = 'Chair, oak';
      if (row.getCell(col('Object number')).value === '1987.12.3') row.getCell(col('Height')).value = 13;
    });
    const edited = join(tempDir(), 'edited.xlsx');
    await wb.xlsx.writeFile(edited);
    const preview = await t.call('imports.preview', { source: { path: edited, name: 'edited.xlsx' } });
    expect([preview.new, preview.updated, preview.unchanged, preview.errors.length]).toEqual([0, 2, 1, 0]);
    expect(preview.outcomes.filter((o) => o.status === 'update').map((o) => [o.number, o.changes])).toEqual([
      ['1987.12.3', { height: { from: 12.5, to: 13 } }],
      ['2001.4', { name: { from: 'Chair', to: 'Chair, oak' } }],
    ]);
    const committed = await t.call('imports.commit', { source: { path: edited, name: 'edited.xlsx' } });
    expect(committed.committed).toBe(true);
    expect((await t.call('objects.findByNumber', { number: '2001.4' })).items[0]!.name).toBe('Chair, oak');
  });

  it('round trip through CSV, formula guards included', async () => {
    const t = testCatalogue();
    await seed(t);
    const file = join(tempDir(), 'objects.csv');
    await exportTo(t, file, { format: 'csv', bom: true });
    const preview = await t.call('imports.preview', { source: { path: file, name: 'objects.csv' } });
    expect(preview.errors).toEqual([]);
    expect([preview.new, preview.updated, preview.unchanged]).toEqual([0, 0, 3]);
  });

  it('imports a legacy inventory: title rows, header synonyms, locations by path, errors per row, nothing lost', async () => {
    const t = testCatalogue();
    await t.call('objects.create', { number: 'A-1', name: 'Existing jug' });
    const file = join(tempDir(), 'legacy.csv');
    writeFileSync(
      file,
      [
        'Inventaire des réserves;;;',
        'Musée municipal, 1998;;;',
        '',
        "N° d'inventaire;Titre;Matériaux;Emplacement;Nombre d'objets",
        'A-1;Existing jug, blue;terre cuite;Salle 2 > Armoire A;1',
        'A-2;Plate;faïence;Salle 2 > Armoire A;2',
        ';Unnumbered basket;osier;;1',
        'A-3;;bois;;1',
        'A-4;Bowl;"grès; émaillé";;deux',
        'A-2;Duplicate plate;;;1',
      ].join('\r\n'),
    );
    const inspect = await t.call('imports.inspect', { source: { path: file, name: 'legacy.csv' } });
    expect(inspect).toMatchObject({ format: 'csv', headerRow: 4, delimiter: ';', encoding: 'utf-8', rows: 6 });
    expect(inspect.suggestedMapping).toEqual({ "N° d'inventaire": 'number', Titre: 'name', Matériaux: 'materials', Emplacement: 'location', "Nombre d'objets": 'count' });
    const refused = await t.call('imports.preview', { source: { path: file, name: 'legacy.csv' } });
    expect(refused.errors.map((e) => e.row)).toEqual([5, 6, 8, 9, 10]);
    const preview = await t.call('imports.preview', { source: { path: file, name: 'legacy.csv' }, createLocations: true });
    expect(preview.newLocations).toEqual(['Salle 2 > Armoire A']);
    // Each row's message travels with its key and params too, for the renderer to say in the reader's language.
    expect(preview.errors).toEqual([
      { row: 8, message: 'A new object needs an object name.', key: 'imports.nameRequired', params: {} },
      { row: 9, message: 'Number of objects: "deux" is not a number.', key: 'imports.countNotANumber', params: { value: 'deux' } },
      { row: 10, message: 'Object number "A-2" is also in row 6.', key: 'imports.numberRepeated', params: { number: 'A-2', row: 6 } },
    ]);
    expect(preview.outcomes.map((o) => o.status)).toEqual(['update', 'new', 'new', 'error', 'error', 'error']);
    expect(preview.outcomes.find((o) => o.row === 9)!.errors).toEqual([{ message: 'Number of objects: "deux" is not a number.', key: 'imports.countNotANumber', params: { value: 'deux' } }]);
    expect(refused.errors.find((e) => e.row === 5)).toMatchObject({ key: 'imports.unknownLocation', params: { location: 'Salle 2 > Armoire A' } });
    const result = await t.call('imports.commit', { source: { path: file, name: 'legacy.csv' }, createLocations: true });
    expect([result.new, result.updated]).toEqual([2, 1]);
    const plate = (await t.call('objects.findByNumber', { number: 'A-2' })).items[0]!;
    expect(plate).toMatchObject({ name: 'Plate', count: 2, materials: 'faïence', currentLocationPath: 'Salle 2 > Armoire A' });
    expect((await t.call('objects.list', { query: 'basket' })).items[0]!.tempNumber).toBe(`T-${t.catalogue.identity.deviceCode}-0001`);
    expect((await t.call('objects.list', { query: 'grès' })).total).toBe(0);
  });

  it('reads Windows-1252 text and finds the delimiter', async () => {
    const t = testCatalogue();
    const file = join(tempDir(), 'ansi.csv');
    writeFileSync(file, Buffer.from('Inventory no.\tTitle\tMedium\r\nB-1\tÉtude de faïence\tcéramique\n', 'latin1'));
    const inspect = await t.call('imports.inspect', { source: { path: file, name: 'ansi.csv' } });
    expect(inspect).toMatchObject({ encoding: 'windows-1252', delimiter: '\t' });
    expect(inspect.sample[0]).toEqual(['B-1', 'Étude de faïence', 'céramique']);
  });

  it('understands header names in several languages', async () => {
    const { suggestField } = await import('../../src-main/core/exchange/headers');
    const cases: [string, string][] = [
      ['Accession number', 'number'], ['Inventory no.', 'number'], ['objectnumber', 'number'], ['Inv.-Nr.', 'number'],
      ["N° d'inventaire", 'number'], ['Número de inventario', 'number'], ['Inventarnummer', 'number'], ['Numero di inventario', 'number'],
      ['Title', 'name'], ['Titre', 'name'], ['Bezeichnung', 'name'], ['Medium', 'materials'], ['Dimensions', 'dimensions'],
      ['Location', 'location'], ['Standort', 'location'], ['Ubicación', 'location'], ['Condition', 'condition'], ['État de conservation', 'condition'],
    ];
    for (const [header, field] of cases) expect(suggestField(header, []), header).toBe(field);
  });

  it('writes an import report when it is first downloaded, once; keeps the last three reports nobody has asked for', async () => {
    const t = testCatalogue();
    const file = join(tempDir(), 'list.csv');
    const source = { path: file, name: 'list.csv' };
    writeFileSync(file, 'Object number,Object name,Number of objects\nA-1,Jug,2\nA-2,Cup,two\n');
    const first = await t.call('imports.preview', { source });
    const reportId = first.reportExportId!;
    expect(existsSync(join(t.catalogue.dir, 'exports', reportId))).toBe(false);
    const [a, b] = await Promise.all([exportFile(t.catalogue, reportId), exportFile(t.catalogue, reportId)]);
    expect(a).toEqual(b);
    expect(a.name).toBe('Import report - list.xlsx');
    const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(readFileSync(a.path)).Sheets['Rows']!, { header: 1 });
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([[2, 'new', 'A-1'], [3, 'error', 'A-2']]);

    const later = [];
    for (let i = 0; i < 4; i++) later.push((await t.call('imports.preview', { source })).reportExportId!);
    await expect(exportFile(t.catalogue, later[0]!)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await exportFile(t.catalogue, later[3]!)).name).toBe('Import report - list.xlsx');
    expect((await exportFile(t.catalogue, reportId)).path).toBe(a.path);
  });

  it('a commit right after its dry run takes it over; a changed catalogue or file is classified again', async () => {
    const t = testCatalogue();
    const file = join(tempDir(), 'list.csv');
    const source = { path: file, name: 'list.csv' };
    writeFileSync(file, 'Object number,Object name\nA-1,Jug\nA-2,Cup\n');
    const preview = await t.call('imports.preview', { source });
    const commit = await t.call('imports.commit', { source });
    expect(commit).toMatchObject({ committed: true, new: 2, reportExportId: preview.reportExportId });

    writeFileSync(file, 'Object number,Object name\nA-1,Jug (blue)\nA-3,Plate\n');
    const next = await t.call('imports.preview', { source });
    expect([next.updated, next.new]).toEqual([1, 1]);
    await t.call('objects.create', { number: 'A-3', name: 'Plate' });
    const afterChange = await t.call('imports.commit', { source });
    expect([afterChange.updated, afterChange.new, afterChange.unchanged]).toEqual([1, 0, 1]);
    expect(afterChange.reportExportId).not.toBe(next.reportExportId);

    await t.call('imports.preview', { source });
    writeFileSync(file, 'Object number,Object name\nA-4,Bowl\n');
    expect((await t.call('imports.commit', { source })).outcomes.map((o) => [o.number, o.status])).toEqual([['A-4', 'new']]);
  });

  it('a move made while an import reads its file comes before the import’s own move, which takes effect from where the object then was', async () => {
    const t = testCatalogue();
    const { unit, holding } = await withRooms(t);
    const vase = await t.call('objects.create', { number: 'X1', name: 'Vase' });
    const file = join(tempDir(), 'list.csv');
    writeFileSync(file, 'Object number,Object name,Current location\nX1,Vase,H1\n');
    const importing = t.dispatch('imports.commit', { source: { path: file, name: 'list.csv' } });
    await t.call('moves.create', { objectIds: [vase.id], toLocationId: unit.id });
    const imported = await importing;
    expect(imported.ok).toBe(true);
    expect((await t.call('objects.get', { id: vase.id })).currentLocationId).toBe(holding.id);
    const { movements } = await t.call('moves.history', { objectId: vase.id });
    expect(movements.map((m) => [m.fromLocationCode, m.toLocationCode, m.note])).toEqual([
      ['R1-A', 'H1', 'Import of list.csv'],
      [null, 'R1-A', ''],
    ]);
    expect(movements[0]!.at > movements[1]!.at).toBe(true);
  });

  it('undoes an import as a new change, keeping history, and undoes the undo', async () => {
    const t = testCatalogue();
    const jug = await t.call('objects.create', { number: 'A-1', name: 'Jug' });
    const file = join(tempDir(), 'list.csv');
    writeFileSync(file, 'Object number,Object name,Condition,Current location\nA-1,Jug (blue),Fair,R9\nA-2,Cup,Good,R9\n');
    const result = await t.call('imports.commit', { source: { path: file, name: 'list.csv' }, createLocations: true });
    expect((await t.call('objects.list', {})).total).toBe(2);
    const count = (sql: string) => t.catalogue.db.prepare(sql).pluck().get() as number;
    const history = () => [count('SELECT count(*) FROM movements'), count('SELECT count(*) FROM condition_checks')];
    expect(history()).toEqual([2, 2]);

    const undo = await t.call('imports.undo', { importId: result.importId! });
    expect(undo).toEqual({ restored: 1, removed: 1, kept: [] });
    expect((await t.call('objects.list', {})).items.map((o) => [o.number, o.name, o.condition])).toEqual([['A-1', 'Jug', null]]);
    expect((await t.call('objects.get', { id: jug.id })).currentLocationId).toBeNull();
    // What the import created is hidden, not deleted: the object and the location stay in history, as tombstones.
    expect((await t.call('locations.tree', {})).locations).toEqual([]);
    expect((await t.call('objects.list', { query: 'cup' })).total).toBe(0);
    expect(count('SELECT count(*) FROM objects WHERE removed = 1')).toBe(1);
    expect(count('SELECT count(*) FROM locations WHERE removed = 1')).toBe(1);
    // Nothing was deleted: the move back is a new movement, the import's conditions are withdrawn, not removed.
    expect(history()).toEqual([3, 2]);
    expect(count('SELECT count(*) FROM condition_checks WHERE withdrawn = 1')).toBe(2);
    expect((await t.fail('imports.undo', { importId: result.importId! })).code).toBe('CONFLICT');
    expect((await t.call('imports.list', {})).imports[0]).toMatchObject({ fileName: 'list.csv', created: 1, updated: 1, undone: true });
    // A new location may take the code of the hidden one.
    const other = await t.call('locations.create', { code: 'R9', name: 'Another R9', type: 'room', role: 'permanent' });
    await t.call('locations.delete', { id: other.id });

    // The undo is undone: everything is as the import left it, with more history, and no less.
    expect(await t.call('imports.redo', { importId: result.importId! })).toEqual({ restored: 2 });
    expect((await t.call('objects.list', {})).items.map((o) => [o.number, o.name, o.condition?.term, o.currentLocationCode])).toEqual([
      ['A-1', 'Jug (blue)', 'Fair', 'R9'],
      ['A-2', 'Cup', 'Good', 'R9'],
    ]);
    expect((await t.call('locations.tree', {})).locations.map((l) => [l.code, l.subtreeObjectCount])).toEqual([['R9', 2]]);
    expect(history()).toEqual([4, 2]);
    expect((await t.call('imports.list', {})).imports[0]).toMatchObject({ undone: false });
    expect((await t.fail('imports.redo', { importId: result.importId! })).code).toBe('CONFLICT');
  });
});

describe('bad spreadsheets', () => {
  const bad = async (t: TestCatalogue, name: string, content: Buffer | string) => {
    const file = join(tempDir(), name);
    writeFileSync(file, content);
    return t.fail('imports.inspect', { source: { path: file, name } });
  };

  it('refuse .xls, .xlsb, .ods, HTML, password-protected and empty files with a clear reason, changing nothing', async () => {
    const t = testCatalogue();
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    expect((await bad(t, 'old.xls', ole)).message).toMatch(/old Excel file \(\.xls\) or a password-protected workbook.*save it as an Excel workbook \(\.xlsx\)/);
    expect((await bad(t, 'protected.xlsx', ole)).message).toMatch(/password-protected/);
    const zip = (entry: string) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from(entry)]);
    expect((await bad(t, 'book.xlsb', zip('xl/workbook.bin'))).message).toMatch(/binary workbook \(\.xlsb\)/);
    expect(await bad(t, 'book.ods', zip('mimetypeapplication/vnd.oasis.opendocument.spreadsheet'))).toMatchObject({
      message: expect.stringMatching(/OpenDocument/),
      key: 'imports.openDocument',
      params: { file: 'book.ods' },
    });
    expect((await bad(t, 'page.xlsx', '<!DOCTYPE html><html><table><tr><td>1</td></tr></table></html>')).message).toMatch(/web page/);
    expect((await bad(t, 'empty.xlsx', '')).message).toMatch(/is empty/);
    expect((await bad(t, 'blank.csv', '\n\n\n')).message).toMatch(/no rows with values/);
    expect((await bad(t, 'broken.xlsx', zip('xl/workbook.xml'))).code).toBe('UNSUPPORTED_MEDIA');
    expect((await t.call('objects.list', {})).total).toBe(0);
  });

  it('copes with a million blank rows at the end, merged headers, formulas and 1904 dates', async () => {
    const t = testCatalogue();
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('Inventory');
    ws.addRow(['Inventory of the basement']);
    ws.mergeCells('A1:D1');
    ws.addRow(['Object number', 'Object name', 'Number of objects', 'Acquired']);
    ws.addRow(['X-1', 'Lamp', { formula: '1+1', result: 2 }, new Date(Date.UTC(1999, 4, 1))]);
    ws.addRow(['X-2', 'Shade', 1, null]);
    // Then a million formatted but empty rows, as Excel saves a sheet formatted to its end: put into the sheet's XML
    // as Excel writes them (ExcelJS would take most of a minute to write them itself).
    const parts = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']!);
    const empty = Array.from({ length: 1_000_000 - 4 }, (_, i) => `<row r="${i + 5}" ht="15" customHeight="1"/>`).join('');
    expect(sheet).toContain('</sheetData>');
    parts['xl/worksheets/sheet1.xml'] = strToU8(sheet.replace('</sheetData>', `${empty}</sheetData>`).replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:D1000000"/>'));
    const file = join(tempDir(), 'long.xlsx');
    writeFileSync(file, zipSync(parts));
    const inspect = await t.call('imports.inspect', { source: { path: file, name: 'long.xlsx' } });
    expect(inspect).toMatchObject({ headerRow: 2, rows: 2, sheets: ['Inventory'] });
    expect(inspect.sample).toEqual([
      ['X-1', 'Lamp', '2', '1999-05-01'],
      ['X-2', 'Shade', '1', ''],
    ]);
    const result = await t.call('imports.commit', { source: { path: file, name: 'long.xlsx' } });
    expect(result.new).toBe(2);
    expect((await t.call('objects.findByNumber', { number: 'X-1' })).items[0]!.count).toBe(2);
  }, 120_000);

  it('reads CSV with mixed line endings, quotes inside fields and a semicolon delimiter', async () => {
    const t = testCatalogue();
    const file = join(tempDir(), 'mixed.csv');
    writeFileSync(file, 'Object number;Object name;Brief description\r\nM-1;Vase;"A ""Sèvres"" vase; blue"\nM-2;Cup;"two\nlines"\rM-3;Saucer;plain\r\n');
    const preview = await t.call('imports.preview', { source: { path: file, name: 'mixed.csv' } });
    expect(preview.errors).toEqual([]);
    expect(preview.new).toBe(3);
    await t.call('imports.commit', { source: { path: file, name: 'mixed.csv' } });
    expect((await t.call('objects.findByNumber', { number: 'M-1' })).items[0]!.description).toBe('A "Sèvres" vase; blue');
    expect((await t.call('objects.findByNumber', { number: 'M-2' })).items[0]!.description).toBe('two\nlines');
  });

  it('reads a CSV of several megabytes whole: a character beyond the first 65,536 across the parser’s 1 MB steps, a record across them', async () => {
    const t = testCatalogue();
    const file = join(tempDir(), 'big.csv');
    const lines = ['Object number,Object name,Brief description'];
    let length = lines[0]!.length + 1;
    // The 𠀋 of row 2,000 straddles the 1 MB step (1,048,576 UTF-16 units); a quoted note on two lines crosses the second.
    for (let i = 0; length < 2_200_000; i++) {
      const line = `B-${i},Object ${i},"${i === 1999 ? '' : 'x'.repeat(500)}"`;
      lines.push(line);
      length += line.length + 1;
    }
    const at = 1_048_575 - (lines.slice(0, 2000).join('\n').length + 1) - 'B-1999,'.length;
    lines[2000] = `B-1999,${'y'.repeat(at)}𠀋 jar,"two\nlines"`;
    writeFileSync(file, lines.join('\n'));
    expect(readFileSync(file, 'utf8').slice(0, 1_048_576).endsWith('\ud840')).toBe(true);
    const preview = await t.call('imports.preview', { source: { path: file, name: 'big.csv' } });
    expect([preview.errors, preview.new]).toEqual([[], lines.length - 1]);
    await t.call('imports.commit', { source: { path: file, name: 'big.csv' } });
    const jar = (await t.call('objects.findByNumber', { number: 'B-1999' })).items[0]!;
    expect([jar.name.slice(-6), jar.description]).toEqual(['𠀋 jar', 'two\nlines']);
    expect((await t.call('objects.findByNumber', { number: `B-${lines.length - 2}` })).items).toHaveLength(1);
  });

  it('refuses a CSV with a quotation mark never closed, naming the line it opens on; a quote inside a cell is kept', async () => {
    const t = testCatalogue();
    const file = join(tempDir(), 'quotes.csv');
    writeFileSync(file, 'Object number,Object name,Brief description\nQ-1,Jug,"A ""blue"" jug"\nQ-2,Vase,plain\nQ-3,"Cup,chipped\nQ-4,Plate,x\n');
    const refused = await t.fail('imports.preview', { source: { path: file, name: 'quotes.csv' } });
    expect(refused).toMatchObject({ code: 'UNSUPPORTED_MEDIA', message: 'Line 4 opens a quotation mark (") that is never closed, so everything after it would be read as one cell. Close or remove that quotation mark, then import the file again.' });
    expect(await t.fail('imports.commit', { source: { path: file, name: 'quotes.csv' } })).toMatchObject({ code: 'UNSUPPORTED_MEDIA' });
    expect((await t.call('objects.list', {})).total).toBe(0);

    writeFileSync(file, 'Object number,Object name\nQ-1,The "Sèvres" vase\n');
    await t.call('imports.commit', { source: { path: file, name: 'quotes.csv' } });
    expect((await t.call('objects.findByNumber', { number: 'Q-1' })).items[0]!.name).toBe('The "Sèvres" vase');
  });

  it('refuses a mapping that names missing columns or unknown fields', async () => {
    const t = testCatalogue();
    const file = join(tempDir(), 'x.csv');
    writeFileSync(file, 'Object number,Object name\n1,A\n');
    const source = { path: file, name: 'x.csv' };
    expect((await t.fail('imports.preview', { source, mapping: { Nope: 'name' } })).message).toMatch(/does not have: "Nope"/);
    expect((await t.fail('imports.preview', { source, mapping: { 'Object name': 'colour' } })).message).toMatch(/not a field/);
    expect((await t.fail('imports.preview', { source, mapping: { 'Object number': 'name', 'Object name': 'name' } })).message).toMatch(/Two columns/);
  });
});

describe('storeroom export and import', () => {
  it('export --json prints the file and rows per sheet; import --json prints the classification, and fails on errors unless allowed', async () => {
    const { storeroom } = await import('../support/cli');
    const catalogue = tempDir();
    storeroom(['call', 'objects.create', '{"number":"1","name":"Jug"}', '--catalogue', catalogue]);
    const file = join(tempDir(), 'out.xlsx');
    const exported = storeroom(['export', file, '--catalogue', catalogue, '--json']);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ file, sheets: { Objects: 1, Locations: 0, Movements: 0, People: 0 } });
    expect(storeroom(['export', join(tempDir(), 'out.pdf'), '--catalogue', catalogue]).code).toBe(2);
    expect(storeroom(['export', file, '--location', 'NOPE', '--catalogue', catalogue]).stderr).toMatch(/No location has the code NOPE/);

    const csv = join(tempDir(), 'in.csv');
    writeFileSync(csv, 'Inventory no.,Title\n1,Jug (blue)\n2,Cup\n,\n3,\n');
    const dry = storeroom(['import', csv, '--dry-run', '--catalogue', catalogue, '--json']);
    expect(dry.code).toBe(1);
    expect(JSON.parse(dry.stdout)).toEqual({
      rows: 3,
      new: 1,
      updated: 1,
      unchanged: 0,
      errors: [{ row: 5, message: 'A new object needs an object name.' }],
      mapping: { 'Inventory no.': 'number', Title: 'name' },
      committed: false,
    });
    const refused = storeroom(['import', csv, '--catalogue', catalogue]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/Mapping suggested from the headers: "Inventory no\." → number, "Title" → name/);
    expect(refused.stdout).toMatch(/Nothing was written/);
    const allowed = storeroom(['import', csv, '--allow-errors', '--catalogue', catalogue, '--json']);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ new: 1, updated: 1, committed: true });
    const mappingFile = join(tempDir(), 'mapping.json');
    writeFileSync(mappingFile, '{"Inventory no.":"number","Title":"description"}');
    const mapped = storeroom(['import', csv, '--mapping', mappingFile, '--dry-run', '--allow-errors', '--catalogue', catalogue, '--json']);
    expect(JSON.parse(mapped.stdout).mapping).toEqual({ 'Inventory no.': 'number', Title: 'description' });
    writeFileSync(mappingFile, '{not json');
    expect(storeroom(['import', csv, '--mapping', mappingFile, '--catalogue', catalogue]).code).toBe(2);
    expect(storeroom(['import', join(tempDir(), 'missing.csv'), '--catalogue', catalogue]).stderr).toMatch(/the file is gone/);
  });

  it('export on a full disk: a clear error, a non-zero exit, no .part left; the profiles from the command line', async () => {
    const { storeroom } = await import('../support/cli');
    const catalogue = tempDir();
    storeroom(['call', 'objects.create', '{"number":"007","name":"Jug"}', '--catalogue', catalogue]);
    for (const name of ['full.xlsx', 'full.csv', 'full.zip']) {
      const file = join(tempDir(), name);
      // Every write to /dev/full fails with ENOSPC, as on a full disk.
      symlinkSync('/dev/full', `${file}.part`);
      const run = storeroom(['export', file, ...(name.endsWith('.zip') ? ['--profile', 'collectionspace'] : []), '--catalogue', catalogue]);
      expect(run.code, name).not.toBe(0);
      expect(run.stderr, name).toMatch(/disk is full/i);
      expect(existsSync(`${file}.part`), name).toBe(false);
      expect(existsSync(file), name).toBe(false);
    }
    const zip = join(tempDir(), 'handoff.zip');
    const handoff = storeroom(['export', zip, '--profile', 'collectiveaccess', '--catalogue', catalogue, '--json']);
    expect(handoff.code).toBe(0);
    expect(JSON.parse(handoff.stdout)).toMatchObject({ file: zip, profile: 'collectiveaccess', objects: 1 });
    expect(storeroom(['export', zip, '--profile', 'emu', '--catalogue', catalogue]).code).toBe(2);
  });
});

describe('reading workbooks safely', () => {
  it('gives up on a workbook that takes too long, and stops when cancelled', async () => {
    const { readTable } = await import('../../src-main/core/exchange/read');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').addRow(['Object number', 'Object name']);
    const file = join(tempDir(), 'slow.xlsx');
    await wb.xlsx.writeFile(file);
    await expect(readTable(file, 'slow.xlsx', { signal: new AbortController().signal, timeLimitMs: 1 })).rejects.toThrow(/took too long to read/);
    const controller = new AbortController();
    const reading = readTable(file, 'slow.xlsx', { signal: controller.signal });
    controller.abort();
    await expect(reading).rejects.toThrow(/cancelled/);
    await expect(readTable(file, 'slow.xlsx', { signal: new AbortController().signal })).resolves.toMatchObject({ sheets: ['S'] });
  });
});
