import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll } from 'vitest';
import type { LabelTemplate } from '../../src-main/contract';
import type { Catalogue } from '../../src-main/core/catalogue';
import { openCatalogue } from '../../src-main/core/open';
import { createDispatcher } from '../../src-main/core/dispatch';
import type { TestCatalogue } from './catalogue';

/*
 * Reading printed labels back with tools that share no code with the app: poppler's pdftoppm renders a PDF page to an
 * image and pdftotext says where each word lies; zbarimg (zbar) decodes QR codes and Code 128, dmtxread (libdmtx)
 * decodes DataMatrix. On Debian: apt-get install poppler-utils zbar-tools dmtx-utils (.ci/run does).
 */

function need(tool: string, pkg: string): void {
  if (spawnSync('which', [tool]).status !== 0) throw new Error(`${tool} is missing: apt-get install -y ${pkg}`);
}

/** Renders each page of a PDF to a PNG at `dpi`; returns the files in page order. */
export function renderPages(pdf: string, dir: string, dpi: number, first = 1, last?: number): string[] {
  need('pdftoppm', 'poppler-utils');
  mkdirSync(dir, { recursive: true });
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-f', String(first), ...(last ? ['-l', String(last)] : []), pdf, join(dir, 'page')]);
  return readdirSync(dir)
    .filter((f) => /^page-\d+\.png$/.test(f))
    .sort((a, b) => Number(/(\d+)/.exec(a)![1]) - Number(/(\d+)/.exec(b)![1]))
    .map((f) => join(dir, f));
}

export const MM_PER_INCH = 25.4;

/** Where label `slot` (0 is the top left) lies on its page, in millimetres, with the printer offset. */
export function cellMm(t: LabelTemplate, slot: number, offset = { x: 0, y: 0 }) {
  const column = slot % t.columns;
  const row = Math.floor(slot / t.columns) % t.rows;
  return { x: t.marginLeft + column * t.pitchX + offset.x, y: t.marginTop + row * t.pitchY + offset.y, width: t.labelWidth, height: t.labelHeight };
}

/**
 * Crops every label cell of a rendered page into its own PNG: exactly the cell, nothing of its neighbours and no
 * margin added, so a code decodes only if its quiet zone lies within its label.
 */
export async function cropCells(page: string, t: LabelTemplate, dpi: number, slots: number[], dir: string, offset = { x: 0, y: 0 }): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const px = (mm: number) => Math.round((mm / MM_PER_INCH) * dpi);
  const files: string[] = [];
  for (const slot of slots) {
    const c = cellMm(t, slot, offset);
    const file = join(dir, `cell-${String(slot).padStart(3, '0')}.png`);
    await sharp(page).extract({ left: px(c.x), top: px(c.y), width: px(c.width), height: px(c.height) }).toFile(file);
    files.push(file);
  }
  return files;
}

/**
 * zbarimg on each image: the texts it decoded there, one per symbol. (Its XML output mangles bytes beyond ASCII, so
 * each image gets its own run in plain --raw mode.)
 */
export function zbarDecode(files: string[]): Map<string, string[]> {
  need('zbarimg', 'zbar-tools');
  return new Map(
    files.map((file) => {
      const run = spawnSync('zbarimg', ['-q', '--raw', file], { encoding: 'utf8' });
      return [file, run.stdout.split('\n').filter((line) => line !== '')];
    }),
  );
}

/** dmtxread on one image: the DataMatrix text it found. */
export function dmtxDecode(file: string): string {
  need('dmtxread', 'dmtx-utils');
  return spawnSync('dmtxread', ['-N1', '-m', '5000', file], { encoding: 'utf8' }).stdout.trim();
}

export interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word pdftotext finds, with its box in points (y down), by page. */
export function pdfWords(pdf: string): Word[] {
  need('pdftotext', 'poppler-utils');
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const words: Word[] = [];
  html.split('<page ').slice(1).forEach((page, index) => {
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      words.push({ page: index + 1, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: decodeEntities(m[5]!) });
    }
  });
  return words;
}

const decodeEntities = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

export const PT_PER_MM = 72 / MM_PER_INCH;

/**
 * A catalogue (and a folder) for a whole describe block: made in beforeAll, closed and removed in afterAll.
 * (testCatalogue and tempDir clean up after each test.)
 */
export function sharedCatalogue(): { t: TestCatalogue; dir: () => string } {
  const t = {} as TestCatalogue;
  let folder = '';
  let catalogue: Catalogue | null = null;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'storeroom-labels-'));
    catalogue = openCatalogue(join(folder, 'catalogue'));
    const dispatch = createDispatcher(catalogue);
    Object.assign(t, {
      catalogue,
      dispatch,
      async call(procedure: string, input: unknown, personId: string | null = null) {
        const result = await dispatch(procedure, input, { personId });
        if (!result.ok) throw new Error(`${procedure} failed: ${result.error.code} ${result.error.message}`);
        return result.data;
      },
      async fail(procedure: string, input: unknown, personId: string | null = null) {
        const result = await dispatch(procedure, input, { personId });
        if (result.ok) throw new Error(`${procedure} was expected to fail but returned ${JSON.stringify(result.data)}`);
        return result.error;
      },
    });
  });
  afterAll(() => {
    catalogue?.close();
    rmSync(folder, { recursive: true, force: true });
  });
  return { t, dir: () => folder };
}
