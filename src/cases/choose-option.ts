// P-2.9: the customer's choice among the options, made in the portal or told
// to staff. A customer may change their mind until the case is resolved.
import { resolutionOptions } from '../db/schema.ts';
import { NeedsTransaction, queryText, type Queryable, type Tx } from '../db/client.ts';
import { rowFromJson } from '../db/json-rows.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid, lockCaseToAct } from './case-store.ts';
import { actorId, type Actor } from '../context.ts';
import { CASE_OF_TOKEN, tokenHash } from '../portal/portal-tokens.ts';

export async function chooseOption(tx: Tx, actor: Actor, input: { caseId: string; optionId: string }): Promise<void> {
  const { caseId, optionId } = input;
  const row = await lockCaseToAct(tx, actor, caseId);
  if (!isUuid(optionId)) throw new AppError('OPTION_NOT_FOUND', 'no such option on this case');
  // Fixed SQL text (queryText): planned once per connection.
  const [found] = await queryText<{ r: Record<string, unknown> }>(tx, OPTION, [optionId, caseId]);
  const option = found ? rowFromJson(resolutionOptions, found.r) : undefined;
  if (!option) throw new AppError('OPTION_NOT_FOUND', 'no such option on this case');
  if (row.status !== 'resolving') {
    throw new AppError('CASE_STATE_CONFLICT', `a choice can be made while the case is resolving, not ${row.status}`, { status: row.status });
  }
  if (option.chosenAt) return;
  const by = actor.type === 'customer' ? 'customer' : 'staff';
  // This option chosen and every other one not, with the event: one statement of fixed
  // text (queryText), nothing built per call.
  await queryText(tx, CHOOSE, [optionId, new Date().toISOString(), by, caseId, actor.type, actorId(actor), JSON.stringify({ optionId, title: option.title, by })]);
}

const CHOOSE = `with w0 as (update resolution_options set chosen_at = case when id = $1 then $2::timestamptz end, chosen_by = case when id = $1 then $3 end where case_id = $4),
  w1 as (insert into case_events (case_id, type, actor_type, actor_id, data) values ($4, 'option_chosen', $5, $6, $7::jsonb))
  select 1`;

const OPTION = 'select row_to_json(o) as r from resolution_options o where o.id = $1 and o.case_id = $2 and o.withdrawn_at is null';

/**
 * The customer's choice in the portal as one statement on the pool, no transaction: the
 * token's case locked if it is resolving, the option chosen if it is the case's, not withdrawn
 * and not chosen yet when locked (conditions re-checked on its latest version), every other
 * option not chosen, and the event, as chooseOption writes them. Anything else (a token or an
 * option not valid, another status, the option already chosen, a concurrent change) writes
 * nothing and asks for the transaction (NeedsTransaction), whose chooseOption answers as always.
 * Returns the case's id.
 */
export async function chooseInPortalAtOnce(q: Queryable, token: string, optionId: string): Promise<string> {
  const hash = tokenHash(token);
  if (!isUuid(optionId)) throw new NeedsTransaction();
  const [done] = await queryText<{ case_id: string | null }>(q, CHOOSE_AT_ONCE, [hash, new Date().toISOString(), optionId]).catch((err: unknown) => {
    throw NeedsTransaction.from(err);
  });
  if (!done?.case_id) throw new NeedsTransaction();
  return done.case_id;
}

const CHOOSE_AT_ONCE = `with g as (select c.id from cases c where c.id = (${CASE_OF_TOKEN}) and c.status = 'resolving' for update),
  o as (update resolution_options set chosen_at = $2::timestamptz, chosen_by = 'customer'
    where id = $3 and case_id = (select id from g) and withdrawn_at is null and chosen_at is null returning id, case_id, title),
  w as (update resolution_options set chosen_at = null, chosen_by = null where case_id = (select case_id from o) and id <> $3),
  e as (insert into case_events (case_id, type, actor_type, actor_id, data)
    select o.case_id, 'option_chosen', 'customer', null, jsonb_build_object('optionId', o.id, 'title', o.title, 'by', 'customer') from o)
  select (select case_id from o) as case_id,
    ${NeedsTransaction.unlessWritten('o')}`;
