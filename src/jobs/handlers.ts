// What each durable job does. Every handler is idempotent (STYLE 8): it
// checks the state it is about to change, so running it twice is harmless.
import { and, desc, eq, sql } from 'drizzle-orm';
import { cases, commitments, customers, customerTouches, followUps, messages, users } from '../db/schema.ts';
import { renderTouch } from '../domain/keep-in-touch.ts';
import { mailCustomer } from '../customers/customer-mail.ts';
import { queryRows, type Tx } from '../db/client.ts';
import type { Config } from '../config.ts';
import { loadConfig, publicUrl, replyAddress } from '../config.ts';
import { markInboundFailed, processInboundEmail } from '../channels/email/receive-email.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { renderFollowUp } from '../domain/acknowledgement.ts';
import { issuePortalToken, newReplyToken, portalUrlFor } from '../portal/portal-tokens.ts';
import type { Db } from '../db/client.ts';
import type { Mailer } from '../channels/email/smtp-sender.ts';
import { appendEvent, isUuid, lockCase } from '../cases/case-store.ts';
import { SYSTEM } from '../context.ts';
import type { JobKind, JobPayloads } from '../db/jobs.ts';
import { loadSettings } from '../settings/business-settings.ts';
import { breakOverdueCommitment } from '../cases/break-commitment.ts';
import { expireBonus } from '../compensation/expire-bonus.ts';
import { remindBonus } from '../compensation/remind-bonus.ts';

export interface JobContext {
  db: Db;
  mailer: Mailer | null;
  /** For links in mail to customers; absent in tools that run jobs without a server. */
  config: Config | null;
  attempt: number;
  /** True on the last attempt: a handler records the failure for people to see. */
  final: boolean;
}

type Handler<K extends JobKind> = (payload: JobPayloads[K], ctx: JobContext) => Promise<void>;

async function sendMessage(payload: JobPayloads['message.send'], ctx: JobContext): Promise<void> {
  const [m] = await ctx.db.select().from(messages).where(eq(messages.id, payload.messageId));
  if (!m || m.deliveryStatus !== 'queued') return;
  const settle = async (status: 'sent' | 'not_sent' | 'failed', note: string | null) => {
    await ctx.db.transaction(async (tx) => {
      const [updated] = await tx
        .update(messages)
        .set({ deliveryStatus: status, deliveryNote: note, sentAt: status === 'sent' ? new Date() : null })
        .where(and(eq(messages.id, m.id), eq(messages.deliveryStatus, 'queued')))
        .returning({ id: messages.id });
      if (updated && m.kind === 'acknowledgement') {
        await appendEvent(tx, m.caseId, SYSTEM, status === 'sent' ? 'acknowledgement_delivered' : 'acknowledgement_not_sent', {
          messageId: m.id,
          ...(note ? { reason: note } : {}),
        });
      }
    });
  };
  if (!ctx.mailer) return settle('not_sent', 'SMTP is not configured (set SMTP_URL); the message is shown in the portal');
  if (!m.recipient) return settle('not_sent', 'no recipient address');
  try {
    const thread = await emailThread(ctx, m);
    await ctx.mailer.send({
      id: m.id,
      to: m.recipient,
      subject: m.subject || thread.subject,
      text: m.body,
      references: thread.references,
      replyTo: thread.replyTo,
      autoSubmitted: m.kind === 'acknowledgement' ? 'auto-replied' : m.kind === 'message' ? undefined : 'auto-generated',
    });
  } catch (err) {
    if (ctx.final) await settle('failed', `SMTP failed after ${ctx.attempt} attempts: ${(err as Error).message}`);
    throw err;
  }
  await settle('sent', null);
}

/** The conversation a mail belongs to: earlier mail on its case (threading headers) and its reply address. */
async function emailThread(ctx: JobContext, m: typeof messages.$inferSelect): Promise<{ subject: string; references: string[]; replyTo?: string }> {
  // Cases opened before reply tokens existed get one the first time they write to the customer.
  const [c] = await ctx.db
    .update(cases)
    .set({ replyToken: sql`coalesce(${cases.replyToken}, ${newReplyToken()})` })
    .where(eq(cases.id, m.caseId))
    .returning({ number: cases.number, subject: cases.subject, replyToken: cases.replyToken });
  const earlier = await ctx.db
    .select({ id: messages.id, direction: messages.direction, externalId: messages.externalId, deliveryStatus: messages.deliveryStatus })
    .from(messages)
    .where(and(eq(messages.caseId, m.caseId), eq(messages.channel, 'email'), sql`${messages.createdAt} < ${m.createdAt}`))
    .orderBy(desc(messages.createdAt))
    .limit(20);
  const references = earlier
    .reverse()
    .map((e) => (e.direction === 'inbound' ? e.externalId : e.deliveryStatus === 'sent' ? ctx.mailer!.messageIdFor(e.id) : null))
    .filter((x): x is string => !!x && /^<[^<>\s]+>$/.test(x));
  const number = formatCaseNumber(c?.number ?? 0);
  return {
    subject: `Re: ${c?.subject ? `${c.subject} ` : ''}[${number}]`,
    references,
    replyTo: ctx.config && c?.replyToken ? replyAddress(ctx.config, c.replyToken) : undefined,
  };
}

async function commitmentDue(payload: JobPayloads['commitment.due'], ctx: JobContext): Promise<void> {
  // Most promises are kept before their timer fires: look first, lock only when there is work.
  const [c] = isUuid(payload.commitmentId)
    ? await ctx.db.select({ status: commitments.status }).from(commitments).where(eq(commitments.id, payload.commitmentId))
    : [];
  if (!c || c.status !== 'open') return;
  await ctx.db.transaction((tx) => breakOverdueCommitment(tx, payload.commitmentId).then(() => undefined));
}

/** P-4.1, P-4.2: about 30 days after resolution the owner asks the customer how things are. */
async function followUpDue(payload: JobPayloads['follow_up.due'], ctx: JobContext): Promise<void> {
  if (!isUuid(payload.followUpId)) return;
  await ctx.db.transaction(async (t) => {
    const tx = t as Tx;
    const [f] = await tx.select().from(followUps).where(and(eq(followUps.id, payload.followUpId), eq(followUps.status, 'scheduled')));
    if (!f) return;
    const row = await lockCase(tx, f.caseId);
    if (row.status !== 'resolved' && row.status !== 'closed') {
      await tx.update(followUps).set({ status: 'cancelled' }).where(eq(followUps.id, f.id));
      await appendEvent(tx, f.caseId, SYSTEM, 'follow_up_cancelled', { followUpId: f.id, reason: `the case is ${row.status} again` });
      return;
    }
    await tx.update(followUps).set({ status: 'done', doneAt: new Date() }).where(eq(followUps.id, f.id));
    await appendEvent(tx, f.caseId, SYSTEM, 'follow_up_due', { followUpId: f.id, ownerId: row.ownerId });
    const [customer] = await tx.select({ name: customers.name }).from(customers).where(eq(customers.id, row.customerId));
    const [owner] = row.ownerId ? await tx.select({ name: users.name }).from(users).where(eq(users.id, row.ownerId)) : [];
    const token = ctx.config ? await issuePortalToken(tx, row.id, ctx.config.PORTAL_LINK_DAYS) : null;
    const text = renderFollowUp(row.language, {
      customerName: customer?.name ?? null,
      caseNumber: formatCaseNumber(row.number),
      ownerName: owner?.name ?? ctx.config?.BUSINESS_NAME ?? 'Amends',
      portalUrl: token && ctx.config ? portalUrlFor(publicUrl(ctx.config), token) : null,
      askToUpdateReview: row.channel === 'review' || row.channel === 'social',
    });
    const { messageId, queued } = await mailCustomer(tx, {
      caseId: row.id,
      customerId: row.customerId,
      kind: 'follow_up',
      language: row.language,
      ...text,
      withoutEmail: 'call them instead',
    });
    await appendEvent(tx, row.id, SYSTEM, 'follow_up_sent', { followUpId: f.id, messageId, delivered: queued ? 'queued' : 'not_sent' });
  });
}

/** P-2.11: the owner is reminded of an open promise before it falls due (timeline, and mail when SMTP is set). */
async function commitmentRemind(payload: JobPayloads['commitment.remind'], ctx: JobContext): Promise<void> {
  if (!isUuid(payload.commitmentId)) return;
  const [c] = await ctx.db.select().from(commitments).where(eq(commitments.id, payload.commitmentId));
  if (!c || c.status !== 'open') return;
  const [owner] = c.ownerId ? await ctx.db.select({ email: users.email, name: users.name, kind: users.kind }).from(users).where(eq(users.id, c.ownerId)) : [];
  const [row] = await ctx.db.select({ number: cases.number }).from(cases).where(eq(cases.id, c.caseId));
  // The reminder event carries the job's own key, so a retry after a crash adds no second one.
  const done = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from case_events where case_id = ${c.caseId} and type = 'commitment_reminder' and data->>'commitmentId' = ${c.id}`);
  if (done[0]!.n === 0) await appendEvent(ctx.db, c.caseId, SYSTEM, 'commitment_reminder', { commitmentId: c.id, ownerId: c.ownerId, dueAt: c.dueAt.toISOString() });
  if (ctx.mailer && owner && owner.kind === 'person') {
    await ctx.mailer.send({
      id: `remind-${c.id}`,
      to: owner.email,
      subject: `Promise due ${c.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC — ${formatCaseNumber(row?.number ?? 0)}`,
      text: `${owner.name}, you promised: “${c.description}”.\nIt is due at ${c.dueAt.toISOString()}. Keep it, or tell the customer now what will happen instead (P-2.11).`,
    });
  }
}

/** P-4.5: a greeting, check-in or news to a departed customer, signed by their manager. */
async function sendTouch(payload: JobPayloads['touch.send'], ctx: JobContext): Promise<void> {
  if (!isUuid(payload.touchId)) return;
  const [t] = await ctx.db.select().from(customerTouches).where(eq(customerTouches.id, payload.touchId));
  if (!t || t.deliveryStatus !== 'queued') return;
  const settle = (status: 'sent' | 'not_sent' | 'failed', note: string | null, words: { subject: string; body: string } | null) =>
    ctx.db
      .update(customerTouches)
      .set({ deliveryStatus: status, deliveryNote: note, sentAt: status === 'sent' ? new Date() : null, ...(words ?? {}) })
      .where(and(eq(customerTouches.id, t.id), eq(customerTouches.deliveryStatus, 'queued')));
  let words = t.subject && t.body ? { subject: t.subject, body: t.body } : null;
  if (!words) {
    const [customer] = await ctx.db.select({ name: customers.name, status: customers.status, doNotContact: customers.doNotContact }).from(customers).where(eq(customers.id, t.customerId));
    // They came back or asked not to be contacted since the touch was planned.
    if (!customer || customer.status !== 'departed' || customer.doNotContact) return void (await settle('not_sent', 'the customer is no longer departed or asked not to be contacted', null));
    const [manager] = await ctx.db
      .select({ name: users.name })
      .from(cases)
      .innerJoin(users, eq(users.id, cases.ownerId))
      .where(and(eq(cases.customerId, t.customerId), eq(users.kind, 'person')))
      .orderBy(sql`${cases.createdAt} desc`)
      .limit(1);
    const business = ctx.config?.BUSINESS_NAME ?? 'Amends';
    const settings = await loadSettings(ctx.db);
    words = renderTouch(t.kind === 'greeting' ? 'greeting' : 'check_in', t.language, { customerName: customer.name, managerName: manager?.name ?? business, businessName: business }, settings.keepInTouch);
  }
  if (!ctx.mailer) return void (await settle('not_sent', 'SMTP is not configured (set SMTP_URL)', words));
  try {
    await ctx.mailer.send({ id: `touch-${t.id}`, to: t.recipient!, subject: words.subject, text: words.body });
  } catch (err) {
    if (ctx.final) await settle('failed', `SMTP failed after ${ctx.attempt} attempts: ${(err as Error).message}`, words);
    throw err;
  }
  await settle('sent', null, words);
}

/** P-3.5: remind the customer before their bonus expires. */
async function bonusRemind(payload: JobPayloads['bonus.remind'], ctx: JobContext): Promise<void> {
  await ctx.db.transaction(async (tx) => void (await remindBonus(tx as Tx, payload.bonusId)));
}

/** P-3.5: a bonus not redeemed by its expiry is expired in the ledger. */
async function bonusExpire(payload: JobPayloads['bonus.expire'], ctx: JobContext): Promise<void> {
  await ctx.db.transaction(async (tx) => void (await expireBonus(tx as Tx, payload.bonusId)));
}

/** An inbound email stored but not yet routed (the process died, or the database hiccuped). */
async function emailProcess(payload: JobPayloads['email.process'], ctx: JobContext): Promise<void> {
  if (!isUuid(payload.inboundId)) return;
  const config = ctx.config ?? loadConfig({});
  try {
    await processInboundEmail(ctx.db, { config, wakeWorker: () => {} }, payload.inboundId);
  } catch (err) {
    if (ctx.final) await markInboundFailed(ctx.db, payload.inboundId, `processing failed after ${ctx.attempt} attempts: ${(err as Error).message}`);
    throw err;
  }
}

export const HANDLERS: { [K in JobKind]: Handler<K> } = {
  'email.process': emailProcess,
  'message.send': sendMessage,
  'commitment.due': commitmentDue,
  'commitment.remind': commitmentRemind,
  'follow_up.due': followUpDue,
  'touch.send': sendTouch,
  'bonus.remind': bonusRemind,
  'bonus.expire': bonusExpire,
};
