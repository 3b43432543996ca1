import { createHash } from 'node:crypto';
import { AppError, MAX_EVENT_ENTITIES, procedures, type ChangeEvent, type ProcedureName, type Topic } from '../../contract';
import type { Catalogue } from '../catalogue';
import type { CallContext, WriteSource } from '../context';
import { insertRows } from '../db/insert-rows';
import { idSequence } from './ids';
import { timestampTime } from './clock';
import { madeIds, packEffects, recording } from './effects';
import { recordFieldWrites } from './fields';
import { findNumberConflicts, settleLocationCodes } from '../sync/merge';

/** An operation as the log keeps it. */
export interface Operation {
  seq: number;
  opId: string;
  /** Its hybrid-logical-clock timestamp, from which its time and the ids it created follow. */
  hlc: string;
  deviceId: string | null;
  personId: string | null;
  procedure: string;
  input: unknown;
  /** The movement references and temporary numbers it minted, in order. */
  minted: Minted | null;
  replayable: boolean;
}

export interface Minted {
  reference?: string[];
  tempNumber?: string[];
}

/** A handler of a write procedure: deterministic, given the catalogue's state, its input and its context. */
export type WriteHandler = (ctx: CallContext, input: never) => unknown;

/** Who an operation comes from, and how it came. */
export interface Origin {
  personId: string | null;
  /** The device the change was made on (this catalogue's own device, or a workshop device). */
  deviceId: string;
  remote: boolean;
  /** The caller's operation id (its idempotency key), if it gave one. */
  opId?: string | undefined;
  /** Kept with a keyed request, so that the same request sent again gets the same answer. */
  request?: string | undefined;
}

/** A digest of a request as a procedure takes it (after validation), to tell a retry from another request under the same key. */
export function requestDigest(procedure: string, input: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return createHash('sha256').update(procedure).update('\n').update(JSON.stringify(canonical(input))).digest('hex');
}

const WIDTHS = { reference: 6, tempNumber: 4 } as const;
const PREFIXES = { reference: 'M', tempNumber: 'T' } as const;
const COUNTERS = { reference: 'movement_reference', tempNumber: 'temp_number' } as const;

/**
 * The ids and readable numbers of one operation. Ids follow from its timestamp. References and temporary numbers
 * come from this device's counters (carrying its code, so two devices never mint the same one) and are recorded in
 * the operation; an operation applied again (a replay, another device) takes them from its record.
 */
function writeSource(catalogue: Catalogue, hlc: string, recorded: Minted | null): { source: WriteSource; minted: Minted } {
  const ids = idSequence(hlc);
  const minted: Minted = {};
  const next = (kind: keyof Minted): string => {
    const given = recorded?.[kind]?.[(minted[kind] ?? []).length];
    let value = given;
    if (value === undefined) {
      const { deviceCode } = catalogue.identity;
      const n = catalogue.db
        .prepare('INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value')
        .pluck()
        .get(`${COUNTERS[kind]}:${deviceCode}`) as number;
      value = `${PREFIXES[kind]}-${deviceCode}-${String(n).padStart(WIDTHS[kind], '0')}`;
    }
    (minted[kind] ??= []).push(value);
    return value;
  };
  return { source: { id: () => ids.next(), reference: () => next('reference'), tempNumber: () => next('tempNumber') }, minted };
}

export interface Written<T> {
  result: T;
  /** The operation recorded, or null when the write changed nothing (a dry run, a scan of an unknown number). */
  op: Operation | null;
}

/**
 * Runs one write as one operation, in one transaction: stamps it with the catalogue's clock (or the stamp it already
 * has, when it comes from a log), runs its handler with its time and ids fixed by that stamp, and records it with
 * what it touched. A write that touched nothing is not recorded, unless it comes from a log.
 */
export function performWrite<T>(catalogue: Catalogue, procedure: ProcedureName, input: unknown, handler: WriteHandler, origin: Origin, from?: Operation): Written<T> {
  const { db } = catalogue;
  if (!from) assertWritable(catalogue);
  const touched = new Map<string, Topic>();
  let op: Operation | null = null;
  const result = db
    .transaction(() => {
      let hlc: string;
      if (from) {
        catalogue.clock.receive(from.hlc);
        hlc = from.hlc;
      } else {
        hlc = catalogue.clock.tick();
      }
      const { source, minted } = writeSource(catalogue, hlc, from?.minted ?? null);
      const ctx: CallContext = {
        catalogue,
        db,
        personId: origin.personId,
        now: timestampTime(hlc),
        hlc,
        remote: origin.remote,
        mint: source,
        touch: (kind, ...ids) => {
          for (const id of ids) if (!touched.has(id)) touched.set(id, kind);
        },
      };
      const { value, effects } = recording(db, () => (handler as (ctx: CallContext, input: unknown) => T)(ctx, input));
      if (touched.size === 0 && !from) return value;
      const opId = from?.opId ?? origin.opId ?? idSequence(hlc).opId;
      recordFieldWrites(db, hlc, opId, effects.effects);
      // A number given here that another device gave a new object too is a conflict, as merging would find it; one
      // renumbered or removed may end one.
      const changed = (table: string, ...columns: string[]) =>
        effects.effects.filter((e) => e.t === table && columns.some((c) => c in e.v)).map((e) => String(e.r[0]));
      findNumberConflicts(catalogue, [...madeIds(effects, 'objects'), ...changed('objects', 'number', 'removed')]);
      settleLocationCodes(catalogue, [...madeIds(effects, 'locations'), ...changed('locations', 'code', 'removed')]);
      const keepsResult = !from && origin.opId !== undefined && origin.request !== undefined;
      const mintedJson = Object.keys(minted).length ? JSON.stringify(minted) : null;
      const seq = Number(
        db
          .prepare(
            `INSERT INTO ops (op_id, hlc, device_id, person_id, procedure, input, minted, request, result, effects) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            opId,
            hlc,
            from ? from.deviceId : origin.deviceId,
            origin.personId,
            procedure,
            // An operation from a log keeps its input as it was written there.
            JSON.stringify(from ? from.input : input),
            mintedJson,
            keepsResult ? origin.request : null,
            keepsResult ? JSON.stringify(value ?? null) : null,
            packEffects(effects),
          ).lastInsertRowid,
      );
      insertRows(db, 'op_targets', ['seq', 'entity_id', 'kind'], [...touched].map(([id, kind]) => [seq, id, kind]));
      op = { seq, opId, hlc, deviceId: from ? from.deviceId : origin.deviceId, personId: origin.personId, procedure, input, minted: mintedJson ? minted : null, replayable: true };
      return value;
    })
    .immediate();
  if (op) announce(catalogue, op, touched);
  return { result, op };
}

/** Tells listeners of a recorded operation: what it touched, from the operation itself. */
function announce(catalogue: Catalogue, op: Operation, touched: Map<string, Topic>): void {
  const entities = [...touched.keys()];
  catalogue.emit({
    kind: 'change',
    seq: op.seq,
    procedure: op.procedure,
    topics: [...new Set(touched.values())],
    entities: entities.slice(0, MAX_EVENT_ENTITIES),
    truncated: entities.length > MAX_EVENT_ENTITIES,
  });
}

/** An operation as the ops table holds it. */
export interface OpRow {
  seq: number;
  op_id: string;
  hlc: string;
  device_id: string | null;
  person_id: string | null;
  procedure: string;
  input: string;
  minted: string | null;
  replayable: number;
  effects?: Buffer | null;
}

export const toOperation = (row: OpRow): Operation => ({
  seq: row.seq,
  opId: row.op_id,
  hlc: row.hlc,
  deviceId: row.device_id,
  personId: row.person_id,
  procedure: row.procedure,
  input: JSON.parse(row.input) as unknown,
  minted: row.minted ? (JSON.parse(row.minted) as Minted) : null,
  replayable: row.replayable === 1,
});

/** The operation a caller's id names, with the digest of its request and its result, if it kept them. */
export function keyedOperation(catalogue: Catalogue, opId: string): { procedure: string; request: string | null; result: string | null } | undefined {
  return catalogue.db.prepare('SELECT procedure, request, result FROM ops WHERE op_id = ?').get(opId) as
    | { procedure: string; request: string | null; result: string | null }
    | undefined;
}

/** The operations after `afterSeq`, in order, `limit` at a time. */
export function operationsAfter(catalogue: Catalogue, afterSeq: number, limit: number): Operation[] {
  return (catalogue.db.prepare('SELECT * FROM ops WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as OpRow[]).map(toOperation);
}

/** The latest seq in the log (0 for an empty one). */
export const latestSeq = (catalogue: Catalogue): number => (catalogue.db.prepare('SELECT coalesce(max(seq), 0) FROM ops').pluck().get() as number);

/** What operations touched, by seq, as change events: for a client catching up on what it missed. */
export function changeEventsAfter(catalogue: Catalogue, afterSeq: number, limit: number): ChangeEvent[] {
  const rows = catalogue.db
    .prepare(
      `SELECT o.seq, o.procedure, (SELECT json_group_array(json_array(t.entity_id, t.kind)) FROM op_targets t WHERE t.seq = o.seq) AS targets
       FROM ops o WHERE o.seq > ? ORDER BY o.seq LIMIT ?`,
    )
    .all(afterSeq, limit) as { seq: number; procedure: string; targets: string }[];
  return rows.map((row) => {
    const targets = JSON.parse(row.targets) as [string, Topic][];
    return {
      kind: 'change' as const,
      seq: row.seq,
      procedure: row.procedure,
      topics: [...new Set(targets.map(([, kind]) => kind))],
      entities: targets.slice(0, MAX_EVENT_ENTITIES).map(([id]) => id),
      truncated: targets.length > MAX_EVENT_ENTITIES,
    };
  });
}

/** The catalogue's change events, as a transport resumes them for a client that was away. */
export interface ChangeFeed {
  /** The seq of the latest operation (0 for an empty log). */
  latest(): number;
  /** The change events of the operations after `seq`, at most `limit` of them. */
  after(seq: number, limit: number): ChangeEvent[];
}

export const changeFeed = (catalogue: Catalogue): ChangeFeed => ({
  latest: () => latestSeq(catalogue),
  after: (seq, limit) => changeEventsAfter(catalogue, seq, limit),
});

/** Refuses a write while another process holds the catalogue. */
export function assertWritable(catalogue: Catalogue): void {
  const holder = catalogue.heldBy;
  if (holder) {
    throw AppError.of('CATALOGUE_BUSY', 'catalogue.busy', { app: holder.app, host: holder.host, pid: holder.pid }, { holder });
  }
  // A merge keeps one transaction open across its chunks; a write now would join it.
  if (catalogue.merging !== null) throw AppError.of('CATALOGUE_BUSY', 'catalogue.merging', { file: catalogue.merging });
}

/** Whether a procedure writes (a mutation or a record, or a job that records operations). */
export const writes = (procedure: ProcedureName): boolean => {
  const def = procedures[procedure];
  // A mutation about nothing in the catalogue (jobs.cancel) writes nothing.
  return def.kind === 'record' || ((def.kind === 'mutation' || def.kind === 'job') && def.topics.length > 0);
};
