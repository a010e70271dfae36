// P-2.11: every promise gets a due time and an owner; a durable timer marks
// it broken when the time passes with the promise still open.
import type { Queryable } from '../db/client.ts';
import { insertRows, insertRowsTogether } from '../db/bulk-insert.ts';
import { commitments, jobs } from '../db/schema.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { assertNotClosed, type CaseStatus } from '../domain/case-lifecycle.ts';
import { jobRow } from '../db/jobs.ts';
import { caseToAct, eventInsert, rowGuard } from './case-store.ts';
import type { Actor } from '../context.ts';

/** How long before a promise falls due its owner is reminded. */
export const REMIND_BEFORE_MS = 60 * 60_000;

/** In a transaction, or on the pool (its writes are one statement: case-store.ts caseToAct). */
export async function makeCommitment(tx: Queryable, actor: Actor, input: { caseId: string; description: string; dueAt: Date; ownerId?: string }): Promise<{ id: string }> {
  const { caseId } = input;
  const row = await caseToAct(tx, actor, caseId);
  assertNotClosed(row.status as CaseStatus);
  if (row.status === 'resolved') throw new AppError('CASE_STATE_CONFLICT', 'the case is resolved; reopen it to promise more', { status: row.status });
  const id = newId();
  const ownerId = input.ownerId ?? row.ownerId ?? (actor.type === 'user' ? actor.id : null);
  const timers = [jobRow('commitment.due', { commitmentId: id }, { runAt: input.dueAt, dedupeKey: `commitment.due:${id}` })];
  // P-2.11: remind the owner before the promise falls due (an hour before, or halfway for short ones).
  const lead = Math.min(REMIND_BEFORE_MS, (input.dueAt.getTime() - Date.now()) / 2);
  if (lead > 60_000) {
    timers.push(jobRow('commitment.remind', { commitmentId: id }, { runAt: new Date(input.dueAt.getTime() - lead), dedupeKey: `commitment.remind:${id}` }));
  }
  // The promise, its timers and its event: one statement, its text built once per shape
  // (insertRowsTogether); a timer whose dedupeKey exists is skipped.
  const parts = [
    insertRows(commitments, [
      {
        id,
        caseId,
        ownerId,
        description: input.description,
        dueAt: input.dueAt,
        createdBy: actor.type === 'user' ? actor.id : null,
      },
    ]),
    insertRows(jobs, timers, { onConflictDoNothing: true }),
    eventInsert(tx, caseId, actor, 'commitment_made', { commitmentId: id, description: input.description, dueAt: input.dueAt.toISOString(), ownerId }),
  ];
  // On the pool, only while the case is the version read (rowGuard).
  await insertRowsTogether(tx, parts, rowGuard(tx, row));
  return { id };
}
