// P-3.7: prove that recovery pays. Per case: what the recovery cost
// (compensation at cost — a bonus is netted from the order it is redeemed
// against instead — plus overtime or rework staff record), what the customer
// bought afterwards within the window (default 12 months), net of bonuses,
// and the ratio. P-3.4: how customers chose between gift and bonus.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { fromMinor } from '../domain/money.ts';
import { recoveryReturn } from '../domain/economics.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { loadSettings } from '../settings/business-settings.ts';

interface Row {
  id: string;
  number: number;
  created_at: Date | string;
  effort: number | string;
  comp_cost: number | string;
  revenue: number | string;
  bonus_redeemed: number | string;
  orders_after: number | string;
}

/** Per case, one row of set-based sums; every subquery runs on an index (case id, customer + placed_at, order id). */
function perCaseSql(windowMonths: number, where: SQL, tail: SQL = sql``): SQL {
  const after = sql`o.customer_id = c.customer_id and o.placed_at > c.created_at and o.placed_at <= c.created_at + make_interval(months => ${windowMonths})
    and o.id is distinct from c.order_id`;
  return sql`select c.id, c.number, c.created_at,
      coalesce((select sum(r.amount_minor) from recovery_costs r where r.case_id = c.id), 0) as effort,
      coalesce((select sum(coalesce(m.cost_minor, m.value_minor)) from compensations m where m.case_id = c.id and m.status = 'granted' and m.kind <> 'bonus'), 0) as comp_cost,
      coalesce((select sum(o.total_minor) from orders o where ${after}), 0) as revenue,
      coalesce((select sum(b.redeemed_minor) from orders o join bonuses b on b.redeemed_order_id = o.id where ${after}), 0) as bonus_redeemed,
      (select count(*) from orders o where ${after})::int as orders_after
    from cases c where ${where} ${tail}`;
}

function view(r: Row, currency: string) {
  const effort = Number(r.effort);
  const compCost = Number(r.comp_cost);
  const x = recoveryReturn(effort + compCost, Number(r.revenue), Number(r.bonus_redeemed));
  const m = (v: number) => fromMinor(v, currency);
  return {
    caseId: r.id,
    caseNumber: formatCaseNumber(Number(r.number)),
    cost: { compensation: m(compCost), effort: m(effort), total: m(x.cost) },
    ordersAfter: Number(r.orders_after),
    revenueAfter: m(x.revenueAfter),
    bonusRedeemed: m(x.bonusRedeemed),
    net: m(x.net),
    ratio: x.ratio,
  };
}

export async function recoveryReturnForCase(q: Queryable, currency: string, caseId: string) {
  const { economics } = await loadSettings(q);
  const [row] = await queryRows<Row>(q, perCaseSql(economics.recoveryWindowMonths, sql`c.id = ${caseId}::uuid`));
  if (!row) throw new AppError('CASE_NOT_FOUND', 'no such case');
  return { windowMonths: economics.recoveryWindowMonths, ...view(row, currency) };
}

/** Cases that cost something to recover, opened in [from, to), keyset-paged by (created_at, id), with the totals of the whole period. */
export async function recoveryReport(q: Queryable, currency: string, opts: { from: Date; to: Date; cursor?: string; limit: number }) {
  const { economics } = await loadSettings(q);
  let after = sql`true`;
  if (opts.cursor) {
    const m = /^([^|]+)\|([0-9a-f-]{36})$/i.exec(Buffer.from(opts.cursor, 'base64url').toString());
    if (!m || Number.isNaN(Date.parse(m[1]!))) throw new AppError('INVALID_CURSOR', 'this cursor is not one we gave out');
    after = sql`(c.created_at, c.id) > (${m[1]}::timestamptz, ${m[2]}::uuid)`;
  }
  const spent = sql`(exists (select 1 from recovery_costs r where r.case_id = c.id) or exists (select 1 from compensations m where m.case_id = c.id and m.status = 'granted'))`;
  const period = sql`c.created_at >= ${opts.from.toISOString()}::timestamptz and c.created_at < ${opts.to.toISOString()}::timestamptz and ${spent}`;
  const rows = await queryRows<Row>(q, perCaseSql(economics.recoveryWindowMonths, sql`${period} and ${after}`, sql`order by c.created_at, c.id limit ${opts.limit + 1}`));
  const [tot] = await queryRows<{ cases: number; effort: number | string; comp_cost: number | string; revenue: number | string; bonus_redeemed: number | string }>(
    q,
    sql`select count(*)::int as cases, coalesce(sum(effort), 0) as effort, coalesce(sum(comp_cost), 0) as comp_cost,
        coalesce(sum(revenue), 0) as revenue, coalesce(sum(bonus_redeemed), 0) as bonus_redeemed
        from (${perCaseSql(economics.recoveryWindowMonths, period)}) per_case`,
  );
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  const cost = Number(tot!.effort) + Number(tot!.comp_cost);
  const total = recoveryReturn(cost, Number(tot!.revenue), Number(tot!.bonus_redeemed));
  const m = (v: number) => fromMinor(v, currency);
  return {
    windowMonths: economics.recoveryWindowMonths,
    totals: { cases: tot!.cases, cost: m(total.cost), revenueAfter: m(total.revenueAfter), bonusRedeemed: m(total.bonusRedeemed), net: m(total.net), ratio: total.ratio },
    items: page.map((r) => view(r, currency)),
    nextCursor: rows.length > opts.limit && last ? Buffer.from(`${new Date(last.created_at).toISOString()}|${last.id}`).toString('base64url') : null,
  };
}

