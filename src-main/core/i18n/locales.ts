import {
  baseLanguage,
  matchLanguage,
  SOURCE_LANGUAGE,
  textAt,
  translate,
  type Bundle,
  type LanguageMeta,
  type MessageKey,
  type MessageParams,
  type TextParams,
  type Translatable,
} from '../../contract';

/**
 * The translations the core uses, in every language: its messages (server.json), the workbooks' words (export.json,
 * spectrum.json), the import's words (import.json), the vocabularies (vocabulary.json) and the evacuation documents'
 * words (evacuations.json). They are bundled
 * into the built main process, CLI and core host, which then run under plain Node; the list of namespaces is
 * CORE_NAMESPACES in the contract.
 */
const files = import.meta.glob<Bundle>('../../../resources/locales/*/{server,export,spectrum,import,vocabulary,evacuations}.json', { eager: true, import: 'default' });
const metas = import.meta.glob<LanguageMeta>('../../../resources/locales/*/meta.json', { eager: true, import: 'default' });

const parts = (path: string) => /([^/]+)\/([^/]+)\.json$/.exec(path)!.slice(1) as [string, string];

const bundles = new Map<string, Bundle>();
const spectrum = new Set<string>();
for (const [path, groups] of Object.entries(files)) {
  const [language, namespace] = parts(path);
  bundles.set(language, { ...bundles.get(language), ...groups });
  if (namespace === 'spectrum') spectrum.add(language);
}

/** The languages Storeroom speaks (a folder each in resources/locales). */
export const LANGUAGES: readonly string[] = Object.keys(metas).map((path) => parts(path)[0]).sort();

/** A language's name in itself and its direction. */
export const languageMeta = (language: string): LanguageMeta => metas[Object.keys(metas).find((path) => parts(path)[0] === language) ?? ''] ?? { name: language, dir: 'ltr' };

/** The language Storeroom speaks for a tag or a list of them ("fr-CA", "de_DE.UTF-8", ...): English when none fits. */
export function supportedLanguage(...tags: (string | null | undefined)[]): string {
  return matchLanguage(tags, LANGUAGES) ?? SOURCE_LANGUAGE;
}

/** The language of a command line or a server without a window: LC_ALL, LC_MESSAGES or LANG, as POSIX reads them. */
export function environmentLanguage(env: NodeJS.ProcessEnv = process.env): string {
  const tag = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value && baseLanguage(value) !== 'c' && baseLanguage(value) !== 'posix');
  return supportedLanguage(tag);
}

const bundle = (language: string) => bundles.get(language);

/** A text by its key (`export.sheets.Objects`), in `language`, else in English; the key itself if neither has it. */
export function text(language: string, key: string, params?: TextParams): string {
  return translate(bundle, language, key, params) ?? key;
}

/** Whether a language has a text at a key (without falling back to English). */
export const hasText = (language: string, key: string): boolean => textAt(bundles.get(language), key) !== undefined;

/** The groups of every language at a key: `everyLanguage('importWords')`, for words read in any language. */
export function everyLanguage(key: string): [language: string, value: unknown][] {
  return [...bundles].flatMap(([language, groups]) => {
    let node: unknown = groups;
    for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    return node === undefined ? [] : [[language, node] as [string, unknown]];
  });
}

/** Whether a published Spectrum translation gives the language its own column names. */
export const hasSpectrumNames = (language: string): boolean => spectrum.has(language);

/** A server message in a language (the contract keeps only its English). */
export function messageIn(language: string, key: MessageKey | string, params: MessageParams = {}): string {
  return text(language, `serverErrors.${key}`, params);
}

/** What a keyed message (an error, or one row's problem) says in a language; its own text when it has no key. */
export function sayIn(language: string, { message, key, params }: Translatable): string {
  return key ? (translate(bundle, language, `serverErrors.${key}`, params) ?? message) : message;
}

/** The texts under a key in a language, in their order (an object of texts, such as a default vocabulary); English's when the language has none. */
export function textsAt(language: string, key: string): string[] {
  const find = (lang: string) => everyLanguage(key).find(([l]) => l === lang)?.[1];
  const found = find(language) ?? find(SOURCE_LANGUAGE);
  return found && typeof found === 'object' ? Object.values(found as Record<string, unknown>).filter((v): v is string => typeof v === 'string') : [];
}
