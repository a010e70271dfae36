// The clocks report (P-1.4–P-1.6, P-4.9, docs/CLOCKS.md): SLA attainment per clock kind,
// the regulatory bands (closed within 3 business days, within 8 weeks, after), and first
// response and resolution in business time, p50 and p90 (percentile_disc: an observed value).
import { sql } from 'drizzle-orm';
import { queryRows, readAll, type Queryable } from '../db/client.ts';
import type { Actor } from '../context.ts';
import { rollupWhere, share, type ReportFilters } from './report-filters.ts';

const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

/** The clocks of the cases that came in during the period, and how long they took. */
export async function getClockReport(q: Queryable, _actor: Actor, input: ReportFilters, opts: { now?: Date } = {}) {
  const where = rollupWhere(input, opts.now);
  const pct = (column: string) =>
    queryRows<{ p50: number | null; p90: number | null; n: number }>(
      q,
      sql`select percentile_disc(0.5) within group (order by v) as p50, percentile_disc(0.9) within group (order by v) as p90, count(*)::int as n
            from report_daily r, unnest(r.${sql.raw(column)}) v where ${where}`,
    );
  // Independent reads side by side on a pool (one after another in a transaction).
  const [kinds, [b], [fr], [res]] = await readAll(q, [
    () =>
      queryRows<{ kind: string; met: number; breached: number }>(
        q,
        sql`select r.kind, sum(r.met)::int as met, sum(r.breached)::int as breached from report_clocks_daily r where ${where} group by r.kind order by r.kind`,
      ),
    () =>
      queryRows<{ finished: number | null; b3: number | null; w8: number | null; after: number | null }>(
        q,
        sql`select sum(r.finished)::int as finished, sum(r.within_3_business_days)::int as b3, sum(r.within_8_weeks)::int as w8, sum(r.after_8_weeks)::int as after
              from report_daily r where ${where}`,
      ),
    () => pct('first_response_minutes'),
    () => pct('resolution_minutes'),
  ] as const);
  return {
    byKind: kinds.map((k) => ({ kind: k.kind, met: k.met, breached: k.breached, attainment: share(k.met, k.met + k.breached) })),
    bands: { finished: b?.finished ?? 0, within3BusinessDays: b?.b3 ?? 0, within8Weeks: b?.w8 ?? 0, after8Weeks: b?.after ?? 0 },
    firstResponse: { cases: fr?.n ?? 0, p50Minutes: num(fr?.p50), p90Minutes: num(fr?.p90) },
    resolution: { cases: res?.n ?? 0, p50Minutes: num(res?.p50), p90Minutes: num(res?.p90) },
  };
}
