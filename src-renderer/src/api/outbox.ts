import { openDB, type IDBPDatabase } from 'idb';
import type { Result } from '@contract';

/**
 * A workshop device's outbox: every change it makes is kept (in IndexedDB, so a page reload or a closed tab loses
 * nothing) with its operation id, and sent in order, one at a time. When the Wi-Fi drops, the change stays and is sent
 * again, with the same id, when the connection returns: the server applies an operation id once, so a change that had
 * reached it before the drop is not applied twice, and none is lost.
 */

export interface OutboxEntry {
  /** Its place in the queue (IndexedDB's key). */
  seq?: number;
  /** The catalogue it is for: an outbox left over from another catalogue at the same address waits for it. */
  catalogueId: string;
  opId: string;
  procedure: string;
  input: unknown;
  /**
   * Changes of one batch (the scans of a rapid-move session): the batch reference the first returns is given to the
   * next ones when they are sent, so that a session made offline is still one batch.
   */
  group?: string;
  createdAt: number;
}

/** Where the queue is kept: IndexedDB in a browser, memory where there is none (and in tests). */
export interface OutboxStore {
  all(): Promise<OutboxEntry[]>;
  add(entry: OutboxEntry): Promise<number>;
  /** Takes a sent change off the queue, keeping its answer (and its group's batch reference), in one transaction. */
  remove(seq: number, answer: { opId: string; result: Result<unknown> }, group?: { key: string; reference: string }): Promise<void>;
  groupReference(key: string): Promise<string | undefined>;
  /** The answer a change got, for a page that asks after a reload. */
  answer(opId: string): Promise<Result<unknown> | undefined>;
  /** Forgets answers older than `before` (ms since the epoch). */
  forgetAnswers(before: number): Promise<void>;
}

/** How a send went: answered (success or refusal), or not delivered (the network failed; send it again). */
export type SendOutcome = { kind: 'answered'; result: Result<unknown> } | { kind: 'undelivered' };

export type Sender = (entry: OutboxEntry, input: unknown) => Promise<SendOutcome>;

export function memoryStore(): OutboxStore {
  const entries: OutboxEntry[] = [];
  const groups = new Map<string, string>();
  const answers = new Map<string, { result: Result<unknown>; at: number }>();
  let next = 1;
  return {
    all: async () => entries.map((e) => ({ ...e })),
    async add(entry) {
      const seq = next++;
      entries.push({ ...entry, seq });
      return seq;
    },
    async remove(seq, answer, group) {
      const at = entries.findIndex((e) => e.seq === seq);
      if (at >= 0) entries.splice(at, 1);
      answers.set(answer.opId, { result: answer.result, at: Date.now() });
      if (group) groups.set(group.key, group.reference);
    },
    groupReference: async (key) => groups.get(key),
    answer: async (opId) => answers.get(opId)?.result,
    async forgetAnswers(before) {
      for (const [opId, answer] of answers) if (answer.at < before) answers.delete(opId);
    },
  };
}

/** The outbox in IndexedDB: the queue, the batch references of groups, and the answers of changes sent. */
export async function indexedDbStore(name = 'storeroom-outbox'): Promise<OutboxStore> {
  const db: IDBPDatabase = await openDB(name, 1, {
    upgrade(database) {
      database.createObjectStore('entries', { keyPath: 'seq', autoIncrement: true });
      database.createObjectStore('groups');
      database.createObjectStore('answers', { keyPath: 'opId' }).createIndex('at', 'at');
    },
  });
  return {
    all: async () => (await db.getAll('entries')) as OutboxEntry[],
    add: async (entry) => (await db.add('entries', entry)) as number,
    async remove(seq, answer, group) {
      const tx = db.transaction(['entries', 'groups', 'answers'], 'readwrite');
      await Promise.all([
        tx.objectStore('entries').delete(seq),
        tx.objectStore('answers').put({ opId: answer.opId, result: answer.result, at: Date.now() }),
        ...(group ? [tx.objectStore('groups').put(group.reference, group.key)] : []),
        tx.done,
      ]);
    },
    groupReference: async (key) => (await db.get('groups', key)) as string | undefined,
    answer: async (opId) => ((await db.get('answers', opId)) as { result: Result<unknown> } | undefined)?.result,
    async forgetAnswers(before) {
      const tx = db.transaction('answers', 'readwrite');
      // Oldest first, up to the first one kept.
      for (let cursor = await tx.store.index('at').openCursor(); cursor && (cursor.key as number) < before; cursor = await cursor.continue()) await cursor.delete();
      await tx.done;
    },
  };
}

/** An operation id: a random UUID (version 4), also where crypto.randomUUID is missing (a page over plain HTTP). */
export function newOperationId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface Waiter {
  resolve(result: Result<unknown>): void;
}

/** Answers of sent changes are kept a day, for a page reloaded meanwhile. */
const ANSWERS_KEPT_MS = 24 * 3600 * 1000;

/** How long to wait before sending again after a failure: 1 s, 2 s, 4 s, then every 8 s (sooner when woken). */
const backoff = (failures: number) => Math.min(8000, 1000 * 2 ** Math.max(0, failures - 1));

export class Outbox {
  private store: Promise<OutboxStore>;
  private catalogueId: string | null = null;
  private sending = false;
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private waiters = new Map<string, Waiter[]>();
  /** Answers of this page's session, by operation id, for a feed that asks after the change was sent. */
  private answered = new Map<string, Result<unknown>>();
  private count = 0;
  private listeners = new Set<() => void>();
  private stopped = false;

  constructor(
    store: Promise<OutboxStore>,
    private readonly send: Sender,
  ) {
    // A store that cannot be opened (no IndexedDB) leaves the outbox in memory: it still orders and retries.
    this.store = store.catch(() => memoryStore());
  }

  /** Starts sending the changes of this catalogue, those left from before first. */
  async start(catalogueId: string): Promise<void> {
    this.catalogueId = catalogueId;
    await (await this.store).forgetAnswers(Date.now() - ANSWERS_KEPT_MS).catch(() => {});
    await this.recount();
    this.wake();
  }

  /** Stops for good: this device can send nothing more (it was revoked). What is queued stays queued. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  /** The number of changes not sent yet. */
  pending(): number {
    return this.count;
  }

  /** Whether the last try to send failed for want of a network (changes wait until it returns). */
  stalled(): boolean {
    return this.failures > 0;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The operation ids still queued, in order. */
  async queued(): Promise<string[]> {
    return (await this.mine()).map((e) => e.opId);
  }

  /** Queues a change and sends what is queued; resolves with the change's answer once it has been sent. */
  enqueue(procedure: string, input: unknown, options: { group?: string; opId?: string } = {}): { opId: string; result: Promise<Result<unknown>> } {
    const opId = options.opId ?? newOperationId();
    const result = this.result(opId);
    void (async () => {
      const store = await this.store;
      if (!this.catalogueId) await new Promise<void>((resolve) => this.whenStarted.push(resolve));
      await store.add({ catalogueId: this.catalogueId!, opId, procedure, input, createdAt: Date.now(), ...(options.group ? { group: options.group } : {}) });
      await this.recount();
      this.wake();
    })();
    return { opId, result };
  }

  private whenStarted: (() => void)[] = [];

  /** The answer to a change: now if it was sent in this session, else when it is. */
  result(opId: string): Promise<Result<unknown>> {
    const known = this.answered.get(opId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => this.waiters.set(opId, [...(this.waiters.get(opId) ?? []), { resolve }]));
  }

  /**
   * The answer to a change made before this page was loaded: kept since it was sent, or awaited while it is still
   * queued; undefined when this device knows nothing of it (its storage was cleared).
   */
  async answerOf(opId: string): Promise<Result<unknown> | undefined> {
    // Still queued: its answer comes when it is sent. Else it was answered (its answer is kept with its removal from
    // the queue, in one transaction), or this device has no trace of it.
    if (await this.has(opId)) return this.result(opId);
    return this.answered.get(opId) ?? (await (await this.store).answer(opId));
  }

  /** Whether a change is still queued. */
  async has(opId: string): Promise<boolean> {
    return (await this.queued()).includes(opId);
  }

  /** Sends now: the connection is back (the event stream reopened, the browser went online). */
  wake(): void {
    if (this.stopped || !this.catalogueId) return;
    for (const resolve of this.whenStarted.splice(0)) resolve();
    clearTimeout(this.retry);
    void this.pump();
  }

  private async mine(): Promise<OutboxEntry[]> {
    const entries = await (await this.store).all();
    return entries.filter((e) => e.catalogueId === this.catalogueId).sort((a, b) => a.seq! - b.seq!);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private async recount(): Promise<void> {
    const count = (await this.mine()).length;
    if (count !== this.count) {
      this.count = count;
      this.notify();
    }
  }

  private async pump(): Promise<void> {
    if (this.sending || this.stopped) return;
    this.sending = true;
    try {
      for (;;) {
        const [head] = await this.mine();
        if (!head || this.stopped) break;
        const store = await this.store;
        let input = head.input;
        if (head.group) {
          const reference = await store.groupReference(head.group);
          if (reference && input && typeof input === 'object') input = { ...input, reference };
        }
        const outcome = await this.send(head, input);
        if (outcome.kind === 'undelivered') {
          this.failures++;
          if (this.failures === 1) this.notify();
          this.retry = setTimeout(() => void this.pump(), backoff(this.failures));
          break;
        }
        if (this.failures > 0) {
          this.failures = 0;
          this.notify();
        }
        const { result } = outcome;
        const reference = result.ok && head.group ? (result.data as { reference?: unknown } | null)?.reference : undefined;
        await store.remove(head.seq!, { opId: head.opId, result }, typeof reference === 'string' ? { key: head.group!, reference } : undefined);
        this.answered.set(head.opId, result);
        if (this.answered.size > 2000) this.answered.delete(this.answered.keys().next().value!);
        await this.recount();
        for (const waiter of this.waiters.get(head.opId) ?? []) waiter.resolve(result);
        this.waiters.delete(head.opId);
      }
    } finally {
      this.sending = false;
    }
  }
}
