import { defineConfig, devices } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Debian's Chromium: Playwright's own browser download cannot work here. Its headless shell (the chromium-headless-shell
 * package) when installed: the same engine without the browser's interface, drawing with a third less CPU, which is what
 * a 2-core machine runs out of. E2E_CHROMIUM names another binary.
 */
function chromiumPath(): string {
  if (process.env.E2E_CHROMIUM) return process.env.E2E_CHROMIUM;
  for (const name of ['chromium-headless-shell', 'chromium']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not installed: the next one
    }
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : 'chromium';
}

export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
