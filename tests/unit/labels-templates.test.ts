import { describe, expect, it } from 'vitest';
import { AppError, LABEL_TEMPLATES } from '../../src-main/contract';
import { builtInTemplates, cell, customTemplate, findTemplate, perSheet, resolveTemplate } from '../../src-main/core/labels/templates';

/** The geometry of each template, against the manufacturers' published dimensions. */

const close = (a: number, b: number, tolerance = 0.01) => Math.abs(a - b) <= tolerance;

describe('built-in label templates', () => {
  it('are the ones the contract names, each with its published label size, grid and pitch', () => {
    expect(builtInTemplates().map((t) => t.name)).toEqual([...LABEL_TEMPLATES]);
    const published: Record<string, [columns: number, rows: number, width: number, height: number, pitchX: number, pitchY: number, left: number, top: number]> = {
      'avery-l7160': [3, 7, 63.5, 38.1, 66.04, 38.1, 7.21, 15.15],
      'avery-l7163': [2, 7, 99.1, 38.1, 101.6, 38.1, 4.65, 15.15],
      'avery-l7651': [5, 13, 38.1, 21.2, 40.6, 21.2, 4.75, 10.7],
      'avery-5160': [3, 10, 66.675, 25.4, 69.85, 25.4, 4.7625, 12.7],
      'avery-5163': [2, 5, 101.6, 50.8, 106.3625, 50.8, 3.96875, 12.7],
    };
    for (const [name, [columns, rows, width, height, pitchX, pitchY, left, top]] of Object.entries(published)) {
      const t = findTemplate(name)!;
      expect({ columns: t.columns, rows: t.rows }, name).toEqual({ columns, rows });
      for (const [got, want] of [[t.labelWidth, width], [t.labelHeight, height], [t.pitchX, pitchX], [t.pitchY, pitchY], [t.marginLeft, left], [t.marginTop, top]]) {
        expect(close(got!, want!), `${name}: ${got} for ${want}`).toBe(true);
      }
    }
  });

  it('put A4 sheets on 210 × 297 mm and US Letter sheets on 8.5 × 11 in, every label inside the page and none overlapping', () => {
    for (const t of builtInTemplates().filter((x) => x.kind === 'sheet')) {
      const page = t.name.startsWith('avery-l') ? [210, 297] : [215.9, 279.4];
      expect([t.pageWidth, t.pageHeight], t.name).toEqual(page);
      const cells = Array.from({ length: perSheet(t) }, (_, i) => cell(t, i));
      for (const c of cells) {
        expect(c.x >= 0 && c.y >= 0 && c.x + c.width <= t.pageWidth + 1e-9 && c.y + c.height <= t.pageHeight + 1e-9, t.name).toBe(true);
      }
      for (let i = 0; i < cells.length; i++) {
        for (let j = i + 1; j < cells.length; j++) {
          const [a, b] = [cells[i]!, cells[j]!];
          const overlap = a.x < b.x + b.width - 1e-9 && b.x < a.x + a.width - 1e-9 && a.y < b.y + b.height - 1e-9 && b.y < a.y + a.height - 1e-9;
          expect(overlap, `${t.name}: labels ${i + 1} and ${j + 1}`).toBe(false);
        }
      }
      // The grid is centred: equal margins left and right, top and bottom.
      const last = cells[cells.length - 1]!;
      expect(close(t.marginLeft, t.pageWidth - last.x - last.width), t.name).toBe(true);
      expect(close(t.marginTop, t.pageHeight - last.y - last.height), t.name).toBe(true);
    }
  });

  it('number labels across, then down', () => {
    const t = findTemplate('avery-l7160')!;
    expect(cell(t, 0)).toMatchObject({ x: t.marginLeft, y: t.marginTop });
    expect(cell(t, 1).x).toBeCloseTo(t.marginLeft + 66.04, 6);
    expect(cell(t, 3)).toMatchObject({ x: t.marginLeft });
    expect(cell(t, 3).y).toBeCloseTo(t.marginTop + 38.1, 6);
    expect(cell(t, 21)).toEqual(cell(t, 0));
  });

  it('print a roll one label per page, at the label’s size, its long side across', () => {
    const rolls = Object.fromEntries(builtInTemplates().filter((t) => t.kind === 'roll').map((t) => [t.name, [t.pageWidth, t.pageHeight, perSheet(t)]]));
    expect(rolls).toEqual({ 'dymo-11354': [57, 32, 1], 'dymo-99012': [89, 36, 1], 'brother-dk-11201': [90, 29, 1], 'brother-dk-11209': [62, 29, 1] });
    for (const t of builtInTemplates().filter((x) => x.kind === 'roll')) expect(cell(t, 0)).toEqual({ x: 0, y: 0, width: t.pageWidth, height: t.pageHeight });
  });

  it('are found by name in any case, with or without the maker', () => {
    for (const name of ['avery-l7160', 'L7160', 'Avery L7160', 'l 7160']) expect(findTemplate(name)?.name).toBe('avery-l7160');
    expect(findTemplate('DK-11201')?.name).toBe('brother-dk-11201');
    expect(findTemplate('5160')?.name).toBe('avery-5160');
    expect(findTemplate('L7161')).toBeUndefined();
    expect(() => resolveTemplate('L7161')).toThrow(AppError);
  });
});

describe('a custom template', () => {
  const sheet = { pageWidth: 210, pageHeight: 297, rows: 8, columns: 3, labelWidth: 64, labelHeight: 34, marginTop: 12, marginLeft: 6, pitchX: 66, pitchY: 34 };

  it('takes its page, grid, label size, margins and pitch; the pitch defaults to the label', () => {
    const t = customTemplate(sheet);
    expect(cell(t, 4)).toEqual({ x: 72, y: 46, width: 64, height: 34 });
    const abutting = customTemplate({ ...sheet, pitchX: undefined, pitchY: undefined });
    expect(cell(abutting, 4)).toEqual({ x: 70, y: 46, width: 64, height: 34 });
  });

  it('is refused when its labels run off the page or overlap, saying by how much', () => {
    const refusal = (spec: typeof sheet) => {
      try {
        customTemplate(spec);
      } catch (error) {
        return (error as AppError).toBody();
      }
      return null;
    };
    expect(refusal({ ...sheet, marginLeft: 15 })).toMatchObject({ key: 'labels.tooWide', params: { needed: '211', page: '210' } });
    expect(refusal({ ...sheet, rows: 9 })).toMatchObject({ key: 'labels.tooTall', params: { needed: '318', page: '297' } });
    expect(refusal({ ...sheet, pitchX: 60 })).toMatchObject({ key: 'labels.overlapAcross', params: { pitch: '60', size: '64' } });
    expect(refusal({ ...sheet, pitchY: 30 })).toMatchObject({ key: 'labels.overlapDown' });
    // A single row or column has no pitch to check; a grid that exactly fills the page fits.
    expect(refusal({ ...sheet, rows: 1, pitchY: 1 })).toBeNull();
    expect(refusal({ ...sheet, marginLeft: 14 })).toBeNull();
  });
});
