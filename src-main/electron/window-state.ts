/**
 * The main window's remembered size and place (userData/window-state.json), as pure functions
 * (no Electron import, unit tested): parsing the file, and clamping the bounds onto a visible display.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 720, height: 480 } as const;
/** How much of the window (its title bar) must be on a display for it to be reachable. */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Reads the saved state; anything malformed is ignored (null), so a bad file never stops the app. */
export function parseWindowState(text: string | null | undefined): WindowState | null {
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const bounds = (raw as { bounds?: Partial<Rect> } | null)?.bounds;
  if (!bounds || ![bounds.x, bounds.y, bounds.width, bounds.height].every(isFiniteNumber)) return null;
  if ((bounds.width as number) <= 0 || (bounds.height as number) <= 0) return null;
  return {
    bounds: { x: Math.round(bounds.x!), y: Math.round(bounds.y!), width: Math.round(bounds.width!), height: Math.round(bounds.height!) },
    maximized: (raw as { maximized?: unknown }).maximized === true,
  };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
}

/**
 * Where to open the window. `workAreas` are the displays' work areas, the primary one first.
 * A saved window whose title bar is on a display keeps its place, shrunk to fit that display and pulled
 * inside it; one that is off every display (a monitor was unplugged) is centred on the primary display.
 * Without a saved state the window gets the default size, centred.
 */
export function clampWindowState(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  if (!saved) return { bounds: centred(DEFAULT_SIZE, primary), maximized: false };

  const size = { width: Math.max(saved.bounds.width, MIN_SIZE.width), height: Math.max(saved.bounds.height, MIN_SIZE.height) };
  const titleBar: Rect = { x: saved.bounds.x, y: saved.bounds.y, width: size.width, height: MIN_VISIBLE.height };
  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of workAreas) {
    const o = overlap(titleBar, area);
    if (o.width >= Math.min(MIN_VISIBLE.width, area.width) && o.height >= Math.min(MIN_VISIBLE.height, area.height) && o.width * o.height > bestArea) {
      best = area;
      bestArea = o.width * o.height;
    }
  }
  if (!best) return { bounds: centred(size, primary), maximized: saved.maximized };

  const width = Math.min(size.width, best.width);
  const height = Math.min(size.height, best.height);
  const x = Math.min(Math.max(saved.bounds.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(saved.bounds.y, best.y), best.y + best.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}
