// Resolved: the fix is delivered, compensation decided, and a follow-up
// scheduled about 30 days out (P-4.1) as a durable timer.
import { sql } from 'drizzle-orm';
import { jobs } from '../db/schema.ts';
import { insertRows } from '../db/bulk-insert.ts';
import { queryText, type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { canTransition, type CaseStatus } from '../domain/case-lifecycle.ts';
import { jobRow } from '../db/jobs.ts';
import { eventInsert, lockCaseToAct, moveCase, moveEvent } from './case-store.ts';
import type { Actor, Services } from '../context.ts';
import { meetClocksInMove } from '../clocks/meet-clocks.ts';
import { cachedSettings, loadSettings } from '../settings/business-settings.ts';

/** `services`: read the settings through the per-process cache (cachedSettings) instead of asking. */
export async function resolveCase(tx: Tx, actor: Actor, input: { caseId: string; summary?: string; followUpDays?: number }, opts: { services?: Services } = {}): Promise<void> {
  const { caseId } = input;
  const row = await lockCaseToAct(tx, actor, caseId);
  // A compensation waiting for approval is told before a move the state forbids (as always);
  // otherwise the move itself checks there is none (NO_PENDING_COMPENSATION), one round trip
  // less, and only when it fails is asked which.
  if (!canTransition(row.status as CaseStatus, 'resolve')) await assertNoPendingCompensation(tx, caseId);
  const days = input.followUpDays ?? (await (opts.services ? cachedSettings(tx, opts.services) : loadSettings(tx))).followUpDays;
  const now = new Date();
  const dueAt = new Date(now.getTime() + days * 86_400_000);
  const id = newId();
  const clocks = meetClocksInMove(caseId, ['first_response', 'resolve'], now);
  // One statement: the move with the case's next deadline, its events, the met clocks with
  // theirs, and the follow-up replacing any scheduled one, with its timer and its event —
  // in the timeline in that order (moveCase's `later`).
  const followUp = [
    // Plain SQL and JSON-parameter inserts, not Drizzle's builders: little to build per call.
    { getSQL: () => sql`update follow_ups set status = 'cancelled' where case_id = ${caseId} and status = 'scheduled'` },
    { getSQL: () => sql`insert into follow_ups (id, case_id, due_at) values (${id}, ${caseId}, ${dueAt.toISOString()}::timestamptz)` },
    insertRows(jobs, [jobRow('follow_up.due', { followUpId: id }, { runAt: dueAt, dedupeKey: `follow_up.due:${id}` })], { onConflictDoNothing: true }),
    eventInsert(tx, caseId, actor, 'follow_up_scheduled', { followUpId: id, dueAt: dueAt.toISOString() }),
  ].map((w, i) => sql`${sql.raw(`f${i}`)} as (${w.getSQL()})`);
  try {
    await moveCase(
      tx,
      row,
      'resolve',
      actor,
      { nextDueAt: clocks.nextDueAt as unknown as Date },
      [moveEvent('resolved', input.summary ? { summary: input.summary } : {})],
      sql.join([...followUp, clocks.ctes], sql`, `),
      NO_PENDING_COMPENSATION,
    );
  } catch (err) {
    // Under the case's lock only the condition can have failed the move.
    if (err instanceof AppError && err.code === 'CASE_STATE_CONFLICT') await assertNoPendingCompensation(tx, caseId);
    throw err;
  }
}

async function assertNoPendingCompensation(tx: Tx, caseId: string): Promise<void> {
  const pending = await queryText<{ id: string }>(tx, PENDING_COMPENSATIONS, [caseId]);
  if (pending.length) {
    throw new AppError('CASE_STATE_CONFLICT', 'a compensation is still waiting for approval; decide it before resolving', {
      pendingCompensationIds: pending.map((p) => p.id),
    });
  }
}

const PENDING_COMPENSATIONS = "select id from compensations where case_id = $1 and status = 'pending_approval'";
const NO_PENDING_COMPENSATION = {
  name: 'noPendingCompensation',
  sql: sql.raw(`not exists (select 1 from compensations p where p.case_id = "cases"."id" and p.status = 'pending_approval')`),
};
