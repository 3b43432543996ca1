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

/** A box of an ISO base media file (HEIF): its type, its body, and where it starts. */
interface Box {
  type: string;
  body: Buffer;
}

const box = (type: string, body: Buffer) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
};

function boxesOf(data: Buffer): Box[] {
  const boxes: Box[] = [];
  for (let at = 0; at < data.length; ) {
    const size = data.readUInt32BE(at);
    if (size < 8 || at + size > data.length) throw new Error(`unexpected box size ${size} at ${at}`);
    boxes.push({ type: data.toString('latin1', at + 4, at + 8), body: data.subarray(at + 8, at + size) });
    at += size;
  }
  return boxes;
}

/**
 * A HEIC with a second image, made from a one-image HEIC (`source`, as heif-enc writes it: meta with iloc version 0
 * and 4-byte offsets and lengths, then mdat) by adding an item that takes the first image's properties and a copy of
 * its coded data: whole (`damaged: false`, a burst's second frame), or cut short after `damaged` bytes, as a copy
 * interrupted mid-file leaves it. The first image is left exactly as it was. No HEVC encoder is needed.
 */
export function heicWithSecondImage(source: Buffer, damaged: number | false): Buffer {
  const top = boxesOf(source);
  const [ftyp, meta, mdat] = ['ftyp', 'meta', 'mdat'].map((type) => top.find((b) => b.type === type)!);
  if (!ftyp || !meta || !mdat || top.length !== 3) throw new Error('expected ftyp, meta and mdat');
  const fullHeader = meta.body.subarray(0, 4);
  const children = boxesOf(meta.body.subarray(4));
  const iloc = children.find((b) => b.type === 'iloc')!.body;
  if (iloc[0] !== 0 || iloc[4] !== 0x44 || iloc[5] !== 0x40) throw new Error('expected iloc version 0 with 4-byte fields');
  // The first image: the primary item's one extent.
  const primary = children.find((b) => b.type === 'pitm')!.body.readUInt16BE(4);
  const items = iloc.readUInt16BE(6);
  const entries = Array.from({ length: items }, (_, i) => iloc.subarray(8 + i * 18, 8 + (i + 1) * 18));
  const first = entries.find((e) => e.readUInt16BE(0) === primary)!;
  const start = first.readUInt32BE(4) + first.readUInt32BE(10);
  const coded = source.subarray(start, start + first.readUInt32BE(14));
  const second = damaged === false ? coded : coded.subarray(0, damaged);
  const newId = Math.max(...entries.map((e) => e.readUInt16BE(0))) + 1;

  const rebuilt = (shift: number) => {
    const out = children.map((child) => {
      if (child.type === 'iinf') {
        const body = Buffer.from(child.body);
        body.writeUInt16BE(body.readUInt16BE(4) + 1, 4);
        const infe = Buffer.alloc(4 + 2 + 2 + 4 + 1);
        infe.writeUInt32BE(0x02000000, 0);
        infe.writeUInt16BE(newId, 4);
        infe.write('hvc1', 8, 'latin1');
        return box('iinf', Buffer.concat([body, box('infe', infe)]));
      }
      if (child.type === 'iloc') {
        const moved = entries.map((e) => {
          const entry = Buffer.from(e);
          entry.writeUInt32BE(entry.readUInt32BE(4) + shift, 4);
          return entry;
        });
        const added = Buffer.alloc(18);
        added.writeUInt16BE(newId, 0);
        added.writeUInt32BE(ftyp.body.length + 8 + metaSize + 8 + mdat.body.length, 4);
        added.writeUInt16BE(1, 8);
        added.writeUInt32BE(second.length, 14);
        const head = Buffer.from(iloc.subarray(0, 8));
        head.writeUInt16BE(items + 1, 6);
        return box('iloc', Buffer.concat([head, ...moved, added]));
      }
      if (child.type === 'iprp') {
        // The new item takes the primary's properties (its decoder configuration, size and pixels).
        return box(
          'iprp',
          Buffer.concat(
            boxesOf(child.body).map((p) => {
              if (p.type !== 'ipma') return box(p.type, p.body);
              if (p.body[0] !== 0 || (p.body.readUInt32BE(0) & 1) !== 0) throw new Error('expected ipma version 0 with 7-bit indices');
              const count = p.body.readUInt32BE(4);
              let at = 8;
              let own: Buffer | null = null;
              for (let i = 0; i < count; i++) {
                const n = p.body[at + 2]!;
                if (p.body.readUInt16BE(at) === primary) own = p.body.subarray(at + 2, at + 3 + n);
                at += 3 + n;
              }
              const entry = Buffer.alloc(2);
              entry.writeUInt16BE(newId, 0);
              const body = Buffer.concat([p.body, entry, own!]);
              body.writeUInt32BE(count + 1, 4);
              return box('ipma', body);
            }),
          ),
        );
      }
      return box(child.type, child.body);
    });
    return box('meta', Buffer.concat([fullHeader, ...out]));
  };
  // The meta box grows by the new item's entries; the data after it moves by as much.
  let metaSize = meta.body.length + 8;
  metaSize = rebuilt(0).length;
  const grownMeta = rebuilt(metaSize - (meta.body.length + 8));
  return Buffer.concat([box('ftyp', ftyp.body), grownMeta, box('mdat', Buffer.concat([mdat.body, second]))]);
}
