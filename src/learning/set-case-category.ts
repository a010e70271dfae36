// The agent sets (or accepts the suggested) category of a case they handle (P-4.4);
// the timeline records the change and whether it was the suggestion.
import { eq } from 'drizzle-orm';
import { cases } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../context.ts';
import { appendEvent, lockCaseToAct, touchCase } from '../cases/case-store.ts';
import { findCategory } from './categories.ts';

/** Sets the case's category (null clears it); a retired category cannot be chosen. */
export async function setCaseCategory(tx: Tx, actor: Actor, input: { caseId: string; categoryId: string | null }): Promise<void> {
  const row = await lockCaseToAct(tx, actor, input.caseId);
  if (row.categoryId === input.categoryId) return;
  const category = input.categoryId ? await findCategory(tx, input.categoryId) : null;
  if (category && !category.active) throw new AppError('CATEGORY_RETIRED', 'this category is retired; choose an active one');
  await tx.update(cases).set({ categoryId: category?.id ?? null }).where(eq(cases.id, row.id));
  await appendEvent(tx, row.id, actor, 'category_set', {
    categoryId: category?.id ?? null,
    key: category?.key ?? null,
    from: row.categoryId,
    suggested: category !== null && category.key === row.suggestedCategory,
  });
  await touchCase(tx, row.id);
}
