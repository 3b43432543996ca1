import type PDFDocument from 'pdfkit';
import { existsSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { encode, symbolRects } from '../../labels/codes';
import { drawPdf, registerFonts } from '../../labels/draw';
import { labelFonts, type Weight } from '../../labels/fonts';
import { loadPdfDocument } from '../../labels/pdf-document';
import { TextShaper } from '../../labels/text';
import { APP_VERSION } from '../../version';

/** A4 portrait, in points. */
export const A4: [number, number] = [595.28, 841.89];
const MARGIN = 36;
const FOOTER = 22;

export interface TextStyle {
  size: number;
  weight?: Weight;
  color?: string;
}

/**
 * A printed document, page by page: text in any script (shaped as labels are, in the fonts bundled with the app),
 * wrapped to a width; rules, boxes, photos and QR codes; a footer on every page once all pages are known.
 */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  readonly shaper = new TextShaper(labelFonts());
  y = MARGIN;
  private pages = 0;

  /** A document written to `out`, pdfkit loaded first (see loadPdfDocument). */
  static async create(out: Writable, title: string): Promise<PdfWriter> {
    return new PdfWriter(await loadPdfDocument(), out, title);
  }

  private constructor(pdfDocument: typeof PDFDocument, out: Writable, title: string) {
    this.doc = new pdfDocument({
      size: A4,
      margin: 0,
      autoFirstPage: false,
      bufferPages: true,
      info: { Title: title, Creator: `Storeroom ${APP_VERSION}`, Producer: 'Storeroom (pdfkit)' },
    });
    this.doc.pipe(out);
    registerFonts(this.doc, labelFonts());
  }

  readonly left = MARGIN;
  get right(): number {
    return A4[0] - MARGIN;
  }
  get width(): number {
    return A4[0] - 2 * MARGIN;
  }
  get bottom(): number {
    return A4[1] - MARGIN - FOOTER;
  }
  get pageCount(): number {
    return this.pages;
  }

  newPage(): void {
    this.doc.addPage({ size: A4, margin: 0 });
    this.pages++;
    this.y = MARGIN;
  }

  /** Starts a new page unless `height` still fits on this one; true when it did. */
  ensure(height: number): boolean {
    if (this.pages > 0 && this.y + height <= this.bottom) return false;
    this.newPage();
    return true;
  }

  lineHeight(size: number): number {
    return size * 1.32;
  }

  /** The lines a text takes at a width, at most `maxLines` (the last shortened with an ellipsis). */
  wrap(text: string, style: TextStyle, width: number, maxLines = 50): string[] {
    return this.shaper.wrap(text, style.weight ?? 'regular', width / style.size, maxLines);
  }

  /** One line, its baseline at `baseline`; shortened to fit `width`. Right-to-left text is aligned right. Returns its width. */
  line(text: string, x: number, baseline: number, style: TextStyle, width = this.width, align: 'left' | 'right' | 'center' = 'left'): number {
    const weight = style.weight ?? 'regular';
    const fitted = this.shaper.ellipsize(text.normalize('NFC').replace(/\s+/g, ' ').trim(), weight, width / style.size);
    if (!fitted) return 0;
    const shaped = this.shaper.shape(fitted, weight);
    const w = shaped.width * style.size;
    const at = align === 'right' || (align === 'left' && shaped.rtl) ? x + width - w : align === 'center' ? x + (width - w) / 2 : x;
    this.doc.fillColor(style.color ?? '#000000');
    drawPdf(this.doc, [{ kind: 'text', x: at, y: baseline, size: style.size, weight, pieces: shaped.pieces, width: w, ascent: shaped.ascent * style.size, descent: shaped.descent * style.size }]);
    return w;
  }

  /** A text wrapped to a width, from the top `top`; returns the height it took. */
  block(text: string, x: number, top: number, style: TextStyle, width: number, maxLines = 50): number {
    const lines = this.wrap(text, style, width, maxLines);
    const lh = this.lineHeight(style.size);
    lines.forEach((l, i) => this.line(l, x, top + i * lh + style.size, style, width));
    return lines.length * lh;
  }

  /** Text flowing from the current position across the page's width, onto the next page when needed. */
  paragraph(text: string, style: TextStyle, indent = 0, after = 4): void {
    const lines = this.wrap(text, style, this.width - indent);
    const lh = this.lineHeight(style.size);
    for (const l of lines) {
      this.ensure(lh);
      this.line(l, this.left + indent, this.y + style.size, style, this.width - indent);
      this.y += lh;
    }
    this.y += after;
  }

  rule(y = this.y, color = '#adb5bd', width = 0.6, from = this.left, to = this.right): void {
    this.doc.save().lineWidth(width).strokeColor(color).moveTo(from, y).lineTo(to, y).stroke().restore();
  }

  rect(x: number, y: number, w: number, h: number, options: { stroke?: string; fill?: string; radius?: number; lineWidth?: number } = {}): void {
    this.doc.save();
    const shape = () => (options.radius ? this.doc.roundedRect(x, y, w, h, options.radius) : this.doc.rect(x, y, w, h));
    if (options.fill) {
      shape();
      this.doc.fillColor(options.fill).fill();
    }
    if (options.stroke) {
      shape();
      this.doc.lineWidth(options.lineWidth ?? 0.8).strokeColor(options.stroke).stroke();
    }
    this.doc.restore();
  }

  /** A QR code of `text`, `side` points wide, with its quiet zone inside that square. */
  qr(text: string, x: number, y: number, side: number): void {
    const symbol = encode('qr', text);
    if (symbol.kind !== 'matrix') return;
    const n = symbol.columns + 2 * symbol.quiet;
    const module = side / n;
    this.doc.fillColor('#000000');
    drawPdf(this.doc, [{ kind: 'rects', rects: symbolRects(symbol, x + symbol.quiet * module, y + symbol.quiet * module, module) }]);
  }

  /** A picture fitted into a box; nothing when the file is missing. */
  image(file: string | null, x: number, y: number, w: number, h: number): boolean {
    if (!file || !existsSync(file)) return false;
    try {
      this.doc.image(file, x, y, { fit: [w, h], align: 'center', valign: 'center' });
      return true;
    } catch {
      // A picture pdfkit cannot read is left out.
      return false;
    }
  }

  /** Writes a footer on every page (its text from the page's number and the count), then ends the document. */
  finish(footer: (page: number, pages: number) => { left: string; right: string }): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const { left, right } = footer(i + 1, range.count);
      const baseline = A4[1] - MARGIN + 4;
      this.rule(A4[1] - MARGIN - 10, '#ced4da', 0.5);
      this.line(left, this.left, baseline, { size: 7.5, color: '#495057' }, this.width * 0.7);
      this.line(right, this.left + this.width * 0.7, baseline, { size: 7.5, color: '#495057' }, this.width * 0.3, 'right');
    }
    this.doc.end();
  }
}
