import { CUSTODY_STEPS, type EvacuationDocumentWord, type Leg } from '../../../contract';
import { loadExcel } from '../../exchange/excel';
import { languageMeta } from '../../i18n/locales';
import { boxesOutput, byRoute, evacuationState, itemOutput, legsOf } from '../state';
import type { DocumentJob, Words, Written } from './documents';

const BOX_COLUMNS = ['box', 'number', 'kind', 'status', 'where', 'whereFull', 'expected', 'found', 'notFound'] as const;

/** Excel shows a date as written, with no time zone: the local wall-clock time of this computer. */
const local = (iso: string | null | undefined): Date | null => {
  if (!iso) return null;
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
};

/**
 * The inventory's columns, by key: their headers are `evacuationDocuments.columns.<key>` in the reader's language; a
 * step of the chain of custody has two, who (`<step>By`) and when (`<step>On`).
 */
export const INVENTORY_COLUMNS = [
  'number',
  'name',
  'description',
  'priority',
  'significance',
  'vulnerability',
  'easeOfHandling',
  'originalLocation',
  'originalLocationFull',
  'box',
  'status',
  'newLocation',
  'newLocationFull',
  'conditionOnArrival',
  ...CUSTODY_STEPS.flatMap((step) => [`${step}By`, `${step}On`]),
  'transport',
  'takenChargeBy',
  'found',
  'handlingNotes',
] as const;

const DATE_COLUMNS = new Set<string>(CUSTODY_STEPS.map((step) => `${step}On`));
const WIDE_COLUMNS = new Set<string>(['name', 'description', 'handlingNotes']);

/** The inventory's headers in a language, in order. */
export const inventoryHeaders = (w: Words): string[] => INVENTORY_COLUMNS.map((key) => w.say(`columns.${key}`));

/**
 * The evacuation inventory, with the guidance's columns: number, description, priority, original location, box, new
 * location, condition on arrival, and the people at each step (with when). A sheet per leg (the evacuation, and its
 * return once begun), one for the boxes, and one about the operation, in the reader's language (right to left in
 * Arabic); data (numbers, names, codes) as it is.
 */
export async function writeInventory(job: DocumentJob, file: string): Promise<Written> {
  const { ctx, evacuation: e, words: w } = job;
  const rtl = languageMeta(w.language).dir === 'rtl';
  const view = { state: 'frozen' as const, ySplit: 1, rightToLeft: rtl };
  const rating = (value: string | null) => (value ? w.say(`ratings.${value}`) : null);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Storeroom';
  let rows = 0;
  // A plan has no leg yet: its one sheet is its list.
  const legs: (Leg | null)[] = legsOf(e).length ? legsOf(e) : [null];
  for (const leg of legs) {
    const state = evacuationState(ctx, e, { leg });
    const items = state.items.filter((i) => i.inLeg).sort(byRoute(state));
    const ws = wb.addWorksheet(w(leg === 'back' ? 'return' : 'evacuation'), { views: [view] });
    ws.columns = INVENTORY_COLUMNS.map((key) => ({
      header: w.say(`columns.${key}`),
      width: key.endsWith('Full') ? 36 : WIDE_COLUMNS.has(key) ? 30 : DATE_COLUMNS.has(key) ? 17 : 16,
      style: DATE_COLUMNS.has(key) ? { numFmt: 'yyyy-mm-dd hh:mm' } : {},
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
        rating(o.significance),
        rating(o.vulnerability),
        rating(o.easeOfHandling),
        o.originalLocationCode,
        o.originalLocationPath,
        o.box?.code ?? null,
        w(o.status),
        atDestination ? o.currentLocationCode : null,
        atDestination ? o.currentLocationPath : null,
        o.condition,
        ...CUSTODY_STEPS.flatMap((step) => [o.steps[step]?.personName ?? null, local(o.steps[step]?.at)]),
        o.steps.left?.transport || null,
        o.steps.left?.contact || null,
        w.say(o.found ? 'yes' : 'no'),
        o.handlingNotes,
      ]);
      if (++rows % 200 === 0 && (await job.step(rows, items.length, o.displayNumber))) return { pages: 0, rows };
    }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: INVENTORY_COLUMNS.length } };
    if (leg === legs.at(-1)) {
      const boxes = wb.addWorksheet(w('boxes'), { views: [view] });
      boxes.columns = BOX_COLUMNS.map((key) => ({ header: w.say(`boxColumns.${key}`), width: key === 'whereFull' ? 36 : 14 }));
      boxes.getRow(1).font = { bold: true };
      for (const b of boxesOutput(ctx, state)) {
        boxes.addRow([b.code, b.number, w(b.kind), w.say(`boxStatus.${b.status}`), b.locationCode, b.locationPath, b.expected, b.confirmed, b.missing.map((m) => m.displayNumber).join('; ')]);
      }
    }
  }
  const team = (JSON.parse(e.team) as { role: string; name: string; contact?: string }[]).map((m) => `${w(m.role === 'transport' ? 'transportRole' : (m.role as EvacuationDocumentWord))}: ${m.name}${m.contact ? ` (${m.contact})` : ''}`).join('\n');
  const about = wb.addWorksheet(w.say('about.sheet'), { views: [{ rightToLeft: rtl }] });
  about.columns = [{ header: w.say('about.title'), width: 28 }, { header: '', width: 70 }];
  about.getRow(1).font = { bold: true };
  for (const [label, value] of [
    [w('evacuation'), `${e.code} ${e.name}`],
    [w('reason'), w(e.reason as EvacuationDocumentWord)],
    [w('status'), w(e.status as EvacuationDocumentWord)],
    [w('authorizedBy'), e.authorized_by],
    [w('authorizedAt'), local(e.authorized_at)],
    [w('authorizedObjects'), e.authorized_objects],
    [w('destination'), e.destination_name],
    [w('address'), e.destination_address],
    [w('coordinates'), e.destination_latitude !== null && e.destination_longitude !== null ? `${e.destination_latitude}, ${e.destination_longitude}` : null],
    [w('team'), team],
    [w('route'), e.route],
    [w('assemblyPoints'), e.assembly_points],
    [w('startedAt'), local(e.started_at)],
    [w('completedAt'), local(e.completed_at)],
    [w('closingNote'), e.closing_note],
    [w('returnStartedAt'), local(e.return_started_at)],
    [w('returnedAt'), local(e.returned_at)],
    [w.say('about.returnClosingNote'), e.return_closing_note],
    [w.say('about.exported'), local(ctx.now)],
    [w.say('about.times'), w.say('about.timesNote')],
  ] as [string, string | number | Date | null][]) {
    const row = about.addRow([label, value]);
    if (value instanceof Date) row.getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
  }
  await wb.xlsx.writeFile(file);
  return { pages: 0, rows };
}
