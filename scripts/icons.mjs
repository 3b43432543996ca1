// npm run icons: every icon the installers need, from one master, resources/icon.svg.
//   resources/icons/<N>x<N>.png  N = 16 ... 1024 (Linux's icon set; the largest also feeds the two below)
//   resources/icons/icon.ico     Windows: 16 to 256 px (small sizes as bitmaps, which older Explorer versions need)
//   resources/icons/icon.icns    macOS: 16 to 1024 px
//   resources/icon.png           the window icon main.ts loads (512 px)
// Each PNG is rendered from the SVG by sharp at its own size, so small sizes stay crisp; png2icons packs the .ico and
// .icns from the 1024 px one. The results are committed (the build does not run this), and a file is rewritten only
// when what it shows changes. tests/unit/packaging-icons.test.ts checks them against the master.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import png2icons from 'png2icons';
import sharp from 'sharp';

const root = fileURLToPath(new URL('..', import.meta.url));
export const MASTER = join(root, 'resources', 'icon.svg');
export const ICONS_DIR = join(root, 'resources', 'icons');
export const WINDOW_ICON = join(root, 'resources', 'icon.png');
export const PNG_SIZES = [16, 24, 32, 48, 64, 96, 128, 256, 512, 1024];

/** One size, rendered from the SVG at that size (not scaled down from a large bitmap). */
export function renderPng(svg, size) {
  // density: the SVG's 512-unit viewBox is rendered at 72 dpi by default; scale it so the vector is drawn at `size`.
  const density = Math.max(1, (72 * size) / 512);
  return sharp(svg, { density }).resize(size, size, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } }).png({ compressionLevel: 9 }).toBuffer();
}

/** True when two images have the same size and pixels (PNG encoders differ in bytes, not in what they show). */
export async function samePixels(a, b) {
  const [x, y] = await Promise.all([a, b].map((input) => sharp(input).ensureAlpha().raw().toBuffer({ resolveWithObject: true })));
  return x.info.width === y.info.width && x.info.height === y.info.height && x.data.equals(y.data);
}

/** Writes a PNG unless the file already shows the same pixels, so that running this again changes nothing. */
async function writePng(file, png) {
  if (existsSync(file) && (await samePixels(readFileSync(file), png))) return false;
  writeFileSync(file, png);
  return true;
}

export async function makeIcons({ master = MASTER, outDir = ICONS_DIR, windowIcon = WINDOW_ICON } = {}) {
  const svg = readFileSync(master);
  mkdirSync(outDir, { recursive: true });
  const written = [];
  const pngs = new Map();
  for (const size of PNG_SIZES) {
    const png = await renderPng(svg, size);
    pngs.set(size, png);
    const file = join(outDir, `${size}x${size}.png`);
    if (await writePng(file, png)) written.push(file);
  }
  png2icons.setLogger(() => {});
  const largest = pngs.get(1024);
  const ico = png2icons.createICO(largest, png2icons.BICUBIC2, 0, false, true);
  const icns = png2icons.createICNS(largest, png2icons.BICUBIC2, 0);
  if (!ico || !icns) throw new Error('png2icons could not make the .ico or .icns file');
  for (const [name, bytes] of [['icon.ico', ico], ['icon.icns', icns]]) {
    const file = join(outDir, name);
    if (existsSync(file) && readFileSync(file).equals(bytes)) continue;
    writeFileSync(file, bytes);
    written.push(file);
  }
  if (windowIcon && (await writePng(windowIcon, pngs.get(512)))) written.push(windowIcon);
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const written = await makeIcons();
  console.log(written.length ? `Wrote ${written.map((file) => file.slice(root.length)).join(', ')}` : 'The icons are up to date.');
}
