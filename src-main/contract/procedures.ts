import { z } from 'zod';
import * as ev from './evacuations';
import * as labels from './labels';
import * as s from './schemas';
import * as w from './workshop';

/** What a change touches; clients refetch the queries that read it. */
export const TOPICS = ['catalogue', 'people', 'locations', 'objects', 'moves', 'vocabularies', 'photos', 'milestones', 'imports', 'devices', 'workshop', 'evacuations'] as const;
export type Topic = (typeof TOPICS)[number];

interface ProcedureDef<I extends z.ZodType, O extends z.ZodType> {
  summary: string;
  /**
   * A query reads. A mutation writes, as one operation. A job is long: it reports progress, can be cancelled, and
   * records what it writes as operations of its own (records), as it goes. A record is such an operation: it is
   * applied from a job, a replay or another device's log, never called by a client. An admin procedure is about who
   * may reach the catalogue (the workshop and its devices), not about the catalogue: the process that serves the
   * catalogue answers it (server/workshop.ts), and it is never an operation.
   */
  kind: 'query' | 'mutation' | 'job' | 'record' | 'admin';
  /** For a query: the topics it reads. For a mutation: the topics it changes. */
  topics: readonly Topic[];
  input: I;
  output: O;
}

const query = <I extends z.ZodType, O extends z.ZodType>(summary: string, topics: readonly Topic[], input: I, output: O) =>
  ({ summary, kind: 'query', topics, input, output }) satisfies ProcedureDef<I, O>;
const mutation = <I extends z.ZodType, O extends z.ZodType>(summary: string, topics: readonly Topic[], input: I, output: O) =>
  ({ summary, kind: 'mutation', topics, input, output }) satisfies ProcedureDef<I, O>;

const job = <I extends z.ZodType, O extends z.ZodType>(summary: string, topics: readonly Topic[], input: I, output: O) =>
  ({ summary, kind: 'job', topics, input, output }) satisfies ProcedureDef<I, O>;
const record = <I extends z.ZodType, O extends z.ZodType>(summary: string, topics: readonly Topic[], input: I, output: O) =>
  ({ summary, kind: 'record', topics, input, output }) satisfies ProcedureDef<I, O>;

const admin = <I extends z.ZodType, O extends z.ZodType>(summary: string, topics: readonly Topic[], input: I, output: O) =>
  ({ summary, kind: 'admin', topics, input, output }) satisfies ProcedureDef<I, O>;

const empty = z.strictObject({});

/**
 * The contract: every procedure, defined once. The dispatcher, the IPC and HTTP transports,
 * the renderer's client and the API reference are all derived from this table.
 */
export const procedures = {
  'catalogue.info': query(
    'The open catalogue: its name, folder and size.',
    ['catalogue', 'objects', 'locations', 'people'],
    empty,
    z.object({
      name: z.string(),
      path: z.string(),
      schemaVersion: z.number().int(),
      appVersion: z.string(),
      objectCount: z.number().int(),
      locationCount: z.number().int(),
    }),
  ),
  'catalogue.seed': record(
    'A new catalogue: its name, its default vocabularies in the language it is made in (its condition scale, best first, and any categories), and its Before milestone at the moment it is made. The first operation of every catalogue.',
    ['catalogue', 'milestones', 'vocabularies'],
    z.strictObject({
      name: z.string().trim().min(1).max(120),
      conditionTerms: z.array(z.string().trim().min(1).max(80)).min(1).max(20).optional(),
      categories: z.array(z.string().trim().min(1).max(80)).max(200).optional(),
    }),
    z.object({ beforeMilestoneId: s.id }),
  ),
  'catalogue.rename': mutation(
    'Name the catalogue as its reports, exports and window title show it ("Museum of the North – Store B").',
    ['catalogue'],
    z.strictObject({ name: z.string().trim().min(1).max(120) }),
    z.object({ name: z.string() }),
  ),

  'people.list': query('Everyone who has worked in this catalogue.', ['people'], empty, z.array(s.person)),
  'people.create': mutation('Add a team member.', ['people'], s.personCreate, s.person),

  'locations.tree': query(
    'All locations in tree order (depth first, by code), with object counts.',
    ['locations', 'moves', 'objects'],
    empty,
    z.object({ locations: z.array(s.treeLocation) }),
  ),
  'locations.create': mutation('Create a location. Its code must be unique in the catalogue.', ['locations'], s.locationCreate, s.location),
  'locations.update': mutation(
    'Change a location: its code, name, type, role, notes, order or archived state. A new parent moves it with its contents, recorded as movements.',
    ['locations', 'moves'],
    s.locationUpdate,
    s.location,
  ),
  'locations.reorder': mutation(
    'Put the sublocations of a location (or the top-level locations) in a new order, as they stand in the room.',
    ['locations'],
    s.locationReorder,
    s.locationReorder,
  ),
  'locations.delete': mutation(
    'Delete a location that was never used. One that holds objects, sublocations or history must be archived instead.',
    ['locations'],
    z.strictObject({ id: s.id }),
    z.object({ id: s.id }),
  ),
  'locations.generate': mutation(
    'Create many locations at once from ranges, e.g. units A–R each with shelves 1–6, coded by a pattern. With dryRun, a preview; colliding codes refuse the whole set.',
    ['locations'],
    s.locationGenerate,
    z.object({ locations: z.array(s.generatedLocation), collisions: z.number().int(), created: z.number().int() }),
  ),
  'locations.contents': query(
    'What a location holds, directly and below it: counts, categories present, and units that mix categories.',
    ['locations', 'moves', 'objects'],
    z.strictObject({ id: s.id }),
    s.locationContents,
  ),

  'vocabularies.get': query(
    'The catalogue’s lists: categories, condition terms, custom fields and location types.',
    ['vocabularies'],
    empty,
    s.vocabularies,
  ),
  'vocabularies.setTerms': mutation(
    'Replace the list of categories or of condition terms (in order). A term still used by an object cannot be removed.',
    ['vocabularies'],
    z.strictObject({ vocabulary: z.enum(s.VOCABULARIES), terms: z.array(z.string().trim().min(1).max(100)).max(500) }),
    s.vocabularies,
  ),
  'customFields.create': mutation(
    'Define a custom field for objects: text, number, date or choice.',
    ['vocabularies'],
    z.strictObject({
      name: z.string().trim().min(1).max(80),
      kind: z.enum(s.CUSTOM_FIELD_KINDS),
      choices: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
    }),
    s.customField,
  ),
  'customFields.update': mutation(
    'Rename a custom field or change its choices.',
    ['vocabularies'],
    z.strictObject({ id: s.id, name: z.string().trim().min(1).max(80).optional(), choices: z.array(z.string().trim().min(1).max(100)).max(200).optional() }),
    s.customField,
  ),

  'objects.list': query(
    'Find objects by words, by location (including everything below it), a page at a time.',
    ['objects', 'moves', 'locations'],
    s.objectList,
    z.object({ items: z.array(s.catalogueObject), total: z.number().int() }),
  ),
  'objects.get': query('One object, with its current location.', ['objects', 'moves', 'locations'], z.strictObject({ id: s.id }), s.catalogueObject),
  'objects.create': mutation(
    'Record an object. Without a number it gets the next temporary number (T-0001, ...).',
    ['objects'],
    s.objectCreate,
    s.catalogueObject,
  ),
  'objects.update': mutation(
    'Change an object’s fields. Giving a numbered object a new number keeps its temporary number in its record.',
    ['objects'],
    s.objectUpdate,
    s.catalogueObject,
  ),
  'objects.bulkUpdate': mutation(
    'Set fields, add or remove tags, or record a condition on many objects at once: one transaction, one change.',
    ['objects'],
    s.objectBulkUpdate,
    z.object({ updated: z.number().int() }),
  ),
  'objects.checkCondition': mutation(
    'Record a condition assessment. The full history is kept; the latest assessment is the object’s condition.',
    ['objects'],
    s.conditionCheck,
    s.condition,
  ),
  'objects.findByNumber': query(
    'Objects whose number or temporary number is exactly this (ignoring letter case).',
    ['objects', 'moves'],
    z.strictObject({ number: z.string().trim().min(1).max(80) }),
    z.object({ items: z.array(s.catalogueObject) }),
  ),
  'objects.timeline': query(
    'An object’s history: creation, edits, moves and condition checks, newest first.',
    ['objects', 'moves'],
    z.strictObject({ id: s.id }),
    z.object({ events: z.array(s.timelineEvent) }),
  ),

  'moves.create': mutation(
    'Move objects, and containers with everything in them, to a location, as one batch with one movement reference.',
    ['moves', 'locations'],
    s.moveCreate,
    s.moveResult,
  ),
  'moves.scan': mutation(
    'Rapid move: move the object with this number to the location, joining the batch given by reference (or starting one).',
    ['moves'],
    z.strictObject({ toLocationId: s.id, number: z.string().trim().min(1).max(80), reference: z.string().max(40).optional() }),
    s.scanResult,
  ),
  'moves.undo': mutation(
    'Undo a batch with new movements back. Objects moved again since are left where they are and listed.',
    ['moves', 'locations'],
    z.strictObject({ reference: z.string().min(1).max(40) }),
    z.object({ reference: z.string().nullable(), restored: z.number().int(), skipped: z.array(z.object({ objectId: s.id, displayNumber: z.string() })) }),
  ),
  'moves.returnToNormal': mutation(
    'Move objects back to their normal locations, as one batch. Objects with no normal location, or already there, are listed.',
    ['moves'],
    z.strictObject({ objectIds: z.array(s.id).min(1).max(10_000), note: z.string().trim().max(2000).optional() }),
    z.object({
      reference: z.string().nullable(),
      moved: z.number().int(),
      skipped: z.array(z.object({ objectId: s.id, why: z.enum(['no_normal_location', 'already_there']) })),
    }),
  ),
  'moves.batches': query(
    'Recent batches of moves, newest first.',
    ['moves'],
    z.strictObject({ personId: s.id.optional(), limit: z.number().int().min(1).max(200).optional() }),
    z.object({ batches: z.array(s.batch) }),
  ),
  'moves.history': query(
    'An object’s movements, newest first.',
    ['moves', 'locations'],
    z.strictObject({ objectId: s.id }),
    z.object({ movements: z.array(s.movement) }),
  ),

  'photos.import': job(
    'Import photos from files, folders or uploads: originals kept as they are (stored once by content), thumbnails and previews made. Reports progress; can be cancelled.',
    ['photos', 'objects'],
    s.photoImport,
    s.photoImportResult,
  ),
  'photos.store': record(
    'One photo a photo import stored: its original, already in the media store by its content hash, recorded with its metadata, and attached where the import said.',
    ['photos', 'objects'],
    s.photoRecord,
    z.object({ photoId: s.id }),
  ),
  'photos.matchFilenames': query(
    'Read object numbers from photo file names (2019.3.12.jpg, 2019.3.12_2.jpg, 2019-3-12 (1).heic) and find those objects: the preview before assigning by file name.',
    ['objects'],
    z.strictObject({ names: z.array(z.string().min(1).max(255)).min(1).max(20_000) }),
    z.object({ matches: z.array(s.filenameMatch) }),
  ),
  'photos.list': query(
    'The photos attached to an object, location, viewpoint or movement; the primary one first.',
    ['photos'],
    z.strictObject({ targetId: s.id, role: s.photoRole.optional() }),
    z.object({ photos: z.array(s.attachedPhoto) }),
  ),
  'photos.get': query('One photo and its metadata.', ['photos'], z.strictObject({ id: s.id }), s.photo),
  'photos.attach': mutation(
    'Attach photos to an object, location, viewpoint or movement, in a role.',
    ['photos', 'objects'],
    z.strictObject({ photoIds: z.array(s.id).min(1).max(10_000), target: s.photoTarget, role: s.photoRole.optional() }),
    z.object({ attached: z.number().int() }),
  ),
  'photos.updateLink': mutation(
    'Change a photo’s caption or role where it is attached, or make it the primary photo there.',
    ['photos', 'objects'],
    z.strictObject({
      photoId: s.id,
      targetId: s.id,
      caption: z.string().trim().max(2000).optional(),
      role: s.photoRole.optional(),
      primary: z.literal(true).optional(),
    }),
    s.attachedPhoto,
  ),
  'photos.detach': mutation(
    'Detach a photo from what it shows. The photo itself is kept.',
    ['photos', 'objects'],
    z.strictObject({ photoId: s.id, targetId: s.id }),
    z.object({ detached: z.boolean() }),
  ),
  'milestones.list': query('The milestones, in time order: Before, any in between, After.', ['milestones'], empty, z.object({ milestones: z.array(s.milestone) })),
  'milestones.create': mutation(
    'Mark a milestone: "After" when the reorganization ends, or any other ("End of day 2"). Without a time, now.',
    ['milestones'],
    z.strictObject({ name: z.string().trim().min(1).max(100), at: s.timestamp.pipe(z.iso.datetime()).optional(), kind: z.enum(['after', 'other']).optional() }),
    s.milestone,
  ),
  'milestones.update': mutation(
    'Rename a milestone or adjust its time. With preview, nothing changes: the measures at the old and new time are returned.',
    ['milestones'],
    z.strictObject({
      id: s.id,
      name: z.string().trim().min(1).max(100).optional(),
      at: z.iso.datetime().optional(),
      preview: z.boolean().optional(),
    }),
    z.object({ milestone: s.milestone, before: s.measures.nullable(), after: s.measures.nullable() }),
  ),
  'milestones.delete': mutation(
    'Delete a milestone other than Before. Its viewpoint photos stay, untagged.',
    ['milestones'],
    z.strictObject({ id: s.id }),
    z.object({ id: s.id }),
  ),
  'measures.at': query(
    'The RE-ORG measures at a milestone (or any time), overall and per room, computed from history.',
    ['objects', 'moves', 'locations', 'photos', 'milestones'],
    z.strictObject({ milestoneId: s.id.optional(), at: z.iso.datetime().optional() }),
    s.measuresAt,
  ),
  'measures.compare': query(
    'The measures at two milestones, overall and per room, side by side.',
    ['objects', 'moves', 'locations', 'photos', 'milestones'],
    z.strictObject({ fromMilestoneId: s.id, toMilestoneId: s.id }),
    z.object({ from: s.measuresAt, to: s.measuresAt }),
  ),
  'measures.compareObjects': query(
    'Per object: where it was and its condition at two milestones. Filter by moved, not moved, condition worse or still in holding.',
    ['objects', 'moves', 'locations', 'photos', 'milestones'],
    z.strictObject({
      fromMilestoneId: s.id,
      toMilestoneId: s.id,
      filter: z.enum(s.COMPARE_FILTERS).optional(),
      roomId: s.id.optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    z.object({ items: z.array(s.objectComparison), total: z.number().int() }),
  ),
  'dashboard.progress': query(
    'Workshop progress: objects moved, photographed and checked today and since Before; what remains per room; who did what.',
    ['objects', 'moves', 'locations', 'photos', 'milestones'],
    empty,
    z.object({
      today: z.object({ moved: z.number().int(), photographed: z.number().int(), checked: z.number().int() }),
      sinceBefore: z.object({ moved: z.number().int(), photographed: z.number().int(), checked: z.number().int() }),
      rooms: z.array(z.object({ locationId: s.id.nullable(), code: z.string().nullable(), name: z.string().nullable(), objects: z.number().int(), inHolding: z.number().int(), onFloor: z.number().int(), notSeenSinceBefore: z.number().int() })),
      people: z.array(z.object({ personId: s.id.nullable(), name: z.string().nullable(), moved: z.number().int(), photographed: z.number().int(), checked: z.number().int(), changes: z.number().int() })),
    }),
  ),
  'viewpoints.list': query(
    'Viewpoints, with their photos at each milestone and the milestones still missing a photo.',
    ['locations', 'photos', 'milestones'],
    z.strictObject({ locationId: s.id.optional() }),
    z.object({ viewpoints: z.array(s.viewpoint) }),
  ),
  'viewpoints.create': mutation(
    'Add a viewpoint in a room: a fixed camera position, photographed at each milestone.',
    ['locations'],
    z.strictObject({ locationId: s.id, name: z.string().trim().min(1).max(200), notes: z.string().trim().max(2000).optional() }),
    s.viewpoint,
  ),
  'viewpoints.update': mutation(
    'Rename a viewpoint or change its notes.',
    ['locations'],
    z.strictObject({ id: s.id, name: z.string().trim().min(1).max(200).optional(), notes: z.string().trim().max(2000).optional() }),
    s.viewpoint,
  ),
  'viewpoints.setPhoto': mutation(
    'Set the photo taken from a viewpoint for a milestone (replacing any earlier one).',
    ['photos', 'locations'],
    z.strictObject({ viewpointId: s.id, milestoneId: s.id, photoId: s.id }),
    s.viewpoint,
  ),
  'reports.beforeAfter': query(
    'Everything the before/after report shows: the catalogue, dates and team; the measures; viewpoint photo pairs; objects still needing attention.',
    ['catalogue', 'objects', 'moves', 'locations', 'photos', 'milestones'],
    z.strictObject({ fromMilestoneId: s.id, toMilestoneId: s.id }),
    z.object({
      catalogueName: z.string(),
      from: s.milestone,
      to: s.milestone,
      team: z.array(z.string()),
      measures: z.object({ from: s.measuresAt, to: s.measuresAt }),
      viewpoints: z.array(z.object({ viewpointId: s.id, name: z.string(), roomCode: z.string(), roomName: z.string(), fromPhotoId: s.id.nullable(), toPhotoId: s.id.nullable() })),
      attention: z.array(s.objectComparison.extend({ reasons: z.array(z.enum(['in_holding', 'on_floor', 'unlocated', 'condition_worse'])) })),
      attentionTotal: z.number().int(),
    }),
  ),
  'exports.create': job(
    'Export the catalogue as an Excel workbook (Objects, Locations, Movements, People, Before-After, About) or one sheet as CSV.',
    [],
    s.exportCreate,
    s.exportResult,
  ),
  'labels.templates': query(
    'The label templates: Avery sheets (A4 and US Letter) and label-printer rolls (Dymo, Brother), with their geometry in millimetres.',
    [],
    empty,
    z.object({ templates: z.array(labels.labelTemplate) }),
  ),
  'labels.preview': query(
    'The first sheet of labels as they will print (an SVG image), with how many labels and pages there will be. Nothing is written.',
    ['objects', 'locations', 'catalogue'],
    labels.labelOptions,
    labels.labelPreview,
  ),
  'labels.create': job(
    'Print labels as a PDF: object numbers or location codes, each with its name and a QR, DataMatrix or Code 128 code that a scanner reads back as typed. Reports progress; can be cancelled.',
    [],
    labels.labelCreate,
    labels.labelResult,
  ),
  'labels.settings': query('This catalogue’s label settings: the printer offset, and the template and code last used.', ['catalogue'], empty, labels.labelSettings),
  'labels.saveSettings': mutation(
    'Save this catalogue’s printer offset (to correct a printer that shifts), or the template and code to offer first.',
    ['catalogue'],
    labels.labelSettingsUpdate,
    labels.labelSettings,
  ),
  'imports.inspect': job(
    'Read a spreadsheet (xlsx or csv): its sheets, the header row, a sample, and suggested column mappings. Nothing is written.',
    [],
    z.strictObject({ source: s.importSource, sheet: z.string().max(100).optional(), headerRow: z.number().int().min(1).max(1000).optional(), jobId: s.id.optional() }),
    s.importInspectResult,
  ),
  'imports.preview': job(
    'Dry run: classify every row as new, update (with the changes), unchanged or error. Nothing is written.',
    [],
    s.importOptions,
    s.importPreview,
  ),
  'imports.commit': job(
    'Import: the same classification, then every new and updated row written in one transaction, recorded as one import that can be undone. Rows in error are skipped and reported.',
    ['objects', 'moves', 'locations', 'vocabularies', 'imports'],
    s.importOptions,
    s.importPreview,
  ),
  'imports.apply': record(
    'An import, written: new terms, custom fields and locations, then every new and updated object, with their conditions and moves, as one import that can be undone.',
    ['objects', 'moves', 'locations', 'vocabularies', 'imports'],
    s.importPlan,
    z.object({ importId: s.id, createdIds: z.array(s.id).describe('the new objects, in the order of their rows') }),
  ),
  'imports.undo': mutation(
    'Undo an import, as a new change: updated objects get their earlier values back, objects it moved go back, its conditions are withdrawn, and the objects and locations it created are removed (kept in history, and back if the undo is undone). What changed since is left and listed.',
    ['objects', 'moves', 'locations', 'imports'],
    z.strictObject({ importId: s.id }),
    z.object({ restored: z.number().int(), removed: z.number().int(), kept: z.array(z.object({ objectId: s.id, displayNumber: z.string() })) }),
  ),
  'imports.redo': mutation(
    'Undo the undo of an import: what the undo removed, restored, moved back or withdrew is as the import left it again.',
    ['objects', 'moves', 'locations', 'imports'],
    z.strictObject({ importId: s.id }),
    z.object({ restored: z.number().int() }),
  ),
  'imports.fromCatalogue': job(
    'Bring in a separate catalogue (another folder, not a copy of this one): it is only read, and its objects, with the locations they are in, are written as a workbook to import here like any spreadsheet (imports.preview, imports.commit with its source). Copies of this catalogue merge with sync.apply instead. Not over the network.',
    [],
    z.strictObject({ path: z.string().min(1).max(4096).describe('the other catalogue\'s folder'), jobId: s.id.optional() }),
    z.object({
      source: z.object({ uploadId: s.id, name: z.string() }).describe('the workbook, to import as an upload'),
      catalogueName: z.string(),
      objects: z.number().int(),
      locations: z.number().int(),
    }),
  ),
  'imports.list': query(
    'Past imports, newest first.',
    ['imports'],
    empty,
    z.object({
      imports: z.array(z.object({ id: s.id, at: s.timestamp, personName: z.string().nullable(), fileName: z.string(), created: z.number().int(), updated: z.number().int(), undone: z.boolean() })),
    }),
  ),
  'imports.mappings': query('Saved column mappings, by name.', ['imports'], empty, z.object({ mappings: z.array(z.object({ name: z.string(), mapping: s.importMapping })) })),
  'imports.saveMapping': mutation(
    'Save a column mapping under a name, to reuse for the next file of the same kind.',
    ['imports'],
    z.strictObject({ name: z.string().trim().min(1).max(100), mapping: s.importMapping }),
    z.object({ name: z.string() }),
  ),
  'jobs.cancel': mutation(
    'Cancel a job in progress (a photo import). What it finished is kept.',
    [],
    z.strictObject({ jobId: s.id }),
    z.object({ cancelled: z.boolean().describe('false when no such job was running') }),
  ),

  'devices.current': admin(
    'Who is calling: the catalogue’s own app (a coordinator), or a workshop device with its role and person.',
    ['devices'],
    empty,
    w.currentClient,
  ),
  'devices.joinInfo': admin(
    'What a join code opens, before joining: the catalogue’s name, the role it gives, and the people to choose from. Needs only the code.',
    [],
    z.strictObject({ code: w.joinCode }),
    w.joinInfo,
  ),
  'devices.join': admin(
    'Join the workshop with a one-time code, as a person of the catalogue or a new one, naming this device. The device’s own token comes back as an HttpOnly cookie, never in the body; from then on its changes are its person’s.',
    ['devices', 'people'],
    w.joinInput,
    w.joinResult,
  ),
  'devices.list': admin(
    'The devices that joined the workshop: person, name, last seen, changes made, and whether revoked. For the coordinator.',
    ['devices'],
    empty,
    z.object({ devices: z.array(w.device) }),
  ),
  'devices.revoke': admin(
    'Revoke a device: its next request is refused and its event stream closed, at once. What it recorded stays. For the coordinator.',
    ['devices'],
    z.strictObject({ deviceId: s.id }),
    z.object({ revoked: z.boolean().describe('false when it was revoked already') }),
  ),
  'workshop.status': admin(
    'The workshop: whether it is open, its addresses with their join QR codes, the current join code and the certificate’s fingerprint. For the coordinator.',
    ['workshop', 'devices'],
    empty,
    w.workshopStatus,
  ),
  'workshop.open': admin(
    'Open the catalogue to the devices of the local network (HTTPS, or plain HTTP without the camera). From the catalogue’s own app only.',
    ['workshop'],
    w.workshopOpen,
    w.workshopStatus,
  ),
  'workshop.peerCode': admin(
    'A one-time join code for another laptop with a copy of this catalogue, to sync with it directly (sync.withPeer): the device it joins is a coordinator. With the link that carries the code and the certificate\'s fingerprint. From the catalogue\'s own app only.',
    ['workshop'],
    empty,
    w.peerCode,
  ),
  'workshop.close': admin(
    'Close the workshop: devices are disconnected (they keep their tokens for the next time it opens). From the catalogue’s own app only.',
    ['workshop'],
    empty,
    w.workshopStatus,
  ),

  'evacuations.list': query(
    'Evacuations, newest first: plans kept ready, those under way, completed and returned, each with its progress.',
    ['evacuations', 'objects', 'moves', 'locations'],
    empty,
    z.object({ evacuations: z.array(ev.evacuationSummary) }),
  ),
  'evacuations.get': query(
    'One evacuation: its plan (authorization, destination, team, route), its status and places, and its progress.',
    ['evacuations', 'objects', 'moves', 'locations'],
    z.strictObject({ id: s.id }),
    ev.evacuationDetail,
  ),
  'evacuations.create': mutation(
    'Prepare an evacuation: a plan kept ready, or (start) one under way at once, with its packing area, vehicles and destination as locations.',
    ['evacuations', 'locations'],
    ev.evacuationCreate,
    ev.evacuation,
  ),
  'evacuations.update': mutation('Change an evacuation’s plan: its name, reason, authorization, destination, team, route, assembly points or notes.', ['evacuations', 'locations'], ev.evacuationUpdate, ev.evacuation),
  'evacuations.start': mutation(
    'Start a planned evacuation: its packing area, its vehicles ("in transit") and its destination become locations, and packing can begin.',
    ['evacuations', 'locations'],
    z.strictObject({ id: s.id, placeNames: ev.placeNames.optional() }),
    ev.evacuation,
  ),
  'evacuations.addObjects': mutation(
    'Put objects on an evacuation’s list (a selection, what a search finds, or a location’s contents), optionally giving each the same priority and criteria.',
    ['evacuations', 'objects'],
    ev.addObjects,
    z.object({ added: z.number().int(), alreadyListed: z.number().int(), prioritized: z.number().int() }),
  ),
  'evacuations.removeObjects': mutation(
    'Take objects off an evacuation’s list (they can be put back).',
    ['evacuations'],
    z.strictObject({ evacuationId: s.id, objectIds: z.array(s.id).min(1).max(10_000) }),
    z.object({ removed: z.number().int() }),
  ),
  'evacuations.items': query(
    'An evacuation’s objects, in route order (room by room, as the locations stand), each with where it stands in the chain of custody and who did each step when.',
    ['evacuations', 'objects', 'moves', 'locations', 'photos'],
    ev.evacuationItemsQuery,
    z.object({ items: z.array(ev.evacuationItem), total: z.number().int() }),
  ),
  'evacuations.createBoxes': mutation(
    'Make numbered boxes or crates for an evacuation, in its packing area: each a movable location (EV1-B07), ready for its label.',
    ['evacuations', 'locations'],
    z.strictObject({
      evacuationId: s.id,
      count: z.number().int().min(1).max(200),
      kind: z.enum(ev.BOX_KINDS).optional(),
      name: z.string().trim().min(1).max(100).regex(/\{n\}/, 'must hold {n}, for the number').optional().describe('the boxes’ name in the reader’s language, {n} for the number ("Boîte {n}"); "Box {n}" or "Crate {n}" otherwise'),
    }),
    z.object({ boxes: z.array(ev.evacuationBox) }),
  ),
  'evacuations.boxes': query(
    'An evacuation’s boxes: where each is, what was packed in it and what of that was found at the destination.',
    ['evacuations', 'objects', 'moves', 'locations', 'photos'],
    z.strictObject({ evacuationId: s.id }),
    z.object({ boxes: z.array(ev.evacuationBox) }),
  ),
  'evacuations.pack': mutation(
    'Packing by scanning: move the object with this number into the box (a movement, reason evacuation), joining the packing batch given by reference. An object not on the list is packed and listed as found, with a warning; one in another box is refused, naming that box, unless moved.',
    ['evacuations', 'moves', 'objects', 'locations'],
    ev.packInput,
    ev.packResult,
  ),
  'evacuations.load': mutation(
    'Leaving the building: move the box with this code (and everything in it) into the vehicles, with the transport and who takes charge of it named on the batch.',
    ['evacuations', 'moves', 'locations'],
    ev.loadInput,
    ev.loadResult,
  ),
  'evacuations.receive': mutation(
    'At the destination: a box code checks the box in with its contents (their arrival); an object number finds the object in its box (a sighting). A box never packed is refused. An object not on the list, or not where it was recorded, is recorded where it was found, with a warning.',
    ['evacuations', 'moves', 'objects', 'locations'],
    ev.receiveInput,
    ev.receiveResult,
  ),
  'evacuations.place': mutation(
    'At the destination: move the object with this number out of its box to its place there (a room, a shelf).',
    ['evacuations', 'moves', 'objects', 'locations'],
    ev.placeInput,
    ev.placeResult,
  ),
  'evacuations.putBack': mutation(
    'On the way back: move objects that have returned to the places they were in before the evacuation, as one batch.',
    ['evacuations', 'moves', 'objects', 'locations'],
    z.strictObject({ evacuationId: s.id, objectIds: z.array(s.id).min(1).max(10_000).optional().describe('by default every object received back') }),
    z.object({ reference: z.string().nullable(), moved: z.number().int(), skipped: z.array(z.object({ objectId: s.id, displayNumber: z.string() })) }),
  ),
  'evacuations.reconcile': query(
    'Expected against received, now: every box with what was packed in it and what was found of it, the objects unaccounted for with where each was last recorded, what was not packed, and what was found.',
    ['evacuations', 'objects', 'moves', 'locations', 'photos'],
    z.strictObject({ evacuationId: s.id }),
    ev.reconciliation,
  ),
  'evacuations.close': mutation(
    'Complete an evacuation (or its return). With objects unaccounted for, only with a stated reason.',
    ['evacuations'],
    z.strictObject({ id: s.id, reason: z.string().trim().max(5000).optional().describe('why it is closed with objects unaccounted for') }),
    ev.evacuation,
  ),
  'evacuations.startReturn': mutation(
    'Begin bringing a completed evacuation’s objects back (or on to a new home), in the same boxes, with the same tracking and reconciliation.',
    ['evacuations', 'locations'],
    z.strictObject({ id: s.id, returnLocationId: s.id.describe('where they go: the building or room that will hold them') }),
    ev.evacuation,
  ),
  'evacuations.document': job(
    'An evacuation’s documents: the grab list (by room, in route order, with photos), a packing list or a movement tracking form per box, the summary report (PDFs), or the evacuation inventory (an Excel workbook).',
    [],
    ev.documentCreate,
    ev.documentResult,
  ),
  'sync.copy': job(
    'Take a field copy: a new catalogue folder with this catalogue\'s identity, every operation and photo, and a device of its own (its own code in new numbers). Not over the network.',
    [],
    z.strictObject({ path: z.string().min(1).max(4096), jobId: s.id.optional() }),
    z.object({ path: z.string(), deviceCode: z.string() }),
  ),
  'sync.bundle': job(
    'Write a sync bundle: the operations another copy lacks (by its folder, forPeer, or a bundle it sent, since), with their photos, in one .storeroom-sync file. Without either, everything. Without a path, the file is kept for downloading (GET /exports/{exportId}).',
    [],
    z.strictObject({
      path: z.string().min(1).max(4096).optional(),
      forPeer: z.string().min(1).max(4096).optional().describe('the other copy\'s folder'),
      since: z.string().min(1).max(4096).optional().describe('a bundle the other copy sent'),
      vector: s.syncVector.optional().describe('what the other copy has seen, as its bundles\' manifests give it (device → latest change); allowed over the network'),
      jobId: s.id.optional(),
    }),
    z.object({
      file: z.string().nullable(),
      exportId: s.id.nullable(),
      fileName: z.string(),
      operations: z.number().int(),
      photos: z.number().int(),
      vector: s.syncVector.describe('what this catalogue has seen, for a bundle back'),
    }),
  ),
  'sync.inspect': job(
    'Read a sync bundle and say what it brings before it is applied: operations, and by person and device the new objects, moves, photos and condition records. Nothing is written.',
    [],
    z.strictObject({ source: s.importSource, jobId: s.id.optional() }),
    s.syncSummary,
  ),
  'sync.apply': job(
    'Apply a sync bundle from a copy of this catalogue, all or nothing: its photos, then its operations merged field by field; what two copies changed at once becomes a conflict to settle.',
    ['catalogue', 'people', 'locations', 'objects', 'moves', 'vocabularies', 'photos', 'milestones', 'imports', 'evacuations'],
    z.strictObject({ source: s.importSource, jobId: s.id.optional() }),
    z.object({
      applied: z.number().int(),
      skipped: z.number().int().describe('operations this catalogue had already'),
      conflicts: z.number().int().describe('new conflicts found'),
      warnings: z.array(z.string()).describe('clockAhead:<device code>:<time>: a device whose clock runs ahead'),
    }),
  ),
  'sync.withPeer': job(
    'Sync directly with another laptop holding a copy of this catalogue, whose workshop is open: join it with a code for a laptop (or the key kept from the last time), trust its certificate by its fingerprint only, bring in what it has and this copy lacks, then send it what it lacks. From the catalogue\'s own app only.',
    ['catalogue', 'people', 'locations', 'objects', 'moves', 'vocabularies', 'photos', 'milestones', 'imports'],
    z.strictObject({
      url: z.string().min(1).max(2048).describe('the other laptop\'s workshop address, or the link for a laptop from its Workshop page (which carries the code and the fingerprint)'),
      code: w.joinCode.optional().describe('a join code for a laptop, from the other laptop\'s Workshop page; not needed when this copy has synced with it before'),
      fingerprint: z.string().max(200).optional().describe('the SHA-256 fingerprint of its certificate, as its Workshop page shows it; not needed when the link carries it or it was confirmed before'),
      jobId: s.id.optional(),
    }),
    z.object({
      url: z.string(),
      catalogueName: z.string(),
      pulled: s.syncCount.describe('what came in from the other laptop'),
      pushed: s.syncCount.describe('what went out to it'),
      warnings: z.array(z.string()).describe('clockAhead:<device code>:<time>: a device whose clock runs ahead'),
    }),
  ),
  'conflicts.list': query(
    'What merging found that a person must settle, open ones first: two changes of one field, one number on two new objects, one code on two new locations, an edit of something removed.',
    ['catalogue', 'objects', 'locations'],
    z.strictObject({ open: z.boolean().optional() }),
    z.object({ conflicts: z.array(s.conflict), open: z.number().int() }),
  ),
  'conflicts.resolve': mutation(
    'Settle a conflict, as a new change that syncs like any other: keep one of the values, or give a new one; for one number on two objects, renumber one; for an edit of something removed, bring it back or leave it removed.',
    ['catalogue', 'objects', 'locations'],
    s.conflictResolve,
    z.object({ key: z.string() }),
  ),
  'changes.list': query(
    'The change log: who changed what and when, newest first, filtered by person, date or entity.',
    TOPICS,
    z.strictObject({
      personId: s.id.optional(),
      entityId: s.id.optional(),
      since: s.isoDate.optional(),
      until: s.isoDate.optional().describe('up to and including this date'),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    z.object({ items: z.array(s.change), total: z.number().int() }),
  ),
} as const;

export type Procedures = typeof procedures;
export type ProcedureName = keyof Procedures;
export type Input<P extends ProcedureName> = z.input<Procedures[P]['input']>;
export type ParsedInput<P extends ProcedureName> = z.output<Procedures[P]['input']>;
export type Output<P extends ProcedureName> = z.output<Procedures[P]['output']>;

export const procedureNames = Object.keys(procedures) as ProcedureName[];
export const isProcedureName = (name: string): name is ProcedureName => Object.hasOwn(procedures, name);
/** A procedure a client may call: every one but the records, which only operations apply. */
export const isCallable = (name: string): name is ProcedureName => isProcedureName(name) && procedures[name].kind !== 'record';

/** The procedures of the catalogue itself, which the core answers (every one but the workshop's admin procedures). */
export type CoreProcedureName = { [P in ProcedureName]: Procedures[P]['kind'] extends 'admin' ? never : P }[ProcedureName];
export type AdminProcedureName = Exclude<ProcedureName, CoreProcedureName>;
export const isAdminProcedure = (name: ProcedureName): name is AdminProcedureName => procedures[name].kind === 'admin';

/**
 * Queries about one thing (an object, a location, a photo): the input field that names it. A client refetches such a
 * query only when a change touched that thing; other queries, when a change touched what they read.
 */
export const QUERY_SUBJECT: Partial<Record<ProcedureName, string>> = {
  'objects.get': 'id',
  'objects.timeline': 'id',
  'moves.history': 'objectId',
  'photos.list': 'targetId',
  'photos.get': 'id',
};

/** At most this many entity ids travel in one change event; a larger change says `truncated`. */
export const MAX_EVENT_ENTITIES = 500;

/**
 * A change pushed to every client after an operation is recorded: its place in the catalogue's log (`seq`, the
 * server-sent event's id, from which a client that was away resumes), and what it touched, derived from the operation.
 */
export interface ChangeEvent {
  kind: 'change';
  seq: number;
  procedure: string;
  /** The kinds of thing it touched. */
  topics: readonly Topic[];
  /** The ids of what it touched (objects, locations, photos, ...), up to MAX_EVENT_ENTITIES. */
  entities: readonly string[];
  /** More was touched than `entities` lists: refresh by topic. */
  truncated: boolean;
}

/** A client was away too long to be told each change it missed: it reloads everything, from `seq` on. */
export interface ReloadEvent {
  kind: 'reload';
  seq: number;
}

/** Progress of a job, pushed to every client while it runs. */
export interface ProgressEvent {
  kind: 'progress';
  jobId: string;
  procedure: ProcedureName;
  done: number;
  total: number;
  current: string | null;
  errors: number;
  finished: boolean;
}

/**
 * The workshop or its devices changed (a device joined or was revoked, the workshop opened or closed): not the
 * catalogue, so it has no place in the log. Only coordinators hear it.
 */
export interface AccessEvent {
  kind: 'access';
  topics: readonly Topic[];
}

/** Sent to a device that was just revoked, on its event stream, before the stream is closed. */
export interface RevokedEvent {
  kind: 'revoked';
}

export type ServerEvent = ChangeEvent | ReloadEvent | ProgressEvent | AccessEvent | RevokedEvent;
