import { latestSchemaVersion } from './db/migrate';
import type { Output, ParsedInput, ProcedureName } from '../contract';
import type { CallContext } from './context';
import { createLocation, locationTree, updateLocation } from './locations/locations';
import { createMoves, moveHistory } from './moves/moves';
import { createObject, getObject, listObjects, updateObject } from './objects/objects';
import { createPerson, listPeople } from './people/people';
import { APP_VERSION } from './version';

export type Handlers = { [P in ProcedureName]: (ctx: CallContext, input: ParsedInput<P>) => Output<P> };

/** The core's implementation of each procedure in the contract. */
export const handlers: Handlers = {
  'catalogue.info': (ctx) => {
    const { db, catalogue } = ctx;
    const name = (db.prepare(`SELECT value FROM catalogue_meta WHERE key = 'name'`).get() as { value: string } | undefined)?.value;
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      name: name ?? '',
      path: catalogue.dir,
      schemaVersion: latestSchemaVersion,
      appVersion: APP_VERSION,
      objectCount: count('objects'),
      locationCount: count('locations'),
    };
  },
  'people.list': (ctx) => listPeople(ctx),
  'people.create': createPerson,
  'locations.tree': (ctx) => locationTree(ctx),
  'locations.create': createLocation,
  'locations.update': updateLocation,
  'objects.list': listObjects,
  'objects.get': (ctx, input) => getObject(ctx, input.id),
  'objects.create': createObject,
  'objects.update': updateObject,
  'moves.create': createMoves,
  'moves.history': moveHistory,
};
