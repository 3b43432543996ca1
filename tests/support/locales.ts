import i18next, { type i18n as I18n } from 'i18next';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RENDERER_NAMESPACES } from '../../src-main/contract';

/** The translations on disk, as tests read them: resources/locales/<language>/<namespace>.json. */
export const LOCALES_DIR = fileURLToPath(new URL('../../resources/locales', import.meta.url));

/** Files in a language folder that are not namespaces of texts. */
export const NOT_TEXTS = new Set(['meta', 'glossary']);

export const languages = (): string[] => readdirSync(LOCALES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

export const namespacesOf = (language: string): string[] =>
  readdirSync(join(LOCALES_DIR, language))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .filter((ns) => !NOT_TEXTS.has(ns))
    .sort();

export function readJson<T = Record<string, unknown>>(language: string, file: string): T {
  return JSON.parse(readFileSync(join(LOCALES_DIR, language, `${file}.json`), 'utf8')) as T;
}

/** The renderer's texts of a language, by namespace, as its i18next resources. */
export const rendererResources = (language: string) => Object.fromEntries(RENDERER_NAMESPACES.map((ns) => [ns, readJson(language, ns)]));

/** An i18next set up as the renderer sets it up, with every language given loaded at once. */
export async function rendererI18n(language: string, { fallback = true, languages: loaded = [language, 'en'] } = {}): Promise<I18n> {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: Object.fromEntries([...new Set(loaded)].map((l) => [l, rendererResources(l)])),
    lng: language,
    fallbackLng: fallback ? 'en' : false,
    ns: [...RENDERER_NAMESPACES],
    defaultNS: 'common',
    fallbackNS: RENDERER_NAMESPACES.filter((ns) => ns !== 'common'),
    interpolation: { escapeValue: false },
  });
  return i18n;
}
