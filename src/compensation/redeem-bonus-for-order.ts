// Staff redeem a bonus against a later order named by id or by its
// reference (P-3.5); at most the order total comes off.
import { eq } from 'drizzle-orm';
import { orders } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { redeemBonus } from './redeem-bonus.ts';
import { type BonusRow } from './bonus-view.ts';
import type { Actor } from '../context.ts';

/** Finds the order (by id or reference) and redeems the bonus against it. */
export async function redeemBonusForOrder(tx: Tx, actor: Actor, input: { bonusId: string } & ({ orderId: string } | { orderRef: string })): Promise<BonusRow> {
  const { bonusId } = input;
  let orderId = 'orderId' in input ? input.orderId : '';
  if ('orderRef' in input) {
    const [o] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.ref, input.orderRef));
    if (!o) throw new AppError('ORDER_NOT_FOUND', `no order ${input.orderRef}`);
    orderId = o.id;
  }
  return redeemBonus(tx, actor, { bonusId, orderId });
}
