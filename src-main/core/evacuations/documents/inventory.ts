import ExcelJS from 'exceljs';
import { CUSTODY_STEPS, type Leg } from '../../../contract';
import { boxesOutput, byRoute, evacuationState, itemOutput, legsOf } from '../state';
import type { DocumentJob, Written } from './documents';

/** Excel shows a date as written, with no time zone: the local wall-clock time of this computer. */
const local = (iso: string | null | undefined): Date | null => {
  if (!iso) return null;
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
};

/** The step columns of the inventory: who and when for each step of the chain of custody. */
const STEP_HEADERS: Record<(typeof CUSTODY_STEPS)[number], string> = {
  listed: 'Listed',
  packed: 'Packed',
  left: 'Left the building',
  arrived: 'Arrived',
  received: 'Received',
  placed: 'Placed',
};

export const INVENTORY_COLUMNS = [
  'Object number',
  'Description',
  'Brief description',
  'Priority',
  'Significance',
  'Vulnerability',
  'Ease of handling',
  'Original location',
  'Original location (full)',
  'Box',
  'Status',
  'New location',
  'New location (full)',
  'Condition on arrival',
  ...CUSTODY_STEPS.flatMap((step) => [`${STEP_HEADERS[step]} by`, `${STEP_HEADERS[step]} on`]),
  'Transport',
  'Taken charge by',
  'Found (not on the list)',
  'Handling notes',
] as const;

const DATE_COLUMNS = new Set(CUSTODY_STEPS.map((step) => `${STEP_HEADERS[step]} on`));

/**
 * The evacuation inventory, with the guidance's columns: number, description, priority, original location, box, new
 * location, condition on arrival, and the people at each step (with when). A sheet per leg (the evacuation, and its
 * return once begun), one for the boxes, and one about the operation. Headers are Spectrum's English words, as the
 * catalogue's export has them.
 */
export async function writeInventory(job: DocumentJob, file: string): Promise<Written> {
  const { ctx, evacuation: e } = job;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Storeroom';
  let rows = 0;
  // A plan has no leg yet: its one sheet is its list.
  const legs: (Leg | null)[] = legsOf(e).length ? legsOf(e) : [null];
  for (const leg of legs) {
    const state = evacuationState(ctx, e, { leg });
    const items = state.items.filter((i) => i.inLeg).sort(byRoute(state));
    const ws = wb.addWorksheet(leg === 'back' ? 'Return' : 'Evacuation', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = INVENTORY_COLUMNS.map((header) => ({
      header,
      width: header.endsWith('(full)') ? 36 : header === 'Description' || header === 'Brief description' || header === 'Handling notes' ? 30 : header.endsWith(' on') ? 17 : 16,
      style: DATE_COLUMNS.has(header) ? { numFmt: 'yyyy-mm-dd hh:mm' } : {},
    }));
    ws.getRow(1).font = { bold: true };
    for (const item of items) {
      const o = itemOutput(state, item);
      const atDestination = o.status === 'received' || o.status === 'placed' || o.status === 'unconfirmed';
      ws.addRow([
        o.displayNumber,
        o.name,
        o.description,
        o.evacuationPriority,
        o.significance,
        o.vulnerability,
        o.easeOfHandling,
        o.originalLocationCode,
        o.originalLocationPath,
        o.box?.code ?? null,
        o.status.replace('_', ' '),
        atDestination ? o.currentLocationCode : null,
        atDestination ? o.currentLocationPath : null,
        o.condition,
        ...CUSTODY_STEPS.flatMap((step) => [o.steps[step]?.personName ?? null, local(o.steps[step]?.at)]),
        o.steps.left?.transport || null,
        o.steps.left?.contact || null,
        o.found ? 'yes' : 'no',
        o.handlingNotes,
      ]);
      if (++rows % 200 === 0 && (await job.step(rows, items.length, o.displayNumber))) return { pages: 0, rows };
    }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: INVENTORY_COLUMNS.length } };
    if (leg === legs.at(-1)) {
      const boxes = wb.addWorksheet('Boxes', { views: [{ state: 'frozen', ySplit: 1 }] });
      boxes.columns = ['Box', 'Number', 'Kind', 'Status', 'Where', 'Where (full)', 'Expected', 'Found', 'Not found'].map((header) => ({ header, width: header.startsWith('Where (') ? 36 : 14 }));
      boxes.getRow(1).font = { bold: true };
      for (const b of boxesOutput(ctx, state)) {
        boxes.addRow([b.code, b.number, b.kind, b.status.replace('_', ' '), b.locationCode, b.locationPath, b.expected, b.confirmed, b.missing.map((m) => m.displayNumber).join('; ')]);
      }
    }
  }
  const team = (JSON.parse(e.team) as { role: string; name: string; contact?: string }[]).map((m) => `${m.role}: ${m.name}${m.contact ? ` (${m.contact})` : ''}`).join('\n');
  const about = wb.addWorksheet('About');
  about.columns = [{ header: 'About this evacuation', width: 28 }, { header: '', width: 70 }];
  about.getRow(1).font = { bold: true };
  for (const [label, value] of [
    ['Evacuation', `${e.code} ${e.name}`],
    ['Reason', e.reason],
    ['Status', e.status.replace('_', ' ')],
    ['Authorized by', e.authorized_by],
    ['Authorized on', local(e.authorized_at)],
    ['Objects authorized', e.authorized_objects],
    ['Destination', e.destination_name],
    ['Address', e.destination_address],
    ['Coordinates', e.destination_latitude !== null && e.destination_longitude !== null ? `${e.destination_latitude}, ${e.destination_longitude}` : null],
    ['Team', team],
    ['Route', e.route],
    ['Assembly points', e.assembly_points],
    ['Started', local(e.started_at)],
    ['Completed', local(e.completed_at)],
    ['Closed with objects unaccounted for because', e.closing_note],
    ['Return started', local(e.return_started_at)],
    ['Returned', local(e.returned_at)],
    ['Return closed with objects unaccounted for because', e.return_closing_note],
    ['Exported', local(ctx.now)],
    ['Times', 'Local time of the computer that made the export'],
  ] as [string, string | number | Date | null][]) {
    const row = about.addRow([label, value]);
    if (value instanceof Date) row.getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
  }
  await wb.xlsx.writeFile(file);
  return { pages: 0, rows };
}
