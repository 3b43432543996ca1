import { z } from 'zod';
import { AppError, isCallable, procedures, type CallMeta, type ProcedureName, type Result } from '../contract';
import type { Catalogue } from './catalogue';
import type { CallContext, JobContext } from './context';
import { isDiskFull } from './exchange/parts';
import { handlers as coreHandlers, type Handlers } from './handlers';
import { legacyTimestamp } from './ops/clock';
import { freshId } from './ops/ids';
import { assertWritable, keyedOperation, performWrite, requestDigest, writes, type WriteHandler } from './ops/operations';
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
  if (isDiskFull(error)) return AppError.of('DISK_FULL', 'request.diskFull');
  console.error(error);
  return AppError.of('INTERNAL', 'request.internal');
}

const operationId = z.uuid({ error: 'must be a UUID' });

/** A query's context: it reads, and has nothing to mint or touch. */
function queryContext(catalogue: Catalogue, meta: CallMeta): CallContext {
  const refuse = () => {
    throw new Error('A query cannot write.');
  };
  return {
    catalogue,
    db: catalogue.db,
    personId: meta.personId ?? null,
    now: catalogue.now(),
    hlc: legacyTimestamp(catalogue.now()),
    remote: meta.remote ?? false,
    mint: { id: refuse, reference: refuse, tempNumber: refuse },
    touch: refuse,
  };
}

/**
 * The one dispatcher behind every transport: it looks the procedure up in the contract, validates the input,
 * runs a query, a write (as one operation, see ops/operations.ts) or a job, checks the output, and keeps a keyed
 * request's answer so that the same request sent again is answered without being applied twice.
 */
export function createDispatcher(catalogue: Catalogue, handlers: Handlers = coreHandlers): Dispatch {
  const checked = (name: ProcedureName, value: unknown) => {
    const result = procedures[name].output.safeParse(value);
    if (!result.success) throw new Error(`${name} returned a value outside its contract: ${describeIssues(result.error)}`);
    return result.data;
  };
  /** A write's handler, its output checked inside its transaction: a write that breaks the contract is rolled back. */
  const checkedHandler = (name: ProcedureName): WriteHandler => ((ctx: CallContext, input: unknown) => checked(name, (handlers[name] as (ctx: CallContext, input: unknown) => unknown)(ctx, input))) as WriteHandler;
  const origin = (meta: CallMeta) => ({ personId: meta.personId ?? null, deviceId: catalogue.identity.deviceId, remote: meta.remote ?? false });

  /** A keyed request seen before: its first answer, or a CONFLICT when the key came with another request. */
  function answered(name: ProcedureName, opId: string, digest: string): { found: boolean; value?: unknown } {
    const op = keyedOperation(catalogue, opId);
    const job = op ? undefined : (catalogue.db.prepare('SELECT procedure, request, result FROM job_requests WHERE key = ?').get(opId) as typeof op);
    const seen = op ?? job;
    if (!seen) return { found: false };
    if (seen.procedure !== name || seen.request !== digest || seen.result === null) {
      throw AppError.of('CONFLICT', 'request.keyReused', { key: opId }, { opId, procedure: seen.procedure });
    }
    return { found: true, value: JSON.parse(seen.result) as unknown };
  }

  async function run(name: ProcedureName, rawInput: unknown, meta: CallMeta): Promise<unknown> {
    const def = procedures[name];
    const input = def.input.parse(rawInput ?? {});
    if (def.kind === 'query' || (def.kind === 'mutation' && !writes(name))) {
      return checked(name, (handlers[name] as (ctx: CallContext, input: unknown) => unknown)(queryContext(catalogue, meta), input));
    }

    if (writes(name)) assertWritable(catalogue);
    const personId = meta.personId ?? null;
    if (personId !== null && !personExists({ db: catalogue.db }, personId)) {
      throw AppError.of('VALIDATION', 'request.unknownPerson', {}, { personId });
    }
    let digest: string | undefined;
    if (meta.opId !== undefined) {
      if (!operationId.safeParse(meta.opId).success) throw AppError.of('VALIDATION', 'request.badOperationId', { key: String(meta.opId).slice(0, 80) });
      digest = requestDigest(name, input);
      const seen = answered(name, meta.opId, digest);
      if (seen.found) return seen.value;
    }
    if (def.kind === 'mutation') {
      return performWrite(catalogue, name, input, checkedHandler(name), { ...origin(meta), opId: meta.opId, request: digest }).result;
    }

    // A job records what it writes as operations of its own, as it goes, and reports progress until it ends or is cancelled.
    const jobId = (input as { jobId?: string }).jobId ?? freshId();
    if (catalogue.jobs.has(jobId)) throw AppError.of('CONFLICT', 'request.jobRunning', { jobId });
    const controller = new AbortController();
    catalogue.jobs.set(jobId, controller);
    let last = { done: 0, total: 0, current: null as string | null, errors: 0 };
    let now = catalogue.now();
    const job: JobContext = {
      catalogue,
      db: catalogue.db,
      personId,
      remote: meta.remote ?? false,
      jobId,
      get now() {
        return now;
      },
      get hlc() {
        return legacyTimestamp(now);
      },
      signal: controller.signal,
      progress: (p) => {
        last = p;
        catalogue.emit({ kind: 'progress', jobId, procedure: name, ...p, finished: false });
      },
      write: (procedure, recordInput) => {
        const { result, op } = performWrite(catalogue, procedure, recordInput, checkedHandler(procedure), origin(meta));
        if (op) now = op.hlc.slice(0, 24);
        return result as never;
      },
    };
    try {
      const result = checked(name, await (handlers[name] as (ctx: JobContext, input: unknown) => Promise<unknown>)(job, input));
      if (meta.opId !== undefined && digest !== undefined && writes(name)) {
        catalogue.db
          .prepare('INSERT OR IGNORE INTO job_requests (key, procedure, request, result, at) VALUES (?, ?, ?, ?, ?)')
          .run(meta.opId, name, digest, JSON.stringify(result), catalogue.now());
      }
      return result;
    } finally {
      catalogue.jobs.delete(jobId);
      catalogue.emit({ kind: 'progress', jobId, procedure: name, ...last, current: null, finished: true });
    }
  }

  return async (procedure, input, meta = {}) => {
    if (!isCallable(procedure)) {
      return { ok: false, error: AppError.of('NOT_FOUND', 'request.unknownProcedure', { procedure }).toBody() };
    }
    try {
      return { ok: true, data: await run(procedure, input, meta) };
    } catch (error) {
      return { ok: false, error: toAppError(error).toBody() };
    }
  };
}
