// P-3.3 by case and by month: what staff have already granted on their own
// authority on this case (what a supervisor approved went through a supervisor
// and does not count), and what this staff member granted on their own
// authority this month — shown to the agent before they offer, counted when they grant.
import { sql } from 'drizzle-orm';
import { queryRows, queryText, type Queryable } from '../db/client.ts';
import { eq } from 'drizzle-orm';
import { customers } from '../db/schema.ts';
import { scaleLimits, type AuthorityLimits, type AuthorityUsage } from '../domain/authority.ts';
import { type BusinessSettings } from '../settings/business-settings.ts';

/** One statement over two indexes: compensations_case_idx, and compensations_self_granted_idx read alone (an index-only scan). */
export async function authorityUsage(q: Queryable, actorId: string, caseId: string | null): Promise<AuthorityUsage> {
  const [row] = await queryRows<{ case_total: number | string; month_total: number | string }>(
    q,
    sql`select
      coalesce((select sum(value_minor) from compensations where case_id = ${caseId} and status = 'granted' and decided_by = requested_by), 0) as case_total,
      coalesce((select sum(value_minor) from compensations where requested_by = ${actorId} and decided_by = ${actorId} and status = 'granted'
        and created_at >= date_trunc('month', now())), 0) as month_total`,
  );
  return { caseTotal: Number(row!.case_total), monthTotal: Number(row!.month_total) };
}

/** authorityUsage and the customer's tier (customerTier) in one statement: what a grant asks before deciding. */
export async function authorityUsageAndTier(q: Queryable, actorId: string, caseId: string, customerId: string): Promise<{ usage: AuthorityUsage; tier: string | null }> {
  const [row] = await queryText<{ case_total: number | string; month_total: number | string; tier: string | null }>(q, USAGE_AND_TIER, [caseId, actorId, customerId]);
  return { usage: { caseTotal: Number(row!.case_total), monthTotal: Number(row!.month_total) }, tier: row!.tier ?? null };
}

// Fixed SQL text (queryText): planned once per connection, as every grant asks it.
const USAGE_AND_TIER = `select
      coalesce((select sum(value_minor) from compensations where case_id = $1 and status = 'granted' and decided_by = requested_by), 0) as case_total,
      coalesce((select sum(value_minor) from compensations where requested_by = $2 and decided_by = $2 and status = 'granted'
        and created_at >= date_trunc('month', now())), 0) as month_total,
      (select tier from customers where id = $3) as tier`;

/** The limits that apply to a customer: per case and per month, times the factor of the customer's tier. */
export function limitsFor(s: BusinessSettings, tier: string | null | undefined): { perCase: AuthorityLimits; perMonth: AuthorityLimits; factor: number } {
  const factor = (tier ? s.economics.tierAuthorityFactors[tier] : undefined) ?? 1;
  return { perCase: scaleLimits(s.authorityLimits, factor), perMonth: scaleLimits(s.economics.monthlyAuthorityLimits, factor), factor };
}

/** The tier of a customer (for limitsFor). */
export async function customerTier(q: Queryable, customerId: string): Promise<string | null> {
  const [c] = await q.select({ tier: customers.tier }).from(customers).where(eq(customers.id, customerId));
  return c?.tier ?? null;
}
