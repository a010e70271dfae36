// Scrubs the personal content of cases (docs/DATA-RIGHTS.md): messages, raw mail,
// files, the timeline's free text, restatements, ratings, promises, portal links.
// Numbers, dates, statuses, categories and money stay, so reports still add up.
// The one place that opens the timeline's narrow door (amends.erasing), inside the
// caller's transaction, and closes it again before returning.
import { and, inArray, sql } from 'drizzle-orm';
import { attachments, caseEvents, cases, commitments, compensations, inboundEmails, messages, portalTokens, ratings, recoveryCosts, restatements, reviews, surveyResponses, callEvents, employeeFeedback, notifications } from '../db/schema.ts';
import { queryRows, type Tx } from '../db/client.ts';
import { ERASED, scrubPersonal } from '../domain/personal-data.ts';

export interface ScrubCounts {
  cases: number;
  messages: number;
  attachments: number;
  rawMails: number;
  events: number;
}

/** Rewrites JSON column values row by row in one statement (VALUES list), for the rows whose value changed. */
async function rewriteJson(tx: Tx, table: 'case_events' | 'cases', column: 'data' | 'detection', rows: { id: string | number; value: unknown }[], idType: 'bigint' | 'uuid') {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const values = sql.join(
      chunk.map((r) => sql`(${String(r.id)}::${sql.raw(idType)}, ${JSON.stringify(r.value)}::jsonb)`),
      sql`, `,
    );
    await tx.execute(sql`update ${sql.identifier(table)} t set ${sql.identifier(column)} = v.value from (values ${values}) as v(id, value) where t.id = v.id`);
  }
}

/**
 * Scrubs `caseIds` in the caller's transaction; `needles` are the person's name parts and
 * contacts, looked for in the free text that stays. Safe to run twice.
 */
export async function scrubCases(tx: Tx, caseIds: string[], needles: string[]): Promise<ScrubCounts> {
  const counts: ScrubCounts = { cases: caseIds.length, messages: 0, attachments: 0, rawMails: 0, events: 0 };
  if (!caseIds.length) return counts;
  const ids = inArray(messages.caseId, caseIds);
  const msgs = await tx.update(messages).set({ body: ERASED, subject: null, recipient: null, rawSource: null, detection: null, deliveryNote: null }).where(ids).returning({ id: messages.id });
  counts.messages = msgs.length;
  const messageIds = msgs.map((m) => m.id);
  // Mail not yet sent would go out reading "[erased]": it is cancelled instead.
  if (messageIds.length) {
    await tx.execute(sql`update jobs set state = 'failed', finished_at = now(), last_error = 'the customer was erased'
      where state = 'pending' and kind = 'message.send' and payload->>'messageId' = any(${`{${messageIds.join(',')}}`}::text[])`);
  }
  counts.rawMails = (await tx.delete(inboundEmails).where(inArray(inboundEmails.caseId, caseIds)).returning({ id: inboundEmails.id })).length;
  counts.attachments = (
    await tx.update(attachments).set({ content: null, filename: null, skippedReason: 'erased' }).where(inArray(attachments.caseId, caseIds)).returning({ id: attachments.id })
  ).length;
  await tx.update(restatements).set({ text: ERASED, correction: null, confirmationNote: null }).where(inArray(restatements.caseId, caseIds));
  await tx.update(ratings).set({ comment: null }).where(inArray(ratings.caseId, caseIds));
  await tx.update(commitments).set({ description: ERASED }).where(inArray(commitments.caseId, caseIds));
  await tx.update(compensations).set({ description: ERASED, decisionReason: null }).where(inArray(compensations.caseId, caseIds));
  await tx.update(recoveryCosts).set({ description: null }).where(inArray(recoveryCosts.caseId, caseIds));
  await tx.update(reviews).set({ author: null, text: ERASED, link: null }).where(inArray(reviews.caseId, caseIds));
  await tx.update(surveyResponses).set({ comment: null }).where(inArray(surveyResponses.caseId, caseIds));
  await tx.update(callEvents).set({ fromNumber: ERASED, recordingUrl: null, data: {} }).where(inArray(callEvents.caseId, caseIds));
  await tx.delete(portalTokens).where(inArray(portalTokens.caseId, caseIds));
  // The customer's own words kept elsewhere: praise they wrote (the ledger keeps the count), and
  // the excerpt a "customer replied" notification shows staff.
  await tx.update(employeeFeedback).set({ reason: null }).where(and(inArray(employeeFeedback.caseId, caseIds), inArray(employeeFeedback.source, ['portal', 'rating'])));
  await tx.update(notifications).set({ data: sql`${notifications.data} - 'excerpt'` }).where(inArray(notifications.caseId, caseIds));

  // The case row: its subject and reply address go; detection keeps its figures, not the words.
  const caseRows = await tx.select({ id: cases.id, detection: cases.detection }).from(cases).where(inArray(cases.id, caseIds));
  await tx.update(cases).set({ subject: null, replyToken: null, erasedAt: sql`coalesce(${cases.erasedAt}, now())` }).where(inArray(cases.id, caseIds));
  await rewriteJson(tx, 'cases', 'detection', caseRows.filter((c) => c.detection !== null).map((c) => ({ id: c.id, value: scrubPersonal(c.detection, needles) })), 'uuid');

  // The timeline: append-only except through this door, which lets only event data change.
  const events = await tx.select({ id: caseEvents.id, data: caseEvents.data }).from(caseEvents).where(inArray(caseEvents.caseId, caseIds));
  const changed = events
    .map((e) => ({ id: e.id, before: JSON.stringify(e.data), value: scrubPersonal(e.data, needles) }))
    .filter((e) => JSON.stringify(e.value) !== e.before);
  if (changed.length) {
    await tx.execute(sql`select set_config('amends.erasing', 'on', true)`);
    await rewriteJson(tx, 'case_events', 'data', changed, 'bigint');
    await tx.execute(sql`select set_config('amends.erasing', 'off', true)`);
  }
  counts.events = changed.length;
  return counts;
}

/** The cases of these customers (the erased customer and duplicates merged into them). */
export async function casesOf(tx: Tx, customerIds: string[]): Promise<string[]> {
  if (!customerIds.length) return [];
  const rows = await queryRows<{ id: string }>(tx, sql`select id from cases where customer_id = any(${`{${customerIds.join(',')}}`}::uuid[])`);
  return rows.map((r) => r.id);
}
