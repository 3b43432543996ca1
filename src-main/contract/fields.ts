import { z } from 'zod';
import { DIMENSION_UNITS, EVACUATION_PRIORITIES, id, measure, RATINGS, requiredText, tag, text, WEIGHT_UNITS } from './values';

/**
 * The object's fields, defined once. The API's schemas, the object form and bulk edit, the change log's words, the
 * spreadsheet import and the export are derived from this table: a new field is one entry here, a column in a
 * migration, and its words in each language (objectsUi.fields.<key>, exchange.fields.<import>).
 *
 * The object number and custom fields are not here: a number has its own rules (temporary numbers), and custom fields
 * are the catalogue's own.
 */

/** How a field's value is held, typed, shown, imported and exported. */
export type FieldKind =
  /** one line of text */
  | 'text'
  /** text of several lines */
  | 'longText'
  /** a whole number from 1 */
  | 'count'
  /** a positive number, or none */
  | 'measure'
  /** one of a fixed list of units */
  | 'unit'
  /** a term of one of the catalogue's lists, or none */
  | 'term'
  /** a location, or none */
  | 'location'
  /** yes, no, or not assessed */
  | 'flag'
  /** an evacuation priority, 1 first, or none */
  | 'priority'
  /** high, medium or low, or not assessed */
  | 'rating'
  /** a list of tags */
  | 'tags';

/** Where the object form shows a field. */
export const FIELD_SECTIONS = ['identity', 'description', 'measurements', 'storage', 'emergency', 'tags'] as const;
export type FieldSection = (typeof FIELD_SECTIONS)[number];

export interface FieldDef {
  /** The objects table's column. */
  column: string;
  kind: FieldKind;
  /** The value as the API takes it. */
  schema: z.ZodType;
  /** A new object's value when none is given. */
  empty: unknown;
  section: FieldSection;
  /** Spectrum's name for it: the export's column header, and a name the import knows. */
  spectrum: string;
  /** The export column's width, in characters. */
  width: number;
  /** Offered in bulk edit, to set on many objects at once. */
  bulk: boolean;
  /** The field's name in an import mapping (what a saved mapping says). */
  importAs: string;
  /** For a unit: its values. For a term: its vocabulary. */
  units?: readonly string[];
  /** For a priority or a rating: its values, in order. */
  choices?: readonly (string | number)[];
  vocabulary?: 'category';
  /** For text: the most characters it takes (as its schema says). */
  maxLength?: number;
  /** The form gives it a whole line. */
  wide?: boolean;
}

const field = <const D extends FieldDef>(def: D) => def;

export const OBJECT_FIELDS = {
  name: field({ column: 'name', kind: 'text', maxLength: 300, wide: true, schema: requiredText(300), empty: '', section: 'identity', spectrum: 'Object name', width: 28, bulk: false, importAs: 'name' }),
  count: field({ column: 'count', kind: 'count', schema: z.number().int().min(1).max(1_000_000), empty: 1, section: 'identity', spectrum: 'Number of objects', width: 10, bulk: true, importAs: 'count' }),
  description: field({ column: 'description', kind: 'longText', maxLength: 10_000, wide: true, schema: text(10_000), empty: '', section: 'description', spectrum: 'Brief description', width: 40, bulk: false, importAs: 'description' }),
  category: field({ column: 'category', kind: 'term', vocabulary: 'category', schema: requiredText(100).nullable(), empty: null, section: 'description', spectrum: 'Category', width: 16, bulk: true, importAs: 'category' }),
  materials: field({ column: 'materials', kind: 'text', maxLength: 2000, schema: text(2000), empty: '', section: 'description', spectrum: 'Materials', width: 18, bulk: true, importAs: 'materials' }),
  height: field({ column: 'height', kind: 'measure', schema: measure.nullable(), empty: null, section: 'measurements', spectrum: 'Height', width: 9, bulk: true, importAs: 'height' }),
  width: field({ column: 'width', kind: 'measure', schema: measure.nullable(), empty: null, section: 'measurements', spectrum: 'Width', width: 9, bulk: true, importAs: 'width' }),
  depth: field({ column: 'depth', kind: 'measure', schema: measure.nullable(), empty: null, section: 'measurements', spectrum: 'Depth', width: 9, bulk: true, importAs: 'depth' }),
  dimensionUnit: field({ column: 'dimension_unit', kind: 'unit', units: DIMENSION_UNITS, schema: z.enum(DIMENSION_UNITS), empty: 'cm', section: 'measurements', spectrum: 'Dimension unit', width: 9, bulk: true, importAs: 'dimensionUnit' }),
  dimensionSummary: field({ column: 'dimension_summary', kind: 'longText', schema: text(2000), empty: '', section: 'measurements', spectrum: 'Dimension summary', width: 30, bulk: false, importAs: 'dimensionSummary' }),
  weight: field({ column: 'weight', kind: 'measure', schema: measure.nullable(), empty: null, section: 'measurements', spectrum: 'Weight', width: 9, bulk: true, importAs: 'weight' }),
  weightUnit: field({ column: 'weight_unit', kind: 'unit', units: WEIGHT_UNITS, schema: z.enum(WEIGHT_UNITS), empty: 'kg', section: 'measurements', spectrum: 'Weight unit', width: 9, bulk: true, importAs: 'weightUnit' }),
  normalLocationId: field({ column: 'normal_location_id', kind: 'location', wide: true, schema: id.nullable(), empty: null, section: 'storage', spectrum: 'Normal location', width: 16, bulk: true, importAs: 'normalLocation' }),
  reachable: field({ column: 'reachable', kind: 'flag', wide: true, schema: z.boolean().nullable(), empty: null, section: 'storage', spectrum: 'Reachable', width: 10, bulk: true, importAs: 'reachable' }),
  evacuationPriority: field({ column: 'evacuation_priority', kind: 'priority', choices: EVACUATION_PRIORITIES, schema: z.number().int().min(1).max(3).nullable(), empty: null, section: 'emergency', spectrum: 'Evacuation priority', width: 11, bulk: true, importAs: 'evacuationPriority' }),
  significance: field({ column: 'significance', kind: 'rating', choices: RATINGS, schema: z.enum(RATINGS).nullable(), empty: null, section: 'emergency', spectrum: 'Significance', width: 11, bulk: true, importAs: 'significance' }),
  vulnerability: field({ column: 'vulnerability', kind: 'rating', choices: RATINGS, schema: z.enum(RATINGS).nullable(), empty: null, section: 'emergency', spectrum: 'Vulnerability', width: 11, bulk: true, importAs: 'vulnerability' }),
  easeOfHandling: field({ column: 'ease_of_handling', kind: 'rating', choices: RATINGS, schema: z.enum(RATINGS).nullable(), empty: null, section: 'emergency', spectrum: 'Ease of handling', width: 11, bulk: true, importAs: 'easeOfHandling' }),
  handlingNotes: field({ column: 'handling_notes', kind: 'longText', maxLength: 2000, wide: true, schema: text(2000), empty: '', section: 'emergency', spectrum: 'Handling notes', width: 30, bulk: false, importAs: 'handlingNotes' }),
  tags: field({ column: 'tags', kind: 'tags', wide: true, schema: z.array(tag).max(100), empty: [], section: 'tags', spectrum: 'Tags', width: 20, bulk: false, importAs: 'tags' }),
} as const;

export type ObjectFieldKey = keyof typeof OBJECT_FIELDS;
export const OBJECT_FIELD_KEYS = Object.keys(OBJECT_FIELDS) as ObjectFieldKey[];
/** A field's definition, as the registry's common shape. */
export const fieldDef = (key: ObjectFieldKey): FieldDef => OBJECT_FIELDS[key];
/** The value of each field, as the API takes it. */
export type ObjectFieldValues = { [K in ObjectFieldKey]: z.output<(typeof OBJECT_FIELDS)[K]['schema']> };

/** The fields' schemas, by key: the API's object schemas are made from these. */
export const objectFieldShape = Object.fromEntries(OBJECT_FIELD_KEYS.map((key) => [key, OBJECT_FIELDS[key].schema])) as {
  [K in ObjectFieldKey]: (typeof OBJECT_FIELDS)[K]['schema'];
};

/** Each field as the API returns it (an object's fields as stored, not as checked on the way in). */
const outputOf = (key: ObjectFieldKey): z.ZodType => {
  const def = fieldDef(key);
  switch (def.kind) {
    case 'text':
    case 'longText':
      return z.string();
    case 'count':
      return z.number().int();
    case 'measure':
      return z.number().nullable();
    case 'unit':
      return z.enum(def.units as [string, ...string[]]);
    case 'term':
      return z.string().nullable();
    case 'location':
      return id.nullable();
    case 'flag':
      return z.boolean().nullable();
    case 'priority':
      return z.number().int().nullable();
    case 'rating':
      return z.enum(RATINGS).nullable();
    case 'tags':
      return z.array(z.string());
  }
};
export const objectFieldOutputShape = Object.fromEntries(OBJECT_FIELD_KEYS.map((key) => [key, outputOf(key)])) as {
  [K in ObjectFieldKey]: z.ZodType<ObjectFieldValues[K]>;
};

/** The fields bulk edit sets on many objects at once. */
export type BulkFieldKey = { [K in ObjectFieldKey]: (typeof OBJECT_FIELDS)[K]['bulk'] extends true ? K : never }[ObjectFieldKey];
export const BULK_FIELD_KEYS = OBJECT_FIELD_KEYS.filter((key) => OBJECT_FIELDS[key].bulk) as BulkFieldKey[];
export const bulkFieldMask = Object.fromEntries(BULK_FIELD_KEYS.map((key) => [key, true])) as { [K in BulkFieldKey]: true };

/** The field an import mapping names, if it names one of these. */
const BY_IMPORT_NAME = new Map<string, ObjectFieldKey>(OBJECT_FIELD_KEYS.map((key) => [OBJECT_FIELDS[key].importAs, key]));
export const fieldByImportName = (name: string): ObjectFieldKey | undefined => BY_IMPORT_NAME.get(name);
