import bidiFactory from 'bidi-js';
import type { FontSet, LabelFont, Weight } from './fonts';

/**
 * Text on a label: shaped (each character in a font that has it, right-to-left runs in visual order), measured,
 * wrapped at the places a line may break, and shortened with an ellipsis when it still does not fit.
 * Widths are in ems until multiplied by the font size; a line's pieces are drawn left to right, one after another.
 */

/** A stretch of a line in one font and one direction, in the order it is drawn. */
export interface Piece {
  font: LabelFont;
  /** The characters, in logical order; a right-to-left piece is laid out (and reversed) by fontkit itself. */
  text: string;
  rtl: boolean;
  /** Advance width in ems. */
  width: number;
}

export interface ShapedLine {
  pieces: Piece[];
  /** In ems. */
  width: number;
  /** The tallest ascent and deepest descent of the fonts used, in ems. */
  ascent: number;
  descent: number;
  /** The paragraph reads right to left: the line is aligned right. */
  rtl: boolean;
}

const bidi = bidiFactory();
const RTL_CHARS = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]|\uD802[\uDC00-\uDFFF]|\uD83A[\uDC00-\uDFFF]/;
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
export const ELLIPSIS = '…';

/** Unicode general category Mark: a combining mark stays in its base character's font. */
const MARK = /\p{M}/u;

export class TextShaper {
  /** Width of a chunk of text in one font, in ems; pdfkit lays out (and caches) the same chunks. */
  private readonly widths = new Map<string, number>();
  private readonly lines = new Map<string, ShapedLine>();

  constructor(readonly fonts: FontSet) {}

  private chunkWidth(font: LabelFont, text: string, rtl: boolean): number {
    const key = `${font.key}${rtl ? 'r' : 'l'}${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      width = font.font.layout(text, rtl ? [] : undefined).advanceWidth / font.unitsPerEm;
      if (this.widths.size > 50_000) this.widths.clear();
      this.widths.set(key, width);
    }
    return width;
  }

  /** As pdfkit measures and draws a left-to-right piece: word by word, each with the spaces after it. */
  private pieceWidth(font: LabelFont, text: string, rtl: boolean): number {
    if (rtl) return this.chunkWidth(font, text, true);
    let width = 0;
    let last = 0;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === ' ' || text[i] === '\t') {
        width += this.chunkWidth(font, text.slice(last, i + 1), false);
        last = i + 1;
      }
    }
    if (last < text.length) width += this.chunkWidth(font, text.slice(last), false);
    return width;
  }

  /** Splits a run (one direction) into pieces by the font each character needs. */
  private byFont(text: string, weight: Weight, rtl: boolean): Piece[] {
    const pieces: Piece[] = [];
    let current: { font: LabelFont; text: string } | null = null;
    for (const char of text) {
      const codePoint = char.codePointAt(0)!;
      const keep: boolean = current !== null && (MARK.test(char) || char === ' ') && current.font.font.hasGlyphForCodePoint(codePoint);
      const font: LabelFont = keep ? current!.font : this.fonts.fontFor(codePoint, weight);
      if (current && current.font === font) current.text += char;
      else {
        if (current) pieces.push({ ...current, rtl, width: 0 });
        current = { font, text: char };
      }
    }
    if (current) pieces.push({ ...current, rtl, width: 0 });
    for (const piece of pieces) {
      // Within a right-to-left run, a piece with no right-to-left letters (brackets, dashes in another font) is
      // reversed here; fontkit reverses the others itself.
      if (rtl && !RTL_CHARS.test(piece.text)) {
        piece.text = [...piece.text].reverse().join('');
        piece.rtl = false;
      }
      piece.width = this.pieceWidth(piece.font, piece.text, piece.rtl);
    }
    return rtl ? pieces.reverse() : pieces;
  }

  /** One line, shaped: its pieces in drawing order and its width. */
  shape(text: string, weight: Weight): ShapedLine {
    const key = `${weight}${text}`;
    const cached = this.lines.get(key);
    if (cached) return cached;
    let pieces: Piece[];
    let rtl = false;
    if (!RTL_CHARS.test(text)) {
      pieces = this.byFont(text, weight, false);
    } else {
      const levels = bidi.getEmbeddingLevels(text, 'auto');
      rtl = (levels.paragraphs[0]?.level ?? 0) % 2 === 1;
      const mirrored = bidi.getMirroredCharactersMap(text, levels.levels);
      // Runs of one level, in logical order, then put in visual order by the rule for reordering levels (UAX #9, L2).
      const runs: { text: string; level: number }[] = [];
      for (let i = 0; i < text.length; ) {
        const level = levels.levels[i]!;
        let j = i;
        let run = '';
        for (; j < text.length && levels.levels[j] === level; j++) run += mirrored.get(j) ?? text[j];
        runs.push({ text: run, level });
        i = j;
      }
      const highest = Math.max(...runs.map((r) => r.level));
      const lowestOdd = Math.min(...runs.map((r) => r.level).filter((l) => l % 2 === 1), highest + 1);
      for (let level = highest; level >= lowestOdd; level--) {
        for (let i = 0; i < runs.length; ) {
          if (runs[i]!.level < level) {
            i++;
            continue;
          }
          let j = i;
          while (j < runs.length && runs[j]!.level >= level) j++;
          runs.splice(i, j - i, ...runs.slice(i, j).reverse());
          i = j;
        }
      }
      pieces = runs.flatMap((run) => this.byFont(run.text, weight, run.level % 2 === 1));
    }
    const shaped: ShapedLine = {
      pieces,
      width: pieces.reduce((sum, p) => sum + p.width, 0),
      ascent: Math.max(...pieces.map((p) => p.font.ascent), this.fonts.fontFor(0x41, weight).ascent),
      descent: Math.max(...pieces.map((p) => p.font.descent), this.fonts.fontFor(0x41, weight).descent),
      rtl,
    };
    if (this.lines.size > 20_000) this.lines.clear();
    this.lines.set(key, shaped);
    return shaped;
  }

  width(text: string, weight: Weight): number {
    return this.shape(text, weight).width;
  }

  /** The line height of a text in ems: the tallest ascent and deepest descent of the fonts its characters need. */
  lineHeight(text: string, weight: Weight): { ascent: number; descent: number } {
    const base = this.fonts.fontFor(0x41, weight);
    let ascent = base.ascent;
    let descent = base.descent;
    for (const char of text) {
      const font = this.fonts.fontFor(char.codePointAt(0)!, weight);
      ascent = Math.max(ascent, font.ascent);
      descent = Math.max(descent, font.descent);
    }
    return { ascent, descent };
  }

  /**
   * Wraps text into lines no wider than `maxWidth` ems, at most `maxLines` of them; the last is shortened with an
   * ellipsis when text remains. A word wider than a line is broken between its characters.
   */
  wrap(text: string, weight: Weight, maxWidth: number, maxLines: number, breakAfter: RegExp = BREAK_AFTER): string[] {
    const clean = text.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (maxLines < 1 || clean === '') return [];
    const queue = breakUnits(clean, breakAfter);
    const lines: string[] = [];
    let current = '';
    let last = '';
    const fits = (line: string) => this.width(line.trimEnd(), weight) <= maxWidth;
    while (queue.length > 0) {
      const unit = queue.shift()!;
      if (fits(current + unit)) {
        current += unit;
        continue;
      }
      if (current.trim() !== '') {
        lines.push(current.trimEnd());
        last = current;
        current = '';
        if (lines.length === maxLines) {
          queue.unshift(unit);
          break;
        }
      }
      const alone = unit.trimStart();
      if (fits(alone)) {
        current = alone;
        continue;
      }
      // A word wider than the line: broken between its characters.
      const parts = [...graphemes.segment(alone)].map((g) => g.segment);
      if (parts.length > 1) queue.unshift(...parts);
      else {
        // One character wider than the line: it cannot be shown.
        lines.push(this.ellipsize(alone, weight, maxWidth));
        last = alone;
        if (lines.length === maxLines) break;
      }
    }
    if (lines.length < maxLines) {
      if (current.trim() !== '') lines.push(current.trimEnd());
      return lines;
    }
    const remaining = current + queue.join('');
    if (remaining.trim() === '') return lines;
    lines[lines.length - 1] = this.ellipsize((last + remaining).trim(), weight, maxWidth);
    return lines;
  }

  /** The text, cut at the end and given an ellipsis so that it fits; just the ellipsis (or nothing) when nothing else does. */
  ellipsize(text: string, weight: Weight, maxWidth: number): string {
    if (this.width(text, weight) <= maxWidth) return text;
    const parts = [...graphemes.segment(text)].map((s) => s.segment);
    // Longest prefix that fits with the ellipsis: a binary search, since widths grow with the prefix.
    let low = 0;
    let high = parts.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (this.width(parts.slice(0, mid).join('').trimEnd() + ELLIPSIS, weight) <= maxWidth) low = mid;
      else high = mid - 1;
    }
    const cut = parts.slice(0, low).join('').trimEnd();
    if (cut === '' && this.width(ELLIPSIS, weight) > maxWidth) return '';
    return cut + ELLIPSIS;
  }
}

/** Where a line may break: after a space, a hyphen, a slash or a full stop (numbers such as 2019.3.12 wrap there). */
export const BREAK_AFTER = /[\s\-‐–—/_.,;:)\]]/;
/** Chinese, Japanese: a line may break between any two characters (not before closing punctuation). */
const CJK = /[\u2E80-\u2FFF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFF60]/;
const NO_BREAK_BEFORE = /[、。，．）」』！？：；ー々〉》】〕]/;
const NO_BREAK_AFTER = /[（「『〈《【〔]/;

/** The text cut into pieces between the places a line may break; joined they give the text back. */
export function breakUnits(text: string, breakAfter: RegExp = BREAK_AFTER): string[] {
  const units: string[] = [];
  let current = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    const next = chars[i + 1];
    current += char;
    if (next === undefined) break;
    const breakHere =
      (breakAfter.test(char) && !/\s/.test(next)) ||
      ((CJK.test(char) || CJK.test(next)) && !NO_BREAK_BEFORE.test(next) && !NO_BREAK_AFTER.test(char) && !/\s/.test(next));
    if (breakHere) {
      units.push(current);
      current = '';
    }
  }
  if (current) units.push(current);
  return units;
}
