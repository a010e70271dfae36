// Changing the priority of many cases at once (the queue's bulk action): one
// locking read, one update and one insert of timeline events for the whole set.
import { and, eq, inArray } from 'drizzle-orm';
import { caseEvents, caseParticipants, cases } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { priorityName, priorityRank, type Priority } from '../domain/case-lifecycle.ts';
import { actorId, type Actor } from '../context.ts';
import type { CaseOutcome } from './bulk-update-cases.ts';

/**
 * Sets the priority of every case the actor may act on (P-2.4: an agent their own,
 * those they help on, and unowned ones; supervisors up any) and reports the others.
 * Closed cases keep theirs (CASE_STATE_CONFLICT); a case already at that priority is
 * a success without an event.
 */
export async function changeCasesPriority(tx: Tx, actor: Actor, input: { caseIds: string[]; priority: Priority; reason?: string }): Promise<Map<string, CaseOutcome>> {
  const out = new Map<string, CaseOutcome>();
  const rows = await tx
    .select({ id: cases.id, status: cases.status, priority: cases.priority, ownerId: cases.ownerId })
    .from(cases)
    .where(inArray(cases.id, input.caseIds))
    .orderBy(cases.id)
    .for('update');
  const helping =
    actor.type === 'user' && actor.role === 'agent'
      ? new Set(
          (
            await tx
              .select({ caseId: caseParticipants.caseId })
              .from(caseParticipants)
              .where(and(eq(caseParticipants.userId, actor.id), inArray(caseParticipants.caseId, input.caseIds)))
          ).map((r) => r.caseId),
        )
      : null;
  const rank = priorityRank(input.priority);
  const change: typeof rows = [];
  for (const r of rows) {
    if (helping && r.ownerId && r.ownerId !== actorId(actor) && !helping.has(r.id)) {
      out.set(r.id, { ok: false, code: 'NOT_CASE_HANDLER', message: 'another agent owns this case: take it over, or join as helper' });
    } else if (r.status === 'closed') {
      out.set(r.id, { ok: false, code: 'CASE_STATE_CONFLICT', message: 'the case is closed; reopen it first' });
    } else {
      out.set(r.id, { ok: true });
      if (r.priority !== rank) change.push(r);
    }
  }
  if (change.length) {
    const ids = change.map((r) => r.id);
    await tx.update(cases).set({ priority: rank, updatedAt: new Date() }).where(inArray(cases.id, ids));
    const reason = input.reason?.trim();
    await tx.insert(caseEvents).values(
      change.map((r) => ({
        caseId: r.id,
        type: 'priority_changed',
        actorType: actor.type,
        actorId: actorId(actor),
        data: { from: priorityName(r.priority), to: input.priority, bulk: true, ...(reason ? { reason } : {}) },
      })),
    );
  }
  return out;
}
