// Waiting on the customer stops pausable clocks; their reply starts them again,
// with the time spent waiting added to each deadline in business time.
import { and, eq } from 'drizzle-orm';
import { clocks } from '../db/schema.ts';
import { type Tx } from '../db/client.ts';
import { appendEvent } from '../cases/case-store.ts';
import type { Actor } from '../context.ts';
import { addBusinessMinutes, businessMinutesBetween, subtractBusinessMinutes, type BusinessCalendar } from '../domain/calendar/index.ts';
import { refreshNextDue } from './meet-clocks.ts';

/** Waiting on the customer (where the policy allows): pausable running clocks stop counting. */
export async function pauseClocks(tx: Tx, actor: Actor, caseId: string, reason: string): Promise<number> {
  const paused = await tx
    .update(clocks)
    .set({ status: 'paused', pausedAt: new Date() })
    .where(and(eq(clocks.caseId, caseId), eq(clocks.status, 'running'), eq(clocks.pausable, true)))
    .returning({ id: clocks.id, kind: clocks.kind });
  for (const c of paused) await appendEvent(tx, caseId, actor, 'clock_paused', { clockId: c.id, kind: c.kind, reason });
  if (paused.length) await refreshNextDue(tx, caseId);
  return paused.length;
}

/** The customer answered (or staff resume): paused clocks run again, their due time moved by the pause. */
export async function resumeClocks(tx: Tx, actor: Actor, caseId: string, cal: BusinessCalendar, warnBeforeMinutes: number, now = new Date()): Promise<number> {
  const paused = await tx.select().from(clocks).where(and(eq(clocks.caseId, caseId), eq(clocks.status, 'paused')));
  for (const c of paused) {
    const since = c.pausedAt ?? now;
    let dueAt: Date;
    let pausedFor: number;
    if (c.businessTime) {
      pausedFor = businessMinutesBetween(cal, since, now);
      dueAt = addBusinessMinutes(cal, c.dueAt, pausedFor);
    } else {
      pausedFor = (+now - +since) / 60_000;
      dueAt = new Date(+c.dueAt + (+now - +since));
    }
    const w = subtractBusinessMinutes(cal, dueAt, warnBeforeMinutes);
    await tx
      .update(clocks)
      .set({ status: 'running', pausedAt: null, dueAt, warnAt: +w < +now ? now : w, warnedAt: null })
      .where(eq(clocks.id, c.id));
    await appendEvent(tx, caseId, actor, 'clock_resumed', { clockId: c.id, kind: c.kind, pausedMinutes: Math.round(pausedFor), dueAt: dueAt.toISOString() });
  }
  if (paused.length) await refreshNextDue(tx, caseId);
  return paused.length;
}
