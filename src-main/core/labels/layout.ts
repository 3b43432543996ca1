import { AppError, keyedMessage, type LabelCode, type Translatable } from '../../contract';
import { encode, fitsCode128Charset, symbolRects, type CodeSymbol } from './codes';
import type { Weight } from './fonts';
import type { Piece, TextShaper } from './text';
import type { Template } from './templates';

/** Points per millimetre: the PDF's unit is the point (1/72 inch). */
export const PT = 72 / 25.4;

/** What one label says. */
export interface LabelItem {
  /** The object number or location code: printed large, and what the code holds. */
  primary: string;
  name: string;
  /** For a location: its type, as the reader calls it. */
  detail?: string;
}

/** A line of text: its pieces, drawn one after another from x, on the baseline y (points). */
export interface TextOp {
  kind: 'text';
  x: number;
  y: number;
  size: number;
  weight: Weight;
  pieces: Piece[];
  /** The line's box, for checks: from y - ascent to y + descent, x to x + width. */
  width: number;
  ascent: number;
  descent: number;
}

/** Filled rectangles [x, y, width, height, ...] (points): the code's modules or bars. */
export interface RectsOp {
  kind: 'rects';
  rects: number[];
}

export type DrawOp = TextOp | RectsOp;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Smallest module of a 2D code, and narrowest bar of Code 128, that print and scan reliably (mm). */
export const MIN_MODULE_2D = 0.3;
export const MIN_BAR = 0.25;
/** Largest 2D code on a label (mm): beyond this the label's words get the room. */
const MAX_2D = 22;
/** Between the code and the text (mm). */
const GAP = 1.5;
/** How far Code 128's quiet zone may reach towards the label's edge (mm): die-cut and printer tolerance. */
const EDGE = 0.6;

const LARGEST_PRIMARY = 28;
const SMALLEST_PRIMARY = 5;
const SMALLEST_SECONDARY = 4.5;

export interface LaidOutLabel {
  ops: DrawOp[];
  /** Code 128 would not fit or hold this text: a QR code was used instead. */
  switchedToQr: boolean;
}

/**
 * Lays one label out in its cell (points): the code, and the text in the room left: the number or code as large as
 * fits on one line, then the name wrapped below it (shortened with an ellipsis on its last line), then the type.
 * Nothing is placed outside the cell less its inset.
 */
export function layoutLabel(shaper: TextShaper, template: Template, cell: Box, item: LabelItem, code: LabelCode): LaidOutLabel {
  const inset = template.inset * PT;
  const content: Box = { x: cell.x + inset, y: cell.y + inset, width: cell.width - 2 * inset, height: cell.height - 2 * inset };
  const ops: DrawOp[] = [];
  let switchedToQr = false;
  let textBox: Box;

  let symbol: CodeSymbol | null = null;
  if (code === 'code128') {
    const bars = fitsCode128Charset(item.primary) ? encode('code128', item.primary) : null;
    const span = cell.width - 2 * EDGE * PT;
    const module = bars && bars.kind === 'bars' ? span / (bars.modules + 2 * bars.quiet) : 0;
    if (bars && bars.kind === 'bars' && module >= MIN_BAR * PT) {
      const height = Math.min(Math.max(content.height * 0.36, 4 * PT), 14 * PT);
      // Narrow bars look better at a whole width, and the code need not fill the label.
      const x = cell.x + (cell.width - bars.modules * module) / 2;
      const y = content.y + content.height - height;
      ops.push({ kind: 'rects', rects: symbolRects(bars, x, y, module, height) });
      textBox = { x: content.x, y: content.y, width: content.width, height: content.height - height - GAP * PT };
    } else {
      switchedToQr = true;
      symbol = encode('qr', item.primary);
    }
  } else {
    symbol = encode(code, item.primary);
  }
  if (symbol && symbol.kind === 'matrix') {
    const landscape = content.width >= 1.25 * content.height;
    const n = Math.max(symbol.columns, symbol.rows);
    // The quiet zone (white all round the code, as its standard asks) lies within the label itself: a label stuck
    // on a dark box still scans. It may reach into the inset, not past the label's edge.
    const within = (room: number) => room / (1 + (2 * symbol!.quiet) / n);
    const side = landscape
      ? Math.min(content.height, content.width * 0.4, MAX_2D * PT, within(cell.height))
      : Math.min(content.width, content.height * 0.55, MAX_2D * PT, within(cell.width));
    const module = side / n;
    if (module < MIN_MODULE_2D * PT) throw AppError.of('VALIDATION', 'labels.codeDoesNotFit', { label: item.primary }, { label: item.primary });
    const quiet = symbol.quiet * module;
    const edge = Math.max(inset, quiet);
    const gap = Math.max(GAP * PT, quiet);
    if (landscape) {
      const x = cell.x + edge;
      ops.push({ kind: 'rects', rects: symbolRects(symbol, x, cell.y + (cell.height - side) / 2, module) });
      const textX = x + side + gap;
      textBox = { x: textX, y: content.y, width: content.x + content.width - textX, height: content.height };
    } else {
      const y = cell.y + edge;
      ops.push({ kind: 'rects', rects: symbolRects(symbol, cell.x + (cell.width - side) / 2, y, module) });
      const textY = y + side + gap;
      textBox = { x: content.x, y: textY, width: content.width, height: content.y + content.height - textY };
    }
  }
  ops.push(...layoutText(shaper, textBox!, item));
  return { ops, switchedToQr };
}

interface Block {
  text: string;
  weight: Weight;
  size: number;
  lines: string[];
}

/** The text of a label in its box: sizes chosen so that the number is large and the name still gets its lines. */
export function layoutText(shaper: TextShaper, box: Box, item: LabelItem): TextOp[] {
  if (box.width <= 0 || box.height <= 0) return [];
  const primary = item.primary.normalize('NFC');
  const em = (weight: Weight, text: string) => {
    const { ascent, descent } = shaper.lineHeight(text, weight);
    return ascent + descent;
  };
  const primaryEm = em('bold', primary);
  const nameEm = em('regular', item.name);
  const detailEm = item.detail ? em('regular', item.detail) : 0;
  const primaryWidth = shaper.width(primary, 'bold');

  const fitted = (size: number, needed: number): Block[] | null => {
    const secondary = Math.min(10.5, Math.max(SMALLEST_SECONDARY, size * 0.55));
    const detailSize = secondary * 0.9;
    const room = box.height - size * primaryEm - (item.detail ? detailSize * detailEm : 0);
    if (primaryWidth * size > box.width || room < 0) return null;
    const nameLines = Math.max(0, Math.floor(room / (secondary * nameEm) + 1e-6));
    const wanted = item.name.trim() === '' ? 0 : shaper.wrap(item.name, 'regular', box.width / secondary, needed).length;
    if (nameLines < wanted) return null;
    const blocks: Block[] = [{ text: primary, weight: 'bold', size, lines: [primary] }];
    if (nameLines > 0) blocks.push({ text: item.name, weight: 'regular', size: secondary, lines: shaper.wrap(item.name, 'regular', box.width / secondary, nameLines) });
    if (item.detail) blocks.push({ text: item.detail, weight: 'regular', size: detailSize, lines: [shaper.ellipsize(item.detail, 'regular', box.width / detailSize)] });
    return blocks;
  };

  // The largest size (in quarter points) at which the number fits on one line and the name gets up to two lines.
  // Smaller sizes leave more room, so the search can halve its range each time.
  const largest = Math.min(LARGEST_PRIMARY, box.height / (primaryEm * 1.9), box.width / Math.max(primaryWidth, 0.01));
  let blocks: Block[] | null = null;
  // First with room for two lines of the name; on a label too small for that, one.
  for (const needed of [2, 1]) {
    let low = Math.ceil(SMALLEST_PRIMARY * 4);
    let high = Math.floor(largest * 4);
    while (low <= high) {
      const mid = Math.floor((low + high) / 2);
      const found = fitted(mid / 4, needed);
      if (found) {
        blocks = found;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (blocks) break;
  }
  if (!blocks) blocks = smallest(shaper, box, item, primary, primaryEm, nameEm, detailEm);
  return place(shaper, box, blocks);
}

/** The number does not fit on one line even at the smallest size: it wraps (then shortens), and the name takes what is left. */
function smallest(shaper: TextShaper, box: Box, item: LabelItem, primary: string, primaryEm: number, nameEm: number, detailEm: number): Block[] {
  const size = SMALLEST_PRIMARY;
  const secondary = SMALLEST_SECONDARY;
  const detailSize = secondary * 0.9;
  const detailRoom = item.detail ? detailSize * detailEm : 0;
  const primaryMax = Math.max(1, Math.floor((box.height - detailRoom) / (size * primaryEm) + 1e-6));
  const primaryLines = shaper.wrap(primary, 'bold', box.width / size, Math.min(primaryMax, 3));
  const blocks: Block[] = [{ text: primary, weight: 'bold', size, lines: primaryLines }];
  const room = box.height - primaryLines.length * size * primaryEm - detailRoom;
  const nameLines = Math.max(0, Math.floor(room / (secondary * nameEm) + 1e-6));
  if (nameLines > 0) blocks.push({ text: item.name, weight: 'regular', size: secondary, lines: shaper.wrap(item.name, 'regular', box.width / secondary, nameLines) });
  if (item.detail && box.height - primaryLines.length * size * primaryEm >= detailRoom) {
    blocks.push({ text: item.detail, weight: 'regular', size: detailSize, lines: [shaper.ellipsize(item.detail, 'regular', box.width / detailSize)] });
  }
  return blocks;
}

/** The blocks stacked and centred vertically in the box; each line starts at the box's left (right, for right-to-left text). */
function place(shaper: TextShaper, box: Box, blocks: Block[]): TextOp[] {
  const lines = blocks.flatMap((block) =>
    block.lines
      .filter((line) => line !== '')
      .map((line) => {
        const shaped = shaper.shape(line, block.weight);
        return { block, shaped, ascent: shaped.ascent * block.size, descent: shaped.descent * block.size };
      }),
  );
  const total = lines.reduce((sum, l) => sum + l.ascent + l.descent, 0);
  let y = box.y + Math.max(0, (box.height - total) / 2);
  return lines.map(({ block, shaped, ascent, descent }) => {
    const width = shaped.width * block.size;
    const x = shaped.rtl ? box.x + box.width - width : box.x;
    const op: TextOp = { kind: 'text', x, y: y + ascent, size: block.size, weight: block.weight, pieces: shaped.pieces, width, ascent, descent };
    y += ascent + descent;
    return op;
  });
}

/** The notice for labels that got a QR code instead of Code 128, naming a few of them. */
export function switchedNotice(labels: string[], total: number): Translatable {
  const examples = labels.slice(0, 5).join(', ') + (total > 5 ? ', …' : '');
  return keyedMessage('labels.switchedToQr', { labels: total, examples });
}
