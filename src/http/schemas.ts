// Zod schemas shared by routes: the contract the OpenAPI document and the
// web client are generated from (STYLE 3).
import { z } from 'zod';
import { PRIORITIES } from '../domain/case-lifecycle.ts';
import { LANGUAGES } from '../domain/languages.ts';

export const MoneySchema = z
  .object({
    amount: z.string().regex(/^-?\d{1,13}(\.\d{1,3})?$/, 'a decimal string such as "12.50"'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as "EUR"'),
  })
  .meta({ id: 'Money' });

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .meta({ id: 'Error' });

export const IdParams = z.object({ id: z.string().min(1).max(100) });
export const LanguageSchema = z.enum(LANGUAGES);
export const PrioritySchema = z.enum(PRIORITIES);
export const IsoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** Query lists like "status=new,acknowledged" or repeated keys. */
export const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => {
    const list = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : [v];
    return list.map((s) => String(s).trim()).filter(Boolean);
  }, z.array(item));

export const OkSchema = z.object({ ok: z.literal(true) });

/** Error answers documented on every route. */
export const errorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  422: ErrorSchema,
  429: ErrorSchema,
};

/** A percentage 0–100 with at most two decimals (economics turns it into basis points). */
export const PercentSchema = z
  .number()
  .min(0)
  .max(100)
  .refine((x) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6, 'at most two decimals');
