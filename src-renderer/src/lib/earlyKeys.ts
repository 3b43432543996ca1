/**
 * Keys a barcode scanner (or a quick hand) types while rapid move is still opening: the page loads on demand, and
 * a scanner types a whole label, Enter included, in a few milliseconds. From the app's start, keys typed outside any
 * field while the address is rapid move's, and its page is not there yet, are kept; the page takes them when it opens.
 */

const RAPID_ROUTE = /^#\/rapid(?:[?/]|$)/;
/** Keys older than this when the page opens were not meant for it. */
const KEPT_MS = 5000;

let installed = false;
let listening = true;
let buffered: { key: string; at: number }[] = [];

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function installEarlyKeys(): void {
  if (installed) return;
  installed = true;
  window.addEventListener(
    'keydown',
    (event) => {
      if (!listening || !RAPID_ROUTE.test(window.location.hash) || isTyping(event.target)) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key.length === 1 || event.key === 'Enter') {
        buffered.push({ key: event.key === 'Enter' ? '\n' : event.key, at: Date.now() });
        event.preventDefault();
      }
    },
    true,
  );
}

/** The keys typed before the page opened (Enter as a newline); the page hears keys itself from then on. */
export function takeEarlyKeys(): string {
  listening = false;
  const text = buffered
    .filter((k) => Date.now() - k.at < KEPT_MS)
    .map((k) => k.key)
    .join('');
  buffered = [];
  return text;
}

/** The page has closed: keys typed while it opens again are kept again. */
export function releaseEarlyKeys(): void {
  listening = true;
}
