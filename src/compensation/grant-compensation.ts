// P-3.1 and P-3.3: compensate regardless of fault; granted at once within the
// actor's authority, otherwise pending the approval of the role named.
import { and, eq, sql } from 'drizzle-orm';
import { compensations, users } from '../db/schema.ts';
import { queryPrepared, type Tx } from '../db/client.ts';
import { rowFromJson } from '../db/json-rows.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { decideWithUsage } from '../domain/authority.ts';
import { assertNotClosed, formatCaseNumber, type CaseStatus } from '../domain/case-lifecycle.ts';
import { notify } from '../notifications/notify.ts';
import { toMinor, type Money } from '../domain/money.ts';
import { eventInsert, lockCaseToAct } from '../cases/case-store.ts';
import type { Actor, Services } from '../context.ts';
import { authorityUsageAndTier, limitsFor } from './authority-usage.ts';
import { issueBonus } from './issue-bonus.ts';
import { bonusExpiry, COMPENSATION_KINDS } from '../domain/economics.ts';
import { cachedSettings } from '../settings/business-settings.ts';

export { COMPENSATION_KINDS };
export const FAULTS = ['ours', 'colleague', 'partner', 'force_majeure', 'customer', 'unknown'] as const;

export interface GrantInput {
  kind: (typeof COMPENSATION_KINDS)[number];
  value: Money;
  description: string;
  cost?: Money | null;
  fault?: (typeof FAULTS)[number] | null;
  /** For a bonus: how long it lasts (P-3.5: default from settings, at most 6). */
  bonusValidMonths?: number;
  /** For a bonus from an offer: the offer's own expiry, so ledger and offer agree to the millisecond. */
  bonusExpiresAt?: Date;
}

export type CompensationRow = typeof compensations.$inferSelect;

export async function grantCompensation(tx: Tx, actor: Actor, input: { caseId: string } & GrantInput, opts: { services: Services }): Promise<CompensationRow> {
  const { caseId } = input;
  const { services } = opts;
  if (actor.type !== 'user') throw new AppError('FORBIDDEN', 'only staff grant compensation');
  const row = await lockCaseToAct(tx, actor, caseId);
  assertNotClosed(row.status as CaseStatus);
  const currency = services.config.CURRENCY;
  if (input.value.currency !== currency) {
    throw new AppError('CURRENCY_MISMATCH', `compensation is granted in the business currency ${currency}`, { expected: currency });
  }
  const value = toMinor(input.value);
  const { usage, tier } = await authorityUsageAndTier(tx, actor.id, caseId, row.customerId);
  // Settings as intake reads them (cached for two seconds, at once after a change here).
  const limits = limitsFor(await cachedSettings(tx, services), tier);
  const decision = decideWithUsage(actor.role, value, usage, limits.perCase, limits.perMonth);
  const id = newId();
  const insert = tx
    .insert(compensations)
    .values({
      id,
      caseId,
      customerId: row.customerId,
      kind: input.kind,
      value,
      currency,
      cost: input.cost ? toMinor(input.cost) : null,
      description: input.description,
      fault: input.fault ?? null,
      status: decision.status,
      approvalRole: decision.status === 'pending_approval' ? decision.approvalRole : null,
      requestedBy: actor.id,
      decidedBy: decision.status === 'granted' ? actor.id : null,
      decidedAt: decision.status === 'granted' ? new Date() : null,
    })
    .returning();
  const data = { compensationId: id, kind: input.kind, value: input.value, description: input.description };
  const event =
    decision.status === 'granted'
      ? eventInsert(tx, caseId, actor, 'compensation_granted', data)
      : eventInsert(tx, caseId, actor, 'compensation_requested', { ...data, approvalRole: decision.approvalRole, limit: decision.reason });
  // The compensation and its event: one statement.
  const [inserted] = await queryPrepared<{ r: Record<string, unknown> }>(tx, sql`with i as (${insert.getSQL()}), e as (${event.getSQL()}) select row_to_json(i) as r from i`);
  const created = rowFromJson(compensations, inserted!.r);
  if (decision.status === 'granted') {
    await issueBonus(tx, actor, created, input.bonusExpiresAt ?? (input.bonusValidMonths ? bonusExpiry(new Date(), input.bonusValidMonths) : undefined));
  } else {
    // Everyone in the role asked to decide hears of it (P-3.3: approve quickly).
    const deciders = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, decision.approvalRole), eq(users.active, true), eq(users.kind, 'person')));
    const note = { caseNumber: formatCaseNumber(row.number), by: actor.name, compensationId: id, value: input.value, kind: input.kind };
    await notify(tx, deciders.filter((d) => d.id !== actor.id).map((d) => ({ userId: d.id, kind: 'approval_needed' as const, caseId, data: note })));
  }
  return created;
}
