// The reports' rollup refresh (src/reports/refresh-report-rollup.ts), alone: CPU of this
// process and of the database's backends per refresh, in a transaction rolled back each time
// so the database is left as it was. What a worker pays every 2 s on a busy day.
//   ROLLUP_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<copy> ROLLUP_ROUNDS=20 npx tsx bench/rollup.ts
// Only the refresh is metered. ROLLUP_TOUCH=N first marks N of the latest day's cases changed (the work of N lifecycle steps).
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Tx } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { refreshReportRollup } from '../src/reports/refresh-report-rollup.ts';
import { CpuMeter } from './cpu.ts';

const url = process.env.ROLLUP_DATABASE_URL;
if (!url) throw new Error('set ROLLUP_DATABASE_URL (a copy of a prefilled bench database)');
const rounds = Number(process.env.ROLLUP_ROUNDS ?? 20);
const touch = Number(process.env.ROLLUP_TOUCH ?? 100);
const database = await openDatabase({ url, poolSize: 2 });
const db = database.db;
// Start from an up-to-date rollup.
await migrate(database);
while ((await refreshReportRollup(db, { maxDays: 60 })).days > 0);
const [{ day, count }] = (await queryRows<{ day: string; count: number }>(
  db,
  sql`select to_char(d, 'YYYY-MM-DD') as day, (select count(*)::int from cases where (created_at at time zone 'UTC')::date = d) as count
        from (select max((created_at at time zone 'UTC')::date) as d from cases) x`,
)) as [{ day: string; count: number }];
class Rollback extends Error {}
const meter = new CpuMeter(process.pid, new URL(url).pathname.slice(1));
let ms = 0;
const cpu = { serverMs: 0, postgresMs: 0 };
for (let r = 0; r < rounds; r++) {
  await db
    .transaction(async (t) => {
      const tx = t as Tx;
      // N changed cases of the day, as the lifecycle's steps leave them (a status change each).
      await tx.execute(sql`update cases set dissatisfaction_score = coalesce(dissatisfaction_score, 0) + 0.5 where id in (select id from cases where (created_at at time zone 'UTC')::date = ${day}::date order by random() limit ${touch})`);
      meter.start();
      const t0 = performance.now();
      await refreshReportRollup(tx as never);
      ms += performance.now() - t0;
      const used = meter.stop();
      cpu.serverMs += used.serverMs;
      cpu.postgresMs += used.postgresMs;
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
}
console.log(`rollup refresh of ${day} (${count} cases), ${touch} changed cases, ${rounds} rounds: CPU ${(cpu.serverMs / rounds).toFixed(1)} ms (this process) + ${(cpu.postgresMs / rounds).toFixed(1)} ms (PostgreSQL) per refresh, wall ${(ms / rounds).toFixed(1)} ms`);
await database.close();
