// The desk's lists for the channels that arrive by feed, on every database:
// callbacks to make (missed, dropped, voicemail calls, nearest deadline
// first), reviews with their reply clock and reply status, and survey answers
// with detractors first; keyset paging, bad input is a 400, feed tokens and
// anonymous callers are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { createApiToken } from '../../src/staff/api-tokens.ts';

describe.each(TARGETS)('desk channel lists on %s', (target) => {
  let t: TestApp;
  let feed: string;
  beforeAll(async () => {
    t = await createTestApp(target);
    feed = (await createApiToken(t.database.db, { name: 'feed', role: 'agent', scopes: ['channels:ingest'] })).token;
  });
  afterAll(async () => {
    await t?.close();
  });
  const ingest = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${feed}` }, payload }).then((r) => Object.assign(r, { data: JSON.parse(r.body) }));

  it('callbacks: a missed and a dropped call show as callbacks, the dropped one (five minutes) first, with the caller', async () => {
    await t.call('agent', 'POST', '/api/v1/customers', { name: 'Ilze Bērziņa', phones: ['+371 2000 0009'] });
    const missed = await ingest('/api/v1/channels/phone/events', { callId: 'cb-1', event: 'missed', from: '+37120000009', rings: 7 });
    const dropped = await ingest('/api/v1/channels/phone/events', { callId: 'cb-2', event: 'dropped', from: '+49 30 7654321', durationSeconds: 12, callerName: 'Klaus Weber' });
    await ingest('/api/v1/channels/phone/events', { callId: 'cb-3', event: 'answered', from: '+4930999999', rings: 1 });
    const res = await t.call('agent', 'GET', '/api/v1/channels/phone/callbacks');
    expect(res.statusCode).toBe(200);
    expect(res.data.items.map((i: { caseId: string }) => i.caseId)).toEqual([dropped.data.caseId, missed.data.caseId]);
    expect(res.data.items[0]).toMatchObject({ event: 'dropped', number: '+49307654321', priority: 'urgent', customer: { name: 'Klaus Weber' }, clock: { kind: 'dropped-call-callback', status: 'running' }, calls: 1 });
    expect(res.data.items[1]).toMatchObject({ event: 'missed', rings: 7, customer: { name: 'Ilze Bērziņa' }, clock: { kind: 'missed-call-callback' } });
    // Calling back (the first response) meets the clock; the case stays on the list until it is resolved.
    await t.call('agent', 'POST', `/api/v1/cases/${dropped.data.caseId}/messages`, { direction: 'outbound', channel: 'phone', body: 'Called back, spoke to Klaus.' });
    const after = (await t.call('agent', 'GET', '/api/v1/channels/phone/callbacks')).data.items;
    expect(after[0].caseId).toBe(missed.data.caseId);
    expect(after[1]).toMatchObject({ caseId: dropped.data.caseId, clock: { status: 'met' } });
    expect((await t.call('agent', 'GET', '/api/v1/channels/phone/callbacks?limit=1')).data.items).toHaveLength(1);
    expect((await t.call('agent', 'GET', '/api/v1/channels/phone/callbacks?limit=0')).statusCode).toBe(400);
    expect((await t.call('agent', 'GET', '/api/v1/channels/phone/callbacks?limit=abc')).statusCode).toBe(400);
    const card = await t.call('agent', 'GET', `/api/v1/channels/phone/callers/${encodeURIComponent('+37120000009')}`);
    expect(card.data).toMatchObject({ greeting: 'Hello Ilze, thank you for calling back.', recentCalls: [{ callId: 'cb-1', event: 'missed' }] });
  });

  it('reviews: each carries its case, its three-day reply clock and whether it was answered', async () => {
    const r = await ingest('/api/v1/channels/reviews', { source: 'desk-test', externalId: 'd-1', author: 'Marta', rating: 1, text: 'Terrible, the parcel never came.' });
    const happy = await ingest('/api/v1/channels/reviews', { source: 'desk-test', externalId: 'd-2', author: 'Anna', rating: 5, text: 'Lovely shop.' });
    let items = (await t.call('agent', 'GET', '/api/v1/channels/reviews?source=desk-test')).data.items;
    expect(items.map((i: { id: string }) => i.id)).toEqual([happy.data.id, r.data.id]);
    expect(items[1]).toMatchObject({ caseNumber: r.data.caseNumber, reply: { status: 'running', repliedAt: null } });
    expect(Date.parse(items[1].reply.dueAt)).toBeGreaterThan(Date.now() + 24 * 3600_000);
    await t.call('agent', 'POST', `/api/v1/cases/${r.data.caseId}/messages`, { direction: 'outbound', channel: 'review', body: 'We are sorry — we are sending a new parcel today.' });
    items = (await t.call('agent', 'GET', '/api/v1/channels/reviews?source=desk-test')).data.items;
    expect(items[1].reply).toMatchObject({ status: 'met' });
    expect(items[1].reply.repliedAt).not.toBeNull();
    const page = (await t.call('agent', 'GET', '/api/v1/channels/reviews?source=desk-test&limit=1')).data;
    expect(page.items).toHaveLength(1);
    expect((await t.call('agent', 'GET', `/api/v1/channels/reviews?source=desk-test&cursor=${page.nextCursor}`)).data.items[0].id).toBe(r.data.id);
    expect((await t.call('agent', 'GET', '/api/v1/channels/reviews?cursor=nope')).statusCode).toBe(400);
  });

  it('surveys: detractors first, then newest; filters and keyset paging; a forged cursor is a 400', async () => {
    const at = (h: number) => new Date(Date.UTC(2026, 10, 20, h)).toISOString();
    await ingest('/api/v1/channels/surveys', { source: 'nps', externalId: 's-1', kind: 'nps', score: 10, comment: 'Great', respondedAt: at(9) });
    await ingest('/api/v1/channels/surveys', { source: 'nps', externalId: 's-2', kind: 'nps', score: 2, comment: 'Never again', customer: { name: 'Juris', email: 'juris@example.lv' }, respondedAt: at(8) });
    await ingest('/api/v1/channels/surveys', { source: 'csat', externalId: 's-3', kind: 'csat', score: 4, respondedAt: at(11) });
    await ingest('/api/v1/channels/surveys', { source: 'csat', externalId: 's-4', kind: 'csat', score: 1, comment: 'Rude', respondedAt: at(7) });
    const all = await t.call('agent', 'GET', '/api/v1/channels/surveys');
    expect(all.statusCode).toBe(200);
    expect(all.data.items.map((i: { score: number; kind: string }) => `${i.kind}${i.score}`)).toEqual(['nps2', 'csat1', 'csat4', 'nps10']);
    expect(all.data.items[0]).toMatchObject({ detractor: true, comment: 'Never again', customer: { name: 'Juris' } });
    expect(all.data.items[0].caseNumber).toMatch(/^C-\d{6}$/);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { items: { id: string }[]; nextCursor: string | null } } = await t.call('agent', 'GET', `/api/v1/channels/surveys?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.data.items.map((i) => i.id));
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.data.items.map((i: { id: string }) => i.id));
    expect((await t.call('agent', 'GET', '/api/v1/channels/surveys?detractor=false')).data.items.every((i: { detractor: boolean }) => !i.detractor)).toBe(true);
    expect((await t.call('agent', 'GET', '/api/v1/channels/surveys?cursor=1_x_y')).statusCode).toBe(400);
    expect((await t.call('agent', 'GET', '/api/v1/channels/surveys?detractor=maybe')).statusCode).toBe(400);
    expect((await t.call('agent', 'GET', '/api/v1/channels/surveys?cursor=%01%02')).statusCode).toBe(400);
  });

  it('the lists are for staff: anonymous is 401, a feed token 403', async () => {
    for (const url of ['/api/v1/channels/phone/callbacks', '/api/v1/channels/reviews', '/api/v1/channels/surveys']) {
      expect((await t.call(null, 'GET', url)).statusCode, url).toBe(401);
      expect((await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${feed}` } })).statusCode, url).toBe(403);
    }
  });
});
