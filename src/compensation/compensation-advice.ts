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
import { fromMinor } from '../domain/money.ts';
import { bonusFor, concernsDefect, doubleCompensation, isRepeatClaimant, orderForCase } from '../domain/economics.ts';
import { isUuid } from '../cases/case-store.ts';
import { authorityUsage, limitsFor } from './authority-usage.ts';
import { catalogView } from './catalog.ts';
import { cases } from '../db/schema.ts';
import { loadSettings } from '../settings/business-settings.ts';

export async function loadCase(q: Queryable, caseId: string) {
  const [row] = isUuid(caseId) ? await q.select().from(cases).where(eq(cases.id, caseId)) : [];
  if (!row) throw new AppError('CASE_NOT_FOUND', 'no such case');
  return row;
}

/** The case's own words: subject and first inbound message, to see whether it is about a defect. */
export async function caseText(q: Queryable, caseId: string, subject: string | null): Promise<string> {
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

