import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src-main/contract';
import { indexedDbStore, memoryStore, newOperationId, Outbox, type OutboxEntry, type OutboxStore, type SendOutcome } from '../../src-renderer/src/api/outbox';

/**
 * A stand-in for the server as the outbox meets it: it applies an operation id once (a second request with the same
 * id gets the first answer), and it can be out of reach, or answer too late (the change applied, the answer lost).
 */
function server() {
  const applied: { opId: string; procedure: string; input: unknown }[] = [];
  const answers = new Map<string, Result<unknown>>();
  let state: 'up' | 'down' | 'cut' = 'up';
  let batches = 0;
  const send = async (entry: OutboxEntry, input: unknown): Promise<SendOutcome> => {
    if (state === 'down') return { kind: 'undelivered' };
    let answer = answers.get(entry.opId);
    if (!answer) {
      applied.push({ opId: entry.opId, procedure: entry.procedure, input });
      const given = (input as { reference?: string }).reference;
      answer = { ok: true, data: { reference: given ?? `M-${++batches}`, n: applied.length } };
      answers.set(entry.opId, answer);
    }
    // Cut mid-way: the server applied it, but the device never heard.
    if (state === 'cut') {
      state = 'up';
      return { kind: 'undelivered' };
    }
    return { kind: 'answered', result: answer };
  };
  return { send, applied, set: (next: typeof state) => (state = next) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the outbox', () => {
  for (const [name, makeStore] of [
    ['in memory', async () => memoryStore()],
    ['in IndexedDB', () => indexedDbStore(`outbox-test-${newOperationId()}`)],
  ] as [string, () => Promise<OutboxStore>][]) {
    it(`keeps changes made offline and sends them in order, each once, when the connection returns (${name})`, async () => {
      const remote = server();
      const outbox = new Outbox(makeStore(), remote.send);
      await outbox.start('catalogue-1');
      remote.set('down');
      const sent = Array.from({ length: 10 }, (_, i) => outbox.enqueue('moves.scan', { number: `N${i}` }, { group: 'session-1' }));
      await expect.poll(() => outbox.pending()).toBe(10);
      expect(remote.applied).toEqual([]);
      expect(new Set(sent.map((s) => s.opId)).size).toBe(10);

      remote.set('up');
      outbox.wake();
      const results = await Promise.all(sent.map((s) => s.result));
      expect(remote.applied.map((a) => (a.input as { number: string }).number)).toEqual(sent.map((_, i) => `N${i}`));
      expect(remote.applied.map((a) => a.opId)).toEqual(sent.map((s) => s.opId));
      // One batch: the reference the first scan got is given to the next ones.
      expect(remote.applied.slice(1).every((a) => (a.input as { reference?: string }).reference === 'M-1')).toBe(true);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(outbox.pending()).toBe(0);
    });
  }

  it('sends a change cut off mid-way again with the same operation id, so it is applied once', async () => {
    const remote = server();
    const outbox = new Outbox(Promise.resolve(memoryStore()), remote.send);
    await outbox.start('catalogue-1');
    remote.set('cut');
    const first = outbox.enqueue('moves.create', { objectIds: ['a'] });
    const second = outbox.enqueue('moves.create', { objectIds: ['b'] });
    outbox.wake();
    const [a, b] = await Promise.all([first.result, second.result]);
    expect(remote.applied.map((x) => x.opId)).toEqual([first.opId, second.opId]);
    expect(a).toEqual({ ok: true, data: { reference: 'M-1', n: 1 } });
    expect(b.ok).toBe(true);
  });

  it('takes a refusal as an answer: the change leaves the queue and the next goes on', async () => {
    const sends: string[] = [];
    const outbox = new Outbox(Promise.resolve(memoryStore()), async (entry) => {
      sends.push(entry.opId);
      return entry.procedure === 'bad'
        ? { kind: 'answered', result: { ok: false, error: { code: 'VALIDATION', message: 'No.' } } }
        : { kind: 'answered', result: { ok: true, data: null } };
    });
    await outbox.start('catalogue-1');
    const bad = outbox.enqueue('bad', {});
    const good = outbox.enqueue('good', {});
    expect(await bad.result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await good.result).toEqual({ ok: true, data: null });
    expect(sends).toEqual([bad.opId, good.opId]);
    await settle();
    expect(outbox.pending()).toBe(0);
  });

  it('survives a reload: what was queued is sent by the next page, and what was answered is still known', async () => {
    const name = `outbox-test-${newOperationId()}`;
    const remote = server();
    remote.set('down');
    const before = new Outbox(indexedDbStore(name), remote.send);
    await before.start('catalogue-1');
    const answered = before.enqueue('moves.scan', { number: 'A' }, { group: 'g' });
    remote.set('up');
    before.wake();
    await answered.result;
    remote.set('down');
    const queued = before.enqueue('moves.scan', { number: 'B' }, { group: 'g' });
    await expect.poll(() => before.pending()).toBe(1);
    before.stop();

    // The page reloads: a new outbox over the same database.
    remote.set('up');
    const after = new Outbox(indexedDbStore(name), remote.send);
    await after.start('catalogue-1');
    expect(await after.answerOf(answered.opId)).toMatchObject({ ok: true, data: { reference: 'M-1' } });
    expect(await after.answerOf(queued.opId)).toMatchObject({ ok: true, data: { reference: 'M-1', n: 2 } });
    expect(remote.applied.map((a) => a.opId)).toEqual([answered.opId, queued.opId]);
    expect(await after.answerOf(newOperationId())).toBeUndefined();
  });

  it('sends only the changes of the catalogue it was started for', async () => {
    const store = memoryStore();
    const remote = server();
    remote.set('down');
    const other = new Outbox(Promise.resolve(store), remote.send);
    await other.start('catalogue-A');
    other.enqueue('objects.create', { name: 'For A' });
    await expect.poll(() => other.pending()).toBe(1);
    other.stop();
    remote.set('up');
    const outbox = new Outbox(Promise.resolve(store), remote.send);
    await outbox.start('catalogue-B');
    await outbox.enqueue('objects.create', { name: 'For B' }).result;
    expect(remote.applied.map((a) => (a.input as { name: string }).name)).toEqual(['For B']);
    expect((await store.all()).map((e) => e.catalogueId)).toEqual(['catalogue-A']);
  });

  it('makes version 4 UUIDs, also without crypto.randomUUID', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newOperationId()).toMatch(uuid);
    const original = crypto.randomUUID;
    try {
      Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
      expect(newOperationId()).toMatch(uuid);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});
