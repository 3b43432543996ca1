import type { CallContext } from '../context';
import { supportedLanguage, textsAt } from '../i18n/locales';

/** A new catalogue's default vocabularies, as the `catalogue.seed` operation carries them. */
export interface DefaultVocabularies {
  /** The condition scale, best first. */
  conditionTerms: string[];
  /** The categories (none, unless the language folder lists some). */
  categories?: string[];
}

/**
 * The default vocabularies in a language, from `vocabulary.defaults` in resources/locales/<language>/vocabulary.json.
 * Whoever makes a catalogue chooses the language (the desktop's interface or system language, the CLI's --lang or
 * LANG) and puts these words into the catalogue's first operation, so that replaying it makes the same terms.
 */
export function defaultVocabularies(language: string | undefined): DefaultVocabularies {
  const lang = supportedLanguage(language);
  const categories = textsAt(lang, 'defaults.category');
  return { conditionTerms: textsAt(lang, 'defaults.condition'), ...(categories.length > 0 ? { categories } : {}) };
}

/**
 * Puts a new catalogue's default vocabularies in place of the English condition scale the first migration seeds.
 * Called only by `catalogue.seed`; a catalogue seeded without words keeps the migration's English terms.
 */
export function seedVocabularies(ctx: Pick<CallContext, 'db' | 'touch'>, words: Partial<DefaultVocabularies>): void {
  const insert = ctx.db.prepare('INSERT OR IGNORE INTO terms (vocabulary, term, position) VALUES (?, ?, ?)');
  for (const [vocabulary, terms] of [['condition', words.conditionTerms], ['category', words.categories]] as const) {
    if (!terms) continue;
    ctx.db.prepare('DELETE FROM terms WHERE vocabulary = ?').run(vocabulary);
    terms.forEach((term, i) => insert.run(vocabulary, term, i + 1));
    ctx.touch('vocabularies', `vocabulary:${vocabulary}`);
  }
}
