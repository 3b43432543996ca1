import bwipjs from 'bwip-js/node';
import PDFDocument from 'pdfkit';
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { openCatalogue } from '../../src-main/core/open';
import { createDispatcher } from '../../src-main/core/dispatch';
import { numberSortKey } from '../../src-main/core/objects/objects';
import { findTemplate, cell } from '../../src-main/core/labels/templates';
import type { Report } from './report';
import { random, WORDS } from './synthetic';

const LABELS = 5_000;
const PT = 72 / 25.4;

/** 5,000 objects with numbers as museums write them and names of two to six words: raw SQL, in a fresh folder. */
function labelCatalogue(dir: string) {
  rmSync(dir, { recursive: true, force: true });
  const catalogue = openCatalogue(dir);
  const rnd = random(13);
  const now = new Date().toISOString();
  const insert = catalogue.db.prepare('INSERT INTO objects (id, number, sort_key, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  catalogue.db.transaction(() => {
    for (let i = 0; i < LABELS; i++) {
      const number = `${2000 + (i % 24)}.${Math.floor(i / 24) + 1}.${(i % 7) + 1}`;
      const name = Array.from({ length: 2 + rnd.int(5) }, () => rnd.pick(WORDS)).join(' ');
      insert.run(`01900000-0000-7000-8000-${i.toString(16).padStart(12, '0')}`, number, numberSortKey(number), name, now, now);
    }
  })();
  return catalogue;
}

/**
 * The baseline: raw pdfkit and bwip-js drawing the same labels, on the same template with the same fonts: each
 * number in bold on one line, the name wrapped by pdfkit into the room beside the QR code (cut with its ellipsis),
 * the QR code's modules as filled rectangles.
 */
async function rawLabels(file: string, labels: { number: string; name: string }[]): Promise<void> {
  const require = createRequire(import.meta.url);
  const template = findTemplate('avery-l7160')!;
  const doc = new PDFDocument({ size: [template.pageWidth * PT, template.pageHeight * PT], margin: 0, autoFirstPage: false });
  const out = createWriteStream(file);
  doc.pipe(out);
  doc.registerFont('regular', require.resolve('@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff'));
  doc.registerFont('bold', require.resolve('@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff'));
  const perSheet = template.rows * template.columns;
  labels.forEach((label, i) => {
    if (i % perSheet === 0) doc.addPage({ margin: 0 });
    const c = cell(template, i);
    const x = (c.x + template.inset) * PT;
    const y = (c.y + template.inset) * PT;
    const h = (c.height - 2 * template.inset) * PT;
    const [symbol] = bwipjs.raw({ bcid: 'qrcode', text: label.number }) as { pixs: number[]; pixx: number }[];
    const module = Math.min(h, 22 * PT) / symbol!.pixx;
    for (let r = 0; r < symbol!.pixx; r++) {
      for (let col = 0; col < symbol!.pixx; col++) if (symbol!.pixs[r * symbol!.pixx + col]) doc.rect(x + col * module, y + r * module, module, module);
    }
    doc.fill('black');
    const textX = x + symbol!.pixx * module + 1.5 * PT;
    const width = (c.x + c.width - template.inset) * PT - textX;
    doc.font('bold').fontSize(16).text(label.number, textX, y + 4, { lineBreak: false });
    doc.font('regular').fontSize(8.5).text(label.name, textX, y + 26, { width, height: h - 26, ellipsis: true });
  });
  doc.end();
  await finished(out);
}

/** Issue 13: 5,000 object labels, streamed to a PDF, against raw pdfkit and bwip-js drawing the same labels. */
export default async function labelsBench(report: Report, cacheDir: string): Promise<void> {
  report.section(`Labels: ${LABELS.toLocaleString('en')} object labels, Avery L7160, QR codes`);
  const dir = join(cacheDir, 'labels');
  const catalogue = labelCatalogue(join(dir, 'catalogue'));
  const dispatch = createDispatcher(catalogue);
  const out = join(dir, 'out');
  mkdirSync(out, { recursive: true });
  const labels = catalogue.db.prepare('SELECT number, name FROM objects ORDER BY sort_key, id').all() as { number: string; name: string }[];

  // Each side once on a few labels first: fonts opened, code paths warm.
  const warm = await dispatch('labels.create', { source: { kind: 'search', filter: { query: 'bowl' } }, template: 'avery-l7160', path: join(out, 'warm.pdf') });
  if (!warm.ok) throw new Error(warm.error.message);
  await rawLabels(join(out, 'warm-raw.pdf'), labels.slice(0, 100));

  let started = performance.now();
  const result = await dispatch('labels.create', { source: { kind: 'search', filter: {} }, template: 'avery-l7160', code: 'qr', path: join(out, 'labels.pdf') });
  const storeroomMs = performance.now() - started;
  if (!result.ok) throw new Error(result.error.message);
  const { pages } = result.data as { pages: number; labels: number };

  started = performance.now();
  await rawLabels(join(out, 'raw.pdf'), labels);
  const rawMs = performance.now() - started;

  // Peak memory as a user meets it: the same 5,000 labels made by `storeroom labels` in a Node process of its own
  // (this benchmark's process holds Vite's module runner, some 270 MB before any label).
  catalogue.close();
  const cli = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));
  if (!existsSync(cli)) throw new Error('Run "npm run build" first: the memory figure comes from the built CLI.');
  const measure = `process.on('exit', () => process.stderr.write('maxrss=' + process.resourceUsage().maxRSS + '\\n')); await import(${JSON.stringify(cli)});`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', measure, '_', 'labels', join(out, 'cli.pdf'), '--objects', '', '--template', 'avery-l7160', '--catalogue', join(dir, 'catalogue'), '--json'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`storeroom labels failed: ${run.stderr}`);
  const peakMb = Number(/maxrss=(\d+)/.exec(run.stderr)?.[1] ?? NaN) / 1024;

  const ratio = storeroomMs / rawMs;
  const perSecond = (ms: number) => pages / (ms / 1000);
  report.note(
    `labels.create, ${LABELS} labels on ${pages} pages, streamed to disk\n` +
      `  Storeroom  ${(storeroomMs / 1000).toFixed(2)} s  ${perSecond(storeroomMs).toFixed(1)} pages/s   ` +
      `raw pdfkit + bwip-js, the same labels  ${(rawMs / 1000).toFixed(2)} s  ${perSecond(rawMs).toFixed(1)} pages/s   ` +
      `ratio ${ratio.toFixed(2)}×\n  peak RSS of \`storeroom labels\` making them in a process of its own  ${peakMb.toFixed(0)} MB` +
      (ratio > 1.3 ? '   MISSED: over 1.3×' : '') +
      (peakMb > 300 ? '   MISSED: over 300 MB' : ''),
  );
  if (ratio > 1.3) report.failures.push(`labels ${ratio.toFixed(2)}× raw pdfkit + bwip-js (target 1.3×)`);
  if (!(peakMb <= 300)) report.failures.push(`labels peak RSS ${peakMb.toFixed(0)} MB (target 300 MB)`);
}
