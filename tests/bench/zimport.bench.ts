import { rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openCatalogue } from '../../src-main/core/open';
import { createDispatcher } from '../../src-main/core/dispatch';
import type { Report } from './report';
import { loadExcel } from '../../src-main/core/exchange/excel';

export default async function zimport(report: Report, cacheDir: string): Promise<void> {
  const dir = join(cacheDir, 'zimport');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const target = openCatalogue(join(dir, 'cat'));
  const call = createDispatcher(target);
  const source = { path: process.env.ZCSV ?? '/tmp/side-import.csv', name: 'import.csv' };
  if (process.env.ZWARM) await loadExcel();
  const t0 = performance.now();
  const preview = await call('imports.preview', { source, createLocations: true });
  const t1 = performance.now();
  const commit = process.env.ZPREVIEW ? preview : await call('imports.commit', { source, createLocations: true });
  const t2 = performance.now();
  if (!preview.ok || !commit.ok) throw new Error('import failed ' + JSON.stringify(commit).slice(0, 300));
  console.log(`ZIMPORT preview ${(t1 - t0).toFixed(0)} ms commit ${(t2 - t1).toFixed(0)} ms total ${(t2 - t0).toFixed(0)} ms`);
  target.close?.();
  void report;
}
