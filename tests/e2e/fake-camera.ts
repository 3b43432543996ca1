import bwipjs from 'bwip-js/node';
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';

const WIDTH = 640;
const HEIGHT = 480;

/**
 * A label as a camera would see it: a white label with its QR code (or nothing, for a frame with no code) on a grey
 * shelf, as raw RGB.
 */
async function labelFrame(text: string | null): Promise<Buffer> {
  const composites: sharp.OverlayOptions[] = [];
  if (text !== null) {
    const code = await bwipjs.toBuffer({ bcid: 'qrcode', text, scale: 7, paddingwidth: 4, paddingheight: 4, backgroundcolor: 'FFFFFF' });
    const { width = 0, height = 0 } = await sharp(code).metadata();
    composites.push({
      input: { create: { width: width + 60, height: height + 60, channels: 3, background: '#ffffff' } },
      left: Math.round((WIDTH - width - 60) / 2),
      top: Math.round((HEIGHT - height - 60) / 2),
    });
    composites.push({ input: code, left: Math.round((WIDTH - width) / 2), top: Math.round((HEIGHT - height) / 2) });
  }
  return sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: '#8a8f94' } })
    .composite(composites)
    .removeAlpha()
    .raw()
    .toBuffer();
}

/** RGB to YUV 4:2:0 (BT.601, full range, as Y4M's C420jpeg says). */
function yuv420(rgb: Buffer): Buffer {
  const y = Buffer.alloc(WIDTH * HEIGHT);
  const u = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2));
  const v = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2));
  const clamp = (n: number) => Math.max(0, Math.min(255, Math.round(n)));
  for (let row = 0; row < HEIGHT; row++) {
    for (let col = 0; col < WIDTH; col++) {
      const i = (row * WIDTH + col) * 3;
      y[row * WIDTH + col] = clamp(0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!);
    }
  }
  for (let row = 0; row < HEIGHT / 2; row++) {
    for (let col = 0; col < WIDTH / 2; col++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
        const i = ((row * 2 + dy) * WIDTH + col * 2 + dx) * 3;
        r += rgb[i]!;
        g += rgb[i + 1]!;
        b += rgb[i + 2]!;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      u[row * (WIDTH / 2) + col] = clamp(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
      v[row * (WIDTH / 2) + col] = clamp(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
    }
  }
  return Buffer.concat([y, u, v]);
}

/**
 * A video file for Chromium's fake camera (--use-file-for-fake-video-capture): a label with `text` in a QR code (or
 * no code at all, for `null`), a few frames that Chromium loops.
 */
export async function labelVideo(path: string, text: string | null, frames = 10): Promise<string> {
  const frame = yuv420(await labelFrame(text));
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  const parts: Buffer[] = [header];
  for (let i = 0; i < frames; i++) parts.push(Buffer.from('FRAME\n'), frame);
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

/** A still photo of a label (or of a shelf with no label), as a phone's camera app would save it. */
export async function labelPhoto(path: string, text: string | null): Promise<string> {
  await sharp(await labelFrame(text), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .jpeg({ quality: 90 })
    .toFile(path);
  return path;
}
