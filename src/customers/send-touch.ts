// P-4.5: a keep-in-touch greeting, check-in or news to a departed customer,
// signed by their manager (the `touch.send` job). Idempotent: only a touch
// still queued is sent and settled. At most once, like case mail (issue 14): the
// touch is marked `sending` with its Message-ID just before the SMTP transaction; a
// later attempt that finds it still `sending` applies MAIL_UNCERTAIN (hold it as
// `uncertain` for `amends mail reconcile`, or resend under the same Message-ID).
import { and, eq, sql } from 'drizzle-orm';
import { cases, customers, customerTouches, users } from '../db/schema.ts';
import type { Db } from '../db/client.ts';
import type { JobAttempt } from '../db/jobs.ts';
import type { Config } from '../config.ts';
import { renderTouch } from '../domain/keep-in-touch.ts';
import type { Mailer } from '../channels/email/smtp-sender.ts';
import { loadSettings } from '../settings/business-settings.ts';

/** What sending needs besides the database: the mailer (none: not sent), the business name, the attempt. */
export interface SendTouchOptions extends JobAttempt {
  mailer: Mailer | null;
  config: Config | null;
}

/**
 * Sends one queued touch. News carries its own words; a greeting or check-in is worded
 * now, or not sent when the customer came back or asked not to be contacted since it was
 * planned. The words sent are kept on the touch. An SMTP error is thrown so the job is
 * retried; the last attempt records the failure.
 */
export async function sendTouch(db: Db, input: { touchId: string }, opts: SendTouchOptions): Promise<void> {
  const [t] = await db.select().from(customerTouches).where(eq(customerTouches.id, input.touchId));
  if (!t) return;
  type Status = 'queued' | 'sending' | 'sent' | 'not_sent' | 'failed' | 'uncertain';
  const settle = (status: Status, note: string | null, words: { subject: string; body: string } | null, from: Status = 'queued') =>
    db
      .update(customerTouches)
      .set({ deliveryStatus: status, deliveryNote: note, sentAt: status === 'sent' ? new Date() : null, ...(words ?? {}) })
      .where(and(eq(customerTouches.id, t.id), eq(customerTouches.deliveryStatus, from)));
  if (t.deliveryStatus === 'sending') {
    // A send started and was never confirmed: the process stopped between marking and settling it.
    if (opts.config?.MAIL_UNCERTAIN !== 'resend' || !opts.mailer) {
      return void (await settle('uncertain', `the send of ${t.externalId ?? 'this touch'} was cut off (the process stopped); not resent, so that it cannot arrive twice`, null, 'sending'));
    }
    await settle('queued', null, null, 'sending');
    t.deliveryStatus = 'queued';
  }
  if (t.deliveryStatus !== 'queued') return;
  let words = t.subject && t.body ? { subject: t.subject, body: t.body } : null;
  if (!words) {
    const [customer] = await db.select({ name: customers.name, status: customers.status, doNotContact: customers.doNotContact }).from(customers).where(eq(customers.id, t.customerId));
    // They came back or asked not to be contacted since the touch was planned.
    if (!customer || customer.status !== 'departed' || customer.doNotContact) return void (await settle('not_sent', 'the customer is no longer departed or asked not to be contacted', null));
    const [manager] = await db
      .select({ name: users.name })
      .from(cases)
      .innerJoin(users, eq(users.id, cases.ownerId))
      .where(and(eq(cases.customerId, t.customerId), eq(users.kind, 'person')))
      .orderBy(sql`${cases.createdAt} desc`)
      .limit(1);
    const business = opts.config?.BUSINESS_NAME ?? 'Amends';
    const settings = await loadSettings(db);
    words = renderTouch(t.kind === 'greeting' ? 'greeting' : 'check_in', t.language, { customerName: customer.name, managerName: manager?.name ?? business, businessName: business }, settings.keepInTouch);
  }
  if (!opts.mailer) return void (await settle('not_sent', 'SMTP is not configured (set SMTP_URL)', words));
  const mailer = opts.mailer;
  const mailId = `touch-${t.id}`;
  // The intent (with the words and the Message-ID), durable before the first byte goes out.
  const markSending = async () => {
    const [marked] = await db
      .update(customerTouches)
      .set({ deliveryStatus: 'sending', externalId: mailer.messageIdFor(mailId), ...words })
      .where(and(eq(customerTouches.id, t.id), eq(customerTouches.deliveryStatus, 'queued')))
      .returning({ id: customerTouches.id });
    return !!marked;
  };
  let started = false;
  try {
    const sent = await mailer.send({ id: mailId, to: t.recipient!, subject: words.subject, text: words.body }, { onStart: async () => (started = await markSending()) });
    if (!sent) return; // settled meanwhile by another run
  } catch (err) {
    if (!started) throw err; // marking failed (the database): nothing went out
    // The transport answered with an error: not delivered, safe to try again.
    await settle(opts.final ? 'failed' : 'queued', opts.final ? `SMTP failed after ${opts.attempt} attempts: ${(err as Error).message}` : null, null, 'sending');
    throw err;
  }
  await settle('sent', null, null, 'sending');
}
