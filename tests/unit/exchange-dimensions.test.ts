import { describe, expect, it } from 'vitest';
import { parseDimensions } from '../../src-main/core/exchange/dimensions';

describe('dimensions as registrars write them', () => {
  const cases: [string, object][] = [
    ['12 x 20 x 5 cm', { height: 12, width: 20, depth: 5, unit: 'cm', summary: null }],
    ['12×20 cm', { height: 12, width: 20, depth: null, unit: 'cm', summary: null }],
    ['cm 12 x 20', { height: 12, width: 20, unit: 'cm', summary: null }],
    ['H 12 cm x W 20 cm', { height: 12, width: 20, unit: 'cm', summary: null }],
    ['12,5 x 20 x 3,25 cm', { height: 12.5, width: 20, depth: 3.25, unit: 'cm' }],
    ['12" x 8"', { height: 12, width: 8, unit: 'in', summary: null }],
    ['12 in. x 8 in.', { height: 12, width: 8, unit: 'in' }],
    ['26 1/4 in. x 40 in. (66.68 cm x 101.6 cm)', { height: 66.68, width: 101.6, depth: null, unit: 'cm', summary: '26 1/4 in. x 40 in. (66.68 cm x 101.6 cm)' }],
    ['26 1/4 x 40 in.', { height: 26.25, width: 40, unit: 'in' }],
    ['10 ½ x 8 ¼ in', { height: 10.5, width: 8.25, unit: 'in' }],
    ['frame: 795 x 1660 x 112 mm; support, each: 241 x 203 mm', { height: 795, width: 1660, depth: 112, unit: 'mm', summary: 'frame: 795 x 1660 x 112 mm; support, each: 241 x 203 mm' }],
    ['sheet: 30 x 40 cm\nimage: 20 x 25 cm', { height: 30, width: 40, unit: 'cm' }],
    ['h. 30 cm; w. 20 cm', { height: 30, unit: 'cm' }],
    ['Höhe 30 cm, Breite 20 cm', { height: 30, width: 20, unit: 'cm' }],
    ['approx. 30 x 20 cm', { height: 30, width: 20, unit: 'cm' }],
    ['120', { height: 120, width: null, unit: null, summary: null }],
  ];
  for (const [text, expected] of cases) it(text, () => expect(parseDimensions(text)).toMatchObject(expected));

  it('keeps what it cannot read as the summary, with no measurements', () => {
    for (const text of ['see file', 'Ø 12 cm and a lid', '3 ft 2 in', '1 x 2 x 3 x 4 cm', '12 cm x 8 in']) {
      expect(parseDimensions(text), text).toEqual({ height: null, width: null, depth: null, unit: null, summary: text });
    }
    expect(parseDimensions('  ')).toBeNull();
  });
});
