// The retention sweep (issue 14): each class of personal data goes when past its period
// and not a day before — raw mail, attachment bytes, form metadata (IP, user agent),
// finished jobs, and closed cases (scrubbed, their numbers and money kept).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { queryRows } from '../../src/db/client.ts';
import { sweepRetention } from '../../src/data-rights/sweep-retention.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/eml');
const DAY = 86_400_000;

describe.each(TARGETS)('retention sweep on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });
  const one = async <T>(q: ReturnType<typeof sql>) => (await queryRows<T>(t.database.db, q))[0]!;
  const mail = async (id: string) => {
    const raw = (await readFile(join(FIXTURES, 'attachments.eml'))).toString('latin1').replace('attachments-0012@example.com', `${id}@example.com`);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/channels/email/raw', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${t.users.admin.token}` }, payload: Buffer.from(raw, 'latin1') });
    expect(res.statusCode).toBe(201);
    return JSON.parse(res.body).caseId as string;
  };
  const form = async (email: string) => {
    const res = await t.call(null, 'POST', '/api/v1/public/complaints', { name: 'Form Person', email, body: 'The delivery never came and nobody answers the phone.' }, { 'user-agent': 'FormBrowser/9' });
    expect(res.statusCode).toBe(201);
    return (await one<{ id: string }>(sql`select id from cases where number = ${Number(res.data.caseNumber.slice(2))}`)).id;
  };

  it('deletes or scrubs only what is past its period', async () => {
    const db = t.database.db;
    const now = new Date();
    const oldMailCase = await mail('retention-old');
    const newMailCase = await mail('retention-new');
    const oldFormCase = await form('old.form@example.com');
    const newFormCase = await form('new.form@example.com');
    // Age the old ones (the sweep is told "now"; the rows are moved back in time).
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    await db.execute(sql`update inbound_emails set received_at = ${ago(400)} where case_id = ${oldMailCase}`);
    await db.execute(sql`update inbound_emails set received_at = ${ago(300)} where case_id = ${newMailCase}`);
    await db.execute(sql`update attachments set created_at = ${ago(800)} where case_id = ${oldMailCase}`);
    await db.execute(sql`update attachments set created_at = ${ago(700)} where case_id = ${newMailCase}`);
    await db.execute(sql`update messages set created_at = ${ago(100)} where case_id = ${oldFormCase}`);
    await db.execute(sql`update messages set created_at = ${ago(80)} where case_id = ${newFormCase}`);
    await db.execute(sql`insert into jobs (kind, payload, state, finished_at) values
      ('message.send', '{"messageId":"01890000-0000-7000-8000-000000000001"}', 'done', ${ago(31)}),
      ('message.send', '{"messageId":"01890000-0000-7000-8000-000000000002"}', 'failed', ${ago(40)}),
      ('message.send', '{"messageId":"01890000-0000-7000-8000-000000000003"}', 'done', ${ago(29)}),
      ('message.send', '{"messageId":"01890000-0000-7000-8000-000000000004"}', 'pending', null)`);
    await db.execute(sql`update jobs set created_at = ${ago(60)} where payload->>'messageId' = '01890000-0000-7000-8000-000000000004'`);
    // Two closed cases: one closed seven years ago (past six), one five years ago.
    await db.execute(sql`update cases set status = 'closed', closed_at = ${ago(7 * 366)} where id = ${oldFormCase}`);
    await db.execute(sql`update cases set status = 'closed', closed_at = ${ago(5 * 365)} where id = ${newFormCase}`);
    await db.execute(sql`insert into compensations (id, case_id, customer_id, kind, value_minor, currency, description, status)
      select gen_random_uuid(), id, customer_id, 'refund', 2500, 'EUR', 'refund for Form Person', 'granted' from cases where id = ${oldFormCase}`);

    const counts = await sweepRetention(db, { now, batchSize: 1 });
    expect(counts).toEqual({ rawMails: 1, attachments: 2, formMetadata: 1, finishedJobs: 2, closedCases: 1 });

    expect(await one(sql`select count(*)::int as n from inbound_emails where case_id = ${oldMailCase}`)).toEqual({ n: 0 });
    expect(await one(sql`select count(*)::int as n from inbound_emails where case_id = ${newMailCase}`)).toEqual({ n: 1 });
    expect(await one(sql`select count(*)::int as kept, count(content)::int as bytes from attachments where case_id = ${oldMailCase}`)).toEqual({ kept: 2, bytes: 0 });
    expect(await one(sql`select count(content)::int as bytes from attachments where case_id = ${newMailCase}`)).toEqual({ bytes: 2 });
    // Form metadata: the old form's IP and user agent are gone, the newer one's stay.
    expect(await one(sql`select count(raw_source)::int as n from messages where case_id = ${oldFormCase}`)).toEqual({ n: 0 });
    const fresh = await one<{ raw: string }>(sql`select raw_source as raw from messages where case_id = ${newFormCase} and raw_source is not null`);
    expect(JSON.parse(fresh.raw)).toMatchObject({ userAgent: 'FormBrowser/9' });
    expect((await queryRows<{ m: string }>(db, sql`select payload->>'messageId' as m from jobs where payload->>'messageId' like '01890000-0000-7000-8000-00000000000%' order by 1`)).map((r) => r.m.slice(-1))).toEqual(['3', '4']);
    // The old closed case: scrubbed, its number and money kept; the newer one untouched.
    const old = await one<{ subject: string | null; erased: boolean; number: number }>(sql`select subject, erased_at is not null as erased, number from cases where id = ${oldFormCase}`);
    expect(old).toMatchObject({ subject: null, erased: true });
    expect(await one(sql`select body from messages where case_id = ${oldFormCase} and direction = 'inbound'`)).toEqual({ body: '[erased]' });
    expect(await one(sql`select value_minor::int as v from compensations where case_id = ${oldFormCase}`)).toEqual({ v: 2500 });
    expect(await one(sql`select erased_at is null as kept, subject is not null as has_subject from cases where id = ${newFormCase}`)).toEqual({ kept: true, has_subject: true });

    // A second sweep finds nothing more, and writes no audit row for nothing.
    const before = await one<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'retention.sweep'`);
    expect(before.n).toBe(1);
    expect(await sweepRetention(db, { now })).toEqual({ rawMails: 0, attachments: 0, formMetadata: 0, finishedJobs: 0, closedCases: 0 });
    expect(await one(sql`select count(*)::int as n from audit_log where action = 'retention.sweep'`)).toEqual({ n: 1 });
  });

  it('clears a backlog of many batches in one sweep, and stops at its time budget', async () => {
    const db = t.database.db;
    expect((await t.call('admin', 'PUT', '/api/v1/settings', { retention: { finishedJobDays: 30 } })).statusCode).toBe(200);
    const backlog = async (n: number) =>
      db.execute(sql`insert into jobs (kind, payload, state, finished_at)
        select 'bonus.expire', jsonb_build_object('backlog', g), 'done', now() - interval '40 days' - make_interval(secs => g) from generate_series(1, ${n}::int) g`);
    const left = async () => (await one<{ n: number }>(sql`select count(*)::int as n from jobs where payload ? 'backlog'`)).n;
    // 70 batches of 10: more than the 50 batches a sweep used to stop at, all gone in one sweep.
    await backlog(700);
    expect((await sweepRetention(db, { batchSize: 10 })).finishedJobs).toBe(700);
    expect(await left()).toBe(0);
    // A spent budget: one batch per class, the rest for the next sweep.
    await backlog(25);
    expect((await sweepRetention(db, { batchSize: 10, budgetMs: 0 })).finishedJobs).toBe(10);
    expect(await left()).toBe(15);
    expect((await sweepRetention(db, { batchSize: 10 })).finishedJobs).toBe(15);
    expect(await left()).toBe(0);
  });

  it('a class set to null is kept whatever its age', async () => {
    const db = t.database.db;
    expect((await t.call('admin', 'PUT', '/api/v1/settings', { retention: { finishedJobDays: null } })).statusCode).toBe(200);
    await db.execute(sql`insert into jobs (kind, payload, state, finished_at) values ('message.send', '{"messageId":"01890000-0000-7000-8000-000000000009"}', 'done', now() - interval '10 years')`);
    expect((await sweepRetention(db)).finishedJobs).toBe(0);
    expect(await one(sql`select count(*)::int as n from jobs where payload->>'messageId' = '01890000-0000-7000-8000-000000000009'`)).toEqual({ n: 1 });
  });
});
