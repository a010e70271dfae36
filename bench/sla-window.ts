// The SLA view at scale: fills (or reuses) a database with a million cases and their
// clocks, then prints the plan and timing of GET /api/v1/sla/due's query for each window,
// for the whole desk and for one owner. Figures, never assertions.
//   SLA_BENCH_URL (default postgres://postgres@127.0.0.1:5432/amends_sla_bench), SLA_BENCH_CASES (default 1,000,000)
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { prefill } from './prefill.ts';
import { listDueClocks, SLA_WINDOWS } from '../src/clocks/list-due-clocks.ts';

const url = process.env.SLA_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/amends_sla_bench';
const target = Number(process.env.SLA_BENCH_CASES ?? 1_000_000);
const name = new URL(url).pathname.slice(1);
const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
await admin.connect();
if ((await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 0) await admin.query(`create database ${name}`);
await admin.end();
const database = await openDatabase({ url, poolSize: 2 });
await migrate(database);
const { agentIds, cases } = await prefill(database, target, (s) => console.log(s));
const db = database.db;
const [{ n }] = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from clocks`)) as [{ n: number }];
if (n === 0) {
  const t0 = Date.now();
  // Each case: a met acknowledgement clock; open ones a running first-response and resolution clock
  // spread from two hours ago to five days ahead.
  await db.execute(sql`
    insert into clocks (id, case_id, kind, meets_on, started_at, due_at, status)
    select gen_random_uuid(), k.id, c.kind, c.meets, k.created_at,
      case when c.kind = 'acknowledgement' then k.created_at
           else now() + make_interval(mins => (abs(hashtext(k.id::text || c.kind)) % 7320) - 120) end,
      case when c.kind = 'acknowledgement' or k.status in ('resolved', 'closed') then 'met' else 'running' end
    from cases k, (values ('acknowledgement', 'acknowledgement'), ('first_response', 'first_response'), ('resolution', 'resolve')) c(kind, meets)`);
  await database.exec('analyze clocks');
  console.log(`clocks inserted in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
const counts = await queryRows<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from clocks group by 1 order by 1`);
console.log(`cases ${cases}, clocks ${counts.map((c) => `${c.status} ${c.n}`).join(', ')}`);
const owner = agentIds[3]!;
for (const hours of SLA_WINDOWS) {
  for (const ownerId of [undefined, owner]) {
    const plan = await queryRows<{ 'QUERY PLAN': string }>(
      db,
      sql`explain (analyze, buffers) select c.id, c.due_at, k.id, k.number, u.name, cu.name from clocks c
        join cases k on k.id = c.case_id join customers cu on cu.id = k.customer_id left join users u on u.id = k.owner_id
        where c.status = 'running' and c.due_at <= now() + make_interval(hours => ${hours}) ${ownerId ? sql`and k.owner_id = ${ownerId}` : sql``}
        order by c.due_at, c.id limit 101`,
    );
    const t0 = performance.now();
    const page = await listDueClocks(db, { hours, limit: 100, ...(ownerId ? { ownerId } : {}) });
    const ms = performance.now() - t0;
    console.log(`\n== ${hours} h, ${ownerId ? 'one owner' : 'whole desk'}: ${page.items.length} rows in ${ms.toFixed(1)} ms (through listDueClocks)`);
    console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
  }
}
await database.close();
