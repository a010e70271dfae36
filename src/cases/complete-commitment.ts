// P-2.11: a promise delivered on time is kept; delivered late it stays
// recorded as broken (the customer waited), with when it was delivered.
import { commitments } from '../db/schema.ts';
import { queryText, type Tx } from '../db/client.ts';
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
  // The promise and its event: one statement of fixed text (queryText), nothing built per
  // call. Late, it is broken (when it first was, if it already was); on time, kept.
  const event = late
    ? c.status === 'open'
      ? { type: 'commitment_broken', data: { commitmentId: c.id, dueAt: c.dueAt.toISOString(), deliveredLate: true } }
      : null
    : { type: 'commitment_kept', data: { commitmentId: c.id } };
  const params: unknown[] = [c.id, late ? 'broken' : 'kept', now.toISOString(), late ? now.toISOString() : null];
  if (event) params.push(c.caseId, event.type, actor.type, actorId(actor), JSON.stringify(event.data));
  const [updated] = await queryText<{ r: Record<string, unknown> }>(tx, event ? COMPLETE_WITH_EVENT : COMPLETE, params);
  return rowFromJson(commitments, updated!.r);
}

const COMPLETE = 'with u as (update commitments set status = $2, completed_at = $3::timestamptz, broken_at = coalesce(broken_at, $4::timestamptz) where id = $1 returning *) select row_to_json(u) as r from u';
const COMPLETE_WITH_EVENT = COMPLETE.replace(
  ' select row_to_json',
  ', e as (insert into case_events (case_id, type, actor_type, actor_id, data) values ($5, $6, $7, $8, $9::jsonb)) select row_to_json',
);
