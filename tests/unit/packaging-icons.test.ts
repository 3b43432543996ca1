import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ICONS_DIR, makeIcons, MASTER, PNG_SIZES, renderPng, WINDOW_ICON } from '../../scripts/icons.mjs';

// resources/icons, committed, made by `npm run icons` from resources/icon.svg.

/** The entries of an .ico file: width (0 means 256) and whether each is a PNG or a bitmap. */
function icoEntries(ico: Buffer) {
  expect(ico.readUInt16LE(0)).toBe(0);
  expect(ico.readUInt16LE(2)).toBe(1);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const at = 6 + i * 16;
    const offset = ico.readUInt32LE(at + 12);
    return { size: ico[at] || 256, png: ico.subarray(offset, offset + 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) };
  });
}

/** The element types of an .icns file. */
function icnsTypes(icns: Buffer): string[] {
  expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
  expect(icns.readUInt32BE(4)).toBe(icns.length);
  const types: string[] = [];
  for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.subarray(at, at + 4).toString('latin1'));
  return types;
}

describe('the app icons', () => {
  it('exist in every size from 16 to 1024 px, each drawn from the master SVG', async () => {
    const svg = readFileSync(MASTER);
    expect(PNG_SIZES).toEqual(expect.arrayContaining([16, 32, 48, 64, 128, 256, 512, 1024]));
    for (const size of PNG_SIZES) {
      const file = join(ICONS_DIR, `${size}x${size}.png`);
      const committed = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect([committed.info.width, committed.info.height], file).toEqual([size, size]);
      const fresh = await sharp(await renderPng(svg, size)).ensureAlpha().raw().toBuffer();
      // The same picture (a little slack for another libvips version's antialiasing).
      let difference = 0;
      for (let i = 0; i < fresh.length; i++) difference += Math.abs(fresh[i]! - committed.data[i]!);
      expect(difference / fresh.length, `${file} differs from resources/icon.svg: run npm run icons`).toBeLessThan(2);
    }
    const window = await sharp(WINDOW_ICON).metadata();
    expect([window.width, window.height]).toEqual([512, 512]);
  });

  it('include a Windows .ico from 16 to 256 px, with bitmaps for the small sizes', () => {
    const entries = icoEntries(readFileSync(join(ICONS_DIR, 'icon.ico')));
    expect(entries.map((e) => e.size).sort((a, b) => a - b)).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256]));
    expect(entries.find((e) => e.size === 256)!.png).toBe(true);
    expect(entries.find((e) => e.size === 16)!.png).toBe(false);
  });

  it('include a macOS .icns up to 1024 px', () => {
    const types = icnsTypes(readFileSync(join(ICONS_DIR, 'icon.icns')));
    // ic10: 1024 px (512@2x), ic09: 512, ic08: 256, ic07: 128; small sizes as icp4/icp5 or is32/il32.
    expect(types).toEqual(expect.arrayContaining(['ic10', 'ic09', 'ic08', 'ic07']));
    expect(types.some((t) => ['icp4', 'is32'].includes(t))).toBe(true);
  });

  it('are remade from the master by npm run icons, changing nothing when they are current', async () => {
    const out = mkdtempSync(join(tmpdir(), 'storeroom-icons-'));
    try {
      const written = await makeIcons({ outDir: out, windowIcon: null });
      expect(readdirSync(out).sort()).toEqual([...PNG_SIZES.map((s) => `${s}x${s}.png`), 'icon.icns', 'icon.ico'].sort());
      expect(written).toHaveLength(PNG_SIZES.length + 2);
      expect(await makeIcons({ outDir: out, windowIcon: null })).toEqual([]);
      expect(readFileSync(join(out, 'icon.icns')).equals(readFileSync(join(ICONS_DIR, 'icon.icns')))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
