// The clocks report (P-1.4–P-1.6, P-4.9, docs/CLOCKS.md): SLA attainment per clock kind,
// the regulatory bands (closed within 3 business days, within 8 weeks, after), and first
// response and resolution in business time, p50 and p90 (percentile_disc: an observed value).
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.ts';
import type { Actor } from '../context.ts';
import { rollupWhere, share, type ReportFilters } from './report-filters.ts';

const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

/** The clocks of the cases that came in during the period, and how long they took. */
export async function getClockReport(q: Queryable, _actor: Actor, input: ReportFilters, opts: { now?: Date } = {}) {
  const where = rollupWhere(input, opts.now);
  const kinds = await queryRows<{ kind: string; met: number; breached: number }>(
    q,
    sql`select r.kind, sum(r.met)::int as met, sum(r.breached)::int as breached from report_clocks_daily r where ${where} group by r.kind order by r.kind`,
  );
  const [t] = await queryRows<{ finished: number | null; b3: number | null; w8: number | null; after: number | null; fr50: number | null; fr90: number | null; fr_n: number; res50: number | null; res90: number | null; res_n: number }>(
    q,
    sql`select (select sum(r.finished)::int from report_daily r where ${where}) as finished,
               (select sum(r.within_3_business_days)::int from report_daily r where ${where}) as b3,
               (select sum(r.within_8_weeks)::int from report_daily r where ${where}) as w8,
               (select sum(r.after_8_weeks)::int from report_daily r where ${where}) as after,
               f.p50 as fr50, f.p90 as fr90, f.n as fr_n, s.p50 as res50, s.p90 as res90, s.n as res_n
          from (select percentile_disc(0.5) within group (order by v) as p50, percentile_disc(0.9) within group (order by v) as p90, count(*)::int as n
                  from report_daily r, unnest(r.first_response_minutes) v where ${where}) f,
               (select percentile_disc(0.5) within group (order by v) as p50, percentile_disc(0.9) within group (order by v) as p90, count(*)::int as n
                  from report_daily r, unnest(r.resolution_minutes) v where ${where}) s`,
  );
  return {
    byKind: kinds.map((k) => ({ kind: k.kind, met: k.met, breached: k.breached, attainment: share(k.met, k.met + k.breached) })),
    bands: { finished: t?.finished ?? 0, within3BusinessDays: t?.b3 ?? 0, within8Weeks: t?.w8 ?? 0, after8Weeks: t?.after ?? 0 },
    firstResponse: { cases: t?.fr_n ?? 0, p50Minutes: num(t?.fr50), p90Minutes: num(t?.fr90) },
    resolution: { cases: t?.res_n ?? 0, p50Minutes: num(t?.res50), p90Minutes: num(t?.res90) },
  };
}
