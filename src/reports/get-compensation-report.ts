// Compensation (PLAYBOOK §3): cost by kind and by the role that granted or asked for it,
// approvals (granted, pending, rejected), gift against bonus (P-3.4), and cost per period.
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.ts';
import type { Actor } from '../context.ts';
import { exponentOf } from '../domain/money.ts';
import { bucket, rollupWhere, toMajor, type ReportFilters } from './report-filters.ts';

/** The compensations on the cases of the period, grouped four ways. */
export async function getCompensationReport(q: Queryable, _actor: Actor, input: ReportFilters, opts: { currency: string; now?: Date }) {
  const where = rollupWhere(input, opts.now);
  const rows = await queryRows<{ kind: string | null; role: string | null; status: string | null; period: string | null; g: number; count: number; value: string | number; cost: string | number }>(
    q,
    sql`select r.kind, r.role, r.status, ${bucket(input)} as period, grouping(r.kind, r.role, r.status, ${bucket(input)})::int as g,
               sum(r.count)::int as count, sum(r.value_minor) as value, sum(r.cost_minor) as cost
          from report_compensations_daily r where ${where}
         group by grouping sets ((r.kind, r.status), (r.role, r.status), (r.status), (${bucket(input)}, r.status))`,
  );
  const exp = exponentOf(opts.currency);
  const m = (v: string | number) => toMajor(v, exp);
  const granted = rows.filter((r) => r.status === 'granted');
  const statusOnly = rows.filter((r) => r.g === 0b1101);
  const count = (s: string) => statusOnly.find((r) => r.status === s)?.count ?? 0;
  const kinds = granted.filter((r) => r.g === 0b0101);
  const kindOf = (k: string) => kinds.find((r) => r.kind === k);
  return {
    byKind: kinds.map((r) => ({ kind: r.kind!, count: r.count, value: m(r.value), cost: m(r.cost) })).sort((a, b) => b.cost - a.cost || a.kind.localeCompare(b.kind)),
    byRole: granted.filter((r) => r.g === 0b1001).map((r) => ({ role: r.role!, count: r.count, value: m(r.value), cost: m(r.cost) })).sort((a, b) => b.cost - a.cost || a.role.localeCompare(b.role)),
    approvals: { granted: count('granted'), pending: count('pending_approval'), rejected: count('rejected') },
    giftVsBonus: { gift: { count: kindOf('gift')?.count ?? 0, value: m(kindOf('gift')?.value ?? 0) }, bonus: { count: kindOf('bonus')?.count ?? 0, value: m(kindOf('bonus')?.value ?? 0) } },
    overTime: granted.filter((r) => r.g === 0b1100).map((r) => ({ period: r.period!, count: r.count, cost: m(r.cost) })).sort((a, b) => a.period.localeCompare(b.period)),
  };
}
