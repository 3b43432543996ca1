import type * as Fontkit from 'fontkit';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The fonts labels are printed in, bundled with the app and never fetched: Noto Sans (Latin with its accents,
 * Vietnamese, Greek, Cyrillic, Devanagari) and Noto Sans Arabic, from the @fontsource packages (SIL Open Font
 * Licence, in their folders), then Droid Sans Fallback for Chinese, Japanese and Korean (Apache 2.0, in
 * resources/fonts). Each is a slice of its family by script; a character takes the first font that has it, and
 * pdfkit (through fontkit) embeds only the glyphs used. The WOFF (not WOFF2) files are read: fontkit cannot
 * subset a WOFF2 font's transformed glyph table.
 */
export type Weight = 'regular' | 'bold';

export interface LabelFont {
  /** A name unique to this file, as pdfkit registers it. */
  key: string;
  file: string;
  font: Fontkit.Font;
  /** Font units per em. */
  unitsPerEm: number;
  /** Above and below the baseline, in ems (both positive), as PDF readers take them for a line's box. */
  ascent: number;
  descent: number;
}

const NOTO_SLICES = ['latin', 'latin-ext', 'vietnamese', 'greek', 'greek-ext', 'cyrillic', 'cyrillic-ext', 'devanagari'];
const CJK_FILE = 'DroidSansFallback.ttf';

/** resources/fonts, found from here whether this runs from the sources (tests) or from the build (out/main). */
function resourcesFontDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources', 'fonts');
    if (existsSync(join(candidate, CJK_FILE))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`Storeroom's label fonts are missing: resources/fonts/${CJK_FILE} was not found.`);
}

function fontFiles(weight: Weight): string[] {
  const require = createRequire(import.meta.url);
  const w = weight === 'bold' ? 700 : 400;
  return [
    ...NOTO_SLICES.map((slice) => require.resolve(`@fontsource/noto-sans/files/noto-sans-${slice}-${w}-normal.woff`)),
    require.resolve(`@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-${w}-normal.woff`),
    join(resourcesFontDir(), CJK_FILE),
  ];
}

/** fontkit, loaded with the first font read (making a PDF, with pdfkit, which loads it too): not at every start. */
const fontkit = (): typeof Fontkit => createRequire(import.meta.url)('fontkit') as typeof Fontkit;

function open(file: string, key: string): LabelFont {
  const font = fontkit().create(readFileSync(file)) as Fontkit.Font;
  return { key, file, font, unitsPerEm: font.unitsPerEm, ascent: font.ascent / font.unitsPerEm, descent: Math.abs(font.descent) / font.unitsPerEm };
}

/** Fonts in the order a character looks for its glyph, per weight. Read once per process: they never change. */
export class FontSet {
  private readonly stacks: Record<Weight, LabelFont[]>;
  private readonly choice = new Map<string, LabelFont>();

  constructor() {
    const opened = new Map<string, LabelFont>();
    const stack = (weight: Weight) =>
      fontFiles(weight).map((file) => {
        let font = opened.get(file);
        if (!font) {
          font = open(file, `f${opened.size}`);
          opened.set(file, font);
        }
        return font;
      });
    this.stacks = { regular: stack('regular'), bold: stack('bold') };
  }

  /** Every font, each once: what a PDF registers. */
  all(): LabelFont[] {
    return [...new Set([...this.stacks.regular, ...this.stacks.bold])];
  }

  /** The first font of the weight that draws this character; the first font (its missing-glyph box) when none does. */
  fontFor(codePoint: number, weight: Weight): LabelFont {
    const cacheKey = `${weight}${codePoint}`;
    let found = this.choice.get(cacheKey);
    if (!found) {
      const stack = this.stacks[weight];
      found = stack.find((f) => f.font.hasGlyphForCodePoint(codePoint)) ?? stack[0]!;
      this.choice.set(cacheKey, found);
    }
    return found;
  }

  /** True when some font has this character. */
  covers(codePoint: number, weight: Weight): boolean {
    return this.stacks[weight].some((f) => f.font.hasGlyphForCodePoint(codePoint));
  }
}

let shared: FontSet | null = null;

/** The process's one set of label fonts, opened at first use. */
export function labelFonts(): FontSet {
  shared ??= new FontSet();
  return shared;
}
