import type { Output } from '@contract';
import type { TFunction } from 'i18next';
import { resolveChangeText } from './conflictText';
import { formatList } from './lists';

type Change = Output<'changes.list'>['items'][number];

/** How a change names the objects and locations it refers to: by number and by code. */
export interface ChangeLookup {
  code: (locationId: unknown) => string;
  objectNumber: string;
}

/** A change in words: "Moved 12 objects to R1-U1", "Edited object 1987.12.3". Every procedure that writes has its words. */
export function describeChange(t: TFunction, change: Pick<Change, 'procedure' | 'targetCount'>, input: Record<string, unknown>, lookup: ChangeLookup): string {
  const n = change.targetCount;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);
  switch (change.procedure) {
    case 'catalogue.seed':
      return t('changes.what.catalogueSeed', { name: text(input.name) });
    case 'catalogue.rename':
      return t('changes.what.catalogueRename', { name: text(input.name) });
    case 'people.create':
      return t('changes.what.personCreate', { name: text(input.name) });
    case 'locations.create':
      return t('changes.what.locationCreate', { code: text(input.code) });
    case 'locations.update':
      return t('changes.what.locationUpdate', { code: text(input.code) || lookup.code(input.id) });
    case 'locations.delete':
      return t('changes.what.locationDelete');
    case 'locations.reorder':
      return input.parentId ? t('changes.what.locationReorder', { code: lookup.code(input.parentId) }) : t('changes.what.locationReorderTop');
    case 'locations.generate':
      return input.dryRun ? t('changes.what.locationPreview') : t('changes.what.locationGenerate', { count: n });
    case 'vocabularies.setTerms':
      return t(input.vocabulary === 'condition' ? 'changes.what.conditionTerms' : 'changes.what.categories', { list: formatList((input.terms as string[] | undefined) ?? [], 'enumeration') });
    case 'customFields.create':
      return t('changes.what.customFieldCreate', { name: text(input.name) });
    case 'customFields.update':
      return t('changes.what.customFieldUpdate', { name: text(input.name) });
    case 'objects.create':
      return input.number ? t('changes.what.objectCreate', { number: text(input.number), name: text(input.name) }) : t('changes.what.objectCreateUnnumbered', { name: text(input.name) });
    case 'objects.update':
      return t('changes.what.objectUpdate', { number: lookup.objectNumber });
    case 'objects.bulkUpdate':
      return t('changes.what.bulkUpdate', { count: n });
    case 'objects.checkCondition':
      return t('changes.what.checkCondition', { number: lookup.objectNumber, term: text(input.term) });
    case 'moves.create': {
      const containers = count(input.containerIds);
      const objects = Math.max(0, n - 1 - containers);
      return containers
        ? t('changes.what.moveWithContainers', { count: objects, containers, code: lookup.code(input.toLocationId) })
        : t('changes.what.move', { count: objects, code: lookup.code(input.toLocationId) });
    }
    case 'moves.scan':
      return n >= 2
        ? t('changes.what.scanMoved', { number: text(input.number), code: lookup.code(input.toLocationId) })
        : n === 1
          ? t('changes.what.scanHere', { number: text(input.number), code: lookup.code(input.toLocationId) })
          : t('changes.what.scanNothing', { number: text(input.number) });
    case 'moves.undo':
      return t('changes.what.undo', { reference: text(input.reference), count: n });
    case 'moves.returnToNormal':
      return t('changes.what.returnToNormal', { count: n });
    case 'photos.store':
      return t('changes.what.photoImport', { file: text(input.originalName) });
    // Before operations, a photo import logged each file it stored.
    case 'photos.import':
      return input.duplicateOf ? t('changes.what.photoImportDuplicate', { file: text(input.file) }) : t('changes.what.photoImport', { file: text(input.file) });
    case 'photos.attach':
      return t('changes.what.photosAttach', { count: count(input.photoIds) });
    case 'photos.updateLink':
      return input.primary ? t('changes.what.photoPrimary') : t('changes.what.photoUpdateLink');
    case 'photos.detach':
      return t('changes.what.photoDetach');
    case 'milestones.create':
      // After, as the app names it when it marks the end, is said in the reader's language.
      return t('changes.what.milestoneCreate', { name: input.kind === 'after' && input.name === 'After' ? t('milestones.after') : text(input.name) });
    case 'milestones.update':
      return input.name ? t('changes.what.milestoneUpdate', { name: text(input.name) }) : t('changes.what.milestoneTime');
    case 'milestones.delete':
      return t('changes.what.milestoneDelete');
    case 'viewpoints.create':
      return t('changes.what.viewpointCreate', { name: text(input.name) });
    case 'viewpoints.update':
      return input.name ? t('changes.what.viewpointUpdate', { name: text(input.name) }) : t('changes.what.viewpointNotes');
    case 'viewpoints.setPhoto':
      return t('changes.what.viewpointPhoto');
    case 'imports.apply': {
      const rows = Array.isArray(input.rows) ? (input.rows as { objectId: unknown }[]) : [];
      const created = rows.filter((r) => r.objectId === null).length;
      return t('changes.what.importCommit', { file: text(input.fileName), created, updated: rows.length - created });
    }
    // Before operations, an import logged a summary.
    case 'imports.commit':
      return t('changes.what.importCommit', { file: text(input.file), created: Number(input.new ?? 0), updated: Number(input.updated ?? 0) });
    case 'imports.undo':
      return t('changes.what.importUndo');
    case 'imports.redo':
      return t('changes.what.importRedo');
    case 'imports.saveMapping':
      return t('changes.what.mappingSave', { name: text(input.name) });
    case 'labels.saveSettings': {
      const offset = input.offset as { x?: unknown; y?: unknown } | undefined;
      return offset && typeof offset.x === 'number' && typeof offset.y === 'number'
        ? t('labels.changeOffset', { x: offset.x, y: offset.y })
        : t('labels.changeSettings');
    }
    case 'conflicts.resolve':
      return resolveChangeText(t, input);
    case 'evacuations.create':
      return t('evacuation.changes.create', { name: text(input.name) });
    case 'evacuations.update':
      return t('evacuation.changes.update');
    case 'evacuations.start':
      return t('evacuation.changes.start');
    case 'evacuations.addObjects':
      return t('evacuation.changes.addObjects');
    case 'evacuations.removeObjects':
      return t('evacuation.changes.removeObjects', { count: count(input.objectIds) });
    case 'evacuations.createBoxes':
      return t('evacuation.changes.createBoxes', { count: typeof input.count === 'number' ? input.count : 1 });
    case 'evacuations.pack':
      return t('evacuation.changes.pack', { number: text(input.number) || lookup.objectNumber });
    case 'evacuations.load':
      return t('evacuation.changes.load', { code: text(input.code), transport: text(input.transport) });
    case 'evacuations.receive':
      return t('evacuation.changes.receive', { code: text(input.code) || lookup.objectNumber });
    case 'evacuations.place':
      return t('evacuation.changes.place', { number: text(input.number) || lookup.objectNumber, code: lookup.code(input.toLocationId) });
    case 'evacuations.putBack':
      return t('evacuation.changes.putBack');
    case 'evacuations.close':
      return t('evacuation.changes.close');
    case 'evacuations.startReturn':
      return t('evacuation.changes.startReturn');
    default:
      return change.procedure;
  }
}
