import type { FontSet } from './fonts';
import type { Box, DrawOp } from './layout';
import { PT } from './layout';
import type { Template } from './templates';
import { cell } from './templates';

/**
 * Drawing a laid-out page: into pdfkit for the PDF, or as SVG for the preview. Both take the same operations, and
 * the SVG draws each glyph from the same font, laid out by fontkit as pdfkit lays it out, so the preview is the print.
 */

const n = (v: number) => (Math.round(v * 1000) / 1000).toString();

export function registerFonts(doc: PDFKit.PDFDocument, fonts: FontSet): void {
  for (const f of fonts.all()) doc.registerFont(f.key, f.file);
}

/** Draws operations into the current page of a pdfkit document (its user space: points, y down). */
export function drawPdf(doc: PDFKit.PDFDocument, ops: DrawOp[]): void {
  for (const op of ops) {
    if (op.kind === 'rects') {
      let path = '';
      for (let i = 0; i < op.rects.length; i += 4) path += `${n(op.rects[i]!)} ${n(op.rects[i + 1]!)} ${n(op.rects[i + 2]!)} ${n(op.rects[i + 3]!)} re\n`;
      if (path) doc.addContent(`${path}f`);
      continue;
    }
    let x = op.x;
    doc.fontSize(op.size);
    for (const piece of op.pieces) {
      doc.font(piece.font.key).text(piece.text, x, op.y, { lineBreak: false, baseline: 'alphabetic', ...(piece.rtl ? { features: [] } : {}) });
      x += piece.width * op.size;
    }
  }
}

/** The calibration page's drawing: each label's outline with its number and a cross at its centre. */
export function drawCalibrationPdf(doc: PDFKit.PDFDocument, template: Template, fonts: FontSet, caption: string): void {
  const regular = fonts.fontFor(0x41, 'regular').key;
  doc.lineWidth(0.5).strokeColor('black');
  for (let i = 0; i < template.rows * template.columns; i++) {
    const c = cell(template, i);
    const box: Box = { x: c.x * PT, y: c.y * PT, width: c.width * PT, height: c.height * PT };
    doc.roundedRect(box.x, box.y, box.width, box.height, template.radius * PT).stroke();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const arm = Math.min(box.width, box.height) * 0.12;
    doc.moveTo(cx - arm, cy).lineTo(cx + arm, cy).moveTo(cx, cy - arm).lineTo(cx, cy + arm).stroke();
    const size = Math.min(9, box.height * 0.18);
    doc.font(regular).fontSize(size).text(String(i + 1), box.x + template.inset * PT, box.y + template.inset * PT + size, { lineBreak: false, baseline: 'alphabetic' });
  }
  const room = template.kind === 'roll' ? 0 : Math.max(template.marginTop, template.pageHeight - template.marginTop - (template.rows - 1) * template.pitchY - template.labelHeight);
  if (room >= 5) {
    const atTop = template.marginTop >= 5;
    const y = atTop ? (template.marginTop / 2) * PT + 3 : (template.pageHeight - room / 2) * PT + 3;
    doc.font(regular).fontSize(8).text(caption, Math.max(template.marginLeft, 5) * PT, y, { lineBreak: false, baseline: 'alphabetic' });
  }
}

/** An SVG of one page, for the preview: text as the glyph outlines it prints with. */
export class SvgPage {
  private readonly defs = new Map<string, string>();
  private readonly body: string[] = [];

  constructor(private readonly template: Template) {}

  private glyph(fontKey: string, glyph: { id: number; path: { toSVG(): string } }): string {
    const id = `${fontKey}g${glyph.id}`;
    if (!this.defs.has(id)) this.defs.set(id, `<path id="${id}" d="${glyph.path.toSVG()}"/>`);
    return id;
  }

  /** A label's outline (light), or a used-up label on a partly used sheet (shaded). */
  outline(box: Box, used = false): void {
    const r = this.template.radius * PT;
    this.body.push(
      `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="${n(r)}" fill="${used ? '#e9ecef' : 'white'}" stroke="#adb5bd" stroke-width="0.6"${used ? ' stroke-dasharray="2 2"' : ''}/>`,
    );
  }

  /** What the calibration page prints for a label (its outline and a cross at its centre), where the offset puts it. */
  calibrationMarks(box: Box): void {
    const r = this.template.radius * PT;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const arm = Math.min(box.width, box.height) * 0.12;
    this.body.push(
      `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="${n(r)}" fill="none" stroke="black" stroke-width="0.5"/>` +
        `<path d="M${n(cx - arm)} ${n(cy)}H${n(cx + arm)}M${n(cx)} ${n(cy - arm)}V${n(cy + arm)}" stroke="black" stroke-width="0.5"/>`,
    );
  }

  draw(ops: DrawOp[]): void {
    for (const op of ops) {
      if (op.kind === 'rects') {
        let d = '';
        for (let i = 0; i < op.rects.length; i += 4) d += `M${n(op.rects[i]!)} ${n(op.rects[i + 1]!)}h${n(op.rects[i + 2]!)}v${n(op.rects[i + 3]!)}h${n(-op.rects[i + 2]!)}z`;
        if (d) this.body.push(`<path d="${d}"/>`);
        continue;
      }
      let x = op.x;
      for (const piece of op.pieces) {
        const font = piece.font;
        const scale = op.size / font.unitsPerEm;
        // As pdfkit: a left-to-right piece word by word (each with its spaces), a right-to-left one whole.
        const chunks = piece.rtl ? [piece.text] : (piece.text.match(/[^ \t]*[ \t]*/g) ?? []).filter(Boolean);
        let pen = x;
        for (const chunk of chunks) {
          const run = font.font.layout(chunk, piece.rtl ? [] : undefined);
          run.glyphs.forEach((glyph, i) => {
            const p = run.positions[i]!;
            const id = this.glyph(font.key, glyph);
            const gx = pen + p.xOffset * scale;
            const gy = op.y - p.yOffset * scale;
            if (glyph.path.commands.length > 0) this.body.push(`<use href="#${id}" transform="matrix(${n(scale)} 0 0 ${n(-scale)} ${n(gx)} ${n(gy)})"/>`);
            pen += p.xAdvance * scale;
          });
        }
        x += piece.width * op.size;
      }
    }
  }

  toString(): string {
    const w = this.template.pageWidth * PT;
    const h = this.template.pageHeight * PT;
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${n(this.template.pageWidth)}mm" height="${n(this.template.pageHeight)}mm" viewBox="0 0 ${n(w)} ${n(h)}">` +
      `<defs>${[...this.defs.values()].join('')}</defs>` +
      `<rect width="${n(w)}" height="${n(h)}" fill="#f8f9fa"/>` +
      `<g fill="black">${this.body.join('')}</g></svg>`
    );
  }
}
