// P-2.9: the customer's choice among the options, made in the portal or told
// to staff. A customer may change their mind until the case is resolved.
import { resolutionOptions } from '../db/schema.ts';
import { queryText, type Tx } from '../db/client.ts';
import { rowFromJson } from '../db/json-rows.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid, lockCaseToAct } from './case-store.ts';
import { actorId, type Actor } from '../context.ts';

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
