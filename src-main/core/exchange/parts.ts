import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../contract';
import { exportsDir } from '../media/store';

/**
 * Files an export writes before it is whole: `<file>.part`, renamed when done, removed when it fails. A process killed
 * meanwhile leaves one behind, in the catalogue's exports/ folder or next to a file the command line was asked to
 * write; each is recorded here while it is written (with the writer's process id), so that the catalogue's next open
 * sweeps those whose writer is gone.
 */

const recordsDir = (catalogueDir: string) => join(exportsDir(catalogueDir), 'parts');

/** Records a part being written; returns what removes the record once the part is renamed or removed. */
export async function notePart(catalogueDir: string, jobId: string, part: string): Promise<() => Promise<void>> {
  const dir = recordsDir(catalogueDir);
  await mkdir(dir, { recursive: true });
  const record = join(dir, `${jobId}.json`);
  await writeFile(record, JSON.stringify({ part, pid: process.pid }));
  return () => rm(record, { force: true });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return pid !== process.pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes the parts of exports whose writer is gone, and any .part left in the exports folder before `openedAt`. */
export async function sweepParts(catalogueDir: string, openedAt: number): Promise<number> {
  let removed = 0;
  const dir = recordsDir(catalogueDir);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const record = join(dir, name);
    const info = await stat(record).catch(() => null);
    if (!info || info.mtimeMs >= openedAt) continue;
    const { part, pid } = JSON.parse(await readFile(record, 'utf8').catch(() => '{}')) as { part?: string; pid?: number };
    if (pid !== undefined && alive(pid)) continue;
    if (typeof part === 'string' && part.endsWith('.part')) {
      await rm(part, { force: true });
      removed++;
    }
    await rm(record, { force: true });
  }
  const exports = exportsDir(catalogueDir);
  for (const id of await readdir(exports).catch(() => [] as string[])) {
    if (id === 'parts') continue;
    for (const name of await readdir(join(exports, id)).catch(() => [] as string[])) {
      if (!name.endsWith('.part')) continue;
      const info = await stat(join(exports, id, name)).catch(() => null);
      if (info && info.mtimeMs < openedAt) {
        await rm(join(exports, id, name), { force: true });
        removed++;
      }
    }
  }
  return removed;
}

/** Whether an error is the disk (or the user's quota) being full. */
export const isDiskFull = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
};

/**
 * Writes `target` as a part: recorded while it is written, renamed when whole, removed when writing fails. A full disk
 * is DISK_FULL naming the file (and `shownPath`, a path the user chose).
 */
export async function writePart<T>(catalogueDir: string, jobId: string, target: string, write: (part: string) => Promise<T>, shownPath: string | null = null): Promise<T> {
  const part = `${target}.part`;
  await mkdir(dirname(target), { recursive: true });
  const forget = await notePart(catalogueDir, jobId, part);
  try {
    const result = await write(part);
    await rename(part, target);
    return result;
  } catch (error) {
    await rm(part, { force: true });
    if (isDiskFull(error)) throw AppError.of('DISK_FULL', 'exports.diskFull', { file: basename(target) }, { path: shownPath });
    throw error;
  } finally {
    await forget();
  }
}

/** Opens a part file, waiting until it is open, so that a path that cannot be written is refused before any work. */
export async function openPart(part: string): Promise<WriteStream> {
  const out = createWriteStream(part, { flags: 'w' });
  await new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', reject);
  });
  return out;
}
