// P-2.11: a promise whose time passed unkept is broken on the record, and the
// owner must tell the customer what happens instead.
import { eq } from 'drizzle-orm';
import { commitments } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { appendEvent, isUuid, lockCase } from './case-store.ts';
import { SYSTEM } from '../context.ts';
import { loadCommitment } from './complete-commitment.ts';

/** The due timer: an open promise past its time becomes broken (idempotent). */
export async function breakOverdueCommitment(tx: Tx, commitmentId: string, now = new Date()): Promise<boolean> {
  const c = isUuid(commitmentId) ? await loadCommitment(tx, commitmentId).catch(() => null) : null;
  if (!c || c.status !== 'open') return false;
  if (now < c.dueAt) return false;
  await lockCase(tx, c.caseId);
  const [updated] = await tx
    .update(commitments)
    .set({ status: 'broken', brokenAt: now })
    .where(eq(commitments.id, c.id))
    .returning({ status: commitments.status });
  if (!updated) return false;
  await appendEvent(tx, c.caseId, SYSTEM, 'commitment_broken', { commitmentId: c.id, dueAt: c.dueAt.toISOString() });
  return true;
}

/** The `commitment.due` job: most promises are kept before their timer fires, so look first and lock only when there is work. */
export async function breakCommitmentWhenDue(db: Db, input: { commitmentId: string }): Promise<void> {
  const [c] = await db.select({ status: commitments.status }).from(commitments).where(eq(commitments.id, input.commitmentId));
  if (!c || c.status !== 'open') return;
  await db.transaction((tx) => breakOverdueCommitment(tx as Tx, input.commitmentId).then(() => undefined));
}
