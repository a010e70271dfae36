// Leases, heartbeats, worker identity, fire-once sweeps, housekeeping and at-most-once
// mail (issues 14 and 15), on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { startSmtp, until, type TestSmtp } from '../helpers/mail.ts';
import { openDatabase, queryRows } from '../../src/db/client.ts';
import { enqueue } from '../../src/db/jobs.ts';
import { Worker } from '../../src/jobs/worker.ts';
import { claimDueJobs, reclaimExpired, reclaimOwn, renewLeases, workerIdentity } from '../../src/jobs/job-queue.ts';
import { claimSweep, SweepRunner } from '../../src/jobs/sweeps.ts';
import { runHousekeeping } from '../../src/db/housekeeping.ts';
import { createMailer, type Mailer } from '../../src/channels/email/smtp-sender.ts';
import { deliverMessage, deliverMessages } from '../../src/channels/email/deliver-message.ts';
import { listUncertainMail, reconcileUncertainMail } from '../../src/channels/email/reconcile-mail.ts';
import { sendTouch } from '../../src/customers/send-touch.ts';
import { loadConfig } from '../../src/config.ts';

describe.each(TARGETS)('job leases and sweeps on %s', (target) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let mailer: Mailer | null;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp(target, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
    mailer = createMailer(t.services.config);
  });
  afterAll(async () => {
    mailer?.close();
    await t?.close();
    await smtp?.close();
  });
  const db = () => t.database.db;
  const jobState = async (id: number) => (await queryRows<{ state: string; locked_by: string | null; left: number }>(db(), sql`select state, locked_by, extract(epoch from locked_until - now())::float8 as left from jobs where id = ${id}`))[0]!;
  const addJob = async (key: string) => {
    await enqueue(db(), 'bonus.expire', { bonusId: '00000000-0000-4000-8000-000000000000' }, { dedupeKey: key });
    return Number((await queryRows<{ id: number }>(db(), sql`select id from jobs where dedupe_key = ${key}`))[0]!.id);
  };

  it('claims for a short lease, renews it by heartbeat, and hands an expired one to others', async () => {
    await db().execute(sql`update jobs set state = 'done' where state in ('pending','running')`);
    const id = await addJob('lease-1');
    const me = workerIdentity('lease-a');
    expect(me.id).toMatch(/^lease-a\/\d+\/\d{8}T\d{6}Z$/);
    const [claimed] = await claimDueJobs(db(), me.id, 10, 15);
    expect(claimed!.id).toBe(id);
    const first = await jobState(id);
    expect(first).toMatchObject({ state: 'running', locked_by: me.id });
    expect(first.left).toBeGreaterThan(10);
    expect(first.left).toBeLessThanOrEqual(15);
    // A heartbeat with a longer lease moves the end; an expired lease is taken back.
    expect(await renewLeases(db(), me.id, 60)).toBe(1);
    expect((await jobState(id)).left).toBeGreaterThan(50);
    expect(await reclaimExpired(db())).toBe(0);
    await db().execute(sql`update jobs set locked_until = now() - interval '1 second' where id = ${id}`);
    expect(await reclaimExpired(db())).toBe(1);
    expect(await jobState(id)).toMatchObject({ state: 'pending', locked_by: null });
  });

  it('a restarted worker with the same WORKER_ID takes its jobs back at once, not another worker’s', async () => {
    await db().execute(sql`update jobs set state = 'done' where state in ('pending','running')`);
    const mine = await addJob('own-1');
    const theirs = await addJob('own-2');
    const before = workerIdentity('restart-me', new Date(Date.now() - 60_000));
    const other = workerIdentity('restart-me-not');
    await claimDueJobs(db(), before.id, 1, 15);
    await claimDueJobs(db(), other.id, 1, 15);
    const holders = await queryRows<{ id: number; locked_by: string }>(db(), sql`select id, locked_by from jobs where id in (${mine}, ${theirs})`);
    const heldByMe = holders.find((h) => h.locked_by === before.id)!;
    const after = workerIdentity('restart-me');
    expect(after.id).not.toBe(before.id);
    expect(await reclaimOwn(db(), after, false)).toBe(1);
    expect(await jobState(Number(heldByMe.id))).toMatchObject({ state: 'pending' });
    expect((await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from jobs where locked_by = ${other.id} and state = 'running'`))[0]!.n).toBe(1);
    // Without a WORKER_ID the identity is per process start: nothing to take back by name.
    expect(await reclaimOwn(db(), workerIdentity(undefined), false)).toBe(0);
    await db().execute(sql`update jobs set state = 'done' where id in (${mine}, ${theirs})`);
  });

  it('keeps a long job’s lease alive with the heartbeat while it runs', async () => {
    await db().execute(sql`update jobs set state = 'done' where state in ('pending','running')`);
    // A slow SMTP server: the job outlives its 3 s lease; the heartbeat (every second) keeps it.
    const slow = await startSmtp();
    slow.server.on('error', () => {});
    const origOnData = slow.server.options.onData!;
    slow.server.options.onData = (stream, session, done) => void setTimeout(() => origOnData.call(slow.server, stream, session, done), 4_500);
    const cfg = loadConfig({}, { ...t.services.config, SMTP_URL: `smtp://127.0.0.1:${slow.port}` });
    const slowMailer = createMailer(cfg);
    const worker = new Worker({ db: db(), mailer: slowMailer, config: cfg, pollMs: 50, leaseSeconds: 3, sweeps: [] });
    try {
      const r = await t.call(null, 'POST', '/api/v1/public/complaints', { email: 'slow@example.com', body: 'Slow mail.' });
      expect(r.statusCode).toBe(201);
      worker.start();
      await until(async () => (await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from jobs where kind = 'message.send' and state = 'running'`))[0]!.n === 1);
      await new Promise((res) => setTimeout(res, 3_500)); // past the first lease
      expect(await reclaimExpired(db())).toBe(0); // renewed: nobody may take it
      await until(() => slow.mails.length === 1, 15_000);
      await until(async () => (await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from jobs where kind = 'message.send' and state = 'done' and attempts = 1 and payload->>'messageId' in (select id::text from messages where recipient = 'slow@example.com')`))[0]!.n === 1);
    } finally {
      await worker.stop();
      slowMailer?.close();
      await slow.close();
    }
  });

  it('fires a sweep once per interval however many workers ask', async () => {
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((w) => claimSweep(db(), 'test-sweep', 60_000, w)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await claimSweep(db(), 'test-sweep', 60_000, 'e')).toBe(false);
    let ran = 0;
    const runners = ['x', 'y'].map((w) => new SweepRunner(db(), w, [{ name: 'counted', everyMs: 60_000, run: async () => void ran++ }]));
    await Promise.all(runners.map((r) => r.runDue()));
    await Promise.all(runners.map((r) => r.runDue()));
    expect(ran).toBe(1);
  });

  it('runs a background sweep beside the others and never twice at once in one worker', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let long = 0;
    let quick = 0;
    const runner = new SweepRunner(db(), 'bg', [
      { name: `bg-long-${target}`, everyMs: 1, run: async () => void (long++, await gate), background: true },
      { name: `bg-quick-${target}`, everyMs: 1, run: async () => void quick++ },
    ]);
    // The long one has not finished, yet runDue returns and the quick one keeps running.
    await runner.runDue(Date.now());
    await new Promise((r) => setTimeout(r, 20));
    await runner.runDue(Date.now() + 1_000);
    await new Promise((r) => setTimeout(r, 20));
    await runner.runDue(Date.now() + 2_000);
    expect(quick).toBe(3);
    expect(long).toBe(1);
    let settled = false;
    const settling = runner.settle().then(() => void (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    release();
    await settling;
    expect(settled).toBe(true);
  });

  it('housekeeping deletes ended rate-limit windows and leaves live ones and every job alone', async () => {
    await db().execute(sql`insert into jobs (kind, payload, state, finished_at) select 'bonus.expire', '{}'::jsonb, 'done', now() - interval '100 days' from generate_series(1, 3)`);
    await db().execute(sql`insert into rate_limits (key, window_start, hits, expires_at) values ('old', now() - interval '2 minutes', 5, now() - interval '1 minute'), ('live', now(), 1, now() + interval '1 minute')`);
    const jobsBefore = (await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from jobs`))[0]!.n;
    const r = await runHousekeeping(db(), { batchSize: 10 });
    expect(r.rateLimits).toBeGreaterThanOrEqual(1); // 'old', and any window the requests above left that has ended
    expect((await queryRows<{ key: string }>(db(), sql`select key from rate_limits where key in ('old','live')`)).map((x) => x.key)).toEqual(['live']);
    // Finished jobs are the retention sweep's, by its one setting (test/jobs/retention.test.ts).
    expect((await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from jobs`))[0]!.n).toBe(jobsBefore);
  });

  it('delivers a batch of acknowledgements together, each marked sending before its own send, sent once and settled', async () => {
    const emails = Array.from({ length: 12 }, (_, i) => `batch-${i}@example.com`);
    for (const email of emails) expect((await t.call(null, 'POST', '/api/v1/public/complaints', { email, body: 'Batch test.' })).statusCode).toBe(201);
    const ids = (await queryRows<{ id: string }>(db(), sql`select id from messages where kind = 'acknowledgement' and recipient like 'batch-%@example.com' order by recipient`)).map((r) => r.id);
    expect(ids).toHaveLength(12);
    // A mailer that looks at the record the moment each SMTP transaction may start.
    const seenAtStart = new Map<string, string>();
    const watching: Mailer = {
      ...mailer!,
      send: (mail, opts = {}) =>
        mailer!.send(mail, {
          onStart: async () => {
            const ok = (await opts.onStart?.()) ?? true;
            // (The id given twice: the second is declined here, its twin already marked.)
            if (ok) seenAtStart.set(mail.id, (await queryRows<{ s: string }>(db(), sql`select delivery_status as s from messages where id = ${mail.id}`))[0]!.s);
            return ok;
          },
        }),
    };
    const errors = await deliverMessages(db(), [...ids, ids[0]!].map((messageId) => ({ messageId, attempt: 1, final: false })), { mailer: watching, config: t.services.config });
    expect(errors.every((e) => e === null)).toBe(true);
    for (const id of ids) expect(seenAtStart.get(id), id).toBe('sending');
    for (const email of emails) expect(smtp.mails.filter((m) => m.rcpt === email), email).toHaveLength(1);
    const rows = await queryRows<{ id: string; s: string; ext: string; sent: boolean; events: number }>(
      db(),
      sql`select m.id, m.delivery_status as s, m.external_id as ext, m.sent_at is not null as sent,
            (select count(*)::int from case_events e where e.case_id = m.case_id and e.type = 'acknowledgement_delivered') as events
          from messages m where m.id = any(${`{${ids.join(',')}}`}::uuid[])`,
    );
    for (const r of rows) expect(r).toMatchObject({ s: 'sent', ext: mailer!.messageIdFor(r.id), sent: true, events: 1 });
    // Delivered already: a second batch sends nothing.
    await deliverMessages(db(), ids.map((messageId) => ({ messageId, attempt: 2, final: false })), { mailer: watching, config: t.services.config });
    for (const email of emails) expect(smtp.mails.filter((m) => m.rcpt === email)).toHaveLength(1);
  });

  it('marks a delivered message’s job done with its settle, only while its worker holds it; a failed last attempt stays for the worker', async () => {
    await db().execute(sql`update jobs set state = 'done' where state in ('pending','running')`);
    const emails = ['held-0@example.com', 'held-1@example.com', 'held-2@example.com'];
    for (const email of emails) expect((await t.call(null, 'POST', '/api/v1/public/complaints', { email, body: 'Held test.' })).statusCode).toBe(201);
    const me = workerIdentity('settle-a');
    const claimed = await claimDueJobs(db(), me.id, 10, 15);
    const byRecipient = new Map<string, number>();
    for (const job of claimed) {
      const [m] = await queryRows<{ recipient: string }>(db(), sql`select recipient from messages where id = ${(job.payload as { messageId: string }).messageId}`);
      byRecipient.set(m!.recipient, Number(job.id));
    }
    expect([...byRecipient.keys()].sort()).toEqual(emails);
    // The third job's lease went to another worker meanwhile: its completion is theirs.
    const other = byRecipient.get('held-2@example.com')!;
    await db().execute(sql`update jobs set locked_by = 'settle-b/1/x' where id = ${other}`);
    const items = claimed.map((job) => ({ messageId: (job.payload as { messageId: string }).messageId, attempt: 1, final: false, job: { id: Number(job.id), by: me.id } }));
    const answers = await deliverMessages(db(), items, { mailer, config: t.services.config });
    expect(answers).toEqual(items.map(() => 'completed'));
    expect(await jobState(byRecipient.get('held-0@example.com')!)).toMatchObject({ state: 'done', locked_by: null });
    expect(await jobState(byRecipient.get('held-1@example.com')!)).toMatchObject({ state: 'done', locked_by: null });
    expect(await jobState(other)).toMatchObject({ state: 'running', locked_by: 'settle-b/1/x' });
    for (const email of emails) expect(smtp.mails.filter((m) => m.rcpt === email)).toHaveLength(1);

    // A last attempt that fails is settled as failed, and its job is left to the worker (marked failed there).
    const r = await t.call(null, 'POST', '/api/v1/public/complaints', { email: 'held-3@example.com', body: 'Held test.' });
    expect(r.statusCode).toBe(201);
    const [job] = await claimDueJobs(db(), me.id, 10, 15);
    const down = createMailer({ ...t.services.config, SMTP_URL: 'smtp://127.0.0.1:1' })!;
    try {
      const [answer] = await deliverMessages(db(), [{ messageId: (job!.payload as { messageId: string }).messageId, attempt: 5, final: true, job: { id: Number(job!.id), by: me.id } }], { mailer: down, config: t.services.config });
      expect(answer).toBeInstanceOf(Error);
    } finally {
      down.close();
    }
    expect(await jobState(Number(job!.id))).toMatchObject({ state: 'running', locked_by: me.id });
    const [m] = await queryRows<{ s: string }>(db(), sql`select delivery_status as s from messages where recipient = 'held-3@example.com'`);
    expect(m!.s).toBe('failed');
  });

  it('sends mail at most once: a send cut off by a crash is held as uncertain, then reconciled by Message-ID', async () => {
    const mk = async (email: string) => {
      const r = await t.call(null, 'POST', '/api/v1/public/complaints', { email, body: 'Crash test.' });
      expect(r.statusCode).toBe(201);
      return (await queryRows<{ id: string }>(db(), sql`select id from messages where kind = 'acknowledgement' and recipient = ${email}`))[0]!.id;
    };
    const cut = await mk('cut@example.com');
    const resend = await mk('resend@example.com');
    const lost = await mk('lost@example.com');
    // Each was marked sending and then the process died (the state a kill -9 leaves).
    for (const id of [cut, resend, lost]) await db().execute(sql`update messages set delivery_status = 'sending', external_id = ${mailer!.messageIdFor(id)} where id = ${id}`);
    const ctx = { mailer, config: t.services.config, attempt: 2, final: false };
    await deliverMessage(db(), { messageId: cut }, ctx);
    await deliverMessage(db(), { messageId: lost }, ctx);
    await deliverMessage(db(), { messageId: resend }, { ...ctx, config: { ...t.services.config, MAIL_UNCERTAIN: 'resend' } });
    const status = async (id: string) => (await queryRows<{ s: string; note: string | null }>(db(), sql`select delivery_status as s, delivery_note as note from messages where id = ${id}`))[0]!;
    expect(await status(cut)).toMatchObject({ s: 'uncertain', note: expect.stringMatching(/cut off/) });
    expect(await status(resend)).toMatchObject({ s: 'sent' });
    expect(smtp.mails.filter((m) => m.rcpt === 'resend@example.com')).toHaveLength(1);
    expect(smtp.mails.some((m) => m.rcpt === 'cut@example.com' || m.rcpt === 'lost@example.com')).toBe(false);
    expect((await listUncertainMail(db())).map((m) => m.messageId).sort()).toEqual([mailer!.messageIdFor(cut), mailer!.messageIdFor(lost)].sort());

    // The mail server's log says it accepted `cut` (angle brackets optional); `lost` never arrived.
    const r = await reconcileUncertainMail(db(), { delivered: [mailer!.messageIdFor(cut).slice(1, -1), '<unrelated@x>'], resendRest: true });
    expect(r).toEqual({ confirmed: 1, requeued: 1, stillUncertain: 0 });
    expect(await status(cut)).toMatchObject({ s: 'sent' });
    expect(await status(lost)).toMatchObject({ s: 'queued' });
    const worker = new Worker({ db: db(), mailer, config: t.services.config, pollMs: 50, sweeps: [] });
    worker.start();
    try {
      await until(async () => (await status(lost)).s === 'sent');
    } finally {
      await worker.stop();
    }
    expect(smtp.mails.filter((m) => m.rcpt === 'lost@example.com').map((m) => m.messageId)).toEqual([mailer!.messageIdFor(lost)]);
    expect(smtp.mails.some((m) => m.rcpt === 'cut@example.com')).toBe(false);
  });
  it('sends keep-in-touch mail at most once too: a cut-off touch is held, listed and reconciled by Message-ID', async () => {
    const customer = await t.call('agent', 'POST', '/api/v1/customers', { name: 'Tove', emails: ['tove@example.com'], language: 'en' });
    expect(customer.statusCode).toBe(201);
    const touch = async (key: string, status: string) => {
      const id = crypto.randomUUID();
      await db().execute(sql`insert into customer_touches (id, customer_id, kind, touch_key, language, subject, body, recipient, delivery_status, external_id)
        values (${id}, ${customer.data.id}, 'news', ${key}, 'en', 'News', 'We moved.', 'tove@example.com', ${status}, ${mailer!.messageIdFor(`touch-${id}`)})`);
      return id;
    };
    const touchState = async (id: string) => (await queryRows<{ s: string; note: string | null }>(db(), sql`select delivery_status as s, delivery_note as note from customer_touches where id = ${id}`))[0]!;
    const ctx = { mailer, config: t.services.config, attempt: 2, final: false };
    // A fresh touch goes out once, marked sending first; a second run sends nothing.
    const fresh = await touch('news:fresh', 'queued');
    await sendTouch(db(), { touchId: fresh }, ctx);
    await sendTouch(db(), { touchId: fresh }, ctx);
    expect(await touchState(fresh)).toMatchObject({ s: 'sent' });
    expect(smtp.mails.filter((m) => m.messageId === mailer!.messageIdFor(`touch-${fresh}`))).toHaveLength(1);
    // Cut off mid-send (kill -9 between marking and settling): held, not resent; resent only when configured.
    const cut = await touch('news:cut', 'sending');
    const again = await touch('news:again', 'sending');
    await sendTouch(db(), { touchId: cut }, ctx);
    await sendTouch(db(), { touchId: again }, { ...ctx, config: { ...t.services.config, MAIL_UNCERTAIN: 'resend' } });
    expect(await touchState(cut)).toMatchObject({ s: 'uncertain', note: expect.stringMatching(/cut off/) });
    expect(await touchState(again)).toMatchObject({ s: 'sent' });
    expect(smtp.mails.some((m) => m.messageId === mailer!.messageIdFor(`touch-${cut}`))).toBe(false);
    expect((await listUncertainMail(db())).filter((m) => m.kind === 'touch').map((m) => m.id)).toEqual([cut]);
    // The mail server accepted it after all.
    const r = await reconcileUncertainMail(db(), { delivered: [mailer!.messageIdFor(`touch-${cut}`)] });
    expect(r).toMatchObject({ confirmed: 1, stillUncertain: 0 });
    expect(await touchState(cut)).toMatchObject({ s: 'sent' });
  });
});

// Locks held by another session (only on PostgreSQL: PGlite is one connection).
describe.each(TARGETS.filter((x) => x === 'postgres'))('job leases beside other statements on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the heartbeat passes over a job another statement holds (being finished) instead of waiting for it', async () => {
    const db = t.database.db;
    await db.execute(sql`update jobs set state = 'done' where state in ('pending','running')`);
    for (const key of ['hb-1', 'hb-2', 'hb-3']) await enqueue(db, 'bonus.expire', { bonusId: '00000000-0000-4000-8000-000000000000' }, { dedupeKey: key });
    const me = workerIdentity('hb-a');
    const claimed = await claimDueJobs(db, me.id, 10, 15);
    expect(claimed).toHaveLength(3);
    // Another session is finishing one of them (a settle marking it done) and has not committed yet.
    const other = await openDatabase({ url: t.database.url!, poolSize: 1 });
    try {
      let finish!: () => void;
      const finished = new Promise<void>((r) => (finish = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const holder = other.db.transaction(async (tx) => {
        await tx.execute(sql`update jobs set state = 'done' where id = ${claimed[0]!.id}`);
        locked();
        await finished;
      });
      await isLocked;
      // Resolves while the lock is still held: the two others renewed, the held one passed over.
      expect(await renewLeases(db, me.id, 60)).toBe(2);
      finish();
      await holder;
    } finally {
      await other.close();
    }
    const left = await queryRows<{ id: number; state: string; left: number }>(db, sql`select id, state, extract(epoch from locked_until - now())::float8 as left from jobs where dedupe_key like 'hb-%' order by id`);
    for (const r of left) {
      if (Number(r.id) === Number(claimed[0]!.id)) expect(r.state).toBe('done');
      else {
        expect(r.state).toBe('running');
        expect(r.left).toBeGreaterThan(50);
      }
    }
  });
});
