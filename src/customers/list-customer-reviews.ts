// What a manager decides a flagged customer's relationship with (P-3.8,
// P-3.9): the figures as they stand and the earlier decisions, newest first.
import { desc, eq } from 'drizzle-orm';
import { customerReviews } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { customerFigures } from './review-customer.ts';

/** The customer's figures now and the last 100 decisions about them. */
export async function listCustomerReviews(q: Queryable, customerId: string) {
  const { figures } = await customerFigures(q, customerId);
  const rows = await q.select().from(customerReviews).where(eq(customerReviews.customerId, customerId)).orderBy(desc(customerReviews.createdAt)).limit(100);
  return {
    figures,
    items: rows.map((r) => ({ id: r.id, customerId: r.customerId, decision: r.decision, reason: r.reason, figures: r.figures, decidedBy: r.decidedBy, createdAt: r.createdAt.toISOString() })),
  };
}
