import type { WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { openPart } from '../exchange/parts';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { AppError, LABEL_CODES, LABEL_TEMPLATES, type LabelCode, type Output, type ParsedInput, type Translatable } from '../../contract';
import { catalogueName } from '../catalogue-name';
import { supportedLanguage, text } from '../i18n/locales';
import type { CallContext, JobContext, ReadContext } from '../context';
import { exportsDir } from '../media/store';
import { APP_VERSION } from '../version';
import { drawCalibrationPdf, drawPdf, registerFonts, SvgPage } from './draw';
import { loadPdfDocument } from './pdf-document';
import { labelFonts } from './fonts';
import { layoutLabel, PT, switchedNotice, type DrawOp, type LabelItem } from './layout';
import { labelList, type LabelList } from './sources';
import { builtInTemplates, cell, describeTemplate, perSheet, resolveTemplate, type Template } from './templates';
import { TextShaper } from './text';

type Options = ParsedInput<'labels.preview'>;

/** Labels per pause: the core answers other calls between them, and a cancel is seen. */
const BATCH = 20;

const META = { offset: 'labels.offset', template: 'labels.template', code: 'labels.code' } as const;

function meta(ctx: Pick<CallContext, 'db'>, key: string): string | null {
  return (ctx.db.prepare('SELECT value FROM catalogue_meta WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}

export function labelSettings(ctx: Pick<CallContext, 'db'>): Output<'labels.settings'> {
  let offset = { x: 0, y: 0 };
  try {
    const saved = JSON.parse(meta(ctx, META.offset) ?? 'null') as { x?: unknown; y?: unknown } | null;
    if (saved && typeof saved.x === 'number' && typeof saved.y === 'number') offset = { x: saved.x, y: saved.y };
  } catch {
    // A damaged value is no offset.
  }
  const template = meta(ctx, META.template);
  const code = meta(ctx, META.code);
  return {
    offset,
    template: template && (LABEL_TEMPLATES as readonly string[]).includes(template) ? template : null,
    code: code && (LABEL_CODES as readonly string[]).includes(code) ? (code as LabelCode) : null,
  };
}

export function saveLabelSettings(ctx: CallContext, input: ParsedInput<'labels.saveSettings'>): Output<'labels.saveSettings'> {
  const before = labelSettings(ctx);
  const set = ctx.db.prepare('INSERT INTO catalogue_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  let changed = false;
  if (input.offset && (input.offset.x !== before.offset.x || input.offset.y !== before.offset.y)) {
    set.run(META.offset, JSON.stringify({ x: input.offset.x, y: input.offset.y }));
    changed = true;
  }
  if (input.template && input.template !== before.template) {
    set.run(META.template, input.template);
    changed = true;
  }
  if (input.code && input.code !== before.code) {
    set.run(META.code, input.code);
    changed = true;
  }
  if (changed) ctx.touch('catalogue', 'labels.settings');
  return labelSettings(ctx);
}

export const listTemplates = (): Output<'labels.templates'> => ({ templates: builtInTemplates().map(describeTemplate) });

/** Everything a print needs, checked before anything is written: the template, the labels, where the first goes. */
interface Plan {
  template: Template;
  code: LabelCode;
  offset: { x: number; y: number };
  start: number;
  list: LabelList;
  calibration: boolean;
  pages: number;
}

function plan(ctx: ReadContext, input: Options): Plan {
  const template = resolveTemplate(input.template);
  const start = input.start ?? 1;
  if (start > perSheet(template)) throw AppError.of('VALIDATION', 'labels.startBeyondSheet', { start, perSheet: perSheet(template) });
  const calibration = input.source.kind === 'calibration';
  const list = labelList(ctx, input.source, input.locationTypeNames);
  if (!calibration && list.count === 0) throw AppError.of('VALIDATION', 'labels.nothingToPrint');
  const pages = calibration ? 1 : Math.ceil((start - 1 + list.count) / perSheet(template));
  return { template, code: input.code ?? 'qr', offset: input.offset ?? labelSettings(ctx).offset, start, list, calibration, pages };
}

/** Lays out one page's labels, from `first` (its index among all labels) with the sheet's slots from `slot`. */
class Pager {
  readonly shaper = new TextShaper(labelFonts());
  readonly switched: string[] = [];
  switchedCount = 0;

  constructor(private readonly p: Plan) {}

  /** The operations for one label in the sheet's slot, offset as the printer needs. */
  label(slot: number, item: LabelItem): DrawOp[] {
    const c = cell(this.p.template, slot);
    const box = { x: (c.x + this.p.offset.x) * PT, y: (c.y + this.p.offset.y) * PT, width: c.width * PT, height: c.height * PT };
    const laid = layoutLabel(this.shaper, this.p.template, box, item, this.p.code);
    if (laid.switchedToQr) {
      this.switchedCount++;
      if (this.switched.length < 5) this.switched.push(item.primary);
    }
    return laid.ops;
  }

  notices(): Translatable[] {
    return this.switchedCount > 0 ? [switchedNotice(this.switched, this.switchedCount)] : [];
  }
}

/** labels.preview: the first sheet as an SVG, with the totals. */
export function previewLabels(ctx: ReadContext, input: Options): Output<'labels.preview'> {
  const p = plan(ctx, input);
  const svg = new SvgPage(p.template);
  const pager = new Pager(p);
  const slots = perSheet(p.template);
  for (let slot = 0; slot < slots; slot++) {
    const c = cell(p.template, slot);
    svg.outline({ x: c.x * PT, y: c.y * PT, width: c.width * PT, height: c.height * PT }, !p.calibration && slot < p.start - 1);
  }
  if (p.calibration) {
    for (let slot = 0; slot < slots; slot++) {
      const c = cell(p.template, slot);
      svg.calibrationMarks({ x: (c.x + p.offset.x) * PT, y: (c.y + p.offset.y) * PT, width: c.width * PT, height: c.height * PT });
    }
  } else {
    let slot = p.start - 1;
    for (const item of p.list.items()) {
      if (slot >= slots) break;
      svg.draw(pager.label(slot++, item));
    }
  }
  return {
    svg: svg.toString(),
    template: describeTemplate(p.template),
    labels: p.list.count,
    pages: p.pages,
    perSheet: slots,
    notices: pager.notices(),
  };
}

/**
 * The id naming a PDF made for download (its folder under exports/): the job's id when the caller gave one.
 * The one place this module mints an id.
 */

/** A file system error as the user should hear it; nothing was written. */
function writeError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (error instanceof AppError || typeof code !== 'string' || !code.startsWith('E')) return error;
  if (code === 'ENOSPC' || code === 'EDQUOT') return AppError.of('DISK_FULL', 'labels.diskFull', { path }, { path });
  if (code === 'ENOENT' || code === 'ENOTDIR') return AppError.of('VALIDATION', 'labels.folderMissing', { path }, { path, code });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return AppError.of('VALIDATION', 'labels.notAllowed', { path }, { path, code });
  if (code === 'EISDIR') return AppError.of('VALIDATION', 'labels.isFolder', { path }, { path, code });
  return AppError.of('VALIDATION', 'labels.cannotWrite', { path, reason: (error as Error).message }, { path, code });
}

/** labels.create: the PDF, written to OUT.pdf.part and renamed when whole; a failure leaves no file behind. */
export async function createLabels(ctx: JobContext, input: ParsedInput<'labels.create'>): Promise<Output<'labels.create'>> {
  if (input.path && ctx.remote) throw AppError.of('VALIDATION', 'labels.pathOverNetwork');
  const p = plan(ctx, input);
  const exportId = ctx.jobId;
  const name = (catalogueName(ctx) || 'Storeroom').replace(/[\\/:*?"<>|]+/g, '-');
  const stamp = ctx.now.slice(0, 16).replace('T', ' ').replace(':', '-');
  const fileName = `${name} ${text(supportedLanguage(input.language), p.calibration ? 'export.files.labelCalibration' : 'export.files.labels')} ${stamp}.pdf`;
  const target = input.path ?? join(exportsDir(ctx.catalogue.dir), exportId, fileName);
  const part = `${target}.part`;
  const shown = input.path ?? fileName;
  const total = p.calibration ? 1 : p.list.count;
  ctx.progress({ done: 0, total, current: null, errors: 0 });

  let out: WriteStream;
  try {
    if (!input.path) await mkdir(dirname(target), { recursive: true });
    out = await openPart(part);
  } catch (error) {
    throw writeError(error, shown);
  }
  let failure: unknown = null;
  out.on('error', (error) => (failure ??= error));
  const pager = new Pager(p);
  const fonts = labelFonts();
  const size: [number, number] = [p.template.pageWidth * PT, p.template.pageHeight * PT];
  let done = 0;
  try {
    const PDFDocument = await loadPdfDocument();
    const doc = new PDFDocument({
      size,
      margin: 0,
      autoFirstPage: false,
      info: { Title: fileName.replace(/\.pdf$/, ''), Creator: `Storeroom ${APP_VERSION}`, Producer: 'Storeroom (pdfkit)' },
    });
    doc.pipe(out);
    registerFonts(doc, fonts);
    const slots = perSheet(p.template);
    if (p.calibration) {
      doc.addPage({ size, margin: 0 });
      doc.save().translate(p.offset.x * PT, p.offset.y * PT);
      const sign = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}`;
      drawCalibrationPdf(doc, p.template, fonts, `${p.template.title} · x ${sign(p.offset.x)} mm · y ${sign(p.offset.y)} mm · 100%`);
      doc.restore();
      done = 1;
    } else {
      let slot = p.start - 1;
      doc.addPage({ size, margin: 0 });
      for (const item of p.list.items()) {
        if (slot === slots) {
          doc.addPage({ size, margin: 0 });
          slot = 0;
        }
        drawPdf(doc, pager.label(slot++, item));
        done++;
        if (done % BATCH === 0) {
          if (ctx.signal.aborted || failure) break;
          ctx.progress({ done, total, current: item.primary, errors: 0 });
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }
    doc.end();
    await finished(out);
    if (failure) throw failure;
    if (ctx.signal.aborted) {
      await rm(part, { force: true });
      if (!input.path) await rm(dirname(target), { recursive: true, force: true });
      return { exportId, fileName, path: null, labels: done, pages: 0, notices: pager.notices(), cancelled: true };
    }
    await rename(part, target);
  } catch (error) {
    out.destroy();
    await rm(part, { force: true });
    if (!input.path) await rm(dirname(target), { recursive: true, force: true });
    throw writeError(failure ?? error, shown);
  }
  ctx.progress({ done: total, total, current: null, errors: 0 });
  return { exportId, fileName: basename(target), path: input.path ? target : null, labels: p.calibration ? 0 : done, pages: p.pages, notices: pager.notices(), cancelled: false };
}
