/**
 * The notes Storeroom writes itself, on the movements of an import or an undo. They are stored in English, as the
 * record and its Excel export are; a reader in another language shows them through `generatedNote`.
 */
export const undoNote = (reference: string): string => `Undo of ${reference}`;
export const importUndoNote = (fileName: string): string => `Undo of the import of ${fileName}`;
export const importNote = (fileName: string): string => `Import of ${fileName}`;

export type GeneratedNote = { kind: 'undo'; reference: string } | { kind: 'importUndo' | 'import'; fileName: string };

/** What a note written by Storeroom says; null for a note someone typed. */
export function generatedNote(note: string): GeneratedNote | null {
  const importUndo = /^Undo of the import of (.+)$/s.exec(note);
  if (importUndo) return { kind: 'importUndo', fileName: importUndo[1]! };
  const imported = /^Import of (.+)$/s.exec(note);
  if (imported) return { kind: 'import', fileName: imported[1]! };
  const undo = /^Undo of (M-(?:[0-9A-Z]{3}-)?\d{6,})$/.exec(note);
  return undo ? { kind: 'undo', reference: undo[1]! } : null;
}
