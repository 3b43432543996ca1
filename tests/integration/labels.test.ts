import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LabelTemplate } from '../../src-main/contract';
import { tempDir, testCatalogue, type TestCatalogue } from '../support/catalogue';
import { cellMm, cropCells, dmtxDecode, MM_PER_INCH, pdfWords, PT_PER_MM, renderPages, sharedCatalogue, zbarDecode, type Word } from '../support/labels';

/*
 * Labels, printed and read back: real PDFs rendered by poppler and decoded by zbar and libdmtx, which share no code
 * with Storeroom. One sheet of 60 mixed object labels is made once and checked several ways.
 */

/** Numbers as museums write them, and a few that stretch the code; two hold characters beyond ASCII. */
const NUMBERS = [
  '2019.3.12', '1998.1', 'ETH.1234.a-b', '2020.45.1-12', 'AB/2003/17', 'Inv. 1234', 'M&S-77', '1', 'L.2017.004.001-010',
  'R-2019-0001-ABCDEFGHIJ-KLMNOPQRST', '2021.7', 'Ж-12', 'N°5', 'ÉCO.1975.3', '0042', 'x', 'GRM 2004.1.2', '2019.3.12A',
];
/** Names in the scripts a workshop meets, short and long. */
const NAMES = [
  'Bowl with blue rim',
  'Αμφορέας με δύο λαβές',
  'Ваза синяя с росписью и позолотой',
  'مزهرية زرقاء 1920',
  '青花瓷碗',
  '茶碗（志野焼）',
  '백자 항아리',
  'Épée de cérémonie, fourreau en cuir repoussé',
  'Embroidered silk panel with gold thread, probably Ottoman, eighteenth century, in three pieces kept together in one archival box',
  'Spoon',
  'Kaftan aus Seide (Ärmel lose)',
  'Chiếc bình gốm men lam',
];

async function seedObjects(t: TestCatalogue, count: number): Promise<{ id: string; number: string }[]> {
  const made: { id: string; number: string }[] = [];
  for (let i = 0; i < count; i++) {
    const base = NUMBERS[i % NUMBERS.length]!;
    // Unnumbered every tenth: its temporary number is what the label carries.
    const number = i % 10 === 9 ? null : i < NUMBERS.length ? base : `${base}.${i}`;
    const object = await t.call('objects.create', { number, name: NAMES[i % NAMES.length]! });
    made.push({ id: object.id, number: object.displayNumber });
  }
  return made;
}

/**
 * zbar reads a QR code's bytes as ISO-8859-1 even when the code's ECI 26 says UTF-8 (phone cameras and 2D scanners
 * honour it): for text beyond ASCII, its output is taken back to those bytes and read as UTF-8.
 */
const asUtf8 = (latin1: string) => Buffer.from(latin1, 'latin1').toString('utf8');
const decodedAs = (decoded: string[], expected: string) => decoded.some((d) => d === expected || (!/^[\x20-\x7e]*$/.test(expected) && asUtf8(d) === expected));

/** The words pdftotext finds on a page that lie (by their centre) in a cell, line by line from the top, left to right. */
function wordsIn(words: Word[], page: number, c: { x: number; y: number; width: number; height: number }): Word[] {
  const box = { x: c.x * PT_PER_MM, y: c.y * PT_PER_MM, right: (c.x + c.width) * PT_PER_MM, bottom: (c.y + c.height) * PT_PER_MM };
  return words
    .filter((w) => w.page === page && (w.xMin + w.xMax) / 2 > box.x && (w.xMin + w.xMax) / 2 < box.right && (w.yMin + w.yMax) / 2 > box.y && (w.yMin + w.yMax) / 2 < box.bottom)
    .sort((a, b) => (Math.abs(a.yMax - b.yMax) > 1 ? a.yMax - b.yMax : a.xMin - b.xMin));
}

function insideCell(w: Word, c: { x: number; y: number; width: number; height: number }): boolean {
  const slack = 0.01;
  return (
    w.xMin >= c.x * PT_PER_MM - slack &&
    w.yMin >= c.y * PT_PER_MM - slack &&
    w.xMax <= (c.x + c.width) * PT_PER_MM + slack &&
    w.yMax <= (c.y + c.height) * PT_PER_MM + slack
  );
}

describe('a sheet of 60 mixed object labels (Avery L7651, QR)', () => {
  const shared = sharedCatalogue();
  const t = shared.t;
  let objects: { id: string; number: string }[];
  let pdf: string;
  let template: LabelTemplate;
  let dir: string;
  let result: Awaited<ReturnType<TestCatalogue['call']>> & { labels: number; pages: number };

  beforeAll(async () => {
    dir = shared.dir();
    objects = await seedObjects(t, 60);
    pdf = join(dir, 'sheet.pdf');
    result = (await t.call('labels.create', { source: { kind: 'objects', ids: objects.map((o) => o.id) }, template: 'avery-l7651', path: pdf })) as typeof result;
    template = (await t.call('labels.templates', {})).templates.find((x) => x.name === 'avery-l7651')!;
  }, 60_000);

  /** The labels in print order: by number, as the catalogue sorts them. */
  const inOrder = async () => {
    const { items } = await t.call('objects.list', { limit: 100 });
    return items.map((o) => o.displayNumber);
  };

  it('writes one page of 60 labels, and nothing else beside it', () => {
    expect(result).toMatchObject({ labels: 60, pages: 1, path: pdf, cancelled: false });
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readdirSync(dir).sort()).toEqual(['catalogue', 'sheet.pdf']);
  });

  it('decodes back, label by label, to exactly each number (zbarimg on each cell of the rendered sheet)', async () => {
    const dpi = 200;
    const [page] = renderPages(pdf, join(dir, 'render'), dpi);
    const slots = Array.from({ length: 60 }, (_, i) => i);
    const cells = await cropCells(page!, template, dpi, slots, join(dir, 'cells'));
    const decoded = zbarDecode(cells);
    const expected = await inOrder();
    const misses = cells.map((file, i) => ({ slot: i + 1, expected: expected[i]!, got: decoded.get(file)! })).filter((c) => c.got.length !== 1 || !decodedAs(c.got, c.expected));
    expect(misses).toEqual([]);
    // The five slots left on the sheet are blank.
    const blank = await cropCells(page!, template, dpi, [60, 61, 62, 63, 64], join(dir, 'blank'));
    for (const file of blank) expect(zbarDecode([file]).get(file)).toEqual([]);
  });

  it('puts every word inside its label, and each label’s number in its own cell', async () => {
    const words = pdfWords(pdf);
    expect(words.length).toBeGreaterThan(120);
    const expected = await inOrder();
    const cells = expected.map((_, slot) => cellMm(template, slot));
    for (const word of words) {
      const home = cells.find((c) => wordsIn([word], 1, c).length === 1);
      expect(home, `"${word.text}" lies in no label`).toBeDefined();
      expect(insideCell(word, home!), `"${word.text}" spills out of its label`).toBe(true);
    }
    expected.forEach((number, slot) => {
      // A number too long for one line wraps (at its dashes and dots): read without the line breaks.
      const text = wordsIn(words, 1, cells[slot]!).map((w) => w.text).join('');
      expect(text, `label ${slot + 1}`).toContain(number.replace(/\s/g, ''));
    });
  });

  it('prints names in Greek, Cyrillic, Arabic, Chinese, Japanese, Korean and Vietnamese with fonts that have them, embedded as subsets', () => {
    const text = pdfWords(pdf).map((w) => w.text).join(' ');
    for (const word of ['Αμφορέας', 'Ваза', '青花瓷碗', '백자', 'Épée', 'Chiếc']) expect(text).toContain(word);
    // Arabic comes out in visual order from pdftotext; its letters are there.
    expect(text).toMatch(/[\u0600-\u06FF]{3}/);
    const raw = readFileSync(pdf).toString('latin1');
    const fonts = [...raw.matchAll(/\/BaseFont \/([A-Z]{6})\+([\w-]+)/g)].map((m) => m[2]);
    expect(fonts).toEqual(expect.arrayContaining(['NotoSans-Regular', 'NotoSans-Bold', 'NotoSansArabic-Regular', 'DroidSansFallback']));
    expect(raw).not.toContain('/Helvetica');
    // Subsets: the whole CJK font is 3.4 MB.
    expect(readFileSync(pdf).length).toBeLessThan(600_000);
  });

  it('shortens a name too long for its label with an ellipsis, where the number leaves it too little room', () => {
    const words = pdfWords(pdf);
    const texts = Array.from({ length: 60 }, (_, slot) => wordsIn(words, 1, cellMm(template, slot)).map((w) => w.text).join(' '));
    const embroidered = texts.filter((text) => text.includes('Embroidered'));
    expect(embroidered).toHaveLength(5);
    const shortened = embroidered.filter((text) => /Embroidered silk .*…$/.test(text));
    expect(shortened.length).toBeGreaterThan(0);
    expect(shortened.every((text) => !text.includes('archival box'))).toBe(true);
    // Other names were cut too: every cut ends with the ellipsis, never mid-label.
    // (A right-to-left name's ellipsis is at its left, where pdftotext starts it.)
    const cut = texts.filter((text) => text.includes('…') && !/[\u0600-\u06FF]/.test(text));
    expect(cut.filter((text) => !text.endsWith('…'))).toEqual([]);
  });
});

describe('location labels', () => {
  const { t } = sharedCatalogue();
  let codes: string[];
  let roomId: string;

  beforeAll(async () => {
    const room = await t.call('locations.create', { code: 'R9', name: 'Storeroom 9', type: 'room', role: 'permanent' });
    roomId = room.id;
    const unit = await t.call('locations.create', { parentId: room.id, code: 'R9-A', name: 'Cabinet A', type: 'unit', role: 'permanent' });
    codes = ['R9', 'R9-A'];
    for (let s = 1; s <= 3; s++) {
      const shelf = await t.call('locations.create', { parentId: unit.id, code: `R9-A-${s}`, name: `Shelf ${s}`, type: 'shelf', role: 'permanent' });
      codes.push(shelf.code);
      for (let b = 1; b <= 2; b++) {
        const box = await t.call('locations.create', { parentId: shelf.id, code: `R9-A-${s}-B${b}`, name: `Κουτί ${s}.${b}, υφάσματα`, type: 'box', role: 'permanent' });
        codes.push(box.code);
      }
    }
    const gone = await t.call('locations.create', { parentId: unit.id, code: 'R9-A-OLD', name: 'Old shelf', type: 'shelf', role: 'permanent' });
    await t.call('locations.update', { id: gone.id, archived: true });
  });

  it('a subtree decodes back label by label, in tree order, with the name and the type', async () => {
    const dir = tempDir();
    const pdf = join(dir, 'locations.pdf');
    const result = await t.call('labels.create', {
      source: { kind: 'locations', locationId: roomId },
      template: 'avery-l7160',
      path: pdf,
      locationTypeNames: { box: 'Boîte', shelf: 'Étagère' },
    });
    expect(result).toMatchObject({ labels: 11, pages: 1 });
    const template = (await t.call('labels.templates', {})).templates.find((x) => x.name === 'avery-l7160')!;
    const [page] = renderPages(pdf, join(dir, 'render'), 200);
    const cells = await cropCells(page!, template, 200, codes.map((_, i) => i), join(dir, 'cells'));
    const decoded = zbarDecode(cells);
    expect(cells.map((file) => decoded.get(file))).toEqual(codes.map((code) => [code]));
    const words = pdfWords(pdf);
    const first = wordsIn(words, 1, cellMm(template, 0)).map((w) => w.text).join(' ');
    expect(first).toContain('R9');
    expect(first).toContain('Storeroom 9');
    expect(first).toContain('Room');
    expect(wordsIn(words, 1, cellMm(template, 3)).map((w) => w.text).join(' ')).toContain('Boîte');
    expect(words.map((w) => w.text)).not.toContain('R9-A-OLD');
  });

  it('only the boxes, when asked', async () => {
    const dir = tempDir();
    const result = await t.call('labels.create', { source: { kind: 'locations', locationId: roomId, types: ['box'] }, template: 'avery-l7163', path: join(dir, 'boxes.pdf') });
    expect(result.labels).toBe(6);
    const texts = pdfWords(join(dir, 'boxes.pdf')).map((w) => w.text);
    expect(texts.filter((w) => /^R9-A-\d-B\d$/.test(w))).toHaveLength(6);
    expect(texts).not.toContain('R9-A-1');
  });
});

describe('Code 128 and DataMatrix', () => {
  it('Code 128 decodes back exactly; a number too long for the label’s width gets a QR code, with a notice', async () => {
    const t = testCatalogue();
    const numbers = ['2019.3.12', '1998.1', 'AB/2003/17', 'Inv. 1234', 'R-2019-0001-ABCDEFGHIJ-KLMNOPQRST', 'Ж-12'];
    const ids = [];
    for (const number of numbers) ids.push((await t.call('objects.create', { number, name: 'Bowl' })).id);
    const dir = tempDir();
    const pdf = join(dir, 'code128.pdf');
    const result = await t.call('labels.create', { source: { kind: 'objects', ids }, template: 'avery-l7160', code: 'code128', path: pdf });
    // Sorted by number: 1998.1, 2019.3.12, AB/2003/17, Inv. 1234, R-2019-..., Ж-12.
    const order = ['1998.1', '2019.3.12', 'AB/2003/17', 'Inv. 1234', 'R-2019-0001-ABCDEFGHIJ-KLMNOPQRST', 'Ж-12'];
    expect(result.notices).toHaveLength(1);
    expect(result.notices[0]).toMatchObject({ key: 'labels.switchedToQr', params: { labels: 2, examples: 'R-2019-0001-ABCDEFGHIJ-KLMNOPQRST, Ж-12' } });
    const template = (await t.call('labels.templates', {})).templates.find((x) => x.name === 'avery-l7160')!;
    const [page] = renderPages(pdf, join(dir, 'render'), 300);
    const cells = await cropCells(page!, template, 300, [0, 1, 2, 3, 4, 5], join(dir, 'cells'));
    // The four that fit are Code 128, as zbar names them; the other two QR codes.
    const types = cells.map((file) => execFileSync('zbarimg', ['-q', file], { encoding: 'utf8' }).split(':')[0]);
    expect(types).toEqual(['CODE-128', 'CODE-128', 'CODE-128', 'CODE-128', 'QR-Code', 'QR-Code']);
    const xml = zbarDecode(cells);
    cells.forEach((file, i) => expect(decodedAs(xml.get(file)!, order[i]!), `${order[i]} read as ${JSON.stringify(xml.get(file))}`).toBe(true));
  });

  it('DataMatrix decodes back exactly (dmtxread)', async () => {
    const t = testCatalogue();
    const numbers = ['2019.3.12', 'R2-A-3-B12', 'ETH.1234.a-b'];
    const ids = [];
    for (const number of numbers) ids.push((await t.call('objects.create', { number, name: 'Box of sherds' })).id);
    const dir = tempDir();
    const pdf = join(dir, 'dm.pdf');
    await t.call('labels.create', { source: { kind: 'objects', ids }, template: 'avery-l7163', code: 'datamatrix', path: pdf });
    const template = (await t.call('labels.templates', {})).templates.find((x) => x.name === 'avery-l7163')!;
    const [page] = renderPages(pdf, join(dir, 'render'), 150);
    const cells = await cropCells(page!, template, 150, [0, 1, 2], join(dir, 'cells'));
    expect(cells.map(dmtxDecode)).toEqual(['2019.3.12', 'ETH.1234.a-b', 'R2-A-3-B12']);
  });
});

describe('roll labels, start position and offset', () => {
  it('a roll prints one label per page at the label’s size', async () => {
    const t = testCatalogue();
    const ids = [];
    for (const number of ['A-1', 'A-2', 'A-3']) ids.push((await t.call('objects.create', { number, name: 'Textile fragment' })).id);
    const dir = tempDir();
    const pdf = join(dir, 'roll.pdf');
    const result = await t.call('labels.create', { source: { kind: 'objects', ids }, template: 'brother-dk-11201', path: pdf });
    expect(result).toMatchObject({ labels: 3, pages: 3 });
    const pages = renderPages(pdf, join(dir, 'render'), 300);
    expect(pages).toHaveLength(3);
    const { width, height } = await sharp(pages[0]!).metadata();
    expect(Math.round(((width ?? 0) / 300) * MM_PER_INCH)).toBe(90);
    expect(Math.round(((height ?? 0) / 300) * MM_PER_INCH)).toBe(29);
    const decoded = zbarDecode(pages);
    expect(pages.map((p) => decoded.get(p))).toEqual([['A-1'], ['A-2'], ['A-3']]);
  });

  it('starts at label N of a partly used sheet, and moves everything by the printer offset', async () => {
    const t = testCatalogue();
    const ids = [];
    for (const number of ['S-1', 'S-2', 'S-3']) ids.push((await t.call('objects.create', { number, name: 'Seal' })).id);
    const dir = tempDir();
    const pdf = join(dir, 'start.pdf');
    const offset = { x: 1.5, y: -1 };
    await t.call('labels.create', { source: { kind: 'objects', ids }, template: 'avery-l7160', start: 20, offset, path: pdf });
    const template = (await t.call('labels.templates', {})).templates.find((x) => x.name === 'avery-l7160')!;
    const words = pdfWords(pdf);
    // Labels 20 and 21 on the first sheet, then the first label of a second.
    expect(wordsIn(words, 1, cellMm(template, 19, offset)).map((w) => w.text)).toContain('S-1');
    expect(wordsIn(words, 1, cellMm(template, 20, offset)).map((w) => w.text)).toContain('S-2');
    expect(wordsIn(words, 2, cellMm(template, 0, offset)).map((w) => w.text)).toContain('S-3');
    expect(words.filter((w) => w.page === 1).every((w) => insideCell(w, cellMm(template, 19, offset)) || insideCell(w, cellMm(template, 20, offset)))).toBe(true);
    // Without the offset the same words would start further left: the offset moved them by 1.5 mm.
    const s1 = words.find((w) => w.text === 'S-1')!;
    const plain = join(dir, 'plain.pdf');
    await t.call('labels.create', { source: { kind: 'objects', ids }, template: 'avery-l7160', start: 20, offset: { x: 0, y: 0 }, path: plain });
    const s1Plain = pdfWords(plain).find((w) => w.text === 'S-1')!;
    expect(s1.xMin - s1Plain.xMin).toBeCloseTo(1.5 * PT_PER_MM, 1);
    expect(s1.yMin - s1Plain.yMin).toBeCloseTo(-1 * PT_PER_MM, 1);
  });

  it('keeps the printer offset per catalogue, and uses it when none is given', async () => {
    const t = testCatalogue();
    expect(await t.call('labels.settings', {})).toEqual({ offset: { x: 0, y: 0 }, template: null, code: null });
    await t.call('labels.saveSettings', { offset: { x: -2, y: 0.5 }, template: 'dymo-99012', code: 'code128' });
    expect(await t.call('labels.settings', {})).toEqual({ offset: { x: -2, y: 0.5 }, template: 'dymo-99012', code: 'code128' });
    const { id } = await t.call('objects.create', { number: 'O-1', name: 'Jug' });
    const dir = tempDir();
    await t.call('labels.create', { source: { kind: 'objects', ids: [id] }, template: 'avery-l7160', path: join(dir, 'a.pdf') });
    await t.call('labels.create', { source: { kind: 'objects', ids: [id] }, template: 'avery-l7160', path: join(dir, 'b.pdf'), offset: { x: 0, y: 0 } });
    const a = pdfWords(join(dir, 'a.pdf')).find((w) => w.text === 'O-1')!;
    const b = pdfWords(join(dir, 'b.pdf')).find((w) => w.text === 'O-1')!;
    expect(a.xMin - b.xMin).toBeCloseTo(-2 * PT_PER_MM, 1);
    const changes = await t.call('changes.list', {});
    expect(changes.items.some((c) => c.procedure === 'labels.saveSettings')).toBe(true);
  });
});

describe('the calibration page', () => {
  /** Darkest pixel (0 black, 255 white) in a small square around a point, in mm, on a rendered page. */
  async function pixels(png: string, dpi: number) {
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    const at = (xMm: number, yMm: number, r = 1) => {
      const cx = Math.round((xMm / MM_PER_INCH) * dpi);
      const cy = Math.round((yMm / MM_PER_INCH) * dpi);
      let min = 255;
      for (let y = cy - r; y <= cy + r; y++) for (let x = cx - r; x <= cx + r; x++) min = Math.min(min, data[y * info.width + x]!);
      return min;
    };
    return at;
  }

  it('looked at as an image, lines up with the template: each label’s outline is where the sheet has its label', async () => {
    const t = testCatalogue();
    const dir = tempDir();
    for (const [name, offset] of [['avery-l7160', { x: 0, y: 0 }], ['avery-5160', { x: 2, y: -1.5 }]] as const) {
      const pdf = join(dir, `${name}.pdf`);
      const result = await t.call('labels.create', { source: { kind: 'calibration' }, template: name, offset, path: pdf });
      expect(result).toMatchObject({ pages: 1, labels: 0 });
      const template = (await t.call('labels.templates', {})).templates.find((x) => x.name === name)!;
      const dpi = 150;
      const [png] = renderPages(pdf, join(dir, name), dpi);
      const pixel = await pixels(png!, dpi);
      for (let slot = 0; slot < template.rows * template.columns; slot++) {
        const c = cellMm(template, slot, offset);
        const midX = c.x + c.width / 2;
        const midY = c.y + c.height / 2;
        // The outline: dark at the middle of each edge.
        for (const [x, y] of [[midX, c.y], [midX, c.y + c.height], [c.x, midY], [c.x + c.width, midY]] as const) {
          expect(pixel(x, y), `${name} label ${slot + 1} edge at ${x.toFixed(1)}, ${y.toFixed(1)} mm`).toBeLessThan(128);
        }
        // Inside, a millimetre and a half in from the edge, and away from the cross: blank.
        expect(pixel(midX + c.width / 4, c.y + 1.5)).toBeGreaterThan(200);
        expect(pixel(c.x + 1.5, midY + c.height / 4)).toBeGreaterThan(200);
        // The cross at the centre.
        expect(pixel(midX, midY)).toBeLessThan(128);
      }
    }
  });
});

describe('bad input: a clear error, and no file', () => {
  const { t } = sharedCatalogue();
  let ids: string[];
  beforeAll(async () => {
    ids = [(await t.call('objects.create', { number: 'B-1', name: 'Basket' })).id];
  });

  const refuses = async (input: Record<string, unknown>, expected: Record<string, unknown>) => {
    const dir = tempDir();
    const error = await t.fail('labels.create', { source: { kind: 'objects', ids }, template: 'avery-l7160', path: join(dir, 'out.pdf'), ...input });
    expect(error).toMatchObject(expected);
    expect(readdirSync(dir)).toEqual([]);
    return error;
  };

  it('an unknown template, naming the ones there are', async () => {
    const error = await refuses({ template: 'avery-l9999' }, { code: 'VALIDATION', key: 'labels.unknownTemplate', params: { template: 'avery-l9999' } });
    expect(error.message).toContain('avery-l7160');
  });

  it('a custom template whose labels do not fit on the page, or overlap', async () => {
    const custom = { pageWidth: 210, pageHeight: 297, rows: 8, columns: 3, labelWidth: 70, labelHeight: 36, marginTop: 5, marginLeft: 5 };
    await refuses({ template: custom }, { code: 'VALIDATION', key: 'labels.tooWide', params: { needed: '215', page: '210' } });
    await refuses({ template: { ...custom, labelWidth: 60, marginTop: 10 } }, { code: 'VALIDATION', key: 'labels.tooTall', params: { needed: '298', page: '297' } });
    await refuses({ template: { ...custom, labelWidth: 60, pitchX: 50 } }, { code: 'VALIDATION', key: 'labels.overlapAcross' });
    // One that fits prints.
    const dir = tempDir();
    const ok = await t.call('labels.create', { source: { kind: 'objects', ids }, template: { ...custom, labelWidth: 60, labelHeight: 34 }, path: join(dir, 'custom.pdf') });
    expect(ok).toMatchObject({ labels: 1, pages: 1 });
  });

  it('an empty selection: nothing to print', async () => {
    await refuses({ source: { kind: 'search', filter: { query: 'nosuchword' } } }, { code: 'VALIDATION', key: 'labels.nothingToPrint' });
    const room = await t.call('locations.create', { code: 'EMPTY', name: 'Empty room', type: 'room', role: 'permanent' });
    await refuses({ source: { kind: 'contents', locationId: room.id } }, { code: 'VALIDATION', key: 'labels.nothingToPrint' });
    await refuses({ source: { kind: 'locations', locationId: room.id, types: ['box'] } }, { code: 'VALIDATION', key: 'labels.nothingToPrint' });
    await refuses({ source: { kind: 'objects', ids: [] } }, { code: 'VALIDATION' });
  });

  it('a start position beyond the sheet', async () => {
    await refuses({ start: 22 }, { code: 'VALIDATION', key: 'labels.startBeyondSheet', params: { start: 22, perSheet: 21 } });
    await refuses({ start: 2, template: 'dymo-11354' }, { code: 'VALIDATION', key: 'labels.startBeyondSheet', params: { start: 2, perSheet: 1 } });
  });

  it('an output path that cannot be written', async () => {
    const dir = tempDir();
    const missing = join(dir, 'no-such-folder', 'labels.pdf');
    expect(await t.fail('labels.create', { source: { kind: 'objects', ids }, template: 'avery-l7160', path: missing })).toMatchObject({ code: 'VALIDATION', key: 'labels.folderMissing', params: { path: missing } });
    expect(readdirSync(dir)).toEqual([]);
    expect(await t.fail('labels.create', { source: { kind: 'objects', ids }, template: 'avery-l7160', path: join(dir, 'labels.txt') })).toMatchObject({ code: 'VALIDATION' });
  });

  it('a full disk is DISK_FULL, with no file left behind', async () => {
    const dir = tempDir();
    const target = join(dir, 'labels.pdf');
    // The part file is /dev/full: every write fails with ENOSPC, as on a full disk.
    symlinkSync('/dev/full', `${target}.part`);
    const error = await t.fail('labels.create', { source: { kind: 'objects', ids }, template: 'avery-l7160', path: target });
    expect(error).toMatchObject({ code: 'DISK_FULL', key: 'labels.diskFull', params: { path: target } });
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('over the network, a path is refused: the PDF is downloaded instead', async () => {
    const dir = tempDir();
    const result = await t.dispatch('labels.create', { source: { kind: 'objects', ids }, template: 'avery-l7160', path: join(dir, 'x.pdf') }, { remote: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'labels.pathOverNetwork' } });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('labels for download, preview and cancel', () => {
  it('without a path the PDF goes to the catalogue’s exports, under the job’s id', async () => {
    const t = testCatalogue();
    const { id } = await t.call('objects.create', { number: 'D-1', name: 'Dish' });
    const jobId = '01900000-0000-7000-8000-00000000abcd';
    const result = await t.call('labels.create', { source: { kind: 'objects', ids: [id] }, template: 'avery-l7160', jobId });
    expect(result).toMatchObject({ exportId: jobId, path: null, labels: 1 });
    expect(result.fileName).toMatch(/labels .*\.pdf$/);
    const folder = join(t.catalogue.dir, 'exports', jobId);
    expect(readdirSync(folder)).toEqual([result.fileName]);
  });

  it('the preview draws the first sheet as an SVG, with the totals and the slots already used shaded', async () => {
    const t = testCatalogue();
    const ids = [];
    for (let i = 1; i <= 30; i++) ids.push((await t.call('objects.create', { number: `P-${i}`, name: 'Plate' })).id);
    const preview = await t.call('labels.preview', { source: { kind: 'objects', ids }, template: 'avery-l7160', start: 4 });
    expect(preview).toMatchObject({ labels: 30, pages: 2, perSheet: 21, notices: [] });
    expect(preview.template).toMatchObject({ name: 'avery-l7160', title: 'Avery L7160', rows: 7, columns: 3, labelWidth: 63.5, labelHeight: 38.1 });
    const svg = preview.svg;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm"')).toBe(true);
    // 21 outlines, 3 of them shaded as used; 18 codes; text as glyph outlines, never as text.
    expect(svg.match(/<rect [^>]*rx=/g)).toHaveLength(21);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(3);
    expect(svg).not.toContain('<text');
    expect(svg).not.toContain('P-1');
    expect(await sharp(Buffer.from(svg)).metadata()).toMatchObject({ format: 'svg' });
    // The calibration page's preview: each label's printed outline and cross, moved by the offset, over the sheet.
    const calibration = await t.call('labels.preview', { source: { kind: 'calibration' }, template: 'avery-l7160', offset: { x: 2, y: 0 } });
    expect(calibration.svg.match(/<rect [^>]*stroke="black"/g)).toHaveLength(21);
    expect(calibration.svg).toContain(`<rect x="${(((7.21 + 2) * 72) / 25.4).toFixed(3).replace(/0+$/, '')}"`);
    await sharp(Buffer.from(calibration.svg)).png().toFile(join(tempDir(), 'calibration.png'));
  });

  it('cancelled, it leaves no file', async () => {
    const t = testCatalogue();
    const ids = [];
    for (let i = 1; i <= 400; i++) ids.push((await t.call('objects.create', { number: `C-${i}`, name: 'Coin' })).id);
    const dir = tempDir();
    const jobId = '01900000-0000-7000-8000-00000000beef';
    const running = t.dispatch('labels.create', { source: { kind: 'objects', ids }, template: 'avery-l7651', path: join(dir, 'coins.pdf'), jobId });
    const stop = t.catalogue.onChange((event) => {
      if (event.kind === 'progress' && event.jobId === jobId && event.done >= 40) void t.dispatch('jobs.cancel', { jobId });
    });
    const result = await running;
    stop();
    expect(result).toMatchObject({ ok: true, data: { cancelled: true, path: null } });
    expect(readdirSync(dir)).toEqual([]);
  });
});
