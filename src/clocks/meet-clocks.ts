// Case clocks: met when their event happens (the acknowledgement, the first personal
// reply, the resolution); the case's next deadline is kept for the queue's sort.

import { and, eq, inArray, sql } from 'drizzle-orm';
import { clocks } from '../db/schema.ts';
import { insertTogether, type Tx } from '../db/client.ts';
import type { MeetsOn } from '../domain/clock-policy.ts';
import { eventsInsert } from '../cases/case-store.ts';
import { SYSTEM } from '../context.ts';

/**
 * Stops the case's clocks that this event meets: running ones become met (with
 * an event); breached ones stay breached, the record, but no longer press.
 * One statement; the case's next deadline is recomputed only when one stopped.
 */
export async function meetClocks(tx: Tx, caseId: string, events: MeetsOn[]): Promise<void> {
  const stopped = await tx
    .update(clocks)
    .set({ status: sql`case when ${clocks.status} = 'running' then 'met' else ${clocks.status} end`, stoppedAt: new Date() })
    .where(
      and(
        eq(clocks.caseId, caseId),
        inArray(clocks.meetsOn, events),
        sql`(${clocks.status} = 'running' or (${clocks.status} = 'breached' and ${clocks.stoppedAt} is null))`,
      ),
    )
    .returning({ id: clocks.id, kind: clocks.kind, dueAt: clocks.dueAt, status: clocks.status });
  if (!stopped.length) return;
  // The met clocks' events and the case's next deadline: one statement.
  const met = stopped.filter((c) => c.status === 'met').map((c) => ({ type: 'clock_met' as const, data: { clockId: c.id, kind: c.kind, dueAt: c.dueAt.toISOString() } }));
  await insertTogether(tx, [...(met.length ? [eventsInsert(tx, caseId, SYSTEM, met)] : []), nextDueUpdate(caseId)]);
}

function nextDueUpdate(caseId: string) {
  return sql`
    update cases k set next_due_at = (
      select min(c.due_at) from clocks c
      where c.case_id = k.id and (c.status = 'running' or (c.status = 'breached' and c.stopped_at is null))
    )
    where k.id = ${caseId}`;
}

/** The queue's "nearest to breach": the earliest due time of the case's running or breached, unmet clocks. */
export async function refreshNextDue(tx: Tx, caseId: string): Promise<void> {
  await tx.execute(nextDueUpdate(caseId));
}

