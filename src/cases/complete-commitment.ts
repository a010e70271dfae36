// P-2.11: a promise delivered on time is kept; delivered late it stays
// recorded as broken (the customer waited), with when it was delivered.
import { eq, sql } from 'drizzle-orm';
import { commitments } from '../db/schema.ts';
import { queryPrepared, queryText, type Tx } from '../db/client.ts';
import { rowFromJson } from '../db/json-rows.ts';
import { AppError } from '../domain/errors.ts';
import { assertHandler, eventInsert, isUuid } from './case-store.ts';
import { type Actor } from '../context.ts';

export type CommitmentRow = typeof commitments.$inferSelect;

export async function loadCommitment(tx: Tx, commitmentId: string): Promise<CommitmentRow> {
  if (!isUuid(commitmentId)) throw new AppError('COMMITMENT_NOT_FOUND', 'no such commitment');
  // Fixed SQL text (queryText): planned once per connection.
  const [found] = await queryText<{ r: Record<string, unknown> }>(tx, 'select row_to_json(m) as r from commitments m where m.id = $1', [commitmentId]);
  const c = found ? rowFromJson(commitments, found.r) : undefined;
  if (!c) throw new AppError('COMMITMENT_NOT_FOUND', 'no such commitment');
  return c;
}

export async function completeCommitment(tx: Tx, actor: Actor, input: { commitmentId: string }, opts: { now?: Date } = {}): Promise<CommitmentRow> {
  const { commitmentId } = input;
  const now = opts.now ?? new Date();
  if (!isUuid(commitmentId)) throw new AppError('COMMITMENT_NOT_FOUND', 'no such commitment');
  // The promise's case, found and locked in one statement.
  const [owner] = await queryText<{ id: string; owner_id: string | null }>(
    tx,
    'select c.id, c.owner_id from cases c where c.id = (select m.case_id from commitments m where m.id = $1) for update',
    [commitmentId],
  );
  if (!owner) throw new AppError('COMMITMENT_NOT_FOUND', 'no such commitment');
  await assertHandler(tx, actor, { id: owner.id, ownerId: owner.owner_id });
  // Read under the case's lock (another request may have completed it meanwhile).
  const c = await loadCommitment(tx, commitmentId);
  if (c.status === 'kept') throw new AppError('COMMITMENT_NOT_OPEN', 'this promise is already kept');
  if (c.status === 'broken' && c.completedAt) throw new AppError('COMMITMENT_NOT_OPEN', 'this promise was already delivered late');
  const late = now > c.dueAt;
  const update = tx
    .update(commitments)
    .set(late ? { status: 'broken', completedAt: now, brokenAt: c.brokenAt ?? now } : { status: 'kept', completedAt: now })
    .where(eq(commitments.id, c.id))
    .returning();
  const event = late
    ? c.status === 'open'
      ? eventInsert(tx, c.caseId, actor, 'commitment_broken', { commitmentId: c.id, dueAt: c.dueAt.toISOString(), deliveredLate: true })
      : null
    : eventInsert(tx, c.caseId, actor, 'commitment_kept', { commitmentId: c.id });
  // The promise and its event: one statement.
  const [updated] = await queryPrepared<{ r: Record<string, unknown> }>(tx, sql`with u as (${update.getSQL()})${event ? sql`, e as (${event.getSQL()})` : sql``} select row_to_json(u) as r from u`);
  return rowFromJson(commitments, updated!.r);
}
