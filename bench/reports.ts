// `npm run bench` (BENCH_ONLY=reports): the management reports at a million cases. Prefills
// the bench database (bench/prefill.ts), builds the rollup the worker keeps (timed: the
// one-off backfill), then asks each report route, unfiltered and filtered, through
// app.inject (no network) and reports p50/p95. One day's incremental refresh is timed too.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../src/db/client.ts';
import { buildApp } from '../src/http/app.ts';
import { loadConfig } from '../src/config.ts';
import { refreshReportRollup } from '../src/reports/refresh-report-rollup.ts';
import { drainReportRollup, prefill } from './prefill.ts';
import { addUser } from '../src/staff/users.ts';
import { createApiToken } from '../src/staff/api-tokens.ts';

const ROUTES = ['trends', 'dissatisfaction', 'volume', 'clocks', 'recovery', 'compensation'];

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

export interface ReportFigure {
  name: string;
  p50: number;
  p95: number;
}

/** Figures for the report routes at `cases` cases; `log` prints progress. */
export async function benchReports(database: Database, cases: number, log: (s: string) => void, runs = 20) {
  const pre = await prefill(database, cases, log);
  const db = database.db;
  // The shared prefill has no replies or resolution times: add them once (set-based), so the
  // business-time percentiles run over a million samples like a real desk's.
  const [done] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from (select 1 from cases where resolved_at is not null limit 1) s`);
  if (!done!.n) {
    log('  adding first replies and resolution times to the prefill …');
    await db.execute(sql`update cases set resolved_at = created_at + make_interval(mins => (30 + (number * 7919) % 20000)::int) where status in ('resolved', 'closed')`);
    await db.execute(sql`
      insert into messages (id, case_id, direction, channel, body, author_user_id, created_at)
      select md5('bench-reply-' || c.id)::uuid, c.id, 'outbound', 'email', 'We are on it.', c.owner_id, c.created_at + make_interval(mins => (5 + (c.number * 104729) % 900)::int)
        from cases c where c.owner_id is not null
      on conflict do nothing`);
  }
  let started = performance.now();
  const days = await drainReportRollup(db);
  const backfill = performance.now() - started;
  if (days) log(`  rollup built for ${days} days in ${(backfill / 1000).toFixed(1)} s`);
  const [rows] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from report_daily`);
  // One changed case today: the incremental refresh rebuilds one day.
  await db.execute(sql`update cases set dissatisfaction_score = case when dissatisfaction_score > 0.985 then 0.98 else 0.99 end where id = (select id from cases order by created_at desc limit 1)`);
  started = performance.now();
  await refreshReportRollup(db);
  const incremental = performance.now() - started;
  // Reports are for supervisors and heads: the bench asks as one.
  let [sup] = await queryRows<{ id: string }>(db, sql`select id from users where email = 'bench-supervisor@bench.example'`);
  sup ??= await addUser(db, { email: 'bench-supervisor@bench.example', name: 'Bench Supervisor', role: 'supervisor', password: 'bench-password', languages: ['en'] });
  const { token } = await createApiToken(db, { name: 'bench reports', role: 'supervisor', userId: sup.id });
  const app = await buildApp({ database, services: { config: loadConfig({}, { PUBLIC_URL: 'http://bench.example' }), wakeWorker: () => {} } });
  const figures: ReportFigure[] = [];
  const agent = pre.agentIds[3]!;
  const queries: [string, string][] = [
    ['', 'last 6 months, by week'],
    ['&channel=email,phone', 'channel filter'],
    [`&ownerId=${agent}`, 'owner filter'],
  ];
  for (const route of ROUTES) {
    for (const [q, label] of queries) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url: `/api/v1/reports/${route}?interval=week${q}`, headers: { authorization: `Bearer ${token}` } });
        times.push(performance.now() - t0);
        if (res.statusCode !== 200) throw new Error(`${route}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      figures.push({ name: `${route} (${label})`, p50: pct(times, 50), p95: pct(times, 95) });
    }
  }
  await app.close();
  return { cases: pre.cases, rollupRows: rows!.n, backfillMs: backfill, backfillDays: days, incrementalMs: incremental, figures };
}
