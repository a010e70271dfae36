// The worker's churn sweep (src/cases/refresh-churn-risk.ts), alone: CPU of this process and of
// the database's backends per pass when each pass finds ROLLUP_EVENTS new timeline events (the
// events of a few lifecycles). Writes events: run it on a copy of a bench database.
//   CHURN_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<copy> CHURN_EVENTS=100 CHURN_ROUNDS=20 npx tsx bench/churn.ts
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.ts';
import { refreshChurnRisk } from '../src/cases/refresh-churn-risk.ts';
import { CpuMeter } from './cpu.ts';

const url = process.env.CHURN_DATABASE_URL;
if (!url) throw new Error('set CHURN_DATABASE_URL (a copy of a prefilled bench database)');
const rounds = Number(process.env.CHURN_ROUNDS ?? 20);
const events = Number(process.env.CHURN_EVENTS ?? 100);
const database = await openDatabase({ url, poolSize: 2 });
const db = database.db;
const meter = new CpuMeter(process.pid, new URL(url).pathname.slice(1));
const cpu = { serverMs: 0, postgresMs: 0 };
let cases = 0;
await refreshChurnRisk(db, 1_000_000);
for (let r = 0; r < rounds; r++) {
  await db.execute(sql`insert into case_events (case_id, type, actor_type) select id, 'note_added', 'system' from cases order by random() limit ${events}`);
  meter.start();
  cases += (await refreshChurnRisk(db)).cases;
  const used = meter.stop();
  cpu.serverMs += used.serverMs;
  cpu.postgresMs += used.postgresMs;
}
console.log(`churn sweep, ${events} new events a pass, ${rounds} passes: ${(cases / rounds).toFixed(0)} cases re-estimated, CPU ${(cpu.serverMs / rounds).toFixed(1)} ms (this process) + ${(cpu.postgresMs / rounds).toFixed(1)} ms (PostgreSQL) per pass`);
await database.close();
