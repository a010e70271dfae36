// Merging a duplicate into the case that survives: the duplicate's conversation
// (messages and their attachments) moves over, its portal links open the surviving
// case, its clocks stop, and it closes with a pointer. Both timelines record it; the
// duplicate's own timeline, commitments and compensation stay where they happened.
import { eq } from 'drizzle-orm';
import { attachments, cases, messages, portalTokens } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { assertNotClosed, formatCaseNumber, parseCaseNumber, priorityName, type CaseStatus } from '../domain/case-lifecycle.ts';
import type { Actor } from '../context.ts';
import { appendEvent, assertHandler, isUuid, lockCase, moveCase, touchCase } from './case-store.ts';
import { meetClocks } from '../clocks/meet-clocks.ts';

/** The id of a case named by id or by number (C-000123). */
async function caseIdOf(tx: Tx, ref: string): Promise<string> {
  if (isUuid(ref)) return ref;
  const number = parseCaseNumber(ref);
  if (number === null) throw new AppError('CASE_NOT_FOUND', 'no such case');
  const [row] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.number, number));
  if (!row) throw new AppError('CASE_NOT_FOUND', 'no such case');
  return row.id;
}

/**
 * Merges input.caseId (the duplicate) into input.into (an id or case number) and returns
 * the surviving case's id. Both cases must be open, the same customer's, and the actor a
 * handler of both (P-2.4).
 */
export async function mergeCases(tx: Tx, actor: Actor, input: { caseId: string; into: string; reason?: string }): Promise<{ caseId: string }> {
  if (!isUuid(input.caseId)) throw new AppError('CASE_NOT_FOUND', 'no such case');
  const intoId = await caseIdOf(tx, input.into.trim());
  if (intoId === input.caseId) throw new AppError('VALIDATION_FAILED', 'a case cannot be merged into itself');
  // Locks in id order, so two merges crossing each other never deadlock.
  const [first, second] = [input.caseId, intoId].sort();
  const locked = new Map([[first!, await lockCase(tx, first!)], [second!, await lockCase(tx, second!)]]);
  const dup = locked.get(input.caseId)!;
  const keep = locked.get(intoId)!;
  assertNotClosed(dup.status as CaseStatus);
  assertNotClosed(keep.status as CaseStatus);
  if (dup.customerId !== keep.customerId) throw new AppError('MERGE_CUSTOMER_MISMATCH', "only one customer's cases merge: the portal of one would show the other's");
  await assertHandler(tx, actor, dup);
  await assertHandler(tx, actor, keep);
  const reason = input.reason?.trim();
  const moved = await tx.update(messages).set({ caseId: keep.id }).where(eq(messages.caseId, dup.id)).returning({ id: messages.id });
  await tx.update(attachments).set({ caseId: keep.id }).where(eq(attachments.caseId, dup.id));
  // The customer's old link keeps working and shows the case that goes on.
  await tx.update(portalTokens).set({ caseId: keep.id }).where(eq(portalTokens.caseId, dup.id));
  await meetClocks(tx, dup.id, ['acknowledgement', 'first_response', 'resolve']);
  const [fresh] = await tx.select().from(cases).where(eq(cases.id, dup.id));
  const closeReason = `merged into ${formatCaseNumber(keep.number)}`;
  await moveCase(tx, fresh!, 'close_unresolved', actor, { closeReason });
  const common = reason ? { reason } : {};
  await appendEvent(tx, dup.id, actor, 'merged_into', { intoCaseId: keep.id, intoNumber: formatCaseNumber(keep.number), messages: moved.length, ...common });
  await appendEvent(tx, dup.id, actor, 'closed', { reason: closeReason });
  await appendEvent(tx, keep.id, actor, 'case_merged', { fromCaseId: dup.id, fromNumber: formatCaseNumber(dup.number), messages: moved.length, ...common });
  // The surviving case is at least as urgent as the duplicate was.
  if (dup.priority > keep.priority) {
    await tx.update(cases).set({ priority: dup.priority }).where(eq(cases.id, keep.id));
    await appendEvent(tx, keep.id, actor, 'priority_changed', { from: priorityName(keep.priority), to: priorityName(dup.priority), reason: 'merge' });
  }
  await touchCase(tx, keep.id);
  return { caseId: keep.id };
}
