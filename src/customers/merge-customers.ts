// One customer, one record (P-1.1): two records found to be the same person
// are merged. Everything of the duplicate moves to the kept record in one
// transaction (contacts, orders, cases, compensations and their bonuses, calls,
// reviews, survey answers, managers' reviews, keep-in-touch mail), value
// figures add up, every moved case gets a `customer_merged` event, and the
// duplicate stays as a `merged` row pointing at the kept one.
import { and, eq, sql } from 'drizzle-orm';
import { bonuses, callEvents, compensations, customerContacts, customerReviews, customers, customerTouches, orders, reviews, surveyResponses } from '../db/schema.ts';
import { queryRows, type Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { actorId, type Actor } from '../context.ts';
import { isUuid } from '../cases/case-store.ts';

export interface MergeResult {
  intoId: string;
  fromId: string;
  moved: {
    contacts: number;
    orders: number;
    cases: number;
    compensations: number;
    calls: number;
    reviews: number;
    surveys: number;
    bonuses: number;
    customerReviews: number;
    touches: number;
  };
}

export async function mergeCustomers(tx: Tx, actor: Actor, input: { intoId: string; fromId: string }): Promise<MergeResult> {
  const { intoId, fromId } = input;
  if (!isUuid(intoId) || !isUuid(fromId)) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  if (intoId === fromId) throw new AppError('VALIDATION_FAILED', 'a customer cannot be merged into itself', [{ path: '/fromId', message: 'same as the kept customer' }]);
  // Lock both in id order so two merges of the same pair cannot deadlock.
  const rows = await tx.select().from(customers).where(sql`${customers.id} in (${intoId}, ${fromId})`).orderBy(customers.id).for('update');
  const into = rows.find((r) => r.id === intoId);
  const from = rows.find((r) => r.id === fromId);
  if (!into || !from) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer', { missing: !into ? intoId : fromId });
  if (into.status === 'merged' || from.status === 'merged') throw new AppError('CUSTOMER_MERGED', 'one of these customers was merged already', { mergedIntoId: into.mergedIntoId ?? from.mergedIntoId });
  if (into.currency !== from.currency) throw new AppError('CURRENCY_MISMATCH', 'the two customers keep their value in different currencies');

  const count = async (q: Promise<unknown[]>) => (await q).length;
  // The duplicate's external reference moves only if the kept record has none (the column is unique).
  if (!into.externalRef && from.externalRef) await tx.update(customers).set({ externalRef: null }).where(eq(customers.id, fromId));
  const moved = {
    contacts: await count(tx.update(customerContacts).set({ customerId: intoId }).where(eq(customerContacts.customerId, fromId)).returning({ id: customerContacts.id })),
    orders: await count(tx.update(orders).set({ customerId: intoId }).where(eq(orders.customerId, fromId)).returning({ id: orders.id })),
    cases: 0,
    compensations: await count(tx.update(compensations).set({ customerId: intoId }).where(eq(compensations.customerId, fromId)).returning({ id: compensations.id })),
    calls: await count(tx.update(callEvents).set({ customerId: intoId }).where(eq(callEvents.customerId, fromId)).returning({ id: callEvents.id })),
    reviews: await count(tx.update(reviews).set({ customerId: intoId }).where(eq(reviews.customerId, fromId)).returning({ id: reviews.id })),
    surveys: await count(tx.update(surveyResponses).set({ customerId: intoId }).where(eq(surveyResponses.customerId, fromId)).returning({ id: surveyResponses.id })),
    // A bonus follows its compensation (and can then be redeemed against the kept record's orders).
    bonuses: await count(tx.update(bonuses).set({ customerId: intoId }).where(eq(bonuses.customerId, fromId)).returning({ id: bonuses.id })),
    customerReviews: await count(tx.update(customerReviews).set({ customerId: intoId }).where(eq(customerReviews.customerId, fromId)).returning({ id: customerReviews.id })),
    // One touch per customer and key: one the kept record already had stays with the duplicate, as history.
    touches: await count(
      tx
        .update(customerTouches)
        .set({ customerId: intoId })
        .where(and(eq(customerTouches.customerId, fromId), sql`not exists (select 1 from customer_touches k where k.customer_id = ${intoId} and k.touch_key = ${customerTouches.touchKey})`))
        .returning({ id: customerTouches.id }),
    ),
  };
  // Cases move and each records the merge on its timeline, in one statement.
  const movedCases = await queryRows<{ id: string }>(
    tx,
    sql`with moved as (update cases set customer_id = ${intoId}, updated_at = now() where customer_id = ${fromId} returning id),
      ev as (insert into case_events (case_id, type, actor_type, actor_id, data)
        select id, 'customer_merged', ${actor.type}, ${actorId(actor)}::uuid, ${JSON.stringify({ fromCustomerId: fromId, intoCustomerId: intoId })}::jsonb from moved)
      select id from moved`,
  );
  moved.cases = movedCases.length;
  await tx
    .update(customers)
    .set({
      name: sql`coalesce(${customers.name}, ${from.name}::text)`,
      language: sql`coalesce(${customers.language}, ${from.language}::text)`,
      externalRef: into.externalRef ?? from.externalRef,
      lifetimeValue: sql`${customers.lifetimeValue} + ${from.lifetimeValue}::bigint`,
      orderCount: sql`${customers.orderCount} + ${from.orderCount}::int`,
      notes: sql`nullif(concat_ws(E'\\n', ${customers.notes}, ${from.notes}::text), '')`,
      updatedAt: new Date(),
    })
    .where(eq(customers.id, intoId));
  await tx.update(customers).set({ status: 'merged', mergedIntoId: intoId, updatedAt: new Date() }).where(eq(customers.id, fromId));
  return { intoId, fromId, moved };
}
