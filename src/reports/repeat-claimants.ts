// P-3.8: customers with unusually many or large compensations in a period, flagged
// for a manager's review with their history in view — never refused automatically.
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { fromMinor } from '../domain/money.ts';
import { isUuid } from '../cases/case-store.ts';
import { loadSettings } from '../settings/business-settings.ts';

/** Flagged customers, keyset-paged by customer id: one grouped scan of granted compensations in the period (partial index). */
export async function repeatClaimants(q: Queryable, opts: { cursor?: string; limit: number }) {
  const { economics } = await loadSettings(q);
  if (opts.cursor && !isUuid(opts.cursor)) throw new AppError('INVALID_CURSOR', 'this cursor is not one we gave out');
  const rows = await queryRows<{ customer_id: string; count: number; total: number | string; name: string | null; currency: string; lifetime_value_minor: number | string; order_count: number; status: string }>(
    q,
    sql`select f.customer_id, f.count, f.total, cu.name, cu.currency, cu.lifetime_value_minor, cu.order_count, cu.status from (
          select customer_id, count(*)::int as count, sum(value_minor) as total from compensations
          where status = 'granted' and created_at >= now() - make_interval(days => ${economics.abusePeriodDays})
          group by customer_id
          having count(*) >= ${economics.abuseMaxCount} or sum(value_minor) >= ${economics.abuseMaxValue}) f
        join customers cu on cu.id = f.customer_id
        where ${opts.cursor ? sql`f.customer_id > ${opts.cursor}::uuid` : sql`true`}
        order by f.customer_id limit ${opts.limit + 1}`,
  );
  const page = rows.slice(0, opts.limit);
  const ids = page.map((r) => r.customer_id);
  // Per customer its 50 newest compensations and its last review: a window and distinct on, so one
  // customer with a long history cannot crowd the others out of a shared limit.
  const list = sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
  const history = ids.length
    ? await queryRows<{ id: string; case_id: string; customer_id: string; kind: string; value_minor: number | string; currency: string; status: string; description: string; created_at: Date | string }>(
        q,
        sql`select id, case_id, customer_id, kind, value_minor, currency, status, description, created_at from (
              select m.*, row_number() over (partition by m.customer_id order by m.created_at desc, m.id desc) as n
              from compensations m where m.customer_id in (${list})) h
            where n <= 50 order by created_at desc, id desc`,
      )
    : [];
  const reviews = ids.length
    ? await queryRows<{ customer_id: string; decision: string; reason: string; created_at: Date | string }>(
        q,
        sql`select distinct on (customer_id) customer_id, decision, reason, created_at from customer_reviews
            where customer_id in (${list}) order by customer_id, created_at desc`,
      )
    : [];
  return {
    periodDays: economics.abusePeriodDays,
    thresholds: { count: economics.abuseMaxCount, value: page[0] ? fromMinor(economics.abuseMaxValue, page[0].currency) : null },
    items: page.map((r) => ({
      customerId: r.customer_id,
      name: r.name,
      status: r.status,
      inPeriod: { count: r.count, total: fromMinor(Number(r.total), r.currency) },
      lifetimeValue: fromMinor(Number(r.lifetime_value_minor), r.currency),
      orderCount: r.order_count,
      history: history
        .filter((h) => h.customer_id === r.customer_id)
        .map((h) => ({ id: h.id, caseId: h.case_id, kind: h.kind, value: fromMinor(Number(h.value_minor), h.currency), status: h.status, description: h.description, createdAt: new Date(h.created_at).toISOString() })),
      lastReview: (() => {
        const v = reviews.find((x) => x.customer_id === r.customer_id);
        return v ? { decision: v.decision, reason: v.reason, createdAt: new Date(v.created_at).toISOString() } : null;
      })(),
    })),
    nextCursor: rows.length > opts.limit ? page.at(-1)!.customer_id : null,
  };
}
