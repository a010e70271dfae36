// P-3.1 and P-3.3: compensate regardless of fault; granted at once within the
// actor's authority, otherwise pending the approval of the role named.
import { and, eq } from 'drizzle-orm';
import { compensations, users } from '../db/schema.ts';
import { queryText, type Tx } from '../db/client.ts';
import { rowFromJson } from '../db/json-rows.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { decideWithUsage } from '../domain/authority.ts';
import { assertNotClosed, formatCaseNumber, type CaseStatus } from '../domain/case-lifecycle.ts';
import { notify } from '../notifications/notify.ts';
import { toMinor, type Money } from '../domain/money.ts';
import { lockCaseToAct } from '../cases/case-store.ts';
import { actorId, type Actor, type Services } from '../context.ts';
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
  const data = { compensationId: id, kind: input.kind, value: input.value, description: input.description };
  const event =
    decision.status === 'granted'
      ? { type: 'compensation_granted', data }
      : { type: 'compensation_requested', data: { ...data, approvalRole: decision.approvalRole, limit: decision.reason } };
  // The compensation and its event: one statement of fixed text (queryText), nothing built per call.
  const [inserted] = await queryText<{ r: Record<string, unknown> }>(tx, GRANT, [
    id,
    caseId,
    row.customerId,
    input.kind,
    value,
    currency,
    input.cost ? toMinor(input.cost) : null,
    input.description,
    input.fault ?? null,
    decision.status,
    decision.status === 'pending_approval' ? decision.approvalRole : null,
    actor.id,
    decision.status === 'granted' ? actor.id : null,
    decision.status === 'granted' ? new Date().toISOString() : null,
    event.type,
    actor.type,
    actorId(actor),
    JSON.stringify(event.data),
  ]);
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

const GRANT = `with i as (insert into compensations (id, case_id, customer_id, kind, value_minor, currency, cost_minor, description, fault, status, approval_role, requested_by, decided_by, decided_at)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::timestamptz) returning *),
  e as (insert into case_events (case_id, type, actor_type, actor_id, data) values ($2, $15, $16, $17, $18::jsonb))
  select row_to_json(i) as r from i`;
