// npm run bench [-- NAME...]: runs tests/bench/*.bench.ts, each in a process of its own (so peak memory is its own),
// through Vite's module runner (the core uses Vite features). Every figure is printed beside a baseline measured in
// the same run, with peak memory; the exit code is non-zero when a target is missed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = `${root}tests/bench`;
const cacheDir = `${root}.cache/bench`;
mkdirSync(cacheDir, { recursive: true });

const one = process.env.STOREROOM_BENCH_FILE;
if (one) {
  const { createServer, createServerModuleRunner, loadConfigFromFile } = await import('vite');
  // The tests' aliases (@contract, @locales) and defines, without the rest of their config (Vitest's own plugins).
  const loaded = await loadConfigFromFile({ command: 'serve', mode: 'bench' }, `${root}vitest.config.ts`, root, 'silent');
  // A module runner that stays open while the benchmark runs: the core loads some libraries when first used
  // (exceljs, pdfkit), after the benchmark's own modules are loaded.
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'silent',
    resolve: loaded?.config.resolve,
    define: loaded?.config.define,
    // No file watcher: it would crawl the project on the benchmark's own thread while the figures are taken.
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    appType: 'custom',
  });
  const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
  const reportModule = await runner.import(`${benchDir}/report.ts`);
  const report = new reportModule.Report();
  const module = await runner.import(`${benchDir}/${one}`);
  await module.default(report, cacheDir);
  report.peakMemory();
  await runner.close();
  await server.close();
  if (report.failures.length) {
    console.log(`\nTargets missed:\n${report.failures.map((f) => `- ${f}`).join('\n')}`);
    process.exitCode = 1;
  }
} else {
  const only = process.argv.slice(2);
  const benches = readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)));
  console.log(`# Storeroom benchmarks (${new Date().toISOString()}, Node ${process.version})`);
  let failed = false;
  for (const file of benches) {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { stdio: 'inherit', env: { ...process.env, STOREROOM_BENCH_FILE: file } });
    failed ||= run.status !== 0;
  }
  process.exitCode = failed ? 1 : 0;
}
