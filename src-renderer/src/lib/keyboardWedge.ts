/**
 * A barcode scanner that types like a keyboard ("keyboard wedge") in rapid move and an evacuation's scanning pages. It
 * types a whole label, Enter included, in a few milliseconds, whether or not the field has the focus, and even while
 * the page is still opening (it loads on demand). From the app's start, while the address is a scanning page's, keys
 * typed outside any field are gathered here into lines: each line, at Enter, goes to the page, or waits for it to
 * open. One place gathers them, so that no key is lost or put out of order between the app and the page.
 */

import type { RefObject } from 'react';

/** Rapid move, and an evacuation's packing, loading and receiving. */
const SCANNING_ROUTE = /^#\/(?:rapid|evacuations\/[^/?]+\/(?:pack|load|receive))(?:[?/]|$)/;
/** Lines older than this when the page opens were not meant for it. */
const KEPT_MS = 5000;

export interface WedgeListener {
  /** A line ended by Enter. */
  onLine(line: string): void;
  /** The line being typed, so that the page shows it in its field. */
  onTyping(text: string): void;
}

let installed = false;
let line = '';
let waiting: { line: string; at: number }[] = [];
let listener: WedgeListener | null = null;

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function installKeyboardWedge(): void {
  if (installed) return;
  installed = true;
  window.addEventListener(
    'keydown',
    (event) => {
      if (!SCANNING_ROUTE.test(window.location.hash) || isTyping(event.target)) return;
      if (event.ctrlKey || event.metaKey || event.altKey || document.querySelector('[role="dialog"]')) return;
      if (event.key === 'Enter') {
        if (!line.trim()) return;
        event.preventDefault();
        const done = line;
        line = '';
        listener?.onTyping('');
        if (listener) listener.onLine(done);
        else waiting.push({ line: done, at: Date.now() });
      } else if (event.key.length === 1) {
        event.preventDefault();
        line += event.key;
        listener?.onTyping(line);
      }
    },
    true,
  );
}

/** The page hears lines from now on, after those typed before it opened. Returns the way to stop hearing them. */
export function listenToWedge(next: WedgeListener): () => void {
  listener = next;
  const recent = waiting.filter((w) => Date.now() - w.at < KEPT_MS);
  waiting = [];
  for (const w of recent) next.onLine(w.line);
  if (line) next.onTyping(line);
  return () => {
    if (listener === next) listener = null;
  };
}

/**
 * Gives a scanning page's field the focus on the next frame, unless a scanner is halfway through a line: moving the
 * focus then would split the line between the wedge and the field (the wedge keeps it whole).
 */
export function focusWhenNotScanning(field: RefObject<HTMLInputElement | null>): void {
  requestAnimationFrame(() => {
    if (line === '') field.current?.focus();
  });
}

/** The field took over (it has the focus, or was typed in): the line gathered so far is now its text. */
export function clearWedge(): void {
  line = '';
}
