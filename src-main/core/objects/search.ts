/**
 * Turns what a user typed into an FTS5 query: every word must match, as a prefix.
 * A word with punctuation inside ("1987.12.3") must match its parts in order, so it stays a number.
 * User text never reaches FTS5 as syntax, so no input can make the query fail to parse.
 */
export function ftsQuery(text: string): string | null {
  const words = text
    .split(/\s+/)
    .map((word) => word.match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((parts) => parts.length > 0);
  if (words.length === 0) return null;
  return words.map((parts) => `"${parts.join(' ')}"*`).join(' ');
}
