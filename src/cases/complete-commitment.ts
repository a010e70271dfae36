// P-2.11: a promise delivered on time is kept; delivered late it stays
// recorded as broken (the customer waited), with when it was delivered.
import { eq } from 'drizzle-orm';
import { commitments } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { appendEvent, assertHandler, isUuid, lockCase } from './case-store.ts';
import { type Actor } from '../context.ts';

export type CommitmentRow = typeof commitments.$inferSelect;

export async function loadCommitment(tx: Tx, commitmentId: string): Promise<CommitmentRow> {
  if (!isUuid(commitmentId)) throw new AppError('COMMITMENT_NOT_FOUND', 'no such commitment');
  const [c] = await tx.select().from(commitments).where(eq(commitments.id, commitmentId));
  if (!c) throw new AppError('COMMITMENT_NOT_FOUND', 'no such commitment');
  return c;
}

export async function completeCommitment(tx: Tx, actor: Actor, input: { commitmentId: string }, opts: { now?: Date } = {}): Promise<CommitmentRow> {
  const { commitmentId } = input;
  const now = opts.now ?? new Date();
  const found = await loadCommitment(tx, commitmentId);
  await assertHandler(tx, actor, await lockCase(tx, found.caseId));
  // Read again under the case's lock (another request may have completed it meanwhile).
  const c = await loadCommitment(tx, commitmentId);
  if (c.status === 'kept') throw new AppError('COMMITMENT_NOT_OPEN', 'this promise is already kept');
  if (c.status === 'broken' && c.completedAt) throw new AppError('COMMITMENT_NOT_OPEN', 'this promise was already delivered late');
  const late = now > c.dueAt;
  const [updated] = await tx
    .update(commitments)
    .set(late ? { status: 'broken', completedAt: now, brokenAt: c.brokenAt ?? now } : { status: 'kept', completedAt: now })
    .where(eq(commitments.id, c.id))
    .returning();
  if (late) {
    if (c.status === 'open') await appendEvent(tx, c.caseId, actor, 'commitment_broken', { commitmentId: c.id, dueAt: c.dueAt.toISOString(), deliveredLate: true });
  } else {
    await appendEvent(tx, c.caseId, actor, 'commitment_kept', { commitmentId: c.id });
  }
  return updated!;
}

