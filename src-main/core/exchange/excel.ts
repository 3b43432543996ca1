import type ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * exceljs, loaded when a workbook is first written: it takes a third of a second to load, and most of what the CLI and
 * the app do (a search, a move, a label) never writes one.
 */
export async function loadExcel(): Promise<typeof ExcelJS> {
  const loaded = (await import('exceljs')) as typeof ExcelJS & { default?: typeof ExcelJS };
  return loaded.default ?? loaded;
}

export interface StreamedWorkbook {
  wb: ExcelJS.stream.xlsx.WorkbookWriter;
  /** Throws the file's write error, if it has had one. */
  check(): void;
  /** Writes the rest and closes the file; rejects with the file's write error. */
  finish(): Promise<void>;
}

/**
 * A workbook streamed to a file; memory stays flat. The file's stream is ours, so that a write that fails (a full
 * disk) fails the workbook at once: exceljs would otherwise wait for the stream to finish, for ever.
 */
export function streamedWorkbook(excel: typeof ExcelJS, file: string): StreamedWorkbook {
  const stream = createWriteStream(file);
  let failure: Error | null = null;
  const failed = new Promise<never>((_, reject) =>
    stream.on('error', (error) => {
      failure ??= error;
      reject(error);
    }),
  );
  failed.catch(() => {});
  const wb = new excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'Storeroom';
  const check = () => {
    if (failure) throw failure;
  };
  return {
    wb,
    check,
    finish: async () => {
      await Promise.race([wb.commit(), failed]);
      if (!stream.writableFinished) await Promise.race([once(stream, 'close'), failed]);
      check();
    },
  };
}
