// A resolved or closed case comes back to "resolving" when the fix did not
// hold or the customer writes again; the reopen count is kept for reports.
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { cases } from '../db/schema.ts';
import { appendEvent, lockCaseToAct, moveCase } from './case-store.ts';
import type { Actor } from '../context.ts';

export async function reopenCase(tx: Tx, actor: Actor, input: { caseId: string; reason?: string }): Promise<void> {
  const { caseId, reason } = input;
  const row = await lockCaseToAct(tx, actor, caseId);
  await moveCase(tx, row, 'reopen', actor, { reopenCount: sql`${cases.reopenCount} + 1` as never, closeReason: null, resolvedAt: null, closedAt: null });
  await appendEvent(tx, caseId, actor, 'reopened', reason?.trim() ? { reason: reason.trim() } : {});
}
