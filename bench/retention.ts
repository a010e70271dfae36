// `npx tsx bench/retention.ts`: what the retention sweep costs at scale (issues 14 and 15): rows
// pruned per second, and whether one sweep a minute keeps up with 1,000 complaints a second. Makes its
// own database (BENCH_RETENTION_URL, default amends_retention_bench; dropped at the end),
// fills ROWS finished jobs and ROWS/2 messages with form metadata spread over 120 days, then
// times a sweep with nothing past its period, and sweeps that drain a backlog.
//   BENCH_RETENTION_ROWS  finished jobs (default 1,000,000)
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { sweepRetention } from '../src/data-rights/sweep-retention.ts';

const URL_ = process.env.BENCH_RETENTION_URL ?? 'postgres://postgres@127.0.0.1:5432/amends_retention_bench';
const ROWS = Number(process.env.BENCH_RETENTION_ROWS ?? 1_000_000);
const log = (s: string) => process.stdout.write(`${s}\n`);

async function main() {
  const u = new URL(URL_);
  const name = u.pathname.slice(1);
  const admin = new pg.Client({ connectionString: `${u.protocol}//${u.username}@${u.host}/postgres` });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const database = await openDatabase({ url: URL_ });
  try {
    await migrate(database);
    const db = database.db;
    log(`filling ${ROWS.toLocaleString('en')} finished jobs and ${(ROWS / 2).toLocaleString('en')} messages over 120 days…`);
    await db.execute(sql`insert into jobs (kind, payload, state, finished_at, created_at)
      select 'message.send', jsonb_build_object('messageId', gen_random_uuid()), 'done', now() - (g % 120) * interval '1 day', now() - (g % 120) * interval '1 day'
      from generate_series(1, ${ROWS}) g`);
    await db.execute(sql`insert into customers (id, currency) values ('01890000-0000-7000-8000-0000000000aa', 'EUR')`);
    await db.execute(sql`insert into cases (id, customer_id, channel, language) values ('01890000-0000-7000-8000-0000000000bb', '01890000-0000-7000-8000-0000000000aa', 'web_form', 'en')`);
    await db.execute(sql`insert into messages (id, case_id, direction, channel, body, raw_source, created_at)
      select gen_random_uuid(), '01890000-0000-7000-8000-0000000000bb', 'inbound', 'web_form', 'text', '{"ip":"203.0.113.9","userAgent":"x"}', now() - (g % 120) * interval '1 day'
      from generate_series(1, ${ROWS / 2}) g`);
    await db.execute(sql`analyze`);
    // Periods longer than the data: nothing is due.
    await db.execute(sql`insert into settings (key, value) values ('retention', '{"finishedJobDays": 365, "formMetadataDays": 365}')`);
    const t0 = performance.now();
    const idle = await sweepRetention(db);
    log(`  = sweep with nothing past its period: ${(performance.now() - t0).toFixed(1)} ms ${JSON.stringify(idle)}`);
    // Finished jobs first (30 days: three quarters are due), then form metadata (90 days: a quarter),
    // each timed on its own: rows pruned per second, and what one sweep a minute with its 30 s budget keeps up with.
    const drain = async (label: string, settings: string, key: 'finishedJobs' | 'formMetadata') => {
      await db.execute(sql`update settings set value = ${settings}::jsonb where key = 'retention'`);
      let sweeps = 0;
      let rows = 0;
      let longest = 0;
      const t1 = performance.now();
      for (;;) {
        const s = performance.now();
        const c = await sweepRetention(db);
        longest = Math.max(longest, performance.now() - s);
        if (!c[key]) break;
        rows += c[key];
        sweeps++;
      }
      const secs = (performance.now() - t1) / 1000;
      const perSecond = Math.round(rows / secs);
      log(`  = ${label}: ${rows.toLocaleString('en')} rows in ${sweeps} sweep${sweeps === 1 ? '' : 's'}, ${secs.toFixed(1)} s: ${perSecond.toLocaleString('en')} rows pruned/s (longest sweep ${(longest / 1000).toFixed(1)} s, 5,000 rows a statement)`);
      return perSecond;
    };
    const jobsPerSecond = await drain('finished jobs', '{"finishedJobDays": 30, "formMetadataDays": 365}', 'finishedJobs');
    await drain('form metadata', '{"finishedJobDays": 30, "formMetadataDays": 90}', 'formMetadata');
    // The worker runs the sweep every minute for at most 30 s: half the rate is what it sustains.
    log(`  = sustained by one sweep a minute (30 s budget): ≈ ${Math.round(jobsPerSecond / 2).toLocaleString('en')} finished jobs/s; 1,000 complaints/s finish ≈ 1,000 jobs/s at intake (one acknowledgement each), a few thousand over whole lifecycles`);
    const [left] = await queryRows<{ jobs: number; meta: number }>(db, sql`select (select count(*)::int from jobs) as jobs, (select count(raw_source)::int from messages) as meta`);
    log(`  = left: ${left!.jobs.toLocaleString('en')} jobs, ${left!.meta.toLocaleString('en')} messages with form metadata`);
    const t2 = performance.now();
    await sweepRetention(db);
    log(`  = the next sweep, nothing left to do: ${(performance.now() - t2).toFixed(1)} ms`);
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
