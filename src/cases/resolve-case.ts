// Resolved: the fix is delivered, compensation decided, and a follow-up
// scheduled about 30 days out (P-4.1) as a durable timer.
import { and, eq } from 'drizzle-orm';
import { compensations, followUps } from '../db/schema.ts';
import { insertTogether, type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { enqueueQuery } from '../db/jobs.ts';
import { eventInsert, lockCaseToAct, moveCase } from './case-store.ts';
import type { Actor, Services } from '../context.ts';
import { meetClocks } from '../clocks/meet-clocks.ts';
import { cachedSettings, loadSettings } from '../settings/business-settings.ts';

/** `services`: read the settings through the per-process cache (cachedSettings) instead of asking. */
export async function resolveCase(tx: Tx, actor: Actor, input: { caseId: string; summary?: string; followUpDays?: number }, opts: { services?: Services } = {}): Promise<void> {
  const { caseId } = input;
  const row = await lockCaseToAct(tx, actor, caseId);
  const pending = await tx
    .select({ id: compensations.id })
    .from(compensations)
    .where(and(eq(compensations.caseId, caseId), eq(compensations.status, 'pending_approval')));
  if (pending.length) {
    throw new AppError('CASE_STATE_CONFLICT', 'a compensation is still waiting for approval; decide it before resolving', {
      pendingCompensationIds: pending.map((p) => p.id),
    });
  }
  await moveCase(tx, row, 'resolve', actor, {}, [eventInsert(tx, caseId, actor, 'resolved', input.summary ? { summary: input.summary } : {})]);
  await meetClocks(tx, caseId, ['first_response', 'resolve']);
  const days = input.followUpDays ?? (await (opts.services ? cachedSettings(tx, opts.services) : loadSettings(tx))).followUpDays;
  const dueAt = new Date(Date.now() + days * 86_400_000);
  const id = newId();
  // The follow-up replaces any scheduled one, with its timer and its event: one statement.
  await insertTogether(tx, [
    tx.update(followUps).set({ status: 'cancelled' }).where(and(eq(followUps.caseId, caseId), eq(followUps.status, 'scheduled'))),
    tx.insert(followUps).values({ id, caseId, dueAt }),
    enqueueQuery(tx, 'follow_up.due', { followUpId: id }, { runAt: dueAt, dedupeKey: `follow_up.due:${id}` }),
    eventInsert(tx, caseId, actor, 'follow_up_scheduled', { followUpId: id, dueAt: dueAt.toISOString() }),
  ]);
}
