// Outgoing mail (the `message.send` job): a message recorded as queued —
// acknowledgement (P-1.5), reply, follow-up, reminder — goes out by SMTP in the
// case's email thread, and its delivery is settled on the record. At most once
// (issue 14): before the SMTP transaction starts the message is marked `sending`
// with its Message-ID, durably; a later attempt that finds it still `sending` knows
// a send was cut off by a crash and applies MAIL_UNCERTAIN (hold: `uncertain`, settled
// by `amends mail reconcile`; resend: send again under the same Message-ID).
import { and, desc, eq, sql } from 'drizzle-orm';
import { cases, messages } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';
import type { JobAttempt } from '../../db/jobs.ts';
import { replyAddress, type Config } from '../../config.ts';
import { formatCaseNumber } from '../../domain/case-lifecycle.ts';
import { newReplyToken } from '../../portal/portal-tokens.ts';
import { appendEvent } from '../../cases/case-store.ts';
import { SYSTEM } from '../../context.ts';
import type { Mailer } from './smtp-sender.ts';

/** What delivery needs besides the database: the mailer (none: not sent), the config for reply addresses, the attempt. */
export interface DeliverMessageOptions extends JobAttempt {
  mailer: Mailer | null;
  config: Config | null;
}

/**
 * Sends one queued message and records how it went: sent, not sent (no SMTP, no
 * address) or, on the last attempt, failed with the reason. An SMTP error is thrown
 * so the job is retried with backoff; the acknowledgement's delivery goes on the timeline.
 */
export async function deliverMessage(db: Db, input: { messageId: string }, opts: DeliverMessageOptions): Promise<void> {
  const [m] = await db.select().from(messages).where(eq(messages.id, input.messageId));
  if (!m) return;
  const settle = (status: 'sent' | 'not_sent' | 'failed' | 'uncertain', note: string | null, from: 'queued' | 'sending') => settleDelivery(db, m, status, note, from).then(() => undefined);
  if (m.deliveryStatus === 'sending') {
    // A send started and was never confirmed: the process stopped between marking it and settling it.
    if (opts.config?.MAIL_UNCERTAIN !== 'resend' || !opts.mailer) {
      return settle('uncertain', `the send of ${m.externalId ?? 'this message'} was cut off (the process stopped); not resent, so that it cannot arrive twice`, 'sending');
    }
    await db.update(messages).set({ deliveryStatus: 'queued' }).where(and(eq(messages.id, m.id), eq(messages.deliveryStatus, 'sending')));
    m.deliveryStatus = 'queued';
  }
  if (m.deliveryStatus !== 'queued') return;
  if (!opts.mailer) return settle('not_sent', 'SMTP is not configured (set SMTP_URL); the message is shown in the portal', 'queued');
  if (!m.recipient) return settle('not_sent', 'no recipient address', 'queued');
  const mailer = opts.mailer;
  const thread = await emailThread(db, mailer, opts.config, m);
  // The intent, durable before the first byte goes out (once a connection is free):
  // from then on a crash leaves the message `sending`.
  const messageId = mailer.messageIdFor(m.id);
  const markSending = async () => {
    const [marked] = await db
      .update(messages)
      .set({ deliveryStatus: 'sending', externalId: messageId })
      .where(and(eq(messages.id, m.id), eq(messages.deliveryStatus, 'queued')))
      .returning({ id: messages.id });
    return !!marked;
  };
  let started = false;
  try {
    const sent = await mailer.send(
      {
        id: m.id,
        to: m.recipient,
        subject: m.subject || thread.subject,
        text: m.body,
        references: thread.references,
        replyTo: thread.replyTo,
        autoSubmitted: m.kind === 'acknowledgement' ? 'auto-replied' : m.kind === 'message' ? undefined : 'auto-generated',
      },
      { onStart: async () => (started = await markSending()) },
    );
    if (!sent) return; // settled meanwhile by another run
  } catch (err) {
    if (!started) throw err; // marking failed (the database): nothing went out
    // The transport answered with an error (refused, rejected, unreachable): not delivered, safe to try again.
    if (opts.final) await settle('failed', `SMTP failed after ${opts.attempt} attempts: ${(err as Error).message}`, 'sending');
    else await db.update(messages).set({ deliveryStatus: 'queued' }).where(and(eq(messages.id, m.id), eq(messages.deliveryStatus, 'sending')));
    throw err;
  }
  await settle('sent', null, 'sending');
}

/** Records how delivery ended (only from the state the caller saw), with the acknowledgement's outcome on the timeline. */
export async function settleDelivery(
  db: Db,
  m: { id: string; caseId: string; kind: string },
  status: 'sent' | 'not_sent' | 'failed' | 'uncertain',
  note: string | null,
  from: 'queued' | 'sending' | 'uncertain',
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(messages)
      .set({ deliveryStatus: status, deliveryNote: note, sentAt: status === 'sent' ? new Date() : null })
      .where(and(eq(messages.id, m.id), eq(messages.deliveryStatus, from)))
      .returning({ id: messages.id });
    if (updated && m.kind === 'acknowledgement' && status !== 'uncertain') {
      await appendEvent(tx, m.caseId, SYSTEM, status === 'sent' ? 'acknowledgement_delivered' : 'acknowledgement_not_sent', {
        messageId: m.id,
        ...(note ? { reason: note } : {}),
      });
    }
    return !!updated;
  });
}

/** The conversation a mail belongs to: earlier mail on its case (threading headers) and its reply address. */
async function emailThread(
  db: Db,
  mailer: Mailer,
  config: Config | null,
  m: typeof messages.$inferSelect,
): Promise<{ subject: string; references: string[]; replyTo?: string }> {
  // Cases opened before reply tokens existed get one the first time they write to the customer.
  const [c] = await db
    .update(cases)
    .set({ replyToken: sql`coalesce(${cases.replyToken}, ${newReplyToken()})` })
    .where(eq(cases.id, m.caseId))
    .returning({ number: cases.number, subject: cases.subject, replyToken: cases.replyToken });
  const earlier = await db
    .select({ id: messages.id, direction: messages.direction, externalId: messages.externalId, deliveryStatus: messages.deliveryStatus })
    .from(messages)
    .where(and(eq(messages.caseId, m.caseId), eq(messages.channel, 'email'), sql`${messages.createdAt} < ${m.createdAt}`))
    .orderBy(desc(messages.createdAt))
    .limit(20);
  const references = earlier
    .reverse()
    .map((e) => (e.direction === 'inbound' ? e.externalId : e.deliveryStatus === 'sent' ? mailer.messageIdFor(e.id) : null))
    .filter((x): x is string => !!x && /^<[^<>\s]+>$/.test(x));
  const number = formatCaseNumber(c?.number ?? 0);
  return {
    subject: `Re: ${c?.subject ? `${c.subject} ` : ''}[${number}]`,
    references,
    replyTo: config && c?.replyToken ? replyAddress(config, c.replyToken) : undefined,
  };
}
