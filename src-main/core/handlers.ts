import { workbookFromCatalogue } from './exchange/from-catalogue';
import type { CoreProcedureName, Output, ParsedInput, procedures } from '../contract';
import { catalogueName, renameCatalogue, seedCatalogue } from './catalogue-name';
import { listChanges, objectTimeline } from './changes/changes';
import type { CallContext, JobContext } from './context';
import { compareMeasures, compareObjects, createMilestone, deleteMilestone, listMilestones, measuresAt, updateMilestone } from './milestones/milestones';
import { beforeAfterReport, workshopProgress } from './milestones/reports';
import { createViewpoint, listViewpoints, setViewpointPhoto, updateViewpoint } from './milestones/viewpoints';
import { createDocument } from './evacuations/documents/documents';
import { addObjects, closeEvacuation, getEvacuation, listBoxes, listEvacuations, listItems, reconcile, removeObjects } from './evacuations/evacuations';
import { createEvacuation, startEvacuation, startReturn, updateEvacuation } from './evacuations/plans';
import { createBoxes, load, pack, placeObject, putBack, receive } from './evacuations/scan';
import { createExport } from './exchange/export';
import { applyImport, commitImport, inspectImport, listImports, listMappings, previewImport, redoImport, saveMapping, undoImport } from './exchange/import';
import { attachPhotos, detachPhoto, getPhoto, importPhotos, listPhotos, matchFilenames, storePhoto, updatePhotoLink } from './media/photos';
import { latestSchemaVersion } from './db/migrate';
import { createLabels, labelSettings, listTemplates, previewLabels, saveLabelSettings } from './labels/labels';
import { createLocation, deleteLocation, generateLocations, locationContents, locationTree, reorderLocations, updateLocation } from './locations/locations';
import { createMoves, listBatches, moveHistory, relocate, returnToNormal, scanMove, undoBatch } from './moves/moves';
import { bulkUpdateObjects, checkCondition, createObject, findByNumber, getObject, listObjects, updateObject } from './objects/objects';
import { createPerson, listPeople } from './people/people';
import { createCustomField, getVocabularies, setTerms, updateCustomField } from './vocabularies/vocabularies';
import { listConflicts, resolveConflict } from './sync/conflicts';
import { applyBundle, inspectBundle, makeBundle, takeFieldCopy } from './sync/sync';
import { syncWithPeer } from './sync/peer';
import { APP_VERSION } from './version';

type ProcedureKind<P extends CoreProcedureName> = (typeof procedures)[P]['kind'];

/**
 * Queries, mutations and records answer at once (a write inside its operation's transaction); jobs take a JobContext and
 * answer when done. The workshop's admin procedures are not the core's: the server that opens the workshop answers them.
 */
export type Handlers = {
  [P in CoreProcedureName]: ProcedureKind<P> extends 'job'
    ? (ctx: JobContext, input: ParsedInput<P>) => Promise<Output<P>>
    : (ctx: CallContext, input: ParsedInput<P>) => Output<P>;
};

/** The core's implementation of each procedure in the contract. */
export const handlers: Handlers = {
  'catalogue.info': (ctx) => {
    const { db, catalogue } = ctx;
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE removed = 0`).get() as { n: number }).n;
    return {
      name: catalogueName(ctx),
      path: catalogue.dir,
      schemaVersion: latestSchemaVersion,
      appVersion: APP_VERSION,
      objectCount: count('objects'),
      locationCount: count('locations'),
    };
  },
  'catalogue.seed': seedCatalogue,
  'catalogue.rename': renameCatalogue,
  'people.list': (ctx) => listPeople(ctx),
  'people.create': createPerson,
  'locations.tree': (ctx) => locationTree(ctx),
  'locations.create': createLocation,
  'locations.update': (ctx, { parentId, ...fields }) => {
    // A new parent is a physical move of the location and everything in it.
    if (parentId !== undefined) relocate(ctx, fields.id, parentId);
    return updateLocation(ctx, fields);
  },
  'locations.reorder': reorderLocations,
  'locations.delete': deleteLocation,
  'locations.generate': generateLocations,
  'locations.contents': locationContents,
  'vocabularies.get': (ctx) => getVocabularies(ctx),
  'vocabularies.setTerms': setTerms,
  'customFields.create': createCustomField,
  'customFields.update': updateCustomField,
  'objects.list': listObjects,
  'objects.get': (ctx, input) => getObject(ctx, input.id),
  'objects.create': createObject,
  'objects.update': updateObject,
  'objects.bulkUpdate': bulkUpdateObjects,
  'objects.checkCondition': checkCondition,
  'objects.findByNumber': findByNumber,
  'objects.timeline': objectTimeline,
  'moves.create': createMoves,
  'moves.scan': scanMove,
  'moves.undo': undoBatch,
  'moves.returnToNormal': returnToNormal,
  'moves.batches': listBatches,
  'moves.history': moveHistory,
  'photos.import': importPhotos,
  'photos.store': storePhoto,
  'photos.matchFilenames': matchFilenames,
  'photos.list': listPhotos,
  'photos.get': (ctx, input) => getPhoto(ctx, input.id),
  'photos.attach': attachPhotos,
  'photos.updateLink': updatePhotoLink,
  'photos.detach': detachPhoto,
  'milestones.list': (ctx) => ({ milestones: listMilestones(ctx) }),
  'milestones.create': createMilestone,
  'milestones.update': updateMilestone,
  'milestones.delete': deleteMilestone,
  'measures.at': measuresAt,
  'measures.compare': compareMeasures,
  'measures.compareObjects': compareObjects,
  'dashboard.progress': (ctx) => workshopProgress(ctx),
  'viewpoints.list': listViewpoints,
  'viewpoints.create': createViewpoint,
  'viewpoints.update': updateViewpoint,
  'viewpoints.setPhoto': setViewpointPhoto,
  'reports.beforeAfter': beforeAfterReport,
  'exports.create': createExport,
  'labels.templates': () => listTemplates(),
  'labels.preview': previewLabels,
  'labels.create': createLabels,
  'labels.settings': (ctx) => labelSettings(ctx),
  'labels.saveSettings': saveLabelSettings,
  'imports.inspect': inspectImport,
  'imports.preview': previewImport,
  'imports.commit': commitImport,
  'imports.apply': applyImport,
  'imports.undo': undoImport,
  'imports.redo': redoImport,
  'imports.list': (ctx) => listImports(ctx),
  'imports.mappings': (ctx) => listMappings(ctx),
  'imports.saveMapping': saveMapping,
  'jobs.cancel': (ctx, input) => {
    const job = ctx.catalogue.jobs.get(input.jobId);
    job?.abort();
    return { cancelled: job !== undefined };
  },
  'imports.fromCatalogue': workbookFromCatalogue,
  'sync.copy': takeFieldCopy,
  'sync.bundle': makeBundle,
  'sync.inspect': inspectBundle,
  'sync.apply': applyBundle,
  'sync.withPeer': syncWithPeer,
  'conflicts.list': listConflicts,
  'conflicts.resolve': resolveConflict,
  'evacuations.list': (ctx) => listEvacuations(ctx),
  'evacuations.get': getEvacuation,
  'evacuations.create': createEvacuation,
  'evacuations.update': updateEvacuation,
  'evacuations.start': startEvacuation,
  'evacuations.addObjects': addObjects,
  'evacuations.removeObjects': removeObjects,
  'evacuations.items': listItems,
  'evacuations.createBoxes': createBoxes,
  'evacuations.boxes': listBoxes,
  'evacuations.pack': pack,
  'evacuations.load': load,
  'evacuations.receive': receive,
  'evacuations.place': placeObject,
  'evacuations.putBack': putBack,
  'evacuations.reconcile': reconcile,
  'evacuations.close': closeEvacuation,
  'evacuations.startReturn': startReturn,
  'evacuations.document': createDocument,
  'changes.list': listChanges,
};
