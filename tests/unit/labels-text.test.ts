import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelFonts } from '../../src-main/core/labels/fonts';
import { layoutLabel, PT, type TextOp } from '../../src-main/core/labels/layout';
import { findTemplate } from '../../src-main/core/labels/templates';
import { breakUnits, ELLIPSIS, TextShaper } from '../../src-main/core/labels/text';

const shaper = new TextShaper(labelFonts());
const fontOf = (char: string) => labelFonts().fontFor(char.codePointAt(0)!, 'regular').file.split('/').pop();

describe('label fonts', () => {
  it('give each script a font that has it: Noto Sans, Noto Sans Arabic, Droid Sans Fallback for CJK', () => {
    expect(fontOf('é')).toBe('noto-sans-latin-400-normal.woff');
    expect(fontOf('ő')).toBe('noto-sans-latin-ext-400-normal.woff');
    expect(fontOf('ệ')).toBe('noto-sans-vietnamese-400-normal.woff');
    expect(fontOf('λ')).toBe('noto-sans-greek-400-normal.woff');
    expect(fontOf('Ж')).toBe('noto-sans-cyrillic-400-normal.woff');
    expect(fontOf('م')).toBe('noto-sans-arabic-arabic-400-normal.woff');
    for (const char of ['碗', 'か', 'カ', '한']) expect(fontOf(char)).toBe('DroidSansFallback.ttf');
    expect(labelFonts().fontFor(0x41, 'bold').file).toMatch(/noto-sans-latin-700-normal\.woff$/);
  });
});

describe('shaping a line', () => {
  it('keeps left-to-right text in order, one piece per font', () => {
    const line = shaper.shape('Vase Ваза 碗', 'regular');
    expect(line.rtl).toBe(false);
    expect(line.pieces.map((p) => p.text)).toEqual(['Vase ', 'Ваза ', '碗']);
    expect(line.width).toBeCloseTo(line.pieces.reduce((s, p) => s + p.width, 0), 9);
  });

  it('puts right-to-left runs in visual order, numbers inside them left to right, and mirrors brackets', () => {
    const line = shaper.shape('مزهرية زرقاء 1920', 'regular');
    expect(line.rtl).toBe(true);
    // Drawn from the left: the number, then the Arabic (which fontkit lays out right to left itself).
    expect(line.pieces.map((p) => [p.text, p.rtl])).toEqual([
      ['1920', false],
      ['مزهرية زرقاء ', true],
    ]);
    // Read from the right: جرة, then (كبيرة). From the left the closing bracket comes first in the text, mirrored
    // so that it shows as an opening one: '(' on the left of the word, ')' on its right.
    const bracketed = shaper.shape('جرة (كبيرة)', 'regular');
    const brackets = bracketed.pieces.filter((p) => !p.rtl).map((p) => p.text);
    expect(brackets.join('')).toBe('()');
    // In a left-to-right line, digits after an Arabic word belong to it (UAX #9, W2): they come out at its left.
    const mixed = shaper.shape('Vase مزهرية 2', 'regular');
    expect(mixed.rtl).toBe(false);
    expect(mixed.pieces.map((p) => p.text)).toEqual(['Vase ', '2', 'مزهرية ']);
  });
});

describe('wrapping', () => {
  it('breaks at spaces, after dashes, slashes and dots, and between CJK characters', () => {
    expect(breakUnits('Blue bowl')).toEqual(['Blue ', 'bowl']);
    expect(breakUnits('2019.3.12-a/b')).toEqual(['2019.', '3.', '12-', 'a/', 'b']);
    expect(breakUnits('青花瓷碗')).toEqual(['青', '花', '瓷', '碗']);
    expect(breakUnits('茶碗（志野焼）。')).toEqual(['茶', '碗', '（志', '野', '焼）。']);
    expect(breakUnits('a - b')).toEqual(['a ', '- ', 'b']);
  });

  it('fills lines no wider than the width, and ends the last with an ellipsis when text remains', () => {
    const name = 'Embroidered silk panel with gold thread, probably Ottoman, eighteenth century';
    const lines = shaper.wrap(name, 'regular', 8, 3);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(shaper.width(line, 'regular')).toBeLessThanOrEqual(8);
    expect(lines[2]!.endsWith(ELLIPSIS)).toBe(true);
    expect(lines.slice(0, 2).join(' ')).toBe(name.slice(0, lines.slice(0, 2).join(' ').length));
    expect(shaper.wrap(name, 'regular', 100, 3)).toEqual([name]);
  });

  it('breaks a word wider than the line between its letters', () => {
    const lines = shaper.wrap('Kunstgewerbemuseumsinventarnummer', 'regular', 5, 5);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('Kunstgewerbemuseumsinventarnummer');
    for (const line of lines) expect(shaper.width(line, 'regular')).toBeLessThanOrEqual(5);
  });

  it('never returns a line wider than asked, whatever the text (property)', () => {
    const scripts = fc.constantFrom('Bowl with rim ', 'Ваза синяя ', 'Αμφορέας ', 'مزهرية زرقاء ', '青花瓷碗', 'かな', '한국 ', '-', '/', '.', ' ', 'W', 'é');
    fc.assert(
      fc.property(fc.array(scripts, { minLength: 1, maxLength: 30 }), fc.double({ min: 1, max: 20, noNaN: true }), fc.integer({ min: 1, max: 6 }), (parts, width, lines) => {
        const wrapped = shaper.wrap(parts.join(''), 'regular', width, lines);
        expect(wrapped.length).toBeLessThanOrEqual(lines);
        for (const line of wrapped) expect(shaper.width(line, 'regular')).toBeLessThanOrEqual(width + 1e-9);
      }),
      { numRuns: 200 },
    );
  });
});

describe('laying out a label', () => {
  const boxOf = (ops: ReturnType<typeof layoutLabel>['ops']) => {
    const texts = ops.filter((op): op is TextOp => op.kind === 'text');
    const rects = ops.flatMap((op) => (op.kind === 'rects' ? [op.rects] : []));
    return { texts, rects };
  };

  it('keeps the code and every line inside the label less its inset, however long the name', () => {
    for (const name of ['avery-l7651', 'avery-l7160', 'brother-dk-11209', 'avery-5163']) {
      const template = findTemplate(name)!;
      const cell = { x: 100, y: 200, width: template.labelWidth * PT, height: template.labelHeight * PT };
      const inset = template.inset * PT - 1e-6;
      for (const item of [
        { primary: '2019.3.12', name: 'Bowl' },
        { primary: 'L.2017.004.001-010-ABCDEFGHIJKLMNOP', name: 'Embroidered silk panel with gold thread, probably Ottoman, eighteenth century, in three pieces' },
        { primary: 'R2-A-3-B12', name: 'Archival box 12 — textiles', detail: 'Box' },
      ]) {
        for (const code of ['qr', 'datamatrix', 'code128'] as const) {
          const { texts, rects } = boxOf(layoutLabel(shaper, template, cell, item, code).ops);
          expect(texts.length).toBeGreaterThan(0);
          for (const op of texts) {
            expect(op.x, `${name} ${code}`).toBeGreaterThanOrEqual(cell.x + inset);
            expect(op.x + op.width).toBeLessThanOrEqual(cell.x + cell.width - inset);
            expect(op.y - op.ascent).toBeGreaterThanOrEqual(cell.y + inset);
            expect(op.y + op.descent).toBeLessThanOrEqual(cell.y + cell.height - inset);
          }
          for (const r of rects) {
            for (let i = 0; i < r.length; i += 4) {
              expect(r[i]!).toBeGreaterThanOrEqual(cell.x);
              expect(r[i]! + r[i + 2]!).toBeLessThanOrEqual(cell.x + cell.width + 1e-6);
              expect(r[i + 1]!).toBeGreaterThanOrEqual(cell.y + inset);
              expect(r[i + 1]! + r[i + 3]!).toBeLessThanOrEqual(cell.y + cell.height - inset + 1e-6);
            }
          }
        }
      }
    }
  });

  it('prints the number larger than the name, and on one line when it fits', () => {
    const template = findTemplate('avery-l7160')!;
    const cell = { x: 0, y: 0, width: template.labelWidth * PT, height: template.labelHeight * PT };
    const { texts } = boxOf(layoutLabel(shaper, template, cell, { primary: '2019.3.12', name: 'Bowl with blue rim' }, 'qr').ops);
    expect(texts[0]!.pieces.map((p) => p.text).join('')).toBe('2019.3.12');
    expect(texts[0]!.size).toBeGreaterThan(14);
    expect(texts[1]!.size).toBeLessThan(texts[0]!.size);
  });

  it('gives a number Code 128 cannot hold at this width a QR code, and says so', () => {
    const template = findTemplate('avery-l7651')!;
    const cell = { x: 0, y: 0, width: template.labelWidth * PT, height: template.labelHeight * PT };
    expect(layoutLabel(shaper, template, cell, { primary: '12345', name: 'x' }, 'code128').switchedToQr).toBe(false);
    expect(layoutLabel(shaper, template, cell, { primary: 'AB/2003/17-XYZ', name: 'x' }, 'code128').switchedToQr).toBe(true);
    expect(layoutLabel(shaper, template, cell, { primary: 'Ж-12', name: 'x' }, 'code128').switchedToQr).toBe(true);
  });

  it('refuses a code that cannot fit a label this small, naming the label', () => {
    const template = { ...findTemplate('avery-l7651')!, labelWidth: 8, labelHeight: 6, inset: 0.5 };
    const cell = { x: 0, y: 0, width: 8 * PT, height: 6 * PT };
    expect(() => layoutLabel(shaper, template, cell, { primary: 'A-VERY-LONG-NUMBER-2019-0001-0002-0003', name: 'x' }, 'qr')).toThrow(/A-VERY-LONG-NUMBER-2019-0001-0002-0003/);
  });
});
