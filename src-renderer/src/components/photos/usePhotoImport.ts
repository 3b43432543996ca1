import { MAX_UPLOAD_BYTES, type Output, type PHOTO_ROLES } from '@contract';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadFile } from '../../api/client';
import { useJob } from '../../api/jobs';
import { describeError } from '../../lib/notify';

export type PhotoRole = (typeof PHOTO_ROLES)[number];
export type AttachTarget = { kind: 'object' | 'location'; id: string };

export interface PhotoImportOptions {
  attachTo?: AttachTarget;
  role?: PhotoRole;
  byFilename?: boolean;
}

type Added = Output<'photos.import'>['added'][number];

export interface ImportSummary {
  /** New photos, now in the catalogue. */
  added: Added[];
  /** Files already in the catalogue: stored once, attached here too. */
  duplicates: Added[];
  /** Files that could not be sent or imported, each with why. */
  errors: { file: string; message: string }[];
  /** Photos imported whose images after the first are damaged, each with what is damaged. */
  warnings?: Output<'photos.import'>['warnings'];
  cancelled: boolean;
  /** Files never imported because the import was cancelled. */
  notProcessed: number;
  /** Files left out before sending: system clutter, or not photos in a folder. */
  skipped: number;
}

export type ImportState =
  | { phase: 'idle' }
  | { phase: 'uploading'; done: number; total: number; current: string | null; errors: number }
  | { phase: 'importing'; total: number; uploadErrors: number }
  | { phase: 'done'; summary: ImportSummary };

/** Files sent at once: enough to keep the line busy without crowding a phone's connection. */
const UPLOADS_AT_ONCE = 3;

/**
 * Sends photos and imports them: each file goes up (three at a time), then one import job makes thumbnails and
 * previews and attaches them, reporting its progress. Cancel works in both phases; what was finished is kept.
 */
export function usePhotoImport() {
  const { t } = useTranslation();
  const job = useJob();
  const [state, setState] = useState<ImportState>({ phase: 'idle' });
  const cancelled = useRef(false);

  async function start(files: File[], options: PhotoImportOptions, skipped = 0): Promise<ImportSummary> {
    cancelled.current = false;
    const total = files.length;
    const uploads: ({ uploadId: string; name: string } | null)[] = new Array(total).fill(null);
    const errors: ImportSummary['errors'] = [];
    let done = 0;
    let next = 0;
    setState({ phase: 'uploading', done: 0, total, current: null, errors: 0 });

    const worker = async () => {
      while (!cancelled.current && next < total) {
        const index = next++;
        const file = files[index]!;
        const name = file.name || `photo-${index + 1}.jpg`;
        setState({ phase: 'uploading', done, total, current: name, errors: errors.length });
        try {
          if (file.size === 0) throw new Error(t('photos.import.emptyFile'));
          if (file.size > MAX_UPLOAD_BYTES) throw new Error(t('photos.import.tooLarge', { size: Math.round(MAX_UPLOAD_BYTES / 1024 / 1024) }));
          uploads[index] = { uploadId: await uploadFile(file), name };
        } catch (error) {
          errors.push({ file: name, message: error instanceof Error && !('code' in error) ? error.message : describeError(t, error).detail });
        }
        done++;
        setState({ phase: 'uploading', done, total, current: null, errors: errors.length });
      }
    };
    await Promise.all(Array.from({ length: Math.min(UPLOADS_AT_ONCE, total) }, worker));

    const sent = uploads.filter((u): u is { uploadId: string; name: string } => u !== null);
    let summary: ImportSummary;
    if (cancelled.current || sent.length === 0) {
      summary = { added: [], duplicates: [], errors, cancelled: cancelled.current, notProcessed: cancelled.current ? total - errors.length : 0, skipped };
    } else {
      setState({ phase: 'importing', total: sent.length, uploadErrors: errors.length });
      try {
        const result = await job.run('photos.import', { uploads: sent, ...options });
        summary = {
          added: result.added.filter((a) => !a.duplicate),
          duplicates: result.added.filter((a) => a.duplicate),
          errors: [...errors, ...result.errors],
          warnings: result.warnings,
          cancelled: result.cancelled,
          notProcessed: result.notProcessed,
          skipped,
        };
      } catch (error) {
        const { title, detail } = describeError(t, error);
        summary = { added: [], duplicates: [], errors: [...errors, { file: t('photos.import.allFiles'), message: `${title}: ${detail}` }], cancelled: false, notProcessed: 0, skipped };
      }
    }
    setState({ phase: 'done', summary });
    return summary;
  }

  async function cancel(): Promise<void> {
    cancelled.current = true;
    await job.cancel().catch(() => {});
  }

  return { state, progress: job.progress, start, cancel, reset: () => setState({ phase: 'idle' }) };
}
