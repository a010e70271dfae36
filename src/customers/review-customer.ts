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
import { isUuid } from '../cases/case-store.ts';
import type { Actor } from '../context.ts';
import { claimsInPeriod } from '../compensation/compensation-advice.ts';
import { loadSettings } from '../settings/business-settings.ts';

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
export async function reviewCustomer(tx: Tx, actor: Actor, input: { customerId: string; decision: 'keep' | 'watch' | 'end_relationship'; reason: string }) {
  const { customerId } = input;
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
