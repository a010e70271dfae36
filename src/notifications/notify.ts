// Notifications are written in the same transaction as their cause (STYLE 5):
// a mention, a case handed to you, the customer's reply, an approval. The rows
// are durable; open streams learn of them through `pg_notify`, which PostgreSQL
// delivers only when the transaction commits (a rolled-back cause tells no one),
// and the mail a staff member asked for is a durable job in the same transaction.
import { inArray, sql, type SQL } from 'drizzle-orm';
import { notificationPreferences, notifications } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { insertJobs, jobRow } from '../db/jobs.ts';

/** Every kind of notification, as stored in `notifications.kind`. */
export const NOTIFICATION_KINDS = ['mention', 'assigned', 'customer_replied', 'clock_warning', 'approval_needed', 'approval_decided'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The kinds a staff member may also have by email (a mention or an assignment is seen at the desk). */
export const EMAIL_KINDS = ['customer_replied', 'clock_warning', 'approval_needed', 'approval_decided'] as const satisfies readonly NotificationKind[];

/** The channel every process listens on; the payload is the user id to refresh. */
export const NOTIFY_CHANNEL = 'amends_notifications';

export interface NotificationInput {
  userId: string;
  kind: NotificationKind;
  caseId?: string | null;
  data?: Record<string, unknown>;
}

/** Writes notifications, enqueues the mail their recipients asked for, and signals open streams at commit. */
export async function notify(tx: Queryable, items: NotificationInput[]): Promise<void> {
  if (items.length === 0) return;
  const rows = await tx
    .insert(notifications)
    .values(items.map((i) => ({ userId: i.userId, kind: i.kind, caseId: i.caseId ?? null, data: i.data ?? {} })))
    .returning({ id: notifications.id, userId: notifications.userId, kind: notifications.kind });
  const mailable = rows.filter((r) => (EMAIL_KINDS as readonly string[]).includes(r.kind));
  if (mailable.length) {
    const prefs = await tx
      .select()
      .from(notificationPreferences)
      .where(inArray(notificationPreferences.userId, [...new Set(mailable.map((r) => r.userId))]));
    const wants = (r: { userId: string; kind: string }) => prefs.some((p) => p.userId === r.userId && p.emailKinds.includes(r.kind));
    const jobs = mailable.filter(wants).map((r) => jobRow('notification.mail', { notificationId: r.id }, { dedupeKey: `notification.mail:${r.id}` }));
    if (jobs.length) await insertJobs(tx, jobs);
  }
  await signalUsers(tx, [...new Set(rows.map((r) => r.userId))]);
}

/** Tells every process's streams that these users' notifications changed (sent when the transaction commits). */
export async function signalUsers(q: Queryable, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await q.execute(sql`select pg_notify(${NOTIFY_CHANNEL}, u) from unnest(${toTextArray(userIds)}) as u`);
}

function toTextArray(ids: string[]): SQL {
  return sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::text[]`;
}

/**
 * The set-based form for SQL sweeps: given a CTE-able query of (user_id, case_id, data)
 * rows named `source`, the statements that insert the notifications, their mail jobs,
 * and signal the streams. Used by the clock sweep's warning statement.
 */
export function notifyFromSql(kind: NotificationKind, source: string): SQL {
  return sql.raw(`
    notified as (
      insert into notifications (user_id, kind, case_id, data)
      select s.user_id, '${kind}', s.case_id, s.data from ${source} s where s.user_id is not null
      returning id, user_id, kind
    ),
    notification_mail as (
      insert into jobs (kind, payload, dedupe_key)
      select 'notification.mail', jsonb_build_object('notificationId', n.id), 'notification.mail:' || n.id
      from notified n join notification_preferences p on p.user_id = n.user_id and n.kind = any(p.email_kinds)
      on conflict do nothing
      returning 1
    ),
    notification_signal as (
      select pg_notify('${NOTIFY_CHANNEL}', x.user_id::text) from (select distinct user_id from notified) x
    )`);
}
