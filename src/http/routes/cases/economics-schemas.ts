// Schemas of the money side of a case (PLAYBOOK §3): the advice before
// compensating, discount arithmetic, offers, recovery costs and return.
import { z } from 'zod';
import { MoneySchema, PercentSchema } from '../../schemas.ts';
import { RECOVERY_COST_KINDS } from '../../../compensation/record-recovery-cost.ts';
import { CatalogItemSchema } from '../catalog/schemas.ts';

const Limit = z.object({ limit: MoneySchema.nullable(), used: MoneySchema, remaining: MoneySchema.nullable() });
const RoleName = z.enum(['agent', 'supervisor', 'head', 'admin']);

/** What the agent sees before compensating (P-3.3, P-3.5, P-2.10, P-3.7, P-3.8). */
export const AdviceSchema = z
  .object({
    problemOrder: z.object({ id: z.string(), ref: z.string(), total: MoneySchema }).nullable(),
    bonus: z.object({ suggested: MoneySchema.nullable(), percent: z.number(), validMonths: z.number(), basis: z.literal('problem_order').nullable() }),
    defect: z.boolean(),
    replacementFirst: z.boolean(),
    catalog: z.array(CatalogItemSchema),
    double: z.object({
      gift: CatalogItemSchema.nullable(),
      approvalRole: RoleName.nullable(),
      suggested: z.boolean(),
      valuable: z.boolean(),
      atRisk: z.boolean(),
      reasons: z.array(z.string()),
    }),
    authority: z.object({ role: RoleName, customerFactor: z.number(), perCase: Limit, perMonth: Limit }),
    customer: z.object({ id: z.string(), tier: z.string(), lifetimeValue: MoneySchema, orderCount: z.number() }),
    repeatClaimant: z.object({ flagged: z.boolean(), count: z.number(), total: MoneySchema, periodDays: z.number() }),
  })
  .meta({ id: 'CompensationAdvice' });

/** The discount an agent is thinking of (P-3.6). */
export const DiscountBody = z.object({ discountPercent: PercentSchema, months: z.number().int().min(1).max(60), monthlyRevenue: MoneySchema.optional() });

/** What that discount does to margin, step by step, and what to give instead (P-3.6). */
export const ImpactSchema = z
  .object({
    monthlyRevenue: MoneySchema,
    monthlyRevenueFrom: z.enum(['given', 'order_history']),
    months: z.number(),
    discountPercent: z.number(),
    marginPercent: z.number(),
    taxPercent: z.number().nullable(),
    steps: z.array(z.object({ key: z.enum(['left', 'revenue', 'gross_margin', 'discount_cost', 'margin_after', 'tax']), amount: MoneySchema, formula: z.string() })),
    revenue: MoneySchema,
    grossMargin: MoneySchema,
    discountCost: MoneySchema,
    marginAfter: MoneySchema,
    left: MoneySchema,
    marginLostPercent: z.number(),
    alternatives: z.object({ bonusCost: MoneySchema.nullable() }),
    defect: z.boolean(),
    recommendation: z.enum(['replacement', 'bonus', 'discount']),
    reasons: z.array(z.object({ code: z.string(), message: z.string() })),
  })
  .meta({ id: 'DiscountImpact' });

/** Gift now or bonus later (P-3.4): the gift, the bonus and whether to grant both. */
export const OfferBody = z.object({
  giftDescription: z.string().trim().min(1).max(500).optional(),
  giftValue: MoneySchema.optional(),
  catalogItemId: z.string().max(100).optional(),
  bonusValue: MoneySchema.optional(),
  bonusValidMonths: z.number().int().min(1).max(6).optional(),
  double: z.boolean().optional(),
});

/** The offer as made: gift, bonus and the compensations a double offer granted. */
export const OfferOut = z.object({
  id: z.string(),
  gift: z.object({ description: z.string(), value: MoneySchema, cost: MoneySchema.nullable() }),
  bonus: z.object({ value: MoneySchema, basis: z.enum(['problem_order', 'given']), expiresAt: z.string() }),
  double: z.boolean(),
  compensationIds: z.array(z.string()),
});

/** A recovery cost beyond compensation (overtime, rework, delivery). */
export const CostBody = z.object({ kind: z.enum(RECOVERY_COST_KINDS), amount: MoneySchema, description: z.string().trim().max(2000).optional() });
/** A recovery cost as recorded. */
export const CostOut = z.object({ id: z.string(), kind: z.string(), amount: MoneySchema, description: z.string().nullable() });

/** The return on recovery of one case (P-3.7). */
export const ReturnOut = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  cost: z.object({ compensation: MoneySchema, effort: MoneySchema, total: MoneySchema }),
  ordersAfter: z.number(),
  revenueAfter: MoneySchema,
  bonusRedeemed: MoneySchema,
  net: MoneySchema,
  ratio: z.number().nullable(),
});
