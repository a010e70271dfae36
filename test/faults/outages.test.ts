// The database and the mail server going away and coming back (issue 14): while a
// throwaway PostgreSQL cluster is stopped the API answers 503 SERVICE_UNAVAILABLE with
// Retry-After, and once it is started again the same server process carries on, nothing
// lost; while SMTP is down mail waits and retries, and once it is back every mail is
// delivered exactly once.
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TARGETS } from '../helpers/db.ts';
import { createTestApp } from '../helpers/app.ts';
import { freePort, startSmtp, until } from '../helpers/mail.ts';
import { openDatabase, queryRows } from '../../src/db/client.ts';
import { Worker } from '../../src/jobs/worker.ts';
import { createMailer } from '../../src/channels/email/smtp-sender.ts';
import { reconcileUncertainMail } from '../../src/channels/email/reconcile-mail.ts';
import { burst, createCluster, metricSum, startAmends, waitFor, type Cluster } from './processes.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('PostgreSQL stopped and started under a running server', () => {
  it('answers 503 with Retry-After while it is down, then recovers without a restart, nothing lost', { timeout: 150_000 }, async () => {
    const smtp = await startSmtp();
    smtp.server.on('error', () => {});
    cleanups.push(() => smtp.close());
    const cluster: Cluster = createCluster(await freePort());
    cleanups.push(() => cluster.destroy());
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = await startAmends(['serve', '--role', 'all'], { PORT: String(port), PUBLIC_URL: url, DATABASE_URL: cluster.url, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_FORM_RATE_LIMIT: '100000' }, port);
    cleanups.push(() => server.stop());

    const before = await burst(url, 'o', 0, 40, 4);
    expect(before.statuses).toEqual({ 201: 40 });
    await waitFor('the first acknowledgements', () => smtp.mails.length >= 40);

    cluster.stop();
    const down = await fetch(`${url}/api/v1/public/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'down@example.com', body: 'Filed while the database is down.' }) });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await down.json()).error.code).toBe('SERVICE_UNAVAILABLE');
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    const signIn = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@b.example', password: 'whatever1' }) });
    expect(signIn.status).toBe(503);
    expect(signIn.headers.get('retry-after')).toMatch(/^\d+$/);

    cluster.start();
    await waitFor('the API to answer again', async () => (await fetch(`${url}/readyz`)).status === 200, 30_000);
    const after = await burst(url, 'o', 100, 40, 4);
    expect(after.statuses).toEqual({ 201: 40 });
    await waitFor('every acknowledgement', async () => (await metricSum(url, 'amends_job_queue_depth', { kind: 'message.send' })) === 0 && smtp.mails.length >= 80, 40_000);
    expect(server.child.exitCode).toBeNull(); // the same process throughout

    const db = await openDatabase({ url: cluster.url, poolSize: 2 });
    try {
      // Anything a send cut off by the outage would be settled against what SMTP accepted.
      await reconcileUncertainMail(db.db, { delivered: smtp.mails.map((m) => m.messageId), resendRest: true });
      const stored = await queryRows<{ marker: string; n: number }>(
        db.db,
        sql`select substring(body from 'Reference (o-[0-9]+)\\.') as marker, count(*)::int as n from messages where direction = 'inbound' group by 1`,
      );
      const times = new Map(stored.map((r) => [r.marker, Number(r.n)]));
      for (const m of [...before.accepted, ...after.accepted]) expect(times.get(m), m).toBe(1);
      const refused = await queryRows<{ n: number }>(db.db, sql`select count(*)::int as n from messages where body = 'Filed while the database is down.'`);
      expect(refused[0]!.n).toBe(0); // the complaint answered 503 was not stored
      const acks = await queryRows<{ status: string; message_id: string }>(db.db, sql`select delivery_status as status, external_id as message_id from messages where kind = 'acknowledgement'`);
      expect(acks).toHaveLength(80);
      const received = smtp.mails.map((m) => m.messageId);
      for (const a of acks) {
        expect(a.status).toBe('sent');
        expect(received.filter((id) => id === a.message_id)).toHaveLength(1);
      }
    } finally {
      await db.close();
    }
  });
});

describe.each(TARGETS)('SMTP down, then up, on %s', (target) => {
  it('delivers every mail exactly once when the mail server comes back', async () => {
    const port = await freePort();
    const t = await createTestApp(target, { SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_FORM_RATE_LIMIT: 1000 });
    const mailer = createMailer(t.services.config);
    const worker = new Worker({ db: t.database.db, mailer, config: t.services.config, pollMs: 50 });
    cleanups.push(async () => {
      await worker.stop();
      mailer?.close();
      await t.close();
    });
    worker.start();
    for (let i = 0; i < 12; i++) {
      const r = await t.call(null, 'POST', '/api/v1/public/complaints', { email: `smtp-${i}@example.com`, body: `Where is my refund? ${i}` });
      expect(r.statusCode).toBe(201);
    }
    // Every first attempt fails (nothing listens) and is put back with a backoff.
    await until(async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from jobs where kind = 'message.send' and attempts >= 1 and state = 'pending'`))[0]!.n === 12, 20_000);
    const smtp = await startSmtp(port);
    cleanups.push(() => smtp.close());
    await until(async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from messages where kind = 'acknowledgement' and delivery_status = 'sent'`))[0]!.n === 12, 40_000);
    const ids = smtp.mails.map((m) => m.messageId);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(new Set(smtp.mails.map((m) => m.rcpt))).toEqual(new Set(Array.from({ length: 12 }, (_, i) => `smtp-${i}@example.com`)));
  });
});
