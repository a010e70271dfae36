// The reports' rollup (P-4.6), kept current by the worker: triggers log the UTC days whose
// figures changed (report_changes, migration 0010); one refresh takes the log in one
// statement and recomputes exactly those days — cases, clocks, compensations and the day's
// orders and new customers — so the rollup is correct after any change, incremental, and
// a day costs what its own cases cost, however many cases the database holds.
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Queryable, type Tx } from '../db/client.ts';
import { reportDaily } from '../db/schema.ts';
import { addBusinessDays, businessMinutesBetween, type BusinessCalendar } from '../domain/calendar/index.ts';
import { loadSettings, calendarFor, type BusinessSettings } from '../settings/business-settings.ts';
import { DISSATISFIED_FROM } from './get-dashboard.ts';

/** One refresh at a time across workers (a transaction-scoped advisory lock). */
const LOCK = 0x12b0_0001;
const DAY_MS = 86_400_000;

interface CaseFact {
  created_at: Date | string;
  business_unit: string | null;
  channel: string;
  category_id: string | null;
  owner_id: string | null;
  journey_stage: string | null;
  score: number | null;
  done_at: Date | string | null;
  first_reply_at: Date | string | null;
  recovered: boolean;
  departed: boolean;
  revenue_after: number | string;
  effort: number | string;
}

type DailyRow = typeof reportDaily.$inferInsert;

/** The regulatory band a finished case falls in (docs/CLOCKS.md): 3 business days (receipt day excluded), 8 weeks, after. */
export function regulatoryBand(cal: BusinessCalendar, receivedAt: Date, doneAt: Date): '3bd' | '8w' | 'after' {
  if (+doneAt <= +addBusinessDays(cal, receivedAt, 3, { dayOfReceipt: 'excluded' })) return '3bd';
  if (+doneAt <= +receivedAt + 56 * DAY_MS) return '8w';
  return 'after';
}

/** Folds the facts of one day's cases into rollup rows, one per (business unit, channel, category, owner). */
export function foldCases(day: string, facts: CaseFact[], s: BusinessSettings): DailyRow[] {
  const groups = new Map<string, DailyRow>();
  for (const f of facts) {
    const key = JSON.stringify([f.business_unit, f.channel, f.category_id, f.owner_id]);
    let g = groups.get(key);
    if (!g) {
      g = {
        day, businessUnit: f.business_unit, channel: f.channel, categoryId: f.category_id, ownerId: f.owner_id,
        cases: 0, scored: 0, dissatisfied: 0, stageBefore: 0, stageAt: 0, stageAfter: 0, finished: 0,
        within3BusinessDays: 0, within8Weeks: 0, after8Weeks: 0, recovered: 0, departed: 0, revenueAfter: 0, effortCost: 0,
        firstResponseMinutes: [], resolutionMinutes: [],
      };
      groups.set(key, g);
    }
    const cal = calendarFor(s, f.business_unit);
    const created = new Date(f.created_at);
    g.cases!++;
    if (f.score !== null) {
      g.scored!++;
      if (f.score >= DISSATISFIED_FROM) g.dissatisfied!++;
    }
    if (f.journey_stage === 'before_purchase') g.stageBefore!++;
    else if (f.journey_stage === 'at_purchase') g.stageAt!++;
    else if (f.journey_stage === 'after_purchase') g.stageAfter!++;
    if (f.first_reply_at) g.firstResponseMinutes!.push(Math.round(businessMinutesBetween(cal, created, new Date(f.first_reply_at))));
    if (f.done_at) {
      const done = new Date(f.done_at);
      g.finished!++;
      g.resolutionMinutes!.push(Math.round(businessMinutesBetween(cal, created, done)));
      const band = regulatoryBand(cal, created, done);
      if (band === '3bd') g.within3BusinessDays!++;
      else if (band === '8w') g.within8Weeks!++;
      else g.after8Weeks!++;
    }
    if (f.recovered) g.recovered!++;
    if (f.departed) g.departed!++;
    g.revenueAfter! += Number(f.revenue_after);
    g.effortCost! += Number(f.effort);
  }
  return [...groups.values()];
}

/** The cases of the listed days: a range scan on cases_created_idx, then the exact days. */
function inDays(days: string[]) {
  const first = `${days[0]}T00:00:00Z`;
  const last = `${days.at(-1)}T00:00:00Z`;
  return sql`c.created_at >= ${first}::timestamptz and c.created_at < ${last}::timestamptz + interval '1 day'
    and (c.created_at at time zone 'UTC')::date = any(${`{${days.join(',')}}`}::date[])`;
}

const utcDay = sql`(c.created_at at time zone 'UTC')::date`;

/** Recomputes the rollup of the given UTC days (YYYY-MM-DD), in the caller's transaction: a few set-based statements for all of them. */
export async function rebuildReportDays(tx: Queryable, unsorted: string[], s?: BusinessSettings): Promise<void> {
  if (!unsorted.length) return;
  const days = [...unsorted].sort();
  const settings = s ?? (await loadSettings(tx));
  const list = sql`${`{${days.join(',')}}`}::date[]`;
  for (const table of ['report_daily', 'report_clocks_daily', 'report_compensations_daily', 'report_base_daily']) {
    await tx.execute(sql`delete from ${sql.raw(table)} where day = any(${list})`);
  }
  const months = settings.economics.recoveryWindowMonths;
  const after = sql`o.customer_id = c.customer_id and o.placed_at > c.created_at and o.placed_at <= c.created_at + make_interval(months => ${months}) and o.id is distinct from c.order_id`;
  const facts = await queryRows<CaseFact & { day: string }>(
    tx,
    sql`select to_char(${utcDay}, 'YYYY-MM-DD') as day, c.created_at, c.business_unit, c.channel, c.category_id, c.owner_id, c.journey_stage, c.dissatisfaction_score as score,
          coalesce(c.resolved_at, c.closed_at) as done_at,
          (select min(m.created_at) from messages m where m.case_id = c.id and m.direction = 'outbound' and m.author_user_id is not null) as first_reply_at,
          exists (select 1 from orders o where ${after}) as recovered,
          (cu.status = 'departed' and cu.departed_at >= c.created_at) as departed,
          coalesce((select sum(o.total_minor) from orders o where ${after}), 0) as revenue_after,
          coalesce((select sum(r.amount_minor) from recovery_costs r where r.case_id = c.id), 0) as effort
        from cases c join customers cu on cu.id = c.customer_id
        where ${inDays(days)}`,
  );
  const byDay = new Map<string, CaseFact[]>();
  for (const f of facts) {
    const list = byDay.get(f.day) ?? [];
    list.push(f);
    byDay.set(f.day, list);
  }
  const rows = [...byDay].flatMap(([day, list]) => foldCases(day, list, settings));
  for (let i = 0; i < rows.length; i += 500) await tx.insert(reportDaily).values(rows.slice(i, i + 500));
  await tx.execute(sql`
    insert into report_clocks_daily (day, business_unit, channel, category_id, owner_id, kind, met, breached)
    select ${utcDay}, c.business_unit, c.channel, c.category_id, c.owner_id, k.kind,
           count(*) filter (where k.status = 'met')::int, count(*) filter (where k.status = 'breached')::int
      from clocks k join cases c on c.id = k.case_id
     where ${inDays(days)} and k.status in ('met', 'breached')
     group by ${utcDay}, c.business_unit, c.channel, c.category_id, c.owner_id, k.kind`);
  await tx.execute(sql`
    insert into report_compensations_daily (day, business_unit, channel, category_id, owner_id, kind, role, status, count, value_minor, cost_minor)
    select ${utcDay}, c.business_unit, c.channel, c.category_id, c.owner_id, m.kind, coalesce(u.role, 'system'), m.status,
           count(*)::int, sum(m.value_minor), sum(coalesce(m.cost_minor, m.value_minor))
      from compensations m join cases c on c.id = m.case_id left join users u on u.id = m.requested_by
     where ${inDays(days)}
     group by ${utcDay}, c.business_unit, c.channel, c.category_id, c.owner_id, m.kind, coalesce(u.role, 'system'), m.status`);
  // The unfiltered medians of every day, week and month a changed day falls in (report_period_stats).
  for (const interval of ['day', 'week', 'month']) {
    const periods = sql`(select distinct date_trunc(${interval}, d::timestamp)::date as p from unnest(${list}) d)`;
    const step = sql.raw(`interval '1 ${interval}'`);
    await tx.execute(sql`delete from report_period_stats where interval = ${interval} and period in ${periods}`);
    await tx.execute(sql`
      insert into report_period_stats (interval, period, first_response_p50, resolution_p50)
      select ${interval}, x.p,
        (select percentile_disc(0.5) within group (order by v) from report_daily r, unnest(r.first_response_minutes) v where r.day >= x.p and r.day < x.p + ${step}),
        (select percentile_disc(0.5) within group (order by v) from report_daily r, unnest(r.resolution_minutes) v where r.day >= x.p and r.day < x.p + ${step})
      from ${periods} x`);
  }
  const first = `${days[0]}T00:00:00Z`;
  const last = `${days.at(-1)}T00:00:00Z`;
  await tx.execute(sql`
    insert into report_base_daily (day, orders, new_customers)
    select d, coalesce(o.n, 0), coalesce(k.n, 0) from unnest(${list}) d
      left join (select (placed_at at time zone 'UTC')::date as day, count(*)::int as n from orders
                  where placed_at >= ${first}::timestamptz and placed_at < ${last}::timestamptz + interval '1 day' group by 1) o on o.day = d
      left join (select (created_at at time zone 'UTC')::date as day, count(*)::int as n from customers
                  where status <> 'merged' and created_at >= ${first}::timestamptz and created_at < ${last}::timestamptz + interval '1 day' group by 1) k on k.day = d`);
}

/**
 * One refresh: takes the logged days in one statement (rows logged by transactions that
 * commit later stay for the next refresh) and rebuilds them in chunks. Returns how many
 * days it rebuilt; another worker holding the lock makes it a no-op.
 */
export async function refreshReportRollup(db: Db, opts: { maxDays?: number } = {}): Promise<{ days: number }> {
  return db.transaction(async (t) => {
    const tx = t as Tx;
    const [lock] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${LOCK}) as ok`);
    if (!lock?.ok) return { days: 0 };
    const max = opts.maxDays ?? 14;
    // The oldest logged days first, at most `max` per refresh so a backfill never holds one huge transaction.
    const taken = await queryRows<{ day: string }>(
      tx,
      sql`with pick as (select distinct day from report_changes order by day limit ${max}),
               gone as (delete from report_changes r using pick where r.day = pick.day returning r.day)
          select distinct to_char(day, 'YYYY-MM-DD') as day from gone order by 1`,
    );
    const days = taken.map((r) => r.day);
    await rebuildReportDays(tx, days);
    return { days: days.length };
  });
}
