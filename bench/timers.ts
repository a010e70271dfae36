// Timers: with 10,000,000 pending timers in the table (BENCH_TIMERS_PENDING; made once,
// set-based, and reused), 1,000 come due every second; how late do they fire?
// (Lateness = finished − due, p50/p99.) Also: the claim query's plan and the jobs table's size.
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../src/db/client.ts';
import { Worker } from '../src/jobs/worker.ts';
import { delta, sampleCpu } from './scaling.ts';

export async function benchTimers(database: Database, log: (s: string) => void, opts: { pending?: number; perSecond?: number; seconds?: number } = {}) {
  const pending = opts.pending ?? 10_000_000;
  const perSecond = opts.perSecond ?? 1_000;
  const seconds = opts.seconds ?? 15;
  const db = database.db;
  const [{ n }] = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from jobs where state = 'pending' and kind = 'follow_up.due' and run_at > now() + interval '300 days'`)) as [{ n: number }];
  if (n < pending) {
    // Set-based, a million rows per statement (one short transaction each), then analyze once.
    const chunk = 1_000_000;
    for (let from = n; from < pending; from += chunk) {
      const to = Math.min(pending, from + chunk);
      const t0 = Date.now();
      await db.execute(sql`
        insert into jobs (kind, payload, run_at)
        select 'follow_up.due', jsonb_build_object('followUpId', md5('bench-timer-' || g)::uuid), now() + interval '365 days' + make_interval(secs => g)
        from generate_series(${from + 1}::int, ${to}::int) g`);
      log(`  far-future timers ${from.toLocaleString('en')}–${to.toLocaleString('en')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    await database.exec('analyze jobs');
  }
  // Autovacuum caught up (its per-table settings for jobs, migration 0018, clean the index every
  // 20,000 changed rows): the dead entries earlier runs left at the head of jobs_due_idx go.
  await database.exec('vacuum (analyze) jobs');
  // The worker's claim must stay on jobs_due_idx whatever the number of far-future timers:
  // its plan and cost with nothing due (the common case) and the table's size on disk.
  const plan = (
    await queryRows<{ 'QUERY PLAN': string }>(
      db,
      sql`explain (analyze, buffers, costs off, timing off) select id from jobs where state = 'pending' and run_at <= now() order by run_at limit 100 for update skip locked`,
    )
  ).map((r) => r['QUERY PLAN']);
  const claimIndex = plan.find((l) => /Index (Only )?Scan/.test(l))?.match(/using (\w+)/)?.[1] ?? 'none (sequential scan)';
  const claimMs = Number(plan.find((l) => l.startsWith('Execution Time'))?.match(/[\d.]+/)?.[0] ?? NaN);
  const [size] = await queryRows<{ total: string; heap: string; indexes: string; rows: number }>(
    db,
    sql`select pg_size_pretty(pg_total_relation_size('jobs')) as total, pg_size_pretty(pg_relation_size('jobs')) as heap,
          pg_size_pretty(pg_indexes_size('jobs')) as indexes, (select reltuples::bigint from pg_class where relname = 'jobs') as rows`,
  );
  // A warm worker, as in production: its first round of sweeps
  // (reports, owners, retention, …) and its pool's connections are behind it when timers come due.
  const worker = new Worker({ db, mailer: null, pollMs: 200, batchSize: 100 });
  worker.start();
  await new Promise((r) => setTimeout(r, 5_000));
  // …and has run this kind of job before (its code compiled): 2,000 warm-up timers over two seconds, not measured.
  await db.execute(sql`insert into jobs (kind, payload, run_at)
    select 'commitment.due', jsonb_build_object('commitmentId', '00000000-0000-7000-8000-000000000000', 'tag', 'warm-up'), now() + make_interval(secs => g::float8 / 1000)
    from generate_series(0, 1999) g`);
  await new Promise((r) => setTimeout(r, 4_000));
  // The stream: `perSecond` timers due each second, starting 3 s from now.
  const tag = `bench-${Date.now()}`;
  // Its id range keeps the bench's own polling on the primary key (a scan by tag would read all 10M rows).
  const [range] = await queryRows<{ lo: number; hi: number }>(
    db,
    sql`with stream as (
      insert into jobs (kind, payload, run_at)
      select 'commitment.due', jsonb_build_object('commitmentId', '00000000-0000-7000-8000-000000000000', 'tag', ${tag}::text),
        now() + interval '3 seconds' + make_interval(secs => g::float8 / ${perSecond}::int)
      from generate_series(0, ${perSecond * seconds - 1}::int) g
      returning id)
    select min(id)::bigint as lo, max(id)::bigint as hi from stream`,
  );
  const ours = sql`id between ${range!.lo} and ${range!.hi} and payload->>'tag' = ${tag}`;
  const cpu0 = process.cpuUsage();
  const pg0 = sampleCpu([]).pg;
  const wall0 = Date.now();
  const deadline = Date.now() + (seconds + 60) * 1000;
  for (;;) {
    const [left] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from jobs where ${ours} and state <> 'done'`);
    if (left!.n === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await worker.stop();
  const cpu = process.cpuUsage(cpu0);
  const pgMs = delta(pg0, sampleCpu([]).pg);
  const cpuShare = (cpu.user + cpu.system) / 1000 / (Date.now() - wall0);
  const [stats] = await queryRows<{ p50: number; p99: number; max: number; done: number }>(
    db,
    sql`select percentile_cont(0.5) within group (order by extract(epoch from finished_at - run_at)) * 1000 as p50,
               percentile_cont(0.99) within group (order by extract(epoch from finished_at - run_at)) * 1000 as p99,
               max(extract(epoch from finished_at - run_at)) * 1000 as max, count(*)::int as done
        from jobs where ${ours} and state = 'done'`,
  );
  return { pgCpuMsPerTimer: pgMs / (perSecond * seconds), workerCpuMsPerTimer: (cpu.user + cpu.system) / 1000 / (perSecond * seconds), claimIndex, claimMs, plan, jobsTable: size!, pending: Math.max(n, pending), fired: stats!.done, expected: perSecond * seconds, p50: Number(stats!.p50), p99: Number(stats!.p99), max: Number(stats!.max), workerCpu: cpuShare };
}
