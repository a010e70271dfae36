// P-2.3: the case is "understood" only once the customer confirms the
// restatement — in the portal, or orally with staff recording who and when.
// A correction sends the owner back to restate.
import { eq, sql } from 'drizzle-orm';
import { restatements } from '../db/schema.ts';
import { NeedsTransaction, queryText, type Queryable, type Tx } from '../db/client.ts';
import { rowFromJson } from '../db/json-rows.ts';
import { AppError } from '../domain/errors.ts';
import { appendEvent, lockCaseToAct, moveCase, moveEvent } from './case-store.ts';
import type { Actor } from '../context.ts';
import { CASE_OF_TOKEN, tokenHash } from '../portal/portal-tokens.ts';

export type ConfirmInput =
  | { confirmed: true; via: 'portal' | 'oral'; note?: string }
  | { confirmed: false; correction: string; via: 'portal' | 'oral'; note?: string };

export async function confirmRestatement(tx: Tx, actor: Actor, input: { caseId: string } & ConfirmInput): Promise<void> {
  const { caseId } = input;
  const row = await lockCaseToAct(tx, actor, caseId);
  // Fixed SQL text (queryText): planned once per connection.
  const [found] = await queryText<{ r: Record<string, unknown> }>(tx, PENDING_RESTATEMENT, [caseId]);
  const pending = found ? rowFromJson(restatements, found.r) : undefined;
  if (!pending) throw new AppError('RESTATEMENT_NOT_PENDING', 'there is no restatement waiting for confirmation');
  const now = new Date();
  if (input.confirmed) {
    // The move, the restatement and its event: one statement.
    await moveCase(tx, row, 'confirm', actor, {}, [
      // Plain SQL, not Drizzle's update builder: nothing to walk per call but these values.
      {
        getSQL: () =>
          sql`update restatements set status = 'confirmed', responded_at = ${now.toISOString()}::timestamptz, confirmed_via = ${input.via}, confirmation_note = ${input.note ?? null} where id = ${pending.id}`,
      },
      moveEvent('restatement_confirmed', { restatementId: pending.id, via: input.via, ...(input.note ? { note: input.note } : {}) }),
    ]);
  } else {
    await tx
      .update(restatements)
      .set({ status: 'corrected', respondedAt: now, correction: input.correction, confirmedVia: input.via })
      .where(eq(restatements.id, pending.id));
    await appendEvent(tx, caseId, actor, 'restatement_corrected', { restatementId: pending.id, correction: input.correction, via: input.via });
  }
}

const PENDING_RESTATEMENT = "select row_to_json(r) as r from restatements r where r.case_id = $1 and r.status = 'pending' order by r.created_at desc limit 1";

/**
 * The customer's confirmation in the portal as one statement on the pool, no transaction:
 * the token's case locked if it waits for a confirmation, its latest pending restatement
 * confirmed if still pending when locked (PostgreSQL re-checks an updated row's conditions
 * on its latest version), the move and both events as confirmRestatement writes them.
 * Anything else (a token not valid, no restatement pending, another status, a concurrent
 * change) writes nothing and asks for the transaction (NeedsTransaction), whose
 * confirmRestatement answers as always. Returns the case's id.
 */
export async function confirmInPortalAtOnce(q: Queryable, token: string): Promise<string> {
  const [done] = await queryText<{ case_id: string | null }>(q, CONFIRM_AT_ONCE, [tokenHash(token), new Date().toISOString()]).catch((err: unknown) => {
    throw NeedsTransaction.from(err);
  });
  if (!done?.case_id) throw new NeedsTransaction();
  return done.case_id;
}

const CONFIRM_AT_ONCE = `with g as (select c.id from cases c where c.id = (${CASE_OF_TOKEN}) and c.status = 'acknowledged' for update),
  r as (update restatements set status = 'confirmed', responded_at = $2::timestamptz, confirmed_via = 'portal', confirmation_note = null
    where id = (select p.id from restatements p where p.case_id = (select id from g) and p.status = 'pending' order by p.created_at desc limit 1) and status = 'pending'
    returning id, case_id),
  u as (update cases set status = 'understood', updated_at = $2::timestamptz, understood_at = $2::timestamptz
    where id = (select case_id from r) and status = 'acknowledged' returning id),
  e as (insert into case_events (case_id, type, actor_type, actor_id, data)
    select u.id, x.type, 'customer', null, x.data from u, r,
      lateral (values (1, 'restatement_confirmed', jsonb_build_object('restatementId', r.id, 'via', 'portal')),
                      (2, 'status_changed', '{"from": "acknowledged", "to": "understood", "action": "confirm"}'::jsonb)) as x(n, type, data)
    order by x.n)
  select (select id from u) as case_id,
    ${NeedsTransaction.unlessWritten('u')}`;
