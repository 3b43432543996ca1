import { AppError, LABEL_TEMPLATES, type CustomLabelTemplate, type LabelTemplate, type LabelTemplateName } from '../../contract';

/**
 * A label template: the page and where each label lies on it, in millimetres, plus how far from a label's edge its
 * content stays (`inset`: die-cut tolerance, the printer's unprintable edge on a roll, and room for a small shift).
 */
export interface Template extends LabelTemplate {
  inset: number;
  /** Corner radius of the die-cut label, for the calibration outline. */
  radius: number;
}

const A4 = { pageWidth: 210, pageHeight: 297 };
const LETTER = { pageWidth: 215.9, pageHeight: 279.4 };
const INCH = 25.4;

/** A sheet whose grid is centred on the page, as the manufacturer's margins put it. */
function centred(page: { pageWidth: number; pageHeight: number }, columns: number, rows: number, labelWidth: number, labelHeight: number, pitchX: number, pitchY: number) {
  const across = (columns - 1) * pitchX + labelWidth;
  const down = (rows - 1) * pitchY + labelHeight;
  return { ...page, columns, rows, labelWidth, labelHeight, pitchX, pitchY, marginLeft: round((page.pageWidth - across) / 2), marginTop: round((page.pageHeight - down) / 2) };
}

/** A roll label: one label per page at the label's size, laid out to read with its long side across (the print dialog turns it to the roll). */
function roll(width: number, height: number) {
  const across = Math.max(width, height);
  const down = Math.min(width, height);
  return { pageWidth: across, pageHeight: down, columns: 1, rows: 1, labelWidth: across, labelHeight: down, pitchX: across, pitchY: down, marginLeft: 0, marginTop: 0 };
}

const round = (mm: number) => Math.round(mm * 1000) / 1000;

/**
 * The built-in templates. Sources (the manufacturers' published dimensions):
 * - Avery L7160, L7163, L7651 (A4): Avery UK's template specifications, as printed on the packs and on avery.co.uk's
 *   template pages. L7160: 63.5 × 38.1 mm, 3 × 7, horizontal pitch 66.04 mm (2.54 mm gap), vertical pitch 38.1 mm,
 *   top margin 15.15 mm, side margin 7.21 mm. L7163: 99.1 × 38.1 mm, 2 × 7, horizontal pitch 101.6 mm, vertical pitch
 *   38.1 mm, top 15.15 mm, side 4.65 mm. L7651: 38.1 × 21.2 mm, 5 × 13, horizontal pitch 40.6 mm, vertical pitch 21.2 mm,
 *   top 10.7 mm, side 4.75 mm. In each, the margins are those of the grid centred on the sheet.
 * - Avery 5160 and 5163 (US Letter): Avery US's template specifications (avery.com). 5160: 2-5/8" × 1", 3 × 10,
 *   horizontal pitch 2-3/4", vertical pitch 1", top margin 1/2", side margin 3/16". 5163: 4" × 2", 2 × 5, horizontal
 *   pitch 4-3/16", vertical pitch 2", top margin 1/2", side margin 5/32".
 * - Dymo 11354 (multi-purpose, 57 × 32 mm) and 99012 (large address, 89 × 36 mm): Dymo's LabelWriter label sizes.
 * - Brother DK-11201 (standard address, 29 × 90 mm) and DK-11209 (small address, 29 × 62 mm): Brother's die-cut
 *   label specifications for the QL series.
 * The calibration page (labels.create with source "calibration") checks a printer against these; the per-catalogue
 * offset corrects one that shifts.
 */
const BUILT_IN: Record<LabelTemplateName, Omit<Template, 'name'>> = {
  'avery-l7160': { title: 'Avery L7160', kind: 'sheet', ...centred(A4, 3, 7, 63.5, 38.1, 66.04, 38.1), inset: 2, radius: 2.5 },
  'avery-l7163': { title: 'Avery L7163', kind: 'sheet', ...centred(A4, 2, 7, 99.1, 38.1, 101.6, 38.1), inset: 2, radius: 2.5 },
  'avery-l7651': { title: 'Avery L7651', kind: 'sheet', ...centred(A4, 5, 13, 38.1, 21.2, 40.6, 21.2), inset: 1.5, radius: 1.5 },
  'avery-5160': { title: 'Avery 5160', kind: 'sheet', ...centred(LETTER, 3, 10, 2.625 * INCH, 1 * INCH, 2.75 * INCH, 1 * INCH), inset: 1.8, radius: 1.6 },
  'avery-5163': { title: 'Avery 5163', kind: 'sheet', ...centred(LETTER, 2, 5, 4 * INCH, 2 * INCH, 4.1875 * INCH, 2 * INCH), inset: 2.5, radius: 3.2 },
  'dymo-11354': { title: 'Dymo 11354', kind: 'roll', ...roll(57, 32), inset: 2.5, radius: 2 },
  'dymo-99012': { title: 'Dymo 99012', kind: 'roll', ...roll(89, 36), inset: 2.5, radius: 2 },
  'brother-dk-11201': { title: 'Brother DK-11201', kind: 'roll', ...roll(29, 90), inset: 2, radius: 1.5 },
  'brother-dk-11209': { title: 'Brother DK-11209', kind: 'roll', ...roll(29, 62), inset: 2, radius: 1.5 },
};

export const builtInTemplates = (): Template[] => LABEL_TEMPLATES.map((name) => ({ name, ...BUILT_IN[name] }));

/** "L7160", "avery-l7160", "Avery L7160", "DK11201": the name in any case, with or without the maker. */
const simplify = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

export function findTemplate(name: string): Template | undefined {
  const wanted = simplify(name);
  return builtInTemplates().find((t) => simplify(t.name) === wanted || simplify(t.name.replace(/^[a-z]+-/, '')) === wanted);
}

/** Fits within a hundredth of a millimetre: published dimensions are rounded. */
const TOLERANCE = 0.01;

/** A custom sheet, checked: its labels must fit on the page and must not overlap. */
export function customTemplate(spec: CustomLabelTemplate): Template {
  const pitchX = spec.pitchX ?? spec.labelWidth;
  const pitchY = spec.pitchY ?? spec.labelHeight;
  const fmt = (mm: number) => String(round(mm));
  if (spec.columns > 1 && pitchX + TOLERANCE < spec.labelWidth) throw AppError.of('VALIDATION', 'labels.overlapAcross', { pitch: fmt(pitchX), size: fmt(spec.labelWidth) });
  if (spec.rows > 1 && pitchY + TOLERANCE < spec.labelHeight) throw AppError.of('VALIDATION', 'labels.overlapDown', { pitch: fmt(pitchY), size: fmt(spec.labelHeight) });
  const across = spec.marginLeft + (spec.columns - 1) * pitchX + spec.labelWidth;
  const down = spec.marginTop + (spec.rows - 1) * pitchY + spec.labelHeight;
  if (across > spec.pageWidth + TOLERANCE) throw AppError.of('VALIDATION', 'labels.tooWide', { needed: fmt(across), page: fmt(spec.pageWidth) });
  if (down > spec.pageHeight + TOLERANCE) throw AppError.of('VALIDATION', 'labels.tooTall', { needed: fmt(down), page: fmt(spec.pageHeight) });
  const smaller = Math.min(spec.labelWidth, spec.labelHeight);
  return {
    name: 'custom',
    title: `${fmt(spec.labelWidth)} × ${fmt(spec.labelHeight)} mm`,
    kind: 'custom',
    pageWidth: spec.pageWidth,
    pageHeight: spec.pageHeight,
    rows: spec.rows,
    columns: spec.columns,
    labelWidth: spec.labelWidth,
    labelHeight: spec.labelHeight,
    marginTop: spec.marginTop,
    marginLeft: spec.marginLeft,
    pitchX,
    pitchY,
    inset: Math.min(2, Math.max(0.5, smaller * 0.07)),
    radius: 0,
  };
}

/** The template a call names: a built-in one by name, or a custom sheet. */
export function resolveTemplate(template: string | CustomLabelTemplate): Template {
  if (typeof template !== 'string') return customTemplate(template);
  const found = findTemplate(template);
  if (!found) throw AppError.of('VALIDATION', 'labels.unknownTemplate', { template, templates: LABEL_TEMPLATES.join(', ') }, { template });
  return found;
}

export const perSheet = (t: Template) => t.rows * t.columns;

/** Where the label at `index` (0 is the top left, across then down) lies on its page, in millimetres. */
export function cell(t: Template, index: number): { x: number; y: number; width: number; height: number } {
  const column = index % t.columns;
  const row = Math.floor(index / t.columns) % t.rows;
  return { x: t.marginLeft + column * t.pitchX, y: t.marginTop + row * t.pitchY, width: t.labelWidth, height: t.labelHeight };
}

/** The template as the contract describes it. */
export const describeTemplate = (t: Template): LabelTemplate => ({
  name: t.name,
  title: t.title,
  kind: t.kind,
  pageWidth: round(t.pageWidth),
  pageHeight: round(t.pageHeight),
  rows: t.rows,
  columns: t.columns,
  labelWidth: round(t.labelWidth),
  labelHeight: round(t.labelHeight),
  marginTop: round(t.marginTop),
  marginLeft: round(t.marginLeft),
  pitchX: round(t.pitchX),
  pitchY: round(t.pitchY),
});
