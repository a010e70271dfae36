// The demo business a newcomer sees: cases in every state, several languages,
// built through the real use cases; loading twice changes nothing.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase } from './helpers/db.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { loadConfig } from '../src/config.ts';
import { queryRows } from '../src/db/client.ts';
import { startServer } from '../src/server.ts';
import { freePort } from './helpers/mail.ts';
import { signIn } from '../src/staff/sessions.ts';

describe('demo data', () => {
  it('has cases in every state and language, and signs in', async () => {
    const database = await openTestDatabase('pglite');
    try {
      const cfg = loadConfig({});
      expect(await seedDemo(database.db, cfg)).toBe(true);
      const states = await queryRows<{ status: string }>(database.db, sql`select distinct status from cases order by 1`);
      expect(states.map((s) => s.status).sort()).toEqual(['acknowledged', 'closed', 'new', 'resolved', 'resolving', 'understood']);
      const langs = await queryRows<{ language: string }>(database.db, sql`select distinct language from cases`);
      expect(langs.length).toBeGreaterThanOrEqual(6);
      const [pending] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from compensations where status = 'pending_approval'`);
      expect(pending!.n).toBeGreaterThan(0);
      const [bags] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from resolution_options o join cases c on c.id = o.case_id where c.subject = 'Maisiņi konferencei'`);
      expect(bags!.n).toBe(3);
      // Canned replies in all seven languages, each with the placeholders the composer fills.
      const canned = await queryRows<{ language: string; n: number }>(database.db, sql`select language, count(*)::int as n from canned_replies where body like '%{{customerName}}%' group by language`);
      expect(canned.map((c) => c.language).sort()).toEqual(['de', 'en', 'es', 'fi', 'lv', 'ro', 'ru']);
      expect((await signIn(database.db, 'anna@amends.demo', 'amends-demo', 1)).user.role).toBe('agent');
      expect(await seedDemo(database.db, cfg)).toBe(false);
    } finally {
      await database.close();
    }
  });

  it('`serve --demo` on a fixed port loads the demo before it answers: the first sign-in works', async () => {
    const database = await openTestDatabase('pglite');
    const port = await freePort();
    let listeningWhilePreparing: boolean | null = null;
    const running = await startServer(loadConfig({}, { PORT: port, HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), {
      role: 'web',
      database,
      prepare: async (db, url) => {
        listeningWhilePreparing = await fetch(`${url}/healthz`).then(() => true, () => false);
        await seedDemo(db.db, loadConfig({}, { PUBLIC_URL: url }));
      },
    });
    try {
      expect(listeningWhilePreparing).toBe(false);
      const res = await fetch(`${running.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'anna@amends.demo', password: 'amends-demo' }) });
      expect(res.status).toBe(200);
    } finally {
      await running.close();
      await database.close();
    }
  });
});
