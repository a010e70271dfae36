// The durable worker against real parts: a real SMTP server (smtp-server),
// retries while SMTP is down, timers that come due, and two workers sharing
// one PostgreSQL without ever running a job twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS, openTestDatabase } from '../helpers/db.ts';
import { freePort, startSmtp, until, type TestSmtp } from '../helpers/mail.ts';
import { Worker } from '../../src/jobs/worker.ts';
import { createMailer, type Mailer } from '../../src/channels/email/smtp-sender.ts';
import { enqueue } from '../../src/db/jobs.ts';
import { queryRows } from '../../src/db/client.ts';

describe.each(TARGETS)('worker on %s', (target) => {
  let smtp: TestSmtp;
  let t: TestApp;
  let mailer: Mailer | null;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp(target, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Amends <desk@shop.example>' });
    mailer = createMailer(t.services.config);
  });
  afterAll(async () => {
    // Pooled SMTP connections stay open until the mailer closes; the server waits for them.
    mailer?.close();
    await t?.close();
    await smtp?.close();
  });

  it('sends the acknowledgement through SMTP at once and records it on the timeline (P-1.5)', async () => {
    // The worker polls only every ten minutes: the mail arriving at all proves the commit woke it.
    const worker = new Worker({ db: t.database.db, mailer: mailer, pollMs: 600_000 });
    t.services.wakeWorker = () => worker.wake();
    worker.start();
    try {
      const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { name: 'Jānis', email: 'janis@example.lv', body: 'Rēķinā ir nepareiza summa!', language: 'lv' });
      await until(() => smtp.mails.some((m) => m.rcpt === 'janis@example.lv'), 45_000);
      const mail = smtp.mails.find((m) => m.rcpt === 'janis@example.lv')!;
      expect(mail.subject).toContain(filed.data.caseNumber);
      expect(mail.text).toContain(filed.data.portalUrl);
      expect(mail.text).toContain('Paldies'); // in the customer's language
      expect(mail.messageId).toMatch(/@complaints\.example\.com>$/);
      const id = (await t.call('agent', 'GET', `/api/v1/cases?q=${filed.data.caseNumber}`)).data.items[0].id;
      await until(async () => (await t.call('agent', 'GET', `/api/v1/cases/${id}`)).data.timeline.some((e: { type: string }) => e.type === 'acknowledgement_delivered'));
      const c = (await t.call('agent', 'GET', `/api/v1/cases/${id}`)).data;
      expect(c.messages.find((m: { kind: string }) => m.kind === 'acknowledgement').deliveryStatus).toBe('sent');
    } finally {
      await worker.stop();
    }
  });

  it('gives an open case without an owner one, on its own (P-2.4 owner sweep)', async () => {
    const filed = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: 'orphan@example.com' }, body: 'Nobody answers me.' });
    await t.database.db.execute(sql`update cases set owner_id = null where id = ${filed.data.id}`);
    const worker = new Worker({ db: t.database.db, mailer: mailer, pollMs: 50 });
    worker.start();
    try {
      await until(async () => (await queryRows<{ owner_id: string | null }>(t.database.db, sql`select owner_id from cases where id = ${filed.data.id}`))[0]!.owner_id !== null);
      const c = (await t.call('agent', 'GET', `/api/v1/cases/${filed.data.id}`)).data;
      expect(c.owner.id).toBe(t.users.agent.id);
      expect(c.timeline.at(-1)).toMatchObject({ type: 'owner_assigned', actor: { type: 'system' }, data: { reason: 'no active owner (sweep)' } });
    } finally {
      await worker.stop();
    }
  });

  it('sends staff replies by email', async () => {
    const worker = new Worker({ db: t.database.db, mailer: mailer, pollMs: 50 });
    worker.start();
    try {
      const c = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: 'reply@example.com' }, body: 'Broken zip.' });
      const reply = await t.call('agent', 'POST', `/api/v1/cases/${c.data.id}/messages`, { direction: 'outbound', body: 'We are sorry — a new jacket is on its way.' });
      expect(reply.statusCode).toBe(201);
      await until(() => smtp.mails.some((m) => m.text.includes('a new jacket is on its way')));
      const view = (await t.call('agent', 'GET', `/api/v1/cases/${c.data.id}`)).data;
      expect(view.playbook.steps.find((s: { key: string }) => s.key === 'apologised').status).toBe('done');
    } finally {
      await worker.stop();
    }
  });

  it('follows up about 30 days after resolution in the customer’s language (P-4.1), not after a reopen', async () => {
    const worker = new Worker({ db: t.database.db, mailer: mailer, config: t.services.config, pollMs: 50 });
    worker.start();
    try {
      const filed = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'review', language: 'de', customer: { name: 'Klaus', email: 'klaus@example.de' }, body: 'Die Lieferung kam kaputt an.' });
      const resolved = await t.call('agent', 'POST', `/api/v1/cases/${filed.data.id}/resolve`, {});
      const due = resolved.data.timeline.find((e: { type: string }) => e.type === 'follow_up_scheduled').data;
      expect(Date.parse(due.dueAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
      // Thirty days pass.
      await t.database.db.execute(sql`update jobs set run_at = now() where kind = 'follow_up.due' and payload->>'followUpId' = ${due.followUpId}`);
      await until(() => smtp.mails.some((m) => m.rcpt === 'klaus@example.de' && m.subject.startsWith('Wie geht es Ihnen')));
      const mail = smtp.mails.find((m) => m.subject.startsWith('Wie geht es Ihnen'))!;
      expect(mail.text).toContain('Anna Agent');
      expect(mail.text).toContain('Bewertung'); // it came as a review: ask to update it (P-4.2)
      expect(mail.text).toMatch(/https:\/\/complaints\.example\.com\/portal\/[A-Za-z0-9_-]{43}/);
      const view = (await t.call('agent', 'GET', `/api/v1/cases/${filed.data.id}`)).data;
      expect(view.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['follow_up_due', 'follow_up_sent']));

      // A case reopened before its follow-up is not asked "is everything fine?".
      const other = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: 'reopened@example.com' }, body: 'Broken again.' });
      const r2 = await t.call('agent', 'POST', `/api/v1/cases/${other.data.id}/resolve`, {});
      const due2 = r2.data.timeline.find((e: { type: string }) => e.type === 'follow_up_scheduled').data;
      await t.call('agent', 'POST', `/api/v1/cases/${other.data.id}/reopen`, { reason: 'broke again' });
      await t.database.db.execute(sql`update jobs set run_at = now() where kind = 'follow_up.due' and payload->>'followUpId' = ${due2.followUpId}`);
      await until(async () => (await t.call('agent', 'GET', `/api/v1/cases/${other.data.id}`)).data.timeline.some((e: { type: string }) => e.type === 'follow_up_cancelled'));
      expect(smtp.mails.some((m) => m.rcpt === 'reopened@example.com' && m.subject.startsWith('How are things'))).toBe(false);
    } finally {
      await worker.stop();
    }
  });

  it('reminds the owner of an open promise before it falls due (P-2.11)', async () => {
    const worker = new Worker({ db: t.database.db, mailer: mailer, pollMs: 50 });
    worker.start();
    try {
      const c = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: 'promise@example.com' }, body: 'Call me.' });
      const dueAt = new Date(Date.now() + 3 * 3600_000);
      const p = await t.call('agent', 'POST', `/api/v1/cases/${c.data.id}/commitments`, { description: 'Call Ilze back with the new date', dueAt: dueAt.toISOString() });
      const [job] = await queryRows<{ run_at: Date }>(t.database.db, sql`select run_at from jobs where kind = 'commitment.remind' and payload->>'commitmentId' = ${p.data.id}`);
      expect(dueAt.getTime() - new Date(job!.run_at).getTime()).toBe(3600_000); // an hour before
      await t.database.db.execute(sql`update jobs set run_at = now() where kind = 'commitment.remind' and payload->>'commitmentId' = ${p.data.id}`);
      await until(() => smtp.mails.some((m) => m.rcpt === 'agent@test.example' && m.text.includes('Call Ilze back')));
      const view = (await t.call('agent', 'GET', `/api/v1/cases/${c.data.id}`)).data;
      expect(view.timeline.filter((e: { type: string }) => e.type === 'commitment_reminder')).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });

  it('breaks a promise whose due time passed, also when it came due while no worker ran', async () => {
    const c = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'phone', customer: { phone: '+3712000000' }, body: 'Call me back.' });
    const promise = await t.call('agent', 'POST', `/api/v1/cases/${c.data.id}/commitments`, { description: 'Call back', dueAt: new Date(Date.now() - 1000).toISOString() });
    const worker = new Worker({ db: t.database.db, mailer: null, pollMs: 50 });
    worker.start();
    try {
      await until(async () => (await t.call('agent', 'GET', `/api/v1/cases/${c.data.id}`)).data.commitments[0].status === 'broken');
      const view = (await t.call('agent', 'GET', `/api/v1/cases/${c.data.id}`)).data;
      expect(view.timeline.filter((e: { type: string }) => e.type === 'commitment_broken')).toHaveLength(1);
      expect(view.commitments[0].id).toBe(promise.data.id);
    } finally {
      await worker.stop();
    }
  });
});

describe.each(TARGETS)('SMTP outage on %s', (target) => {
  it('retries with backoff while SMTP is down and delivers once it is back; gives up visibly', async () => {
    const port = await freePort();
    const t = await createTestApp(target, { SMTP_URL: `smtp://127.0.0.1:${port}` });
    const mailer = createMailer(t.services.config);
    const worker = new Worker({ db: t.database.db, mailer, pollMs: 50 });
    try {
      const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { email: 'outage@example.com', body: 'Nobody answers.' });
      expect(await worker.runOnce()).toBe(1);
      const [job] = await queryRows<{ state: string; attempts: number; last_error: string; delay: number }>(
        t.database.db,
        sql`select state, attempts, last_error, extract(epoch from run_at - now())::float8 as delay from jobs where kind = 'message.send'`,
      );
      expect(job).toMatchObject({ state: 'pending', attempts: 1 });
      expect(job!.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(job!.delay).toBeGreaterThan(2); // backed off, not hammering
      // Ten minutes later SMTP is back: the due retry delivers.
      const smtp = await startSmtp(port);
      await t.database.db.execute(sql`update jobs set run_at = now() where kind = 'message.send'`);
      expect(await worker.runOnce()).toBe(1);
      expect(smtp.mails.map((m) => m.rcpt)).toEqual(['outage@example.com']);
      const [done] = await queryRows<{ state: string; attempts: number }>(t.database.db, sql`select state, attempts from jobs where kind = 'message.send'`);
      expect(done).toEqual({ state: 'done', attempts: 2 });
      mailer!.close();
      await smtp.close();

      // With SMTP gone for good, the last attempt marks the message failed with the reason.
      const second = await t.call(null, 'POST', '/api/v1/public/complaints', { email: 'gone@example.com', body: 'Still nobody.' });
      await t.database.db.execute(sql`update jobs set max_attempts = 1 where state = 'pending'`);
      expect(await worker.runOnce()).toBe(1);
      const id = (await t.call('agent', 'GET', `/api/v1/cases?q=${second.data.caseNumber}`)).data.items[0].id;
      const ack = (await t.call('agent', 'GET', `/api/v1/cases/${id}`)).data.messages.find((m: { kind: string }) => m.kind === 'acknowledgement');
      expect(ack.deliveryStatus).toBe('failed');
      expect(ack.deliveryNote).toMatch(/SMTP failed after 1 attempts/);
      void filed;
    } finally {
      await worker.stop();
      await t.close();
    }
  });
});

describe.each(TARGETS)('payload checks on %s', (target) => {
  it('fails a job with a bad payload or an unknown kind at once, with the reason, and carries on', async () => {
    const smtp = await startSmtp();
    const t = await createTestApp(target, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
    const mailer = createMailer(t.services.config);
    const done: { kind: string; ok: boolean }[] = [];
    const worker = new Worker({ db: t.database.db, mailer, pollMs: 50, onJobDone: (j) => done.push(j) });
    try {
      // Rows as an older release, a hand-written SQL statement or a corrupted table might hold them.
      await t.database.db.execute(sql`
        insert into jobs (kind, payload, dedupe_key) values
          ('message.send', '{"messageId": "not-an-id"}'::jsonb, 'bad-id'),
          ('bonus.expire', '{"bonus": "00000000-0000-7000-8000-000000000001"}'::jsonb, 'missing-id'),
          ('touch.send', '"00000000-0000-7000-8000-000000000001"'::jsonb, 'not-an-object'),
          ('invoice.print', '{"invoiceId": "00000000-0000-7000-8000-000000000001"}'::jsonb, 'unknown-kind'),
          ('commitment.due', '{"commitmentId": "00000000-0000-7000-8000-000000000002"}'::jsonb, 'good')`);
      expect(await worker.runOnce()).toBe(5);
      const rows = await queryRows<{ dedupe_key: string; state: string; attempts: number; last_error: string | null }>(
        t.database.db,
        sql`select dedupe_key, state, attempts, last_error from jobs where dedupe_key in ('bad-id', 'missing-id', 'not-an-object', 'unknown-kind', 'good')`,
      );
      const row = (key: string) => rows.find((r) => r.dedupe_key === key)!;
      // No retries: failed on the first attempt although ten were allowed.
      for (const key of ['bad-id', 'missing-id', 'not-an-object', 'unknown-kind']) expect(row(key)).toMatchObject({ state: 'failed', attempts: 1 });
      expect(row('bad-id').last_error).toMatch(/^bad payload for job kind message\.send: messageId: Invalid GUID/);
      expect(row('missing-id').last_error).toMatch(/^bad payload for job kind bonus\.expire: bonusId: /);
      expect(row('not-an-object').last_error).toMatch(/^bad payload for job kind touch\.send: payload: /);
      expect(row('unknown-kind').last_error).toBe('unknown job kind "invoice.print"');
      // The good job in the same batch ran (its commitment does not exist: nothing to break, done).
      expect(row('good')).toMatchObject({ state: 'done', last_error: null });
      expect(done.filter((j) => !j.ok).map((j) => j.kind).sort()).toEqual(['bonus.expire', 'invoice.print', 'message.send', 'touch.send']);
      expect(await worker.runOnce()).toBe(0); // nothing comes back for another try

      // The worker carries on: the next complaint's acknowledgement is delivered.
      worker.start();
      await t.call(null, 'POST', '/api/v1/public/complaints', { email: 'after-bad-jobs@example.com', body: 'The parcel never came.' });
      await until(() => smtp.mails.some((m) => m.rcpt === 'after-bad-jobs@example.com'));
    } finally {
      await worker.stop();
      mailer?.close();
      await t.close();
      await smtp.close();
    }
  });
});

describe.each(TARGETS)('job claiming on %s', (target) => {
  it('two workers share the jobs without running any twice; a dead worker’s jobs are taken over', async () => {
    const database = await openTestDatabase(target);
    const second = target === 'postgres' ? await openTestDatabaseSameUrl(database) : null;
    try {
      const n = 300;
      await database.db.transaction(async (tx) => {
        for (let i = 0; i < n; i++) await enqueue(tx, 'commitment.due', { commitmentId: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}` });
      });
      const seen: number[][] = [[], []];
      const workers = [database, second ?? database].map(
        (d, i) => new Worker({ db: d.db, mailer: null, pollMs: 10, batchSize: 7, onJobDone: (j) => seen[i]!.push(j.id) }),
      );
      workers.forEach((w) => w.start());
      await until(async () => seen[0]!.length + seen[1]!.length >= n, 30_000);
      await Promise.all(workers.map((w) => w.stop()));
      const all = [...seen[0]!, ...seen[1]!];
      expect(new Set(all).size).toBe(n);
      expect(all.length).toBe(n);
      if (target === 'postgres') expect(Math.min(seen[0]!.length, seen[1]!.length)).toBeGreaterThan(0);
      const [row] = await queryRows<{ max: number; pending: number }>(
        database.db,
        sql`select max(attempts)::int as max, count(*) filter (where state <> 'done')::int as pending from jobs`,
      );
      expect(row).toEqual({ max: 1, pending: 0 });

      // A job held by a worker that died (lease expired) runs again.
      await enqueue(database.db, 'follow_up.due', { followUpId: '00000000-0000-7000-8000-000000000001' });
      await database.db.execute(sql`update jobs set state = 'running', locked_by = 'dead', locked_until = now() - interval '1 second' where kind = 'follow_up.due'`);
      const rescuer = new Worker({ db: database.db, mailer: null, pollMs: 10 });
      rescuer.start();
      await until(async () => (await queryRows<{ state: string }>(database.db, sql`select state from jobs where kind = 'follow_up.due'`))[0]!.state === 'done');
      await rescuer.stop();
    } finally {
      await second?.close();
      await database.close();
    }
  });

  it('gathers: jobs committed within the gather window after a claim share the next claim', async () => {
    const database = await openTestDatabase(target);
    // A wide window (8 s): the three jobs below must be committed within it after the first claim, also
    // on a loaded CI machine (2 s was once too short there); the worker's own default is 10 ms.
    const worker = new Worker({ db: database.db, mailer: null, pollMs: 600_000, gatherMs: 8_000, sweeps: [] });
    const job = (i: number) => enqueue(database.db, 'commitment.due', { commitmentId: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}` });
    const finished = async () => (await queryRows<{ f: string }>(database.db, sql`select finished_at::text as f from jobs where state = 'done' order by id`)).map((r) => r.f);
    try {
      worker.start();
      // Idle: the first job is claimed when its commit wakes the worker (the poll is ten minutes away).
      await job(1);
      worker.wake();
      await until(async () => (await finished()).length === 1, 30_000);
      // Three more, each committed and waking the worker on its own, soon after that claim: one claim and one "done" for all three.
      for (let i = 2; i <= 4; i++) {
        await job(i);
        worker.wake();
      }
      await until(async () => (await finished()).length === 4, 30_000);
      const f = await finished();
      expect(new Set(f.slice(1)).size).toBe(1);
      expect(f[1]).not.toBe(f[0]);
    } finally {
      await worker.stop();
      await database.close();
    }
  });
});

/** A second, independent connection pool to the same PostgreSQL database (a second worker process). */
async function openTestDatabaseSameUrl(d: { url?: string }) {
  const { openDatabase } = await import('../../src/db/client.ts');
  return openDatabase({ url: d.url!, poolSize: 3 });
}

describe.each(TARGETS)('worker lanes on %s', (target) => {
  it('claims the next batch while the current one still sends, each mail marked sending only when its send starts', async () => {
    const t = await createTestApp(target, {});
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // A mail server that accepts each mail only when the test says so.
    const slow: Mailer = {
      messageIdFor: (id) => `<${id}@shop.example>`,
      async send(mail, opts = {}) {
        if (opts.onStart && !(await opts.onStart())) return false;
        started.push(mail.to);
        await gate;
        return true;
      },
      close() {},
    };
    const worker = new Worker({ db: t.database.db, mailer: slow, pollMs: 600_000, batchSize: 2, sweeps: [] });
    try {
      for (let i = 0; i < 5; i++) await t.call(null, 'POST', '/api/v1/public/complaints', { email: `lane-${i}@example.com`, body: 'The parcel never came.' });
      worker.start();
      // Two batches of two in flight at once (one lane would hold two), the fifth job waiting.
      await until(() => started.length === 4, 60_000);
      const states = await queryRows<{ delivery_status: string; n: number }>(t.database.db, sql`select delivery_status, count(*)::int as n from messages where kind = 'acknowledgement' group by 1`);
      expect(Object.fromEntries(states.map((s) => [s.delivery_status, s.n]))).toEqual({ sending: 4, queued: 1 });
      release();
      await until(async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from messages where kind = 'acknowledgement' and delivery_status = 'sent'`))[0]!.n === 5, 60_000);
      expect(started.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `lane-${i}@example.com`));
    } finally {
      release();
      await worker.stop();
      await t.close();
    }
  });
});
