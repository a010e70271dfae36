// P-2.9: the customer's choice among the options, made in the portal or told
// to staff. A customer may change their mind until the case is resolved.
import { and, eq, isNull } from 'drizzle-orm';
import { resolutionOptions } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { appendEvent, isUuid, lockCaseToAct } from './case-store.ts';
import type { Actor } from '../context.ts';

export async function chooseOption(tx: Tx, actor: Actor, input: { caseId: string; optionId: string }): Promise<void> {
  const { caseId, optionId } = input;
  const row = await lockCaseToAct(tx, actor, caseId);
  if (!isUuid(optionId)) throw new AppError('OPTION_NOT_FOUND', 'no such option on this case');
  const [option] = await tx
    .select()
    .from(resolutionOptions)
    .where(and(eq(resolutionOptions.id, optionId), eq(resolutionOptions.caseId, caseId), isNull(resolutionOptions.withdrawnAt)));
  if (!option) throw new AppError('OPTION_NOT_FOUND', 'no such option on this case');
  if (row.status !== 'resolving') {
    throw new AppError('CASE_STATE_CONFLICT', `a choice can be made while the case is resolving, not ${row.status}`, { status: row.status });
  }
  if (option.chosenAt) return;
  const by = actor.type === 'customer' ? 'customer' : 'staff';
  await tx.update(resolutionOptions).set({ chosenAt: null, chosenBy: null }).where(eq(resolutionOptions.caseId, caseId));
  await tx.update(resolutionOptions).set({ chosenAt: new Date(), chosenBy: by }).where(eq(resolutionOptions.id, optionId));
  await appendEvent(tx, caseId, actor, 'option_chosen', { optionId, title: option.title, by });
}
