/** The desktop app's own command-line options (no Electron import, unit tested). */

/**
 * The folder named by `--catalogue DIR` or `--catalogue=DIR`, or null. Electron and Chromium add
 * switches of their own to argv, so unknown arguments are ignored rather than refused.
 */
export function catalogueArg(argv: readonly string[]): string | null {
  return optionArg(argv, 'catalogue');
}

/** The value of `--NAME VALUE` or `--NAME=VALUE` (the last one given), or null. */
export function optionArg(argv: readonly string[], name: string): string | null {
  let found: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === `--${name}`) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        found = next;
        i++;
      }
    } else if (arg.startsWith(`--${name}=`)) {
      const value = arg.slice(`--${name}=`.length);
      if (value) found = value;
    }
  }
  return found;
}
