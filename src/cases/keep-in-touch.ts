// Departed customers (P-4.4, P-4.5): recording who left and why, and the
// keep-in-touch cadence — set-based sweeps that add one touch row per
// customer and key (idempotent) and queue a durable `touch.send` job for each.
import { desc, eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { customers, customerTouches } from '../db/schema.ts';
import { queryRows, type Queryable, type Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { greetingDue, type KeepInTouchSettings } from '../domain/keep-in-touch.ts';
import { isUuid, loadSettings } from './case-store.ts';

export type DepartureKind = 'accidental' | 'systemic' | 'unknown';

export interface DepartureInput {
  reason: string;
  /** Accidental or systemic (P-4.4); absent: as recorded before, else unknown until staff judge it. */
  kind?: DepartureKind;
  /** When they left (default now): a contract end date from the books. */
  at?: Date;
  /** Absent: as recorded before (a corrected reason never clears a do-not-contact wish). */
  doNotContact?: boolean;
}

/** Marks a customer as departed (staff, or a contract ending from the books); a second call corrects the reason, kind or date. */
export async function recordDeparture(tx: Tx, customerId: string, input: DepartureInput): Promise<void> {
  if (!isUuid(customerId)) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const [row] = await tx
    .update(customers)
    .set({
      status: 'departed',
      departedAt: input.at ?? new Date(),
      departureReason: input.reason,
      departureKind: input.kind ?? sql`coalesce(${customers.departureKind}, 'unknown')`,
      ...(input.doNotContact === undefined ? {} : { doNotContact: input.doNotContact }),
      updatedAt: new Date(),
    })
    .where(eq(customers.id, customerId))
    .returning({ id: customers.id });
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
}

/** The customer came back (P-4.4: an accident often returns in 6–12 months); the departure stays on record. */
export async function recordReturn(tx: Tx, customerId: string): Promise<void> {
  if (!isUuid(customerId)) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const [c] = await tx.select({ status: customers.status }).from(customers).where(eq(customers.id, customerId)).for('update');
  if (!c) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  if (c.status !== 'departed') throw new AppError('CUSTOMER_STATE_CONFLICT', 'this customer has not departed', { status: c.status });
  await tx.update(customers).set({ status: 'active', updatedAt: new Date() }).where(eq(customers.id, customerId));
}

/** Chooses each departed customer's first email as recipient; none → recorded as not sent. */
function touchInsert(kind: 'greeting' | 'check_in' | 'news', keyExpr: ReturnType<typeof sql>, where: ReturnType<typeof sql>, extra: { subject?: string; body?: string; createdBy?: string | null } = {}) {
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
    ), queued as (
      insert into jobs (kind, payload, dedupe_key)
      select 'touch.send', jsonb_build_object('touchId', id), 'touch.send:' || id from ins where delivery_status = 'queued'
      on conflict do nothing
      returning 1
    )
    select (select count(*) from ins)::int as added, (select count(*) from queued)::int as queued`;
}

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

/** News an admin sends to every departed customer (optionally only those of one language). */
export async function sendNews(q: Queryable, actorId: string | null, input: { id: string; subject: string; body: string; language?: string }): Promise<{ added: number; queued: number }> {
  const where = input.language ? sql`coalesce(c.language, 'en') = ${input.language}` : sql`true`;
  const [r] = await queryRows<{ added: number; queued: number }>(q, touchInsert('news', sql`${`news:${input.id}`}`, where, { subject: input.subject, body: input.body, createdBy: actorId }));
  return r!;
}

/** The keep-in-touch record of one customer, newest first. */
export async function listTouches(q: Queryable, customerId: string, limit = 50) {
  const rows = await q
    .select()
    .from(customerTouches)
    .where(eq(customerTouches.customerId, customerId))
    .orderBy(desc(customerTouches.createdAt))
    .limit(limit);
  return rows.map((t) => ({
    id: t.id,
    kind: t.kind,
    key: t.touchKey,
    subject: t.subject,
    deliveryStatus: t.deliveryStatus,
    deliveryNote: t.deliveryNote,
    createdAt: t.createdAt.toISOString(),
    sentAt: t.sentAt?.toISOString() ?? null,
  }));
}
