// The dissatisfied share over time (PLAYBOOK "Why it matters": one maker cut it from 7%
// to 2%): dissatisfied cases per 100 customers on record and, where orders are known,
// per 1,000 orders placed in the period.
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.ts';
import type { Actor } from '../context.ts';
import { bucket, customersAtEnd, periodOf, rollupWhere, type ReportFilters } from './report-filters.ts';

interface Row {
  period: string;
  cases: number;
  scored: number;
  dissatisfied: number;
  customers: number | null;
  orders: number | null;
}

const per = (a: number, b: number | null, n: number) => (b ? Math.round((a / b) * n * 100) / 100 : null);

/** Per period: cases, scored, dissatisfied, customers on record, orders placed, and the two rates. */
export async function getDissatisfactionReport(q: Queryable, _actor: Actor, input: ReportFilters, opts: { now?: Date } = {}) {
  const where = rollupWhere(input, opts.now);
  const b = bucket(input);
  const p = periodOf(input, opts.now);
  const rows = await queryRows<Row>(
    q,
    sql`with d as (select ${b} as period, sum(r.cases)::int as cases, sum(r.scored)::int as scored, sum(r.dissatisfied)::int as dissatisfied
                     from report_daily r where ${where} group by 1),
             o as (select ${b} as period, sum(r.orders)::int as orders
                     from report_base_daily r where r.day >= ${p.from}::date and r.day < ${p.to}::date group by 1)
        select d.*, o.orders, ${customersAtEnd(input, sql`d.period`)} as customers
          from d left join o using (period) order by d.period`,
  );
  return {
    items: rows.map((r) => ({
      period: r.period,
      cases: r.cases,
      scored: r.scored,
      dissatisfied: r.dissatisfied,
      customers: r.customers ?? 0,
      orders: r.orders ?? 0,
      per100Customers: per(r.dissatisfied, r.customers, 100),
      per1000Orders: per(r.dissatisfied, r.orders, 1000),
    })),
  };
}
