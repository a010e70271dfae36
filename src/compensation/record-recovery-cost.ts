// P-3.7: staff record what a recovery cost beyond compensation (overtime, rework,
// a special delivery), so the return on recovery counts it.
import { recoveryCosts } from '../db/schema.ts';
import { type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { fromMinor, toMinor, type Money } from '../domain/money.ts';
import { appendEvent, lockCaseToAct } from '../cases/case-store.ts';
import type { Actor } from '../context.ts';

export const RECOVERY_COST_KINDS = ['overtime', 'rework', 'delivery', 'other'] as const;

export async function recordRecoveryCost(tx: Tx, actor: Actor, input: { currency: string; caseId: string; kind: (typeof RECOVERY_COST_KINDS)[number]; amount: Money; description?: string }) {
  const { currency, caseId } = input;
  if (actor.type !== 'user') throw new AppError('FORBIDDEN', 'staff record recovery costs');
  await lockCaseToAct(tx, actor, caseId);
  if (input.amount.currency !== currency) throw new AppError('CURRENCY_MISMATCH', `costs are in the business currency ${currency}`, { expected: currency });
  const amount = toMinor(input.amount);
  if (amount <= 0) throw new AppError('VALIDATION_FAILED', 'a cost is more than zero');
  const id = newId();
  await tx.insert(recoveryCosts).values({ id, caseId, kind: input.kind, amount, currency, description: input.description ?? null, recordedBy: actor.id });
  await appendEvent(tx, caseId, actor, 'recovery_cost_recorded', { recoveryCostId: id, kind: input.kind, amount: input.amount });
  return { id, kind: input.kind, amount: fromMinor(amount, currency), description: input.description ?? null };
}
