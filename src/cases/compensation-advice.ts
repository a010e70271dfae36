// What the agent sees before compensating (PLAYBOOK §3): the authority left
// by case and by month (P-3.3), the bonus the problem order earns (P-3.5),
// the catalog with replacement first for a defect (P-2.10), whether a
// valuable customer at risk deserves gift and bonus (P-3.7), whether the
// customer is a repeat claimant (P-3.8, shown, never a refusal), and what a
// discount would do to margin (P-3.6).
import { and, asc, eq, sql } from 'drizzle-orm';
import { catalogItems, customers, messages, orders } from '../db/schema.ts';
import { queryRows, type Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { approvalRoleFor, type Role } from '../domain/authority.ts';
import { fromMinor, toMinor, type Money } from '../domain/money.ts';
import { bonusFor, concernsDefect, discountImpact, doubleCompensation, isRepeatClaimant, orderForCase } from '../domain/economics.ts';
import { isUuid, loadSettings } from './case-store.ts';
import { authorityUsage, limitsFor } from './authority-usage.ts';
import { catalogView } from './catalog.ts';
import { cases } from '../db/schema.ts';

async function loadCase(q: Queryable, caseId: string) {
  const [row] = isUuid(caseId) ? await q.select().from(cases).where(eq(cases.id, caseId)) : [];
  if (!row) throw new AppError('CASE_NOT_FOUND', 'no such case');
  return row;
}

/** The case's own words: subject and first inbound message, to see whether it is about a defect. */
async function caseText(q: Queryable, caseId: string, subject: string | null): Promise<string> {
  const [first] = await q
    .select({ body: messages.body })
    .from(messages)
    .where(and(eq(messages.caseId, caseId), eq(messages.direction, 'inbound')))
    .orderBy(asc(messages.createdAt))
    .limit(1);
  return `${subject ?? ''}\n${first?.body ?? ''}`;
}

/** Compensations granted to the customer within the period (P-3.8). */
export async function claimsInPeriod(q: Queryable, customerId: string, days: number): Promise<{ count: number; total: number }> {
  const [r] = await queryRows<{ count: number | string; total: number | string }>(
    q,
    sql`select count(*)::int as count, coalesce(sum(value_minor), 0) as total from compensations
        where customer_id = ${customerId} and status = 'granted' and created_at >= now() - make_interval(days => ${days})`,
  );
  return { count: Number(r!.count), total: Number(r!.total) };
}

export async function compensationAdvice(q: Queryable, actor: { id: string; role: Role }, caseId: string) {
  const row = await loadCase(q, caseId);
  const s = await loadSettings(q);
  const { economics } = s;
  const [customer] = await q.select().from(customers).where(eq(customers.id, row.customerId));
  const currency = customer!.currency;
  const [order] = row.orderId ? await q.select().from(orders).where(eq(orders.id, row.orderId)) : [];
  const defect = concernsDefect(await caseText(q, row.id, row.subject));
  const items = await q.select().from(catalogItems).where(eq(catalogItems.active, true)).orderBy(asc(catalogItems.position), asc(catalogItems.id)).limit(200);
  const usage = await authorityUsage(q, actor.id, row.id);
  const claims = await claimsInPeriod(q, row.customerId, economics.abusePeriodDays);
  const detection = (row.detection ?? {}) as { signals?: { type: string }[] };
  const dbl = doubleCompensation({
    lifetimeValue: customer!.lifetimeValue,
    problemOrder: order?.total ?? null,
    tier: customer!.tier,
    highValueThreshold: s.highValueThreshold,
    highValueTiers: s.highValueTiers,
    signals: (detection.signals ?? []).map((x) => x.type),
    intensity: row.intensity ?? 0,
  });
  const bonus = order ? bonusFor(order.total, economics.bonusPercent) : null;
  const ordered = orderForCase(items, defect);
  const gift = ordered.find((i) => i.kind === 'gift' || i.kind === 'voucher') ?? null;
  const doubleTotal = dbl.suggested && bonus !== null && gift ? usage.caseTotal + gift.value + bonus : null;
  const limits = limitsFor(s, customer!.tier);
  const perCase = limits.perCase[actor.role];
  const perMonth = limits.perMonth[actor.role];
  const m = (v: number | null) => (v === null ? null : fromMinor(v, currency));
  return {
    problemOrder: order ? { id: order.id, ref: order.ref, total: fromMinor(order.total, currency) } : null,
    bonus: {
      suggested: m(bonus),
      percent: economics.bonusPercent,
      validMonths: economics.bonusValidMonths,
      basis: order ? ('problem_order' as const) : null,
    },
    defect,
    replacementFirst: defect,
    catalog: ordered.map(catalogView),
    double: {
      ...dbl,
      gift: gift ? catalogView(gift) : null,
      approvalRole: doubleTotal !== null && perCase !== null && doubleTotal > perCase ? approvalRoleFor(doubleTotal, limits.perCase) : null,
    },
    authority: {
      role: actor.role,
      customerFactor: limits.factor,
      perCase: { limit: m(perCase), used: fromMinor(usage.caseTotal, currency), remaining: perCase === null ? null : fromMinor(Math.max(0, perCase - usage.caseTotal), currency) },
      perMonth: { limit: m(perMonth), used: fromMinor(usage.monthTotal, currency), remaining: perMonth === null ? null : fromMinor(Math.max(0, perMonth - usage.monthTotal), currency) },
    },
    customer: {
      id: customer!.id,
      tier: customer!.tier,
      lifetimeValue: fromMinor(customer!.lifetimeValue, currency),
      orderCount: customer!.orderCount,
    },
    repeatClaimant: {
      flagged: isRepeatClaimant(claims.count, claims.total, economics),
      count: claims.count,
      total: fromMinor(claims.total, currency),
      periodDays: economics.abusePeriodDays,
    },
  };
}

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
