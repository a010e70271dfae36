// P-3.5: a bonus not redeemed by its expiry is expired in the ledger (its timer job).
import { and, eq, sql } from 'drizzle-orm';
import { bonuses } from '../db/schema.ts';
import { type Tx } from '../db/client.ts';
import { fromMinor } from '../domain/money.ts';
import { appendEvent, isUuid } from '../cases/case-store.ts';
import { SYSTEM } from '../context.ts';

/** Job: an active bonus past its expiry becomes expired (idempotent). */
export async function expireBonus(tx: Tx, bonusId: string): Promise<boolean> {
  if (!isUuid(bonusId)) return false;
  const [b] = await tx
    .update(bonuses)
    .set({ status: 'expired', expiredAt: sql`now()` })
    .where(and(eq(bonuses.id, bonusId), eq(bonuses.status, 'active'), sql`${bonuses.expiresAt} <= now()`))
    .returning();
  if (!b) return false;
  await appendEvent(tx, b.caseId, SYSTEM, 'bonus_expired', { bonusId: b.id, amount: fromMinor(b.amount, b.currency) });
  return true;
}
