// P-2.3: the case is "understood" only once the customer confirms the
// restatement — in the portal, or orally with staff recording who and when.
// A correction sends the owner back to restate.
import { and, desc, eq } from 'drizzle-orm';
import { restatements } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { appendEvent, eventInsert, lockCaseToAct, moveCase } from './case-store.ts';
import type { Actor } from '../context.ts';

export type ConfirmInput =
  | { confirmed: true; via: 'portal' | 'oral'; note?: string }
  | { confirmed: false; correction: string; via: 'portal' | 'oral'; note?: string };

export async function confirmRestatement(tx: Tx, actor: Actor, input: { caseId: string } & ConfirmInput): Promise<void> {
  const { caseId } = input;
  const row = await lockCaseToAct(tx, actor, caseId);
  const [pending] = await tx
    .select()
    .from(restatements)
    .where(and(eq(restatements.caseId, caseId), eq(restatements.status, 'pending')))
    .orderBy(desc(restatements.createdAt))
    .limit(1);
  if (!pending) throw new AppError('RESTATEMENT_NOT_PENDING', 'there is no restatement waiting for confirmation');
  const now = new Date();
  if (input.confirmed) {
    // The move, the restatement and its event: one statement.
    await moveCase(tx, row, 'confirm', actor, {}, [
      tx
        .update(restatements)
        .set({ status: 'confirmed', respondedAt: now, confirmedVia: input.via, confirmationNote: input.note ?? null })
        .where(eq(restatements.id, pending.id)),
      eventInsert(tx, caseId, actor, 'restatement_confirmed', { restatementId: pending.id, via: input.via, ...(input.note ? { note: input.note } : {}) }),
    ]);
  } else {
    await tx
      .update(restatements)
      .set({ status: 'corrected', respondedAt: now, correction: input.correction, confirmedVia: input.via })
      .where(eq(restatements.id, pending.id));
    await appendEvent(tx, caseId, actor, 'restatement_corrected', { restatementId: pending.id, correction: input.correction, via: input.via });
  }
}
