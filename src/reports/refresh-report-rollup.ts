// The reports' rollup (P-4.6), kept current by the worker: triggers log the cases whose
// figures changed (report_changes, migrations 0016 and 0020); one refresh takes the log in one
// statement, recomputes the facts of exactly those cases (report_case_facts: the business-time
// minutes, recovery, effort) and adds their days up again from the facts — so the rollup is
// correct after any change, and a refresh costs what its changed cases cost (issue 15: it
// recomputed every case of the day every two seconds), however many cases a day holds.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db, type Queryable, type Tx } from '../db/client.ts';
import { addBusinessDays, businessMinutesBetween, type BusinessCalendar } from '../domain/calendar/index.ts';
import { loadSettings, calendarFor, type BusinessSettings } from '../settings/business-settings.ts';
import { DISSATISFIED_FROM } from './get-dashboard.ts';

/** One refresh at a time across workers (a transaction-scoped advisory lock). */
const LOCK = 0x12b0_0001;
const DAY_MS = 86_400_000;

interface CaseFact {
  id: string;
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

/** The regulatory band a finished case falls in (docs/CLOCKS.md): 3 business days (receipt day excluded), 8 weeks, after. */
export function regulatoryBand(cal: BusinessCalendar, receivedAt: Date, doneAt: Date): '3bd' | '8w' | 'after' {
  if (+doneAt <= +addBusinessDays(cal, receivedAt, 3, { dayOfReceipt: 'excluded' })) return '3bd';
  if (+doneAt <= +receivedAt + 56 * DAY_MS) return '8w';
  return 'after';
}

/** A case's row of report_case_facts. */
export interface FactRow {
  case_id: string;
  day: string;
  business_unit: string | null;
  channel: string;
  category_id: string | null;
  owner_id: string | null;
  score: number | null;
  journey_stage: string | null;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
  band: '3bd' | '8w' | 'after' | null;
  recovered: boolean;
  departed: boolean;
  revenue_after_minor: number;
  effort_cost_minor: number;
}

/** What each case adds to the rollup of its day: the business-time minutes and the regulatory band computed once. */
export function caseFacts(facts: (CaseFact & { day: string })[], s: BusinessSettings): FactRow[] {
  return facts.map((f) => {
    const cal = calendarFor(s, f.business_unit);
    const created = new Date(f.created_at);
    const done = f.done_at ? new Date(f.done_at) : null;
    return {
      case_id: f.id, day: f.day, business_unit: f.business_unit, channel: f.channel, category_id: f.category_id, owner_id: f.owner_id,
      score: f.score === null ? null : Number(f.score),
      journey_stage: f.journey_stage,
      first_response_minutes: f.first_reply_at ? Math.round(businessMinutesBetween(cal, created, new Date(f.first_reply_at))) : null,
      resolution_minutes: done ? Math.round(businessMinutesBetween(cal, created, done)) : null,
      band: done ? regulatoryBand(cal, created, done) : null,
      recovered: f.recovered,
      departed: !!f.departed,
      revenue_after_minor: Number(f.revenue_after),
      effort_cost_minor: Number(f.effort),
    };
  });
}

/** The cases of the listed days: a range scan on cases_created_idx, then the exact days. */
function inDays(days: string[]) {
  const first = `${days[0]}T00:00:00Z`;
  const last = `${days.at(-1)}T00:00:00Z`;
  return sql`c.created_at >= ${first}::timestamptz and c.created_at < ${last}::timestamptz + interval '1 day'
    and (c.created_at at time zone 'UTC')::date = any(${`{${days.join(',')}}`}::date[])`;
}

const utcDay = sql`(c.created_at at time zone 'UTC')::date`;

const dayList = (days: string[]) => sql`${`{${days.join(',')}}`}::date[]`;

/** Recomputes the rollup of the given UTC days (YYYY-MM-DD) from every case they hold, in the caller's transaction. */
export function rebuildReportDays(tx: Queryable, days: string[], s?: BusinessSettings): Promise<void> {
  return rebuildReport(tx, { whole: days, days: [], cases: [] }, s);
}

/** What one refresh recomputes: whole days (every case's facts), changed cases' facts, and the sums of these and other days. */
export interface RollupChanges {
  whole: string[];
  /** Days whose sums are recomputed (their orders, new customers, or changed cases). */
  days: string[];
  cases: string[];
}

/** Computes and stores the facts of the cases `where` selects (alias c); answers the days they came in. */
async function computeCaseFacts(tx: Queryable, where: SQL, settings: BusinessSettings): Promise<string[]> {
  const months = settings.economics.recoveryWindowMonths;
  const after = sql`o.customer_id = c.customer_id and o.placed_at > c.created_at and o.placed_at <= c.created_at + make_interval(months => ${months}) and o.id is distinct from c.order_id`;
  const facts = await queryRows<CaseFact & { day: string }>(
    tx,
    sql`select to_char(${utcDay}, 'YYYY-MM-DD') as day, c.id, c.created_at, c.business_unit, c.channel, c.category_id, c.owner_id, c.journey_stage, c.dissatisfaction_score as score,
          coalesce(c.resolved_at, c.closed_at) as done_at,
          (select min(m.created_at) from messages m where m.case_id = c.id and m.direction = 'outbound' and m.author_user_id is not null) as first_reply_at,
          exists (select 1 from orders o where ${after}) as recovered,
          (cu.status = 'departed' and cu.departed_at >= c.created_at) as departed,
          coalesce((select sum(o.total_minor) from orders o where ${after}), 0) as revenue_after,
          coalesce((select sum(r.amount_minor) from recovery_costs r where r.case_id = c.id), 0) as effort
        from cases c join customers cu on cu.id = c.customer_id
        where ${where}`,
  );
  // One parameter of JSON per 2,000 rows: building a statement of thousands of parameters cost more than the facts.
  const rows = caseFacts(facts, settings);
  for (let i = 0; i < rows.length; i += 2000) {
    await tx.execute(sql`
      insert into report_case_facts (case_id, day, business_unit, channel, category_id, owner_id, score, journey_stage, first_response_minutes,
        resolution_minutes, band, recovered, departed, revenue_after_minor, effort_cost_minor)
      select * from json_to_recordset(${JSON.stringify(rows.slice(i, i + 2000))}::json) as x(case_id uuid, day date, business_unit text, channel text,
        category_id uuid, owner_id uuid, score real, journey_stage text, first_response_minutes int, resolution_minutes int, band text,
        recovered boolean, departed boolean, revenue_after_minor bigint, effort_cost_minor bigint)`);
  }
  const dims = sql`c.id, ${utcDay}, c.business_unit, c.channel, c.category_id, c.owner_id`;
  await tx.execute(sql`
    insert into report_case_clocks (case_id, day, business_unit, channel, category_id, owner_id, kind, met, breached)
    select ${dims}, k.kind, count(*) filter (where k.status = 'met')::int, count(*) filter (where k.status = 'breached')::int
      from clocks k join cases c on c.id = k.case_id
     where (${where}) and k.status in ('met', 'breached')
     group by c.id, k.kind`);
  await tx.execute(sql`
    insert into report_case_compensations (case_id, day, business_unit, channel, category_id, owner_id, kind, role, status, count, value_minor, cost_minor)
    select ${dims}, m.kind, coalesce(u.role, 'system'), m.status, count(*)::int, sum(m.value_minor), sum(coalesce(m.cost_minor, m.value_minor))
      from compensations m join cases c on c.id = m.case_id left join users u on u.id = m.requested_by
     where (${where})
     group by c.id, m.kind, coalesce(u.role, 'system'), m.status`);
  return [...new Set(facts.map((f) => f.day))];
}

/**
 * Recomputes the facts of the changed cases (or of every case of a whole day), then the sums of
 * every day they touch, in the caller's transaction: a few set-based statements for all of them.
 */
export async function rebuildReport(tx: Queryable, changes: RollupChanges, s?: BusinessSettings): Promise<void> {
  const whole = [...new Set(changes.whole)].sort();
  const ids = [...new Set(changes.cases)];
  const touched = new Set([...whole, ...changes.days]);
  if (!touched.size && !ids.length) return;
  const settings = s ?? (await loadSettings(tx));
  // The facts: drop the old ones (their days are summed again, should a case have moved), compute the new.
  const idList = sql`${`{${ids.join(',')}}`}::uuid[]`;
  for (const table of ['report_case_facts', 'report_case_clocks', 'report_case_compensations']) {
    if (whole.length) await tx.execute(sql`delete from ${sql.raw(table)} where day = any(${dayList(whole)})`);
    if (!ids.length) continue;
    const gone = await queryRows<{ day: string }>(tx, sql`delete from ${sql.raw(table)} where case_id = any(${idList}) returning to_char(day, 'YYYY-MM-DD') as day`);
    for (const g of gone) touched.add(g.day);
  }
  const where = [...(whole.length ? [inDays(whole)] : []), ...(ids.length ? [sql`c.id = any(${idList})`] : [])];
  if (where.length) for (const day of await computeCaseFacts(tx, sql.join(where, sql` or `), settings)) touched.add(day);
  const days = [...touched].sort();
  const list = dayList(days);
  for (const table of ['report_daily', 'report_clocks_daily', 'report_compensations_daily', 'report_base_daily']) {
    await tx.execute(sql`delete from ${sql.raw(table)} where day = any(${list})`);
  }
  const dimCols = sql.raw('day, business_unit, channel, category_id, owner_id');
  await tx.execute(sql`
    insert into report_daily (${dimCols}, cases, scored, dissatisfied, stage_before, stage_at, stage_after,
      finished, within_3_business_days, within_8_weeks, after_8_weeks, recovered, departed, revenue_after_minor, effort_cost_minor,
      first_response_minutes, resolution_minutes)
    select ${dimCols}, count(*)::int, count(score)::int, count(*) filter (where score >= ${DISSATISFIED_FROM})::int,
      count(*) filter (where journey_stage = 'before_purchase')::int, count(*) filter (where journey_stage = 'at_purchase')::int,
      count(*) filter (where journey_stage = 'after_purchase')::int,
      count(band)::int, count(*) filter (where band = '3bd')::int, count(*) filter (where band = '8w')::int, count(*) filter (where band = 'after')::int,
      count(*) filter (where recovered)::int, count(*) filter (where departed)::int, sum(revenue_after_minor), sum(effort_cost_minor),
      coalesce(array_agg(first_response_minutes) filter (where first_response_minutes is not null), '{}'),
      coalesce(array_agg(resolution_minutes) filter (where resolution_minutes is not null), '{}')
      from report_case_facts where day = any(${list})
     group by ${dimCols}`);
  await tx.execute(sql`
    insert into report_clocks_daily (${dimCols}, kind, met, breached)
    select ${dimCols}, kind, sum(met)::int, sum(breached)::int from report_case_clocks where day = any(${list}) group by ${dimCols}, kind`);
  await tx.execute(sql`
    insert into report_compensations_daily (${dimCols}, kind, role, status, count, value_minor, cost_minor)
    select ${dimCols}, kind, role, status, sum(count)::int, sum(value_minor), sum(cost_minor)
      from report_case_compensations where day = any(${list}) group by ${dimCols}, kind, role, status`);
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
 * One refresh: takes the log of the oldest changed days in one statement (rows logged by
 * transactions that commit later stay for the next refresh) and recomputes their changed
 * cases, or every case of a day logged whole. Returns how many days and changed cases it
 * recomputed; another worker holding the lock makes it a no-op.
 */
export async function refreshReportRollup(db: Db, opts: { maxDays?: number } = {}): Promise<{ days: number; cases: number }> {
  return db.transaction(async (t) => {
    const tx = t as Tx;
    const [lock] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${LOCK}) as ok`);
    if (!lock?.ok) return { days: 0, cases: 0 };
    const max = opts.maxDays ?? 14;
    // The oldest logged days first, at most `max` per refresh so a backfill never holds one huge transaction.
    const taken = await queryRows<{ day: string; whole: boolean; cases: string[] }>(
      tx,
      sql`with pick as (select distinct day from report_changes order by day limit ${max}),
               gone as (delete from report_changes r using pick where r.day = pick.day returning r.day, r.case_id, r.whole)
          select to_char(day, 'YYYY-MM-DD') as day, bool_or(whole) as whole,
                 coalesce(array_agg(distinct case_id::text) filter (where case_id is not null and not whole), '{}') as cases
            from gone group by day order by 1`,
    );
    // A day logged whole recomputes every case of it anyway.
    const changes: RollupChanges = {
      whole: taken.filter((r) => r.whole).map((r) => r.day),
      days: taken.map((r) => r.day),
      cases: taken.filter((r) => !r.whole).flatMap((r) => r.cases),
    };
    await rebuildReport(tx, changes);
    return { days: taken.length, cases: changes.cases.length };
  });
}
