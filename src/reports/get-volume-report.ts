// Volume (P-1.1, P-4.4): cases by channel, by category and by journey stage (before
// purchase, at purchase, after — the seeds: 20% of bad experiences happen before the
// purchase, 16% at it), from the rollup.
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.ts';
import type { Actor } from '../context.ts';
import { rollupWhere, type ReportFilters } from './report-filters.ts';

/** Cases in the period by channel, by category (with its key and labels) and by journey stage. */
export async function getVolumeReport(q: Queryable, _actor: Actor, input: ReportFilters, opts: { now?: Date } = {}) {
  const where = rollupWhere(input, opts.now);
  const rows = await queryRows<{ channel: string | null; category_id: string | null; g: number; cases: number; before: number; at: number; after: number }>(
    q,
    sql`select r.channel, r.category_id, grouping(r.channel, r.category_id)::int as g, sum(r.cases)::int as cases,
               sum(r.stage_before)::int as before, sum(r.stage_at)::int as at, sum(r.stage_after)::int as after
          from report_daily r where ${where}
         group by grouping sets ((r.channel), (r.category_id), ())`,
  );
  const cats = await queryRows<{ id: string; key: string; labels: Record<string, string> }>(q, sql`select id, key, labels from categories`);
  const byId = new Map(cats.map((c) => [c.id, c]));
  const total = rows.find((r) => r.g === 0b11);
  const cases = total?.cases ?? 0;
  const staged = (total?.before ?? 0) + (total?.at ?? 0) + (total?.after ?? 0);
  const desc = (a: { cases: number }, b: { cases: number }) => b.cases - a.cases;
  return {
    cases,
    byChannel: rows.filter((r) => r.g === 0b01).map((r) => ({ channel: r.channel!, cases: r.cases })).sort(desc),
    byCategory: rows
      .filter((r) => r.g === 0b10)
      .map((r) => {
        const c = r.category_id ? byId.get(r.category_id) : undefined;
        return { categoryId: r.category_id, key: c?.key ?? null, labels: c?.labels ?? {}, cases: r.cases };
      })
      .sort(desc),
    byStage: [
      { stage: 'before_purchase' as const, cases: total?.before ?? 0 },
      { stage: 'at_purchase' as const, cases: total?.at ?? 0 },
      { stage: 'after_purchase' as const, cases: total?.after ?? 0 },
      { stage: 'unknown' as const, cases: cases - staged },
    ],
  };
}
