import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { hybridClock, isTimestamp, timestampTime } from '../../src-main/core/ops/clock';
import { idSequence } from '../../src-main/core/ops/ids';

const NODE = '0123456789abcdef';

describe('the hybrid logical clock', () => {
  it('keeps order when the computer clock is set back, or runs hours ahead and comes back', () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date('2026-12-02T10:00:00.000Z'));
      const clock = hybridClock(NODE, null);
      const stamps = [clock.tick()];
      vi.setSystemTime(new Date('2026-12-02T09:00:00.000Z')); // set back an hour
      stamps.push(clock.tick(), clock.tick());
      vi.setSystemTime(new Date('2026-12-02T15:00:00.000Z')); // five hours ahead
      stamps.push(clock.tick());
      vi.setSystemTime(new Date('2026-12-02T10:00:05.000Z')); // corrected
      stamps.push(clock.tick());
      expect([...stamps].sort()).toEqual(stamps);
      expect(new Set(stamps).size).toBe(stamps.length);
      expect(timestampTime(stamps[1]!)).toBe('2026-12-02T10:00:00.000Z');
      expect(timestampTime(stamps[4]!)).toBe('2026-12-02T15:00:00.000Z');
      expect(stamps.every(isTimestamp)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('continues after the latest timestamp of a catalogue, and after one received from elsewhere', () => {
    const later = '2999-01-01T00:00:00.000Z-0003-ffffffffffffffff';
    const clock = hybridClock(NODE, '2026-01-01T00:00:00.000Z-0000-0123456789abcdef');
    clock.receive(later);
    const next = clock.tick();
    expect(next > later).toBe(true);
    expect(next.endsWith(NODE)).toBe(true);
    expect(clock.latest()).toBe(next);
  });

  it('moves to the next millisecond when the counter of one millisecond is used up', () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date('2026-12-02T10:00:00.000Z'));
      const clock = hybridClock(NODE, null);
      let last = '';
      for (let i = 0; i < 0x10005; i++) {
        const t = clock.tick();
        expect(t > last).toBe(true);
        last = t;
      }
      expect(timestampTime(last)).toBe('2026-12-02T10:00:00.001Z');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('ids fixed by an operation\'s timestamp', () => {
  const v7 = z.uuid({ version: 'v7' });

  it('are UUIDv7s carrying the time, the same at every replay, in order within and across operations', () => {
    const a = idSequence('2026-12-02T03:11:47.123Z-0A1F-0123456789abcdef');
    const again = idSequence('2026-12-02T03:11:47.123Z-0A1F-0123456789abcdef');
    const ids = [a.opId, a.next(), a.next(), a.next()];
    expect([again.opId, again.next(), again.next(), again.next()]).toEqual(ids);
    for (const id of ids) expect(v7.safeParse(id).success).toBe(true);
    expect(Number.parseInt(ids[0]!.replaceAll('-', '').slice(0, 12), 16)).toBe(Date.parse('2026-12-02T03:11:47.123Z'));
    expect([...ids].sort()).toEqual(ids);
    const b = idSequence('2026-12-02T03:11:47.123Z-0A20-0123456789abcdef');
    const otherDevice = idSequence('2026-12-02T03:11:47.123Z-0A1F-fedcba9876543210');
    expect(b.opId > ids[3]!).toBe(true);
    expect(otherDevice.opId).not.toBe(a.opId);
    expect(new Set([...ids, b.opId, b.next(), otherDevice.opId, otherDevice.next()]).size).toBe(8);
  });
});
