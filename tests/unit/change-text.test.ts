import { describe, expect, it } from 'vitest';
import { generatedNote, importNote, importUndoNote, procedures, undoNote, type ProcedureName } from '../../src-main/contract';
import { describeChange } from '../../src-renderer/src/lib/changeText';
import { noteText } from '../../src-renderer/src/lib/noteText';
import { languages, rendererI18n } from '../support/locales';

/** Every procedure an operation can record (a job records its own operations), and those the log before operations holds. */
const writers = [
  ...(Object.keys(procedures) as ProcedureName[]).filter((name) => procedures[name].kind === 'mutation' || procedures[name].kind === 'record'),
  'photos.import',
  'imports.commit',
];
/** Cancelling a job writes nothing. */
const neverLogged = new Set<string>(['jobs.cancel']);

describe('the change log in words', () => {
  it.each(languages())('says every change in %s, with its values filled in', async (language) => {
    const i18n = await rendererI18n(language, { fallback: false });
    const lookup = { code: () => 'R1-U1', objectNumber: '1987.12.3' };
    const input = { name: 'Day 2', file: 'IMG_1.jpg', originalName: 'IMG_1.jpg', fileName: 'list.csv', rows: [{ objectId: null }], code: 'R1', number: '1987.12.3', term: 'Good', reference: 'M-000001', photoIds: ['a', 'b'], new: 3, updated: 2 };
    for (const procedure of writers.filter((name) => !neverLogged.has(name))) {
      const text = describeChange(i18n.t, { procedure, targetCount: 2 }, input, lookup);
      expect(text, procedure).not.toBe(procedure);
      expect(text, procedure).not.toMatch(/{{|changes\.what/);
    }
  });

  it('counts what an import created and updated', async () => {
    const i18n = await rendererI18n('en');
    const text = describeChange(i18n.t, { procedure: 'imports.commit', targetCount: 5 }, { file: 'inventory.xlsx', new: 3, updated: 2 }, { code: () => '', objectNumber: '' });
    expect(text).toBe('Imported inventory.xlsx: 3 new, 2 updated');
  });
});

describe('notes Storeroom writes itself', () => {
  it('reads back the notes of an import or an undo and says them in the reader’s language; typed notes stay as typed', async () => {
    const i18n = await rendererI18n('fr', { fallback: false, languages: ['fr'] });
    expect(noteText(i18n.t, undoNote('M-000006'))).toBe('Annulation du lot M-000006');
    expect(noteText(i18n.t, importUndoNote('inventaire 2024.xlsx'))).toBe('Annulation de l’import de inventaire 2024.xlsx');
    expect(noteText(i18n.t, 'Undo of the shelf, it wobbles')).toBe('Undo of the shelf, it wobbles');
    expect(noteText(i18n.t, importNote('liste.csv'))).toBe('Import de liste.csv');
    expect(noteText(i18n.t, 'Undo of mistake')).toBe('Undo of mistake');
    expect(noteText(i18n.t, 'moved for the photographer')).toBe('moved for the photographer');
    expect(generatedNote(importUndoNote('a\nb.csv'))).toEqual({ kind: 'importUndo', fileName: 'a\nb.csv' });
  });
});
