// The clock sweep: one set-based pass that warns owners before clocks breach and
// records breaches (the clocks table is itself the durable timer), granting any
// service guarantee a breach triggers (P-4.9).
import { issueBonus } from '../compensation/issue-bonus.ts';
import { eq, sql } from 'drizzle-orm';
import { cases, compensations } from '../db/schema.ts';
import { queryRows, type Db, type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { renderGuarantee } from '../domain/acknowledgement.ts';
import { toMinor } from '../domain/money.ts';
import { appendEvent } from '../cases/case-store.ts';
import { mailCustomer } from '../customers/customer-mail.ts';
import { SYSTEM } from '../context.ts';
import { loadSettings } from '../settings/business-settings.ts';
import { notifyFromSql } from '../notifications/notify.ts';

/**
 * One sweep: running clocks past due become breached (an event, and the
 * owner's supervisor joins the case); clocks past their warning time warn
 * once, telling the case's owner (a notification, mailed when they asked). Each is one statement, so two workers never fire the same clock twice.
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
    ),
    owners as (
      select k.owner_id as user_id, w.case_id, jsonb_build_object('caseNumber', 'C-' || lpad(k.number::text, greatest(6, length(k.number::text)), '0'), 'clockKind', w.kind, 'label', w.label, 'dueAt', w.due_at) as data
      from warned w join cases k on k.id = w.case_id -- the number as formatCaseNumber writes it
    ),
    ${notifyFromSql('clock_warning', 'owners')}
    select (select count(*)::int from warned) as n, (select count(*)::int from notification_signal) as signalled`,
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
