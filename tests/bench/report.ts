/** Timing and printing for `npm run bench`: every figure beside a baseline measured in the same run. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Samples {
  p50: number;
  p95: number;
  mean: number;
  n: number;
}

export async function timeSamples(n: number, run: () => unknown): Promise<Samples> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p95: at(0.95), mean: times.reduce((a, b) => a + b, 0) / n, n };
}

/**
 * Runs a command of the built app (`out/`, from `npm run build`) as a user would, and returns its exit code, time and
 * peak RSS: read from Linux's high-water mark (VmHWM) while it runs, so the benchmark's own process, with Vite's module
 * runner loaded, is not counted.
 */
export async function runBuilt(args: string[]): Promise<{ code: number | null; ms: number; peakMb: number; stdout: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      // Exited between two polls.
    }
  }, 10);
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(poll);
  return { code, ms: performance.now() - started, peakMb: peakKb / 1024, stdout };
}

const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;

export class Report {
  readonly failures: string[] = [];

  section(title: string): void {
    console.log(`\n## ${title}\n`);
  }

  note(text: string): void {
    console.log(text);
  }

  compare(label: string, measured: Samples, baseline: Samples, targets: { p95TargetMs?: number; maxRatio?: number } = {}): void {
    const ratio = measured.p95 / baseline.p95;
    const misses = [
      targets.p95TargetMs !== undefined && measured.p95 > targets.p95TargetMs && `p95 over ${targets.p95TargetMs} ms`,
      targets.maxRatio !== undefined && ratio > targets.maxRatio && `over ${targets.maxRatio}× raw`,
    ].filter(Boolean) as string[];
    if (misses.length) this.failures.push(`${label}: ${misses.join(', ')}`);
    console.log(
      `${label}\n  Storeroom  p50 ${ms(measured.p50)}  p95 ${ms(measured.p95)}   raw SQLite  p50 ${ms(baseline.p50)}  p95 ${ms(baseline.p95)}` +
        `   ratio (p95) ${ratio.toFixed(2)}×   n=${measured.n}${misses.length ? `   MISSED: ${misses.join(', ')}` : ''}`,
    );
  }

  throughput(label: string, measured: number, baselineLabel: string, baseline: number, unit: string, targets: { minRatio?: number } = {}): void {
    const ratio = measured / baseline;
    const missed = targets.minRatio !== undefined && ratio < targets.minRatio;
    if (missed) this.failures.push(`${label}: ${ratio.toFixed(2)}× of ${baselineLabel} (target ${targets.minRatio}×)`);
    console.log(
      `${label}\n  Storeroom  ${measured.toFixed(1)} ${unit}   ${baselineLabel}  ${baseline.toFixed(1)} ${unit}   ratio ${ratio.toFixed(2)}×` +
        (missed ? `   MISSED: under ${targets.minRatio}×` : ''),
    );
  }

  peakMemory(): void {
    console.log(`\nPeak RSS of this benchmark's process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  }
}
