// P-3.8: customers with unusually many or large compensations in a period are
// flagged for a manager's review with their history in view — never refused
// automatically. P-3.9: a manager may decide, with the numbers shown, to end
// the relationship; the decision, the reason and the figures are recorded.
import { eq, sql } from 'drizzle-orm';
import { customerReviews, customers } from '../db/schema.ts';
import { queryRows, type Queryable, type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { fromMinor } from '../domain/money.ts';
import { isUuid, loadSettings } from './case-store.ts';
import type { Actor } from './context.ts';
import { claimsInPeriod } from './compensation-advice.ts';

/** Flagged customers, keyset-paged by customer id: one grouped scan of granted compensations in the period (partial index). */
export async function repeatClaimants(q: Queryable, opts: { cursor?: string; limit: number }) {
  const { economics } = await loadSettings(q);
  if (opts.cursor && !isUuid(opts.cursor)) throw new AppError('INVALID_CURSOR', 'this cursor is not one we gave out');
  const rows = await queryRows<{ customer_id: string; count: number; total: number | string; name: string | null; currency: string; lifetime_value_minor: number | string; order_count: number; status: string }>(
    q,
    sql`select f.customer_id, f.count, f.total, cu.name, cu.currency, cu.lifetime_value_minor, cu.order_count, cu.status from (
          select customer_id, count(*)::int as count, sum(value_minor) as total from compensations
          where status = 'granted' and created_at >= now() - make_interval(days => ${economics.abusePeriodDays})
          group by customer_id
          having count(*) >= ${economics.abuseMaxCount} or sum(value_minor) >= ${economics.abuseMaxValue}) f
        join customers cu on cu.id = f.customer_id
        where ${opts.cursor ? sql`f.customer_id > ${opts.cursor}::uuid` : sql`true`}
        order by f.customer_id limit ${opts.limit + 1}`,
  );
  const page = rows.slice(0, opts.limit);
  const ids = page.map((r) => r.customer_id);
  // Per customer its 50 newest compensations and its last review: a window and distinct on, so one
  // customer with a long history cannot crowd the others out of a shared limit.
  const list = sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
  const history = ids.length
    ? await queryRows<{ id: string; case_id: string; customer_id: string; kind: string; value_minor: number | string; currency: string; status: string; description: string; created_at: Date | string }>(
        q,
        sql`select id, case_id, customer_id, kind, value_minor, currency, status, description, created_at from (
              select m.*, row_number() over (partition by m.customer_id order by m.created_at desc, m.id desc) as n
              from compensations m where m.customer_id in (${list})) h
            where n <= 50 order by created_at desc, id desc`,
      )
    : [];
  const reviews = ids.length
    ? await queryRows<{ customer_id: string; decision: string; reason: string; created_at: Date | string }>(
        q,
        sql`select distinct on (customer_id) customer_id, decision, reason, created_at from customer_reviews
            where customer_id in (${list}) order by customer_id, created_at desc`,
      )
    : [];
  return {
    periodDays: economics.abusePeriodDays,
    thresholds: { count: economics.abuseMaxCount, value: page[0] ? fromMinor(economics.abuseMaxValue, page[0].currency) : null },
    items: page.map((r) => ({
      customerId: r.customer_id,
      name: r.name,
      status: r.status,
      inPeriod: { count: r.count, total: fromMinor(Number(r.total), r.currency) },
      lifetimeValue: fromMinor(Number(r.lifetime_value_minor), r.currency),
      orderCount: r.order_count,
      history: history
        .filter((h) => h.customer_id === r.customer_id)
        .map((h) => ({ id: h.id, caseId: h.case_id, kind: h.kind, value: fromMinor(Number(h.value_minor), h.currency), status: h.status, description: h.description, createdAt: new Date(h.created_at).toISOString() })),
      lastReview: (() => {
        const v = reviews.find((x) => x.customer_id === r.customer_id);
        return v ? { decision: v.decision, reason: v.reason, createdAt: new Date(v.created_at).toISOString() } : null;
      })(),
    })),
    nextCursor: rows.length > opts.limit ? page.at(-1)!.customer_id : null,
  };
}

/** The figures a manager decides with: value brought, compensation and recovery cost, claims in the period. */
export async function customerFigures(q: Queryable, customerId: string) {
  const [c] = isUuid(customerId) ? await q.select().from(customers).where(eq(customers.id, customerId)) : [];
  if (!c) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const { economics } = await loadSettings(q);
  const [r] = await queryRows<{ granted: number | string; effort: number | string; cases: number }>(
    q,
    sql`select coalesce((select sum(value_minor) from compensations where customer_id = ${customerId} and status = 'granted'), 0) as granted,
        coalesce((select sum(r.amount_minor) from recovery_costs r join cases k on k.id = r.case_id where k.customer_id = ${customerId}), 0) as effort,
        (select count(*) from cases where customer_id = ${customerId})::int as cases`,
  );
  const claims = await claimsInPeriod(q, customerId, economics.abusePeriodDays);
  const m = (v: number | string) => fromMinor(Number(v), c.currency);
  const cost = Number(r!.granted) + Number(r!.effort);
  return {
    customer: c,
    figures: {
      lifetimeValue: m(c.lifetimeValue),
      orderCount: c.orderCount,
      cases: r!.cases,
      compensationGranted: m(r!.granted),
      recoveryEffort: m(r!.effort),
      costToServe: m(cost),
      balance: m(c.lifetimeValue - cost),
      inPeriod: { days: economics.abusePeriodDays, count: claims.count, total: m(claims.total) },
    },
  };
}

/** P-3.8/P-3.9: records a manager's decision; ending the relationship marks the customer ended with the reason. */
export async function reviewCustomer(
  tx: Tx,
  actor: Actor,
  customerId: string,
  input: { decision: 'keep' | 'watch' | 'end_relationship'; reason: string },
) {
  if (actor.type !== 'user') throw new AppError('FORBIDDEN', 'a manager records this decision');
  if (!input.reason.trim()) throw new AppError('REASON_REQUIRED', 'say why');
  const { customer, figures } = await customerFigures(tx, customerId);
  await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).for('update');
  const id = newId();
  const [row] = await tx.insert(customerReviews).values({ id, customerId, decision: input.decision, reason: input.reason.trim(), figures, decidedBy: actor.id }).returning();
  if (input.decision === 'end_relationship' && customer.status !== 'ended') {
    await tx.update(customers).set({ status: 'ended', departedAt: new Date(), departureReason: input.reason.trim(), updatedAt: new Date() }).where(eq(customers.id, customerId));
  }
  return { id, customerId, decision: row!.decision, reason: row!.reason, figures, decidedBy: actor.id, createdAt: row!.createdAt.toISOString() };
}
