// P-3.5: the customer is reminded before their bonus expires (its timer job).
import { and, eq, sql } from 'drizzle-orm';
import { bonuses, cases } from '../db/schema.ts';
import { queryRows, type Tx } from '../db/client.ts';
import { fromMinor } from '../domain/money.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { renderBonusReminder } from '../domain/acknowledgement.ts';
import { appendEvent, isUuid } from '../cases/case-store.ts';
import { SYSTEM } from '../context.ts';
import { mailCustomer } from '../customers/customer-mail.ts';

/** Job: remind the customer of an active bonus before it expires, once (the event is the guard). */
export async function remindBonus(tx: Tx, bonusId: string): Promise<boolean> {
  if (!isUuid(bonusId)) return false;
  const [b] = await tx.select().from(bonuses).where(and(eq(bonuses.id, bonusId), eq(bonuses.status, 'active'))).for('update');
  if (!b || b.expiresAt <= new Date()) return false;
  const [done] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from case_events where case_id = ${b.caseId} and type = 'bonus_reminder' and data->>'bonusId' = ${b.id}`);
  if (done && done.n > 0) return false;
  const [c] = await tx.select({ number: cases.number, language: cases.language }).from(cases).where(eq(cases.id, b.caseId));
  const money = fromMinor(b.amount, b.currency);
  const text = renderBonusReminder(c!.language, { caseNumber: formatCaseNumber(c!.number), amount: `${money.amount} ${money.currency}`, until: b.expiresAt.toISOString().slice(0, 10) });
  const { messageId } = await mailCustomer(tx, { caseId: b.caseId, customerId: b.customerId, kind: 'bonus_reminder', language: c!.language, ...text, withoutEmail: 'remind them by phone' });
  await appendEvent(tx, b.caseId, SYSTEM, 'bonus_reminder', { bonusId: b.id, messageId, expiresAt: b.expiresAt.toISOString() });
  return true;
}
