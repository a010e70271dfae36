// "Where possible" (P-2.9) and common sense (P-2.13): a playbook step can be
// skipped, but only with a reason on the record.
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { assertNotClosed, type CaseStatus } from '../domain/case-lifecycle.ts';
import { PLAYBOOK_STEPS, type PlaybookStepKey } from '../domain/playbook.ts';
import { appendEvent, lockCaseToAct } from './case-store.ts';
import type { Actor } from '../context.ts';

export async function skipStep(tx: Tx, actor: Actor, input: { caseId: string; step: string; reason: string }): Promise<void> {
  const { caseId, step, reason } = input;
  if (!PLAYBOOK_STEPS.some((s) => s.key === step)) throw new AppError('VALIDATION_FAILED', `unknown playbook step "${step}"`);
  if (!reason.trim()) throw new AppError('REASON_REQUIRED', 'say why the step is skipped');
  const row = await lockCaseToAct(tx, actor, caseId);
  assertNotClosed(row.status as CaseStatus);
  await appendEvent(tx, caseId, actor, 'step_skipped', { step: step as PlaybookStepKey, reason: reason.trim() });
}
