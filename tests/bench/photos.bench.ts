import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { openCatalogue } from '../../src-main/core/open';
import { createDispatcher } from '../../src-main/core/dispatch';
import { previewsSettled } from '../../src-main/core/media/previews';
import type { Report } from './report';
import { random } from './synthetic';

const COUNT = 300;
const WIDTH = 4000;
const HEIGHT = 3000;

/** 300 deterministic 12-megapixel JPEGs with camera-like detail (gradients plus seeded noise), made once and cached. */
async function photoSet(root: string, log: (s: string) => void): Promise<string[]> {
  const dir = join(root, `photos-v1-${COUNT}`);
  if (!existsSync(dir)) {
    const building = `${dir}.building`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    const started = performance.now();
    const noise = Buffer.alloc(WIDTH * HEIGHT * 3);
    const rnd = random(4000);
    for (let i = 0; i < noise.length; i++) noise[i] = rnd.int(48);
    for (let n = 0; n < COUNT; n++) {
      const hue = (n * 37) % 360;
      const gradient = await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: `hsl(${hue}, 40%, 45%)` } })
        .composite([{ input: noise, raw: { width: WIDTH, height: HEIGHT, channels: 3 }, blend: 'overlay' }])
        .raw()
        .toBuffer();
      await sharp(gradient, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
        .jpeg({ quality: 90 })
        .withMetadata({ orientation: (n % 8) + 1 })
        .toFile(join(building, `IMG_${String(n).padStart(4, '0')}.jpg`));
    }
    renameSync(building, dir);
    log(`  made ${COUNT} photos in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  return readdirSync(dir).sort().map((f) => join(dir, f));
}

/** Issue 4: the real import pipeline against raw sharp (rotate + 256 px resize) over the same files, at the same concurrency. */
export default async function photosBench(report: Report, cacheDir: string): Promise<void> {
  report.section(`Photo import: ${COUNT} JPEGs of 12 megapixels, ${availableParallelism()} at a time`);
  const files = await photoSet(cacheDir, (line) => report.note(line));

  const limit = pLimit(availableParallelism());
  let started = performance.now();
  await Promise.all(files.map((file) => limit(() => sharp(file).rotate().resize(256).toBuffer())));
  const baselineSeconds = (performance.now() - started) / 1000;

  const work = join(cacheDir, 'photos-catalogue');
  rmSync(work, { recursive: true, force: true });
  const catalogue = openCatalogue(work);
  await catalogue.mediaSwept;
  const dispatch = createDispatcher(catalogue);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  started = performance.now();
  const result = await dispatch('photos.import', { paths: files });
  const pipelineSeconds = (performance.now() - started) / 1000;
  lag.disable();
  started = performance.now();
  await previewsSettled(catalogue);
  const previewSeconds = (performance.now() - started) / 1000;
  catalogue.close();
  if (!result.ok) throw new Error(result.error.message);
  const { added, errors } = result.data as { added: unknown[]; errors: unknown[] };
  if (added.length !== COUNT || errors.length) throw new Error(`imported ${added.length}, ${errors.length} errors`);

  const rate = (s: number) => COUNT / s;
  report.throughput('photos.import (hash, store original, 256 px thumbnail, EXIF, record)', rate(pipelineSeconds), 'raw sharp rotate().resize(256)', rate(baselineSeconds), 'images/s', { minRatio: 0.7 });
  report.note(`  then the 1600 px previews, made in the background one at a time: ${rate(previewSeconds).toFixed(1)} images/s`);
  const p99 = lag.percentile(99) / 1e6;
  report.note(`  event-loop lag during the import: p99 ${p99.toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms${p99 > 50 ? '   MISSED: p99 over 50 ms' : ''}`);
  if (p99 > 50) report.failures.push(`photo import event-loop lag p99 ${p99.toFixed(1)} ms (target 50 ms)`);
  rmSync(work, { recursive: true, force: true });
}
