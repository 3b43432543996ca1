import { useTranslation } from 'react-i18next';
import { formatList } from './lists';

export { formatList };

type Formatters = ReturnType<typeof makeFormatters>;
/** Made once per locale: an Intl formatter is slow to make, and pages draw many numbers and dates on every change. */
const byLocale = new Map<string, Formatters>();

function makeFormatters(locale: string) {
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const number = new Intl.NumberFormat(locale);
  return {
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
    date: (iso: string) => date.format(new Date(iso)),
    number: (n: number) => number.format(n),
    list: (items: readonly string[], type: 'conjunction' | 'enumeration' = 'conjunction') => formatList(items, type, locale),
  };
}

/** Localized date and time for timestamps from the API (ISO 8601, UTC). */
export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  // Dates follow the reader's regional habits (en-GB, fr-CA, ...) when they speak the interface language.
  const locale = navigator.languages.find((tag) => tag.split('-')[0] === language) ?? language;
  let formatters = byLocale.get(locale);
  if (!formatters) byLocale.set(locale, (formatters = makeFormatters(locale)));
  return formatters;
}
