// P-2.9: at least three options so the customer makes an informed choice
// (700 of 1,000 bags: take 700 now and 300 tomorrow; refund the 300; 300
// unprinted with the printing refunded). Fewer needs a recorded reason.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { resolutionOptions } from '../db/schema.ts';
import { isTransaction, NeedsTransaction, type Queryable } from '../db/client.ts';
import { insertRows } from '../db/bulk-insert.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { MIN_OPTIONS } from '../domain/playbook.ts';
import { toMinor, type Money } from '../domain/money.ts';
import { caseToAct, moveCase, moveEvent } from './case-store.ts';
import type { Actor } from '../context.ts';

export interface OptionInput {
  title: string;
  description?: string | null;
  cost?: Money | null;
}

/** In a transaction, or on the pool (its writes are one statement: case-store.ts caseToAct). */
export async function proposeOptions(tx: Queryable, actor: Actor, input: { caseId: string; options: OptionInput[]; reason?: string }): Promise<{ ids: string[] }> {
  const { caseId, options, reason } = input;
  // The options already on the case count only when these alone are too few: read under the lock.
  if (!isTransaction(tx) && options.length < MIN_OPTIONS && !reason?.trim()) throw new NeedsTransaction();
  const row = await caseToAct(tx, actor, caseId);
  const existing =
    options.length >= MIN_OPTIONS || reason?.trim()
      ? 0
      : ((await tx
          .select({ existing: sql<number>`count(*)::int` })
          .from(resolutionOptions)
          .where(and(eq(resolutionOptions.caseId, caseId), isNull(resolutionOptions.withdrawnAt)))) as [{ existing: number }])[0].existing;
  if (existing + options.length < MIN_OPTIONS && !reason?.trim()) {
    throw new AppError('TOO_FEW_OPTIONS', `offer at least ${MIN_OPTIONS} options, or say why fewer (reason)`, {
      minimum: MIN_OPTIONS,
      offered: existing + options.length,
    });
  }
  const rows = options.map((o) => ({
    id: newId(),
    caseId,
    title: o.title,
    description: o.description ?? null,
    cost: o.cost ? toMinor(o.cost) : null,
    currency: o.cost?.currency ?? null,
    proposedBy: actor.type === 'user' ? actor.id : null,
  }));
  // The move, the options and their event: one statement.
  await moveCase(tx, row, 'propose_options', actor, {}, [
    insertRows(resolutionOptions, rows),
    moveEvent('options_proposed', {
      optionIds: rows.map((r) => r.id),
      count: rows.length,
      titles: rows.map((r) => r.title),
      ...(reason?.trim() ? { reason: reason.trim() } : {}),
    }),
  ]);
  return { ids: rows.map((r) => r.id) };
}
