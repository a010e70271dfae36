// Closed: follow-up done, or closed early with a recorded reason (duplicate,
// withdrawn by the customer, not a complaint …).
import { AppError } from '../domain/errors.ts';
import type { Queryable } from '../db/client.ts';
import { caseToAct, moveCase, moveEvent } from './case-store.ts';
import type { Actor } from '../context.ts';

/** In a transaction, or on the pool (its writes are one statement: case-store.ts caseToAct). */
export async function closeCase(tx: Queryable, actor: Actor, input: { caseId: string; reason?: string }): Promise<void> {
  const { caseId, reason } = input;
  const row = await caseToAct(tx, actor, caseId);
  const why = reason?.trim() || null;
  // The move, its event and the closing event: one statement.
  const closed = [moveEvent('closed', why ? { reason: why } : {})];
  if (row.status === 'resolved') {
    await moveCase(tx, row, 'close', actor, { closeReason: why }, closed);
  } else {
    if (row.status !== 'closed' && !why) {
      throw new AppError('REASON_REQUIRED', 'closing a case that is not resolved needs a reason', { status: row.status });
    }
    await moveCase(tx, row, 'close_unresolved', actor, { closeReason: why }, closed);
  }
}
