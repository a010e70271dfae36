// Notifications (issue 13): written with their cause (mention, assignment, the
// customer's reply, a clock about to breach, approvals), listed and marked read,
// mailed when asked through a durable job, and delivered live over server-sent
// events — across two app instances on one PostgreSQL database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createTestApp, PASSWORD, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { openSse } from '../helpers/sse.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { openDatabase, queryRows } from '../../src/db/client.ts';
import { sweepClocks } from '../../src/clocks/sweep-clocks.ts';
import { NotificationHub } from '../../src/notifications/notification-hub.ts';
import { notify } from '../../src/notifications/notify.ts';
import { HANDLERS } from '../../src/jobs/handlers.ts';
import type { Tx } from '../../src/db/client.ts';

const key = () => ({ 'idempotency-key': randomUUID() });
const code = (r: { statusCode: number; data: { error?: { code: string } } }) => [r.statusCode, r.data?.error?.code];
const eur = (amount: string) => ({ amount, currency: 'EUR' });

describe.each(TARGETS)('notifications on %s', (target) => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await createTestApp(target, { NOTIFICATION_POLL_MS: 100 });
  });
  afterAll(async () => {
    await t?.close();
  });
  /** A case owned by Anna (the agent). */
  async function annasCase(): Promise<{ id: string; number: string; token: string }> {
    const filed = await t.call('admin', 'POST', '/api/v1/cases', { channel: 'email', customer: { name: 'Rita', email: `rita${++n}@example.com` }, body: 'The parcel arrived broken.' });
    expect(filed.statusCode).toBe(201);
    if (filed.data.owner?.id !== t.users.agent.id) {
      expect((await t.call('admin', 'POST', `/api/v1/cases/${filed.data.id}/assign`, { ownerId: t.users.agent.id, reason: 'Anna knows her' })).statusCode).toBe(200);
    }
    return { id: filed.data.id, number: filed.data.number, token: filed.data.portalUrl.split('/').at(-1) };
  }
  const mine = async (role: 'agent' | 'supervisor' | 'head' | 'admin') => (await t.call(role, 'GET', '/api/v1/notifications?limit=100')).data;

  it('refuses the anonymous, bad cursors, bad bodies and a stream asked for without Accept: text/event-stream', async () => {
    expect(code(await t.call(null, 'GET', '/api/v1/notifications'))).toEqual([401, 'UNAUTHENTICATED']);
    expect(code(await t.call(null, 'GET', '/api/v1/notifications/stream', undefined, { accept: 'text/event-stream' }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(code(await t.call(null, 'POST', '/api/v1/notifications/read', { all: true }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(code(await t.call('agent', 'GET', '/api/v1/notifications?before=abc'))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'GET', '/api/v1/notifications?limit=1000'))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'POST', '/api/v1/notifications/read', {}))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'POST', '/api/v1/notifications/read', { ids: ['x'] }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'POST', '/api/v1/notifications/read', { all: false }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'POST', '/api/v1/notifications/read', { ids: Array.from({ length: 501 }, (_, i) => i + 1) }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'PATCH', '/api/v1/notifications/preferences', { emailKinds: ['mention'] }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'PATCH', '/api/v1/notifications/preferences', { emailKinds: 'clock_warning' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'PATCH', '/api/v1/notifications/preferences', { emailKinds: ['clock_warning\u0007'] }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'GET', '/api/v1/notifications/stream'))).toEqual([406, 'NOT_ACCEPTABLE']);
  });

  it('a mention notifies the colleague named (not the writer); the list pages by cursor; mark read by id or all', async () => {
    const c = await annasCase();
    const before = (await mine('agent')).unread;
    for (let i = 0; i < 3; i++) {
      expect((await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/notes`, { body: `@anna please look (${i})` }, key())).statusCode).toBe(201);
    }
    expect((await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/notes`, { body: 'note to self @sam' }, key())).statusCode).toBe(201);
    expect((await mine('supervisor')).items.filter((x: { kind: string }) => x.kind === 'mention')).toHaveLength(0);
    const list = await mine('agent');
    expect(list.unread).toBe(before + 3);
    const mention = list.items[0];
    expect(mention).toMatchObject({ kind: 'mention', caseId: c.id, read: false, data: { caseNumber: c.number, by: 'Sam Supervisor', excerpt: '@anna please look (2)' } });
    const page1 = (await t.call('agent', 'GET', '/api/v1/notifications?limit=2')).data;
    expect(page1.items).toHaveLength(2);
    const page2 = (await t.call('agent', 'GET', `/api/v1/notifications?limit=2&before=${page1.nextCursor}`)).data;
    expect(page2.items[0].id).toBeLessThan(page1.items[1].id);
    // Someone else's ids mark nothing.
    expect((await t.call('supervisor', 'POST', '/api/v1/notifications/read', { ids: [mention.id] })).data.marked).toBe(0);
    const one = await t.call('agent', 'POST', '/api/v1/notifications/read', { ids: [mention.id] });
    expect(one.statusCode).toBe(200);
    expect(one.data).toEqual({ marked: 1, unread: before + 2 });
    expect((await t.call('agent', 'GET', '/api/v1/notifications?unread=true&limit=100')).data.items.map((x: { id: number }) => x.id)).not.toContain(mention.id);
    const all = await t.call('agent', 'POST', '/api/v1/notifications/read', { all: true });
    expect(all.data.unread).toBe(0);
  });

  it('assignment, the customer reply, approval needed and decided, and a clock warning each notify the right person', async () => {
    const c = await annasCase();
    expect((await t.call('admin', 'POST', `/api/v1/cases/${c.id}/assign`, { ownerId: t.users.head.id, reason: 'Hanna first' }, key())).statusCode).toBe(200);
    expect((await t.call('admin', 'POST', `/api/v1/cases/${c.id}/assign`, { ownerId: t.users.agent.id, reason: 'Anna speaks Latvian' }, key())).statusCode).toBe(200);
    expect((await mine('head')).items[0]).toMatchObject({ kind: 'assigned', caseId: c.id, data: { caseNumber: c.number, by: 'Adam Admin', reason: 'Hanna first' } });
    expect((await mine('agent')).items[0]).toMatchObject({ kind: 'assigned', caseId: c.id, data: { reason: 'Anna speaks Latvian' } });
    // Taking over one's own case tells nobody.
    const takeOver = await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/take-over`, { reason: 'I will handle it' }, key());
    expect(takeOver.statusCode).toBe(200);
    expect((await mine('supervisor')).items.filter((x: { kind: string; caseId: string }) => x.kind === 'assigned' && x.caseId === c.id)).toHaveLength(0);
    expect((await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/assign`, { ownerId: t.users.agent.id, reason: 'back to Anna' }, key())).statusCode).toBe(200);
    // The customer writes in the portal.
    expect((await t.call(null, 'POST', `/api/v1/portal/${c.token}/messages`, { body: 'Any news about my parcel?' })).statusCode).toBe(201);
    expect((await mine('agent')).items[0]).toMatchObject({ kind: 'customer_replied', caseId: c.id, data: { channel: 'portal', excerpt: 'Any news about my parcel?' } });
    // Above her limit Anna asks; the supervisors hear of it, and Anna hears the decision.
    const big = await t.call('agent', 'POST', `/api/v1/cases/${c.id}/compensations`, { kind: 'refund', value: eur('300.00'), description: 'Refund of the parcel' }, key());
    expect(big.data.status).toBe('pending_approval');
    expect((await mine('supervisor')).items[0]).toMatchObject({ kind: 'approval_needed', caseId: c.id, data: { by: 'Anna Agent', compensationId: big.data.id } });
    expect((await t.call('supervisor', 'POST', `/api/v1/compensations/${big.data.id}/approve`, {}, key())).statusCode).toBe(200);
    expect((await mine('agent')).items[0]).toMatchObject({ kind: 'approval_decided', data: { approved: true, by: 'Sam Supervisor', compensationId: big.data.id } });
    // The clock sweep warns the owner.
    await t.database.db.execute(sql`update clocks set warn_at = now() - interval '1 minute' where case_id = ${c.id} and status = 'running'`);
    const swept = await sweepClocks(t.database.db);
    expect(swept.warned).toBeGreaterThan(0);
    const warned = (await mine('agent')).items.filter((x: { kind: string; caseId: string }) => x.kind === 'clock_warning' && x.caseId === c.id);
    expect(warned.length).toBeGreaterThan(0);
    expect(warned[0].data).toMatchObject({ caseNumber: c.number });
  });

  it('mails only the kinds a user chose, through a durable notification.mail job', async () => {
    expect((await t.call('agent', 'GET', '/api/v1/notifications/preferences')).data).toEqual({ emailKinds: [] });
    const jobs = async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from jobs where kind = 'notification.mail'`))[0]!.n;
    const c = await annasCase();
    const start = await jobs();
    expect((await t.call(null, 'POST', `/api/v1/portal/${c.token}/messages`, { body: 'Hello again' })).statusCode).toBe(201);
    expect(await jobs()).toBe(start);
    const set = await t.call('agent', 'PATCH', '/api/v1/notifications/preferences', { emailKinds: ['customer_replied', 'customer_replied'] });
    expect(set.data).toEqual({ emailKinds: ['customer_replied'] });
    expect((await t.call('agent', 'GET', '/api/v1/notifications/preferences')).data).toEqual({ emailKinds: ['customer_replied'] });
    expect((await t.call(null, 'POST', `/api/v1/portal/${c.token}/messages`, { body: 'Still waiting' })).statusCode).toBe(201);
    expect(await jobs()).toBe(start + 1);
    // The job's handler mails the owner (not the customer) with a link to the case.
    const [job] = await queryRows<{ payload: { notificationId: number } }>(t.database.db, sql`select payload from jobs where kind = 'notification.mail' order by id desc limit 1`);
    const sent: { to: string; subject: string; text: string }[] = [];
    const mailer = { send: async (m: { to: string; subject: string; text: string }) => (sent.push(m), true), messageIdFor: (id: string) => `<${id}@test>`, close: () => {} };
    await HANDLERS['notification.mail'](job!.payload, { db: t.database.db, mailer, config: t.services.config, attempt: 1, final: false });
    expect(sent).toEqual([{ id: `notification-${job!.payload.notificationId}`, to: 'agent@test.example', subject: `The customer replied — ${c.number}`, text: expect.stringContaining('Still waiting'), autoSubmitted: 'auto-generated' }]);
    expect(sent[0]!.text).toContain(`https://complaints.example.com/cases/${c.id}`);
    // A mention is not mailed even when everything mailable is chosen.
    await t.call('agent', 'PATCH', '/api/v1/notifications/preferences', { emailKinds: ['customer_replied', 'clock_warning', 'approval_needed', 'approval_decided'] });
    await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/notes`, { body: '@anna see this' }, key());
    expect(await jobs()).toBe(start + 1);
    await t.call('agent', 'PATCH', '/api/v1/notifications/preferences', { emailKinds: [] });
  });

  it('streams a mention live to a signed-in (cookie) desk over a real HTTP connection', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: t.users.agent.email, password: PASSWORD } });
    expect(signIn.statusCode).toBe(200);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const s = await openSse(`${address}/api/v1/notifications/stream`, { cookie });
    try {
      expect(s.status).toBe(200);
      expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(s.headers.get('x-content-type-options')).toBe('nosniff');
      // The hijacked stream carries the headers every answer has: the security headers and the request id.
      expect(s.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(s.headers.get('x-frame-options')).toBe('DENY');
      expect(s.headers.get('x-request-id')).toMatch(/\S/);
      const ready = await s.next((e) => e.event === 'ready');
      expect(ready.data.mode).toBe('listen');
      const c = await annasCase();
      expect((await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/notes`, { body: '@anna live one' }, key())).statusCode).toBe(201);
      const ev = await s.next((e) => e.event === 'notification' && e.data.kind === 'mention' && e.data.data.excerpt === '@anna live one');
      expect(ev.data.caseId).toBe(c.id);
      expect(ev.id).toBe(String(ev.data.id));
      const unread = await s.next((e) => e.event === 'unread' && s.events.indexOf(e) > s.events.indexOf(ev));
      expect(unread.data.unread).toBeGreaterThan(0);
      // Marking all read updates the badge on the open stream.
      await t.call('agent', 'POST', '/api/v1/notifications/read', { all: true });
      await s.next((e) => e.event === 'unread' && e.data.unread === 0 && s.events.indexOf(e) > s.events.indexOf(unread));
    } finally {
      s.close();
    }
    // A token that is not a session cannot open someone's stream.
    const bad = await openSse(`${address}/api/v1/notifications/stream`, { cookie: 'amends_session=forged' });
    expect(bad.status).toBe(401);
    bad.close();
  });

  it('falls back to polling the table when LISTEN is not available', async () => {
    const hub = new NotificationHub({ ...t.database, kind: 'pglite', listen: undefined }, 50);
    try {
      const heard: string[] = [];
      const stop = await hub.subscribe(t.users.head.id, () => heard.push('signal'));
      expect(hub.mode).toBe('poll');
      // The first tick takes the high-water mark; a notification written after it is seen.
      await new Promise((r) => setTimeout(r, 200));
      heard.length = 0;
      await t.database.db.transaction((tx) => notify(tx as Tx, [{ userId: t.users.head.id, kind: 'mention', data: { by: 'poll test' } }]));
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBeGreaterThan(0);
      stop();
    } finally {
      await hub.close();
    }
  });
});

// Two app instances on one PostgreSQL database (only there: PGlite lives in one process).
describe.each(TARGETS.filter((x) => x === 'postgres'))('notifications across instances on %s', (target) => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('delivers across instances: a note made through one app reaches a stream opened on another', async () => {
    const other = await openDatabase({ url: t.database.url!, poolSize: 2 });
    let second: App | undefined;
    try {
      second = await buildApp({ database: other, services: { config: t.services.config, wakeWorker: () => {} } });
      const address = await second.listen({ port: 0, host: '127.0.0.1' });
      const s = await openSse(`${address}/api/v1/notifications/stream`, { authorization: `Bearer ${t.users.agent.token}` });
      try {
        expect((await s.next((e) => e.event === 'ready')).data.mode).toBe('listen');
        const filed = await t.call('admin', 'POST', '/api/v1/cases', { channel: 'email', customer: { name: 'Rita', email: `rita-x${++n}@example.com` }, body: 'The parcel arrived broken.' });
        const c = { id: filed.data.id as string };
        expect((await t.call('head', 'POST', `/api/v1/cases/${c.id}/notes`, { body: '@anna across instances' }, key())).statusCode).toBe(201);
        const ev = await s.next((e) => e.event === 'notification' && e.data.data.excerpt === '@anna across instances');
        expect(ev.data).toMatchObject({ kind: 'mention', caseId: c.id, data: { by: 'Hanna Head' } });
      } finally {
        s.close();
      }
    } finally {
      await second?.close();
      await other.close();
    }
  });

});
