import type { Writable } from 'node:stream';
import { AppError, type CustodyStatus } from '../../../contract';
import { legStart, legTarget } from '../plans';
import { evacuationState, type Box, type EvacuationState, type ItemState } from '../state';
import { finishWithFooter } from './common';
import { when, type DocumentJob, type Words, type Written } from './documents';
import { PdfWriter } from './pdf';

/**
 * The papers of a box: its packing list (two copies, one inside the box and one with the team), and its movement
 * tracking form (each step of its journey with who, when, where and the transport, filled from the records and with
 * room to sign).
 */
export async function writeBoxForms(job: DocumentJob, out: Writable): Promise<Written> {
  const { ctx, evacuation, input } = job;
  const state = evacuationState(ctx, evacuation);
  const chosen = input.boxId ? [state.boxes.get(input.boxId)] : [...state.boxes.values()];
  if (chosen.some((b) => b === undefined)) throw AppError.of('NOT_FOUND', 'evacuation.boxNotFound', { id: input.boxId! }, { id: input.boxId });
  const boxes = (chosen as Box[]).filter((b) => input.boxId || contentsOf(state, b.id).length > 0 || historyOf(job, state, b.id).length > 0);
  if (boxes.length === 0) throw AppError.of('VALIDATION', 'evacuation.noBoxes');
  const pdf = await PdfWriter.create(out, job.title);
  let rows = 0;
  for (const [i, box] of boxes.entries()) {
    if (input.document === 'packingList') {
      rows += packingList(pdf, job, state, box, job.words('packingCopyInside'));
      packingList(pdf, job, state, box, job.words('packingCopyTeam'));
    } else rows += trackingForm(pdf, job, state, box);
    if (await job.step(i + 1, boxes.length, state.places.code.get(box.id))) break;
  }
  const pages = pdf.pageCount;
  finishWithFooter(pdf, job, job.words(input.document === 'packingList' ? 'packingList' : 'trackingForm'));
  return { pages, rows };
}

/** What a box holds now; or, once unpacked, what was packed in it for this leg. */
function contentsOf(state: EvacuationState, boxId: string): ItemState[] {
  const inside = state.items.filter((i) => state.places.within(i.currentLocationId, boxId));
  const items = inside.length > 0 ? inside : state.items.filter((i) => i.inLeg && i.boxId === boxId && i.status !== 'listed');
  return items.sort((a, b) => (a.steps.packed?.at ?? '').localeCompare(b.steps.packed?.at ?? '') || a.sortKey.localeCompare(b.sortKey));
}

/** The box's own journey in this leg: its moves, with who, the transport and who took charge. */
function historyOf(job: DocumentJob, state: EvacuationState, boxId: string) {
  const since = state.leg ? legStart(job.evacuation, state.leg) : null;
  if (!since) return [];
  return job.ctx.db
    .prepare(
      `SELECT lm.at, p.name AS person, lm.to_parent_id AS "to", b.method, b.contact FROM location_moves lm
       JOIN batches b ON b.reference = lm.reference LEFT JOIN people p ON p.id = lm.person_id
       WHERE lm.location_id = ? AND lm.at >= ? ORDER BY lm.at, lm.id`,
    )
    .all(boxId, since) as { at: string; person: string | null; to: string | null; method: string; contact: string }[];
}

const boxTitle = (w: Words, box: Box) => `${w(box.kind === 'crate' ? 'crate' : 'box')} ${box.number}`;

/** The top of a box's page: its code large, its QR code (what a scanner reads), the evacuation and the destination. */
function boxHeading(pdf: PdfWriter, job: DocumentJob, state: EvacuationState, box: Box, title: string, note: string, colour: string): void {
  const w = job.words;
  const code = state.places.code.get(box.id) ?? '';
  pdf.newPage();
  const top = pdf.y;
  pdf.qr(code, pdf.right - 92, top - 6, 92);
  pdf.line(title, pdf.left, top + 14, { size: 12, weight: 'bold', color: '#495057' }, pdf.width - 100);
  pdf.line(code, pdf.left, top + 50, { size: 34, weight: 'bold' }, pdf.width - 100);
  pdf.line(`${boxTitle(w, box)} · ${job.evacuation.code} · ${job.evacuation.name}`, pdf.left, top + 68, { size: 11, weight: 'bold' }, pdf.width - 100);
  const target = state.leg ? legTarget(job.evacuation, state.leg) : null;
  const destination = [job.evacuation.destination_name, target ? state.places.code.get(target) : null].filter(Boolean).join(' · ');
  pdf.line(`${w('destination')}: ${destination || '—'}`, pdf.left, top + 83, { size: 9, color: '#343a40' }, pdf.width - 100);
  if (note) {
    pdf.rect(pdf.left, top + 90, pdf.width - 100, 17, { fill: colour, radius: 2 });
    pdf.line(note, pdf.left + 6, top + 102, { size: 9.5, weight: 'bold', color: '#ffffff' }, pdf.width - 112);
  }
  pdf.y = top + 116;
  pdf.rule(pdf.y, '#212529', 1.2);
  pdf.y += 6;
}

interface Column {
  label: string;
  width: number;
  value: (item: ItemState, index: number) => string;
  bold?: boolean;
}

/** A table of objects, a row each, continuing on new pages with its header again. */
function table(pdf: PdfWriter, columns: Column[], items: ItemState[], onNewPage: () => void): void {
  const header = () => {
    let x = pdf.left;
    for (const c of columns) {
      pdf.line(c.label, x, pdf.y + 9, { size: 7.5, weight: 'bold', color: '#495057' }, c.width - 4);
      x += c.width;
    }
    pdf.y += 13;
    pdf.rule(pdf.y, '#868e96', 0.6);
    pdf.y += 3;
  };
  header();
  items.forEach((item, index) => {
    const cells = columns.map((c) => pdf.wrap(c.value(item, index), { size: 8.5, weight: c.bold ? 'bold' : 'regular' }, c.width - 6, 3));
    const height = Math.max(1, ...cells.map((l) => l.length)) * pdf.lineHeight(8.5) + 4;
    if (pdf.y + height > pdf.bottom) {
      onNewPage();
      header();
    }
    let x = pdf.left;
    columns.forEach((c, i) => {
      cells[i]!.forEach((l, j) => pdf.line(l, x, pdf.y + 9 + j * pdf.lineHeight(8.5), { size: 8.5, weight: c.bold ? 'bold' : 'regular' }, c.width - 6));
      x += c.width;
    });
    pdf.y += height;
    pdf.rule(pdf.y - 1, '#e9ecef', 0.5);
  });
}

/** A line to sign on, with its label. */
function signatureLines(pdf: PdfWriter, labels: string[]): void {
  pdf.ensure(40);
  pdf.y += 18;
  const width = pdf.width / labels.length;
  labels.forEach((label, i) => {
    const x = pdf.left + i * width;
    pdf.rule(pdf.y, '#212529', 0.6, x, x + width - 14);
    pdf.line(label, x, pdf.y + 10, { size: 8, color: '#495057' }, width - 14);
  });
  pdf.y += 18;
}

function packingList(pdf: PdfWriter, job: DocumentJob, state: EvacuationState, box: Box, copy: string): number {
  const w = job.words;
  const items = contentsOf(state, box.id);
  const { places } = state;
  const heading = () => boxHeading(pdf, job, state, box, w('packingList'), copy, copy === w('packingCopyInside') ? '#2b8a3e' : '#1864ab');
  heading();
  pdf.paragraph(`${w('contents')}: ${items.length} ${w('objects').toLowerCase()}`, { size: 10, weight: 'bold' }, 0, 6);
  table(
    pdf,
    [
      { label: '#', width: 22, value: (_, i) => String(i + 1) },
      { label: w('number'), width: 86, value: (i) => i.displayNumber, bold: true },
      { label: w('object'), width: 150, value: (i) => i.name },
      { label: w('priority'), width: 42, value: (i) => (i.evacuationPriority ? `P${i.evacuationPriority}` : '–') },
      { label: w('originalLocation'), width: 118, value: (i) => (i.originalLocationId ? (places.code.get(i.originalLocationId) ?? '') : '—') },
      { label: w('packedAt'), width: pdf.width - 418, value: (i) => [when(i.steps.packed?.at), i.steps.packed?.personName].filter(Boolean).join(' · ') },
    ],
    items,
    heading,
  );
  signatureLines(pdf, [w('packedBy'), w('signature'), w('when')]);
  return items.length;
}

const STATUS_WORDS: Record<CustodyStatus, Parameters<Words>[0]> = {
  listed: 'listed',
  packed: 'packed',
  in_transit: 'in_transit',
  unconfirmed: 'unconfirmed',
  received: 'received',
  placed: 'placed',
};

function trackingForm(pdf: PdfWriter, job: DocumentJob, state: EvacuationState, box: Box): number {
  const w = job.words;
  const { places } = state;
  const e = job.evacuation;
  const items = contentsOf(state, box.id);
  const heading = () => boxHeading(pdf, job, state, box, w('trackingForm'), '', '');
  heading();
  const target = state.leg ? legTarget(e, state.leg) : null;
  const moves = historyOf(job, state, box.id);
  const left = moves.filter((m) => places.within(m.to, e.transit_location_id)).at(-1);
  const arrived = moves.filter((m) => places.within(m.to, target)).at(-1);
  const latest = (pick: (i: ItemState) => { at: string; personName: string | null } | null) => {
    const steps = items.map(pick).filter((s): s is { at: string; personName: string | null } => s !== null);
    if (steps.length === 0) return null;
    const last = steps.reduce((a, b) => (a.at > b.at ? a : b));
    return { at: last.at, who: [...new Set(steps.map((s) => s.personName).filter(Boolean))].join(', '), count: steps.length };
  };
  const packed = latest((i) => i.steps.packed);
  const received = latest((i) => i.steps.received);
  const placed = latest((i) => i.steps.placed);
  const code = (id: string | null | undefined) => (id ? (places.code.get(id) ?? '') : '');
  const rows: { step: string; at: string; who: string; where: string; transport: string }[] = [
    { step: w('stepPacked'), at: when(packed?.at), who: packed?.who ?? '', where: packed ? `${code(box.id)} (${packed.count})` : '', transport: '' },
    { step: w('stepLeft'), at: when(left?.at), who: left?.person ?? '', where: code(left?.to), transport: [left?.method, left?.contact].filter(Boolean).join(' · ') },
    { step: w('stepArrived'), at: when(arrived?.at), who: arrived?.person ?? '', where: code(arrived?.to), transport: '' },
    { step: w('stepReceived'), at: when(received?.at), who: received?.who ?? '', where: received ? `${received.count} / ${items.length}` : '', transport: '' },
    { step: w('stepPlaced'), at: when(placed?.at), who: placed?.who ?? '', where: placed ? `${placed.count} / ${items.length}` : '', transport: '' },
  ];
  const widths = [92, 78, 96, 86, 96, pdf.width - 448];
  const labels = [w('step'), w('when'), w('who'), w('where'), w('transport'), w('signature')];
  let x = pdf.left;
  labels.forEach((label, i) => {
    pdf.line(label, x, pdf.y + 9, { size: 7.5, weight: 'bold', color: '#495057' }, widths[i]! - 4);
    x += widths[i]!;
  });
  pdf.y += 13;
  pdf.rule(pdf.y, '#868e96', 0.6);
  for (const row of rows) {
    const top = pdf.y;
    const cells = [row.step, row.at, row.who, row.where, row.transport, ''];
    x = pdf.left;
    cells.forEach((cell, i) => {
      pdf.block(cell, x + 2, top + 6, { size: 8.5, weight: i === 0 ? 'bold' : 'regular' }, widths[i]! - 6, 3);
      x += widths[i]!;
    });
    pdf.y = top + 38;
    pdf.rule(pdf.y, '#adb5bd', 0.6);
  }
  // Vertical lines, so that a step not yet recorded can be written in by hand.
  x = pdf.left;
  for (const width of widths.slice(0, -1)) {
    x += width;
    pdf.doc.save().lineWidth(0.4).strokeColor('#ced4da').moveTo(x, pdf.y - 38 * rows.length).lineTo(x, pdf.y).stroke().restore();
  }
  pdf.y += 12;
  pdf.paragraph(`${w('contents')}: ${items.length} ${w('objects').toLowerCase()}`, { size: 10, weight: 'bold' }, 0, 4);
  table(
    pdf,
    [
      { label: w('number'), width: 96, value: (i) => i.displayNumber, bold: true },
      { label: w('object'), width: 190, value: (i) => i.name },
      { label: w('priority'), width: 46, value: (i) => (i.evacuationPriority ? `P${i.evacuationPriority}` : '–') },
      { label: w('status'), width: pdf.width - 332, value: (i) => `${w(STATUS_WORDS[i.status])}${i.found ? ` · ${w('found')}` : ''}` },
    ],
    items,
    heading,
  );
  return items.length;
}
