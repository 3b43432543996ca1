// Vitest global setup: the CLI and server tests run the built app, so build it when it is missing or stale.
// @ts-expect-error: a plain .mjs build script, shared with npm run serve
import { buildIfNeeded } from '../../scripts/build-if-needed.mjs';

export default function setup(): void {
  (buildIfNeeded as () => void)();
}
