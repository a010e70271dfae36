// Phone events (P-1.4) through the webhook on every database: the caller is
// known by number and greeted by name, a missed call opens a callback case
// with the missed-call clock, a dropped call an urgent one with the
// five-minute clock, a repeated webhook changes nothing, slow answers show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { queryRows } from '../../src/db/client.ts';
import { createApiToken } from '../../src/staff/api-tokens.ts';

describe.each(TARGETS)('phone events on %s', (target) => {
  let t: TestApp;
  let pbx: string;
  beforeAll(async () => {
    t = await createTestApp(target);
    pbx = (await createApiToken(t.database.db, { name: 'pbx', role: 'agent', scopes: ['channels:ingest'] })).token;
  });
  afterAll(async () => {
    await t?.close();
  });
  const event = (body: object, token: string | null = pbx) =>
    t.app
      .inject({ method: 'POST', url: '/api/v1/channels/phone/events', headers: token ? { authorization: `Bearer ${token}` } : {}, payload: body })
      .then((r) => Object.assign(r, { data: JSON.parse(r.body) }));

  it('a missed call from a known customer opens one callback case with the missed-call clock; the webhook twice changes nothing', async () => {
    const customer = await t.call('agent', 'POST', '/api/v1/customers', { name: 'Ilze Bērziņa', phones: ['+371 2000 0001'], emails: ['ilze@example.lv'] });
    expect(customer.statusCode).toBe(201);
    expect((await event({ callId: 'c-1', event: 'ringing', from: '+37120000001' })).data).toMatchObject({ action: 'recorded', customerId: customer.data.id, caseId: null });
    const missed = await event({ callId: 'c-1', event: 'missed', from: '+371 2000-0001', rings: 6, at: '2026-11-23T10:00:00+02:00' });
    expect(missed.statusCode).toBe(201);
    expect(missed.data).toMatchObject({ action: 'case_opened', customerId: customer.data.id });
    const again = await event({ callId: 'c-1', event: 'missed', from: '+371 2000-0001', rings: 6, at: '2026-11-23T10:00:00+02:00' });
    expect(again.statusCode).toBe(200);
    expect(again.data).toMatchObject({ duplicate: true, caseId: missed.data.caseId, caseNumber: missed.data.caseNumber, slowAnswer: false });

    const c = (await t.call('agent', 'GET', `/api/v1/cases/${missed.data.caseId}`)).data;
    expect(c.channel).toBe('phone');
    expect(c.customer.id).toBe(customer.data.id);
    expect(c.clocks.map((k: { kind: string }) => k.kind)).toContain('missed-call-callback');
    expect(c.messages[0].body).toContain('Missed call from +37120000001');

    // A second missed call from the same caller lands on the same open case.
    const second = await event({ callId: 'c-2', event: 'missed', from: '+37120000001' });
    expect(second.data).toMatchObject({ action: 'case_updated', caseId: missed.data.caseId });
    expect((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from cases where channel = 'phone'`))[0]!.n).toBe(1);
  });

  it('a dropped call from a new number opens an urgent case with the five-minute clock', async () => {
    const dropped = await event({ callId: 'c-3', event: 'dropped', from: '+49 30 1234567', durationSeconds: 42, callerName: 'Klaus Weber' });
    expect(dropped.data.action).toBe('case_opened');
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${dropped.data.caseId}`)).data;
    expect(c.priority).toBe('urgent');
    const clock = c.clocks.find((k: { kind: string }) => k.kind === 'dropped-call-callback');
    expect(clock).toBeDefined();
    expect(Date.parse(clock.dueAt) - Date.parse(clock.startedAt)).toBe(5 * 60_000);
    expect(c.customer.name).toBe('Klaus Weber');
  });

  it('the callback card greets the caller by name with their open cases; answered-after-N-rings is recorded', async () => {
    const answered = await event({ callId: 'c-4', event: 'answered', from: '+37120000001', rings: 5, waitSeconds: 25 });
    expect(answered.data).toMatchObject({ action: 'recorded', slowAnswer: true });
    const fast = await event({ callId: 'c-5', event: 'answered', from: '+37120000001', rings: 2, waitSeconds: 8 });
    expect(fast.data.slowAnswer).toBe(false);
    const card = await t.call('agent', 'GET', `/api/v1/channels/phone/callers/${encodeURIComponent('+371 2000 0001')}`);
    expect(card.statusCode).toBe(200);
    expect(card.data.customer.name).toBe('Ilze Bērziņa');
    expect(card.data.greeting).toBe('Hello Ilze, thank you for calling back.');
    expect(card.data.openCases).toHaveLength(1);
    expect(card.data.recentCalls.find((r: { callId: string }) => r.callId === 'c-4')).toMatchObject({ event: 'answered', rings: 5, waitSeconds: 25 });
    const timeline = (await t.call('agent', 'GET', `/api/v1/cases/${card.data.openCases[0].id}`)).data.timeline;
    expect(timeline.find((e: { type: string; data: { callId?: string } }) => e.type === 'call_event' && e.data.callId === 'c-4').data).toMatchObject({ rings: 5, slowAnswer: true });
    const unknown = await t.call('agent', 'GET', '/api/v1/channels/phone/callers/+15550000000');
    expect(unknown.data).toMatchObject({ customer: null, greeting: null, openCases: [] });
  });

  it('voicemail keeps the recording link; a withheld number is recorded without a case', async () => {
    const vm = await event({ callId: 'c-6', event: 'voicemail', from: '+33 1 23 45 67 89', recordingUrl: 'https://pbx.example/rec/c-6.wav' });
    expect(vm.data.action).toBe('case_opened');
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${vm.data.caseId}`)).data;
    expect(c.messages[0].body).toContain('https://pbx.example/rec/c-6.wav');
    const anon = await event({ callId: 'c-7', event: 'missed', from: 'anonymous' });
    expect(anon.data).toMatchObject({ action: 'recorded', caseId: null, customerId: null });
  });

  it('a dropped call on an open callback case adds the five-minute clock, makes it urgent, and the queue sees the new due time', async () => {
    const card = await t.call('agent', 'GET', `/api/v1/channels/phone/callers/${encodeURIComponent('+37120000001')}`);
    const caseId = card.data.openCases[0].id;
    expect(card.data.openCases[0].priority).toBe('normal');
    const dropped = await event({ callId: 'c-8', event: 'dropped', from: '+37120000001', durationSeconds: 12 });
    expect(dropped.data).toMatchObject({ action: 'case_updated', caseId });
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${caseId}`)).data;
    expect(c.priority).toBe('urgent');
    expect(c.timeline.find((e: { type: string }) => e.type === 'priority_changed').data).toMatchObject({ from: 'normal', to: 'urgent', reason: 'dropped call' });
    const clock = c.clocks.find((k: { kind: string }) => k.kind === 'dropped-call-callback');
    expect(clock).toMatchObject({ status: 'running', meetsOn: 'first_response' });
    expect(Date.parse(clock.dueAt) - Date.parse(clock.startedAt)).toBe(5 * 60_000);
    const [row] = await queryRows<{ next_due_at: Date | string }>(t.database.db, sql`select next_due_at from cases where id = ${caseId}`);
    expect(new Date(row!.next_due_at).toISOString()).toBe(new Date(clock.dueAt).toISOString());
  });

  it('guards and validation: scoped token only, stable codes for bad input', async () => {
    expect((await event({ callId: 'x', event: 'missed', from: '+1555' }, null)).statusCode).toBe(401);
    expect((await event({ callId: 'x', event: 'missed', from: '+1555' }, t.users.agent.token)).statusCode).toBe(403);
    const bad = await event({ callId: 'x', event: 'exploded', from: '+1555', rings: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.code).toBe('VALIDATION_FAILED');
    expect((await t.call('agent', 'GET', '/api/v1/channels/phone/callers/+1555')).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/channels/phone/callers/+1555', headers: { authorization: `Bearer ${pbx}` } })).statusCode).toBe(403);
  });
});
