// P-2.3: staff restate the core of the complaint ("we need to do a, b and c —
// right?"); the customer confirms or corrects it in the portal. A new
// restatement replaces the pending one and needs its own confirmation.
import { and, eq, sql } from 'drizzle-orm';
import { restatements } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { eventInsert, lockCaseToAct, moveCase } from './case-store.ts';
import type { Actor } from '../context.ts';

export async function restateCase(tx: Tx, actor: Actor, input: { caseId: string; text: string }): Promise<{ id: string }> {
  const { caseId, text } = input;
  const row = await lockCaseToAct(tx, actor, caseId);
  const id = newId();
  // The move (its state checked before anything is written), the pending restatement
  // superseded, the new one and its event: one statement (the update does not see the row
  // inserted beside it), the restatement's event after the move's (moveCase's `later`).
  const writes = [
    tx.update(restatements).set({ status: 'superseded' }).where(and(eq(restatements.caseId, caseId), eq(restatements.status, 'pending'))),
    tx.insert(restatements).values({ id, caseId, text, authorId: actor.type === 'user' ? actor.id : null }),
    eventInsert(tx, caseId, actor, 'restatement_proposed', { restatementId: id, text }),
  ].map((w, i) => sql`${sql.raw(`r${i}`)} as (${w.getSQL()})`);
  await moveCase(tx, row, 'restate', actor, {}, [], sql.join(writes, sql`, `));
  return { id };
}
