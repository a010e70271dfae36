// P-3.3 by case and by month: what a staff member has already granted on
// their own authority this month, and what a case already carries — shown to
// the agent before they offer, and counted when they grant.
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.ts';
import type { AuthorityUsage } from '../domain/authority.ts';

/** One statement over two indexes: compensations_case_idx and compensations_requester_idx. */
export async function authorityUsage(q: Queryable, actorId: string, caseId: string | null): Promise<AuthorityUsage> {
  const [row] = await queryRows<{ case_total: number | string; month_total: number | string }>(
    q,
    sql`select
      coalesce((select sum(value_minor) from compensations where case_id = ${caseId} and status in ('granted','pending_approval')), 0) as case_total,
      coalesce((select sum(value_minor) from compensations where requested_by = ${actorId} and decided_by = ${actorId} and status = 'granted'
        and created_at >= date_trunc('month', now())), 0) as month_total`,
  );
  return { caseTotal: Number(row!.case_total), monthTotal: Number(row!.month_total) };
}
