// The customer rates the handling (CSAT 1–5) and may praise a named employee
// (P-4.8: praise is counted per person).
import { and, eq } from 'drizzle-orm';
import { ratings, users } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { appendEvent, isUuid, lockCase } from './case-store.ts';
import type { Actor } from '../context.ts';
import { praiseFromRating } from '../people/record-feedback.ts';

export async function rateCase(tx: Tx, actor: Actor, input: { caseId: string; score: number; comment?: string | null; praisedUserId?: string | null }): Promise<void> {
  const { caseId } = input;
  const row = await lockCase(tx, caseId);
  let praised: string | null = null;
  if (input.praisedUserId) {
    const [u] = isUuid(input.praisedUserId)
      ? await tx.select({ id: users.id }).from(users).where(and(eq(users.id, input.praisedUserId), eq(users.kind, 'person')))
      : [];
    if (!u) throw new AppError('USER_NOT_FOUND', 'the employee to praise is not known');
    praised = u.id;
  }
  const [done] = await tx
    .insert(ratings)
    .values({ caseId, score: input.score, comment: input.comment ?? null, praisedUserId: praised })
    .onConflictDoNothing()
    .returning({ caseId: ratings.caseId });
  if (!done) throw new AppError('ALREADY_RATED', 'this case has already been rated');
  // P-4.8: praise named in a rating counts in the employee ledger.
  if (praised) await praiseFromRating(tx, { caseId, customerId: row.customerId, userId: praised, comment: input.comment ?? null });
  await appendEvent(tx, caseId, actor, 'rating_received', { score: input.score, ...(praised ? { praisedUserId: praised } : {}), ...(input.comment ? { comment: input.comment } : {}) });
}
