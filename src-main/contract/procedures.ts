import { z } from 'zod';
import * as s from './schemas';

/** What a change touches; clients refetch the queries that read it. */
export const TOPICS = ['people', 'locations', 'objects', 'moves'] as const;
export type Topic = (typeof TOPICS)[number];

interface ProcedureDef<I extends z.ZodType, O extends z.ZodType> {
  summary: string;
  kind: 'query' | 'mutation';
  /** For a query: the topics it reads. For a mutation: the topics it changes. */
  topics: readonly Topic[];
  input: I;
  output: O;
}

const query = <I extends z.ZodType, O extends z.ZodType>(summary: string, topics: readonly Topic[], input: I, output: O) =>
  ({ summary, kind: 'query', topics, input, output }) satisfies ProcedureDef<I, O>;
const mutation = <I extends z.ZodType, O extends z.ZodType>(summary: string, topics: readonly Topic[], input: I, output: O) =>
  ({ summary, kind: 'mutation', topics, input, output }) satisfies ProcedureDef<I, O>;

const empty = z.strictObject({});

/**
 * The contract: every procedure, defined once. The dispatcher, the IPC and HTTP transports,
 * the renderer's client and the API reference are all derived from this table.
 */
export const procedures = {
  'catalogue.info': query(
    'The open catalogue: its name, folder and size.',
    ['objects', 'locations', 'people'],
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
    'Change a location: its code, name, type, role, notes or parent.',
    ['locations'],
    s.locationUpdate,
    s.location,
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
  'objects.update': mutation('Change an object’s number, name, count or description.', ['objects'], s.objectUpdate, s.catalogueObject),

  'moves.create': mutation(
    'Move objects to a location, as one batch with one movement reference.',
    ['moves'],
    s.moveCreate,
    z.object({ reference: z.string(), movementIds: z.array(s.id) }),
  ),
  'moves.history': query(
    'An object’s movements, newest first.',
    ['moves', 'locations'],
    z.strictObject({ objectId: s.id }),
    z.object({ movements: z.array(s.movement) }),
  ),
} as const;

export type Procedures = typeof procedures;
export type ProcedureName = keyof Procedures;
export type Input<P extends ProcedureName> = z.input<Procedures[P]['input']>;
export type ParsedInput<P extends ProcedureName> = z.output<Procedures[P]['input']>;
export type Output<P extends ProcedureName> = z.output<Procedures[P]['output']>;

export const procedureNames = Object.keys(procedures) as ProcedureName[];
export const isProcedureName = (name: string): name is ProcedureName => Object.hasOwn(procedures, name);

/** A change pushed to every client after a mutation succeeds. */
export interface ChangeEvent {
  procedure: ProcedureName;
  topics: readonly Topic[];
}
