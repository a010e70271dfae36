// The recovery rate (P-3.7, P-4.4): of the customers who complained in a period, how many
// bought again within the recovery window (orders), and who stayed or left (departures);
// with the return on recovery over time (revenue after over what recovery cost, as
// reports/recovery-return.ts computes it per case).
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.ts';
import type { Actor } from '../context.ts';
import { exponentOf } from '../domain/money.ts';
import { recoveryReturn } from '../domain/economics.ts';
import { loadSettings } from '../settings/business-settings.ts';
import { bucket, rollupWhere, share, toMajor, type ReportFilters } from './report-filters.ts';

/** Per period: cases, bought again, departed, stayed, the rate, revenue after, cost and the return. */
export async function getRecoveryRate(q: Queryable, _actor: Actor, input: ReportFilters, opts: { currency: string; now?: Date }) {
  const where = rollupWhere(input, opts.now);
  const b = bucket(input);
  const { economics } = await loadSettings(q);
  const rows = await queryRows<{ period: string; cases: number; recovered: number; departed: number; revenue: string | number; effort: string | number; comp: string | number | null }>(
    q,
    sql`with d as (select ${b} as period, sum(r.cases)::int as cases, sum(r.recovered)::int as recovered, sum(r.departed)::int as departed,
                          sum(r.revenue_after_minor) as revenue, sum(r.effort_cost_minor) as effort
                     from report_daily r where ${where} group by 1),
             m as (select ${b} as period, sum(r.cost_minor) as comp from report_compensations_daily r
                    where ${where} and r.status = 'granted' and r.kind <> 'bonus' group by 1)
        select d.*, m.comp from d left join m using (period) order by d.period`,
  );
  const exp = exponentOf(opts.currency);
  return {
    windowMonths: economics.recoveryWindowMonths,
    items: rows.map((r) => {
      const cost = Number(r.effort) + Number(r.comp ?? 0);
      const x = recoveryReturn(cost, Number(r.revenue), 0);
      return {
        period: r.period,
        cases: r.cases,
        boughtAgain: r.recovered,
        departed: r.departed,
        stayed: r.cases - r.departed,
        recoveryRate: share(r.recovered, r.cases),
        revenueAfter: toMajor(x.revenueAfter, exp),
        cost: toMajor(x.cost, exp),
        returnRatio: x.ratio,
      };
    }),
  };
}
