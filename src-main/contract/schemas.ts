import { z } from 'zod';
import { translatableFields } from './errors';
import { bulkFieldMask, fieldDef, OBJECT_FIELD_KEYS, OBJECT_FIELDS, objectFieldOutputShape, objectFieldShape, type ObjectFieldKey, type ObjectFieldValues } from './fields';
import { id, isoDate, requiredText, tag, text, timestamp, DIMENSION_UNITS, WEIGHT_UNITS } from './values';

export { id, isoDate, timestamp, DIMENSION_UNITS, WEIGHT_UNITS };

/** Shapes shared by several procedures. Inputs are strict: an unknown field is a validation error. */

export const LOCATION_ROLES = ['permanent', 'holding', 'floor'] as const;
export const locationRole = z.enum(LOCATION_ROLES);
export type LocationRole = z.infer<typeof locationRole>;

/** Built-in location types; a catalogue may use its own words too. */
export const LOCATION_TYPES = ['site', 'building', 'room', 'unit', 'shelf', 'drawer', 'box', 'tray'] as const;
export const locationType = requiredText(40);

/** Spectrum's "reason for move". */
export const MOVE_REASONS = [
  'reorganization',
  'to_holding_area',
  'return_to_normal_location',
  'conservation',
  'evacuation',
  'loan',
  'other',
] as const;
export const moveReason = z.enum(MOVE_REASONS);
export type MoveReason = z.infer<typeof moveReason>;

export const person = z.object({ id, name: z.string(), createdAt: timestamp });
export type Person = z.infer<typeof person>;

export const personCreate = z.strictObject({ name: requiredText(120) });

export const location = z.object({
  id,
  parentId: id.nullable(),
  code: z.string(),
  name: z.string(),
  type: z.string(),
  role: locationRole,
  notes: z.string(),
  position: z.number().int(),
  archived: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Location = z.infer<typeof location>;

export const locationCode = requiredText(60).regex(/^[^\s>]+$/, 'must have no spaces and no ">"');

export const locationCreate = z.strictObject({
  parentId: id.nullish(),
  code: locationCode,
  name: requiredText(200),
  type: locationType,
  role: locationRole,
  notes: text(5000).optional(),
});

export const locationUpdate = z.strictObject({
  id,
  parentId: id.nullable().optional().describe('a new parent moves the location, and everything in it, there'),
  position: z.number().int().min(0).max(1_000_000).optional().describe('order among its siblings'),
  archived: z.boolean().optional().describe('an archived location is kept for history but offered nowhere'),
  code: locationCode.optional(),
  name: requiredText(200).optional(),
  type: locationType.optional(),
  role: locationRole.optional(),
  notes: text(5000).optional(),
});

export const locationReorder = z.strictObject({
  parentId: id.nullable().describe('the location whose sublocations are put in order; null for the top level'),
  locationIds: z.array(id).min(1).max(10_000).describe('every one of its sublocations, archived ones included, in their new order'),
});

export const treeLocation = location.extend({
  depth: z.number().int(),
  path: z.string().describe('names from the root, joined with " > "'),
  objectCount: z.number().int().describe('objects directly in this location'),
  subtreeObjectCount: z.number().int().describe('objects in this location and everything below it'),
});
export type TreeLocation = z.infer<typeof treeLocation>;

const objectNumber = requiredText(80);

export const CUSTOM_FIELD_KINDS = ['text', 'number', 'date', 'choice'] as const;
export const VOCABULARIES = ['category', 'condition'] as const;

/** A custom field's value: text, number, date (YYYY-MM-DD) or one of its choices; null clears it. */
const customValue = z.union([z.string().max(2000), z.number(), z.null()]);

export const condition = z.object({
  id,
  term: z.string(),
  note: z.string(),
  assessedOn: z.string().describe('date of the assessment, YYYY-MM-DD'),
  assessedBy: z.string(),
  recordedAt: timestamp,
  recordedBy: z.string().nullable(),
});
export type Condition = z.infer<typeof condition>;

export const catalogueObject = z.object({
  id,
  number: z.string().nullable().describe('the object number; null when the object has none yet'),
  tempNumber: z.string().nullable().describe('temporary number (T-K7Q-0001, ...) given to an unnumbered object; kept once a number is assigned'),
  displayNumber: z.string().describe('number, or else the temporary number'),
  duplicateNumber: z.boolean().describe('another object has the same number'),
  ...objectFieldOutputShape,
  reachable: objectFieldOutputShape.reachable.describe('RE-ORG: reachable without moving more than two other objects; null when not assessed'),
  condition: condition.nullable(),
  normalLocationCode: z.string().nullable(),
  custom: z.record(z.string(), z.union([z.string(), z.number()])).describe('custom field values by field id'),
  currentLocationId: id.nullable(),
  currentLocationCode: z.string().nullable(),
  currentLocationPath: z.string().nullable(),
  lastSeenAt: timestamp.nullable(),
  primaryPhotoId: id.nullable().describe('for a thumbnail: GET /media/{id}/thumb'),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type CatalogueObject = z.infer<typeof catalogueObject>;

/** Fields an object's record can be given or changed: the registry's (contract/fields.ts), and the catalogue's custom fields. */
const objectFields = { ...objectFieldShape, custom: z.record(id, customValue) };

export const objectCreate = z.strictObject({
  number: objectNumber.nullish(),
  ...z.object(objectFields).partial().shape,
  name: objectFields.name,
});

export const objectUpdate = z.strictObject({
  id,
  number: objectNumber.nullable().optional(),
  ...z.object(objectFields).partial().shape,
});

export const objectBulkUpdate = z.strictObject({
  ids: z.array(id).min(1).max(10_000),
  set: z
    .strictObject(z.object(objectFields).pick({ ...bulkFieldMask, custom: true }).partial().shape)
    .optional()
    .describe('fields to set on every object'),
  addTags: z.array(tag).max(100).optional(),
  removeTags: z.array(tag).max(100).optional(),
  condition: z
    .strictObject({ term: requiredText(100), note: text(5000).optional(), assessedOn: isoDate.optional(), assessedBy: text(200).optional() })
    .optional()
    .describe('a condition assessment recorded for every object'),
});

export const conditionCheck = z.strictObject({
  objectId: id,
  term: requiredText(100),
  note: text(5000).optional(),
  assessedOn: isoDate.optional().describe('defaults to today'),
  assessedBy: text(200).optional().describe('defaults to the person making the change'),
});

export const SORT_COLUMNS = ['number', 'name', 'count', 'location', 'category', 'condition', 'updatedAt'] as const;

export const objectList = z.strictObject({
  query: text(200)
    .optional()
    .describe('words to find in number, name, description, materials, tags and custom text (prefix match); FTS5 syntax is accepted too'),
  locationId: id.optional().describe('only objects in this location or below it'),
  unlocated: z.boolean().optional().describe('only objects with no known location'),
  role: locationRole.optional().describe('only objects whose location is (or is inside) one with this role'),
  awayFromNormal: z.boolean().optional().describe('only objects with a normal location that are somewhere else'),
  notSeenSince: isoDate.optional().describe('only objects not moved, checked or seen since this date'),
  category: z.string().max(100).optional(),
  condition: z.string().max(100).optional(),
  reachable: z.boolean().optional(),
  tag: z.string().max(60).optional(),
  duplicateNumber: z.boolean().optional().describe('only objects whose number another object shares'),
  priority: z.number().int().min(1).max(3).optional().describe('only objects with an evacuation priority of this or a higher one (1 is the highest)'),
  sort: z.enum(SORT_COLUMNS).optional(),
  descending: z.boolean().optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

export const customField = z.object({
  id,
  name: z.string(),
  kind: z.enum(CUSTOM_FIELD_KINDS),
  choices: z.array(z.string()),
});
export type CustomField = z.infer<typeof customField>;

export const vocabularies = z.object({
  categories: z.array(z.string()),
  conditions: z.array(z.string()).describe('condition terms, from best to worst'),
  customFields: z.array(customField),
  locationTypes: z.array(z.string()).describe('built-in types and those the catalogue uses'),
});

export const movement = z.object({
  id,
  objectId: id,
  fromLocationId: id.nullable(),
  fromLocationCode: z.string().nullable(),
  toLocationId: id.nullable().describe('null: the location became unknown (an undone first placement)'),
  toLocationCode: z.string().nullable(),
  containerId: id.nullable().describe('set when the object moved with its container'),
  containerCode: z.string().nullable(),
  containerFromCode: z.string().nullable().describe('where the container was'),
  containerToCode: z.string().nullable().describe('where the container went'),
  at: timestamp,
  personId: id.nullable(),
  personName: z.string().nullable(),
  reason: moveReason,
  reference: z.string().describe('shared by every movement of one batch'),
  note: z.string(),
  method: z.string().describe('Spectrum’s movement method: how the batch travelled (the vehicle)'),
  contact: z.string().describe('Spectrum’s movement contact: who took charge of the batch on the way'),
});
export type Movement = z.infer<typeof movement>;

export const moveCreate = z
  .strictObject({
    objectIds: z.array(id).max(10_000),
    containerIds: z.array(id).max(1000).optional().describe('containers (boxes, trays) to move with everything in them'),
    toLocationId: id,
    reason: moveReason.optional(),
    note: text(2000).optional(),
    method: text(200).optional().describe('Spectrum’s movement method: how the objects travel ("Van AB-123", "hand-carried")'),
    contact: text(200).optional().describe('Spectrum’s movement contact: who takes charge of them on the way'),
  })
  .refine((m) => m.objectIds.length + (m.containerIds?.length ?? 0) > 0, { message: 'Choose at least one object or container to move.', path: ['objectIds'] });

export const moveResult = z.object({
  reference: z.string(),
  movementIds: z.array(id),
  objectsMoved: z.number().int().describe('objects moved, including those inside moved containers'),
});

export const batch = z.object({
  reference: z.string(),
  at: timestamp,
  personName: z.string().nullable(),
  reason: moveReason,
  method: z.string(),
  contact: z.string(),
  objectCount: z.number().int(),
  containerCount: z.number().int(),
  toLocationCode: z.string().nullable(),
  undoneBy: z.string().nullable().describe('reference of the batch that undid this one'),
  undoes: z.string().nullable().describe('reference of the batch this one undid'),
});

export const SCAN_STATUSES = ['moved', 'already_here', 'unknown', 'ambiguous'] as const;

export const scanResult = z.object({
  status: z.enum(SCAN_STATUSES),
  reference: z.string().nullable().describe('the batch this scan joined or started; pass it to the next scan'),
  object: z
    .object({ id, displayNumber: z.string(), name: z.string(), fromLocationCode: z.string().nullable() })
    .nullable(),
  candidates: z.array(z.object({ id, displayNumber: z.string(), name: z.string(), currentLocationCode: z.string().nullable() })),
});

export const locationLevel = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a lowercase word, used as {key} in the code pattern'),
  type: locationType,
  values: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('a range or list: "A-R", "1-6", "01-12", "A,B,D" or "1-3,7"'),
  name: text(200).optional().describe('name pattern, e.g. "Shelf {shelf}"; defaults to the type and value'),
  role: locationRole.optional(),
});

export const locationGenerate = z.strictObject({
  parentId: id.nullable().describe('where the first level goes'),
  levels: z.array(locationLevel).min(1).max(4),
  codePattern: requiredText(120).describe('e.g. "R2-{unit}-{shelf}": each level’s code is the pattern up to its {key}'),
  dryRun: z.boolean().optional().describe('preview only (the default is to create)'),
});

export const generatedLocation = z.object({
  code: z.string(),
  name: z.string(),
  type: z.string(),
  parentCode: z.string().nullable(),
  depth: z.number().int(),
  collides: z.boolean().describe('the code is already used'),
});

export const locationContents = z.object({
  location: treeLocation,
  directObjectCount: z.number().int(),
  subtreeObjectCount: z.number().int(),
  categories: z.array(z.object({ category: z.string().nullable(), count: z.number().int() })),
  mixedUnits: z
    .array(z.object({ id, code: z.string(), name: z.string(), categories: z.array(z.string()) }))
    .describe('units at or below this location whose objects belong to more than one category'),
  children: z.array(treeLocation),
});

export const TIMELINE_KINDS = ['created', 'edited', 'moved', 'condition'] as const;
export const timelineEvent = z.object({
  id: z.string().describe('the id of the change, movement or condition record'),
  kind: z.enum(TIMELINE_KINDS),
  at: timestamp,
  personName: z.string().nullable(),
  movement: movement.optional(),
  condition: condition.optional(),
  changes: z.record(z.string(), z.unknown()).optional().describe('for an edit: the fields set'),
  procedure: z.string().optional(),
});

export const change = z.object({
  id: z.string().describe('the operation id'),
  seq: z.number().int().describe('its place in this catalogue\'s log'),
  at: timestamp,
  personId: id.nullable(),
  personName: z.string().nullable(),
  procedure: z.string(),
  input: z.unknown(),
  targetCount: z.number().int(),
  targetIds: z.array(z.string()).describe('the first 20 entities the change touched (objects, locations, ...)'),
});

export const PHOTO_ROLES = ['general', 'before', 'after', 'condition', 'label'] as const;
export const photoRole = z.enum(PHOTO_ROLES);
export const PHOTO_TARGETS = ['object', 'location', 'viewpoint', 'movement'] as const;
export const photoTarget = z.strictObject({ kind: z.enum(PHOTO_TARGETS), id });
export const PHOTO_VARIANTS = ['thumb', 'preview', 'original'] as const;
export type PhotoVariant = (typeof PHOTO_VARIANTS)[number];

export const photo = z.object({
  id,
  sha256: z.string(),
  originalName: z.string(),
  format: z.string().describe('jpeg, png, webp, tiff, gif, avif or heic'),
  byteSize: z.number().int(),
  width: z.number().int().describe('as displayed, after the EXIF orientation'),
  height: z.number().int(),
  takenAt: z.string().nullable().describe('EXIF DateTimeOriginal, as written by the camera (local time)'),
  cameraMake: z.string().nullable(),
  cameraModel: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  importedAt: timestamp,
  importedBy: z.string().nullable(),
});
export type Photo = z.infer<typeof photo>;

export const attachedPhoto = photo.extend({
  role: photoRole,
  caption: z.string(),
  primary: z.boolean(),
});

/** The formats a photo is stored in, by the extension of its original. */
export const PHOTO_EXTENSIONS = ['jpg', 'png', 'webp', 'tif', 'gif', 'avif', 'heic'] as const;

/** A stored photo as an operation records it: what the import learnt of the file, and where to attach it. */
export const photoRecord = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  extension: z.enum(PHOTO_EXTENSIONS),
  format: z.string().min(1).max(20),
  byteSize: z.number().int().min(1),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  takenAt: z.string().max(40).nullable(),
  cameraMake: z.string().max(200).nullable(),
  cameraModel: z.string().max(200).nullable(),
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
  originalName: z.string().min(1).max(255),
  attach: z.strictObject({ target: photoTarget, role: z.enum(PHOTO_ROLES) }).nullable(),
});

export const photoImport = z
  .strictObject({
    paths: z.array(z.string().min(1).max(4096)).max(20_000).optional().describe('files or folders on the machine running Storeroom (not over HTTP)'),
    uploads: z
      .array(z.strictObject({ uploadId: id, name: z.string().min(1).max(255) }))
      .max(20_000)
      .optional()
      .describe('files sent first to POST /api/upload'),
    attachTo: photoTarget.optional(),
    role: photoRole.optional(),
    byFilename: z.boolean().optional().describe('attach each photo to the object whose number its file name carries'),
    jobId: id.optional().describe('names the job in progress events, and for jobs.cancel'),
  })
  .refine((i) => (i.paths?.length ?? 0) + (i.uploads?.length ?? 0) > 0, { message: 'Give at least one file.', path: ['paths'] });

export const photoImportResult = z.object({
  added: z.array(z.object({ file: z.string(), photoId: id, duplicate: z.boolean(), attachedTo: z.string().nullable() })),
  errors: z.array(z.object({ file: z.string(), ...translatableFields })),
  warnings: z
    .array(z.object({ file: z.string(), ...translatableFields }))
    .describe('photos imported whose images after the first (TIFF pages, HEIC images) are damaged: the first is shown, the file kept whole'),
  cancelled: z.boolean(),
  notProcessed: z.number().int().describe('files left when the import was cancelled'),
});

export const filenameMatch = z.object({
  name: z.string(),
  number: z.string().nullable().describe('the object number read from the name'),
  objectId: id.nullable(),
  displayNumber: z.string().nullable(),
  objectName: z.string().nullable(),
  status: z.enum(['match', 'no_number', 'unknown', 'ambiguous']),
});

export const MILESTONE_KINDS = ['before', 'after', 'other'] as const;
export const milestone = z.object({ id, name: z.string(), at: timestamp, kind: z.enum(MILESTONE_KINDS) });
export type Milestone = z.infer<typeof milestone>;

export const measures = z.object({
  objects: z.number().int().describe('objects recorded by then'),
  located: z.number().int(),
  locatedPercent: z.number().describe('objects with a known location, %'),
  onFloor: z.number().int().describe('objects in a location whose role is floor (or inside one)'),
  inHolding: z.number().int().describe('objects in a holding area (or inside one)'),
  reachable: z.number().int(),
  reachablePercent: z.number().describe('objects reachable without moving more than two others, % of those assessed'),
  reachableAssessed: z.number().int(),
  units: z.number().int(),
  mixedUnits: z.number().int().describe('units holding objects of more than one category'),
  conditions: z.record(z.string(), z.number().int()).describe('objects by condition term; "" for not assessed'),
  notSeenSinceBefore: z.number().int().describe('objects not moved, checked or seen in place since the Before milestone'),
});
export type Measures = z.infer<typeof measures>;

/** Which way is better, for each measure: used to colour a change. */
export const MEASURE_DIRECTIONS = {
  objects: 'neutral',
  located: 'higher',
  locatedPercent: 'higher',
  onFloor: 'lower',
  inHolding: 'lower',
  reachable: 'higher',
  reachablePercent: 'higher',
  reachableAssessed: 'neutral',
  units: 'neutral',
  mixedUnits: 'lower',
  notSeenSinceBefore: 'lower',
} as const satisfies Record<Exclude<keyof Measures, 'conditions'>, 'higher' | 'lower' | 'neutral'>;

/**
 * The condition terms present at either of two states, best first as the catalogue lists them, then terms no longer
 * in the list, then "not assessed" ("").
 */
export function conditionKeys(terms: string[], from: Measures, to: Measures | null): string[] {
  const present = new Set([...Object.keys(from.conditions), ...Object.keys(to?.conditions ?? {})]);
  const known = terms.filter((term) => present.has(term));
  const others = [...present].filter((k) => k !== '' && !terms.includes(k)).sort((a, b) => a.localeCompare(b));
  return [...known, ...others, ...(present.has('') ? [''] : [])];
}

export const roomMeasures = z.object({ locationId: id.nullable().describe('null: objects in no room'), code: z.string().nullable(), name: z.string().nullable(), measures });

export const measuresAt = z.object({ at: timestamp, overall: measures, rooms: z.array(roomMeasures) });

export const COMPARE_FILTERS = ['moved', 'not_moved', 'condition_worse', 'still_in_holding'] as const;

export const objectComparison = z.object({
  objectId: id,
  displayNumber: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  fromLocationCode: z.string().nullable(),
  fromLocationPath: z.string().nullable(),
  toLocationCode: z.string().nullable(),
  toLocationPath: z.string().nullable(),
  fromCondition: z.string().nullable(),
  toCondition: z.string().nullable(),
  moved: z.boolean(),
  conditionWorse: z.boolean(),
  inHolding: z.boolean().describe('in a holding area at the later milestone'),
});

export const viewpoint = z.object({
  id,
  locationId: id,
  locationCode: z.string(),
  locationName: z.string(),
  name: z.string(),
  notes: z.string(),
  photos: z.array(z.object({ milestoneId: id, photoId: id })).describe('the photos taken from here, by milestone'),
  missing: z.array(id).describe('milestones with no photo from here yet'),
});

/** A language tag such as "fr" or "pt-BR": Storeroom answers in the language it speaks closest to it. */
export const languageTag = z.string().regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/);

export const EXPORT_SHEETS = ['Objects', 'Locations', 'Movements', 'People', 'Before-After', 'About'] as const;
export type ExportSheet = (typeof EXPORT_SHEETS)[number];

export const exportCreate = z.strictObject({
  format: z.enum(['xlsx', 'csv']).optional().describe('xlsx (the default): the whole workbook; csv: one sheet'),
  sheet: z.enum(EXPORT_SHEETS).optional().describe('for csv: which sheet (Objects by default)'),
  bom: z.boolean().optional().describe('for csv: start with a byte-order mark, so Excel reads UTF-8'),
  thumbnails: z.boolean().optional().describe('a thumbnail column in the Objects sheet (xlsx only)'),
  locationId: id.optional().describe('only objects in this location or below it'),
  filter: objectList.omit({ offset: true, limit: true, sort: true, descending: true, locationId: true }).optional().describe('only objects matching an objects.list filter'),
  beforeAfter: z.strictObject({ fromMilestoneId: id, toMilestoneId: id }).optional().describe('the milestones for the Before-After sheet (default: Before and After, when both exist)'),
  path: z.string().min(1).max(4096).optional().describe('write here (on the machine running Storeroom; not over HTTP); otherwise download it from GET /exports/{exportId}'),
  language: languageTag.optional().describe('the language of the sheet names, column help and words such as yes and no (English by default)'),
  englishHeaders: z.boolean().optional().describe('Spectrum’s English column names, even in a language with its own (French, Dutch, German)'),
  profile: z
    .enum(['collectionspace', 'collectiveaccess'])
    .optional()
    .describe('for a collections system, as one zip: collectionspace, the CSVs of its CSV Importer (cataloguing, storage locations, movements, condition checks); collectiveaccess, the data and an import mapping workbook'),
  jobId: id.optional(),
});

export const exportResult = z.object({
  exportId: id,
  fileName: z.string(),
  path: z.string().nullable().describe('where it was written, when a path was given'),
  sheets: z.record(z.string(), z.number().int()).describe('rows written per sheet'),
  cancelled: z.boolean(),
});

/** What a column of a spreadsheet may go to: the object number, every field of the registry, and what an import does besides. */
export type ImportField =
  | 'number'
  | 'tempNumber'
  | (typeof OBJECT_FIELDS)[ObjectFieldKey]['importAs']
  | 'dimensions'
  | 'condition'
  | 'conditionNote'
  | 'conditionDate'
  | 'conditionAssessor'
  | 'location';
export const IMPORT_FIELDS: readonly ImportField[] = [
  'number',
  'tempNumber',
  ...OBJECT_FIELD_KEYS.map((key) => OBJECT_FIELDS[key].importAs),
  'dimensions',
  'condition',
  'conditionNote',
  'conditionDate',
  'conditionAssessor',
  'location',
];

/** How a column's text dates read: day first (31/12/2024) or month first (12/31/2024). */
export const DATE_ORDERS = ['dmy', 'mdy'] as const;
export const dateOrder = z.enum(DATE_ORDERS);

/** What the values of a column of text dates say about their order, read from all of them. */
export const dateColumn = z.object({
  order: z.enum(['dmy', 'mdy', 'ambiguous', 'mixed']).describe('ambiguous: every value reads both ways; mixed: some only one way, others only the other'),
  examples: z.array(z.object({ row: z.number().int(), value: z.string() })).describe('two rows, for the question put to the user'),
});

/** Where each column goes: a field, a custom field ("custom:<id>"), a new custom field ("new:<name>"), or nowhere (absent). */
export const importMapping = z.record(z.string().max(200), z.string().max(200)).describe('column header → field');

export const importSource = z.strictObject({
  uploadId: id.optional().describe('a file sent to POST /api/upload'),
  path: z.string().min(1).max(4096).optional().describe('a file on the machine running Storeroom (not over HTTP)'),
  name: z.string().min(1).max(255).describe('the file name, for messages and the log'),
}).refine((s) => Boolean(s.uploadId) !== Boolean(s.path), { message: 'Give an upload id or a path, not both.' });

export const importInspectResult = z.object({
  format: z.enum(['xlsx', 'csv']),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  headerRow: z.number().int().describe('1-based row number of the header row'),
  headers: z.array(z.string()),
  sample: z.array(z.array(z.string())).describe('the first rows after the header, as text'),
  rows: z.number().int().describe('data rows (blank rows at the end not counted)'),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  suggestedMapping: importMapping,
  unmapped: z.array(z.string()).describe('headers with no suggestion'),
  dateColumns: z.record(z.string(), dateColumn).describe('columns of text dates such as 03/04/2024, by header: how they read'),
  conditionTerms: z
    .record(z.string(), z.array(z.object({ term: z.string(), known: z.boolean().describe('in the catalogue’s list'), level: z.string().nullable().describe('its meaning on the common scale, when known') })))
    .describe('for columns that may hold condition terms (few distinct values): each distinct value'),
  storeroom: z.boolean().describe('a workbook Storeroom exported: its lists, locations and temporary numbers are its own'),
  movementsSheet: z.string().nullable().describe('the sheet of movement history, when the workbook has one'),
});

export const importOptions = z.strictObject({
  source: importSource,
  sheet: z.string().max(100).optional(),
  headerRow: z.number().int().min(1).max(1000).optional(),
  mapping: importMapping.optional().describe('without one, the suggestions are used'),
  createLocations: z.boolean().optional().describe('create locations that do not exist yet'),
  addTerms: z.boolean().optional().describe('add unknown categories and condition terms to the catalogue’s lists'),
  dateOrder: z.record(z.string().max(200), dateOrder).optional().describe('column header → how its ambiguous text dates read'),
  termPlacement: z
    .record(z.string().max(200), z.string().max(200))
    .optional()
    .describe('new condition term → the catalogue term it ranks with (placed just after it; "" for first), for terms whose meaning is not known'),
  movements: z.boolean().optional().describe('also import the movement history of a Storeroom workbook (its Movements sheet)'),
  language: languageTag.optional().describe('the language of the import report (English by default)'),
  jobId: id.optional(),
});

export const IMPORT_STATUSES = ['new', 'update', 'unchanged', 'error'] as const;

/**
 * What one row of a spreadsheet asks of an object, field by field, resolved against the catalogue: terms in its
 * spelling, locations as ids (or "new:<path>" for one the import creates), custom fields by id (or "new:<name>").
 * A field the row leaves alone is absent.
 */
export const importWanted = z.strictObject({
  number: z.string().max(200).nullable().optional(),
  tempNumber: z.string().max(200).optional(),
  // The registry's fields as objects hold them; a location may be one the import creates ("new:<path>").
  ...(Object.fromEntries(
    OBJECT_FIELD_KEYS.map((key) => [key, (fieldDef(key).kind === 'location' ? z.string().max(4000).nullable() : objectFieldOutputShape[key]).optional()]),
  ) as { [K in ObjectFieldKey]: z.ZodOptional<z.ZodType<ObjectFieldValues[K]>> }),
  condition: z.string().max(200).optional(),
  conditionNote: z.string().max(20_000).optional(),
  conditionDate: isoDate.optional(),
  conditionAssessor: z.string().max(200).optional(),
  location: z.string().max(4000).optional(),
  custom: z.record(z.string().max(200), z.union([z.string().max(20_000), z.number()]).nullable()).optional(),
});

/** An import as its operation records it: everything the file asked, resolved, ready to be written the same way anywhere. */
export const importPlan = z.strictObject({
  fileName: z.string().min(1).max(255),
  terms: z.strictObject({ category: z.array(z.string().max(200)), condition: z.array(z.string().max(200)) }),
  customFields: z.array(z.string().min(1).max(200)).describe('new custom fields, by name (text, unless customFieldKinds says)'),
  customFieldKinds: z
    .record(z.string().max(200), z.strictObject({ kind: z.enum(CUSTOM_FIELD_KINDS), choices: z.array(z.string().max(200)).max(500) }))
    .optional()
    .describe('the kind of a new custom field, from a Storeroom workbook'),
  conditionAfter: z.record(z.string().max(200), z.string().max(200).nullable()).optional().describe('new condition term → the term it is placed after (null: first); absent: last'),
  locations: z.array(z.string().min(1).max(4000)).describe('paths of new locations ("Room 2 > Unit A")'),
  locationTree: z
    .array(z.strictObject({ code: locationCode, name: z.string().max(200), type: locationType, role: locationRole, parent: z.string().max(60).nullable(), notes: z.string().max(10_000), archived: z.boolean() }))
    .optional()
    .describe('new locations from a Storeroom workbook’s Locations sheet, parents first'),
  movements: z
    .array(
      z.strictObject({
        object: z.string().max(200).describe('the object’s number or temporary number'),
        at: timestamp,
        from: z.string().max(60).nullable(),
        to: z.string().max(60).nullable(),
        container: z.string().max(60).nullable(),
        reason: moveReason,
        reference: z.string().max(60),
        note: z.string().max(10_000),
        by: z.string().max(120).nullable().describe('who moved it, by name'),
      }),
    )
    .optional()
    .describe('movement history from a Storeroom workbook’s Movements sheet, in time order'),
  rows: z.array(
    z.strictObject({
      row: z.number().int(),
      objectId: id.nullable().describe('the object a row updates; null for a new one'),
      changed: z.array(z.string().max(200)).describe('for an update: the fields it changes'),
      wanted: importWanted,
    }),
  ),
});

export const importRow = z.object({
  row: z.number().int().describe('row number in the file'),
  status: z.enum(IMPORT_STATUSES),
  number: z.string().nullable(),
  objectId: id.nullable(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  errors: z.array(z.object(translatableFields)),
  warnings: z.array(z.object(translatableFields)).describe('what was kept as it is, or guessed (the row is imported)'),
});

export const importPreview = z.object({
  rows: z.number().int(),
  new: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), ...translatableFields })),
  warnings: z.array(z.object({ row: z.number().int().nullable().describe('null: about the whole file'), ...translatableFields })),
  movements: z.object({ new: z.number().int(), unchanged: z.number().int() }).describe('movement history from the Movements sheet'),
  before: z
    .object({ milestoneId: id, at: timestamp, objectsThen: z.number().int(), objectsNow: z.number().int() })
    .nullable()
    .describe('after a commit: Before still stands where the catalogue was empty; moving it to just after this import is offered'),
  mapping: importMapping,
  newLocations: z.array(z.string()),
  newTerms: z.object({ category: z.array(z.string()), condition: z.array(z.string()) }),
  newCustomFields: z.array(z.string()),
  outcomes: z.array(importRow).describe('every row, in file order'),
  committed: z.boolean(),
  importId: id.nullable(),
  reportExportId: id.nullable().describe('the import report as XLSX, written when first downloaded: GET /exports/{id}'),
});

/** What a copy has seen: for each device, the latest change from it (an HLC timestamp). */
export const syncVector = z.record(z.string().max(100), z.string().max(100));

/** What applying a bundle did. */
export const syncCount = z.object({
  applied: z.number().int(),
  skipped: z.number().int().describe('operations the receiving copy had already'),
  conflicts: z.number().int().describe('new conflicts found'),
});

/** What a sync bundle brings, before it is applied. */
export const syncSummary = z.object({
  catalogueName: z.string(),
  fromDevice: z.string(),
  operations: z.number().int(),
  already: z.number().int().describe('operations this catalogue has already'),
  photos: z.number().int(),
  by: z.array(
    z.object({
      personId: id.nullable(),
      personName: z.string().nullable(),
      deviceId: z.string().nullable(),
      operations: z.number().int(),
      objects: z.number().int(),
      moves: z.number().int(),
      photos: z.number().int(),
      conditions: z.number().int(),
    }),
  ),
  warnings: z.array(z.string()),
});

export const CONFLICT_KINDS = ['field', 'number', 'code', 'removed'] as const;

/** One side of a conflict: a value, who wrote it and when. */
export const conflictSide = z.object({ value: z.unknown(), at: timestamp, personName: z.string().nullable(), deviceCode: z.string().nullable(), opId: z.string() });

export const conflict = z.object({
  key: z.string(),
  kind: z.enum(CONFLICT_KINDS),
  table: z.enum(['objects', 'locations', 'people', 'custom_fields', 'milestones', 'viewpoints', 'photo_links', 'terms', 'imports', 'import_mappings', 'catalogue_meta', 'condition_checks', 'evacuations', 'evacuation_items']),
  rowId: z.string(),
  field: z.string().nullable().describe('the field (a custom field as custom:<id>)'),
  /** What it is about, in words: an object's number and name, a location's code. */
  subject: z.string(),
  sides: z.array(conflictSide).describe('for two changes of one field: each value, latest first (the first stands until settled)'),
  objects: z.array(z.object({ id, displayNumber: z.string(), name: z.string() })).describe('for one number on several objects: those objects'),
  at: timestamp,
  resolved: z.object({ at: timestamp, personName: z.string().nullable(), resolution: z.string() }).nullable(),
});

export const conflictResolve = z.strictObject({
  key: z.string().min(1).max(64),
  choice: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('keep'), opId: z.string().min(1).max(64).describe('the change whose value stands') }),
    z.strictObject({ kind: z.literal('value'), value: z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]) }),
    z.strictObject({ kind: z.literal('renumber'), objectId: id, number: z.string().trim().min(1).max(80) }),
    z.strictObject({ kind: z.literal('mergeObjects'), objectId: id.describe('the record that stands; the others, records of the same object, fill its empty fields and are removed') }),
    z.strictObject({ kind: z.literal('keepBoth') }),
    z.strictObject({ kind: z.literal('restore') }),
    z.strictObject({ kind: z.literal('leaveRemoved') }),
  ]),
});
