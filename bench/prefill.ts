// Fills a benchmark database with a realistic backlog, set-based (one INSERT …
// SELECT generate_series per table and batch), so a million cases take a
// minute, not an hour. Reuses what an earlier run left.
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../src/db/client.ts';
import { addUser } from '../src/staff/users.ts';
import { createApiToken } from '../src/staff/api-tokens.ts';
import { refreshReportRollup } from '../src/reports/refresh-report-rollup.ts';

export interface Prefilled {
  token: string;
  agentIds: string[];
  cases: number;
}

export async function prefill(database: Database, target: number, log: (s: string) => void): Promise<Prefilled> {
  const db = database.db;
  let agents = await queryRows<{ id: string }>(db, sql`select id from users where email like 'bench-agent-%' order by email`);
  if (agents.length === 0) {
    for (let i = 0; i < 20; i++) {
      await addUser(db, { email: `bench-agent-${String(i).padStart(2, '0')}@bench.example`, name: `Bench Agent ${i}`, role: 'agent', password: 'bench-password', languages: ['en', 'lv', 'ru'] });
    }
    agents = await queryRows<{ id: string }>(db, sql`select id from users where email like 'bench-agent-%' order by email`);
  }
  const { token } = await createApiToken(db, { name: 'bench', role: 'supervisor', userId: agents[0]!.id });
  const [{ n: have }] = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from cases`)) as [{ n: number }];
  const batch = 100_000;
  // A big fill (the 10M queue bench) drops the secondary indexes of the filled tables and builds
  // them once at the end: maintaining 14 indexes of cases row by row takes 10× as long. The dropped
  // definitions are kept in the database, so an interrupted fill rebuilds them on its next run.
  const bulk = target - have >= BULK_ROWS;
  if (bulk) await dropIndexes(database);
  else await restoreIndexes(database, log);
  const ownerArray = sql.raw(`array[${agents.map((a) => `'${a.id}'::uuid`).join(',')}]`);
  for (let from = have; from < target; from += batch) {
    const to = Math.min(target, from + batch);
    const started = Date.now();
    await db.transaction(async (tx) => {
      // A bulk fill also skips triggers and foreign-key checks (the rows are made consistent): the
      // report rollups are not kept, so such a database serves the queue bench, not the reports'.
      if (bulk) await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`
        insert into customers (id, name, currency, created_at, updated_at)
        select md5('bench-customer-' || g)::uuid, 'Bench Customer ' || g, 'EUR',
          -- when the customer's first case came (spread as the cases are): with every prefilled
          -- customer made today, the report rollup's count of today's new customers read them all
          now() - make_interval(secs => (${target}::int - g) * 30), now() - make_interval(secs => (${target}::int - g) * 30)
        from generate_series(${from - (from % 3)}::int, ${to - 1}::int) g where g % 3 = 0
        on conflict do nothing`);
      await tx.execute(sql`
        insert into cases (id, number, customer_id, channel, status, priority, language, subject, owner_id, created_at, updated_at, acknowledged_at, dissatisfaction_score, next_due_at)
        select md5('bench-case-' || g)::uuid, nextval('case_number_seq'),
          md5('bench-customer-' || (g - g % 3))::uuid,
          (array['email','web_form','phone','review','chat'])[1 + g % 5],
          (array['acknowledged','understood','resolving','resolved','closed','closed','closed','resolved'])[1 + (g * 7) % 8],
          (g * 13) % 4,
          (array['en','lv','ru','de','es','fi','ro'])[1 + g % 7],
          'Bench complaint number ' || g,
          (${ownerArray})[1 + g % ${agents.length}::int],
          now() - make_interval(secs => (${target}::int - g) * 30),
          now() - make_interval(secs => (${target}::int - g) * 30),
          now() - make_interval(secs => (${target}::int - g) * 30),
          ((g * 37) % 100) / 100.0,
          -- open cases have a next deadline somewhere from two days ago to four days ahead
          case when (g * 7) % 8 < 3 then now() + make_interval(mins => ((g::bigint * 7919) % 8640)::int - 2880) end
        from generate_series(${from}::int, ${to - 1}::int) g`);
      await tx.execute(sql`
        insert into messages (id, case_id, direction, channel, body, created_at)
        select md5('bench-message-' || g)::uuid, md5('bench-case-' || g)::uuid, 'inbound', 'email',
          'The delivery was late again and nobody answers the phone. Order ' || g, now()
        from generate_series(${from}::int, ${to - 1}::int) g`);
      await tx.execute(sql`
        insert into case_events (case_id, type, actor_type, data, created_at)
        select md5('bench-case-' || g)::uuid, t.type, 'system', '{}'::jsonb, now()
        from generate_series(${from}::int, ${to - 1}::int) g, (values ('case_opened'), ('acknowledged')) t(type)`);
    });
    log(`  prefilled cases ${from}–${to} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  await restoreIndexes(database, log);
  if (have < target) await database.exec('analyze');
  const [{ n }] = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from cases`)) as [{ n: number }];
  return { token, agentIds: agents.map((a) => a.id), cases: n };
}

/** From this many cases to add, a fill drops secondary indexes first and rebuilds them after. */
const BULK_ROWS = 2_000_000;

async function dropIndexes(database: Database): Promise<void> {
  await database.exec('create table if not exists bench_dropped_indexes (name text primary key, def text not null)');
  await database.db.transaction(async (tx) => {
    // Secondary indexes only: primary keys and unique indexes stay (foreign keys and case numbers use them).
    const rows = await queryRows<{ name: string; def: string }>(
      tx,
      sql`select i.indexname as name, i.indexdef as def from pg_indexes i join pg_class c on c.relname = i.indexname join pg_index x on x.indexrelid = c.oid
          where i.schemaname = 'public' and i.tablename in ('cases', 'messages', 'case_events') and not x.indisunique and not x.indisprimary`,
    );
    for (const r of rows) {
      await tx.execute(sql`insert into bench_dropped_indexes (name, def) values (${r.name}, ${r.def}) on conflict do nothing`);
      await tx.execute(sql.raw(`drop index "${r.name}"`));
    }
  });
}

async function restoreIndexes(database: Database, log: (s: string) => void): Promise<void> {
  await database.exec('create table if not exists bench_dropped_indexes (name text primary key, def text not null)');
  const rows = await queryRows<{ name: string; def: string }>(database.db, sql`select name, def from bench_dropped_indexes order by name`);
  for (const r of rows) {
    const started = Date.now();
    // One round trip, so the setting applies to the connection that builds the index.
    await database.exec(`set maintenance_work_mem = '256MB'; ${r.def.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ')}`);
    await database.db.execute(sql`delete from bench_dropped_indexes where name = ${r.name}`);
    log(`  rebuilt index ${r.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** Refreshes the report rollup until no change is left, 14 days a refresh (as a backfill); the days rebuilt. */
export async function drainReportRollup(db: Database['db']): Promise<number> {
  let days = 0;
  for (;;) {
    const r = await refreshReportRollup(db, { maxDays: 14 });
    if (!r.days) return days;
    days += r.days;
  }
}

/**
 * Brings the worker's derived state up to date before a measurement, as on a desk that has been
 * running: the report rollup over every logged change, and the churn sweep's mark past the
 * prefill's events. Without it a load measured the worker catching up on a million prefilled
 * cases (report changes and churn passes of 2,000 events) beside the requests it was meant to
 * measure: about half of PostgreSQL's time in the lifecycle run at a million cases. The prefilled
 * cases keep the estimate they were written with (none: the queue sorts them last by churn);
 * the cases a measured run makes are estimated by the worker as usual.
 */
export async function settleBacklog(database: Database, log: (s: string) => void): Promise<void> {
  const db = database.db;
  const started = Date.now();
  const days = await drainReportRollup(db);
  await db.execute(sql`
    insert into report_marks (name, mark) select 'churn', coalesce(max(id), 0) from case_events
    on conflict (name) do update set mark = greatest(report_marks.mark, excluded.mark)`);
  // A server without autovacuum (the CI configuration of these machines) keeps dead rows and
  // the statistics of an empty table: plans no production server would choose. Vacuumed and
  // analysed as autovacuum would have left them (the first time ~12 s at a million cases).
  const [av] = await queryRows<{ on: string }>(db, sql`select current_setting('autovacuum') as on`);
  if (av?.on !== 'on') {
    const t = Date.now();
    await database.exec('vacuum (analyze)');
    log(`  autovacuum is off on this server: vacuumed and analysed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  if (days) log(`  worker backlog settled (report rollup over ${days} days) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
