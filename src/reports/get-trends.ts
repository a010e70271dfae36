// The trends report: per period the cases, the dissatisfied share (per customer on record,
// the seeds' 7% → 2%), SLA attainment, business-time medians, compensation cost and the
// recovery rate — one read of the rollup, whatever the number of cases.
import { sql } from 'drizzle-orm';
import { queryRows, readAll, type Queryable } from '../db/client.ts';
import type { Actor } from '../context.ts';
import { exponentOf } from '../domain/money.ts';
import { bucket, customersAtEnd, fullPeriods, rollupWhere, share, toMajor, type ReportFilters } from './report-filters.ts';

export interface TrendPoint {
  period: string;
  cases: number;
  /** Dissatisfied cases per customer on record at the end of the period (0.07 = 7 per 100). */
  dissatisfiedShare: number | null;
  /** Clocks met among those met or breached. */
  slaMet: number | null;
  firstResponseP50Minutes: number | null;
  resolutionP50Minutes: number | null;
  /** Granted compensation at cost (face value where no cost is known), in major units of the currency. */
  compensationCost: number;
  /** Cases whose customer bought again within the recovery window. */
  recoveryRate: number | null;
}

interface Row {
  period: string;
  cases: number;
  dissatisfied: number;
  recovered: number;
  met: number | null;
  breached: number | null;
  cost: string | number | null;
  customers: number | null;
}

const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

/** The per-period series of GET /reports/trends; periods without cases are left out. */
export async function getTrends(q: Queryable, _actor: Actor, input: ReportFilters, opts: { currency: string; now?: Date }): Promise<{ items: TrendPoint[] }> {
  const where = rollupWhere(input, opts.now);
  const b = bucket(input);
  // Three independent reads, side by side on a pool: the two percentile sorts are the cost.
  // Whole periods without a dimension filter read their medians from report_period_stats;
  // the rest (filtered views, a period cut by from/to) sort their own samples.
  const full = input.businessUnit?.length || input.channel?.length || input.categoryId?.length || input.ownerId?.length ? null : fullPeriods(input, opts.now);
  const live = full ? sql`${where} and not (r.day >= ${full.from}::date and r.day < ${full.to}::date)` : where;
  const p50 = (column: string, cached: string) =>
    queryRows<{ period: string; p50: number | null }>(
      q,
      sql`select ${b} as period, percentile_disc(0.5) within group (order by v) as p50 from report_daily r, unnest(r.${sql.raw(column)}) v where ${live} group by 1
          ${full ? sql`union all select to_char(s.period, 'YYYY-MM-DD'), s.${sql.raw(cached)} from report_period_stats s where s.interval = ${input.interval ?? 'week'} and s.period >= ${full.from}::date and s.period < ${full.to}::date` : sql``}`,
    );
  const [rows, fr, res] = await readAll(q, [
    () =>
      queryRows<Row>(
        q,
        sql`with d as (
              select ${b} as period, sum(r.cases)::int as cases, sum(r.dissatisfied)::int as dissatisfied, sum(r.recovered)::int as recovered
                from report_daily r where ${where} group by 1),
            k as (select ${b} as period, sum(r.met)::int as met, sum(r.breached)::int as breached from report_clocks_daily r where ${where} group by 1),
            m as (select ${b} as period, sum(r.cost_minor) as cost from report_compensations_daily r where ${where} and r.status = 'granted' group by 1)
            select d.period, d.cases, d.dissatisfied, d.recovered, k.met, k.breached, m.cost,
                   ${customersAtEnd(input, sql`d.period`)} as customers
              from d left join k using (period) left join m using (period)
             order by d.period`,
      ),
    () => p50('first_response_minutes', 'first_response_p50'),
    () => p50('resolution_minutes', 'resolution_p50'),
  ] as const);
  const frBy = new Map(fr.map((r) => [r.period, r.p50]));
  const resBy = new Map(res.map((r) => [r.period, r.p50]));
  const exp = exponentOf(opts.currency);
  return {
    items: rows.map((r) => ({
      period: r.period,
      cases: r.cases,
      dissatisfiedShare: share(r.dissatisfied, r.customers ?? 0),
      slaMet: share(r.met ?? 0, (r.met ?? 0) + (r.breached ?? 0)),
      firstResponseP50Minutes: num(frBy.get(r.period)),
      resolutionP50Minutes: num(resBy.get(r.period)),
      compensationCost: toMajor(r.cost, exp),
      recoveryRate: share(r.recovered, r.cases),
    })),
  };
}
