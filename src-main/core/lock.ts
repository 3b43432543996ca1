import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { LockHolder } from './catalogue';

/** The lock file in a catalogue folder: it names the one process that may write the catalogue. */
export const LOCK_FILE = 'catalogue.lock';

export interface CatalogueLock {
  /** Gives the catalogue up: removes the lock file, if it is still this process's. */
  release(): void;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function readHolder(path: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof holder.host === 'string' && typeof holder.pid === 'number' && typeof holder.app === 'string') {
      return { host: holder.host, pid: holder.pid, app: holder.app, since: String(holder.since ?? '') };
    }
  } catch {
    // Unreadable: left half-written by a process that died while taking it.
  }
  return null;
}

/**
 * Takes the catalogue in `dir` for writing, for `app` ("Storeroom desktop", "storeroom serve", ...). Returns the lock,
 * or the process that holds it already. A lock left by a process that is no longer running on this computer (or one
 * that cannot be read) is taken over. `since` is when the holder took it, as the holder tells it.
 */
export function acquireLock(dir: string, app: string, since: string): CatalogueLock | { heldBy: LockHolder } {
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = { host: hostname(), pid: process.pid, app, since };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      const stale = holder === null || (holder.host === me.host && holder.pid !== process.pid && !isAlive(holder.pid));
      if (!stale) return { heldBy: holder };
      rmSync(path, { force: true });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    return {
      release() {
        const holder = readHolder(path);
        if (holder && holder.pid === me.pid && holder.host === me.host && holder.since === me.since) rmSync(path, { force: true });
      },
    };
  }
  const holder = readHolder(path);
  if (holder) return { heldBy: holder };
  throw new Error(`Could not take the lock ${path}.`);
}
