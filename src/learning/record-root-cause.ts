// A supervisor records a root cause with its corrective action (P-4.3): what went wrong,
// accidental or systemic (P-4.4), what to do, the rule changed, an owner and a due date.
import { and, eq } from 'drizzle-orm';
import { rootCauses, users } from '../db/schema.ts';
import type { Queryable, Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import type { RootCauseKind } from '../domain/root-cause.ts';
import { actorId, type Actor } from '../context.ts';
import { isUuid } from '../cases/case-store.ts';
import { findCategory } from './categories.ts';
import type { RootCauseRow } from './root-cause-view.ts';

export interface RootCauseInput {
  title: string;
  kind: RootCauseKind;
  action?: string | null;
  ruleAdded?: string | null;
  dueAt?: Date | null;
  ownerId?: string | null;
  categoryId?: string | null;
}

/** Checks the owner (an active person on staff) and the category named by an input. */
export async function checkReferences(q: Queryable, input: Pick<RootCauseInput, 'ownerId' | 'categoryId'>): Promise<void> {
  if (input.ownerId) {
    const [u] = isUuid(input.ownerId) ? await q.select({ id: users.id }).from(users).where(and(eq(users.id, input.ownerId), eq(users.active, true), eq(users.kind, 'person'))) : [];
    if (!u) throw new AppError('USER_NOT_FOUND', 'the owner is not an active staff member');
  }
  if (input.categoryId) await findCategory(q, input.categoryId);
}

export async function recordRootCause(tx: Tx, actor: Actor, input: RootCauseInput): Promise<RootCauseRow> {
  await checkReferences(tx, input);
  const [row] = await tx
    .insert(rootCauses)
    .values({
      id: newId(),
      title: input.title,
      kind: input.kind,
      action: input.action ?? null,
      ruleAdded: input.ruleAdded ?? null,
      dueAt: input.dueAt ?? null,
      ownerId: input.ownerId ?? (actor.type === 'user' ? actor.id : null),
      categoryId: input.categoryId ?? null,
      createdBy: actorId(actor),
    })
    .returning();
  return row!;
}
