// P-2.7: each case carries its churn risk (domain/churn.ts) in cases.churn_risk, so the
// queue can sort by who is about to be lost. Intake stores a first estimate; the worker's
// sweep follows the case timeline (case_events, append-only) and re-estimates every case
// that moved since its last pass — a breached clock, a broken promise, a reply, a
// resolution — in one read and one write per batch.
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Queryable, type Tx } from '../db/client.ts';
import { estimateChurn, type ChurnEstimate, type ChurnInput } from '../domain/churn.ts';
import { exponentOf } from '../domain/money.ts';
import { businessMinutesBetween } from '../domain/calendar/index.ts';
import { calendarFor, loadSettings } from '../settings/business-settings.ts';

const LOCK = 0x12b0_0002;
/** How far behind its mark the sweep looks again: events that commit out of id order are not missed. */
const OVERLAP = 1000;

/** The signal types in a stored detection summary ({ signals: [{ type }] }). */
export function signalsOf(detection: unknown): string[] {
  const s = (detection as { signals?: { type?: unknown }[] } | null)?.signals;
  return Array.isArray(s) ? s.map((x) => String(x?.type ?? '')).filter(Boolean) : [];
}

const major = (minor: number, currency: string) => minor / 10 ** exponentOf(currency);

const stored = (e: ChurnEstimate) => ({ churnRisk: e.risk, churnFactors: e.factors });

/** The first estimate at intake: the order, the customer's value, the tone; history comes with the sweep. */
export function intakeChurn(x: { orderTotal: number | null; customer: { lifetimeValue: number }; score: number; signals: string[]; status: string; highValue: number; currency?: string }) {
  const c = x.currency ?? 'EUR';
  return stored(
    estimateChurn({
      orderValue: x.orderTotal === null ? null : major(x.orderTotal, c),
      lifetimeValue: major(x.customer.lifetimeValue, c),
      orderCount: 0,
      previousCases: 0,
      departedBefore: false,
      score: x.score,
      signals: x.signals,
      status: x.status as ChurnInput['status'],
      breachedClocks: 0,
      brokenPromises: 0,
      resolvedInBusinessDays: null,
      highValue: major(x.highValue, c),
    }),
  );
}

interface InputRow {
  id: string;
  status: ChurnInput['status'];
  business_unit: string | null;
  created_at: Date | string;
  resolved_at: Date | string | null;
  score: number | null;
  detection: unknown;
  order_total: number | string | null;
  currency: string;
  lifetime_value_minor: number | string;
  order_count: number;
  departed_before: boolean;
  previous_cases: number;
  breached: number;
  broken: number;
}

/** Re-estimates the given cases from their current data: one read, one set-based write. */
export async function refreshChurnRiskOf(q: Queryable, caseIds: string[]): Promise<number> {
  if (!caseIds.length) return 0;
  const settings = await loadSettings(q);
  const ids = sql`${`{${caseIds.join(',')}}`}::uuid[]`;
  const rows = await queryRows<InputRow>(
    q,
    sql`select c.id, c.status, c.business_unit, c.created_at, c.resolved_at, c.dissatisfaction_score as score, c.detection,
          o.total_minor as order_total, cu.currency, cu.lifetime_value_minor, cu.order_count,
          (cu.departed_at is not null) as departed_before,
          (select count(*)::int from cases p where p.customer_id = c.customer_id and p.created_at < c.created_at) as previous_cases,
          (select count(*)::int from clocks k where k.case_id = c.id and k.status = 'breached') as breached,
          (select count(*)::int from commitments m where m.case_id = c.id and m.status = 'broken') as broken
        from cases c join customers cu on cu.id = c.customer_id left join orders o on o.id = c.order_id
        where c.id = any(${ids})`,
  );
  if (!rows.length) return 0;
  const values = rows.map((r) => {
    const cur = r.currency;
    const days =
      r.resolved_at === null ? null : businessMinutesBetween(calendarFor(settings, r.business_unit), new Date(r.created_at), new Date(r.resolved_at)) / (8 * 60);
    const e = estimateChurn({
      orderValue: r.order_total === null ? null : major(Number(r.order_total), cur),
      lifetimeValue: major(Number(r.lifetime_value_minor), cur),
      orderCount: r.order_count,
      previousCases: r.previous_cases,
      departedBefore: r.departed_before,
      score: r.score,
      signals: signalsOf(r.detection),
      status: r.status,
      breachedClocks: r.breached,
      brokenPromises: r.broken,
      resolvedInBusinessDays: days,
      highValue: major(settings.highValueThreshold, cur),
    });
    return { id: r.id, risk: e.risk, factors: e.factors };
  });
  await q.execute(sql`
    update cases c set churn_risk = v.risk, churn_factors = v.factors
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(id uuid, risk real, factors jsonb)
     where c.id = v.id and c.churn_risk is distinct from v.risk`);
  return values.length;
}

/**
 * What this process's last pass saw (issue 15): the mark it left and the ids of its look-back
 * window that were not there yet (rolled back, or committed late). The next pass reads only the
 * events after the mark and those missing ids, instead of re-estimating every case of the last
 * thousand events on each pass. Another worker's pass in between (another mark) falls back to
 * the whole window.
 */
const lastPass = new WeakMap<Db, { mark: number; missing: number[] }>();

/** The worker's sweep: every case with timeline events since the last pass, in batches; `full` when a batch was full (more is waiting). */
export async function refreshChurnRisk(db: Db, batch = 2000): Promise<{ cases: number; full: boolean }> {
  let pass: { mark: number; missing: number[] } | null = null;
  const result = await db.transaction(async (t) => {
    const tx = t as Tx;
    const [lock] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${LOCK}) as ok`);
    if (!lock?.ok) return { cases: 0, full: false };
    const [m] = await queryRows<{ mark: number | string }>(tx, sql`select mark from report_marks where name = 'churn'`);
    const mark = Number(m?.mark ?? 0);
    const [top] = await queryRows<{ id: number | string | null }>(tx, sql`select max(id) as id from (select id from case_events where id > ${mark} order by id limit ${batch}) s`);
    if (top?.id === null || top?.id === undefined) return { cases: 0, full: false };
    const to = Number(top.id);
    const before = lastPass.get(db);
    const window = Math.max(0, mark - OVERLAP);
    const late = before?.mark === mark ? sql`id = any(${`{${before.missing.join(',')}}`}::bigint[])` : sql`id > ${window}`;
    const events = await queryRows<{ id: number | string; case_id: string }>(tx, sql`select id, case_id from case_events where (id > ${mark} and id <= ${to}) or (${late} and id <= ${mark})`);
    const n = await refreshChurnRiskOf(tx, [...new Set(events.map((e) => e.case_id))]);
    await tx.execute(sql`insert into report_marks (name, mark) values ('churn', ${to}) on conflict (name) do update set mark = excluded.mark`);
    // The ids of the next look-back window not seen yet: none of them has been estimated.
    const seen = new Set(events.map((e) => Number(e.id)));
    const stillMissing = new Set(before?.mark === mark ? before.missing.filter((id) => !seen.has(id)) : []);
    const missing: number[] = [];
    for (let id = Math.max(0, to - OVERLAP) + 1; id <= to; id++) {
      const knownGap = before?.mark === mark && id <= mark ? stillMissing.has(id) : !seen.has(id);
      if (knownGap) missing.push(id);
    }
    pass = { mark: to, missing };
    return { cases: n, full: events.filter((e) => Number(e.id) > mark).length >= batch };
  });
  // Remembered only once the estimates are committed.
  if (pass) lastPass.set(db, pass);
  return result;
}
