import bwipjs from 'bwip-js/node';
import type { LabelCode } from '../../contract';

/**
 * The code on a label, encoded by bwip-js (Barcode Writer in Pure PostScript) and drawn by us as vector shapes:
 * a matrix of modules for QR and DataMatrix, bars and spaces for Code 128. It holds exactly the text a scanner
 * should type. Text beyond ASCII goes into the 2D codes as UTF-8, announced by ECI 26 so that readers decode it as
 * such; Code 128 cannot hold it.
 */
export type CodeSymbol =
  /** `quiet`: the white margin the code needs all round, in modules (QR: 4, as ISO/IEC 18004 asks; DataMatrix: 2). */
  | { kind: 'matrix'; code: 'qr' | 'datamatrix'; columns: number; rows: number; dark: Uint8Array | number[]; quiet: number }
  /** `quiet`: 10 modules each side (ISO/IEC 15417). */
  | { kind: 'bars'; code: 'code128'; widths: number[]; modules: number; quiet: number };

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

/** Text as bwip-js takes it: ASCII as it is; anything else as UTF-8 bytes after an ECI 26 designator (with ^ escaped). */
function bwippText(text: string): { text: string; parsefnc?: boolean } {
  if (ASCII_PRINTABLE.test(text)) return { text };
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += byte === 0x5e ? '^094' : String.fromCharCode(byte);
  return { text: `^ECI000026${binary}`, parsefnc: true };
}

/** Whether Code 128 can carry this text as typed (printable ASCII). */
export const fitsCode128Charset = (text: string) => ASCII_PRINTABLE.test(text) && text.length > 0;

export function encode(code: LabelCode, text: string): CodeSymbol {
  if (code === 'code128') {
    const [symbol] = bwipjs.raw({ bcid: 'code128', text }) as { sbs: number[] }[];
    const widths = symbol!.sbs;
    return { kind: 'bars', code, widths, modules: widths.reduce((sum, w) => sum + w, 0), quiet: 10 };
  }
  const [symbol] = bwipjs.raw({ bcid: code === 'qr' ? 'qrcode' : 'datamatrix', ...bwippText(text) }) as { pixs: number[]; pixx: number; pixy: number }[];
  return { kind: 'matrix', code, columns: symbol!.pixx, rows: symbol!.pixy, dark: symbol!.pixs, quiet: code === 'qr' ? 4 : 2 };
}

/**
 * The dark parts of a symbol as rectangles [x, y, width, height, ...] in the units of `module` (one module's size),
 * from (x, y): runs of dark modules in a row are one rectangle; each bar is one.
 */
export function symbolRects(symbol: CodeSymbol, x: number, y: number, module: number, barHeight = 0): number[] {
  const rects: number[] = [];
  if (symbol.kind === 'bars') {
    let at = x;
    symbol.widths.forEach((w, i) => {
      if (i % 2 === 0) rects.push(at, y, w * module, barHeight);
      at += w * module;
    });
    return rects;
  }
  const { columns, rows, dark } = symbol;
  for (let r = 0; r < rows; r++) {
    let c = 0;
    while (c < columns) {
      if (!dark[r * columns + c]) {
        c++;
        continue;
      }
      let end = c;
      while (end < columns && dark[r * columns + end]) end++;
      rects.push(x + c * module, y + r * module, (end - c) * module, module);
      c = end;
    }
  }
  return rects;
}
