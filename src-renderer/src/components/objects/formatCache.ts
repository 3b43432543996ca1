import { useTranslation } from 'react-i18next';

const cache = new Map<string, Intl.DateTimeFormat>();

/**
 * The date-and-time format for the reader's language and region, made once per locale:
 * building an Intl formatter costs far more than using one, and a table formats a date per row on every scroll.
 */
export function useDateTimeFormat(): Intl.DateTimeFormat {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const locale = navigator.languages.find((tag) => tag.split('-')[0] === language) ?? language;
  let format = cache.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    cache.set(locale, format);
  }
  return format;
}
