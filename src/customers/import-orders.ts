// Orders from a shop or ERP in one batch, all or nothing; `redeemBonus`
// redeems the customer's oldest active bonus against that order (P-3.5).
import { inArray } from 'drizzle-orm';
import { customers } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import type { Money } from '../domain/money.ts';
import { addOrder } from './add-order.ts';
import { bonusView, oldestActiveBonus } from '../compensation/bonus-view.ts';
import { redeemBonus } from '../compensation/redeem-bonus.ts';
import type { Actor } from '../context.ts';

/** One row of an order import: the customer by id or by external reference. */
export interface ImportedOrder {
  customerId?: string;
  customerRef?: string;
  ref: string;
  total: Money;
  placedAt: Date;
  redeemBonus?: boolean;
}

/** Adds every order or none: the first failing row aborts the batch, named by its number and reference. */
export async function importOrders(tx: Tx, actor: Actor, input: { orders: ImportedOrder[] }) {
  const redeemed: { ref: string; bonusId: string; redeemed: Money }[] = [];
  const refs = [...new Set(input.orders.flatMap((o) => (o.customerRef && !o.customerId ? [o.customerRef] : [])))];
  const byRef = new Map<string, string>();
  if (refs.length) {
    for (const c of await tx.select({ id: customers.id, ref: customers.externalRef }).from(customers).where(inArray(customers.externalRef, refs))) byRef.set(c.ref!, c.id);
  }
  for (const [row, o] of input.orders.entries()) {
    try {
      const customerId = o.customerId ?? (o.customerRef ? byRef.get(o.customerRef) : undefined);
      if (!customerId) throw new AppError('CUSTOMER_NOT_FOUND', 'name the customer by customerId or a known customerRef');
      const { id } = await addOrder(tx, customerId, o);
      if (o.redeemBonus) {
        const b = await oldestActiveBonus(tx, customerId);
        if (b) {
          const r = await redeemBonus(tx, actor, { bonusId: b.id, orderId: id });
          redeemed.push({ ref: o.ref, bonusId: r.id, redeemed: bonusView(r).redeemed! });
        }
      }
    } catch (err) {
      if (err instanceof AppError) throw new AppError(err.code, `order ${row + 1} (${o.ref}): ${err.message}`, { row, ref: o.ref, ...(err.details as object) });
      throw err;
    }
  }
  return { imported: input.orders.length, redeemed };
}
