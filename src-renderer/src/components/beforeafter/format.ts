import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** The locale for Intl: the interface language, in the reader's regional habits when they speak it (en-GB, fr-CA, ...). */
export function useLocale(): string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return navigator.languages.find((tag) => tag.split('-')[0] === language) ?? language;
}

/** Numbers, percentages, signed changes and dates, formatted with Intl in the current language. */
export function useBaFormat() {
  const locale = useLocale();
  const { t } = useTranslation();
  return useMemo(() => {
    const number = new Intl.NumberFormat(locale);
    const signed = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero', maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const dateTimeSeconds = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
    const longDate = new Intl.DateTimeFormat(locale, { dateStyle: 'long' });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
    return {
      locale,
      number: (n: number) => number.format(n),
      /** A change: +3, −2, 0. */
      signed: (n: number) => signed.format(n),
      /** A value given as a percentage (0–100). */
      percent: (value: number) => percent.format(value / 100),
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      dateTimeSeconds: (iso: string) => dateTimeSeconds.format(new Date(iso)),
      date: (iso: string) => date.format(new Date(iso)),
      longDate: (iso: string) => longDate.format(new Date(iso)),
      time: (iso: string | number) => time.format(new Date(iso)),
      /** How long from one time to another, in the largest whole unit: "2 days", "3 hours", "5 minutes" ("less than a minute"). */
      duration: (fromIso: string, toIso: string) => {
        const ms = Math.abs(new Date(toIso).getTime() - new Date(fromIso).getTime());
        if (ms < 60_000) return t('milestones.lessThanAMinute');
        const [value, unit] = ms >= 86_400_000 ? [ms / 86_400_000, 'day'] : ms >= 3_600_000 ? [ms / 3_600_000, 'hour'] : [ms / 60_000, 'minute'];
        return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 0 }).format(Math.round(value));
      },
    };
  }, [locale, t]);
}

export type BaFormat = ReturnType<typeof useBaFormat>;

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO time as the value of a datetime-local input (local time, to the second). */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A datetime-local value (local time) as an ISO time in UTC; null when it is not a valid time. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
