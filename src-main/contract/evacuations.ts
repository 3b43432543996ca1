import { z } from 'zod';
import { translatableFields } from './errors';
import { languageTag, objectList } from './schemas';
import { EVACUATION_PRIORITIES, id, RATINGS, requiredText, text, timestamp } from './values';

export { EVACUATION_PRIORITIES, RATINGS };

/**
 * Emergency evacuation, as ICCROM teaches it ("Endangered Heritage: Emergency Evacuation of Heritage Collections",
 * 2016; "First Aid to Cultural Heritage in Times of Crisis", 2018): an authorized operation with a team, a priority
 * list, numbered boxes, a chain of custody for every object and a reconciliation of what was expected against what
 * arrived. The chain of custody is the catalogue's own history (movements and sightings), so it exports and merges as
 * the rest does.
 */

export const EVACUATION_REASONS = ['fire', 'flood', 'conflict', 'structural', 'other'] as const;
export type EvacuationReason = (typeof EVACUATION_REASONS)[number];

/** Planned (a plan kept ready), under way, completed (everything at the destination), returning, returned. */
export const EVACUATION_STATUSES = ['planned', 'under_way', 'completed', 'returning', 'returned'] as const;
export type EvacuationStatus = (typeof EVACUATION_STATUSES)[number];

/** The team's roles, as the guidance names them. */
export const TEAM_ROLES = ['leader', 'documentation', 'packing', 'transport', 'reception'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const BOX_KINDS = ['box', 'crate'] as const;
export type BoxKind = (typeof BOX_KINDS)[number];

/**
 * Where an object stands in the chain of custody of the current leg (out to the destination, or back):
 * listed (not yet packed), packed (in a box that has not left), in transit (left the building), unconfirmed (its box
 * arrived but the object has not been found in it yet: unaccounted for), received (found at the destination), placed
 * (put in its place there).
 */
export const CUSTODY_STATUSES = ['listed', 'packed', 'in_transit', 'unconfirmed', 'received', 'placed'] as const;
export type CustodyStatus = (typeof CUSTODY_STATUSES)[number];

/** The steps of the chain of custody, each recorded with who and when. */
export const CUSTODY_STEPS = ['listed', 'packed', 'left', 'arrived', 'received', 'placed'] as const;
export type CustodyStep = (typeof CUSTODY_STEPS)[number];

/** A box's place in the chain: no objects yet, being packed, on the way, arrived (some contents not yet found), checked. */
export const BOX_STATUSES = ['empty', 'packing', 'in_transit', 'arrived', 'checked', 'unpacked'] as const;
export type BoxStatus = (typeof BOX_STATUSES)[number];

export const LEGS = ['out', 'back'] as const;
export type Leg = (typeof LEGS)[number];

export const teamMember = z.strictObject({
  role: z.enum(TEAM_ROLES),
  name: requiredText(120),
  contact: text(200).optional().describe('a phone number, a radio channel'),
});
export type TeamMember = z.infer<typeof teamMember>;

const latitude = z.number().finite().min(-90).max(90);
const longitude = z.number().finite().min(-180).max(180);

/** What a plan says: everything but its status and its places in the catalogue. */
const planFields = {
  name: requiredText(200),
  reason: z.enum(EVACUATION_REASONS),
  authorizedBy: text(200).optional().describe('who authorized the evacuation'),
  authorizedAt: z.iso.datetime({ offset: true }).nullable().optional().describe('when it was authorized'),
  authorizedObjects: z.number().int().min(0).max(1_000_000).nullable().optional().describe('how many objects the authorization covers'),
  destinationName: text(200).optional(),
  destinationAddress: text(1000).optional(),
  destinationLatitude: latitude.nullable().optional(),
  destinationLongitude: longitude.nullable().optional(),
  team: z.array(teamMember).max(200).optional(),
  route: text(5000).optional().describe('the route out of the building and to the destination'),
  assemblyPoints: text(5000).optional(),
  notes: text(5000).optional(),
};

export const evacuationCode = requiredText(20).regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be letters, digits, "-" or "_"');

/** The names of the places an evacuation makes when it starts, in the reader's language; English otherwise. */
export const placeNames = z
  .strictObject({ packing: text(200), transit: text(200), destination: text(200) })
  .partial()
  .describe('names for the packing area, the vehicles ("in transit") and the destination, when Storeroom makes them');

export const evacuationCreate = z.strictObject({
  ...planFields,
  code: evacuationCode.optional().describe('the prefix of its boxes’ codes; by default EV1, EV2, …'),
  destinationLocationId: id.nullable().optional().describe('the destination, when it is a location of the catalogue already (otherwise one is made when the evacuation starts)'),
  start: z.boolean().optional().describe('start it now (an evacuation under way) rather than keep it as a plan'),
  placeNames: placeNames.optional(),
});

export const evacuationUpdate = z.strictObject({
  id,
  ...z.object(planFields).partial().shape,
  destinationLocationId: id.nullable().optional(),
});

export const evacuation = z.object({
  id,
  code: z.string(),
  name: z.string(),
  reason: z.enum(EVACUATION_REASONS),
  status: z.enum(EVACUATION_STATUSES),
  authorizedBy: z.string(),
  authorizedAt: timestamp.nullable(),
  authorizedObjects: z.number().int().nullable(),
  destinationName: z.string(),
  destinationAddress: z.string(),
  destinationLatitude: z.number().nullable(),
  destinationLongitude: z.number().nullable(),
  team: z.array(z.object({ role: z.enum(TEAM_ROLES), name: z.string(), contact: z.string() })),
  route: z.string(),
  assemblyPoints: z.string(),
  notes: z.string(),
  packingLocation: z.object({ id, code: z.string() }).nullable().describe('where the boxes are made and packed'),
  transitLocation: z.object({ id, code: z.string() }).nullable().describe('the vehicles on the way: what left the building and has not arrived'),
  destinationLocation: z.object({ id, code: z.string() }).nullable(),
  returnLocation: z.object({ id, code: z.string() }).nullable().describe('where the objects go back to'),
  startedAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  returnStartedAt: timestamp.nullable(),
  returnedAt: timestamp.nullable(),
  closingNote: z.string().describe('why it was completed with objects unaccounted for'),
  returnClosingNote: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Evacuation = z.infer<typeof evacuation>;

const counts = z.object(Object.fromEntries(CUSTODY_STATUSES.map((s) => [s, z.number().int()])) as Record<CustodyStatus, z.ZodNumber>);

/** What the dashboard shows of an evacuation: its current leg, counted. */
export const evacuationProgress = z.object({
  leg: z.enum(LEGS).nullable().describe('out to the destination, or back; null while it is a plan'),
  total: z.number().int().describe('objects in the current leg (the list; on the way back, those that were at the destination)'),
  byStatus: counts,
  out: z.number().int().describe('objects out of the building: in transit, arrived, received or placed'),
  byPriority: z.array(z.object({ priority: z.number().int().nullable(), total: z.number().int(), out: z.number().int() })),
  unaccounted: z.number().int().describe('objects whose box arrived without them being found in it'),
  found: z.number().int().describe('objects found on the way that were not on the list'),
  boxes: z.object(Object.fromEntries(BOX_STATUSES.map((s) => [s, z.number().int()])) as Record<BoxStatus, z.ZodNumber>).extend({ total: z.number().int() }),
});

export const evacuationSummary = evacuation.pick({ id: true, code: true, name: true, reason: true, status: true, createdAt: true, startedAt: true, completedAt: true, returnedAt: true }).extend({
  progress: evacuationProgress,
});

export const evacuationDetail = evacuation.extend({
  progress: evacuationProgress,
  suggestedReturnLocationId: id.nullable().describe('where the objects came from: the place that holds all their original locations'),
});

/** Which objects a bulk action takes: a selection, what a search finds, or everything in a location. */
export const objectSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('objects'), ids: z.array(id).min(1).max(10_000).describe('the objects selected') }),
  z.strictObject({
    kind: z.literal('search'),
    filter: objectList.omit({ offset: true, limit: true, sort: true, descending: true }).describe('every object an objects.list filter finds'),
  }),
  z.strictObject({ kind: z.literal('contents'), locationId: id.describe('every object in this location and below it') }),
]);
export type ObjectSource = z.infer<typeof objectSource>;

export const prioritySettings = z.strictObject({
  evacuationPriority: z.number().int().min(1).max(3).nullable().optional(),
  significance: z.enum(RATINGS).nullable().optional(),
  vulnerability: z.enum(RATINGS).nullable().optional(),
  easeOfHandling: z.enum(RATINGS).nullable().optional(),
});

export const addObjects = z.strictObject({
  evacuationId: id,
  source: objectSource,
  set: prioritySettings.optional().describe('the priority and criteria to give every one of these objects'),
});

/** One step of an object's chain of custody: when, by whom, where. */
export const custodyStep = z.object({
  at: timestamp,
  personName: z.string().nullable(),
  locationCode: z.string().nullable().describe('where the step put it: the box, the vehicle, the place at the destination'),
  transport: z.string().describe('for leaving: the movement method (the vehicle)'),
  contact: z.string().describe('for leaving: who took charge of it on the way'),
  reference: z.string().nullable().describe('the movement reference, or null for a step that is not a movement'),
});
export type CustodyStepRecord = z.infer<typeof custodyStep>;

export const evacuationItem = z.object({
  objectId: id,
  displayNumber: z.string(),
  name: z.string(),
  description: z.string(),
  evacuationPriority: z.number().int().nullable(),
  significance: z.enum(RATINGS).nullable(),
  vulnerability: z.enum(RATINGS).nullable(),
  easeOfHandling: z.enum(RATINGS).nullable(),
  handlingNotes: z.string(),
  primaryPhotoId: id.nullable(),
  found: z.boolean().describe('not on the list: found on the way'),
  inLeg: z.boolean().describe('part of the current leg (on the way back: it was at the destination when the return began)'),
  status: z.enum(CUSTODY_STATUSES),
  originalLocationId: id.nullable(),
  originalLocationCode: z.string().nullable().describe('where it was before the evacuation'),
  originalLocationPath: z.string().nullable(),
  currentLocationId: id.nullable(),
  currentLocationCode: z.string().nullable(),
  currentLocationPath: z.string().nullable(),
  box: z.object({ id, code: z.string(), number: z.number().int() }).nullable().describe('the box it is in, or was last packed in'),
  condition: z.string().nullable().describe('its condition as recorded after it arrived (on arrival), or null'),
  steps: z.object(Object.fromEntries(CUSTODY_STEPS.map((s) => [s, custodyStep.nullable()])) as Record<CustodyStep, z.ZodNullable<typeof custodyStep>>),
  lastRecorded: custodyStep.extend({ step: z.enum(CUSTODY_STEPS), locationPath: z.string().nullable() }).describe('the latest step recorded: where it was last known to be'),
});
export type EvacuationItem = z.infer<typeof evacuationItem>;

export const evacuationItemsQuery = z.strictObject({
  evacuationId: id,
  leg: z.enum(LEGS).optional().describe('the leg whose chain of custody to show (the current one by default)'),
  status: z.array(z.enum(CUSTODY_STATUSES)).min(1).optional(),
  boxId: id.optional().describe('only what is, or was last packed, in this box'),
  query: text(200).optional().describe('words in the number or name'),
  found: z.boolean().optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(5000).optional(),
});

export const evacuationBox = z.object({
  id,
  code: z.string(),
  name: z.string(),
  number: z.number().int(),
  kind: z.enum(BOX_KINDS),
  status: z.enum(BOX_STATUSES),
  /** Where the box is: the packing area, the vehicle, the destination. */
  locationCode: z.string().nullable(),
  locationPath: z.string().nullable(),
  objects: z.number().int().describe('objects in it now'),
  expected: z.number().int().describe('objects packed in it for the current leg'),
  confirmed: z.number().int().describe('of those, found in it (or placed) at the destination'),
  missing: z.array(z.object({ objectId: id, displayNumber: z.string(), name: z.string() })).describe('packed in it, its box arrived, not found yet'),
  photos: z.number().int(),
  createdAt: timestamp,
});
export type EvacuationBox = z.infer<typeof evacuationBox>;

const scannedObject = z.object({ id, displayNumber: z.string(), name: z.string(), evacuationPriority: z.number().int().nullable() });
const candidate = z.object({ id, displayNumber: z.string(), name: z.string(), currentLocationCode: z.string().nullable() });
const warning = z.object(translatableFields);

export const packInput = z
  .strictObject({
    evacuationId: id,
    boxId: id,
    number: z.string().trim().min(1).max(80).optional().describe('the object number scanned or typed'),
    objectId: id.optional().describe('the object, when a number matched several'),
    newObjectName: text(300).optional().describe('for a number the catalogue does not know: record a found object with this name, and pack it'),
    move: z.boolean().optional().describe('take it out of the other box it is in (the user was asked)'),
    reference: z.string().max(40).optional().describe('the packing batch to join: what the previous scan returned'),
  })
  .refine((i) => Boolean(i.number) !== Boolean(i.objectId), { message: 'Give the number or the object, not both.', path: ['number'] });

export const packResult = z.object({
  status: z.enum(['packed', 'already_in_box', 'unknown', 'ambiguous']),
  reference: z.string().nullable(),
  object: scannedObject.nullable(),
  fromLocationCode: z.string().nullable(),
  found: z.boolean().describe('it was not on the list: it is on it now, as a found object'),
  warning: warning.nullable(),
  candidates: z.array(candidate),
  boxCount: z.number().int().describe('objects in the box now'),
});

export const loadInput = z.strictObject({
  evacuationId: id,
  code: z.string().trim().min(1).max(80).describe('the box code (or the number of an object carried loose) scanned'),
  transport: requiredText(200).describe('the movement method: the vehicle ("Van AB-123")'),
  contact: text(200).optional().describe('who takes charge of it on the way (the driver)'),
  reference: z.string().max(40).optional().describe('the departure batch to join'),
});

export const loadResult = z.object({
  status: z.enum(['loaded', 'already_loaded']),
  kind: z.enum(['box', 'object']),
  code: z.string(),
  objects: z.number().int().describe('objects that left with it'),
  reference: z.string().nullable(),
  warning: warning.nullable(),
});

export const receiveInput = z
  .strictObject({
    evacuationId: id,
    code: z.string().trim().min(1).max(80).optional().describe('a box code (checks the box in with its contents) or an object number (finds the object in it)'),
    objectId: id.optional().describe('the object, when a number matched several'),
    boxId: id.optional().describe('the box being unpacked: an object scanned is found in it'),
    newObjectName: text(300).optional().describe('for a number the catalogue does not know: record a found object with this name'),
    reference: z.string().max(40).optional().describe('the arrival batch to join'),
  })
  .refine((i) => Boolean(i.code) !== Boolean(i.objectId), { message: 'Give the code or the object, not both.', path: ['code'] });

export const receiveResult = z.object({
  kind: z.enum(['box', 'object']),
  status: z.enum(['arrived', 'already_arrived', 'received', 'already_received', 'unknown', 'ambiguous']),
  reference: z.string().nullable(),
  box: z.object({ id, code: z.string(), number: z.number().int(), expected: z.number().int(), confirmed: z.number().int() }).nullable(),
  object: scannedObject.nullable(),
  found: z.boolean().describe('it was not on the list, or not where it was recorded: recorded where it was found'),
  warning: warning.nullable(),
  candidates: z.array(candidate),
});

export const placeInput = z
  .strictObject({
    evacuationId: id,
    toLocationId: id,
    number: z.string().trim().min(1).max(80).optional(),
    objectId: id.optional(),
    reference: z.string().max(40).optional(),
  })
  .refine((i) => Boolean(i.number) !== Boolean(i.objectId), { message: 'Give the number or the object, not both.', path: ['number'] });

export const placeResult = z.object({
  status: z.enum(['placed', 'already_there', 'unknown', 'ambiguous']),
  reference: z.string().nullable(),
  object: scannedObject.nullable(),
  fromLocationCode: z.string().nullable(),
  warning: warning.nullable(),
  candidates: z.array(candidate),
});

export const reconciliation = z.object({
  leg: z.enum(LEGS).nullable(),
  progress: evacuationProgress,
  boxes: z.array(evacuationBox).describe('every box, with what was packed in it and what was found of it'),
  unaccounted: z.array(evacuationItem).describe('objects whose box arrived without them: each with where it was last recorded'),
  notPacked: z.array(evacuationItem).describe('objects on the list not yet packed'),
  found: z.array(evacuationItem).describe('objects found on the way that were not on the list'),
});

export const EVACUATION_DOCUMENTS = ['grabList', 'packingList', 'trackingForm', 'summary', 'inventory'] as const;
export type EvacuationDocument = (typeof EVACUATION_DOCUMENTS)[number];

/**
 * The words of the evacuation's printed documents, by key: their text is `evacuationDocuments.<key>` in
 * resources/locales/<language>/evacuations.json, in the reader's language (`language`).
 */
export const EVACUATION_DOCUMENT_WORDS = ['grabList', 'grabListHelp', 'packingList', 'packingCopyInside', 'packingCopyTeam', 'trackingForm', 'summary', 'evacuation', 'reason', 'status', 'authorizedBy', 'authorizedAt', 'authorizedObjects', 'destination', 'address', 'coordinates', 'route', 'assemblyPoints', 'team', 'room', 'noRoom', 'priority', 'number', 'object', 'location', 'handling', 'taken', 'box', 'crate', 'objects', 'originalLocation', 'packedBy', 'packedAt', 'step', 'when', 'who', 'where', 'transport', 'signature', 'stepListed', 'stepPacked', 'stepLeft', 'stepArrived', 'stepReceived', 'stepPlaced', 'contents', 'expected', 'received', 'unaccounted', 'lastRecorded', 'notPacked', 'found', 'outOfBuilding', 'boxesInTransit', 'boxes', 'closingNote', 'startedAt', 'completedAt', 'returnStartedAt', 'returnedAt', 'return', 'page', 'printed', 'none', 'leader', 'documentation', 'packing', 'transportRole', 'reception', 'fire', 'flood', 'conflict', 'structural', 'other', 'planned', 'under_way', 'completed', 'returning', 'returned', 'listed', 'packed', 'in_transit', 'unconfirmed', 'placed'] as const;
export type EvacuationDocumentWord = (typeof EVACUATION_DOCUMENT_WORDS)[number];

export const documentCreate = z.strictObject({
  evacuationId: id,
  document: z.enum(EVACUATION_DOCUMENTS).describe('grabList, packingList (per box), trackingForm (per box), summary (PDFs) or inventory (an Excel workbook)'),
  boxId: id.optional().describe('for a packing list or a tracking form: one box (every box otherwise)'),
  maxPriority: z.number().int().min(1).max(3).optional().describe('for the grab list: only objects of this priority or a higher one'),
  language: languageTag.optional().describe('the language of the document’s words and file name (English by default)'),
  path: z.string().min(1).max(4096).optional().describe('write here (on the machine running Storeroom; not over HTTP); otherwise download it from GET /exports/{exportId}'),
  jobId: id.optional(),
});

export const documentResult = z.object({
  exportId: id,
  fileName: z.string(),
  path: z.string().nullable(),
  pages: z.number().int().describe('pages of a PDF; 0 for a workbook'),
  rows: z.number().int().describe('objects listed'),
  cancelled: z.boolean(),
});
