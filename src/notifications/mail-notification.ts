// The `notification.mail` job: a notification its recipient asked to have by
// email too (customer replied, clock about to breach, approval needed or
// decided). Sent to staff, never to the customer; no SMTP, nothing is sent.
import { eq } from 'drizzle-orm';
import { notifications, users } from '../db/schema.ts';
import type { Db } from '../db/client.ts';
import { publicUrl, type Config } from '../config.ts';
import type { Mailer } from '../channels/email/smtp-sender.ts';

/** What the mail says, per kind: short, with a link to the case. */
export function notificationText(kind: string, data: Record<string, unknown>, caseUrl: string | null): { subject: string; text: string } {
  const n = String(data.caseNumber ?? '');
  const link = caseUrl ? `\n\n${caseUrl}` : '';
  switch (kind) {
    case 'customer_replied':
      return { subject: `The customer replied — ${n}`, text: `The customer wrote on ${n}:\n\n${String(data.excerpt ?? '')}${link}` };
    case 'clock_warning':
      return { subject: `A clock is about to breach — ${n}`, text: `The ${String(data.label ?? data.clockKind ?? 'response')} clock on ${n} is due at ${String(data.dueAt ?? '')}.${link}` };
    case 'approval_needed':
      return { subject: `Approval needed — ${n}`, text: `${String(data.by ?? 'A colleague')} asks you to approve a compensation on ${n}.${link}` };
    case 'approval_decided':
      return { subject: `Compensation ${data.approved ? 'approved' : 'rejected'} — ${n}`, text: `${String(data.by ?? 'A decider')} ${data.approved ? 'approved' : 'rejected'} the compensation you asked for on ${n}.${data.reason ? `\nReason: ${String(data.reason)}` : ''}${link}` };
    default:
      return { subject: `Amends — ${n}`, text: `Something happened on ${n}.${link}` };
  }
}

/** Sends one notification by mail to a person; idempotent through the mailer's message id. */
export async function mailNotification(db: Db, input: { notificationId: number }, opts: { mailer: Mailer | null; config: Config | null }): Promise<void> {
  if (!opts.mailer) return;
  const [n] = await db.select().from(notifications).where(eq(notifications.id, input.notificationId));
  if (!n) return;
  const [u] = await db.select({ email: users.email, kind: users.kind, active: users.active }).from(users).where(eq(users.id, n.userId));
  if (!u || u.kind !== 'person' || !u.active) return;
  const caseUrl = opts.config && n.caseId ? `${publicUrl(opts.config)}/cases/${n.caseId}` : null;
  const { subject, text } = notificationText(n.kind, n.data as Record<string, unknown>, caseUrl);
  await opts.mailer.send({ id: `notification-${n.id}`, to: u.email, subject, text, autoSubmitted: 'auto-generated' });
}
