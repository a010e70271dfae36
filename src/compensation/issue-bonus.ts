// The bonus ledger (P-3.5): a granted bonus is issued to the customer with an
// expiry (default 3 months, at most 6) and two durable timers: a reminder before
// it expires and the expiry itself.
import { bonuses } from '../db/schema.ts';
import { type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { fromMinor } from '../domain/money.ts';
import { bonusExpiry } from '../domain/economics.ts';
import { enqueue } from '../db/jobs.ts';
import { appendEvent } from '../cases/case-store.ts';
import { type Actor } from '../context.ts';
import { loadSettings } from '../settings/business-settings.ts';

/** Issues a bonus for a granted bonus compensation, with its reminder and expiry timers. Safe to call twice. */
export async function issueBonus(
  tx: Tx,
  actor: Actor,
  comp: { id: string; caseId: string; customerId: string; kind: string; value: number; currency: string; status: string },
  expiresAt?: Date,
): Promise<void> {
  if (comp.kind !== 'bonus' || comp.status !== 'granted') return;
  const { economics } = await loadSettings(tx);
  const now = new Date();
  const expires = expiresAt ?? bonusExpiry(now, economics.bonusValidMonths);
  const id = newId();
  const [row] = await tx
    .insert(bonuses)
    .values({ id, customerId: comp.customerId, caseId: comp.caseId, compensationId: comp.id, amount: comp.value, currency: comp.currency, issuedAt: now, expiresAt: expires })
    .onConflictDoNothing()
    .returning({ id: bonuses.id });
  if (!row) return;
  await appendEvent(tx, comp.caseId, actor, 'bonus_issued', { bonusId: id, compensationId: comp.id, amount: fromMinor(comp.value, comp.currency), expiresAt: expires.toISOString() });
  const remindAt = new Date(expires.getTime() - economics.bonusReminderDays * 86_400_000);
  if (remindAt > now) await enqueue(tx, 'bonus.remind', { bonusId: id }, { runAt: remindAt, dedupeKey: `bonus.remind:${id}` });
  await enqueue(tx, 'bonus.expire', { bonusId: id }, { runAt: expires, dedupeKey: `bonus.expire:${id}` });
}

