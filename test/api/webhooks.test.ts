// Outgoing webhooks through the API and the worker, on PGlite and PostgreSQL:
// admins manage subscriptions (bad URLs, unknown events and a missing secret are
// 400, agents 403, the secret never comes back); a public complaint reaches a
// real local receiver signed exactly as documented; a receiver that fails twice
// gets the delivery on the third attempt; an admin can send it again.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { Worker } from '../../src/jobs/worker.ts';
import { sql } from 'drizzle-orm';
import { isInternalAddress, checkWebhookUrl, guardedLookup } from '../../src/webhooks/webhook-url.ts';
import { sweepClocks } from '../../src/clocks/sweep-clocks.ts';
import { postWebhook } from '../../src/webhooks/post-webhook.ts';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A receiver on 127.0.0.1 answering case.opened from a script of status codes (then 200); other events get 200. */
async function startReceiver() {
  const received: Received[] = [];
  const script: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = (req.headers['x-amends-event'] === 'case.opened' ? script.shift() : undefined) ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'thanks' : 'down for maintenance');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hooks`, received, script, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Checks a signature exactly as docs/API.md tells receivers to. */
function verify(secret: string, header: string, body: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest('hex');
  return expected === m[2] && Math.abs(Date.now() / 1000 - Number(m[1])) < 300;
}

describe('webhook URLs', () => {
  it('refuses loopback, private and link-local addresses unless allowed', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '0.0.0.0']) {
      expect(isInternalAddress(ip), ip).toBe(true);
    }
    for (const ip of ['93.184.216.34', '2606:4700::1111', '8.8.8.8']) expect(isInternalAddress(ip), ip).toBe(false);
    for (const url of ['http://127.0.0.1/x', 'http://localhost:8080/', 'http://[::1]/', 'http://169.254.169.254/latest', 'ftp://example.com/', 'file:///etc/passwd', 'http://user:pw@example.com/']) {
      expect(() => checkWebhookUrl(url, false), url).toThrow();
    }
    expect(checkWebhookUrl('http://127.0.0.1:9/x', true)).toBe('http://127.0.0.1:9/x');
    expect(checkWebhookUrl('https://hooks.example.com/amends', false)).toBe('https://hooks.example.com/amends');
  });
});

describe('delivery-time address checks', () => {
  it('a name that resolves to a loopback address is refused when connecting, unless allowed', async () => {
    const refused = await new Promise<NodeJS.ErrnoException | null>((r) => guardedLookup(false)('localhost', { all: true }, (err) => r(err)));
    expect(refused?.message).toMatch(/internal address/);
    const allowed = await new Promise<NodeJS.ErrnoException | null>((r) => guardedLookup(true)('localhost', { all: true }, (err) => r(err)));
    expect(allowed).toBeNull();
  });

  it('a receiver that never answers is given up on at the timeout; literal internal addresses are refused before connecting', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`;
      const res = await postWebhook(url, '{}', {}, { timeoutMs: 200, allowPrivate: true });
      expect(res).toMatchObject({ statusCode: null, error: 'no answer within 200 ms' });
      const refused = await postWebhook(url, '{}', {}, { timeoutMs: 200, allowPrivate: false });
      expect(refused.error).toMatch(/internal address/);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((r) => hanging.close(() => r()));
    }
  });
});

describe.each(TARGETS)('outgoing webhooks on %s', (target) => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: Worker;
  const secret = 'whsec_test_0123456789abcdef';

  /** Runs due jobs until `done` holds (retries are a few milliseconds apart here). */
  const work = async (done: () => boolean, rounds = 400) => {
    for (let i = 0; i < rounds && !done(); i++) {
      if ((await worker.runOnce()) === 0) await new Promise((r) => setTimeout(r, 10));
    }
  };
  const complain = async (body: string) => {
    const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { name: 'Ilze', email: 'ilze@example.com', body, language: 'en' });
    expect(filed.statusCode).toBe(201);
    const id = (await t.call('admin', 'GET', `/api/v1/cases?q=${filed.data.caseNumber}`)).data.items[0].id as string;
    return { id, number: filed.data.caseNumber as string };
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await createTestApp(target, { WEBHOOK_ALLOW_PRIVATE: true, WEBHOOK_RETRY_BASE_MS: 5, WEBHOOK_MAX_ATTEMPTS: 3 });
    worker = new Worker({ db: t.database.db, mailer: null, config: t.services.config, pollMs: 50 });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('admins manage subscriptions; bad input is 400, agents 403, the secret write-only', async () => {
    const bad: [unknown, string][] = [
      [{ url: 'ftp://example.com/x', events: ['case.opened'], secret }, 'WEBHOOK_URL_REFUSED'],
      [{ url: 'not a url', events: ['case.opened'], secret }, 'WEBHOOK_URL_REFUSED'],
      [{ url: 'https://example.com/x', events: ['case.exploded'], secret }, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/x', events: [], secret }, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/x', events: ['case.opened'] }, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/x', events: ['case.opened'], secret: '' }, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/x', events: 'case.opened', secret }, 'VALIDATION_FAILED'],
      [{ url: 'https://exa\u0000mple.com/x', events: ['case.opened'], secret }, 'WEBHOOK_URL_REFUSED'],
    ];
    for (const [body, code] of bad) {
      const res = await t.call('admin', 'POST', '/api/v1/webhooks', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.data.error.code, JSON.stringify(body)).toBe(code);
    }
    expect((await t.call('admin', 'POST', '/api/v1/webhooks', { url: `https://example.com/${'x'.repeat(5000)}`, events: ['case.opened'], secret })).statusCode).toBe(400);
    const good = { url: 'https://hooks.example.com/amends', events: ['case.opened', 'compensation.decided'], secret };
    for (const role of ['agent', 'supervisor', 'head'] as const) {
      expect((await t.call(role, 'POST', '/api/v1/webhooks', good)).statusCode, role).toBe(403);
      expect((await t.call(role, 'GET', '/api/v1/webhooks')).statusCode, role).toBe(403);
    }
    expect((await t.call(null, 'GET', '/api/v1/webhooks')).statusCode).toBe(401);

    const created = await t.call('admin', 'POST', '/api/v1/webhooks', good);
    expect(created.statusCode).toBe(201);
    expect(created.data).toMatchObject({ url: good.url, events: ['case.opened', 'compensation.decided'], active: true, secretHint: '…cdef' });
    expect(JSON.stringify(created.data)).not.toContain(secret);
    const id = created.data.id as string;
    const list = await t.call('admin', 'GET', '/api/v1/webhooks');
    expect(list.data.items.map((w: { id: string }) => w.id)).toContain(id);
    expect(JSON.stringify(list.data)).not.toContain(secret);

    const patched = await t.call('admin', 'PATCH', `/api/v1/webhooks/${id}`, { events: ['clock.breached'], active: false, secret: 'rotated-secret-9999' });
    expect(patched.statusCode).toBe(200);
    expect(patched.data).toMatchObject({ events: ['clock.breached'], active: false, secretHint: '…9999' });
    expect((await t.call('admin', 'PATCH', `/api/v1/webhooks/${id}`, {})).statusCode).toBe(400);
    expect((await t.call('admin', 'PATCH', `/api/v1/webhooks/${id}`, { url: 'http://127.0.0.1.nip.io.localhost/' })).statusCode).toBe(200); // allowed here: WEBHOOK_ALLOW_PRIVATE
    expect((await t.call('admin', 'GET', '/api/v1/webhooks/01890000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await t.call('admin', 'GET', '/api/v1/webhooks/nope')).statusCode).toBe(404);
    expect((await t.call('admin', 'GET', `/api/v1/webhooks/${id}/deliveries`)).data.items).toEqual([]);
    const events = await t.call('admin', 'GET', '/api/v1/webhooks/events');
    expect(events.data.items.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['case.opened', 'case.status_changed', 'compensation.granted', 'clock.breached']));
    expect((await t.call('admin', 'DELETE', `/api/v1/webhooks/${id}`)).statusCode).toBe(200);
    expect((await t.call('admin', 'DELETE', `/api/v1/webhooks/${id}`)).statusCode).toBe(404);
  });

  it('refuses private addresses when the setting is off', async () => {
    const strict = await createTestApp(target);
    try {
      const res = await strict.call('admin', 'POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:8080/hook', events: ['case.opened'], secret });
      expect(res.statusCode).toBe(400);
      expect(res.data.error.code).toBe('WEBHOOK_URL_REFUSED');
      expect((await strict.call('admin', 'POST', '/api/v1/webhooks', { url: 'http://[::1]/', events: ['case.opened'], secret })).statusCode).toBe(400);
      expect((await strict.call('admin', 'POST', '/api/v1/webhooks', { url: 'http://localhost/', events: ['case.opened'], secret })).statusCode).toBe(400);
    } finally {
      await strict.close();
    }
  });

  it('a public complaint reaches the receiver as case.opened, signed; a receiver failing twice gets it on the third attempt; redelivery', async () => {
    const hook = await t.call('admin', 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['case.opened', 'case.status_changed'], secret });
    expect(hook.statusCode).toBe(201);
    const webhookId = hook.data.id as string;

    // First: the receiver answers 500 twice, then 200.
    receiver.script.push(500, 500);
    const opened = await complain('The printed bags arrived torn and the conference is tomorrow.');
    const openedFor = (r: Received) => JSON.parse(r.body).type === 'case.opened' && JSON.parse(r.body).data.caseId === opened.id;
    await work(() => receiver.received.filter(openedFor).length >= 3);
    const attempts = receiver.received.filter(openedFor);
    expect(attempts).toHaveLength(3);
    for (const r of attempts) {
      expect(r.headers['x-amends-event']).toBe('case.opened');
      expect(r.headers['content-type']).toBe('application/json');
      expect(verify(secret, String(r.headers['x-amends-signature']), r.body)).toBe(true);
      expect(verify('another secret', String(r.headers['x-amends-signature']), r.body)).toBe(false);
    }
    // One delivery, three attempts: the same delivery id and the same body each time.
    expect(new Set(attempts.map((r) => r.headers['x-amends-delivery'])).size).toBe(1);
    expect(new Set(attempts.map((r) => r.body)).size).toBe(1);
    expect(attempts.map((r) => r.headers['x-amends-attempt'])).toEqual(['1', '2', '3']);
    const payload = JSON.parse(attempts[0]!.body);
    expect(payload).toMatchObject({ id: attempts[0]!.headers['x-amends-delivery'], type: 'case.opened', data: { caseId: opened.id, caseNumber: opened.number, channel: 'web_form' } });
    expect(new Date(payload.createdAt).toString()).not.toBe('Invalid Date');
    // The status change of the same intake went out too (status_changed is subscribed).
    await work(() => receiver.received.some((r) => JSON.parse(r.body).type === 'case.status_changed' && JSON.parse(r.body).data.caseId === opened.id));
    const status = receiver.received.find((r) => JSON.parse(r.body).type === 'case.status_changed' && JSON.parse(r.body).data.caseId === opened.id)!;
    expect(JSON.parse(status.body).data).toMatchObject({ caseId: opened.id, caseNumber: opened.number, from: 'new' });

    // The log: three attempts of the delivery, the last one 200.
    const log = await t.call('admin', 'GET', `/api/v1/webhooks/${webhookId}/deliveries`);
    expect(log.statusCode).toBe(200);
    const delivery = log.data.items.find((d: { event: string; caseId: string }) => d.event === 'case.opened' && d.caseId === opened.id);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null });
    expect(delivery.log.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
    expect(delivery.log[0]).toMatchObject({ attempt: 1, error: 'HTTP 500', responseSnippet: 'down for maintenance' });
    expect(delivery.id).toBe(attempts[0]!.headers['x-amends-delivery']);

    // Redelivery: the same id and body again, one more attempt.
    const again = await t.call('admin', 'POST', `/api/v1/webhooks/${webhookId}/deliveries/${delivery.id}/redeliver`);
    expect(again.statusCode).toBe(202);
    expect(again.data).toEqual({ id: delivery.id, attempt: 4 });
    expect((await t.call('admin', 'POST', `/api/v1/webhooks/${webhookId}/deliveries/${delivery.id}/redeliver`)).statusCode).toBe(409);
    await work(() => receiver.received.filter(openedFor).length >= 4);
    const fourth = receiver.received.filter(openedFor)[3]!;
    expect(fourth.headers['x-amends-delivery']).toBe(delivery.id);
    expect(fourth.body).toBe(attempts[0]!.body);
    expect(fourth.headers['x-amends-attempt']).toBe('4');
    expect(verify(secret, String(fourth.headers['x-amends-signature']), fourth.body)).toBe(true);
    expect((await t.call('admin', 'POST', `/api/v1/webhooks/${webhookId}/deliveries/01890000-0000-7000-8000-000000000000/redeliver`)).statusCode).toBe(404);
    expect((await t.call('agent', 'POST', `/api/v1/webhooks/${webhookId}/deliveries/${delivery.id}/redeliver`)).statusCode).toBe(403);

    // A receiver that never recovers: given up after WEBHOOK_MAX_ATTEMPTS (3 here).
    receiver.script.push(503, 503, 503);
    const doomed = await complain('The second batch of bags never came at all.');
    const doomedFor = (r: Received) => JSON.parse(r.body).type === 'case.opened' && JSON.parse(r.body).data.caseId === doomed.id;
    await work(() => receiver.received.filter(doomedFor).length >= 3);
    await work(() => false, 30);
    expect(receiver.received.filter(doomedFor)).toHaveLength(3);
    const failed = (await t.call('admin', 'GET', `/api/v1/webhooks/${webhookId}/deliveries`)).data.items.find(
      (d: { event: string; caseId: string }) => d.event === 'case.opened' && d.caseId === doomed.id,
    );
    expect(failed).toMatchObject({ state: 'failed', attempts: 3, lastStatusCode: 503 });

    // Paused: no new deliveries.
    await t.call('admin', 'PATCH', `/api/v1/webhooks/${webhookId}`, { active: false });
    const before = receiver.received.length;
    await complain('A third complaint while the receiver is paused.');
    await work(() => false, 30);
    expect(receiver.received.length).toBe(before);
  });

  it('events written set-based (the clock sweep) and by use cases (compensation) are delivered too', async () => {
    const hook = await t.call('admin', 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['clock.breached', 'compensation.granted'], secret });
    expect(hook.statusCode).toBe(201);
    const opened = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: 'olga@example.com', name: 'Olga' }, language: 'en', body: 'The order is late again.' });
    expect(opened.statusCode).toBe(201);
    const id = opened.data.id as string;
    await t.database.db.execute(sql`update clocks set due_at = now() - interval '1 second' where case_id = ${id} and status = 'running'`);
    await sweepClocks(t.database.db);
    const granted = await t.call('admin', 'POST', `/api/v1/cases/${id}/compensations`, { kind: 'gift', value: { amount: '5.00', currency: 'EUR' }, description: 'Box of notebooks' });
    expect(granted.statusCode).toBe(201);
    const about = (type: string) => receiver.received.filter((r) => JSON.parse(r.body).type === type && JSON.parse(r.body).data.caseId === id);
    await work(() => about('clock.breached').length >= 1 && about('compensation.granted').length >= 1);
    const breach = JSON.parse(about('clock.breached')[0]!.body);
    expect(breach.data).toMatchObject({ caseId: id, caseNumber: opened.data.number });
    expect(breach.data.kind).toEqual(expect.any(String));
    const gift = JSON.parse(about('compensation.granted')[0]!.body);
    expect(gift.data).toMatchObject({ caseId: id, kind: 'gift' });
    for (const r of [...about('clock.breached'), ...about('compensation.granted')]) expect(verify(secret, String(r.headers['x-amends-signature']), r.body)).toBe(true);
    await t.call('admin', 'DELETE', `/api/v1/webhooks/${hook.data.id}`);
  });
});
