// The approvals inbox (P-3.3): compensations by status, and with
// `mine` only those the signed-in role's limit lets it decide.
import { asc, eq } from 'drizzle-orm';
import { cases, compensations, customers } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { mayDecide, type Role } from '../domain/authority.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { limitsFor } from './authority-usage.ts';
import { loadSettings } from '../settings/business-settings.ts';

/** Where a compensation stands; the inbox filters on it. */
export type CompensationStatus = 'granted' | 'pending_approval' | 'rejected';

/** Oldest first, each with its case number; `mine` keeps what `role` may decide (pending only). */
export async function listCompensations(q: Queryable, role: Role, input: { status: CompensationStatus; mine: boolean; limit: number }) {
  const rows = await q
    .select({ c: compensations, number: cases.number, tier: customers.tier })
    .from(compensations)
    .innerJoin(cases, eq(cases.id, compensations.caseId))
    .innerJoin(customers, eq(customers.id, compensations.customerId))
    .where(eq(compensations.status, input.status))
    .orderBy(asc(compensations.createdAt))
    .limit(input.limit);
  const settings = await loadSettings(q);
  const mine = input.mine && input.status === 'pending_approval';
  return rows
    .filter((r) => !mine || mayDecide(role, r.c.value, r.c.approvalRole, limitsFor(settings, r.tier).perCase))
    .map((r) => ({ compensation: r.c, caseNumber: formatCaseNumber(r.number) }));
}
