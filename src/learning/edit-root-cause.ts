// A supervisor edits a root cause and moves its corrective action along
// (open → in_progress → done → verified, P-4.3); marking it done tells the customers.
import { eq } from 'drizzle-orm';
import { rootCauses } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { canMoveRootCause, type RootCauseStatus } from '../domain/root-cause.ts';
import type { Actor, Services } from '../context.ts';
import { checkReferences, type RootCauseInput } from './record-root-cause.ts';
import { findRootCause, type RootCauseRow } from './root-cause-view.ts';
import { thankCustomers } from './thank-customers.ts';

export type RootCauseChange = Partial<RootCauseInput> & { status?: RootCauseStatus };

export async function editRootCause(tx: Tx, _actor: Actor, input: { id: string; change: RootCauseChange }, opts: { services: Services }): Promise<RootCauseRow> {
  const current = await findRootCause(tx, input.id, true);
  const c = input.change;
  await checkReferences(tx, c);
  const from = current.status as RootCauseStatus;
  const to = c.status ?? from;
  if (!canMoveRootCause(from, to)) throw new AppError('ROOT_CAUSE_STATE_CONFLICT', `a corrective action cannot move from ${from} to ${to}`, { from, to });
  const now = new Date();
  const [row] = await tx
    .update(rootCauses)
    .set({
      ...(c.title !== undefined ? { title: c.title } : {}),
      // A person setting the kind overrides the automatic flag.
      ...(c.kind !== undefined ? { kind: c.kind, kindSource: 'declared' } : {}),
      ...(c.action !== undefined ? { action: c.action } : {}),
      ...(c.ruleAdded !== undefined ? { ruleAdded: c.ruleAdded } : {}),
      ...(c.dueAt !== undefined ? { dueAt: c.dueAt } : {}),
      ...(c.ownerId !== undefined ? { ownerId: c.ownerId } : {}),
      ...(c.categoryId !== undefined ? { categoryId: c.categoryId } : {}),
      status: to,
      ...(to === 'done' && from !== 'done' ? { doneAt: now } : {}),
      ...(to === 'verified' && from !== 'verified' ? { verifiedAt: now } : {}),
      ...(to === 'open' || to === 'in_progress' ? { verifiedAt: null } : {}),
      updatedAt: now,
    })
    .where(eq(rootCauses.id, current.id))
    .returning();
  if (to === 'done' && from !== 'done') await thankCustomers(tx, row!, { businessName: opts.services.config.BUSINESS_NAME });
  return row!;
}
