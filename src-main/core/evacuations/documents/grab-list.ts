import type { Writable } from 'node:stream';
import { AppError } from '../../../contract';
import { evacuationState, byRoute, type ItemState } from '../state';
import { documentHeading, finishWithFooter, priorityBadge, thumbnail } from './common';
import type { DocumentJob, Written } from './documents';
import { PdfWriter } from './pdf';

const ROW = 64;

/**
 * The grab list: every object to take, room by room, in the order the route reaches them (the locations as they stand
 * in each room), each with its photo, number, name, exact place (code and path) and how to handle it, and a box to
 * tick. Made for someone who has never seen the storeroom.
 */
export async function writeGrabList(job: DocumentJob, out: Writable): Promise<Written> {
  const { ctx, evacuation, input, words: w } = job;
  const state = evacuationState(ctx, evacuation);
  const max = input.maxPriority;
  const items = state.items.filter((i) => i.inLeg && (max === undefined || (i.evacuationPriority !== null && i.evacuationPriority <= max))).sort(byRoute(state));
  if (items.length === 0) throw AppError.of('VALIDATION', 'evacuation.emptyList');
  const { places } = state;

  const pdf = await PdfWriter.create(out, job.title);
  const columns = { tick: pdf.left, photo: pdf.left + 20, priority: pdf.left + 82, object: pdf.left + 112, location: pdf.left + 268, handling: pdf.left + 408 };
  const widths = { object: 150, location: 134, handling: pdf.right - columns.handling };
  const counts = [1, 2, 3, null].map((p) => [p, items.filter((i) => i.evacuationPriority === p).length] as const).filter(([, n]) => n > 0);
  const summary = `${items.length} ${w('objects').toLowerCase()}: ${counts.map(([p, n]) => `${p === null ? w('none') : `P${p}`} ${n}`).join(', ')}`;

  const header = () => {
    const y = pdf.y;
    const style = { size: 7, weight: 'bold' as const, color: '#495057' };
    pdf.line(w('taken'), columns.tick - 2, y + 8, style, 22);
    pdf.line(w('priority'), columns.priority - 4, y + 8, style, 34);
    pdf.line(`${w('number')} · ${w('object')}`, columns.object, y + 8, style, widths.object);
    pdf.line(w('location'), columns.location, y + 8, style, widths.location);
    pdf.line(w('handling'), columns.handling, y + 8, style, widths.handling);
    pdf.y += 12;
    pdf.rule(pdf.y, '#868e96', 0.6);
    pdf.y += 2;
  };
  const roomHeading = (room: string | null, count: number, continued: boolean) => {
    pdf.ensure(22 + ROW);
    pdf.rect(pdf.left, pdf.y, pdf.width, 18, { fill: '#e9ecef' });
    const label = room ? `${w('room')}: ${places.code.get(room)} — ${places.path(room)}` : w('noRoom');
    pdf.line(`${label}${continued ? ' …' : ''}`, pdf.left + 6, pdf.y + 12.5, { size: 10, weight: 'bold' }, pdf.width - 60);
    pdf.line(String(count), pdf.left, pdf.y + 12.5, { size: 9, color: '#495057' }, pdf.width - 6, 'right');
    pdf.y += 22;
  };

  pdf.newPage();
  documentHeading(pdf, job, w('grabList'), `${w('grabListHelp')}  ${summary}.`);
  header();
  const groups: { room: string | null; items: ItemState[] }[] = [];
  for (const item of items) {
    const room = places.room(item.originalLocationId);
    const last = groups.at(-1);
    if (last && last.room === room) last.items.push(item);
    else groups.push({ room, items: [item] });
  }
  let done = 0;
  let cancelled = false;
  for (const group of groups) {
    if (cancelled) break;
    roomHeading(group.room, group.items.length, false);
    for (const item of group.items) {
      if (pdf.ensure(ROW)) {
        header();
        roomHeading(group.room, group.items.length, true);
      }
      const top = pdf.y;
      pdf.rect(columns.tick, top + 6, 12, 12, { stroke: '#212529', lineWidth: 1 });
      if (!pdf.image(thumbnail(ctx, item.primaryPhotoId), columns.photo, top + 3, 56, ROW - 8)) pdf.rect(columns.photo, top + 3, 56, ROW - 8, { stroke: '#dee2e6' });
      priorityBadge(pdf, item.evacuationPriority, columns.priority, top + 5, w);
      pdf.line(item.displayNumber, columns.object, top + 14, { size: 11, weight: 'bold' }, widths.object);
      pdf.block(item.name, columns.object, top + 19, { size: 8.5 }, widths.object, 3);
      const code = item.originalLocationId ? (places.code.get(item.originalLocationId) ?? '') : '—';
      pdf.line(code, columns.location, top + 14, { size: 10.5, weight: 'bold' }, widths.location);
      pdf.block(places.path(item.originalLocationId) ?? '', columns.location, top + 19, { size: 7.5, color: '#343a40' }, widths.location, 4);
      pdf.block(item.handlingNotes, columns.handling, top + 4, { size: 8 }, widths.handling, 6);
      pdf.y = top + ROW;
      pdf.rule(pdf.y, '#dee2e6', 0.5);
      if (++done % 20 === 0 && (await job.step(done, items.length, item.displayNumber))) {
        cancelled = true;
        break;
      }
    }
    pdf.y += 6;
  }
  const pages = pdf.pageCount;
  finishWithFooter(pdf, job, w('grabList'));
  return { pages, rows: done };
}
