// P-2.3: the case is "understood" only once the customer confirms the
// restatement — in the portal, or orally with staff recording who and when.
// A correction sends the owner back to restate.
import { eq, sql } from 'drizzle-orm';
import { restatements } from '../db/schema.ts';
import { queryText, type Tx } from '../db/client.ts';
import { rowFromJson } from '../db/json-rows.ts';
import { AppError } from '../domain/errors.ts';
import { appendEvent, lockCaseToAct, moveCase, moveEvent } from './case-store.ts';
import type { Actor } from '../context.ts';

export type ConfirmInput =
  | { confirmed: true; via: 'portal' | 'oral'; note?: string }
  | { confirmed: false; correction: string; via: 'portal' | 'oral'; note?: string };

export async function confirmRestatement(tx: Tx, actor: Actor, input: { caseId: string } & ConfirmInput): Promise<void> {
  const { caseId } = input;
  const row = await lockCaseToAct(tx, actor, caseId);
  // Fixed SQL text (queryText): planned once per connection.
  const [found] = await queryText<{ r: Record<string, unknown> }>(tx, PENDING_RESTATEMENT, [caseId]);
  const pending = found ? rowFromJson(restatements, found.r) : undefined;
  if (!pending) throw new AppError('RESTATEMENT_NOT_PENDING', 'there is no restatement waiting for confirmation');
  const now = new Date();
  if (input.confirmed) {
    // The move, the restatement and its event: one statement.
    await moveCase(tx, row, 'confirm', actor, {}, [
      // Plain SQL, not Drizzle's update builder: nothing to walk per call but these values.
      {
        getSQL: () =>
          sql`update restatements set status = 'confirmed', responded_at = ${now.toISOString()}::timestamptz, confirmed_via = ${input.via}, confirmation_note = ${input.note ?? null} where id = ${pending.id}`,
      },
      moveEvent('restatement_confirmed', { restatementId: pending.id, via: input.via, ...(input.note ? { note: input.note } : {}) }),
    ]);
  } else {
    await tx
      .update(restatements)
      .set({ status: 'corrected', respondedAt: now, correction: input.correction, confirmedVia: input.via })
      .where(eq(restatements.id, pending.id));
    await appendEvent(tx, caseId, actor, 'restatement_corrected', { restatementId: pending.id, correction: input.correction, via: input.via });
  }
}

const PENDING_RESTATEMENT = "select row_to_json(r) as r from restatements r where r.case_id = $1 and r.status = 'pending' order by r.created_at desc limit 1";
