import type english from '@locales/en/menu.json';
import { matchLanguage, SOURCE_LANGUAGE } from '../contract';

/**
 * Words of the native menu and dialogs, from `resources/locales/<language>/menu.json`. The main process builds the
 * menu, so they are read here (bundled into the main process) rather than by the renderer's i18n; the language is the
 * system's. No Electron import, unit tested: every language has every key.
 */
export type MenuLabels = { readonly [K in keyof (typeof english)['menu']]: string };

const files = import.meta.glob<{ menu: MenuLabels }>('@locales/*/menu.json', { eager: true, import: 'default' });

/** The labels of each language, by its code; a label a language lacks is the English one. */
export const MENU_LANGUAGES: Readonly<Record<string, MenuLabels>> = (() => {
  const byLanguage = Object.fromEntries(Object.entries(files).map(([path, file]) => [/([^/]+)\/menu\.json$/.exec(path)![1]!, file.menu]));
  const en = byLanguage[SOURCE_LANGUAGE]!;
  return Object.fromEntries(Object.entries(byLanguage).map(([language, labels]) => [language, language === SOURCE_LANGUAGE ? en : { ...en, ...labels }]));
})();

export const en = MENU_LANGUAGES[SOURCE_LANGUAGE]!;

/** The labels for a locale such as "fr-CA" or "en_GB"; English when the language has no table. */
export function menuLabels(locale: string | null | undefined): MenuLabels {
  return MENU_LANGUAGES[matchLanguage([locale], Object.keys(MENU_LANGUAGES)) ?? SOURCE_LANGUAGE] ?? en;
}
