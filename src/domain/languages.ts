// The languages Amends speaks to customers and staff in (P-1.2: the customer's own
// language): declared once here and imported everywhere, the web app included.

export const LANGUAGES = ['en', 'ru', 'ro', 'lv', 'fi', 'de', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Narrows any value to a supported language code. */
export function isLanguage(s: unknown): s is Language {
  return typeof s === 'string' && (LANGUAGES as readonly string[]).includes(s);
}
