// P-2.11: a promise delivered on time is kept; delivered late it stays
// recorded as broken (the customer waited), with when it was delivered.
import { commitments } from '../db/schema.ts';
import { isTransaction, NeedsTransaction, queryText, type Queryable, type Tx } from '../db/client.ts';
import { rowFromJson } from '../db/json-rows.ts';
import { AppError } from '../domain/errors.ts';
import { assertHandler, isUuid } from './case-store.ts';
import { actorId, type Actor } from '../context.ts';

export type CommitmentRow = typeof commitments.$inferSelect;

export async function loadCommitment(tx: Tx, commitmentId: string): Promise<CommitmentRow> {
  if (!isUuid(commitmentId)) throw new AppError('COMMITMENT_NOT_FOUND', 'no such commitment');
  // Fixed SQL text (queryText): planned once per connection.
  const [found] = await queryText<{ r: Record<string, unknown> }>(tx, 'select row_to_json(m) as r from commitments m where m.id = $1', [commitmentId]);
  const c = found ? rowFromJson(commitments, found.r) : undefined;
  if (!c) throw new AppError('COMMITMENT_NOT_FOUND', 'no such commitment');
  return c;
}

/** In a transaction, or on the pool: read without a lock, then one statement written only over what was read. */
export async function completeCommitment(tx: Queryable, actor: Actor, input: { commitmentId: string }, opts: { now?: Date } = {}): Promise<CommitmentRow> {
  const { commitmentId } = input;
  const now = opts.now ?? new Date();
  if (!isUuid(commitmentId)) throw new AppError('COMMITMENT_NOT_FOUND', 'no such commitment');
  let c: CommitmentRow;
  let guard: unknown[] = [];
  if (isTransaction(tx)) {
    // The promise's case, found and locked in one statement.
    const [owner] = await queryText<{ id: string; owner_id: string | null }>(
      tx,
      'select c.id, c.owner_id from cases c where c.id = (select m.case_id from commitments m where m.id = $1) for update',
      [commitmentId],
    );
    if (!owner) throw new AppError('COMMITMENT_NOT_FOUND', 'no such commitment');
    await assertHandler(tx, actor, { id: owner.id, ownerId: owner.owner_id });
    // Read under the case's lock (another request may have completed it meanwhile).
    c = await loadCommitment(tx, commitmentId);
  } else {
    // On the pool: the promise with its case's owner and row version, one read; the write
    // below happens only if neither has changed since (else the transaction: NeedsTransaction).
    const [found] = await queryText<{ m: Record<string, unknown>; owner_id: string | null; v: string }>(tx, READ_WITH_CASE, [commitmentId]);
    if (!found) throw new AppError('COMMITMENT_NOT_FOUND', 'no such commitment');
    // An agent acting as a participant is checked under the lock (caseToAct).
    if (actor.type === 'user' && actor.role === 'agent' && found.owner_id && found.owner_id !== actor.id) throw new NeedsTransaction();
    c = rowFromJson(commitments, found.m);
    guard = [found.v, c.status, c.dueAt.toISOString()];
  }
  if (c.status === 'kept') throw new AppError('COMMITMENT_NOT_OPEN', 'this promise is already kept');
  if (c.status === 'broken' && c.completedAt) throw new AppError('COMMITMENT_NOT_OPEN', 'this promise was already delivered late');
  const late = now > c.dueAt;
  // The promise and its event: one statement of fixed text (queryText), nothing built per
  // call. Late, it is broken (when it first was, if it already was); on time, kept.
  const event = late
    ? c.status === 'open'
      ? { type: 'commitment_broken', data: { commitmentId: c.id, dueAt: c.dueAt.toISOString(), deliveredLate: true } }
      : null
    : { type: 'commitment_kept', data: { commitmentId: c.id } };
  const params: unknown[] = [c.id, late ? 'broken' : 'kept', now.toISOString(), late ? now.toISOString() : null];
  if (event) params.push(c.caseId, event.type, actor.type, actorId(actor), JSON.stringify(event.data));
  if (!guard.length) {
    const [updated] = await queryText<{ r: Record<string, unknown> }>(tx, event ? COMPLETE_WITH_EVENT : COMPLETE, params);
    return rowFromJson(commitments, updated!.r);
  }
  const [updated] = await queryText<{ r: Record<string, unknown> }>(tx, event ? GUARDED_WITH_EVENT : GUARDED, [...params, c.caseId, ...guard]).catch((err: unknown) => {
    throw NeedsTransaction.from(err);
  });
  return rowFromJson(commitments, updated!.r);
}

const COMPLETE = 'with u as (update commitments set status = $2, completed_at = $3::timestamptz, broken_at = coalesce(broken_at, $4::timestamptz) where id = $1 returning *) select row_to_json(u) as r from u';
const COMPLETE_WITH_EVENT = COMPLETE.replace(
  ' select row_to_json',
  ', e as (insert into case_events (case_id, type, actor_type, actor_id, data) values ($5, $6, $7, $8, $9::jsonb)) select row_to_json',
);

const READ_WITH_CASE = 'select row_to_json(m) as m, c.owner_id, c.xmin::text as v from commitments m join cases c on c.id = m.case_id where m.id = $1';

/**
 * COMPLETE on the pool, its parameters followed by the case's id, its row version, and the
 * promise's status and due time as read: the case is locked first (as in a transaction), and
 * when the case or the promise is no longer as read nothing is written (NeedsTransaction.MARK).
 */
function guarded(text: string, n: number): string {
  return text
    .replace('with u as (', `with g as (select 1 from cases where id = $${n + 1} and xmin = $${n + 2}::text::xid for update), u as (`)
    .replace('where id = $1 returning *', `where id = $1 and status = $${n + 3} and completed_at is null and due_at = $${n + 4}::timestamptz and exists (select 1 from g) returning *`)
    .replace(
      'select row_to_json(u) as r from u',
      `select (select row_to_json(u) from u) as r, ${NeedsTransaction.unlessWritten('u')}`,
    );
}
const GUARDED = guarded(COMPLETE, 4);
const GUARDED_WITH_EVENT = guarded(COMPLETE_WITH_EVENT, 9);
