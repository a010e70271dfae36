// P-2.4: ownership may move, but never to nobody and never to someone inactive.
import { and, eq } from 'drizzle-orm';
import { cases, users } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { assertNotClosed, formatCaseNumber, type CaseStatus } from '../domain/case-lifecycle.ts';
import { appendEvent, lockCase, moveCase } from './case-store.ts';
import { actorId, type Actor } from '../context.ts';
import { notify } from '../notifications/notify.ts';

export async function assignCase(tx: Tx, actor: Actor, input: { caseId: string; ownerId: string; reason?: string }): Promise<void> {
  const { caseId, ownerId } = input;
  const reason = input.reason?.trim();
  // A person moving a case says why (P-2.4); Amends itself records its own rule.
  if (actor.type === 'user' && !reason) throw new AppError('REASON_REQUIRED', 'say why the case changes hands');
  const row = await lockCase(tx, caseId);
  assertNotClosed(row.status as CaseStatus);
  const [owner] = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, ownerId), eq(users.active, true), eq(users.kind, 'person')));
  if (!owner) throw new AppError('OWNER_NOT_ELIGIBLE', 'the new owner must be an active staff member', { ownerId });
  if (row.ownerId === owner.id) return;
  await tx.update(cases).set({ ownerId: owner.id, updatedAt: new Date() }).where(eq(cases.id, caseId));
  await appendEvent(tx, caseId, actor, 'owner_assigned', {
    ownerId: owner.id,
    ownerName: owner.name,
    previousOwnerId: row.ownerId,
    ...(reason ? { reason } : {}),
  });
  // The new owner hears of it, unless they took it themselves (issue 13).
  if (owner.id !== actorId(actor)) {
    const by = actor.type === 'user' ? actor.name : 'Amends';
    await notify(tx, [{ userId: owner.id, kind: 'assigned', caseId, data: { caseNumber: formatCaseNumber(row.number), by, ...(reason ? { reason } : {}) } }]);
  }
  // A case that arrived while nobody was on staff is acknowledged once it has an owner (P-2.4).
  if (row.status === 'new') {
    await appendEvent(tx, caseId, actor, 'acknowledged', { byAssignment: true });
    await moveCase(tx, { ...row, ownerId: owner.id }, 'acknowledge', actor);
  }
}
