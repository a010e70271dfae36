// Splitting a message out of a case into a new case of the same customer: an
// e-mail that raised a second, separate complaint gets its own owner, status and
// timeline. The message (with its attachments) moves; both timelines point to each other.
import { and, count, eq } from 'drizzle-orm';
import { attachments, cases, messages } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { assertNotClosed, formatCaseNumber, type CaseStatus } from '../domain/case-lifecycle.ts';
import { newReplyToken } from '../portal/portal-tokens.ts';
import type { Actor } from '../context.ts';
import { appendEvent, isUuid, lockCaseToAct, touchCase } from './case-store.ts';

/**
 * Opens a new case (acknowledged, same customer, owner and priority; no clocks: the
 * customer's complaint was acknowledged on the first case) with the given message, and
 * returns its id. The last message of a case cannot leave it.
 */
export async function splitCase(tx: Tx, actor: Actor, input: { caseId: string; messageId: string; reason?: string }): Promise<{ caseId: string }> {
  const row = await lockCaseToAct(tx, actor, input.caseId);
  assertNotClosed(row.status as CaseStatus);
  if (!isUuid(input.messageId)) throw new AppError('MESSAGE_NOT_FOUND', 'no such message on this case');
  const [msg] = await tx
    .select()
    .from(messages)
    .where(and(eq(messages.id, input.messageId), eq(messages.caseId, row.id)));
  if (!msg) throw new AppError('MESSAGE_NOT_FOUND', 'no such message on this case');
  const [{ n }] = (await tx.select({ n: count() }).from(messages).where(eq(messages.caseId, row.id))) as [{ n: number }];
  if (n < 2) throw new AppError('CASE_STATE_CONFLICT', "a case's only message cannot be split out of it");
  const id = newId();
  const now = new Date();
  const [created] = await tx
    .insert(cases)
    .values({
      id,
      customerId: row.customerId,
      channel: msg.channel,
      status: row.ownerId ? 'acknowledged' : 'new',
      priority: row.priority,
      language: msg.language ?? row.language,
      subject: msg.subject ?? row.subject,
      ownerId: row.ownerId,
      businessUnit: row.businessUnit,
      acknowledgedAt: row.ownerId ? now : null,
      // Set here (milliseconds), as intake does: the queue's cursors carry times in milliseconds.
      createdAt: now,
      updatedAt: now,
      replyToken: newReplyToken(),
    })
    .returning({ number: cases.number });
  await tx.update(messages).set({ caseId: id }).where(eq(messages.id, msg.id));
  await tx.update(attachments).set({ caseId: id }).where(eq(attachments.messageId, msg.id));
  const reason = input.reason?.trim();
  const common = { messageId: msg.id, ...(reason ? { reason } : {}) };
  await appendEvent(tx, id, actor, 'case_opened', { channel: msg.channel, customerId: row.customerId, splitFrom: row.id });
  if (row.ownerId) await appendEvent(tx, id, actor, 'owner_assigned', { ownerId: row.ownerId, previousOwnerId: null, reason: 'split' });
  // The customer heard from us on the first case: the new one starts acknowledged (P-1.5).
  if (row.ownerId) await appendEvent(tx, id, actor, 'acknowledged', { bySplit: true });
  await appendEvent(tx, id, actor, 'split_from', { fromCaseId: row.id, fromNumber: formatCaseNumber(row.number), ...common });
  await appendEvent(tx, row.id, actor, 'case_split', { newCaseId: id, newNumber: formatCaseNumber(created!.number), ...common });
  await touchCase(tx, row.id);
  return { caseId: id };
}
