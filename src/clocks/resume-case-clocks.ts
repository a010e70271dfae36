// Staff resume a case's paused clocks: they count on in the case's own
// business calendar (its unit's, else the business's).
import type { Tx } from '../db/client.ts';
import { lockCaseToAct } from '../cases/case-store.ts';
import { resumeClocks } from './pause-clocks.ts';
import type { Actor, Services } from '../context.ts';
import { cachedSettings, calendarFor } from '../settings/business-settings.ts';

/** Resumes a case's paused clocks, re-computing their due times from now. */
export async function resumeCaseClocks(tx: Tx, actor: Actor, input: { caseId: string }, opts: { services: Services }): Promise<{ caseId: string }> {
  const { caseId } = input;
  const { services } = opts;
  const row = await lockCaseToAct(tx, actor, caseId);
  const settings = await cachedSettings(tx, services);
  await resumeClocks(tx, actor, row.id, calendarFor(settings, row.businessUnit), settings.clockPolicy.warnBeforeMinutes);
  return { caseId: row.id };
}
