import { procedures, type Input, type Output, type ProcedureName, type Result } from '@contract';
import { markAccessLost } from './access';
import { ApiError } from './errors';
import { indexedDbStore, Outbox, type OutboxEntry, type SendOutcome } from './outbox';
import { getPersonId } from './person';
import { NetworkError, pickTransport } from './transport';

export const transport = pickTransport();

/** A change sent from the outbox waits this long for its answer before it counts as not delivered (and is sent again). */
const SEND_TIMEOUT_MS = 15_000;

/** Turns an answer into its data, or throws it as an ApiError; a device that lost its access says so to the app. */
function unwrap<T>(result: Result<unknown>): T {
  if (result.ok) return result.data as T;
  const key = result.error.key;
  if (result.error.code === 'UNAUTHORIZED' && (key === 'workshop.deviceRevoked' || key === 'workshop.deviceUnknown')) {
    markAccessLost(key === 'workshop.deviceRevoked' ? 'revoked' : 'unknown');
  }
  throw new ApiError(result.error.code, result.error.message, result.error);
}

async function sendEntry(entry: OutboxEntry, input: unknown): Promise<SendOutcome> {
  try {
    const result = await transport.invoke(entry.procedure, input, { personId: getPersonId(), opId: entry.opId, timeoutMs: SEND_TIMEOUT_MS });
    return { kind: 'answered', result };
  } catch (error) {
    if (error instanceof NetworkError) return { kind: 'undelivered' };
    throw error;
  }
}

/**
 * In a browser, every change goes through the outbox: kept with its operation id until the server has answered it,
 * sent again (with the same id) after a network failure. The desktop app calls its core directly.
 */
export const outbox: Outbox | null = transport.kind === 'http' ? new Outbox(indexedDbStore(), sendEntry) : null;

if (outbox) {
  window.addEventListener('online', () => outbox.wake());
  transport.onConnection((connected) => connected && outbox.wake());
}

/** Whether a procedure's calls wait in the outbox when the network is down (the changes of a workshop device). */
const queued = (procedure: ProcedureName) => outbox !== null && procedures[procedure].kind === 'mutation';

/**
 * Calls one procedure of the contract. Resolves with its output, or throws an ApiError. A change made in a browser
 * resolves once it has been sent: at once on a good network, later when the network returns.
 */
export async function call<P extends ProcedureName>(procedure: P, input: Input<P>, options: { group?: string; opId?: string } = {}): Promise<Output<P>> {
  if (queued(procedure)) return unwrap<Output<P>>(await outbox!.enqueue(procedure, input, options).result);
  let result;
  try {
    result = await transport.invoke(procedure, input, { personId: getPersonId() });
  } catch (error) {
    throw new ApiError('NETWORK', error instanceof Error ? error.message : String(error));
  }
  return unwrap<Output<P>>(result);
}

/**
 * Queues a change and returns at once with its operation id; `result` settles when it has been sent. For a feed that
 * shows each change as pending until then (rapid move).
 */
export function send<P extends ProcedureName>(procedure: P, input: Input<P>, options: { group?: string } = {}): { opId: string; result: Promise<Output<P>> } {
  if (!queued(procedure)) return { opId: '', result: call(procedure, input) };
  const queuedChange = outbox!.enqueue(procedure, input, options);
  return { opId: queuedChange.opId, result: queuedChange.result.then((result) => unwrap<Output<P>>(result)) };
}

/**
 * The answer to a change queued before this page was loaded (a reload in the middle of a session), once it has been
 * sent; null when this device has no trace of it.
 */
export async function answerOf<P extends ProcedureName>(_procedure: P, opId: string): Promise<Output<P> | null> {
  const answer = await outbox?.answerOf(opId);
  return answer ? unwrap<Output<P>>(answer) : null;
}

/** Uploads one file for photos.import and resolves with its upload id, or throws an ApiError. */
export async function uploadFile(file: Blob): Promise<string> {
  let result;
  try {
    result = await transport.upload(file);
  } catch (error) {
    throw new ApiError('NETWORK', error instanceof Error ? error.message : String(error));
  }
  return unwrap<{ uploadId: string }>(result).uploadId;
}

/** The URL of a photo's thumbnail, preview or original, for an <img>. */
export const mediaUrl = (photoId: string, variant: 'thumb' | 'preview' | 'original'): string => transport.mediaUrl(photoId, variant);
