// The other doors of P-1.1 on every database: the complaint book and walk-ins
// (who took it, where, when, a size-limited photo), survey answers (a
// detractor reopens the case it rates), and contract endings (the customer is
// marked departed; a failure opens a recovery case).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { createApiToken } from '../../src/staff/api-tokens.ts';

describe.each(TARGETS)('complaint book, surveys and departures on %s', (target) => {
  let t: TestApp;
  let feed: string;
  beforeAll(async () => {
    t = await createTestApp(target, { ATTACHMENT_MAX_BYTES: 1000 });
    feed = (await createApiToken(t.database.db, { name: 'crm', role: 'agent', scopes: ['channels:ingest'] })).token;
  });
  afterAll(async () => {
    await t?.close();
  });
  const ingest = (url: string, body: unknown, token: string | null = feed) =>
    t.app.inject({ method: 'POST', url, headers: token ? { authorization: `Bearer ${token}` } : {}, payload: body as object }).then((r) => Object.assign(r, { data: JSON.parse(r.body) }));

  it('records a complaint-book entry with who, where, when and a photo; refuses a photo over the limit', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const r = await t.call('agent', 'POST', '/api/v1/channels/complaint-book', {
      form: 'paper',
      customer: { name: 'Pēteris Kalniņš', phone: '+371 2911 1111' },
      body: 'Pārdevēja bija rupja un atteicās pieņemt atpakaļ bojāto preci!',
      location: 'Riga, Brīvības iela shop',
      takenAt: '2026-11-23T11:30:00+02:00',
      photo: { filename: 'page-12.png', contentType: 'image/png', dataBase64: png.toString('base64') },
    });
    expect(r.statusCode).toBe(201);
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${r.data.caseId}`)).data;
    expect(c.channel).toBe('complaint_book');
    expect(c.language).toBe('lv');
    const recorded = c.timeline.find((e: { type: string }) => e.type === 'complaint_recorded');
    expect(recorded.data).toMatchObject({ form: 'paper', takenBy: t.users.agent.id, takenByName: 'Anna Agent', location: 'Riga, Brīvības iela shop', takenAt: '2026-11-23T09:30:00.000Z' });
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/attachments/${r.data.photoId}`, headers: { authorization: `Bearer ${t.users.agent.token}` } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(file.rawPayload, png)).toBe(0);

    const walkIn = await t.call('agent', 'POST', '/api/v1/channels/complaint-book', { form: 'walk_in', customer: { name: 'Walk-in' }, body: 'The coffee machine I bought broke in a day.', location: 'front desk' });
    expect(walkIn.statusCode).toBe(201);
    expect((await t.call('agent', 'GET', `/api/v1/cases/${walkIn.data.caseId}`)).data.channel).toBe('walk_in');

    const big = await t.call('agent', 'POST', '/api/v1/channels/complaint-book', {
      form: 'oral',
      customer: { name: 'X' },
      body: 'y',
      location: 'z',
      photo: { contentType: 'image/jpeg', dataBase64: Buffer.alloc(2000, 1).toString('base64') },
    });
    expect(big.statusCode).toBe(413);
    expect(big.data.error.code).toBe('PAYLOAD_TOO_LARGE');
    const badType = await t.call('agent', 'POST', '/api/v1/channels/complaint-book', { form: 'oral', customer: {}, body: 'y', location: 'z', photo: { contentType: 'text/html', dataBase64: 'PGI+' } });
    expect(badType.data.error.code).toBe('VALIDATION_FAILED');
    expect((await t.call('agent', 'GET', '/api/v1/attachments/nope')).statusCode).toBe(404);
  });

  it('a detractor survey answer reopens the resolved case it rates; a promoter only counts; a detractor without a case opens one', async () => {
    const opened = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: 'nps@example.com', name: 'Nora' }, body: 'My order is late.' });
    await t.call('agent', 'POST', `/api/v1/cases/${opened.data.id}/resolve`, {});
    const promoter = await ingest('/api/v1/channels/surveys', { source: 'delighted', externalId: 's-1', kind: 'nps', score: 9, caseRef: opened.data.number ?? opened.data.id });
    expect(promoter.statusCode).toBe(201);
    expect(promoter.data).toMatchObject({ detractor: false, action: 'recorded' });
    const detractor = await ingest('/api/v1/channels/surveys', { source: 'delighted', externalId: 's-2', kind: 'nps', score: 3, comment: 'Still waiting for the refund.', caseRef: opened.data.id });
    expect(detractor.data).toMatchObject({ detractor: true, action: 'case_reopened', caseId: opened.data.id });
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${opened.data.id}`)).data;
    expect(c.status).toBe('resolving');
    expect(c.messages.some((m: { channel: string; body: string }) => m.channel === 'survey' && m.body.includes('NPS 3/10'))).toBe(true);
    // The feed repeating itself changes nothing and answers as the first time did.
    expect(detractor.data.caseNumber).toMatch(/^C-\d{6}$/);
    const repeated = await ingest('/api/v1/channels/surveys', { source: 'delighted', externalId: 's-2', kind: 'nps', score: 3, caseRef: opened.data.id });
    expect(repeated.statusCode).toBe(200);
    expect(repeated.data).toMatchObject({ duplicate: true, detractor: true, caseId: opened.data.id, caseNumber: detractor.data.caseNumber });

    const fresh = await ingest('/api/v1/channels/surveys', { source: 'typeform', externalId: 'csat-1', kind: 'csat', score: 1, comment: 'Awful support.', customer: { email: 'newbie@example.com' } });
    expect(fresh.data.action).toBe('case_opened');
    expect((await t.call('agent', 'GET', `/api/v1/cases/${fresh.data.caseId}`)).data.channel).toBe('survey');
    const bad = await ingest('/api/v1/channels/surveys', { source: 'x', externalId: 'y', kind: 'csat', score: 9 });
    expect(bad.statusCode).toBe(400);
  });

  it('a contract ending marks the customer departed; a failure reason opens a recovery case, moving house does not', async () => {
    const left = await ingest('/api/v1/channels/departures', { customer: { email: 'churn@example.com', name: 'Chris' }, reason: 'Your deliveries were late three times and nobody ever answered my emails. I am switching to a competitor.', endedAt: '2026-11-22T12:00:00Z' });
    expect(left.statusCode).toBe(201);
    expect(left.data).toMatchObject({ failure: true });
    const customer = (await t.call('agent', 'GET', `/api/v1/customers/${left.data.customerId}`)).data;
    // Accidental or systemic is for staff to judge; the keep-in-touch cadence applies from now on (P-4.5).
    expect(customer.status).toBe('departed');
    expect(customer.departure).toMatchObject({ reason: expect.stringContaining('late three times'), kind: 'unknown', current: true, at: '2026-11-22T12:00:00.000Z' });
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${left.data.caseId}`)).data;
    expect(c).toMatchObject({ channel: 'contract_end', priority: 'high' });
    expect((await ingest('/api/v1/channels/departures', { customer: { email: 'churn@example.com' }, reason: 'again', endedAt: '2026-11-22T15:00:00Z' })).data).toMatchObject({ duplicate: true, caseId: null });

    const moved = await ingest('/api/v1/channels/departures', { customer: { externalRef: 'crm-77', name: 'Mia' }, reason: 'Moving to Tallinn.', category: 'moved' });
    expect(moved.data).toMatchObject({ failure: false, caseId: null });
    const stated = await ingest('/api/v1/channels/departures', { customer: { phone: '+3725550000' }, reason: 'Service quality.', category: 'failure' });
    expect(stated.data.failure).toBe(true);
    expect((await ingest('/api/v1/channels/departures', { customer: { name: 'nobody' }, reason: 'x' })).statusCode).toBe(400);
  });
});
