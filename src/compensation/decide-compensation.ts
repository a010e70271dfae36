// P-3.3: above the front line's limit a supervisor (or head) approves
// quickly — only a role whose own limit covers the value may decide.
import { and, eq } from 'drizzle-orm';
import { compensations, offers } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { assertMayDecide } from '../domain/authority.ts';
import { fromMinor } from '../domain/money.ts';
import { appendEvent, isUuid, lockCase } from '../cases/case-store.ts';
import type { Actor } from '../context.ts';
import type { CompensationRow } from './grant-compensation.ts';
import { issueBonus } from './issue-bonus.ts';
import { customerTier, limitsFor } from './authority-usage.ts';
import { loadSettings } from '../settings/business-settings.ts';
import { notify } from '../notifications/notify.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';

export async function decideCompensationRequest(tx: Tx, actor: Actor, decision: { compensationId: string; approve: boolean; reason?: string }): Promise<CompensationRow> {
  const { compensationId } = decision;
  if (actor.type !== 'user') throw new AppError('FORBIDDEN', 'only staff decide on compensation');
  if (!isUuid(compensationId)) throw new AppError('COMPENSATION_NOT_FOUND', 'no such compensation');
  const [found] = await tx.select().from(compensations).where(eq(compensations.id, compensationId));
  if (!found) throw new AppError('COMPENSATION_NOT_FOUND', 'no such compensation');
  const caseRow = await lockCase(tx, found.caseId);
  const [c] = await tx.select().from(compensations).where(eq(compensations.id, compensationId)).for('update');
  if (c!.status !== 'pending_approval') throw new AppError('COMPENSATION_NOT_PENDING', `this compensation is already ${c!.status}`, { status: c!.status });
  if (!decision.approve && !decision.reason?.trim()) throw new AppError('REASON_REQUIRED', 'say why the compensation is rejected');
  const { perCase } = limitsFor(await loadSettings(tx), await customerTier(tx, c!.customerId));
  assertMayDecide(actor.role, c!.value, perCase, c!.approvalRole);
  const [updated] = await tx
    .update(compensations)
    .set({
      status: decision.approve ? 'granted' : 'rejected',
      decidedBy: actor.id,
      decidedAt: new Date(),
      decisionReason: decision.reason?.trim() || null,
    })
    .where(eq(compensations.id, compensationId))
    .returning();
  await appendEvent(tx, c!.caseId, actor, decision.approve ? 'compensation_approved' : 'compensation_rejected', {
    compensationId,
    kind: c!.kind,
    value: fromMinor(c!.value, c!.currency),
    ...(decision.reason ? { reason: decision.reason } : {}),
  });
  // The requester hears the decision (issue 13).
  if (c!.requestedBy && c!.requestedBy !== actor.id) {
    await notify(tx, [
      {
        userId: c!.requestedBy,
        kind: 'approval_decided',
        caseId: c!.caseId,
        data: { caseNumber: formatCaseNumber(caseRow.number), by: actor.name, compensationId, approved: decision.approve, value: fromMinor(c!.value, c!.currency), ...(decision.reason ? { reason: decision.reason } : {}) },
      },
    ]);
  }
  if (decision.approve && updated!.kind === 'bonus') {
    // A bonus from a double offer keeps the expiry the offer named (and its description states).
    const [offer] = await tx.select({ expiresAt: offers.bonusExpiresAt }).from(offers).where(and(eq(offers.caseId, updated!.caseId), eq(offers.compensationId, updated!.id)));
    await issueBonus(tx, actor, updated!, offer?.expiresAt);
  }
  return updated!;
}
