import type { Writable } from 'node:stream';
import { CUSTODY_STATUSES, TEAM_ROLES, type CustodyStep, type EvacuationDocumentWord, type TeamRole } from '../../../contract';
import { boxesOutput, byRoute, evacuationState, itemOutput, legsOf, progressOutput } from '../state';
import { documentHeading, finishWithFooter } from './common';
import { when, type DocumentJob, type Written } from './documents';
import { PdfWriter } from './pdf';

const ROLE_WORDS: Record<TeamRole, EvacuationDocumentWord> = {
  leader: 'leader',
  documentation: 'documentation',
  packing: 'packing',
  transport: 'transportRole',
  reception: 'reception',
};

/**
 * The report of the operation: its authorization, destination, team and route; when it started and ended; for each leg
 * the objects by status and by priority, the boxes, the objects unaccounted for with where each was last recorded,
 * what was not packed and what was found; and why it was closed with objects missing, if it was.
 */
export async function writeSummary(job: DocumentJob, out: Writable): Promise<Written> {
  const { ctx, evacuation: e, words: w } = job;
  const pdf = await PdfWriter.create(out, job.title);
  pdf.newPage();
  documentHeading(pdf, job, w('summary'));

  const facts: [string, string][] = [
    [w('authorizedBy'), e.authorized_by],
    [w('authorizedAt'), when(e.authorized_at)],
    [w('authorizedObjects'), e.authorized_objects === null ? '' : String(e.authorized_objects)],
    [w('destination'), e.destination_name],
    [w('address'), e.destination_address],
    [w('coordinates'), e.destination_latitude !== null && e.destination_longitude !== null ? `${e.destination_latitude.toFixed(5)}, ${e.destination_longitude.toFixed(5)}` : ''],
    [w('route'), e.route],
    [w('assemblyPoints'), e.assembly_points],
    [w('startedAt'), when(e.started_at)],
    [w('completedAt'), when(e.completed_at)],
    [w('returnStartedAt'), when(e.return_started_at)],
    [w('returnedAt'), when(e.returned_at)],
  ];
  for (const [label, value] of facts.filter(([, v]) => v)) {
    const lines = pdf.wrap(value, { size: 9.5 }, pdf.width - 130, 12);
    pdf.ensure(lines.length * pdf.lineHeight(9.5) + 2);
    pdf.line(label, pdf.left, pdf.y + 9.5, { size: 9.5, weight: 'bold', color: '#343a40' }, 124);
    lines.forEach((l, i) => pdf.line(l, pdf.left + 130, pdf.y + 9.5 + i * pdf.lineHeight(9.5), { size: 9.5 }, pdf.width - 130));
    pdf.y += lines.length * pdf.lineHeight(9.5) + 2;
  }
  const team = (JSON.parse(e.team) as { role: TeamRole; name: string; contact?: string }[]).sort((a, b) => TEAM_ROLES.indexOf(a.role) - TEAM_ROLES.indexOf(b.role));
  if (team.length > 0) {
    pdf.y += 6;
    pdf.paragraph(w('team'), { size: 12, weight: 'bold' }, 0, 2);
    for (const member of team) pdf.paragraph(`${w(ROLE_WORDS[member.role])}: ${member.name}${member.contact ? ` (${member.contact})` : ''}`, { size: 9.5 }, 10, 1);
  }

  let rows = 0;
  for (const leg of legsOf(e)) {
    const state = evacuationState(ctx, e, { leg });
    const boxes = boxesOutput(ctx, state);
    const progress = progressOutput(state, boxes);
    const inLeg = state.items.filter((i) => i.inLeg).sort(byRoute(state));
    pdf.y += 10;
    pdf.ensure(60);
    pdf.rule(pdf.y, '#212529', 1);
    pdf.y += 6;
    pdf.paragraph(leg === 'out' ? `${w('evacuation')}: ${e.destination_name || w('destination')}` : w('return'), { size: 14, weight: 'bold' }, 0, 4);
    pdf.paragraph(`${w('outOfBuilding')}: ${progress.out} / ${progress.total}   ·   ${w('boxesInTransit')}: ${progress.boxes.in_transit}   ·   ${w('unaccounted')}: ${progress.unaccounted}`, { size: 10.5, weight: 'bold' }, 0, 4);
    pdf.paragraph(CUSTODY_STATUSES.map((s) => `${w(s)}: ${progress.byStatus[s]}`).join('   ·   '), { size: 9.5 }, 0, 2);
    pdf.paragraph(progress.byPriority.map((p) => `${p.priority === null ? w('none') : `P${p.priority}`}: ${p.out} / ${p.total}`).join('   ·   '), { size: 9.5 }, 0, 2);
    pdf.paragraph(`${w('boxes')}: ${boxes.length}   ·   ${boxes.map((b) => `${b.code} ${b.confirmed}/${b.expected}`).join(', ')}`, { size: 8.5, color: '#343a40' }, 0, 6);
    const note = leg === 'out' ? e.closing_note : e.return_closing_note;
    if (note) {
      pdf.paragraph(w('closingNote'), { size: 10, weight: 'bold' }, 0, 1);
      pdf.paragraph(note, { size: 9.5 }, 10, 6);
    }
    const section = (title: string, items: typeof inLeg, describe: (o: ReturnType<typeof itemOutput>) => string) => {
      pdf.ensure(40);
      pdf.paragraph(`${title} (${items.length})`, { size: 11, weight: 'bold' }, 0, 2);
      if (items.length === 0) pdf.paragraph(w('none'), { size: 9, color: '#495057' }, 10, 4);
      for (const item of items) {
        const shown = itemOutput(state, item);
        pdf.paragraph(`${shown.displayNumber}  ${shown.name} — ${describe(shown)}`, { size: 9 }, 10, 1);
        rows++;
      }
      pdf.y += 4;
    };
    section(w('unaccounted'), inLeg.filter((i) => i.status === 'unconfirmed'), (o) =>
      `${w('box')} ${o.box?.code ?? '—'}; ${w('lastRecorded')}: ${w(STEP_WORDS[o.lastRecorded.step])} ${when(o.lastRecorded.at)}${o.lastRecorded.personName ? `, ${o.lastRecorded.personName}` : ''} (${o.lastRecorded.locationCode ?? '—'})`,
    );
    section(w('notPacked'), inLeg.filter((i) => i.status === 'listed'), (o) => `${o.originalLocationCode ?? '—'} · ${o.originalLocationPath ?? ''}`);
    section(w('found'), inLeg.filter((i) => i.found), (o) => `${w(o.status)} · ${o.currentLocationCode ?? '—'}`);
    if (await job.step(rows, rows)) break;
  }
  const pages = pdf.pageCount;
  finishWithFooter(pdf, job, w('summary'));
  return { pages, rows };
}

const STEP_WORDS: Record<CustodyStep, EvacuationDocumentWord> = {
  listed: 'stepListed',
  packed: 'stepPacked',
  left: 'stepLeft',
  arrived: 'stepArrived',
  received: 'stepReceived',
  placed: 'stepPlaced',
};
