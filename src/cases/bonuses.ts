// The bonus ledger (P-3.5): a granted bonus is issued to the customer with an
// expiry (default 3 months, at most 6), redeemed against a later order, or
// expires; the customer is reminded before it does. Timers are durable jobs.
import { and, asc, eq, sql } from 'drizzle-orm';
import { bonuses, cases, orders } from '../db/schema.ts';
import { queryRows, type Queryable, type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { fromMinor } from '../domain/money.ts';
import { bonusExpiry } from '../domain/economics.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { renderBonusReminder } from '../domain/acknowledgement.ts';
import { enqueue } from '../jobs/queue.ts';
import { appendEvent, isUuid, loadSettings } from './case-store.ts';
import { SYSTEM, type Actor } from './context.ts';
import { mailCustomer } from './customer-mail.ts';

export type BonusRow = typeof bonuses.$inferSelect;

/** Issues a bonus for a granted bonus compensation, with its reminder and expiry timers. Safe to call twice. */
export async function issueBonus(
  tx: Tx,
  actor: Actor,
  comp: { id: string; caseId: string; customerId: string; kind: string; value: number; currency: string; status: string },
  expiresAt?: Date,
): Promise<void> {
  if (comp.kind !== 'bonus' || comp.status !== 'granted') return;
  const { economics } = await loadSettings(tx);
  const now = new Date();
  const expires = expiresAt ?? bonusExpiry(now, economics.bonusValidMonths);
  const id = newId();
  const [row] = await tx
    .insert(bonuses)
    .values({ id, customerId: comp.customerId, caseId: comp.caseId, compensationId: comp.id, amount: comp.value, currency: comp.currency, issuedAt: now, expiresAt: expires })
    .onConflictDoNothing()
    .returning({ id: bonuses.id });
  if (!row) return;
  await appendEvent(tx, comp.caseId, actor, 'bonus_issued', { bonusId: id, compensationId: comp.id, amount: fromMinor(comp.value, comp.currency), expiresAt: expires.toISOString() });
  const remindAt = new Date(expires.getTime() - economics.bonusReminderDays * 86_400_000);
  if (remindAt > now) await enqueue(tx, 'bonus.remind', { bonusId: id }, { runAt: remindAt, dedupeKey: `bonus.remind:${id}` });
  await enqueue(tx, 'bonus.expire', { bonusId: id }, { runAt: expires, dedupeKey: `bonus.expire:${id}` });
}

/** Redeems an active, unexpired bonus against an order of the same customer: at most the order's total comes off. */
export async function redeemBonus(tx: Tx, actor: Actor, bonusId: string, orderId: string): Promise<BonusRow> {
  if (!isUuid(bonusId)) throw new AppError('BONUS_NOT_FOUND', 'no such bonus');
  const [b] = await tx.select().from(bonuses).where(eq(bonuses.id, bonusId)).for('update');
  if (!b) throw new AppError('BONUS_NOT_FOUND', 'no such bonus');
  const [o] = isUuid(orderId) ? await tx.select().from(orders).where(eq(orders.id, orderId)) : [];
  if (!o) throw new AppError('ORDER_NOT_FOUND', 'no such order');
  if (o.customerId !== b.customerId) throw new AppError('ORDER_CUSTOMER_MISMATCH', 'the order belongs to another customer');
  const now = new Date();
  if (b.status !== 'active' || b.expiresAt <= now) {
    throw new AppError('BONUS_NOT_ACTIVE', `this bonus is ${b.status === 'active' ? 'expired' : b.status}`, { status: b.status, expiresAt: b.expiresAt.toISOString() });
  }
  if (o.placedAt > b.expiresAt) throw new AppError('BONUS_NOT_ACTIVE', 'the order was placed after the bonus expired', { expiresAt: b.expiresAt.toISOString() });
  if (o.placedAt < b.issuedAt) throw new AppError('VALIDATION_FAILED', 'a bonus applies to an order placed after it was issued (P-3.5)');
  const [used] = await tx.select({ id: bonuses.id }).from(bonuses).where(eq(bonuses.redeemedOrderId, o.id));
  if (used) throw new AppError('DUPLICATE', 'a bonus was already redeemed against this order', { bonusId: used.id });
  const redeemed = Math.min(b.amount, o.total);
  const [updated] = await tx
    .update(bonuses)
    .set({ status: 'redeemed', redeemedOrderId: o.id, redeemed, redeemedAt: now })
    .where(eq(bonuses.id, b.id))
    .returning();
  await appendEvent(tx, b.caseId, actor, 'bonus_redeemed', { bonusId: b.id, orderId: o.id, orderRef: o.ref, redeemed: fromMinor(redeemed, b.currency) });
  return updated!;
}

/** The customer's oldest active bonus that has not expired: what an import's `redeemBonus: true` uses. */
export async function oldestActiveBonus(q: Queryable, customerId: string): Promise<BonusRow | null> {
  const [b] = await q
    .select()
    .from(bonuses)
    .where(and(eq(bonuses.customerId, customerId), eq(bonuses.status, 'active'), sql`${bonuses.expiresAt} > now()`))
    .orderBy(asc(bonuses.issuedAt), asc(bonuses.id))
    .limit(1);
  return b ?? null;
}

/** Job: an active bonus past its expiry becomes expired (idempotent). */
export async function expireBonus(tx: Tx, bonusId: string): Promise<boolean> {
  if (!isUuid(bonusId)) return false;
  const [b] = await tx
    .update(bonuses)
    .set({ status: 'expired', expiredAt: sql`now()` })
    .where(and(eq(bonuses.id, bonusId), eq(bonuses.status, 'active'), sql`${bonuses.expiresAt} <= now()`))
    .returning();
  if (!b) return false;
  await appendEvent(tx, b.caseId, SYSTEM, 'bonus_expired', { bonusId: b.id, amount: fromMinor(b.amount, b.currency) });
  return true;
}

/** Job: remind the customer of an active bonus before it expires, once (the event is the guard). */
export async function remindBonus(tx: Tx, bonusId: string): Promise<boolean> {
  if (!isUuid(bonusId)) return false;
  const [b] = await tx.select().from(bonuses).where(and(eq(bonuses.id, bonusId), eq(bonuses.status, 'active'))).for('update');
  if (!b || b.expiresAt <= new Date()) return false;
  const [done] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from case_events where case_id = ${b.caseId} and type = 'bonus_reminder' and data->>'bonusId' = ${b.id}`);
  if (done && done.n > 0) return false;
  const [c] = await tx.select({ number: cases.number, language: cases.language }).from(cases).where(eq(cases.id, b.caseId));
  const money = fromMinor(b.amount, b.currency);
  const text = renderBonusReminder(c!.language, { caseNumber: formatCaseNumber(c!.number), amount: `${money.amount} ${money.currency}`, until: b.expiresAt.toISOString().slice(0, 10) });
  const { messageId } = await mailCustomer(tx, { caseId: b.caseId, customerId: b.customerId, kind: 'bonus_reminder', language: c!.language, ...text, withoutEmail: 'remind them by phone' });
  await appendEvent(tx, b.caseId, SYSTEM, 'bonus_reminder', { bonusId: b.id, messageId, expiresAt: b.expiresAt.toISOString() });
  return true;
}

/** One bonus as the API shows it. */
export function bonusView(b: BonusRow) {
  return {
    id: b.id,
    customerId: b.customerId,
    caseId: b.caseId,
    compensationId: b.compensationId,
    amount: fromMinor(b.amount, b.currency),
    status: b.status as 'active' | 'redeemed' | 'expired',
    issuedAt: b.issuedAt.toISOString(),
    expiresAt: b.expiresAt.toISOString(),
    redeemedOrderId: b.redeemedOrderId,
    redeemed: b.redeemed === null ? null : fromMinor(b.redeemed, b.currency),
    redeemedAt: b.redeemedAt?.toISOString() ?? null,
    expiredAt: b.expiredAt?.toISOString() ?? null,
  };
}
