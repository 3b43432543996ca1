/**
 * The translations: `resources/locales/<language>/<namespace>.json`, English (`en`) the source. A language is a folder;
 * adding one is adding a folder with the namespaces below, its `meta.json` and its `glossary.json`.
 *
 * Each namespace file holds top-level groups (`{ "objectsUi": { ... } }`), and a group lives in one namespace only,
 * so a key such as `objectsUi.fields.number` names its text without its namespace, wherever it is read.
 * No Node imports: the renderer shares this file.
 */

/** What the renderer loads for its language, lazily (each namespace: the groups of one feature). */
export const RENDERER_NAMESPACES = [
  'common',
  'locations',
  'objects',
  'moves',
  'changes',
  'settings',
  'beforeafter',
  'report',
  'photos',
  'exchange',
  'labels',
  'sync',
  'evacuations',
  'export',
  'vocabulary',
  'workshop',
  'server',
] as const;

/** What the core reads, in every language: its messages, the workbooks' words, the import's words, the vocabularies and the evacuation documents' words. */
export const CORE_NAMESPACES = ['server', 'export', 'spectrum', 'import', 'vocabulary', 'evacuations'] as const;

/** The desktop app's menus and dialogs, read by Electron's main process. */
export const MENU_NAMESPACE = 'menu';

/**
 * Spectrum's column names in a language that has a published Spectrum translation (fr, nl, de): the export's headers
 * there. A language without this file exports Spectrum's English names, as every language does on demand.
 */
export const SPECTRUM_NAMESPACE = 'spectrum';

export const NAMESPACES = [...new Set([...RENDERER_NAMESPACES, ...CORE_NAMESPACES, MENU_NAMESPACE])];
export type Namespace = (typeof NAMESPACES)[number];

/** A language's own description, in `meta.json`: its name in itself, and its writing direction. */
export interface LanguageMeta {
  name: string;
  dir: 'ltr' | 'rtl';
  /** The published Spectrum translation its spectrum.json follows, where there is one. */
  spectrum?: string;
}

export const SOURCE_LANGUAGE = 'en';

/** The part of a language tag the translations are chosen by: "fr-CA" and "fr_BE.UTF-8" → "fr". */
export const baseLanguage = (tag: string | null | undefined): string => (tag ?? '').trim().toLowerCase().split(/[-_.@]/)[0] ?? '';

/** The first of `tags` (a system's or browser's preferred languages, best first) that is one of `available`. */
export function matchLanguage(tags: readonly (string | null | undefined)[], available: readonly string[]): string | undefined {
  for (const tag of tags) {
    const base = baseLanguage(tag);
    if (base && available.includes(base)) return base;
  }
  return undefined;
}

/** A language folder as read: every namespace's groups merged (they never overlap). */
export type Bundle = Record<string, unknown>;

/** Params of a text, by name. */
export type TextParams = Record<string, string | number>;

/** CLDR's plural categories: i18next's key suffixes. */
export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
const pluralRules = new Map<string, Intl.PluralRules>();

/** The CLDR plural category of a count in a language (i18next's `_one`, `_few`, ... suffixes). */
export function pluralCategory(language: string, count: number): PluralCategory {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  return rules.select(count);
}

/** The text at a dotted key, or undefined. */
export function textAt(bundle: Bundle | undefined, key: string): string | undefined {
  let node: unknown = bundle;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** `{{param}}` values filled in, as i18next does (without escaping); an unknown param is left as it is. */
export const interpolate = (template: string, params: TextParams = {}): string =>
  template.replace(/{{\s*(\w+)\s*}}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));

/**
 * A text in `language`, as i18next finds it: with a numeric `count`, the form for its plural category (`_zero` first
 * for 0), then the key itself; then the same in English. Undefined when no language has it.
 */
export function translate(bundles: (language: string) => Bundle | undefined, language: string, key: string, params: TextParams = {}): string | undefined {
  for (const lang of language === SOURCE_LANGUAGE ? [language] : [language, SOURCE_LANGUAGE]) {
    const bundle = bundles(lang);
    if (!bundle) continue;
    const count = params.count;
    const candidates = typeof count === 'number' ? [...(count === 0 ? [`${key}_zero`] : []), `${key}_${pluralCategory(lang, count)}`, key] : [key];
    for (const candidate of candidates) {
      const text = textAt(bundle, candidate);
      if (text !== undefined) return interpolate(text, params);
    }
  }
  return undefined;
}
