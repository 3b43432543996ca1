import { generatedNote } from '@contract';
import type { TFunction } from 'i18next';

/** A note as someone typed it, or one Storeroom wrote (see generatedNote) in the reader's language. */
export function noteText(t: TFunction, note: string): string {
  const generated = generatedNote(note);
  if (generated?.kind === 'undo') return t('objectsUi.timeline.undoOf', { reference: generated.reference });
  if (generated?.kind === 'importUndo') return t('objectsUi.timeline.undoOfImport', { file: generated.fileName });
  if (generated?.kind === 'import') return t('objectsUi.timeline.importOf', { file: generated.fileName });
  return note;
}
