import i18next from 'i18next';
import { useTranslation } from 'react-i18next';

/**
 * A list in the interface's language: "a, b and c", "a, b et c", "a وb وc" (Intl.ListFormat). An `enumeration`
 * (object numbers, codes, often cut short) has no final "and", only the language's comma: "A1, B2", "A1، B2".
 */
export function formatList(items: readonly string[], type: 'conjunction' | 'enumeration' = 'conjunction', language = i18next.resolvedLanguage ?? 'en'): string {
  if (type === 'enumeration') return items.join(i18next.dir(language) === 'rtl' ? '، ' : ', ');
  return new Intl.ListFormat(language, { type: 'conjunction' }).format(items);
}

/** Localized date and time for timestamps from the API (ISO 8601, UTC). */
export function useFormatters() {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  // Dates follow the reader's regional habits (en-GB, fr-CA, ...) when they speak the interface language.
  const locale = navigator.languages.find((tag) => tag.split('-')[0] === language) ?? language;
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
