import type { WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { openPart } from '../../exchange/parts';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { AppError, type EvacuationDocumentWord, type Output, type ParsedInput } from '../../../contract';
import { supportedLanguage, text } from '../../i18n/locales';
import { catalogueName } from '../../catalogue-name';
import type { JobContext } from '../../context';
import { exportsDir } from '../../media/store';
import { requireEvacuation, type EvacuationRow } from '../plans';
import { writeBoxForms } from './box-forms';
import { writeGrabList } from './grab-list';
import { writeInventory } from './inventory';
import { writeSummary } from './summary';

/** The words of a document, in the reader's language (evacuations.json), English where it has none. */
export type Words = ((key: EvacuationDocumentWord) => string) & {
  language: string;
  /** Any other text of the documents, by its key under `evacuationDocuments.`. */
  say(key: string, params?: Record<string, string | number>): string;
};

export function wordsIn(requested: string | undefined): Words {
  const language = supportedLanguage(requested);
  const say = (key: string, params?: Record<string, string | number>) => text(language, `evacuationDocuments.${key}`, params);
  return Object.assign((key: EvacuationDocumentWord) => say(key), { language, say });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A time as the documents print it: the local time of the computer that makes them, to the minute. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** What a document's writer is given: where to write, and how to report and stop. */
export interface DocumentJob {
  ctx: JobContext;
  evacuation: EvacuationRow;
  input: ParsedInput<'evacuations.document'>;
  words: Words;
  /** Its title, for the PDF's properties and its page footer. */
  title: string;
  /** Reports progress, and says whether to stop (the job was cancelled). */
  step(done: number, total: number, current?: string | null): Promise<boolean>;
}

export interface Written {
  pages: number;
  rows: number;
}

const FILE_WORDS: Record<ParsedInput<'evacuations.document'>['document'], EvacuationDocumentWord> = {
  grabList: 'grabList',
  packingList: 'packingList',
  trackingForm: 'trackingForm',
  summary: 'summary',
  inventory: 'evacuation',
};

/** A file system error as the user should hear it; nothing was written. */
function writeError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (error instanceof AppError || typeof code !== 'string' || !code.startsWith('E')) return error;
  if (code === 'ENOSPC' || code === 'EDQUOT') return AppError.of('DISK_FULL', 'evacuation.diskFull', { path }, { path });
  return AppError.of('VALIDATION', 'evacuation.cannotWrite', { path, reason: (error as Error).message }, { path, code });
}

/**
 * evacuations.document: a PDF (grab list, packing lists, tracking forms, summary) or the inventory workbook, written
 * to a part file and renamed when whole, in the catalogue's exports/ folder under the job's id (or where the caller
 * asked, on this machine). A failure or a cancel leaves nothing behind.
 */
export async function createDocument(ctx: JobContext, input: ParsedInput<'evacuations.document'>): Promise<Output<'evacuations.document'>> {
  if (input.path && ctx.remote) throw AppError.of('VALIDATION', 'evacuation.pathOverNetwork');
  const evacuation = requireEvacuation(ctx, input.evacuationId);
  const words = wordsIn(input.language);
  const workbook = input.document === 'inventory';
  const extension = workbook ? 'xlsx' : 'pdf';
  const stamp = ctx.now.slice(0, 16).replace('T', ' ').replace(':', '-');
  const safe = (s: string) => s.replace(/[\\/:*?"<>|]+/g, '-').trim();
  const title = `${evacuation.code} ${words(FILE_WORDS[input.document])}`;
  const fileName = `${safe(catalogueName(ctx) || 'Storeroom')} ${safe(title)} ${stamp}.${extension}`;
  const exportId = ctx.jobId;
  const target = input.path ?? join(exportsDir(ctx.catalogue.dir), exportId, fileName);
  const part = `${target}.part`;
  const shown = input.path ?? fileName;
  const job: DocumentJob = {
    ctx,
    evacuation,
    input,
    words,
    title: `${evacuation.name} · ${title}`,
    async step(done, total, current = null) {
      ctx.progress({ done, total, current, errors: 0 });
      await new Promise((resolve) => setImmediate(resolve));
      return ctx.signal.aborted;
    },
  };
  const removePart = async () => {
    await rm(part, { force: true });
    if (!input.path) await rm(dirname(target), { recursive: true, force: true });
  };

  let out: WriteStream | null = null;
  try {
    if (!input.path) await mkdir(dirname(target), { recursive: true });
    let written: Written;
    if (workbook) {
      written = await writeInventory(job, part);
    } else {
      out = await openPart(part);
      let failure: unknown = null;
      out.on('error', (error) => (failure ??= error));
      const write = { grabList: writeGrabList, packingList: writeBoxForms, trackingForm: writeBoxForms, summary: writeSummary }[input.document as Exclude<typeof input.document, 'inventory'>];
      written = await write(job, out);
      await finished(out);
      if (failure) throw failure;
    }
    if (ctx.signal.aborted) {
      await removePart();
      return { exportId, fileName, path: null, pages: 0, rows: 0, cancelled: true };
    }
    await rename(part, target);
    return { exportId, fileName: basename(target), path: input.path ? target : null, pages: written.pages, rows: written.rows, cancelled: false };
  } catch (error) {
    out?.destroy();
    await removePart();
    throw writeError(error, shown);
  }
}
