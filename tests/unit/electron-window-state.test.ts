import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clampWindowState, DEFAULT_SIZE, MIN_SIZE, parseWindowState, type Rect } from '../../src-main/electron/window-state';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 900 };
const rightMonitor: Rect = { x: 1440, y: -200, width: 2560, height: 1400 };

describe('reading window-state.json', () => {
  it('reads a saved state', () => {
    expect(parseWindowState(JSON.stringify({ bounds: { x: 10, y: 20, width: 1000.4, height: 700 }, maximized: true }))).toEqual({
      bounds: { x: 10, y: 20, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('ignores a missing, corrupt or nonsensical file', () => {
    for (const text of [null, '', '{', 'null', '[]', '{"bounds":null}', '{"bounds":{"x":0,"y":0,"width":"wide","height":10}}', '{"bounds":{"x":0,"y":0,"width":0,"height":10}}', '{"bounds":{"x":1e999,"y":0,"width":10,"height":10}}']) {
      expect(parseWindowState(text), String(text)).toBeNull();
    }
  });
});

describe('placing the window', () => {
  it('centres the default size on the primary display the first time', () => {
    expect(clampWindowState(null, [laptop])).toEqual({
      bounds: { x: (1440 - DEFAULT_SIZE.width) / 2, y: (900 - DEFAULT_SIZE.height) / 2, ...DEFAULT_SIZE },
      maximized: false,
    });
  });

  it('keeps a window that is on a display where it was', () => {
    const saved = { bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: false };
    expect(clampWindowState(saved, [laptop, rightMonitor])).toEqual(saved);
    const onRight = { bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, maximized: true };
    expect(clampWindowState(onRight, [laptop, rightMonitor])).toEqual(onRight);
  });

  it('moves a window from an unplugged monitor back to the primary display, keeping maximized', () => {
    const onRight = { bounds: { x: 2000, y: 100, width: 1200, height: 800 }, maximized: true };
    expect(clampWindowState(onRight, [laptop])).toEqual({ bounds: { x: 120, y: 50, width: 1200, height: 800 }, maximized: true });
  });

  it('shrinks a window larger than its display and pulls it inside', () => {
    const big = { bounds: { x: -50, y: -30, width: 3000, height: 2000 }, maximized: false };
    expect(clampWindowState(big, [laptop]).bounds).toEqual(laptop);
    const hanging = { bounds: { x: 1300, y: 600, width: 800, height: 600 }, maximized: false };
    expect(clampWindowState(hanging, [laptop]).bounds).toEqual({ x: 640, y: 300, width: 800, height: 600 });
  });

  it('re-centres a window whose title bar is off screen (above the top)', () => {
    const above = { bounds: { x: 100, y: -500, width: 900, height: 600 }, maximized: false };
    expect(clampWindowState(above, [laptop]).bounds).toEqual({ x: 270, y: 150, width: 900, height: 600 });
  });

  it('never restores a window smaller than the minimum size', () => {
    const tiny = { bounds: { x: 10, y: 10, width: 50, height: 20 }, maximized: false };
    expect(clampWindowState(tiny, [laptop]).bounds).toMatchObject({ width: MIN_SIZE.width, height: MIN_SIZE.height });
  });

  it('always lands entirely on one display (property)', () => {
    const rect = fc.record({
      x: fc.integer({ min: -5000, max: 5000 }),
      y: fc.integer({ min: -5000, max: 5000 }),
      width: fc.integer({ min: 800, max: 4000 }),
      height: fc.integer({ min: 600, max: 3000 }),
    });
    fc.assert(
      fc.property(fc.array(rect, { minLength: 1, maxLength: 3 }), rect, fc.boolean(), (displays, bounds, maximized) => {
        const { bounds: b, maximized: m } = clampWindowState({ bounds, maximized }, displays);
        expect(m).toBe(maximized);
        expect(displays.some((d) => b.x >= d.x && b.y >= d.y && b.x + b.width <= d.x + d.width && b.y + b.height <= d.y + d.height)).toBe(true);
      }),
    );
  });
});
