// The economics reports' contract (P-3.4, P-3.7, P-3.8).
import { z } from 'zod';
import { IsoDate, MoneySchema } from '../../schemas.ts';
import { ReturnOut } from '../cases/economics-schemas.ts';

/** A report period [from, to); open ends mean from the beginning and up to a year ahead. */
export const Period = z.object({ from: IsoDate.optional(), to: IsoDate.optional() });

/** The return on recovery per case in a period, with its totals (P-3.7). */
export const RecoveryReportSchema = z
  .object({
    windowMonths: z.number(),
    totals: z.object({ cases: z.number(), cost: MoneySchema, revenueAfter: MoneySchema, bonusRedeemed: MoneySchema, net: MoneySchema, ratio: z.number().nullable() }),
    items: z.array(ReturnOut),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'RecoveryReport' });

const Choice = z.object({ count: z.number(), cameBack: z.number() });
/** Gift or bonus as a loyalty signal, and the bonus ledger in a period (P-3.4). */
export const OfferChoicesSchema = z
  .object({
    choices: z.object({ gift: Choice, bonus: Choice, both: Choice }),
    bonusShare: z.number().nullable(),
    bonuses: z.object({ issued: MoneySchema, redeemed: MoneySchema, expired: MoneySchema, active: MoneySchema, takenOffOrders: MoneySchema }),
  })
  .meta({ id: 'OfferChoices' });

/** Customers flagged for a manager’s review, with their history (P-3.8). */
export const RepeatClaimantsSchema = z
  .object({
    periodDays: z.number(),
    thresholds: z.object({ count: z.number(), value: MoneySchema.nullable() }),
    items: z.array(
      z.object({
        customerId: z.string(),
        name: z.string().nullable(),
        status: z.string(),
        inPeriod: z.object({ count: z.number(), total: MoneySchema }),
        lifetimeValue: MoneySchema,
        orderCount: z.number(),
        history: z.array(
          z.object({ id: z.string(), caseId: z.string(), kind: z.string(), value: MoneySchema, status: z.string(), description: z.string(), createdAt: z.string() }),
        ),
        lastReview: z.object({ decision: z.string(), reason: z.string(), createdAt: z.string() }).nullable(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'RepeatClaimants' });
