// Waiting on the customer: the clocks the policy lets pause stop counting
// until the customer answers or staff resume them.
import type { Tx } from '../db/client.ts';
import { assertNotClosed, type CaseStatus } from '../domain/case-lifecycle.ts';
import { lockCaseToAct } from '../cases/case-store.ts';
import { pauseClocks } from './pause-clocks.ts';
import type { Actor } from '../context.ts';

/** Pauses a case's pausable clocks with a reason; a closed case has no clocks to pause. */
export async function pauseCaseClocks(tx: Tx, actor: Actor, input: { caseId: string; reason: string }): Promise<{ caseId: string }> {
  const { caseId } = input;
  const row = await lockCaseToAct(tx, actor, caseId);
  assertNotClosed(row.status as CaseStatus);
  await pauseClocks(tx, actor, row.id, input.reason);
  return { caseId: row.id };
}
