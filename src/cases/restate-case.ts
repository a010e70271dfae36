// P-2.3: staff restate the core of the complaint ("we need to do a, b and c —
// right?"); the customer confirms or corrects it in the portal. A new
// restatement replaces the pending one and needs its own confirmation.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { caseToAct, eventInsert, moveCase } from './case-store.ts';
import type { Actor } from '../context.ts';

/** In a transaction, or on the pool (its writes are one statement: case-store.ts caseToAct). */
export async function restateCase(tx: Queryable, actor: Actor, input: { caseId: string; text: string }): Promise<{ id: string }> {
  const { caseId, text } = input;
  const row = await caseToAct(tx, actor, caseId);
  const id = newId();
  // The move (its state checked before anything is written), the pending restatement
  // superseded, the new one and its event: one statement (the update does not see the row
  // inserted beside it), the restatement's event after the move's (moveCase's `later`).
  // Plain SQL, not Drizzle's builders: nothing to walk per call but these few values.
  const authorId = actor.type === 'user' ? actor.id : null;
  const writes = sql`r0 as (update restatements set status = 'superseded' where case_id = ${caseId} and status = 'pending'),
    r1 as (insert into restatements (id, case_id, text, author_id) values (${id}, ${caseId}, ${text}, ${authorId})),
    r2 as (${eventInsert(tx, caseId, actor, 'restatement_proposed', { restatementId: id, text }).getSQL()})`;
  await moveCase(tx, row, 'restate', actor, {}, [], writes);
  return { id };
}
