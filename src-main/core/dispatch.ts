import { z } from 'zod';
import {
  AppError,
  isProcedureName,
  procedures,
  type CallMeta,
  type ProcedureName,
  type Result,
} from '../contract';
import type { Catalogue } from './catalogue';
import type { CallContext } from './context';
import { handlers as coreHandlers, type Handlers } from './handlers';
import { newId, nowIso } from './ids';
import { personExists } from './people/people';

export type Dispatch = (procedure: string, input: unknown, meta?: CallMeta) => Promise<Result<unknown>>;

/** "name: Invalid input: expected string, received number; count: ..." */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export function toErrorBody(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) {
    return new AppError('VALIDATION', describeIssues(error), { issues: error.issues.map((i) => ({ path: i.path, message: i.message })) });
  }
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return new AppError('CONFLICT', 'That value is already used elsewhere in the catalogue.');
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new AppError('NOT_FOUND', 'Something this change refers to does not exist.');
  console.error(error);
  return new AppError('INTERNAL', 'Storeroom hit an internal error; nothing was changed. The details are in the log.');
}

/**
 * The one dispatcher behind every transport: it looks the procedure up in the contract, validates the input,
 * runs the core in a transaction for mutations, records the change, checks the output and notifies listeners.
 */
export function createDispatcher(catalogue: Catalogue, handlers: Handlers = coreHandlers): Dispatch {
  const logChange = catalogue.db.prepare('INSERT INTO changes (id, at, person_id, procedure, input) VALUES (?, ?, ?, ?, ?)');
  const logTarget = catalogue.db.prepare('INSERT OR IGNORE INTO change_targets (change_id, entity_id) VALUES (?, ?)');

  function run<P extends ProcedureName>(name: P, rawInput: unknown, meta: CallMeta): unknown {
    const def = procedures[name];
    const input = def.input.parse(rawInput ?? {});
    const personId = meta.personId ?? null;
    const touched = new Set<string>();
    const ctx: CallContext = {
      catalogue,
      db: catalogue.db,
      personId,
      now: nowIso(),
      touch: (...ids) => ids.forEach((id) => touched.add(id)),
    };
    const handler = handlers[name] as (ctx: CallContext, input: unknown) => unknown;
    const checked = (value: unknown) => {
      const result = def.output.safeParse(value);
      if (!result.success) throw new Error(`${name} returned a value outside its contract: ${describeIssues(result.error)}`);
      return result.data;
    };
    if (def.kind === 'query') return checked(handler(ctx, input));

    if (personId !== null && !personExists(ctx, personId)) {
      throw new AppError('VALIDATION', 'The person making this change is not in this catalogue. Choose who you are again.', { personId });
    }
    const output = catalogue.db
      .transaction(() => {
        const result = checked(handler(ctx, input));
        const changeId = newId();
        logChange.run(changeId, ctx.now, personId, name, JSON.stringify(input));
        for (const id of touched) logTarget.run(changeId, id);
        return result;
      })
      .immediate();
    catalogue.emit({ procedure: name, topics: def.topics });
    return output;
  }

  return async (procedure, input, meta = {}) => {
    if (!isProcedureName(procedure)) {
      return { ok: false, error: new AppError('NOT_FOUND', `There is no procedure called "${procedure}".`).toBody() };
    }
    try {
      return { ok: true, data: run(procedure, input, meta) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error).toBody() };
    }
  };
}
