// Orders drive value figures (P-3.5 bonuses, P-3.7 recovery returns): staff or
// an integration record what a customer bought.
import { eq, sql } from 'drizzle-orm';
import { cases, customers, orders } from '../db/schema.ts';
import { type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { toMinor, type Money } from '../domain/money.ts';
import { isUuid } from '../cases/case-store.ts';

/** Records an order and keeps the customer's value figures current in the same transaction. */
export async function addOrder(tx: Tx, customerId: string, input: { ref: string; total: Money; placedAt: Date }): Promise<{ id: string }> {
  if (!isUuid(customerId)) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const [customer] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
  if (!customer) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  if (input.total.currency !== customer.currency) {
    throw new AppError('CURRENCY_MISMATCH', `this customer's orders are in ${customer.currency}`, { expected: customer.currency });
  }
  const total = toMinor(input.total);
  const id = newId();
  const [row] = await tx
    .insert(orders)
    .values({ id, customerId, ref: input.ref, total, currency: customer.currency, placedAt: input.placedAt })
    .onConflictDoNothing()
    .returning({ id: orders.id });
  if (!row) throw new AppError('DUPLICATE', `an order with reference ${input.ref} exists`, { ref: input.ref });
  await tx
    .update(customers)
    .set({ lifetimeValue: sql`${customers.lifetimeValue} + ${total}`, orderCount: sql`${customers.orderCount} + 1`, updatedAt: new Date() })
    .where(eq(customers.id, customerId));
  // A case that named this order before it was known gets linked now.
  await tx.update(cases).set({ orderId: id }).where(sql`${cases.customerId} = ${customerId} and ${cases.orderRef} = ${input.ref} and ${cases.orderId} is null`);
  return { id };
}
