/**
 * Dimensions as registrars write them: "12 x 20 x 5 cm", "H 12 cm x W 20 cm", "cm 12 x 20", "12,5 × 20 cm",
 * "26 1/4 in. x 40 in. (66.68 cm x 101.6 cm)" (the metric values are kept), "12" x 8"" (inches stay inches), and
 * several parts ("frame: 795 x 1660 x 112 mm; support, each: 241 x 203 mm": the first part gives the measurements,
 * the whole text is kept as the dimension summary). What cannot be read is kept whole as the summary.
 */

export type DimensionUnit = 'mm' | 'cm' | 'm' | 'in';

export interface Dimensions {
  height: number | null;
  width: number | null;
  depth: number | null;
  unit: DimensionUnit | null;
  /** The text as written, when the measurements alone do not say all of it (parts, two systems of units). */
  summary: string | null;
}

const FRACTIONS: Record<string, string> = { '¼': '1/4', '½': '1/2', '¾': '3/4', '⅛': '1/8', '⅜': '3/8', '⅝': '5/8', '⅞': '7/8', '⅓': '1/3', '⅔': '2/3' };

const UNITS: Record<string, DimensionUnit> = {
  mm: 'mm', millimetre: 'mm', millimetres: 'mm', millimeter: 'mm', millimeters: 'mm',
  cm: 'cm', cms: 'cm', centimetre: 'cm', centimetres: 'cm', centimeter: 'cm', centimeters: 'cm',
  m: 'm', metre: 'm', metres: 'm', meter: 'm', meters: 'm',
  in: 'in', inch: 'in', inches: 'in', '"': 'in', pouces: 'in', pulgadas: 'in', polegadas: 'in', zoll: 'in', duim: 'in', pollici: 'in',
};

/** Letters and words that say which measurement a number is, in the languages Storeroom speaks. */
const LABELS: Record<string, 'height' | 'width' | 'depth'> = {
  h: 'height', height: 'height', ht: 'height', hauteur: 'height', haut: 'height', höhe: 'height', hoehe: 'height', alto: 'height', altura: 'height', altezza: 'height', alt: 'height', hoogte: 'height',
  w: 'width', width: 'width', wd: 'width', largeur: 'width', larg: 'width', breite: 'width', b: 'width', br: 'width', ancho: 'width', anchura: 'width', largura: 'width', larghezza: 'width', breedte: 'width', amplada: 'width',
  d: 'depth', depth: 'depth', dp: 'depth', profondeur: 'depth', prof: 'depth', tiefe: 'depth', t: 'depth', fondo: 'depth', profundidad: 'depth', profundidade: 'depth', profondità: 'depth', profondita: 'depth', diepte: 'depth', profunditat: 'depth',
  l: 'depth', length: 'depth', longueur: 'depth', länge: 'depth', largo: 'depth', comprimento: 'depth', lunghezza: 'depth', lengte: 'depth',
};

/** Words that may stand in a measurement without changing it. */
const FILLERS = new Set(['approx', 'approximately', 'ca', 'c', 'circa', 'env', 'environ', 'aprox', 'aprox', 'etwa', 'ong', 'ongeveer', 'each', 'chacun', 'chaque', 'cada', 'je', 'elk', 'ciascuno', 'overall', 'max']);

type Token = { kind: 'number'; value: number } | { kind: 'unit'; unit: DimensionUnit } | { kind: 'label'; label: 'height' | 'width' | 'depth' } | { kind: 'by' };

/** The tokens of one measurement ("H 26 1/4 in. x W 40 in."), or null when a word in it is not understood. */
function tokens(text: string): Token[] | null {
  const out: Token[] = [];
  const re = /(\d+(?:[.,]\d+)?)(?:(?:\s+|\s*-\s*)(\d+)\s*\/\s*(\d+))?|(\d+)\s*\/\s*(\d+)|([\p{L}]+)\.?|(")|([x×X*])|([,;:/()=\-–])|\s+/uy;
  for (let at = 0; at < text.length; ) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || m[0].length === 0) return null;
    at = re.lastIndex;
    if (m[1] !== undefined) {
      let value = Number(m[1].replace(',', '.'));
      if (m[2] !== undefined) {
        const denominator = Number(m[3]);
        if (!denominator) return null;
        value += Number(m[2]) / denominator;
      }
      out.push({ kind: 'number', value });
    } else if (m[4] !== undefined) {
      const denominator = Number(m[5]);
      if (!denominator) return null;
      out.push({ kind: 'number', value: Number(m[4]) / denominator });
    } else if (m[6] !== undefined) {
      const word = m[6].toLowerCase();
      if (word === 'x') out.push({ kind: 'by' });
      else if (UNITS[word]) out.push({ kind: 'unit', unit: UNITS[word] });
      else if (LABELS[word]) out.push({ kind: 'label', label: LABELS[word] });
      else if (!FILLERS.has(word)) return null;
    } else if (m[7] !== undefined) out.push({ kind: 'unit', unit: 'in' });
    else if (m[8] !== undefined) out.push({ kind: 'by' });
  }
  return out;
}

interface Measured {
  height: number | null;
  width: number | null;
  depth: number | null;
  unit: DimensionUnit | null;
}

/** Up to three numbers with one unit (given once, before or after, or after each), labelled or in the order h × w × d. */
function measure(text: string): Measured | null {
  const list = tokens(text);
  if (!list) return null;
  const values: { value: number; label: Token & { kind: 'label' } | null }[] = [];
  const units = new Set<DimensionUnit>();
  let label: (Token & { kind: 'label' }) | null = null;
  for (const token of list) {
    if (token.kind === 'number') {
      if (!(token.value > 0)) return null;
      values.push({ value: token.value, label });
      label = null;
    } else if (token.kind === 'unit') units.add(token.unit);
    else if (token.kind === 'label') label = token;
  }
  if (values.length === 0 || values.length > 3 || units.size > 1) return null;
  const result: Measured = { height: null, width: null, depth: null, unit: [...units][0] ?? null };
  const order = ['height', 'width', 'depth'] as const;
  values.forEach((v, i) => {
    const key = v.label?.label ?? order[i]!;
    if (result[key] === null) result[key] = v.value;
  });
  // The same measurement labelled twice, or a number left over: not understood.
  if (values.filter((v) => v.label).length !== new Set(values.filter((v) => v.label).map((v) => v.label!.label)).size) return null;
  return result;
}

/** Inside "(...)": the other system's values, when they are metric. */
function metricAside(part: string): { main: string; metric: Measured | null } {
  const m = /^(.*?)\(([^()]*)\)\s*$/.exec(part);
  if (!m) return { main: part, metric: null };
  const aside = measure(m[2]!);
  return { main: m[1]!, metric: aside && aside.unit && aside.unit !== 'in' ? aside : null };
}

export function parseDimensions(input: string): Dimensions | null {
  const text = input.trim();
  if (!text) return null;
  const normalized = text
    .replace(/[¼½¾⅛⅜⅝⅞⅓⅔]/g, (f) => ` ${FRACTIONS[f]}`)
    .replace(/(\d)\s*(?:″|''|”|“)/g, '$1"')
    .replace(/(\d)\s*(?:[xX×*])\s*(?=\d)/g, '$1 x ');
  // Parts: "frame: …; support, each: …", one a line or separated by semicolons.
  const parts = normalized
    .split(/\s*(?:;|\r?\n|\|)\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
  const measured: Measured[] = [];
  let twoSystems = false;
  for (const part of parts) {
    const named = /^([\p{L}][\p{L}\s,.'’-]{0,40}?)\s*:\s*(.+)$/u.exec(part);
    const body = named ? named[2]! : part;
    const { main, metric } = metricAside(body);
    const own = measure(main);
    if (metric) twoSystems = true;
    const value = metric ?? own;
    if (!value) return { height: null, width: null, depth: null, unit: null, summary: text };
    measured.push(value);
  }
  const first = measured[0];
  if (!first) return { height: null, width: null, depth: null, unit: null, summary: text };
  const plain = measured.length === 1 && !twoSystems && !/:/.test(text);
  return { ...first, summary: plain ? null : text };
}
