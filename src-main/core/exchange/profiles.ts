import { strToU8, zipSync } from 'fflate';
import type { ReadContext } from '../context';
import { locationTree } from '../locations/locations';
import type { ObjectColumns } from '../objects/objects';
import { customFields } from '../vocabularies/vocabularies';
import { csvLine, type CellValue } from './cells';
import { loadExcel } from './excel';

/**
 * Hand-off to collections systems: the catalogue in the shape another system's importer takes.
 *
 * - CollectionSpace: the CSVs of its CSV Importer (collectionspace-mapper templates): cataloguing
 *   (collectionobject: objectNumber, numberOfObjects, objectName, briefDescription, material, the measuredPart group
 *   with dimensionSummary and its dimension / value / measurementUnit subgroup, comment), storage locations (the
 *   location authority's local vocabulary: termDisplayName, locationType, and the hierarchy as broader/narrower
 *   pairs), movements (LMI: movementReferenceNumber, currentLocationLocationLocal, locationDate, reasonForMove,
 *   movementNote) with the relationships that tie each movement to its object, and condition checks. Repeating
 *   fields are separated by ";" and subgroups by "^^", as its templates do.
 * - CollectiveAccess: the data as a workbook, and an import mapping workbook for it (Rule type, Source, CA table.element,
 *   Group, Options, Refinery, Refinery parameters, Original values, Replacement values, Source description, Notes),
 *   with the settings CollectiveAccess's importer reads (name, code, inputFormats, table, type, numInitialRowsToSkip,
 *   existingRecordPolicy).
 *
 * Both are written as one zip, so that one file can be downloaded.
 */

export const PROFILES = ['collectionspace', 'collectiveaccess'] as const;
export type Profile = (typeof PROFILES)[number];

/** CollectionSpace's measurement units (its "measurementunits" option list). */
const CSPACE_UNITS: Record<string, string> = { mm: 'millimeters', cm: 'centimeters', m: 'meters', in: 'inches', g: 'grams', kg: 'kilograms', lb: 'pounds' };
/** CollectionSpace's reasons for move ("movereason" option list) for Storeroom's. */
const CSPACE_REASONS: Record<string, string> = {
  reorganization: 'collections-facility-move',
  to_holding_area: 'inventory',
  return_to_normal_location: 'inventory',
  conservation: 'conservation',
  evacuation: 'collections-facility-move',
  loan: 'loan',
  other: 'other',
};

/** An object's columns, with its places' codes and its latest condition. */
interface ObjectRow extends ObjectColumns {
  location_code: string | null;
  normal_code: string | null;
  c_term: string | null;
  c_note: string | null;
  c_on: string | null;
  c_by: string | null;
}

const OBJECTS_SQL = `SELECT o.*, l.code AS location_code, n.code AS normal_code, c.term AS c_term, c.note AS c_note, c.assessed_on AS c_on, c.assessed_by AS c_by
  FROM objects o LEFT JOIN locations l ON l.id = o.location_id LEFT JOIN locations n ON n.id = o.normal_location_id LEFT JOIN condition_checks c ON c.id = o.condition_id
  WHERE o.removed = 0 ORDER BY o.sort_key, o.id`;

const csv = (header: string[], rows: CellValue[][]) => strToU8([csvLine(header), ...rows.map((r) => csvLine(r))].join(''));
const numberOf = (o: ObjectRow) => o.number ?? o.temp_number ?? '';

function measuredParts(o: ObjectRow): { dimension: string; value: string; unit: string } {
  const parts = (['height', 'width', 'depth'] as const).filter((k) => o[k] !== null);
  const withWeight = o.weight !== null;
  return {
    dimension: [...parts, ...(withWeight ? ['weight'] : [])].join('^^'),
    value: [...parts.map((k) => String(o[k])), ...(withWeight ? [String(o.weight)] : [])].join('^^'),
    unit: [...parts.map(() => CSPACE_UNITS[o.dimension_unit] ?? o.dimension_unit), ...(withWeight ? [CSPACE_UNITS[o.weight_unit] ?? o.weight_unit] : [])].join('^^'),
  };
}

/** CollectionSpace's CSV Importer files, in a zip. */
export function collectionSpaceFiles(ctx: ReadContext): Uint8Array {
  const objects = ctx.db.prepare(OBJECTS_SQL).all() as ObjectRow[];
  const fields = customFields(ctx);
  const { locations } = locationTree(ctx);
  const codeOf = new Map(locations.map((l) => [l.id, l.code]));
  const cataloguing = csv(
    ['objectNumber', 'numberOfObjects', 'objectName', 'briefDescription', 'material', 'measuredPart', 'dimensionSummary', 'dimension', 'value', 'measurementUnit', 'comment', 'computedCurrentLocation'],
    objects.map((o) => {
      const m = measuredParts(o);
      const extra = [
        o.category ? `Category: ${o.category}` : '',
        ...(JSON.parse(o.tags) as string[]).map((t) => `Tag: ${t}`),
        ...fields.flatMap((f) => {
          const value = (JSON.parse(o.custom) as Record<string, unknown>)[f.id];
          return value === undefined || value === null || value === '' ? [] : [`${f.name}: ${String(value)}`];
        }),
      ].filter(Boolean);
      return [numberOf(o), o.count, o.name, o.description, o.materials, m.dimension ? 'overall' : '', o.dimension_summary, m.dimension, m.value, m.unit, extra.join('; '), o.location_code];
    }),
  );
  const storage = csv(
    ['termDisplayName', 'shortIdentifier', 'locationType', 'termStatus', 'accessNote'],
    locations.map((l) => [l.code === l.name ? l.code : `${l.code} ${l.name}`, l.code.replace(/[^A-Za-z0-9]/g, '').toLowerCase() || 'location', l.type, l.archived ? 'inactive' : 'active', l.notes]),
  );
  const hierarchy = csv(
    ['term_type', 'term_subtype', 'narrower_term', 'broader_term'],
    locations.filter((l) => l.parentId).map((l) => ['locationauthorities', 'location', l.code === l.name ? l.code : `${l.code} ${l.name}`, (() => {
      const p = locations.find((x) => x.id === l.parentId)!;
      return p.code === p.name ? p.code : `${p.code} ${p.name}`;
    })()]),
  );
  const nameOfCode = new Map(locations.map((l) => [l.code, l.code === l.name ? l.code : `${l.code} ${l.name}`]));
  const moves = ctx.db
    .prepare(
      `SELECT m.id, m.at, m.to_location_id AS to_id, m.reason, m.reference, m.note, coalesce(o.number, o.temp_number) AS object
       FROM movements m JOIN objects o ON o.id = m.object_id WHERE o.removed = 0 ORDER BY m.rowid`,
    )
    .all() as { id: string; at: string; to_id: string | null; reason: string; reference: string; note: string; object: string }[];
  // One movement record per movement: a batch's reference is shared, so each gets its own number after it.
  const seen = new Map<string, number>();
  const numbered = moves.map((m) => {
    const n = (seen.get(m.reference) ?? 0) + 1;
    seen.set(m.reference, n);
    return { ...m, number: `${m.reference}.${n}` };
  });
  const movements = csv(
    ['movementReferenceNumber', 'currentLocationLocationLocal', 'locationDate', 'reasonForMove', 'movementNote'],
    numbered.map((m) => [m.number, nameOfCode.get(codeOf.get(m.to_id ?? '') ?? '') ?? '', m.at.slice(0, 10), CSPACE_REASONS[m.reason] ?? 'other', m.note]),
  );
  const relations = csv(
    ['item1_id', 'item1_type', 'item2_id', 'item2_type'],
    numbered.map((m) => [m.object, 'collectionobjects', m.number, 'movements']),
  );
  const checked = objects.filter((o) => o.c_term);
  const conditions = csv(
    ['conditionCheckRefNumber', 'conditionCheckAssessmentDate', 'conditionCheckerOrAssessorPersonLocal', 'condition', 'conditionNote'],
    checked.map((o) => [`CC-${numberOf(o)}`, o.c_on, o.c_by, o.c_term, o.c_note]),
  );
  const conditionRelations = csv(
    ['item1_id', 'item1_type', 'item2_id', 'item2_type'],
    checked.map((o) => [numberOf(o), 'collectionobjects', `CC-${numberOf(o)}`, 'conditionchecks']),
  );
  return zipSync({
    'collectionobject.csv': cataloguing,
    'location-local.csv': storage,
    'location-hierarchy.csv': hierarchy,
    'movement.csv': movements,
    'movement-relationships.csv': relations,
    'conditioncheck.csv': conditions,
    'conditioncheck-relationships.csv': conditionRelations,
  });
}

/** The columns of the CollectiveAccess data workbook, and where each goes in CollectiveAccess. */
const CA_COLUMNS: { header: string; target: string; value: (o: ObjectRow) => CellValue; options?: string }[] = [
  { header: 'idno', target: 'ca_objects.idno', value: numberOf },
  { header: 'preferred_labels', target: 'ca_objects.preferred_labels', value: (o) => o.name },
  { header: 'description', target: 'ca_objects.description', value: (o) => o.description },
  { header: 'number_of_objects', target: 'ca_objects.number_of_objects', value: (o) => o.count },
  { header: 'materials', target: 'ca_objects.materials', value: (o) => o.materials },
  { header: 'category', target: 'ca_objects.object_category', value: (o) => o.category },
  { header: 'height', target: 'ca_objects.dimensions.dimensions_height', value: (o) => (o.height === null ? null : `${o.height} ${o.dimension_unit}`) },
  { header: 'width', target: 'ca_objects.dimensions.dimensions_width', value: (o) => (o.width === null ? null : `${o.width} ${o.dimension_unit}`) },
  { header: 'depth', target: 'ca_objects.dimensions.dimensions_length', value: (o) => (o.depth === null ? null : `${o.depth} ${o.dimension_unit}`) },
  { header: 'dimension_summary', target: 'ca_objects.dimensions.measurement_notes', value: (o) => o.dimension_summary },
  { header: 'weight', target: 'ca_objects.dimensions.dimensions_weight', value: (o) => (o.weight === null ? null : `${o.weight} ${o.weight_unit}`) },
  { header: 'condition', target: 'ca_objects.condition', value: (o) => o.c_term },
  { header: 'condition_note', target: 'ca_objects.condition_note', value: (o) => o.c_note },
  { header: 'condition_date', target: 'ca_objects.condition_date', value: (o) => o.c_on },
  { header: 'condition_assessor', target: 'ca_objects.condition_assessor', value: (o) => o.c_by },
  { header: 'storage_location', target: 'ca_storage_locations', value: (o) => o.location_code, options: '{"relationshipType": "related", "matchOn": ["idno", "labels"]}' },
];

/** CollectiveAccess's data workbook and its import mapping, in a zip. */
export async function collectiveAccessFiles(ctx: ReadContext): Promise<Uint8Array> {
  const objects = ctx.db.prepare(OBJECTS_SQL).all() as ObjectRow[];
  const ExcelJS = await loadExcel();
  const data = new ExcelJS.Workbook();
  const sheet = data.addWorksheet('objects');
  sheet.addRow(CA_COLUMNS.map((c) => c.header)).font = { bold: true };
  for (const o of objects) sheet.addRow(CA_COLUMNS.map((c) => c.value(o)));
  const locationsSheet = data.addWorksheet('storage_locations');
  locationsSheet.addRow(['idno', 'preferred_labels', 'type', 'parent_idno']).font = { bold: true };
  const { locations } = locationTree(ctx);
  for (const l of locations) locationsSheet.addRow([l.code, l.name, l.type, locations.find((p) => p.id === l.parentId)?.code ?? null]);

  const mapping = new ExcelJS.Workbook();
  const rules = mapping.addWorksheet('Mapping');
  rules.addRow(['Rule type', 'Source', 'CA table.element', 'Group', 'Options', 'Refinery', 'Refinery parameters', 'Original values', 'Replacement values', 'Source description', 'Notes']).font = { bold: true };
  const settings: [string, string][] = [
    ['name', 'Storeroom inventory'],
    ['code', 'storeroom_objects'],
    ['inputFormats', 'XLSX'],
    ['table', 'ca_objects'],
    ['type', 'physical_object'],
    ['numInitialRowsToSkip', '1'],
    ['existingRecordPolicy', 'merge_on_idno'],
    ['errorPolicy', 'ignore'],
  ];
  for (const [name, value] of settings) rules.addRow(['Setting', name, value]);
  CA_COLUMNS.forEach((c, i) => {
    if (c.target === 'ca_storage_locations') {
      rules.addRow(['Mapping', i + 1, 'ca_objects.storage_location', null, null, 'storageLocationSplitter', '{"delimiter": " > ", "relationshipType": "related", "storageLocationType": "room"}', null, null, c.header, 'The location code; locations are matched by their idno']);
    } else rules.addRow(['Mapping', i + 1, c.target, null, c.options ?? null, null, null, null, null, c.header, null]);
  });
  const buffers = await Promise.all([data.xlsx.writeBuffer(), mapping.xlsx.writeBuffer()]);
  return zipSync({
    'storeroom-objects.xlsx': new Uint8Array(buffers[0] as ArrayBuffer),
    'collectiveaccess-mapping.xlsx': new Uint8Array(buffers[1] as ArrayBuffer),
    'README.txt': strToU8(
      'Import storeroom-objects.xlsx into CollectiveAccess with the import mapping collectiveaccess-mapping.xlsx:\r\n' +
        '  1. Load the mapping (Import > Data > Add mapping), or: support/bin/caUtils load-import-mapping --file=collectiveaccess-mapping.xlsx\r\n' +
        '  2. Import the data with it: support/bin/caUtils import-data --source=storeroom-objects.xlsx --mapping=storeroom_objects --format=XLSX\r\n' +
        'The metadata elements named in the mapping (ca_objects.condition, ...) must exist in your installation profile; rename them in the mapping where yours differ.\r\n',
    ),
  });
}
