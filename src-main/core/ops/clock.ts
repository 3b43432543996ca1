import { makeClock, setClock, Timestamp } from '@actual-app/crdt';

/**
 * The catalogue's hybrid logical clock: Actual Budget's tested HLC (`Timestamp` of @actual-app/crdt), one clock per
 * open catalogue. A timestamp is `2026-12-02T03:11:47.123Z-0001-0123456789abcdef`: wall-clock milliseconds, a counter
 * and this device's node, and timestamps sort as strings in causal order. A computer clock set back, or hours ahead,
 * never reorders history: the clock keeps the latest time it has seen and counts on from there.
 */

// Actual refuses a clock more than five minutes off. A basement laptop's clock is often wrong by hours or days: the
// clock keeps order instead, and a bundle from far ahead is reported (see the merge), never refused.
Timestamp.init({ maxDrift: Number.MAX_SAFE_INTEGER });

/** Timestamps at or before this are of the history before operations: a change's time with a zero counter and node. */
export const legacyTimestamp = (iso: string): string => `${iso}-0000-0000000000000000`;

export interface HybridClock {
  /** A new timestamp for a local write: after every timestamp this clock has given or received. */
  tick(): string;
  /** Takes in a timestamp from elsewhere (replay, another device), so that later local writes come after it. */
  receive(timestamp: string): void;
  /** The latest timestamp given or received, or null for a new catalogue. */
  latest(): string | null;
  /** Now, as an ISO time: the computer's clock, or the latest timestamp when that is ahead of it. */
  now(): string;
}

const MAX_COUNTER = 0xffff;

/** A clock for `node` (16 hex digits, this device), continuing from `latest` (the catalogue's latest timestamp). */
export function hybridClock(node: string, latest: string | null): HybridClock {
  const start = latest ? Timestamp.parse(latest) : null;
  const clock = makeClock(new Timestamp(start?.millis() ?? 0, start?.counter() ?? 0, node));
  let seen = start ? latest : null;
  /** Actual's clock is module-wide: this catalogue's is set before every use (synchronous, so no other can interleave). */
  const use = <T>(fn: () => T): T => {
    setClock(clock);
    return fn();
  };
  return {
    tick() {
      return use(() => {
        // Actual's counter stops at 0xFFFF within one millisecond (a clock set back runs one millisecond long); the
        // clock then moves to the next millisecond, which keeps every timestamp unique and in order.
        if (clock.timestamp.counter() >= MAX_COUNTER) {
          clock.timestamp.setMillis(clock.timestamp.millis() + 1);
          clock.timestamp.setCounter(0);
        }
        seen = Timestamp.send()!.toString();
        return seen;
      });
    },
    receive(timestamp) {
      const parsed = Timestamp.parse(timestamp);
      if (!parsed) throw new Error(`Not a timestamp: ${timestamp}`);
      if (timestamp.endsWith('-0000000000000000')) return;
      use(() => {
        if (clock.timestamp.counter() >= MAX_COUNTER || parsed.counter() >= MAX_COUNTER) {
          clock.timestamp.setMillis(Math.max(clock.timestamp.millis(), parsed.millis()) + 1);
          clock.timestamp.setCounter(0);
        }
        Timestamp.recv(parsed);
      });
      if (seen === null || timestamp > seen) seen = timestamp;
    },
    latest: () => seen,
    now: () => new Date(Math.max(Date.now(), clock.timestamp.millis())).toISOString(),
  };
}

/** The ISO time of a timestamp: what `at` columns hold. */
export const timestampTime = (timestamp: string): string => timestamp.slice(0, 24);

/** Whether a string is a well-formed timestamp. */
export const isTimestamp = (value: string): boolean => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z-[0-9A-F]{4}-[0-9a-f]{16}$/i.test(value) && Timestamp.parse(value) !== null;
