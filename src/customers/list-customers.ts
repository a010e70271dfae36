// Customers by name or external reference, cursor paged by id: the staff
// customer list and the search box.
import { asc, ilike, or, sql } from 'drizzle-orm';
import { customers } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { fromMinor } from '../domain/money.ts';

/** One page of customers matching `q` (a substring of name or external reference). */
export async function listCustomers(q: Queryable, input: { q?: string; cursor?: string; limit: number }) {
  const { cursor, limit } = input;
  const pattern = input.q ? `%${input.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const rows = await q
    .select()
    .from(customers)
    .where(sql`${pattern ? or(ilike(customers.name, pattern), ilike(customers.externalRef, pattern)) : sql`true`} and ${cursor ? sql`${customers.id} > ${cursor}` : sql`true`}`)
    .orderBy(asc(customers.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map((c) => ({ id: c.id, name: c.name, tier: c.tier, status: c.status, lifetimeValue: fromMinor(c.lifetimeValue, c.currency), orderCount: c.orderCount })),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
  };
}
