import { Timestamp } from '@actual-app/crdt';

/**
 * The ids an operation creates, fixed by its hybrid-logical-clock timestamp before its handler runs: the n-th id
 * of the operation stamped T is the same on every device and at every replay, and ids sort as the operations do.
 *
 * Each is a UUIDv7 (RFC 9562) laid out as
 *   48 bits  the timestamp's milliseconds          (UUIDv7's unix_ts_ms)
 *    4 bits  version 7
 *   12 bits  the timestamp's counter, high bits    (rand_a)
 *    2 bits  variant 10
 *    4 bits  the counter, low bits                 (rand_b from here on)
 *   32 bits  the first 32 bits of the device node
 *   26 bits  n, the id's place in the operation    (67 million ids per operation)
 * so ids compare, as strings, in the order of their operations' timestamps (milliseconds, counter, device), then n.
 */
export interface IdSequence {
  /** The next id of the operation. */
  next(): string;
  /** The operation's own id (n = 0), when its caller gave none. */
  readonly opId: string;
}

const MAX_N = 2 ** 26;

const uuid = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

export function idSequence(timestamp: string): IdSequence {
  const parsed = Timestamp.parse(timestamp);
  if (!parsed) throw new Error(`Not a timestamp: ${timestamp}`);
  const counter = parsed.counter();
  const node32 = Number.parseInt(parsed.node().padStart(16, '0').slice(0, 8), 16);
  // The first 100 bits never change within an operation: 25 hex digits. The last 28 bits are 2 bits of node, then n.
  const high =
    (BigInt(parsed.millis()) << 52n) | (7n << 48n) | (BigInt(counter >> 4) << 36n) | (2n << 34n) | (BigInt(counter & 0xf) << 30n) | BigInt(node32 >>> 2);
  const prefix = high.toString(16).padStart(25, '0');
  const nodeLow = (node32 & 0x3) * MAX_N;
  const at = (n: number) => uuid(prefix + (nodeLow + n).toString(16).padStart(7, '0'));
  let n = 0;
  return {
    opId: at(0),
    next() {
      if (++n >= MAX_N) throw new Error('An operation cannot create more than 67 million ids.');
      return at(n);
    },
  };
}

/**
 * An id that no operation records: a job's, an upload's, a work file's. The infrastructure mints these (core/ops and
 * the composition root); domain code takes them from its context.
 */
export { v7 as freshId } from 'uuid';

/**
 * What every id an operation creates begins with (its first 100 bits, as text): the ids of the rows it wrote that are
 * never recorded as effects are found again by this prefix.
 */
export function idPrefix(timestamp: string): string {
  const first = idSequence(timestamp).opId;
  return first.slice(0, 29);
}
