/**
 * Reads an object number from a photo's file name, the way teams name them:
 * "2019.3.12.jpg", "2019.3.12_2.jpg" (a second view), "2019-3-12 (1).heic" (a camera's copy number).
 * Separators are not trusted: "2019-3-12" and "2019 3 12" both mean 2019.3.12.
 */
export const numberKey = (number: string): string => number.trim().toLowerCase().replace(/[\s._\-/]+/g, '.');

/** The keys to try for a file name, most literal first: the whole name, then without a view or copy suffix. */
export function filenameKeys(name: string): string[] {
  const stem = name.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]{2,5}$/i, '').trim();
  const withoutCopy = stem.replace(/\s*\(\d+\)$/, '').trim();
  const withoutView = withoutCopy.replace(/[_\s]+([a-z]|\d{1,3})$/i, '').trim();
  return [...new Set([stem, withoutCopy, withoutView].filter((s) => /\d/.test(s)).map(numberKey))];
}
