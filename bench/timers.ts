// Timers: with 1,000,000 pending timers in the table, 1,000 come due every
// second; how late do they fire? (Lateness = finished − due, p50/p99.)
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../src/db/client.ts';
import { Worker } from '../src/jobs/worker.ts';

export async function benchTimers(database: Database, log: (s: string) => void, opts: { pending?: number; perSecond?: number; seconds?: number } = {}) {
  const pending = opts.pending ?? 1_000_000;
  const perSecond = opts.perSecond ?? 1_000;
  const seconds = opts.seconds ?? 15;
  const db = database.db;
  const [{ n }] = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from jobs where state = 'pending' and kind = 'follow_up.due' and run_at > now() + interval '300 days'`)) as [{ n: number }];
  if (n < pending) {
    log(`  adding ${(pending - n).toLocaleString('en')} far-future timers …`);
    await db.execute(sql`
      insert into jobs (kind, payload, run_at)
      select 'follow_up.due', jsonb_build_object('followUpId', md5('bench-timer-' || g)::uuid), now() + interval '365 days' + make_interval(secs => g)
      from generate_series(1, ${pending - n}::int) g`);
    await database.exec('analyze jobs');
  }
  // The stream: `perSecond` timers due each second, starting 3 s from now.
  const tag = `bench-${Date.now()}`;
  await db.execute(sql`
    insert into jobs (kind, payload, run_at)
    select 'commitment.due', jsonb_build_object('commitmentId', '00000000-0000-7000-8000-000000000000', 'tag', ${tag}::text),
      now() + interval '3 seconds' + make_interval(secs => g::float8 / ${perSecond}::int)
    from generate_series(0, ${perSecond * seconds - 1}::int) g`);
  const worker = new Worker({ db, mailer: null, pollMs: 200, batchSize: 100 });
  const cpu0 = process.cpuUsage();
  const wall0 = Date.now();
  worker.start();
  const deadline = Date.now() + (seconds + 60) * 1000;
  for (;;) {
    const [left] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from jobs where payload->>'tag' = ${tag} and state <> 'done'`);
    if (left!.n === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await worker.stop();
  const cpu = process.cpuUsage(cpu0);
  const cpuShare = (cpu.user + cpu.system) / 1000 / (Date.now() - wall0);
  const [stats] = await queryRows<{ p50: number; p99: number; max: number; done: number }>(
    db,
    sql`select percentile_cont(0.5) within group (order by extract(epoch from finished_at - run_at)) * 1000 as p50,
               percentile_cont(0.99) within group (order by extract(epoch from finished_at - run_at)) * 1000 as p99,
               max(extract(epoch from finished_at - run_at)) * 1000 as max, count(*)::int as done
        from jobs where payload->>'tag' = ${tag} and state = 'done'`,
  );
  return { pending: Math.max(n, pending), fired: stats!.done, expected: perSecond * seconds, p50: Number(stats!.p50), p99: Number(stats!.p99), max: Number(stats!.max), workerCpu: cpuShare };
}
