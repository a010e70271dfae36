// The keep-in-touch history of one customer (greetings, check-ins, news), newest first.
import { desc, eq } from 'drizzle-orm';
import { customerTouches } from '../db/schema.ts';
import { type Queryable } from '../db/client.ts';

/** The keep-in-touch record of one customer, newest first. */
export async function listTouches(q: Queryable, customerId: string, limit = 50) {
  const rows = await q
    .select()
    .from(customerTouches)
    .where(eq(customerTouches.customerId, customerId))
    .orderBy(desc(customerTouches.createdAt))
    .limit(limit);
  return rows.map((t) => ({
    id: t.id,
    kind: t.kind,
    key: t.touchKey,
    subject: t.subject,
    deliveryStatus: t.deliveryStatus,
    deliveryNote: t.deliveryNote,
    createdAt: t.createdAt.toISOString(),
    sentAt: t.sentAt?.toISOString() ?? null,
  }));
}
