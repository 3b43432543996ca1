import i18next from 'i18next';

/**
 * A list in the interface's language: "a, b and c", "a, b et c", "a وb وc" (Intl.ListFormat). An `enumeration`
 * (object numbers, codes, often cut short) has no final "and", only the language's comma: "A1, B2", "A1، B2".
 */
export function formatList(items: readonly string[], type: 'conjunction' | 'enumeration' = 'conjunction', language = i18next.resolvedLanguage ?? 'en'): string {
  if (type === 'enumeration') return items.join(i18next.dir(language) === 'rtl' ? '، ' : ', ');
  return new Intl.ListFormat(language, { type: 'conjunction' }).format(items);
}
