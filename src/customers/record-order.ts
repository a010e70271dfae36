// One order for a customer, optionally redeeming a bonus against it (P-3.5):
// orders drive lifetime value, bonuses and the return on recovery.
import type { Tx } from '../db/client.ts';
import type { Money } from '../domain/money.ts';
import { addOrder } from './add-order.ts';
import { oldestActiveBonus, type BonusRow } from '../compensation/bonus-view.ts';
import { redeemBonus } from '../compensation/redeem-bonus.ts';
import type { Actor } from '../context.ts';

/** An order as staff record it, with the bonus to redeem against it, if any. */
export interface RecordOrderInput {
  ref: string;
  total: Money;
  placedAt: Date;
  /** Redeem this bonus against the order. */
  bonusId?: string;
  /** Redeem the customer's oldest active bonus against the order. */
  redeemBonus?: boolean;
}

/** Adds the order, then redeems the named (or oldest active) bonus against it. */
export async function recordOrder(tx: Tx, actor: Actor, input: { customerId: string } & RecordOrderInput): Promise<{ id: string; bonus: BonusRow | null }> {
  const { customerId } = input;
  const { id } = await addOrder(tx, customerId, input);
  const bonusId = input.bonusId ?? (input.redeemBonus ? (await oldestActiveBonus(tx, customerId))?.id : undefined);
  const bonus = bonusId ? await redeemBonus(tx, actor, { bonusId, orderId: id }) : null;
  return { id, bonus };
}
