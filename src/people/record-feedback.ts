// Praise and complaints naming an employee (P-4.8). A supervisor marks a complaint on a case
// justified against a named person, with a reason (only then it counts); staff record praise
// or complaints that came by review, survey or in person; the customer praises the person
// who handled their case from the portal (and by naming them in a rating).
import { and, eq } from 'drizzle-orm';
import { employeeFeedback, users } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { actorId, type Actor } from '../context.ts';
import { appendEvent, isUuid, lockCase, touchCase } from '../cases/case-store.ts';

async function person(tx: Tx, userId: string): Promise<{ id: string; name: string }> {
  const [u] = isUuid(userId) ? await tx.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.id, userId), eq(users.kind, 'person'))) : [];
  if (!u) throw new AppError('USER_NOT_FOUND', 'no such staff member');
  return u;
}

/** A supervisor's finding that a complaint was justified against the named employee. */
export async function markComplaintJustified(tx: Tx, actor: Actor, input: { caseId: string; userId: string; reason: string }): Promise<{ id: string }> {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('REASON_REQUIRED', 'say why the complaint is justified');
  const c = await lockCase(tx, input.caseId);
  const u = await person(tx, input.userId);
  const id = newId();
  const [row] = await tx
    .insert(employeeFeedback)
    .values({ id, userId: u.id, kind: 'complaint', source: 'supervisor', caseId: c.id, customerId: c.customerId, justified: true, reason, recordedBy: actorId(actor) })
    .onConflictDoNothing()
    .returning({ id: employeeFeedback.id });
  if (!row) throw new AppError('ALREADY_JUSTIFIED', 'this complaint is already marked justified against this employee');
  await appendEvent(tx, c.id, actor, 'complaint_justified', { userId: u.id, name: u.name, reason });
  await touchCase(tx, c.id);
  return row;
}

/** A staff entry: praise or a complaint about a person that arrived by review, survey or in person. */
export async function recordFeedback(
  tx: Tx,
  actor: Actor,
  input: { userId: string; kind: 'praise' | 'complaint'; source: 'review' | 'survey' | 'staff'; caseId?: string | null; reason: string; justified?: boolean },
): Promise<{ id: string }> {
  const u = await person(tx, input.userId);
  const c = input.caseId ? await lockCase(tx, input.caseId) : null;
  const justified = input.kind === 'complaint' && (input.justified ?? false);
  const id = newId();
  const [row] = await tx
    .insert(employeeFeedback)
    .values({ id, userId: u.id, kind: input.kind, source: input.source, caseId: c?.id ?? null, customerId: c?.customerId ?? null, justified, reason: input.reason.trim() || null, recordedBy: actorId(actor) })
    .onConflictDoNothing()
    .returning({ id: employeeFeedback.id });
  if (!row) throw new AppError('ALREADY_JUSTIFIED', 'this complaint is already marked justified against this employee');
  if (c) await appendEvent(tx, c.id, actor, input.kind === 'praise' ? 'praise_received' : 'complaint_justified', { userId: u.id, name: u.name, source: input.source, ...(justified || input.kind === 'praise' ? {} : { justified: false }) });
  return row;
}

/** The customer praises, by name, the person who handled their case (the portal). */
export async function praiseHandler(tx: Tx, actor: Actor, input: { caseId: string; message?: string | null }): Promise<{ userId: string; name: string }> {
  const c = await lockCase(tx, input.caseId);
  if (!c.ownerId) throw new AppError('CASE_STATE_CONFLICT', 'nobody handles this case yet');
  const u = await person(tx, c.ownerId);
  const [row] = await tx
    .insert(employeeFeedback)
    .values({ id: newId(), userId: u.id, kind: 'praise', source: 'portal', caseId: c.id, customerId: c.customerId, reason: input.message?.trim() || null })
    .onConflictDoNothing()
    .returning({ id: employeeFeedback.id });
  if (!row) throw new AppError('ALREADY_PRAISED', 'you have already praised them for this case — thank you');
  await appendEvent(tx, c.id, actor, 'praise_received', { userId: u.id, name: u.name, source: 'portal', ...(input.message?.trim() ? { message: input.message.trim() } : {}) });
  return { userId: u.id, name: u.name };
}

/** Praise named in a rating counts in the ledger too (once per case and person). */
export async function praiseFromRating(tx: Tx, input: { caseId: string; customerId: string; userId: string; comment?: string | null }): Promise<void> {
  await tx
    .insert(employeeFeedback)
    .values({ id: newId(), userId: input.userId, kind: 'praise', source: 'rating', caseId: input.caseId, customerId: input.customerId, reason: input.comment ?? null })
    .onConflictDoNothing();
}
