import { z } from 'zod';

/** Shapes shared by several procedures. Inputs are strict: an unknown field is a validation error. */

export const id = z.uuid({ version: 'v7', error: 'must be an id' });
export const timestamp = z.string().describe('ISO 8601 date and time, UTC');
const text = (max: number) => z.string().trim().max(max);
const requiredText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

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
  parentId: id.nullable().optional(),
  code: locationCode.optional(),
  name: requiredText(200).optional(),
  type: locationType.optional(),
  role: locationRole.optional(),
  notes: text(5000).optional(),
});

export const treeLocation = location.extend({
  depth: z.number().int(),
  path: z.string().describe('names from the root, joined with " > "'),
  objectCount: z.number().int().describe('objects directly in this location'),
  subtreeObjectCount: z.number().int().describe('objects in this location and everything below it'),
});
export type TreeLocation = z.infer<typeof treeLocation>;

const objectNumber = requiredText(80);

export const catalogueObject = z.object({
  id,
  number: z.string().nullable().describe('the object number; null when the object has none yet'),
  tempNumber: z.string().nullable().describe('temporary number (T-0001, ...) given to an unnumbered object'),
  displayNumber: z.string().describe('number, or else the temporary number'),
  name: z.string(),
  count: z.number().int(),
  description: z.string(),
  currentLocationId: id.nullable(),
  currentLocationCode: z.string().nullable(),
  currentLocationPath: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type CatalogueObject = z.infer<typeof catalogueObject>;

export const objectCreate = z.strictObject({
  number: objectNumber.nullish(),
  name: requiredText(300),
  count: z.number().int().min(1).max(1_000_000).optional(),
  description: text(10_000).optional(),
});

export const objectUpdate = z.strictObject({
  id,
  number: objectNumber.nullable().optional(),
  name: requiredText(300).optional(),
  count: z.number().int().min(1).max(1_000_000).optional(),
  description: text(10_000).optional(),
});

export const objectList = z.strictObject({
  query: text(200).optional().describe('words to find in number, name or description (prefix match)'),
  locationId: id.optional().describe('only objects in this location or below it'),
  unlocated: z.boolean().optional().describe('only objects with no known location'),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

export const movement = z.object({
  id,
  objectId: id,
  fromLocationId: id.nullable(),
  fromLocationCode: z.string().nullable(),
  toLocationId: id,
  toLocationCode: z.string(),
  at: timestamp,
  personId: id.nullable(),
  personName: z.string().nullable(),
  reason: moveReason,
  reference: z.string().describe('shared by every movement of one batch'),
  note: z.string(),
});
export type Movement = z.infer<typeof movement>;

export const moveCreate = z.strictObject({
  objectIds: z.array(id).min(1).max(10_000),
  toLocationId: id,
  reason: moveReason.optional(),
  note: text(2000).optional(),
});
