import { LANGUAGE_PROCEDURE, matchLanguage, RENDERER_NAMESPACES, SOURCE_LANGUAGE } from '@contract';
import i18n, { type BackendModule, type FormatterModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { languageMetas, textLoaders } from './files';

/** The languages Storeroom speaks, each named in itself, in the order of those names (Català, Deutsch, English, ...). */
export const LANGUAGES: readonly string[] = Object.keys(languageMetas).sort((a, b) => languageMetas[a]!.name.localeCompare(languageMetas[b]!.name, 'en'));
export type Language = string;

export const languageName = (language: string): string => languageMetas[language]?.name ?? language;
export const directionOf = (language: string | undefined): 'ltr' | 'rtl' => languageMetas[language ?? '']?.dir ?? 'ltr';

const KEY = 'storeroom.language';

/** This device's choice when it made one; otherwise the first of the system's or browser's languages Storeroom speaks. */
function initialLanguage(): string {
  try {
    const stored = localStorage.getItem(KEY);
    if (stored && LANGUAGES.includes(stored)) return stored;
  } catch {
    // No storage: fall through to the browser's languages.
  }
  return matchLanguage([...(navigator.languages ?? []), navigator.language], LANGUAGES) ?? SOURCE_LANGUAGE;
}

/** Switches the interface to a language and remembers it on this device (each workshop device keeps its own). */
export function setLanguage(language: string): void {
  try {
    localStorage.setItem(KEY, language);
  } catch {
    // The choice then lasts for this page only.
  }
  void i18n.changeLanguage(language);
}

/** Loads a language's namespaces when it is first needed: only the language in use is ever fetched (and English, behind it). */
const lazyLocales: BackendModule = {
  type: 'backend',
  init: () => {},
  read(language, namespace, callback) {
    const load = textLoaders[`${language}/${namespace}`];
    if (!load) return callback(new Error(`No ${namespace} texts for ${language}`), false);
    load().then(
      (texts) => callback(null, texts),
      (error: Error) => callback(error, null),
    );
  },
};

const showLanguage = (language: string) => {
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
  // In the desktop app, its menus and dialogs follow (in a browser there are none).
  void window.storeroom?.invoke(LANGUAGE_PROCEDURE, { language }, {}).catch(() => undefined);
};
i18n.on('languageChanged', showLanguage);

const first = initialLanguage();
showLanguage(first);

/**
 * In a right-to-left language every value set into a text (a code, an object number, a name, a count) is isolated
 * (FSI … PDI) so that it keeps its own direction: "R1-S2 ← R1-S3" reads right to left, each code left to right.
 * Storeroom's texts use no i18next formats ({{x, number}}): numbers, dates and lists go through Intl beforehand.
 */
const isolateValues: FormatterModule = {
  type: 'formatter',
  init: () => undefined,
  add: () => undefined,
  addCached: () => undefined,
  // A value not given stays undefined, for i18next to report: hence the cast from FormatFunction's string.
  format: ((value: unknown, _format: string | undefined, lng: string | undefined) =>
    lng && directionOf(lng) === 'rtl' && (typeof value === 'string' || typeof value === 'number') ? `\u2068${String(value)}\u2069` : value) as FormatterModule['format'],
};

/** Settles once the first language is loaded: the app renders after it. */
export const i18nReady = i18n
  .use(lazyLocales)
  .use(isolateValues)
  .use(initReactI18next)
  .init({
    lng: first,
    // English stands in for a text a language does not have yet (tests keep every language complete).
    fallbackLng: SOURCE_LANGUAGE,
    supportedLngs: LANGUAGES,
    load: 'languageOnly',
    ns: [...RENDERER_NAMESPACES],
    defaultNS: 'common',
    // Keys name their group, never their namespace: `objectsUi.fields.number` is found in objects.json.
    fallbackNS: RENDERER_NAMESPACES.filter((ns) => ns !== 'common'),
    interpolation: { escapeValue: false, alwaysFormat: true },
    returnNull: false,
    react: { useSuspense: false },
  });

export default i18n;
