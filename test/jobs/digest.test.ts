// The weekly digest (issue 12): one durable job per week, a mail to each head and supervisor
// through a real SMTP server, in the reader's language, with last week against the week before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { startSmtp, until, type TestSmtp } from '../helpers/mail.ts';
import { TARGETS } from '../helpers/db.ts';
import { createMailer } from '../../src/channels/email/smtp-sender.ts';
import { Worker } from '../../src/jobs/worker.ts';
import { users } from '../../src/db/schema.ts';
import { queryRows } from '../../src/db/client.ts';
import { mondayOf, scheduleWeeklyDigest } from '../../src/reports/send-weekly-digest.ts';

for (const target of TARGETS) {
  describe(`weekly digest (${target})`, () => {
    let t: TestApp;
    let smtp: TestSmtp;
    beforeAll(async () => {
      smtp = await startSmtp();
      t = await createTestApp(target, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Amends <desk@shop.example>' });
      await t.database.db.update(users).set({ languages: ['de', 'en'] }).where(eq(users.id, t.users.head.id));
      await t.database.db.update(users).set({ languages: ['ru'] }).where(eq(users.id, t.users.supervisor.id));
    });
    afterAll(async () => {
      await t?.close();
      await smtp?.close();
    });

    it('is scheduled once per week and mails heads and supervisors in their language', async () => {
      const now = new Date();
      await scheduleWeeklyDigest(t.database.db, now);
      await scheduleWeeklyDigest(t.database.db, now);
      const jobs = await queryRows<{ n: number; payload: { weekStart: string } }>(t.database.db, sql`select count(*)::int as n, min(payload::text)::jsonb as payload from jobs where kind = 'report.digest'`);
      expect(jobs[0]!.n).toBe(1);
      expect(jobs[0]!.payload.weekStart).toBe(mondayOf(now));
      // Due now: run it.
      await t.database.db.execute(sql`update jobs set run_at = now() where kind = 'report.digest'`);
      const worker = new Worker({ db: t.database.db, mailer: createMailer(t.services.config), config: t.services.config, pollMs: 50 });
      await worker.runOnce();
      await until(() => smtp.mails.length >= 2);
      const byTo = Object.fromEntries(smtp.mails.map((m) => [m.rcpt, m]));
      expect(Object.keys(byTo).sort()).toEqual(['head@test.example', 'supervisor@test.example']);
      const lastWeek = new Date(Date.parse(`${mondayOf(now)}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
      expect(byTo['head@test.example']!.subject).toBe(`Beschwerden: die Woche ab ${lastWeek}`);
      expect(byTo['head@test.example']!.text).toContain('Eingehaltene Fristen');
      expect(byTo['head@test.example']!.text).toContain('Vorwoche');
      expect(byTo['supervisor@test.example']!.subject).toBe(`Жалобы: неделя с ${lastWeek}`);
      expect(byTo['supervisor@test.example']!.text).toContain('Обращения: 0');
      expect(smtp.mails.some((m) => m.rcpt.startsWith('agent@'))).toBe(false);
      const [done] = await queryRows<{ state: string }>(t.database.db, sql`select state from jobs where kind = 'report.digest'`);
      expect(done!.state).toBe('done');
    });
  });
}
