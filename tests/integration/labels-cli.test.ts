import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalogue } from '../../src-main/core/open';
import { createDispatcher } from '../../src-main/core/dispatch';
import { tempDir } from '../support/catalogue';
import { serveProcess, storeroom } from '../support/cli';
import { pdfWords } from '../support/labels';

/**
 * A catalogue with a room, a unit, two shelves and a box, and objects in them: made in this process (quicker than
 * through the CLI), then closed so that the CLI can open it.
 */
async function seeded(): Promise<string> {
  const dir = tempDir();
  const catalogue = openCatalogue(dir);
  const dispatch = createDispatcher(catalogue);
  const call = async (procedure: string, input: unknown) => {
    const result = await dispatch(procedure, input);
    if (!result.ok) throw new Error(result.error.message);
    return result.data as { id: string };
  };
  const room = await call('locations.create', { code: 'R1', name: 'Store 1', type: 'room', role: 'permanent' });
  const unit = await call('locations.create', { parentId: room.id, code: 'R1-A', name: 'Unit A', type: 'unit', role: 'permanent' });
  const shelf = await call('locations.create', { parentId: unit.id, code: 'R1-A-1', name: 'Shelf 1', type: 'shelf', role: 'permanent' });
  await call('locations.create', { parentId: unit.id, code: 'R1-A-2', name: 'Shelf 2', type: 'shelf', role: 'permanent' });
  const box = await call('locations.create', { parentId: shelf.id, code: 'R1-A-1-B1', name: 'Box 1', type: 'box', role: 'permanent' });
  const bowl = await call('objects.create', { number: '2019.3.12', name: 'Bowl' });
  const jar = await call('objects.create', { number: '2019.3.13', name: 'Jar' });
  await call('objects.create', { number: 'L.2017.004.001-010', name: 'Bowl, large' });
  await call('moves.create', { objectIds: [bowl.id, jar.id], toLocationId: box.id });
  catalogue.close();
  return dir;
}

describe('storeroom labels', () => {
  it('prints its usage', () => {
    const help = storeroom(['labels', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: storeroom labels OUT.pdf (--objects QUERY | --contents CODE | --locations CODE');
    expect(storeroom(['--help']).stdout).toMatch(/labels\s+Print labels as a PDF/);
  });

  it('writes the PDF for a search, a location’s contents or its locations; with --json, exactly { file, labels, pages }', async () => {
    const catalogue = await seeded();
    const out = tempDir();
    const search = storeroom(['labels', join(out, 'bowls.pdf'), '--objects', 'bowl', '--catalogue', catalogue, '--json']);
    expect(search.code, search.stderr).toBe(0);
    expect(JSON.parse(search.stdout)).toEqual({ file: join(out, 'bowls.pdf'), labels: 2, pages: 1 });
    expect(readFileSync(join(out, 'bowls.pdf')).subarray(0, 5).toString()).toBe('%PDF-');

    const contents = storeroom(['labels', join(out, 'contents.pdf'), '--contents', 'r1-a', '--template', 'L7651', '--code', 'datamatrix', '--catalogue', catalogue, '--json']);
    expect(JSON.parse(contents.stdout)).toEqual({ file: join(out, 'contents.pdf'), labels: 2, pages: 1 });
    expect(pdfWords(join(out, 'contents.pdf')).map((w) => w.text)).toEqual(expect.arrayContaining(['2019.3.12', '2019.3.13', 'Jar']));

    const shelves = storeroom(['labels', join(out, 'shelves.pdf'), '--locations', 'R1', '--types', 'shelf,box', '--template', 'dymo-99012', '--catalogue', catalogue]);
    expect(shelves.code, shelves.stderr).toBe(0);
    expect(shelves.stdout.trim()).toBe(`Wrote ${join(out, 'shelves.pdf')}: 3 labels on 3 pages.`);
    expect(pdfWords(join(out, 'shelves.pdf')).filter((w) => /^R1/.test(w.text)).map((w) => w.text)).toEqual(['R1-A-1', 'R1-A-1-B1', 'R1-A-2']);

    const all = storeroom(['labels', join(out, 'all.pdf'), '--objects', '', '--start', '21', '--offset', '0.5,-1', '--catalogue', catalogue, '--json']);
    expect(JSON.parse(all.stdout)).toEqual({ file: join(out, 'all.pdf'), labels: 3, pages: 2 });

    const calibrated = storeroom(['labels', join(out, 'calibration.pdf'), '--calibration', '--template', 'avery-5160', '--catalogue', catalogue, '--json']);
    expect(JSON.parse(calibrated.stdout)).toEqual({ file: join(out, 'calibration.pdf'), labels: 0, pages: 1 });
  }, 120_000);

  it('takes a custom sheet from a JSON file', async () => {
    const catalogue = await seeded();
    const out = tempDir();
    const sheet = join(out, 'sheet.json');
    writeFileSync(sheet, JSON.stringify({ pageWidth: 210, pageHeight: 297, rows: 10, columns: 4, labelWidth: 48, labelHeight: 25, marginTop: 20, marginLeft: 9, pitchX: 48.5 }));
    const result = storeroom(['labels', join(out, 'custom.pdf'), '--objects', '', '--template', sheet, '--catalogue', catalogue, '--json']);
    expect(JSON.parse(result.stdout)).toEqual({ file: join(out, 'custom.pdf'), labels: 3, pages: 1 });
  });

  it('notes on stderr the labels that got a QR code instead of Code 128', async () => {
    const catalogue = await seeded();
    const out = tempDir();
    const result = storeroom(['labels', join(out, 'narrow.pdf'), '--objects', '', '--template', 'avery-l7651', '--code', 'code128', '--catalogue', catalogue, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ file: join(out, 'narrow.pdf'), labels: 3, pages: 1 });
    expect(result.stderr).toMatch(/^storeroom: note: Some numbers could not be a Code 128 barcode .* \(1 in all\), such as L\.2017\.004\.001-010\.$/m);
  });

  it('fails with a one-line reason, a non-zero exit and no file on bad input', async () => {
    const catalogue = await seeded();
    const out = tempDir();
    const cases: [string[], number, RegExp][] = [
      [['labels', join(out, 'a.pdf'), '--catalogue', catalogue], 2, /Say what to print/],
      [['labels', join(out, 'a.txt'), '--objects', 'bowl', '--catalogue', catalogue], 2, /must end in \.pdf/],
      [['labels', join(out, 'a.pdf'), '--objects', 'bowl', '--offset', '2', '--catalogue', catalogue], 2, /--offset must be two numbers/],
      [['labels', join(out, 'a.pdf'), '--objects', 'bowl', '--template', 'avery-l9999', '--catalogue', catalogue], 1, /There is no label template called "avery-l9999"/],
      [['labels', join(out, 'a.pdf'), '--objects', 'nosuchthing', '--catalogue', catalogue], 1, /nothing to print labels for/],
      [['labels', join(out, 'a.pdf'), '--objects', 'bowl', '--start', '22', '--catalogue', catalogue], 1, /Label 22 is beyond the sheet: a sheet of this template has 21 labels/],
      [['labels', join(out, 'missing', 'a.pdf'), '--objects', 'bowl', '--catalogue', catalogue], 1, /its folder does not exist/],
    ];
    for (const [args, code, message] of cases) {
      const result = storeroom(args);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
    const json = storeroom(['labels', join(out, 'a.pdf'), '--objects', 'bowl', '--template', 'nope', '--catalogue', catalogue, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'labels.unknownTemplate' } });
    expect(readdirSync(out)).toEqual([]);
  }, 120_000);
});

describe('labels over HTTP', () => {
  it('are made for download from /exports/{id} as a PDF; a path is refused', async () => {
    const catalogue = await seeded();
    const server = await serveProcess(catalogue, 'labels-token-1');
    try {
      const jobId = '01900000-0000-7000-8000-0000000fab1e';
      const made = (await server.call('labels.create', { source: { kind: 'search', filter: { query: 'bowl' } }, template: 'avery-l7160', jobId })) as {
        ok: boolean;
        data: { exportId: string; fileName: string; labels: number };
      };
      expect(made).toMatchObject({ ok: true, data: { exportId: jobId, labels: 2 } });
      const response = await fetch(`${server.base}/exports/${jobId}`, { headers: { authorization: 'Bearer labels-token-1' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toContain(encodeURIComponent(made.data.fileName));
      expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

      const out = tempDir();
      const refused = await server.call('labels.create', { source: { kind: 'search', filter: {} }, template: 'avery-l7160', path: join(out, 'x.pdf') });
      expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'labels.pathOverNetwork' } });
      expect(existsSync(join(out, 'x.pdf'))).toBe(false);
    } finally {
      server.child.kill('SIGTERM');
    }
  });
});
