import type Database from 'better-sqlite3';
import { supportedLanguage, textsAt } from '../i18n/locales';

/**
 * A new catalogue's default vocabularies, in the catalogue's language: its condition scale (best first) and its
 * categories, from `vocabulary.defaults` in resources/locales/<language>/vocabulary.json. Called once, where a new
 * catalogue is made; the language is the caller's (the desktop's system or interface language, the CLI's --lang or
 * LANG), never read here. Move reasons are a fixed list, said in each reader's language wherever they are shown.
 */
export function seedVocabularies(db: Database.Database, language: string): void {
  const lang = supportedLanguage(language);
  const insert = db.prepare('INSERT OR IGNORE INTO terms (vocabulary, term, position) VALUES (?, ?, ?)');
  for (const vocabulary of ['condition', 'category'] as const) {
    // The first migration seeds the English condition scale; a catalogue made in another language gets its own.
    db.prepare('DELETE FROM terms WHERE vocabulary = ?').run(vocabulary);
    textsAt(lang, `defaults.${vocabulary}`).forEach((term, i) => insert.run(vocabulary, term, i + 1));
  }
}
