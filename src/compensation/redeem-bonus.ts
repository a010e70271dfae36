// P-3.5: a bonus redeemed against a later order of the same customer, once.
import { eq } from 'drizzle-orm';
import { bonuses, orders } from '../db/schema.ts';
import { type Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { fromMinor } from '../domain/money.ts';
import { appendEvent, isUuid } from '../cases/case-store.ts';
import { type Actor } from '../context.ts';
import type { BonusRow } from './bonus-view.ts';

/** Redeems an active, unexpired bonus against an order of the same customer: at most the order's total comes off. */
export async function redeemBonus(tx: Tx, actor: Actor, input: { bonusId: string; orderId: string }): Promise<BonusRow> {
  const { bonusId, orderId } = input;
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
