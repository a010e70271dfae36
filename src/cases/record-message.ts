// Messages on a case: inbound ones the customer sent by any channel, outbound
// replies staff write. An outbound email goes out through a durable job; an
// apology in it ticks the playbook step (P-2.5).
import { and, desc, eq } from 'drizzle-orm';
import { cannedReplies, customerContacts, customers, messages, restatements, users } from '../db/schema.ts';
import type { Queryable, Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { assertNotClosed, formatCaseNumber, type CaseStatus } from '../domain/case-lifecycle.ts';
import { readsAsApology } from '../domain/playbook.ts';
import { enqueue } from '../db/jobs.ts';
import { appendEvent, lockCaseToAct, touchCase, type CaseRow } from './case-store.ts';
import { SYSTEM, type Actor, type Services } from '../context.ts';
import { applyTriage } from './intake/plan-triage.ts';
import { meetClocks } from '../clocks/meet-clocks.ts';
import { detect } from '../domain/detection/index.ts';
import { detectionSummary } from '../domain/triage.ts';
import { checkReply, type ReplyWarning } from '../domain/reply-check.ts';
import { isLanguage } from '../domain/languages.ts';
import { cachedSettings, calendarFor } from '../settings/business-settings.ts';
import { resumeClocks } from '../clocks/pause-clocks.ts';
import { notify } from '../notifications/notify.ts';

export interface RecordMessageInput {
  direction: 'inbound' | 'outbound';
  channel: string;
  body: string;
  subject?: string | null;
  /** Staff may mark a reply as the personal apology even when the words are not recognised. */
  apology?: boolean;
  rawSource?: string | null;
  /** The message's id at its channel (an email's Message-ID): threads replies, refuses duplicates. */
  externalId?: string | null;
}

export interface RecordedMessage {
  id: string;
  /** For a reply: what the reply checker noticed (P-2.5, P-2.6). */
  warnings: ReplyWarning[];
  /** For an inbound message: how it reads (P-1.2). */
  detection: { dissatisfied: boolean; score: number; intensity: number } | null;
}

export async function recordMessage(tx: Tx, actor: Actor, input: { caseId: string } & RecordMessageInput, opts: { services: Services }): Promise<RecordedMessage> {
  const { caseId } = input;
  const { services } = opts;
  const row = await lockCaseToAct(tx, actor, caseId);
  // A customer writing into a resolved case is normal; a closed case must be reopened by staff.
  if (input.direction === 'outbound' || actor.type !== 'customer') assertNotClosed(row.status as CaseStatus);
  const id = newId();
  let recipient: string | null = null;
  let deliveryStatus: string | null = null;
  if (input.direction === 'outbound' && input.channel === 'email') {
    const [c] = await tx
      .select({ value: customerContacts.value })
      .from(customerContacts)
      .where(and(eq(customerContacts.customerId, row.customerId), eq(customerContacts.kind, 'email')))
      .limit(1);
    recipient = c?.value ?? null;
    deliveryStatus = recipient ? 'queued' : 'not_sent';
  }
  const d = input.direction === 'inbound' ? detect(input.body, isLanguage(row.language) ? { language: row.language } : {}) : null;
  await tx.insert(messages).values({
    id,
    detection: d ? detectionSummary(d, id) : null,
    caseId,
    direction: input.direction,
    channel: input.channel,
    authorUserId: actor.type === 'user' ? actor.id : null,
    subject: input.subject ?? null,
    body: input.body,
    language: row.language,
    rawSource: input.rawSource ?? null,
    externalId: input.externalId ?? null,
    recipient,
    deliveryStatus,
    deliveryNote: deliveryStatus === 'not_sent' ? 'the customer has no email address on record' : null,
  });
  if (deliveryStatus === 'queued') await enqueue(tx, 'message.send', { messageId: id }, { dedupeKey: `message.send:${id}` });
  let warnings: ReplyWarning[] = [];
  if (input.direction === 'inbound') {
    await appendEvent(tx, caseId, actor, 'message_received', { messageId: id, channel: input.channel });
    // P-1.2: every inbound message is scored; a dissatisfied one on a finished case is flagged.
    const [customer] = await tx.select({ tier: customers.tier, lifetimeValue: customers.lifetimeValue }).from(customers).where(eq(customers.id, row.customerId));
    const [owner] = row.ownerId ? await tx.select({ supervisorId: users.supervisorId }).from(users).where(eq(users.id, row.ownerId)) : [];
    const settings = await cachedSettings(tx, services);
    const triage = await applyTriage(tx, services, settings, row, id, d!, customer!, owner?.supervisorId ?? null);
    // The customer answered: clocks paused while waiting on them run again.
    await resumeClocks(tx, actor, caseId, calendarFor(settings, row.businessUnit), settings.clockPolicy.warnBeforeMinutes);
    // The owner hears that the customer answered (issue 13), by mail too when they asked.
    const ownerNow = triage.newOwner?.id ?? row.ownerId;
    if (actor.type === 'customer' && ownerNow) {
      await notify(tx, [{ userId: ownerNow, kind: 'customer_replied', caseId, data: { caseNumber: formatCaseNumber(row.number), channel: input.channel, excerpt: input.body.slice(0, 200) } }]);
    }
    if (d!.dissatisfied && (row.status === 'resolved' || row.status === 'closed')) {
      await appendEvent(tx, caseId, SYSTEM, 'dissatisfaction_flagged', { messageId: id, status: row.status, score: d!.score, intensity: d!.intensity });
    }
  } else {
    warnings = await checkReplyFor(tx, row, input.body, input.channel);
    // The first personal reply by staff stops the first-response clocks (P-1.4, P-1.6).
    if (actor.type === 'user') await meetClocks(tx, caseId, ['first_response']);
    const apology = input.apology === true || readsAsApology(input.body);
    await appendEvent(tx, caseId, actor, 'message_sent', { messageId: id, channel: input.channel, apology });
    if (apology) await appendEvent(tx, caseId, actor, 'apology_recorded', { messageId: id, via: input.channel });
  }
  await touchCase(tx, caseId);
  return { id, warnings, detection: d ? { dissatisfied: d.dissatisfied, score: d.score, intensity: d.intensity } : null };
}

/** Runs the reply checker against the case: its customer, what they wrote, and how upset they are. */
export async function checkReplyFor(tx: Queryable, row: CaseRow, body: string, channel: string): Promise<ReplyWarning[]> {
  const [customer] = await tx.select({ name: customers.name }).from(customers).where(eq(customers.id, row.customerId));
  const inbound = await tx
    .select({ body: messages.body })
    .from(messages)
    .where(and(eq(messages.caseId, row.id), eq(messages.direction, 'inbound')))
    .orderBy(desc(messages.createdAt))
    .limit(5);
  const [restatement] = await tx.select({ text: restatements.text }).from(restatements).where(eq(restatements.caseId, row.id)).orderBy(desc(restatements.createdAt)).limit(1);
  // Every canned reply, whatever its language: an agent may answer in a second language.
  const templates = await tx.select({ body: cannedReplies.body }).from(cannedReplies).limit(1000);
  const [owner] = row.ownerId ? await tx.select({ name: users.name }).from(users).where(eq(users.id, row.ownerId)) : [];
  return checkReply({
    templates: templates.map((t) => t.body),
    placeholders: { customerName: customer?.name ?? '', caseNumber: formatCaseNumber(row.number), ownerName: owner?.name ?? '' },
    body,
    customerName: customer?.name ?? null,
    caseTexts: [row.subject ?? '', ...inbound.map((m) => m.body), restatement?.text ?? ''],
    intensity: row.intensity ?? 0,
    channel,
  });
}
