// The bonus as the API shows it (P-3.5): issued by a granted bonus
// compensation, redeemed against a later order, or expired.
import { z } from 'zod';
import { MoneySchema } from '../../schemas.ts';

/** A bonus in the ledger, as the customer page shows it. */
export const BonusSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    caseId: z.string(),
    compensationId: z.string(),
    amount: MoneySchema,
    status: z.enum(['active', 'redeemed', 'expired']),
    issuedAt: z.string(),
    expiresAt: z.string(),
    redeemedOrderId: z.string().nullable(),
    redeemed: MoneySchema.nullable(),
    redeemedAt: z.string().nullable(),
    expiredAt: z.string().nullable(),
  })
  .meta({ id: 'Bonus' });

/** The order a bonus is redeemed against: by id or by its reference. */
export const RedeemBody = z.union([z.object({ orderId: z.string().max(100) }), z.object({ orderRef: z.string().trim().min(1).max(200) })]);
