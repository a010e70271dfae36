// The bonus ledger's rows as clients see them, and the bonus an order would redeem first.
import { and, asc, eq, sql } from 'drizzle-orm';
import { bonuses } from '../db/schema.ts';
import { type Queryable } from '../db/client.ts';
import { fromMinor } from '../domain/money.ts';

export type BonusRow = typeof bonuses.$inferSelect;

/** The customer's oldest active bonus that has not expired: what an import's `redeemBonus: true` uses. */
export async function oldestActiveBonus(q: Queryable, customerId: string): Promise<BonusRow | null> {
  const [b] = await q
    .select()
    .from(bonuses)
    .where(and(eq(bonuses.customerId, customerId), eq(bonuses.status, 'active'), sql`${bonuses.expiresAt} > now()`))
    .orderBy(asc(bonuses.issuedAt), asc(bonuses.id))
    .limit(1);
  return b ?? null;
}

/** One bonus as the API shows it. */
export function bonusView(b: BonusRow) {
  return {
    id: b.id,
    customerId: b.customerId,
    caseId: b.caseId,
    compensationId: b.compensationId,
    amount: fromMinor(b.amount, b.currency),
    status: b.status as 'active' | 'redeemed' | 'expired',
    issuedAt: b.issuedAt.toISOString(),
    expiresAt: b.expiresAt.toISOString(),
    redeemedOrderId: b.redeemedOrderId,
    redeemed: b.redeemed === null ? null : fromMinor(b.redeemed, b.currency),
    redeemedAt: b.redeemedAt?.toISOString() ?? null,
    expiredAt: b.expiredAt?.toISOString() ?? null,
  };
}
