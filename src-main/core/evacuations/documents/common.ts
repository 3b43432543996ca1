import type { EvacuationRow } from '../plans';
import type { ReadContext } from '../../context';
import { derivedPath } from '../../media/store';
import type { PdfWriter } from './pdf';
import { when, type DocumentJob, type Words } from './documents';

/** The colours priorities print in: 1 red, 2 orange, 3 blue; none grey. */
export const PRIORITY_COLOURS: Record<string, string> = { '1': '#c92a2a', '2': '#d9480f', '3': '#1864ab', none: '#868e96' };

/** The thumbnail of a photo, on disk. */
export function thumbnail(ctx: Pick<ReadContext, 'db' | 'catalogue'>, photoId: string | null): string | null {
  if (!photoId) return null;
  const sha = ctx.db.prepare('SELECT sha256 FROM photos WHERE id = ?').pluck().get(photoId) as string | undefined;
  return sha ? derivedPath(ctx.catalogue.mediaDir, sha, 'thumb') : null;
}

/** A priority as a small coloured badge ("P1"). */
export function priorityBadge(pdf: PdfWriter, priority: number | null, x: number, y: number, words: Words): void {
  const colour = PRIORITY_COLOURS[priority === null ? 'none' : String(priority)]!;
  pdf.rect(x, y, 24, 15, { fill: colour, radius: 3 });
  pdf.line(priority === null ? '–' : `P${priority}`, x, y + 10.8, { size: 8.5, weight: 'bold', color: '#ffffff' }, 24, 'center');
  void words;
}

/** The heading every document starts with: its title, the evacuation, and what it is. */
export function documentHeading(pdf: PdfWriter, job: DocumentJob, title: string, subtitle?: string): void {
  const e = job.evacuation;
  pdf.ensure(80);
  pdf.line(title, pdf.left, pdf.y + 20, { size: 20, weight: 'bold' });
  pdf.line(`${e.code} · ${e.name}`, pdf.left, pdf.y + 38, { size: 12, weight: 'bold', color: '#343a40' });
  pdf.y += 46;
  const facts = [`${job.words('reason')}: ${job.words(e.reason)}`, `${job.words('status')}: ${job.words(e.status)}`];
  if (e.destination_name) facts.push(`${job.words('destination')}: ${e.destination_name}`);
  pdf.paragraph(facts.join('   ·   '), { size: 9, color: '#495057' }, 0, 2);
  if (subtitle) pdf.paragraph(subtitle, { size: 9, color: '#495057' }, 0, 2);
  pdf.y += 4;
  pdf.rule(pdf.y, '#212529', 1.2);
  pdf.y += 8;
}

/** The footer of every page: the evacuation, the document, when it was printed, and the page. */
export function finishWithFooter(pdf: PdfWriter, job: DocumentJob, title: string): void {
  const e: EvacuationRow = job.evacuation;
  pdf.finish((page, pages) => ({
    left: `${e.code} · ${e.name} · ${title} · ${job.words('printed')} ${when(job.ctx.now)}`,
    right: `${job.words('page')} ${page} / ${pages}`,
  }));
}
