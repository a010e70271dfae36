// Dates and money in the reader's locale (Intl), never hand-formatted.
import type { Money } from './api.ts';

/** Money such as "€1,234.50" / "1 234,50 €" per locale. */
export function formatMoney(m: Money | null | undefined, locale: string): string {
  if (!m) return '—';
  return new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency }).format(Number(m.amount));
}

/** A date and time per locale. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** "3 hours ago" per locale: how long a case has waited. */
export function formatAge(iso: string, locale: string, now = Date.now()): string {
  const mins = Math.round((new Date(iso).getTime() - now) / 60_000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(mins) < 60) return rtf.format(mins, 'minute');
  const hours = Math.round(mins / 60);
  if (Math.abs(hours) < 48) return rtf.format(hours, 'hour');
  return rtf.format(Math.round(hours / 24), 'day');
}
