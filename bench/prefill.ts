// Fills a benchmark database with a realistic backlog, set-based (one INSERT …
// SELECT generate_series per table and batch), so a million cases take a
// minute, not an hour. Reuses what an earlier run left.
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../src/db/client.ts';
import { addUser } from '../src/staff/users.ts';
import { createApiToken } from '../src/staff/api-tokens.ts';

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
  const ownerArray = sql.raw(`array[${agents.map((a) => `'${a.id}'::uuid`).join(',')}]`);
  for (let from = have; from < target; from += batch) {
    const to = Math.min(target, from + batch);
    const started = Date.now();
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into customers (id, name, currency, created_at, updated_at)
        select md5('bench-customer-' || g)::uuid, 'Bench Customer ' || g, 'EUR', now(), now()
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
  if (have < target) await database.exec('analyze');
  const [{ n }] = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from cases`)) as [{ n: number }];
  return { token, agentIds: agents.map((a) => a.id), cases: n };
}
