// P-4.5: the keep-in-touch cadence for departed customers — set-based sweeps that
// add one touch row per customer and key (idempotent) and queue a durable
// `touch.send` job for each.
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { queryRows, type Queryable } from '../db/client.ts';
import { enqueueEachSql } from '../db/jobs.ts';
import { greetingDue, type KeepInTouchSettings } from '../domain/keep-in-touch.ts';
import { loadSettings } from '../settings/business-settings.ts';

export interface SweepResult {
  greetings: number;
  checkIns: number;
  queued: number;
}

/**
 * Adds the touches due at `now`: this year's greeting to everyone who left before
 * its date, and a check-in for each full period of `checkInMonths` since they left
 * (only the latest period: a server that was down for a year sends one, not two).
 */
export async function sweepKeepInTouch(q: Queryable, now: Date = new Date()): Promise<SweepResult> {
  const s = await loadSettings(q);
  const kit: KeepInTouchSettings = s.keepInTouch;
  const result: SweepResult = { greetings: 0, checkIns: 0, queued: 0 };
  if (!kit.enabled) return result;
  const local = DateTime.fromJSDate(now, { zone: s.calendar.timeZone });
  const due = greetingDue(kit, { year: local.year, month: local.month, day: local.day });
  if (due) {
    const since = DateTime.fromISO(due.date, { zone: s.calendar.timeZone }).toJSDate();
    const [r] = await queryRows<{ added: number; queued: number }>(q, touchInsert('greeting', sql`${due.key}`, sql`c.departed_at < ${since.toISOString()}::timestamptz`));
    result.greetings = r!.added;
    result.queued += r!.queued;
  }
  if (kit.checkInMonths) {
    const months = sql`(extract(year from age(${now.toISOString()}::timestamptz, c.departed_at)) * 12 + extract(month from age(${now.toISOString()}::timestamptz, c.departed_at)))::int`;
    const [r] = await queryRows<{ added: number; queued: number }>(
      q,
      touchInsert('check_in', sql`'check_in:' || (${months} / ${kit.checkInMonths}::int)`, sql`c.departed_at is not null and ${months} >= ${kit.checkInMonths}::int`),
    );
    result.checkIns = r!.added;
    result.queued += r!.queued;
  }
  return result;
}

/** Chooses each departed customer's first email as recipient; none → recorded as not sent. */
export function touchInsert(kind: 'greeting' | 'check_in' | 'news', keyExpr: ReturnType<typeof sql>, where: ReturnType<typeof sql>, extra: { subject?: string; body?: string; createdBy?: string | null } = {}) {
  return sql`
    with ins as (
      insert into customer_touches (id, customer_id, kind, touch_key, language, subject, body, recipient, delivery_status, delivery_note, created_by)
      select gen_random_uuid(), c.id, ${kind}::text, (${keyExpr})::text, coalesce(c.language, 'en'), ${extra.subject ?? null}::text, ${extra.body ?? null}::text, e.value,
             case when e.value is null then 'not_sent' else 'queued' end,
             case when e.value is null then 'the customer has no email address: call them instead' end,
             ${extra.createdBy ?? null}::uuid
      from customers c
      left join lateral (
        select k.value from customer_contacts k where k.customer_id = c.id and k.kind = 'email' order by k.created_at limit 1
      ) e on true
      where c.status = 'departed' and not c.do_not_contact and ${where}
      on conflict (customer_id, touch_key) do nothing
      returning id, delivery_status
    ), queued as (${enqueueEachSql('touch.send', 'touchId', sql`select id from ins where delivery_status = 'queued'`)})
    select (select count(*) from ins)::int as added, (select count(*) from queued)::int as queued`;
}
