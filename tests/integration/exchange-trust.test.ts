import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { tempDir, testCatalogue, type TestCatalogue } from '../support/catalogue';
import { handWrittenXlsx, zipPart } from '../support/workbooks';

/**
 * Issue 14: spreadsheets you can trust. Fixtures are made here as museums' files are: workbooks from exceljs and
 * written by hand (independent of exceljs), CSVs in the encodings Excel saves, the dimension strings registrars write.
 * Exports are read back with SheetJS or as their XML, never with the library that wrote them.
 */

const source = (path: string) => ({ path, name: path.split('/').pop()! });
const write = (name: string, content: Buffer | Uint8Array | string) => {
  const file = join(tempDir(), name);
  writeFileSync(file, content);
  return file;
};

describe('reading every character', () => {
  it('a workbook whose every cell holds Arabic, Chinese or accented text comes in intact, shared or inline', async () => {
    const t = testCatalogue();
    const words = ['إبريق نحاسي مزخرف من القرن التاسع عشر', '青花瓷碗，清代康熙年间，口沿有修复痕迹', '漆器盒子（日本江戸時代）', 'Épée à garde en laiton, fourreau de cuir', 'Ｆｕｌｌ－ｗｉｄｔｈ ｔｅｘｔ 𠀋𠀍 emoji 🏺'];
    // Every cell multi-byte, the object numbers too (as a Chinese or Arabic museum numbers its objects).
    const rows = Array.from({ length: 3000 }, (_, i) => [`${i % 2 ? '館藏' : 'م'}-${i + 1}`, `${words[i % words.length]} ${i}`, words[(i + 1) % words.length]!, words[(i + 2) % words.length]!]);
    for (const sharedStrings of [true, false]) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Inventaire');
      ws.addRow(['Object number', 'Object name', 'Brief description', 'Materials']);
      for (const row of rows) ws.addRow(row);
      const file = join(tempDir(), `multibyte-${sharedStrings}.xlsx`);
      if (sharedStrings) await wb.xlsx.writeFile(file);
      else {
        const stream = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
        const s = stream.addWorksheet('Inventaire');
        s.addRow(['Object number', 'Object name', 'Brief description', 'Materials']).commit();
        for (const row of rows) s.addRow(row).commit();
        await stream.commit();
      }
      const preview = await t.call('imports.preview', { source: source(file) });
      expect(preview.errors).toEqual([]);
      expect(preview.new).toBe(3000);
    }
    const file = join(tempDir(), 'multibyte.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Inventaire');
    ws.addRow(['Object number', 'Object name', 'Brief description', 'Materials']);
    for (const row of rows) ws.addRow(row);
    await wb.xlsx.writeFile(file);
    await t.call('imports.commit', { source: source(file) });
    const stored = t.catalogue.db.prepare('SELECT number, name, description, materials FROM objects ORDER BY sort_key').raw().all() as string[][];
    expect(stored.length).toBe(3000);
    const byNumber = new Map(stored.map((r) => [r[0], r.slice(1)]));
    for (const row of rows) expect(byNumber.get(row[0]!)).toEqual(row.slice(1));
    expect(stored.flat().join('')).not.toContain('\ufffd');
  }, 120_000);

  it('a hand-written workbook: rich text, phonetic runs, merged title rows, cached formula values, error values named by cell', async () => {
    const t = testCatalogue();
    const file = write(
      'hand.xlsx',
      handWrittenXlsx([
        {
          name: 'Liste',
          merge: ['A1:E1'],
          rows: [
            ['Inventaire de la réserve 2 — 1998', null, null, null, null],
            ['N° d’inventaire', 'Désignation', 'Nombre d’objets', 'Matériaux', 'Date du constat'],
            ['R-1', { shared: { runs: ['Vase ', 'bleu'] } }, { formula: '1+1', value: 2 }, { shared: { runs: ['陶器'], phonetic: 'とうき' } }, { date: 45382 }],
            ['R-2', { formula: 'CONCAT("Cou","pe")', value: 'Coupe' }, 1, 'faïence', null],
            ['R-3', 'Plat', { formula: 'NOPE()', error: '#NAME?' }, 'grès', null],
            ['R-4', 'Bol', 1, { formula: 'VLOOKUP(A6,X:Y,2)', error: '#N/A' }, null],
            ['R-5', 'Jatte', { formula: 'A1*2' }, 'terre', null],
          ],
        },
      ]),
    );
    const inspect = await t.call('imports.inspect', { source: source(file) });
    expect(inspect).toMatchObject({ headerRow: 2, rows: 5, sheets: ['Liste'] });
    expect(inspect.sample[0]).toEqual(['R-1', 'Vase bleu', '2', '陶器', '2024-03-31']);
    const preview = await t.call('imports.preview', { source: source(file) });
    expect(preview.errors.map((e) => [e.row, e.message.split(' (')[0]])).toEqual([
      [5, 'C5: #NAME?'],
      [6, 'D6: #N/A'],
      [7, 'C7: the formula in this cell has no stored value'],
    ]);
    expect(JSON.stringify(preview)).not.toContain('[object Object]');
    const committed = await t.call('imports.commit', { source: source(file) });
    expect(committed.new).toBe(2);
    const r1 = (await t.call('objects.findByNumber', { number: 'R-1' })).items[0]!;
    expect(r1).toMatchObject({ name: 'Vase bleu', count: 2, materials: '陶器' });
    expect((await t.call('objects.get', { id: r1.id })).condition).toBeNull();
  });

  const encodings: [string, string, boolean][] = [
    ['windows-1252', 'windows-1252', false],
    ['iso-8859-15', 'iso-8859-15', false],
    ['utf-16le', 'utf-16le (with BOM)', true],
    ['utf-16be', 'utf-16be (with BOM)', true],
    ['utf-16le', 'utf-16le', false],
    ['utf-16be', 'utf-16be', false],
    ['utf-8', 'utf-8 (with BOM)', true],
    ['utf-8', 'utf-8', false],
  ];
  for (const [encoding, reported, bom] of encodings) {
    it(`a CSV in ${encoding}${bom ? ' with its BOM' : ''} keeps every character`, async () => {
      const t = testCatalogue();
      const latin9 = encoding === 'iso-8859-15';
      // ISO-8859-15 has € Š š Ž ž Œ œ Ÿ but not the typographic quotes and dashes of Windows-1252.
      const text = latin9
        ? ['N° d\'inventaire;Désignation;Matériaux', 'E-1;Œuvre de Šaric, 12 €;bœuf séché', 'E-2;Ÿvonne Žnidaršič;cœur']
        : ['N° d’inventaire;Désignation;Matériaux', 'E-1;“Vase” à 12 € – 1890…;Œuvre, œuf, Šž Ÿ ™ •', 'E-2;Tasse — bol;porcelaine'];
      const body = text.join('\r\n') + '\r\n';
      const bytes = bom
        ? Buffer.concat([encoding === 'utf-8' ? Buffer.from([0xef, 0xbb, 0xbf]) : encoding === 'utf-16le' ? Buffer.from([0xff, 0xfe]) : Buffer.from([0xfe, 0xff]), iconv.encode(body, encoding)])
        : iconv.encode(body, encoding);
      const file = write(`${encoding}.csv`, bytes);
      const inspect = await t.call('imports.inspect', { source: source(file) });
      expect(inspect.encoding).toBe(reported);
      expect(inspect.suggestedMapping[text[0]!.split(';')[0]!]).toBe('number');
      const committed = await t.call('imports.commit', { source: source(file) });
      expect(committed.new).toBe(2);
      const e1 = (await t.call('objects.findByNumber', { number: 'E-1' })).items[0]!;
      expect([e1.name, (await t.call('objects.get', { id: e1.id })).materials]).toEqual(text[1]!.split(';').slice(1));
    });
  }
});

describe('understanding museum files', () => {
  it('dimension strings exactly as registrars write them: every row imports, the text kept where numbers cannot say it', async () => {
    const t = testCatalogue();
    const strings = [
      '26 1/4 in. x 40 in. (66.68 cm x 101.6 cm)',
      'frame: 795 x 1660 x 112 mm; support, each: 241 x 203 mm',
      '12" x 8"',
      '12 x 20 x 5 cm',
      'H 30 cm x W 20 cm',
      '10 ½ x 8 ¼ in.',
      'irregular, see file',
    ];
    const file = write('dimensions.csv', ['Object number,Object name,Dimensions', ...strings.map((d, i) => `D-${i + 1},Object ${i + 1},"${d.replace(/"/g, '""')}"`)].join('\n'));
    const preview = await t.call('imports.preview', { source: source(file) });
    expect(preview.errors).toEqual([]);
    expect(preview.new).toBe(strings.length);
    expect(preview.warnings).toEqual([{ row: 8, key: 'imports.dimensionsKeptAsText', params: { value: 'irregular, see file' }, message: expect.stringContaining('irregular, see file') }]);
    await t.call('imports.commit', { source: source(file) });
    const got = async (n: number) => t.call('objects.get', { id: (await t.call('objects.findByNumber', { number: `D-${n}` })).items[0]!.id });
    expect(await got(1)).toMatchObject({ height: 66.68, width: 101.6, depth: null, dimensionUnit: 'cm', dimensionSummary: strings[0] });
    expect(await got(2)).toMatchObject({ height: 795, width: 1660, depth: 112, dimensionUnit: 'mm', dimensionSummary: strings[1] });
    expect(await got(3)).toMatchObject({ height: 12, width: 8, dimensionUnit: 'in', dimensionSummary: '' });
    expect(await got(6)).toMatchObject({ height: 10.5, width: 8.25, dimensionUnit: 'in' });
    expect(await got(7)).toMatchObject({ height: null, width: null, dimensionSummary: 'irregular, see file' });
  });

  it('the strongest synonym wins the object number, and the systems’ own names are known', async () => {
    const { suggestMapping, suggestField } = await import('../../src-main/core/exchange/headers');
    expect(suggestMapping(['id', 'title', 'accession_number'], [])).toEqual({ title: 'name', accession_number: 'number' });
    for (const header of ['Accession_num', 'Nº de inventario', 'N.º de inventário', 'idno', 'objectNumber', 'ca_objects.idno', 'N° d’inventaire']) {
      expect(suggestField(header, []), header).toBe('number');
    }
    // CollectionSpace's cataloguing CSV and CollectiveAccess's export.
    expect(suggestMapping(['objectNumber', 'objectName', 'briefDescription', 'numberOfObjects', 'material', 'computedCurrentLocation'], [])).toEqual({
      objectNumber: 'number',
      objectName: 'name',
      briefDescription: 'description',
      numberOfObjects: 'count',
      material: 'materials',
      computedCurrentLocation: 'location',
    });
    expect(suggestMapping(['idno', 'preferred_labels', 'ca_objects.description'], [])).toMatchObject({ idno: 'number', preferred_labels: 'name' });
    expect(suggestMapping(['Condition', 'Condition date', 'Condition assessed by'], [])).toEqual({ Condition: 'condition', 'Condition date': 'conditionDate', 'Condition assessed by': 'conditionAssessor' });
  });

  it('says before writing anything when no column is the object number', async () => {
    const t = testCatalogue();
    const file = write('no-number.csv', 'Title,Material\nJug,clay\n');
    const preview = await t.call('imports.preview', { source: source(file) });
    expect(preview.warnings[0]).toMatchObject({ row: null, key: 'imports.noNumberColumn' });
    expect(await t.call('objects.list', {})).toMatchObject({ total: 0 });
  });

  it('text dates: a column is read one way from all of its values; an ambiguous one is asked with two example rows', async () => {
    const t = testCatalogue();
    const dayFirst = write('day-first.csv', 'Object number,Object name,Condition,Condition date,Condition assessed by\nA-1,Jug,Good,03/04/2024,M. Dupont\nA-2,Cup,Fair,31/12/2023,M. Dupont\nA-3,Bowl,Poor,1.2.2024,\nA-4,Dish,Good,2024-05-06,\nA-5,Lid,Good,45382,\n');
    const committed = await t.call('imports.commit', { source: source(dayFirst) });
    expect(committed.errors).toEqual([]);
    const condition = async (n: string) => (await t.call('objects.get', { id: (await t.call('objects.findByNumber', { number: n })).items[0]!.id })).condition;
    expect(await condition('A-1')).toMatchObject({ term: 'Good', assessedOn: '2024-04-03', assessedBy: 'M. Dupont' });
    expect(await condition('A-2')).toMatchObject({ assessedOn: '2023-12-31' });
    expect(await condition('A-3')).toMatchObject({ assessedOn: '2024-02-01' });
    expect(await condition('A-4')).toMatchObject({ assessedOn: '2024-05-06' });
    expect(await condition('A-5')).toMatchObject({ assessedOn: '2024-03-31' });

    const ambiguous = write('ambiguous.csv', 'Object number,Object name,Condition,Condition date\nB-1,Jug,Good,03/04/2024\nB-2,Cup,Good,05/06/2024\n');
    const inspect = await t.call('imports.inspect', { source: source(ambiguous) });
    expect(inspect.dateColumns['Condition date']).toEqual({ order: 'ambiguous', examples: [{ row: 2, value: '03/04/2024' }, { row: 3, value: '05/06/2024' }] });
    const asked = await t.call('imports.preview', { source: source(ambiguous) });
    expect(asked.errors.map((e) => e.key)).toEqual(['imports.dateAmbiguous', 'imports.dateAmbiguous']);
    const answered = await t.call('imports.commit', { source: source(ambiguous), dateOrder: { 'Condition date': 'mdy' } });
    expect(answered.errors).toEqual([]);
    expect(await condition('B-1')).toMatchObject({ assessedOn: '2024-03-04' });
  });

  it('condition terms take their place on the scale by meaning; one of unknown meaning where the user puts it', async () => {
    const t = testCatalogue();
    const file = write('etat.csv', 'N° d’inventaire;Désignation;État\nC-1;Vase;Bon\nC-2;Coupe;Moyen\nC-3;Plat;Mauvais\nC-4;Bol;Fragile\n');
    const inspect = await t.call('imports.inspect', { source: source(file) });
    expect(inspect.conditionTerms['État']).toEqual([
      { term: 'Bon', known: false, level: 'good' },
      { term: 'Moyen', known: false, level: 'fair' },
      { term: 'Mauvais', known: false, level: 'poor' },
      { term: 'Fragile', known: false, level: null },
    ]);
    const preview = await t.call('imports.preview', { source: source(file), addTerms: true });
    expect(preview.warnings).toContainEqual(expect.objectContaining({ key: 'imports.conditionTermLast', params: { term: 'Fragile' } }));
    await t.call('imports.commit', { source: source(file), addTerms: true, termPlacement: { Fragile: 'Fair' } });
    expect((await t.call('vocabularies.get', {})).conditions).toEqual(['Good', 'Bon', 'Fair', 'Fragile', 'Moyen', 'Poor', 'Mauvais', 'Unacceptable']);
  });
});

async function museum(t: TestCatalogue) {
  await t.call('vocabularies.setTerms', { vocabulary: 'category', terms: ['Ceramics', 'Arms, armour'] });
  const site = await t.call('locations.create', { code: 'S', name: 'Main site', type: 'site', role: 'permanent' });
  const room = await t.call('locations.create', { parentId: site.id, code: 'R2', name: 'Room 2', type: 'room', role: 'permanent' });
  const cabinet = await t.call('locations.create', { parentId: room.id, code: 'R2-A', name: 'Cabinet A', type: 'unit', role: 'permanent' });
  const shelf = await t.call('locations.create', { parentId: cabinet.id, code: 'R2-A-3', name: 'Shelf 3', type: 'shelf', role: 'permanent', notes: 'Top shelf' });
  const holding = await t.call('locations.create', { code: 'H1', name: 'Holding area', type: 'room', role: 'holding' });
  await t.call('locations.create', { code: 'FL', name: 'Corridor floor', type: 'room', role: 'floor' });
  const donor = await t.call('customFields.create', { name: 'Donor', kind: 'text' });
  const value = await t.call('customFields.create', { name: 'Insurance value', kind: 'number' });
  const acquired = await t.call('customFields.create', { name: 'Acquired on', kind: 'date' });
  const period = await t.call('customFields.create', { name: 'Period', kind: 'choice', choices: ['Roman', 'Medieval, late', '"Modern"'] });
  const person = await t.call('people.create', { name: 'Ana' });
  const bowl = await t.call(
    'objects.create',
    { number: '007', name: 'Bowl', category: 'Ceramics', height: 12.5, width: 20, dimensionSummary: 'bowl: 12.5 x 20 cm; lid: 3 x 18 cm', tags: ['blue'], custom: { [donor.id]: 'Mme Dupont', [value.id]: 1200, [acquired.id]: '1987-04-17', [period.id]: 'Medieval, late' }, reachable: true },
    person.id,
  );
  const sword = await t.call('objects.create', { name: 'Sword, “parade”', category: 'Arms, armour', materials: '-steel', count: 2 }, person.id);
  await t.call('moves.create', { objectIds: [bowl.id, sword.id], toLocationId: holding.id, reason: 'to_holding_area' }, person.id);
  await t.call('moves.create', { objectIds: [bowl.id], toLocationId: shelf.id, reason: 'reorganization', note: 'new shelf' }, person.id);
  await t.call('objects.checkCondition', { objectId: bowl.id, term: 'Fair', note: 'crack at the foot', assessedOn: '2026-04-17', assessedBy: 'M. Dupont' }, person.id);
  return { bowl, sword, shelf, holding };
}

/** A sheet as SheetJS reads it: rows of raw values. */
const sheetRows = (file: string, name: string) => {
  const wb = XLSX.read(readFileSync(file), { cellDates: false });
  return XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name]!, { header: 1, raw: true, defval: null });
};

describe('the lossless round trip', () => {
  it('an export imports into an empty catalogue as it is, and exports again the same, apart from the export date', async () => {
    const a = testCatalogue();
    await museum(a);
    const first = join(tempDir(), 'first.xlsx');
    await a.call('exports.create', { path: first });

    const b = testCatalogue();
    const inspect = await b.call('imports.inspect', { source: source(first) });
    expect(inspect).toMatchObject({ storeroom: true, movementsSheet: 'Movements' });
    const imported = await b.call('imports.commit', { source: source(first), movements: true });
    expect(imported.errors).toEqual([]);
    expect([imported.new, imported.movements.new]).toEqual([2, 3]);
    expect(imported.newLocations).toEqual(['S', 'R2', 'R2-A', 'R2-A-3', 'H1', 'FL']);

    const tree = (await b.call('locations.tree', {})).locations;
    expect(tree.map((l) => [l.code, l.name, l.type, l.role, tree.find((p) => p.id === l.parentId)?.code ?? null])).toEqual([
      ['S', 'Main site', 'site', 'permanent', null],
      ['R2', 'Room 2', 'room', 'permanent', 'S'],
      ['R2-A', 'Cabinet A', 'unit', 'permanent', 'R2'],
      ['R2-A-3', 'Shelf 3', 'shelf', 'permanent', 'R2-A'],
      ['H1', 'Holding area', 'room', 'holding', null],
      ['FL', 'Corridor floor', 'room', 'floor', null],
    ]);
    const vocabularies = await b.call('vocabularies.get', {});
    expect(vocabularies.customFields.map((f) => [f.name, f.kind, f.choices])).toEqual([
      ['Donor', 'text', []],
      ['Insurance value', 'number', []],
      ['Acquired on', 'date', []],
      ['Period', 'choice', ['Roman', 'Medieval, late', '"Modern"']],
    ]);
    const bowl = await b.call('objects.get', { id: (await b.call('objects.findByNumber', { number: '007' })).items[0]!.id });
    expect(bowl.condition).toMatchObject({ term: 'Fair', note: 'crack at the foot', assessedOn: '2026-04-17', assessedBy: 'M. Dupont' });
    expect(bowl).toMatchObject({ currentLocationCode: 'R2-A-3', dimensionSummary: 'bowl: 12.5 x 20 cm; lid: 3 x 18 cm' });
    const sword = (await b.call('objects.list', { query: 'sword' })).items[0]!;
    expect(sword.tempNumber).toBe(`T-${a.catalogue.identity.deviceCode}-0001`);

    const second = join(tempDir(), 'second.xlsx');
    await b.call('exports.create', { path: second });
    for (const sheet of ['Objects', 'Locations', 'Movements', 'Lists']) expect(sheetRows(second, sheet), sheet).toEqual(sheetRows(first, sheet));

    // Imported again, unchanged: every row, and every movement.
    const again = await b.call('imports.preview', { source: source(second), movements: true });
    expect([again.rows, again.unchanged, again.new, again.updated, again.movements.new, again.movements.unchanged]).toEqual([2, 2, 0, 0, 0, 3]);
    const same = await a.call('imports.preview', { source: source(first), movements: true });
    expect([same.unchanged, same.movements.unchanged]).toEqual([2, 3]);
  });

  it('from the command line: export, the README’s one import command into an empty catalogue, export again: the same workbook', async () => {
    const { storeroom } = await import('../support/cli');
    const dirA = tempDir();
    const a = testCatalogue(dirA);
    await museum(a);
    a.catalogue.close();
    const first = join(tempDir(), 'inventory.xlsx');
    expect(storeroom(['export', first, '--catalogue', dirA]).code).toBe(0);
    const dirB = tempDir();
    const imported = storeroom(['import', first, '--movements', '--catalogue', dirB, '--json']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ new: 2, errors: [], committed: true, movements: { new: 3 } });
    const second = join(tempDir(), 'again.xlsx');
    expect(storeroom(['export', second, '--catalogue', dirB]).code).toBe(0);
    for (const sheet of ['Objects', 'Locations', 'Movements', 'Lists']) expect(sheetRows(second, sheet), sheet).toEqual(sheetRows(first, sheet));
    // People: the same people; when each was added and how many changes each recorded describe each catalogue's own log.
    expect(sheetRows(second, 'People').map((row) => row[0])).toEqual(sheetRows(first, 'People').map((row) => row[0]));
    // The About sheet differs by the export's date (and the catalogue's name) only.
    const about = (file: string) => sheetRows(file, 'About').filter((row) => !['Catalogue', 'Exported'].includes(String(row[0])));
    expect(about(first).length).toBeGreaterThan(50);
    expect(about(second)).toEqual(about(first));
    // Imported again, unchanged.
    const again = storeroom(['import', second, '--movements', '--dry-run', '--catalogue', dirB, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ new: 0, updated: 0, unchanged: 2 });
  }, 120_000);

  it('after the first import into a new catalogue, moving Before to just after it is offered', async () => {
    const t = testCatalogue();
    const file = write('first.csv', 'Object number,Object name\nA-1,Jug\n');
    const result = await t.call('imports.commit', { source: source(file) });
    expect(result.before).toMatchObject({ objectsThen: 0, objectsNow: 1 });
    const moved = await t.call('milestones.update', { id: result.before!.milestoneId, at: result.before!.at });
    expect(moved.milestone.at).toBe(result.before!.at);
    const next = await t.call('imports.commit', { source: source(write('second.csv', 'Object number,Object name\nA-2,Cup\n')) });
    expect(next.before).toBeNull();
  });
});

describe('export faults fixed', () => {
  for (const zone of ['America/Los_Angeles', 'Asia/Tokyo']) {
    it(`a day stays that day, with no time, on a computer in ${zone}; moments are local, the zone named on About`, async () => {
      const was = process.env.TZ;
      process.env.TZ = zone;
      try {
        const t = testCatalogue();
        await museum(t);
        const file = join(tempDir(), 'dates.xlsx');
        await t.call('exports.create', { path: file });
        const rows = sheetRows(file, 'Objects');
        const header = rows[0] as string[];
        const bowl = rows.find((r) => r[0] === '007')!;
        // 2026-04-17 is serial 46129: a whole number, no time.
        expect(bowl[header.indexOf('Condition date')]).toBe(46129);
        expect(bowl[header.indexOf('Acquired on')]).toBe(31884);
        expect(sheetRows(file, 'About')).toContainEqual(['Time zone', zone, null]);
        const csv = join(tempDir(), 'objects.csv');
        await t.call('exports.create', { path: csv, format: 'csv' });
        const text = readFileSync(csv, 'utf8');
        expect(text).toContain(',2026-04-17,');
        expect(text).not.toMatch(/T\d\d:\d\d:\d\d\.\d{3}Z/);
        expect(text).toMatch(/,\d{4}-\d\d-\d\d \d\d:\d\d,/);
      } finally {
        process.env.TZ = was;
      }
    });
  }

  it('drop-downs come from a hidden lists sheet (commas safe); landscape, fit to width, header on every page; Thumbnail header always', async () => {
    const t = testCatalogue();
    await museum(t);
    const file = join(tempDir(), 'print.xlsx');
    await t.call('exports.create', { path: file, thumbnails: true });
    const workbook = zipPart(file, 'xl/workbook.xml')!;
    expect(workbook).toMatch(/<sheet sheetId="\d+" name="Lists" state="hidden"/);
    expect(workbook).toContain("_xlnm.Print_Titles");
    const streamed = join(tempDir(), 'streamed.xlsx');
    await t.call('exports.create', { path: streamed });
    const objects = zipPart(streamed, 'xl/worksheets/sheet1.xml')!;
    expect(objects).toMatch(/<pageSetup[^>]*orientation="landscape"/);
    expect(objects).toMatch(/<pageSetup[^>]*fitToWidth="1"/);
    expect(objects).toMatch(/<pageSetup[^>]*fitToHeight="0"/);
    expect(objects).toMatch(/<pageSetUpPr fitToPage="1"\/>/);
    expect(objects).toContain('<formula1>&apos;Lists&apos;!$A$3:$A$4</formula1>');
    expect(objects).toContain('<formula1>&apos;Lists&apos;!$F$4:$F$6</formula1>');
    expect(zipPart(streamed, 'xl/workbook.xml')).toContain('<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;Objects&apos;!$1:$1</definedName>');
    const lists = sheetRows(streamed, 'Lists');
    expect(lists[0]![0]).toBe('storeroom:lists');
    expect(lists.slice(2).map((r) => r[0]).filter(Boolean)).toEqual(['Ceramics', 'Arms, armour']);
    const header = sheetRows(file, 'Objects')[0] as string[];
    expect(header.at(-1)).toBe('Thumbnail');
  });

  it('CSV: a plain number gets no formula guard, a formula does', async () => {
    const t = testCatalogue();
    await t.call('objects.create', { number: '-12', name: '+3.5', materials: '=1+1', description: '-steel' });
    const file = join(tempDir(), 'numbers.csv');
    await t.call('exports.create', { path: file, format: 'csv' });
    const line = readFileSync(file, 'utf8').split('\r\n')[1]!;
    expect(line.startsWith('-12,,+3.5,')).toBe(true);
    expect(line).toContain(",'=1+1,");
    expect(line).toContain("'-steel");
  });
});

describe('failures say what they are', () => {
  it('a full disk during an export is DISK_FULL, and no .part file is left', async () => {
    const t = testCatalogue();
    await museum(t);
    const dir = tempDir();
    for (const format of ['xlsx', 'csv'] as const) {
      const target = join(dir, `full.${format}`);
      symlinkSync('/dev/full', `${target}.part`);
      const error = await t.fail('exports.create', { path: target, format });
      expect(error).toMatchObject({ code: 'DISK_FULL', key: 'exports.diskFull' });
      expect(existsSync(`${target}.part`)).toBe(false);
      expect(existsSync(target)).toBe(false);
    }
  });

  it('a .part left by a killed export is swept when the catalogue next opens', async () => {
    const dir = tempDir();
    const t = testCatalogue(dir);
    const part = join(tempDir(), 'killed.xlsx.part');
    writeFileSync(part, 'half');
    const { notePart } = await import('../../src-main/core/exchange/parts');
    await notePart(dir, '00000000-0000-7000-8000-000000000000', part);
    // The writer is gone: a process id that is not running.
    writeFileSync(join(dir, 'exports', 'parts', '00000000-0000-7000-8000-000000000000.json'), JSON.stringify({ part, pid: 2 ** 22 + 7 }));
    const orphan = join(dir, 'exports', 'x', 'inventory.xlsx.part');
    (await import('node:fs')).mkdirSync(join(dir, 'exports', 'x'), { recursive: true });
    writeFileSync(orphan, 'half');
    t.catalogue.close();
    await new Promise((r) => setTimeout(r, 20));
    const again = testCatalogue(dir);
    await again.catalogue.mediaSwept;
    expect(existsSync(part)).toBe(false);
    expect(existsSync(orphan)).toBe(false);
    expect(readdirSync(join(dir, 'exports', 'parts'))).toEqual([]);
  });

  it('search never fails on FTS syntax: *, **, quotes, NEAR( and colons', async () => {
    const t = testCatalogue();
    await t.call('objects.create', { number: 'S-1', name: 'Jug' });
    for (const query of ['*', '**', '"', '""', 'NEAR(', 'name:jug', 'jug*', '-', 'AND', 'OR NOT', '^', '(']) {
      const result = await t.dispatch('objects.list', { query });
      expect(result.ok || (result as { error: { code: string } }).error.code === 'VALIDATION', query).toBe(true);
    }
    expect((await t.call('objects.list', { query: 'jug*' })).total).toBe(1);
  });
});

describe('hand-off to collections systems', () => {
  // The columns of CollectionSpace's CSV Importer template for cataloguing, as collectionspace-mapper ships it
  // (collectionspace/collectionspace-mapper, utils/core_collectionobjects.csv): the ones Storeroom fills.
  const CSPACE_COLLECTIONOBJECT_TEMPLATE = ['objectNumber', 'numberOfObjects', 'objectName', 'briefDescription', 'comment', 'measuredPart', 'dimensionSummary', 'dimension', 'value', 'measurementUnit', 'material'];

  it('collectionspace: the CSV Importer files, with its field names and repeating groups (";" between, "^^" within)', async () => {
    const t = testCatalogue();
    await museum(t);
    const file = join(tempDir(), 'cspace.zip');
    await t.call('exports.create', { path: file, profile: 'collectionspace' });
    const { unzipSync, strFromU8 } = await import('fflate');
    const files = unzipSync(readFileSync(file));
    expect(Object.keys(files).sort()).toEqual(['collectionobject.csv', 'conditioncheck-relationships.csv', 'conditioncheck.csv', 'location-hierarchy.csv', 'location-local.csv', 'movement-relationships.csv', 'movement.csv']);
    const table = (name: string) => XLSX.utils.sheet_to_json<Record<string, unknown>>(XLSX.read(strFromU8(files[name]!), { type: 'string', raw: true }).Sheets.Sheet1!, { defval: null, raw: false });
    const objects = table('collectionobject.csv');
    for (const column of Object.keys(objects[0]!).filter((c) => c !== 'computedCurrentLocation')) expect(CSPACE_COLLECTIONOBJECT_TEMPLATE, column).toContain(column);
    expect(objects.find((o) => o.objectNumber === '007')).toMatchObject({ objectName: 'Bowl', dimension: 'height^^width', value: '12.5^^20', measurementUnit: 'centimeters^^centimeters', dimensionSummary: 'bowl: 12.5 x 20 cm; lid: 3 x 18 cm' });
    expect(table('movement.csv').map((m) => m.reasonForMove)).toEqual(['inventory', 'inventory', 'collections-facility-move']);
    expect(table('movement-relationships.csv')[0]).toMatchObject({ item1_type: 'collectionobjects', item2_type: 'movements' });
    expect(table('location-hierarchy.csv')).toContainEqual({ term_type: 'locationauthorities', term_subtype: 'location', narrower_term: 'R2-A-3 Shelf 3', broader_term: 'R2-A Cabinet A' });
    expect(table('conditioncheck.csv')[0]).toMatchObject({ conditionCheckAssessmentDate: '2026-04-17', conditionCheckerOrAssessorPersonLocal: 'M. Dupont', condition: 'Fair' });

    // And the other way: CollectionSpace's cataloguing CSV imports into Storeroom with its own field names.
    const other = testCatalogue();
    const csv = write('collectionobject.csv', files['collectionobject.csv']!);
    const inspect = await other.call('imports.inspect', { source: source(csv) });
    expect(inspect.suggestedMapping).toMatchObject({ objectNumber: 'number', objectName: 'name', briefDescription: 'description', numberOfObjects: 'count', material: 'materials', dimensionSummary: 'dimensionSummary' });
  });

  it('collectiveaccess: the data and an import mapping workbook that names its columns', async () => {
    const t = testCatalogue();
    await museum(t);
    const file = join(tempDir(), 'ca.zip');
    expect((await t.fail('exports.create', { path: file, profile: 'collectiveaccess', format: 'csv' })).key).toBe('exports.profileChoices');
    await t.call('exports.create', { path: file, profile: 'collectiveaccess' });
    const { unzipSync } = await import('fflate');
    const files = unzipSync(readFileSync(file));
    const mapping = XLSX.read(files['collectiveaccess-mapping.xlsx']!);
    const rules = XLSX.utils.sheet_to_json<unknown[]>(mapping.Sheets.Mapping!, { header: 1, defval: null });
    // CollectiveAccess's import mapping format: these columns, Setting rows, then Mapping rows by source column.
    expect(rules[0]).toEqual(['Rule type', 'Source', 'CA table.element', 'Group', 'Options', 'Refinery', 'Refinery parameters', 'Original values', 'Replacement values', 'Source description', 'Notes']);
    expect(rules).toContainEqual(expect.arrayContaining(['Setting', 'table', 'ca_objects']));
    expect(rules).toContainEqual(expect.arrayContaining(['Setting', 'inputFormats', 'XLSX']));
    expect(rules).toContainEqual(expect.arrayContaining(['Mapping', 1, 'ca_objects.idno']));
    const data = XLSX.read(files['storeroom-objects.xlsx']!);
    const header = XLSX.utils.sheet_to_json<unknown[]>(data.Sheets.objects!, { header: 1 })[0] as string[];
    const mapped = rules.filter((r) => r[0] === 'Mapping').map((r) => header[(r[1] as number) - 1]);
    expect(mapped).toEqual(header);
    // CollectiveAccess's own export (idno, preferred_labels) maps back.
    const back = testCatalogue();
    const xlsx = write('ca-data.xlsx', files['storeroom-objects.xlsx']!);
    expect((await back.call('imports.inspect', { source: source(xlsx) })).suggestedMapping).toMatchObject({ idno: 'number', preferred_labels: 'name', description: 'description' });
  });
});
