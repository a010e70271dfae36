// P-2.4: an agent who needs to act on a colleague's case takes it over, saying
// why; the timeline keeps who had it before.
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../context.ts';
import { assignCase } from './assign-case.ts';

/** Makes the acting staff member the owner (assignCase with the actor as the new owner). */
export async function takeOverCase(tx: Tx, actor: Actor, input: { caseId: string; reason: string }): Promise<void> {
  if (actor.type !== 'user') throw new AppError('FORBIDDEN', 'only a staff member can take over a case');
  await assignCase(tx, actor, { caseId: input.caseId, ownerId: actor.id, reason: input.reason });
}
