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
import { SYSTEM } from '../src/context.ts';
import { getTrends } from '../src/reports/get-trends.ts';
import { getClockReport } from '../src/reports/get-clock-report.ts';
import { getRecoveryRate } from '../src/reports/get-recovery-rate.ts';
import { getCompensationReport } from '../src/reports/get-compensation-report.ts';

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
      // Six months of history behind it (issue 12): every report has something to show, and the dissatisfied share falls.
      const [span] = await queryRows<{ days: number; categories: number; channels: number; stages: number; departed: number }>(
        database.db,
        sql`select (extract(epoch from max(c.created_at) - min(c.created_at)) / 86400)::int as days, count(distinct c.category_id)::int as categories,
                   count(distinct c.channel)::int as channels, count(distinct c.journey_stage)::int as stages,
                   (select count(*)::int from customers where status = 'departed') as departed from cases c`,
      );
      expect(span!.days).toBeGreaterThanOrEqual(170);
      expect(span!.categories).toBeGreaterThanOrEqual(6);
      expect(span!.channels).toBeGreaterThanOrEqual(6);
      expect(span!.stages).toBe(3);
      expect(span!.departed).toBeGreaterThan(0);
      const { items } = await getTrends(database.db, SYSTEM, { interval: 'month' }, { currency: 'EUR' });
      expect(items.length).toBeGreaterThanOrEqual(6);
      const [first, last] = [items[1]!, items.at(-2)!];
      expect(first.dissatisfiedShare!).toBeGreaterThan(last.dissatisfiedShare! * 1.5);
      expect(items.every((i) => i.cases > 0)).toBe(true);
      const clocks = await getClockReport(database.db, SYSTEM, {});
      expect(clocks.byKind.find((k) => k.kind === 'first_response')!.breached).toBeGreaterThan(0);
      expect(clocks.bands.within3BusinessDays).toBeGreaterThan(0);
      expect(clocks.bands.within8Weeks + clocks.bands.after8Weeks).toBeGreaterThan(0);
      const recovery = await getRecoveryRate(database.db, SYSTEM, {}, { currency: 'EUR' });
      expect(recovery.items.some((i) => i.boughtAgain > 0 && i.departed > 0)).toBe(true);
      const comp = await getCompensationReport(database.db, SYSTEM, {}, { currency: 'EUR' });
      expect(comp.giftVsBonus.gift.count).toBeGreaterThan(0);
      expect(comp.giftVsBonus.bonus.count).toBeGreaterThan(0);
      const [churn] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from cases where churn_risk is not null`);
      expect(churn!.n).toBeGreaterThan(150);
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
