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
import type { CallContext, JobContext } from './context';
import { handlers as coreHandlers, type Handlers } from './handlers';
import { newId } from './ids';
import { personExists } from './people/people';

export type Dispatch = (procedure: string, input: unknown, meta?: CallMeta) => Promise<Result<unknown>>;

/** "name: Invalid input: expected string, received number; count: ..." */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) {
    return AppError.of('VALIDATION', 'request.invalid', { issues: describeIssues(error) }, { issues: error.issues.map((i) => ({ path: i.path, message: i.message })) });
  }
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return AppError.of('CONFLICT', 'request.valueTaken');
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return AppError.of('NOT_FOUND', 'request.missingReference');
  console.error(error);
  return AppError.of('INTERNAL', 'request.internal');
}

/**
 * The one dispatcher behind every transport: it looks the procedure up in the contract, validates the input,
 * runs the core in a transaction for mutations, records the change, checks the output and notifies listeners.
 */
export function createDispatcher(catalogue: Catalogue, handlers: Handlers = coreHandlers): Dispatch {
  const logChange = catalogue.db.prepare('INSERT INTO changes (id, at, person_id, procedure, input) VALUES (?, ?, ?, ?, ?)');
  const logTarget = catalogue.db.prepare('INSERT OR IGNORE INTO change_targets (change_id, entity_id) VALUES (?, ?)');

  /**
   * Runs `fn` in one transaction and records it in the change log as one change. A call that touched
   * nothing (a dry run, a scan of an unknown number) changed nothing: it is neither logged nor announced.
   */
  function commit<T>(name: ProcedureName, personId: string | null, now: string, input: unknown, fn: (touch: (...ids: string[]) => void) => T): T {
    const touched = new Set<string>();
    const result = catalogue.db
      .transaction(() => {
        const value = fn((...ids) => ids.forEach((id) => touched.add(id)));
        if (touched.size === 0) return value;
        const changeId = newId();
        logChange.run(changeId, now, personId, name, JSON.stringify(input));
        for (const id of touched) logTarget.run(changeId, id);
        return value;
      })
      .immediate();
    if (touched.size > 0) catalogue.emit({ kind: 'change', procedure: name, topics: procedures[name].topics });
    return result;
  }

  async function run<P extends ProcedureName>(name: P, rawInput: unknown, meta: CallMeta): Promise<unknown> {
    const def = procedures[name];
    const input = def.input.parse(rawInput ?? {});
    const personId = meta.personId ?? null;
    let touch: (...ids: string[]) => void = () => {};
    const ctx: CallContext = {
      catalogue,
      db: catalogue.db,
      personId,
      now: def.kind === 'query' ? catalogue.now() : catalogue.writeTime(),
      remote: meta.remote ?? false,
      touch: (...ids) => touch(...ids),
    };
    const handler = handlers[name] as (ctx: CallContext, input: unknown) => unknown;
    const checked = (value: unknown) => {
      const result = def.output.safeParse(value);
      if (!result.success) throw new Error(`${name} returned a value outside its contract: ${describeIssues(result.error)}`);
      return result.data;
    };
    if (def.kind === 'query') return checked(handler(ctx, input));

    if (personId !== null && !personExists(ctx, personId)) {
      throw AppError.of('VALIDATION', 'request.unknownPerson', {}, { personId });
    }
    if (def.kind === 'mutation') {
      return commit(name, personId, ctx.now, input, (record) => {
        touch = record;
        return checked(handler(ctx, input));
      });
    }

    // A job commits as it goes, one change per step, and reports progress until it finishes or is cancelled.
    const jobId = (input as { jobId?: string }).jobId ?? newId();
    if (catalogue.jobs.has(jobId)) throw AppError.of('CONFLICT', 'request.jobRunning', { jobId });
    const controller = new AbortController();
    catalogue.jobs.set(jobId, controller);
    let last = { done: 0, total: 0, current: null as string | null, errors: 0 };
    // Each write of a job has its own time, taken when it writes: others may have written since the job began.
    let now = ctx.now;
    const job: JobContext = {
      ...ctx,
      get now() {
        return now;
      },
      signal: controller.signal,
      progress: (p) => {
        last = p;
        catalogue.emit({ kind: 'progress', jobId, procedure: name, ...p, finished: false });
      },
      write: (summary, fn) => {
        now = catalogue.writeTime();
        return commit(name, personId, now, summary, (record) => {
          touch = record;
          return fn();
        });
      },
    };
    try {
      return checked(await handler(job, input));
    } finally {
      catalogue.jobs.delete(jobId);
      catalogue.emit({ kind: 'progress', jobId, procedure: name, ...last, current: null, finished: true });
    }
  }

  return async (procedure, input, meta = {}) => {
    if (!isProcedureName(procedure)) {
      return { ok: false, error: AppError.of('NOT_FOUND', 'request.unknownProcedure', { procedure }).toBody() };
    }
    try {
      return { ok: true, data: await run(procedure, input, meta) };
    } catch (error) {
      return { ok: false, error: toAppError(error).toBody() };
    }
  };
}
