// npm run bench [-- NAME...]: runs tests/bench/*.bench.ts through Vite's module runner (the core uses Vite features),
// printing each figure against a baseline measured in the same run, and peak memory.
import { mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = `${root}tests/bench`;
const cacheDir = `${root}.cache/bench`;
mkdirSync(cacheDir, { recursive: true });
const only = process.argv.slice(2);
const benches = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)));

const { module: reportModule } = await runnerImport(`${benchDir}/report.ts`, { root, configFile: `${root}vitest.config.ts` });
const report = new reportModule.Report();
console.log(`# Storeroom benchmarks (${new Date().toISOString()}, Node ${process.version})`);
for (const file of benches) {
  const { module } = await runnerImport(`${benchDir}/${file}`, { root, configFile: `${root}vitest.config.ts` });
  await module.default(report, cacheDir);
}
report.peakMemory();
if (report.failures.length) {
  console.log(`\nTargets missed:\n${report.failures.map((f) => `- ${f}`).join('\n')}`);
  process.exitCode = 1;
}
