// P-2.9: the customer's choice among the options, made in the portal or told
// to staff. A customer may change their mind until the case is resolved.
import { eq, sql } from 'drizzle-orm';
import { resolutionOptions } from '../db/schema.ts';
import { insertTogether, queryText, type Tx } from '../db/client.ts';
import { rowFromJson } from '../db/json-rows.ts';
import { AppError } from '../domain/errors.ts';
import { eventInsert, isUuid, lockCaseToAct } from './case-store.ts';
import type { Actor } from '../context.ts';

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
  // This option chosen and every other one not, with the event: one statement.
  const chosen = sql`${resolutionOptions.id} = ${optionId}`;
  await insertTogether(tx, [
    tx
      .update(resolutionOptions)
      .set({ chosenAt: sql`case when ${chosen} then ${new Date().toISOString()}::timestamptz end`, chosenBy: sql`case when ${chosen} then ${by} end` })
      .where(eq(resolutionOptions.caseId, caseId)),
    eventInsert(tx, caseId, actor, 'option_chosen', { optionId, title: option.title, by }),
  ]);
}

const OPTION = 'select row_to_json(o) as r from resolution_options o where o.id = $1 and o.case_id = $2 and o.withdrawn_at is null';
