// A customer's bonus ledger (P-3.5): issued, redeemed against an order,
// expired; newest first, keyset paged by (issuedAt, id).
import { and, desc, eq, sql } from 'drizzle-orm';
import { bonuses } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid } from '../cases/case-store.ts';
import { bonusView } from './bonus-view.ts';

/** One page of the customer's bonuses, optionally of one status. */
export async function listBonuses(q: Queryable, customerId: string, input: { status?: 'active' | 'redeemed' | 'expired'; cursor?: string; limit: number }) {
  if (!isUuid(customerId)) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  let after = sql`true`;
  if (input.cursor) {
    const m = /^([^|]+)\|([0-9a-f-]{36})$/i.exec(Buffer.from(input.cursor, 'base64url').toString());
    if (!m || Number.isNaN(Date.parse(m[1]!))) throw new AppError('INVALID_CURSOR', 'this cursor is not one we gave out');
    after = sql`(${bonuses.issuedAt}, ${bonuses.id}) < (${m[1]}::timestamptz, ${m[2]}::uuid)`;
  }
  const rows = await q
    .select()
    .from(bonuses)
    .where(and(eq(bonuses.customerId, customerId), input.status ? eq(bonuses.status, input.status) : undefined, after))
    .orderBy(desc(bonuses.issuedAt), desc(bonuses.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { items: page.map(bonusView), nextCursor: rows.length > input.limit && last ? Buffer.from(`${last.issuedAt.toISOString()}|${last.id}`).toString('base64url') : null };
}
