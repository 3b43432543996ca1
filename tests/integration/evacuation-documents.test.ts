import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { Output } from '../../src-main/contract';
import { INVENTORY_COLUMNS, inventoryHeaders } from '../../src-main/core/evacuations/documents/inventory';
import { wordsIn } from '../../src-main/core/evacuations/documents/documents';
import { exportsDir } from '../../src-main/core/media/store';
import { tempDir } from '../support/catalogue';
import { picture } from '../support/images';
import { renderPages, sharedCatalogue, zbarDecode } from '../support/labels';

/*
 * An evacuation's documents, read back by tools that share no code with Storeroom: the inventory workbook by SheetJS,
 * the PDFs by poppler (pdftotext, pdfimages, pdftoppm) and their QR codes by zbar.
 */

const text = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
const pages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);

describe('the documents of an evacuation', () => {
  const shared = sharedCatalogue();
  const t = shared.t;
  let evacuationId: string;
  let box2: string;
  let missing: string;
  let dir: string;
  const numbers: string[] = [];

  beforeAll(async () => {
    dir = tempDir();
    const ana = await t.call('people.create', { name: 'Ana Lima' });
    const ben = await t.call('people.create', { name: 'Ben Okafor' });
    const r2 = await t.call('locations.create', { code: 'R2', name: 'Basement store', type: 'room', role: 'permanent' });
    const r3 = await t.call('locations.create', { code: 'R3', name: 'Textile store', type: 'room', role: 'permanent' });
    const shelves = [
      await t.call('locations.create', { parentId: r2.id, code: 'R2-A-1', name: 'Shelf 1', type: 'shelf', role: 'permanent' }),
      await t.call('locations.create', { parentId: r2.id, code: 'R2-A-2', name: 'Shelf 2', type: 'shelf', role: 'permanent' }),
      await t.call('locations.create', { parentId: r3.id, code: 'R3-1', name: 'Plan chest', type: 'unit', role: 'permanent' }),
    ];
    const names = ['Bowl with blue rim', 'Αμφορέας με δύο λαβές', 'مزهرية زرقاء 1920', '青花瓷碗', 'Kaftan aus Seide (Ärmel lose)', 'Spoon'];
    const e = await t.call('evacuations.create', { name: 'Flood, March', reason: 'flood', destinationName: 'Town hall', start: true }, ana.id);
    evacuationId = e.id;
    const ids: string[] = [];
    // Listed in reverse: the grab list puts them in route order whatever the order of the list.
    for (let i = 12; i >= 1; i--) {
      const o = await t.call('objects.create', { number: `2019.3.${i}`, name: names[i % names.length]!, handlingNotes: i === 1 ? 'Lift by the base, never by the rim.' : '' });
      await t.call('moves.create', { objectIds: [o.id], toLocationId: shelves[i % 3]!.id });
      ids.push(o.id);
    }
    numbers.push(...Array.from({ length: 12 }, (_, i) => `2019.3.${i + 1}`));
    const photo = await picture(join(dir, 'bowl.jpg'), 'jpeg', 240, 160);
    await t.call('photos.import', { paths: [photo], attachTo: { kind: 'object', id: ids.at(-1)! } });
    await t.call('evacuations.addObjects', { evacuationId, source: { kind: 'objects', ids }, set: { evacuationPriority: 2 } }, ana.id);
    await t.call('evacuations.addObjects', { evacuationId, source: { kind: 'contents', locationId: r3.id }, set: { evacuationPriority: 1 } }, ana.id);
    const { boxes } = await t.call('evacuations.createBoxes', { evacuationId, count: 2 });
    box2 = boxes[1]!.id;
    for (let i = 1; i <= 12; i++) await t.call('evacuations.pack', { evacuationId, boxId: boxes[i <= 6 ? 0 : 1]!.id, number: `2019.3.${i}` }, ana.id);
    for (const code of ['EV1-B01', 'EV1-B02']) await t.call('evacuations.load', { evacuationId, code, transport: 'Van GR-1234', contact: 'Kofi' }, ben.id);
    for (const code of ['EV1-B01', 'EV1-B02']) await t.call('evacuations.receive', { evacuationId, code }, ben.id);
    missing = '2019.3.9';
    for (let i = 1; i <= 12; i++) if (`2019.3.${i}` !== missing) await t.call('evacuations.receive', { evacuationId, code: `2019.3.${i}` }, ben.id);
    await t.call('objects.checkCondition', { objectId: ids.at(-1)!, term: 'Poor', note: 'wet' }, ben.id);
  });

  const make = async (input: Omit<Parameters<typeof t.call<'evacuations.document'>>[1], 'evacuationId'>): Promise<[Output<'evacuations.document'>, string]> => {
    const result = await t.call('evacuations.document', { evacuationId, ...input });
    const file = join(exportsDir(t.catalogue.dir), result.exportId, result.fileName);
    expect(existsSync(file), file).toBe(true);
    return [result, file];
  };

  it('writes the inventory workbook with the guidance’s columns, and it reads back as the chain of custody', async () => {
    const [result, file] = await make({ document: 'inventory' });
    expect(result).toMatchObject({ rows: 12, pages: 0, cancelled: false });
    expect(result.fileName).toMatch(/EV1 Evacuation .*\.xlsx$/);
    const wb = XLSX.read(readFileSync(file), { cellDates: true });
    expect(wb.SheetNames).toEqual(['Evacuation', 'Boxes', 'About']);
    const header = XLSX.utils.sheet_to_json<string[]>(wb.Sheets.Evacuation!, { header: 1 })[0];
    expect(header).toEqual(inventoryHeaders(wordsIn('en')));
    expect(header).toHaveLength(INVENTORY_COLUMNS.length);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Evacuation!, { defval: null });
    expect(rows).toHaveLength(12);
    // In route order: room R2 (its two shelves, in order), then R3; priority 1 first within a place.
    expect(rows.map((r) => r['Original location'])).toEqual([...Array(4).fill('R2-A-1'), ...Array(4).fill('R2-A-2'), ...Array(4).fill('R3-1')]);
    const byNumber = new Map(rows.map((r) => [r['Object number'] as string, r]));
    expect(new Set(byNumber.keys())).toEqual(new Set(numbers));
    const lost = byNumber.get(missing)!;
    expect(lost).toMatchObject({ Box: 'EV1-B02', Status: 'Not yet found', 'New location': 'EV1-B02', 'Packed by': 'Ana Lima', 'Left the building by': 'Ben Okafor', Transport: 'Van GR-1234', 'Taken charge by': 'Kofi', 'Received by': null, Priority: 2 });
    expect(lost['Packed on']).toBeInstanceOf(Date);
    expect(lost['Left the building on']).toBeInstanceOf(Date);
    const first = byNumber.get('2019.3.1')!;
    expect(first).toMatchObject({ Description: 'Αμφορέας με δύο λαβές', Status: 'Received', Box: 'EV1-B01', 'Received by': 'Ben Okafor', 'Condition on arrival': 'Poor', 'Handling notes': 'Lift by the base, never by the rim.', Priority: 2 });
    expect(byNumber.get('2019.3.3')!.Description).toBe('青花瓷碗');
    const boxes = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Boxes!, { defval: null });
    expect(boxes.map((b) => [b.Box, b.Status, b.Expected, b.Found, b['Not found']])).toEqual([
      ['EV1-B01', 'Checked', 6, 6, ''],
      ['EV1-B02', 'Arrived', 6, 5, missing],
    ]);
  });

  it('writes the inventory in the reader’s language: sheets, headers and words in French, data as it is', async () => {
    const [result, file] = await make({ document: 'inventory', language: 'fr' });
    expect(result.fileName).toMatch(/EV1 Évacuation .*\.xlsx$/);
    const wb = XLSX.read(readFileSync(file), { cellDates: true });
    expect(wb.SheetNames).toEqual(['Évacuation', 'Boîtes', 'À propos']);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Évacuation']!, { defval: null });
    const lost = rows.find((r) => r['Numéro d’inventaire'] === missing)!;
    expect(lost).toMatchObject({ Boîte: 'EV1-B02', Statut: 'Pas encore retrouvé', 'Emballé par': 'Ana Lima', Priorité: 2 });
  });

  it('prints the grab list by room in route order, with photos, places and handling notes, in the reader’s words', async () => {
    const [result, file] = await make({ document: 'grabList', language: 'fr' });
    expect(result.rows).toBe(12);
    expect(result.fileName).toMatch(/EV1 Liste de prélèvement .*\.pdf$/);
    const words = text(file);
    expect(words).toContain('Liste de prélèvement');
    expect(words.indexOf('Salle: R2')).toBeGreaterThan(-1);
    expect(words.indexOf('Salle: R2')).toBeLessThan(words.indexOf('Salle: R3'));
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')).toContain('Lift by the base, never by the rim.');
    // Every object once, each with its place; within R2 the first shelf comes first.
    for (const n of numbers) expect(words.match(new RegExp(`${n.replace(/\./g, '\\.')}(?![0-9])`, 'g')) ?? [], n).toHaveLength(1);
    expect(words.indexOf('R2-A-1')).toBeLessThan(words.indexOf('R2-A-2'));
    // The photo is in it.
    expect(execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').filter((l) => /^\s*\d+\s+\d+\s+image/.test(l))).toHaveLength(1);
    // Only priority 1.
    const [urgent] = await make({ document: 'grabList', maxPriority: 1 });
    expect(urgent.rows).toBe(4);
  });

  it('prints a box’s packing list twice, its QR code reading as the box’s code, and its movement tracking form', async () => {
    const [list, file] = await make({ document: 'packingList', boxId: box2 });
    expect(list.rows).toBe(6);
    expect(pages(file)).toBe(2);
    const words = text(file);
    expect(words).toContain('Copy 1 of 2: goes inside the box');
    expect(words).toContain('Copy 2 of 2: travels with the team');
    for (const n of ['2019.3.7', '2019.3.8', '2019.3.9', '2019.3.10', '2019.3.11', '2019.3.12']) expect(words.split(n).length - 1, n).toBe(2);
    const [page] = renderPages(file, join(dir, 'packing'), 150, 1, 1);
    expect([...zbarDecode([page!]).values()][0]).toContain('EV1-B02');

    const [form, formFile] = await make({ document: 'trackingForm', boxId: box2 });
    expect(form.rows).toBe(6);
    const formWords = text(formFile);
    for (const expected of ['Movement tracking form', 'Left the building', 'Van GR-1234 · Kofi', 'Arrived', 'EV1-DEST', 'Ben Okafor', 'Not yet found']) expect(formWords).toContain(expected);
    // Every box with something in it: two pages each for the packing lists.
    const [all, allFile] = await make({ document: 'packingList' });
    expect(all.rows).toBe(12);
    expect(pages(allFile)).toBe(4);
  });

  it('prints the summary report, naming the object unaccounted for and where it was last recorded', async () => {
    const [, file] = await make({ document: 'summary' });
    const words = text(file).replace(/\s+/g, ' ');
    expect(words).toContain('Evacuation report');
    expect(words).toContain('Out of the building: 12 / 12');
    expect(words).toContain('Unaccounted for (1)');
    expect(words).toMatch(new RegExp(`${missing.replace(/\./g, '\\.')} .* Box EV1-B02; Last recorded: Packed .* Ana Lima \\(EV1-B02\\)`));
  });

  it('refuses what it cannot print or write, and leaves no file', async () => {
    const empty = await t.call('evacuations.create', { name: 'Drill', reason: 'other' });
    expect((await t.fail('evacuations.document', { evacuationId: empty.id, document: 'grabList' })).key).toBe('evacuation.emptyList');
    expect((await t.fail('evacuations.document', { evacuationId: empty.id, document: 'packingList' })).key).toBe('evacuation.noBoxes');
    const nowhere = join(dir, 'no-such-folder', 'list.pdf');
    expect(await t.fail('evacuations.document', { evacuationId, document: 'summary', path: nowhere })).toMatchObject({ code: 'VALIDATION', key: 'evacuation.cannotWrite' });
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
    const remote = await t.dispatch('evacuations.document', { evacuationId, document: 'summary', path: join(dir, 'x.pdf') }, { remote: true });
    expect(remote.ok ? null : remote.error.key).toBe('evacuation.pathOverNetwork');
    // No part file was left in the exports folder.
    const leftovers = readdirSync(exportsDir(t.catalogue.dir), { recursive: true }).map(String).filter((f) => f.endsWith('.part'));
    expect(leftovers).toEqual([]);
  });
});
