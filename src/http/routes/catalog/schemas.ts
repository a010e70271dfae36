// The catalog of amends (P-3.2): an item as the API shows it and as an
// admin writes it.
import { z } from 'zod';
import { MoneySchema } from '../../schemas.ts';
import { COMPENSATION_KINDS } from '../../../domain/economics.ts';

/** An item of the catalog of amends as the API shows it. */
export const CatalogItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    cost: MoneySchema,
    value: MoneySchema,
    remedy: z.boolean(),
    active: z.boolean(),
    preset: z.string().nullable(),
    position: z.number(),
  })
  .meta({ id: 'CatalogItem' });

/** A catalog item as an admin writes it (PATCH takes any part of it). */
export const ItemBody = z.object({
  name: z.string().trim().min(1).max(300),
  kind: z.enum(COMPENSATION_KINDS),
  cost: MoneySchema,
  value: MoneySchema,
  remedy: z.boolean().optional().describe('replaces or re-makes the product: offered first for a defect (P-2.10)'),
  active: z.boolean().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});

/** The catalog presets by kind of business. */
export const PresetsSchema = z.object({
  presets: z.record(z.string(), z.array(z.object({ name: z.string(), kind: z.string(), cost: z.string(), value: z.string(), remedy: z.boolean().optional() }))),
});

/** Keyset paging: an opaque cursor and a page size. */
export const paging = (limit: number) => ({ cursor: z.string().max(300).optional(), limit: z.coerce.number().int().min(1).max(200).default(limit) });
