// Case clocks at work: met when their event happens; swept set-based when they
// warn or breach (the clocks table is itself the durable timer, so a million
// pending clocks cost one index range scan, not a million job rows).
import { issueBonus } from './bonuses.ts';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { cases, clocks, compensations } from '../db/schema.ts';
import { queryRows, type Db, type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { renderGuarantee } from '../domain/acknowledgement.ts';
import { toMinor } from '../domain/money.ts';
import type { MeetsOn } from '../domain/clock-policy.ts';
import { appendEvent, loadSettings } from './case-store.ts';
import { mailCustomer } from './customer-mail.ts';
import type { Actor } from './context.ts';
import { addBusinessMinutes, businessMinutesBetween, subtractBusinessMinutes, type BusinessCalendar } from '../domain/calendar/index.ts';
import { SYSTEM } from './context.ts';

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
  for (const c of stopped) if (c.status === 'met') await appendEvent(tx, caseId, SYSTEM, 'clock_met', { clockId: c.id, kind: c.kind, dueAt: c.dueAt.toISOString() });
  if (stopped.length) await refreshNextDue(tx, caseId);
}

/** The queue's "nearest to breach": the earliest due time of the case's running or breached, unmet clocks. */
export async function refreshNextDue(tx: Tx, caseId: string): Promise<void> {
  await tx.execute(sql`
    update cases k set next_due_at = (
      select min(c.due_at) from clocks c
      where c.case_id = k.id and (c.status = 'running' or (c.status = 'breached' and c.stopped_at is null))
    )
    where k.id = ${caseId}`);
}

/**
 * One sweep: running clocks past due become breached (an event, and the
 * owner's supervisor joins the case); clocks past their warning time warn
 * once. Each is one statement, so two workers never fire the same clock twice.
 */
export async function sweepClocks(db: Db, limit = 500): Promise<{ breached: number; warned: number }> {
  // Breach, escalation and any service guarantee commit together: none without the others.
  const breached = await db.transaction(async (t) => {
    const tx = t as Tx;
    const rows = await queryRows<{ id: string; case_id: string; kind: string; label: string | null }>(
    tx,
    sql`
    with due as (
      select id from clocks where status = 'running' and due_at <= now() order by due_at limit ${limit} for update skip locked
    ),
    breached as (
      update clocks c set status = 'breached' from due where c.id = due.id
      returning c.id, c.case_id, c.kind, c.label, c.due_at
    ),
    escalated as (
      insert into case_participants (case_id, user_id, role, reason)
      select distinct on (b.case_id) b.case_id,
        coalesce(owner.supervisor_id, (select id from users where role = 'supervisor' and active and kind = 'person' order by id limit 1)),
        'supervisor', 'clock_breached:' || b.kind
      from breached b join cases k on k.id = b.case_id left join users owner on owner.id = k.owner_id
      where coalesce(owner.supervisor_id, (select id from users where role = 'supervisor' and active and kind = 'person' order by id limit 1)) is not null
      on conflict do nothing
      returning case_id, user_id
    ),
    events as (
      insert into case_events (case_id, type, actor_type, data)
      select b.case_id, 'clock_breached', 'system', jsonb_build_object('clockId', b.id, 'kind', b.kind, 'label', b.label, 'dueAt', b.due_at) from breached b
      union all
      select e.case_id, 'participant_added', 'system', jsonb_build_object('userId', e.user_id, 'role', 'supervisor', 'reason', 'clock_breached') from escalated e
    )
    select id, case_id, kind, label from breached`,
    );
    if (rows.length) await applyGuarantees(tx, rows);
    return rows.length;
  });
  const [w] = await queryRows<{ n: number }>(
    db,
    sql`
    with due as (
      select id from clocks where status = 'running' and warned_at is null and warn_at <= now() order by warn_at limit ${limit} for update skip locked
    ),
    warned as (
      update clocks c set warned_at = now() from due where c.id = due.id
      returning c.id, c.case_id, c.kind, c.label, c.due_at
    ),
    events as (
      insert into case_events (case_id, type, actor_type, data)
      select case_id, 'clock_warning', 'system', jsonb_build_object('clockId', id, 'kind', kind, 'label', label, 'dueAt', due_at) from warned
    )
    select count(*)::int as n from warned`,
  );
  return { breached, warned: w?.n ?? 0 };
}

/**
 * P-4.9: "when clock X breaches, grant compensation Y" — granted automatically,
 * written to the compensation ledger and told to the customer.
 */
async function applyGuarantees(tx: Tx, breached: { id: string; case_id: string; kind: string; label: string | null }[]): Promise<void> {
  const { serviceGuarantees } = await loadSettings(tx);
  for (const b of breached) {
    const due = serviceGuarantees.filter((x) => x.enabled && x.clockKind === b.kind);
    if (due.length === 0) continue;
    const [row] = await tx.select().from(cases).where(eq(cases.id, b.case_id));
    if (!row) continue;
    for (const g of due) {
      const compensationId = newId();
      const value = toMinor(g.value);
      await tx.insert(compensations).values({
        id: compensationId,
        caseId: row.id,
        customerId: row.customerId,
        kind: g.kind,
        value,
        currency: g.value.currency,
        description: g.description,
        fault: 'ours',
        status: 'granted',
      });
      await appendEvent(tx, row.id, SYSTEM, 'compensation_granted', { compensationId, kind: g.kind, value: g.value, description: g.description, guarantee: g.id, clockId: b.id });
      await issueBonus(tx, SYSTEM, { id: compensationId, caseId: row.id, customerId: row.customerId, kind: g.kind, value, currency: g.value.currency, status: 'granted' });
      const text = renderGuarantee(row.language, { caseNumber: formatCaseNumber(row.number), standard: g.standard, amends: g.description });
      await mailCustomer(tx, { caseId: row.id, customerId: row.customerId, kind: 'guarantee', language: row.language, ...text, withoutEmail: 'tell them by phone' });
    }
  }
}

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
