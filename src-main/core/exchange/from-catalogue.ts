import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type Database from 'better-sqlite3';
import { AppError, type Output, type ParsedInput } from '../../contract';
import { DATABASE_FILE } from '../catalogue';
import type { JobContext } from '../context';
import { createDispatcher } from '../dispatch';
import { incomingPath, tmpPath } from '../media/store';
import { openCatalogue } from '../open';
import { openToRead } from '../ops/verify';

const metaOf = (db: Database.Database, key: string) => (db.prepare('SELECT value FROM catalogue_meta WHERE key = ?').pluck().get(key) as string | undefined) ?? '';

/**
 * imports.fromCatalogue: two separate catalogues (not copies of one) share no history to merge, so the other one's
 * objects come in the way a spreadsheet's do. Its folder is copied aside (it is only read), brought to this version's
 * format, and exported as a workbook into the upload area; the import previews and commits it like any other file,
 * matching objects by number, and the locations they are in by path.
 */
export async function workbookFromCatalogue(ctx: JobContext, input: ParsedInput<'imports.fromCatalogue'>): Promise<Output<'imports.fromCatalogue'>> {
  if (ctx.remote) throw AppError.of('VALIDATION', 'imports.uploadOverNetwork');
  let source: Database.Database;
  try {
    source = openToRead(input.path);
  } catch (error) {
    throw AppError.of('VALIDATION', 'sync.notACatalogue', { path: input.path }, { reason: (error as Error).message });
  }
  const work = tmpPath(ctx.catalogue.mediaDir);
  const name = metaOf(source, 'name') || basename(input.path);
  try {
    if (metaOf(source, 'catalogue_id') === ctx.catalogue.identity.catalogueId) throw AppError.of('VALIDATION', 'sync.sameCatalogue', { path: input.path });
    await mkdir(work, { recursive: true });
    source.pragma('query_only = OFF');
    source.prepare('VACUUM INTO ?').run(join(work, DATABASE_FILE));
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  } finally {
    source.close();
  }
  ctx.progress({ done: 0, total: 1, current: name, errors: 0 });
  const other = openCatalogue(work, { app: 'Storeroom (import of a separate catalogue)', seed: false, newDevice: true });
  const uploadId = basename(tmpPath(ctx.catalogue.mediaDir));
  const target = incomingPath(ctx.catalogue.mediaDir, uploadId);
  try {
    await mkdir(join(target, '..'), { recursive: true });
    const result = await createDispatcher(other)('exports.create', { path: target });
    if (!result.ok) throw AppError.of(result.error.code, 'sync.notACatalogue', { path: input.path }, { reason: result.error.message });
    const counts = (result.data as Output<'exports.create'>).sheets;
    return {
      source: { uploadId, name: `${name.replace(/[\\/:*?"<>|]+/g, '-')}.xlsx` },
      catalogueName: name,
      objects: counts['Objects'] ?? 0,
      locations: counts['Locations'] ?? 0,
    };
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  } finally {
    await other.mediaSwept;
    other.close();
    await rm(work, { recursive: true, force: true });
  }
}
