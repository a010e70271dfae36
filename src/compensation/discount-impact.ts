// P-3.6: what a discount would do to margin, computed from the customer's own
// order history before anyone offers one.
import { eq, sql } from 'drizzle-orm';
import { customers } from '../db/schema.ts';
import { queryRows, type Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { fromMinor, toMinor, type Money } from '../domain/money.ts';
import { concernsDefect, discountImpact } from '../domain/economics.ts';
import { loadSettings } from '../settings/business-settings.ts';
import { loadCase, caseText } from './compensation-advice.ts';

/** Revenue per month from the last 12 months of orders, over the months the history covers (1–12). */
async function monthlyRevenueFromHistory(q: Queryable, customerId: string): Promise<number> {
  const [r] = await queryRows<{ total: number | string; first: string | Date | null }>(
    q,
    sql`select coalesce(sum(total_minor), 0) as total, min(placed_at) as first from orders
        where customer_id = ${customerId} and placed_at >= now() - interval '12 months' and placed_at <= now()`,
  );
  const total = Number(r!.total);
  if (!total || !r!.first) return 0;
  const days = (Date.now() - new Date(r!.first).getTime()) / 86_400_000;
  const months = Math.min(12, Math.max(1, Math.ceil(days / 30.44)));
  return Math.round(total / months);
}

export interface DiscountQuestion {
  discountPercent: number;
  months: number;
  monthlyRevenue?: Money;
}

/** P-3.6 for a case: the discount's arithmetic from the customer's history and the business's margin and tax. */
export async function discountImpactFor(q: Queryable, currency: string, caseId: string, input: DiscountQuestion) {
  const row = await loadCase(q, caseId);
  const { economics } = await loadSettings(q);
  const [customer] = await q.select().from(customers).where(eq(customers.id, row.customerId));
  if (input.monthlyRevenue && input.monthlyRevenue.currency !== currency) throw new AppError('CURRENCY_MISMATCH', `amounts are in the business currency ${currency}`, { expected: currency });
  const monthly = input.monthlyRevenue ? toMinor(input.monthlyRevenue) : await monthlyRevenueFromHistory(q, row.customerId);
  if (monthly <= 0) throw new AppError('NO_ORDER_HISTORY', 'the customer has no orders in the last 12 months; give monthlyRevenue');
  const defect = concernsDefect(await caseText(q, row.id, row.subject));
  const r = discountImpact({
    monthlyRevenue: monthly,
    months: input.months,
    discountPercent: input.discountPercent,
    marginPercent: economics.marginPercent,
    taxPercent: economics.taxPercent,
    averageOrder: customer!.orderCount ? Math.round(customer!.lifetimeValue / customer!.orderCount) : 0,
    bonusPercent: economics.bonusPercent,
    defect,
  }, (v) => fromMinor(v, currency).amount);
  const m = (v: number) => fromMinor(v, currency);
  return {
    monthlyRevenue: m(monthly),
    monthlyRevenueFrom: input.monthlyRevenue ? ('given' as const) : ('order_history' as const),
    months: input.months,
    discountPercent: input.discountPercent,
    marginPercent: economics.marginPercent,
    taxPercent: economics.taxPercent,
    steps: r.steps.map((st) => ({ key: st.key, amount: m(st.amount), formula: st.formula })),
    revenue: m(r.revenue),
    grossMargin: m(r.grossMargin),
    discountCost: m(r.discountCost),
    marginAfter: m(r.marginAfter),
    left: m(r.left),
    marginLostPercent: r.marginLostBp / 100,
    alternatives: { bonusCost: r.alternatives.bonusCost === null ? null : m(r.alternatives.bonusCost) },
    defect,
    recommendation: r.recommendation,
    reasons: r.reasons,
  };
}
