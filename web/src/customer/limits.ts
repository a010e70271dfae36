// What a customer may write, and how long: the server's limits shown as
// counters beside the fields, and its refusal put in the customer's language
// (the server answers in English for integrators; the field and the limit
// are enough to say it in any language).
import i18next, { type TFunction } from 'i18next';
import { ApiError } from '../api.ts';

/** The longest text each customer field accepts (the same numbers as the server's schemas). */
export const LIMITS = { name: 200, email: 320, phone: 40, subject: 500, body: 20_000, orderRef: 200, message: 20_000, correction: 10_000, comment: 5000 } as const;
export type LimitedField = keyof typeof LIMITS;

/** The first field over its limit, to refuse before sending. */
export function overLimit<F extends LimitedField>(values: Partial<Record<F, string>>): F | null {
  for (const [k, v] of Object.entries(values) as [F, string | undefined][]) if (v !== undefined && v.trim().length > LIMITS[k]) return k;
  return null;
}

/** The message for a field that is too long, in the reader's language, stating the limit. */
export function tooLongMessage(t: TFunction, field: LimitedField, length: number): string {
  return t('desk.limits.tooLong', { field: t(`desk.limits.field.${field}`), max: LIMITS[field].toLocaleString(i18next.language), length: length.toLocaleString(i18next.language) });
}

/**
 * The server's refusal in the reader's language: a field over its limit or not valid is named with
 * its limit; anything else keeps the server's words after a translated lead.
 */
export function customerError(t: TFunction, err: unknown, values: Partial<Record<LimitedField, string>>): string {
  if (!(err instanceof ApiError)) return t('desk.limits.network');
  if (err.status === 413) return t('desk.limits.tooLarge');
  if (err.status === 429) return t('desk.limits.tooMany');
  if (err.code === 'VALIDATION_FAILED' && Array.isArray(err.details)) {
    for (const d of err.details as { path?: string }[]) {
      const field = (d.path ?? '').split('/').pop() as LimitedField | undefined;
      if (field && field in LIMITS) {
        const v = values[field] ?? '';
        return v.trim().length > LIMITS[field] ? tooLongMessage(t, field, v.trim().length) : t('desk.limits.invalid', { field: t(`desk.limits.field.${field}`) });
      }
    }
  }
  return `${t('desk.limits.refused')} (${err.message})`;
}
