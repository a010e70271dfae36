// Reviews and posts (P-1.1, P-1.6) on every database: every review becomes a
// case with the three-business-day review clock and its link (a happy one
// too), scored once; authors are matched to customers; JSON and CSV
// imports report rejected rows; the same review twice adds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { queryRows } from '../../src/db/client.ts';
import { createApiToken } from '../../src/staff/api-tokens.ts';

describe.each(TARGETS)('reviews on %s', (target) => {
  let t: TestApp;
  let feed: string;
  beforeAll(async () => {
    t = await createTestApp(target);
    feed = (await createApiToken(t.database.db, { name: 'reviews feed', role: 'agent', scopes: ['channels:ingest'] })).token;
  });
  afterAll(async () => {
    await t?.close();
  });
  const send = (url: string, payload: unknown, contentType = 'application/json', token: string | null = feed) =>
    t.app
      .inject({ method: 'POST', url, headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) }, payload: payload as string })
      .then((r) => Object.assign(r, { data: JSON.parse(r.body) }));

  it('a dissatisfied review opens a review case matched to the customer, with the link and the review clock', async () => {
    const customer = await t.call('agent', 'POST', '/api/v1/customers', { name: 'Marta Ozola', emails: ['marta@example.lv'] });
    const r = await send('/api/v1/channels/reviews', {
      source: 'google',
      externalId: 'g-1',
      author: 'Marta O.',
      authorEmail: 'Marta@Example.lv',
      rating: 4,
      text: 'The courier was rude and the parcel arrived two weeks late. Terrible service, never again!',
      link: 'https://maps.example/review/g-1',
      postedAt: '2026-11-20T18:00:00+02:00',
    });
    expect(r.statusCode).toBe(201);
    expect(r.data).toMatchObject({ dissatisfied: true, lowRating: false, customerId: customer.data.id });
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${r.data.caseId}`)).data;
    expect(c.channel).toBe('review');
    expect(c.customer.id).toBe(customer.data.id);
    expect(c.messages[0].body).toContain('https://maps.example/review/g-1');
    const clock = c.clocks.find((k: { kind: string }) => k.kind === 'review-response');
    expect(clock).toMatchObject({ status: 'running' });
    const again = await send('/api/v1/channels/reviews', { source: 'google', externalId: 'g-1', text: 'edited text, same review' });
    expect(again.statusCode).toBe(200);
    expect(again.data).toMatchObject({ duplicate: true, caseId: r.data.caseId });
  });

  it('a low rating is a complaint whatever its words; a happy review gets the reply clock too', async () => {
    const low = await send('/api/v1/channels/reviews', { source: 'trustpilot', author: 'Anon', rating: 2, text: 'ok.' });
    expect(low.data).toMatchObject({ lowRating: true });
    expect(low.data.caseId).not.toBeNull();
    const tenScale = await send('/api/v1/channels/reviews', { source: 'booking', author: 'Guest', rating: 9, ratingScale: 10, text: 'Lovely stay, friendly staff.' });
    expect(tenScale.data).toMatchObject({ dissatisfied: false, lowRating: false });
    const happy = (await t.call('agent', 'GET', `/api/v1/cases/${tenScale.data.caseId}`)).data;
    expect(happy.clocks.find((k: { kind: string }) => k.kind === 'review-response')).toMatchObject({ status: 'running' });
    const list = await t.call('agent', 'GET', '/api/v1/channels/reviews?source=booking');
    expect(list.data.items).toHaveLength(1);
    expect(list.data.items[0]).toMatchObject({ author: 'Guest', rating: 9, caseId: tenScale.data.caseId });
  });

  it('detection runs once per review: the case carries the review\'s own score', async () => {
    const r = await send('/api/v1/channels/reviews', { source: 'google', author: 'Ilze', text: 'Kurjers bija rupjš, paka atnāca saplēsta.', link: 'https://maps.example/r/9' });
    const rows = await queryRows<{ review: number; kase: number; scored: number }>(
      t.database.db,
      sql`select r.score as review, max((e.data->>'score')::real) as kase, count(e.id)::int as scored
          from reviews r join case_events e on e.case_id = r.case_id and e.type = 'detection_scored' where r.id = ${r.data.id} group by r.score`,
    );
    expect(rows[0]!.kase).toBeCloseTo(rows[0]!.review, 3);
    expect(rows[0]!.scored).toBe(1);
  });

  it('intake reads a message too short to tell in the customer\'s known language', async () => {
    const customer = await t.call('agent', 'POST', '/api/v1/customers', { name: 'Liga', emails: ['liga@example.lv'], language: 'lv' });
    const opened = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: 'liga@example.lv' }, body: 'ok??' });
    expect(opened.statusCode).toBe(201);
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${opened.data.id}`)).data;
    expect(c.customer.id).toBe(customer.data.id);
    expect(c.language).toBe('lv');
  });

  it('imports CSV and JSON, reporting rejected rows by number; a handle matches the next review of the same author', async () => {
    const csv = [
      'source,author,handle,rating,text,link,time',
      'facebook,Jānis,janis.b,1,"Rēķinā ir nepareiza summa, jau trešo reizi!",https://fb.example/p/1,2026-11-21T10:00:00+02:00',
      'facebook,Olga,,5,"Всё отлично, спасибо!",https://fb.example/p/2,2026-11-21T11:00:00+02:00',
      'facebook,Bad,,7,"rating too high",not-a-link,yesterday',
      'facebook,Empty,,3,,,',
    ].join('\n');
    const report = await send('/api/v1/channels/reviews/import', csv, 'text/csv');
    expect(report.statusCode).toBe(200);
    expect(report.data).toMatchObject({ received: 4, imported: 2, duplicates: 0, cases: 2 });
    expect(report.data.rejected.map((r: { row: number }) => r.row)).toEqual([4, 5]);
    expect(report.data.rejected[0].errors.map((e: { path: string }) => e.path).sort()).toEqual(['link', 'postedAt', 'rating']);
    // Again: all duplicates, nothing new.
    expect((await send('/api/v1/channels/reviews/import', csv, 'text/csv')).data).toMatchObject({ imported: 0, duplicates: 2 });

    const next = await send('/api/v1/channels/reviews/import', { reviews: [{ source: 'Facebook', author: 'Jānis', authorHandle: 'Janis.B', rating: 1, text: 'Joprojām nav atbildes!' }, { nope: true }] });
    expect(next.data).toMatchObject({ received: 2, imported: 1, cases: 1 });
    expect(next.data.rejected[0].row).toBe(2);
    const owners = await queryRows<{ n: number }>(t.database.db, sql`select count(distinct customer_id)::int as n from reviews where author = 'Jānis'`);
    expect(owners[0]!.n).toBe(1);
    // Both of his cases are on that one record, and no reference was invented to find him again.
    const his = await queryRows<{ cases: number; external_ref: string | null }>(
      t.database.db,
      sql`select (select count(*)::int from cases c where c.customer_id = r.customer_id) as cases, k.external_ref from reviews r join customers k on k.id = r.customer_id where r.author = 'Jānis' limit 1`,
    );
    expect(his[0]).toEqual({ cases: 2, external_ref: null });
  });

  it('bad input answers stable codes', async () => {
    expect((await send('/api/v1/channels/reviews', { source: 'x', text: 'y' }, 'application/json', null)).statusCode).toBe(401);
    expect((await send('/api/v1/channels/reviews', { source: 'x', text: 'y' }, 'application/json', t.users.agent.token)).statusCode).toBe(403);
    expect((await send('/api/v1/channels/reviews', { source: 'x' })).data.error.code).toBe('VALIDATION_FAILED');
    const broken = await send('/api/v1/channels/reviews/import', 'source,text\n"unterminated,quote', 'text/csv');
    expect(broken.statusCode).toBe(400);
    expect(broken.data.error.code).toBe('INVALID_CSV');
    expect((await send('/api/v1/channels/reviews/import', { reviews: [] })).data.error.code).toBe('VALIDATION_FAILED');
    expect((await t.call('agent', 'GET', '/api/v1/channels/reviews?cursor=nope')).statusCode).toBe(400);
  });
});
