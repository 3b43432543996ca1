import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** Quadrant colours of the test picture, as displayed: top-left, top-right, bottom-left, bottom-right. */
export const QUADRANTS = [
  [220, 30, 30],
  [30, 180, 60],
  [30, 60, 220],
  [240, 220, 30],
] as const;

/** The displayed test picture: w × h, four coloured quadrants, as raw RGB. */
export function quadrants(w: number, h: number): Buffer {
  const out = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const q = QUADRANTS[(y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1)]!;
      out.set(q, (y * w + x) * 3);
    }
  }
  return out;
}

/**
 * The stored pixels that an EXIF orientation turns into the displayed picture, computed by hand
 * (not with sharp, which is what is being tested): for display pixel (x, y), the stored pixel it comes from.
 */
export function storedForOrientation(display: Buffer, w: number, h: number, orientation: number): { data: Buffer; width: number; height: number } {
  const swapped = orientation >= 5;
  const sw = swapped ? h : w;
  const sh = swapped ? w : h;
  const data = Buffer.alloc(w * h * 3);
  const source = (x: number, y: number): [number, number] => {
    switch (orientation) {
      case 2: return [w - 1 - x, y];
      case 3: return [w - 1 - x, h - 1 - y];
      case 4: return [x, h - 1 - y];
      case 5: return [y, x];
      case 6: return [y, w - 1 - x];
      case 7: return [h - 1 - y, w - 1 - x];
      case 8: return [h - 1 - y, x];
      default: return [x, y];
    }
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [sx, sy] = source(x, y);
      display.copy(data, (sy * sw + sx) * 3, (y * w + x) * 3, (y * w + x) * 3 + 3);
    }
  }
  return { data, width: sw, height: sh };
}

/** A JPEG whose EXIF orientation is `orientation` and which displays as the quadrant picture. */
export async function orientedJpeg(dir: string, orientation: number, w = 120, h = 80): Promise<string> {
  const stored = storedForOrientation(quadrants(w, h), w, h, orientation);
  const file = join(dir, `orientation-${orientation}.jpg`);
  await sharp(stored.data, { raw: { width: stored.width, height: stored.height, channels: 3 } })
    .jpeg({ quality: 95 })
    .withMetadata({ orientation })
    .toFile(file);
  return file;
}

/** The colour at a fraction (fx, fy) of an image file, as displayed by its pixels. */
export async function colourAt(file: string, fx: number, fy: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const x = Math.floor(fx * info.width);
  const y = Math.floor(fy * info.height);
  const i = (y * info.width + x) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

export const near = (a: readonly number[], b: readonly number[], tolerance = 40) => a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);

/** A PNG whose header claims width × height pixels, with almost no data: a decompression bomb's shape. */
export function pngClaiming(file: string, width: number, height: number): void {
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed) >>> 0);
    return Buffer.concat([head, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  writeFileSync(
    file,
    Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))]),
  );
}

/** Writes the quadrant picture in a format sharp can write. */
export async function picture(file: string, format: 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif' | 'avif', w = 120, h = 80): Promise<string> {
  await sharp(quadrants(w, h), { raw: { width: w, height: h, channels: 3 } }).toFormat(format).toFile(file);
  return file;
}
