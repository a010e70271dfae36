// Operations (issue 15): GET /metrics (who may read it, route patterns rather than raw
// URLs, queue and clock gauges), request ids and JSON logs that keep secrets out, and
// rate limits that are configurable and, on PostgreSQL, shared by every process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { buildApp } from '../../src/http/app.ts';
import { queryRows } from '../../src/db/client.ts';
import { redactUrl, requestId } from '../../src/http/logging.ts';
import { databaseRateLimitStore } from '../../src/http/rate-limit-store.ts';

describe.each(TARGETS)('operations on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target, { PORTAL_RATE_LIMIT_PER_TOKEN: 3, PORTAL_RATE_LIMIT_PER_ADDRESS: 5, PUBLIC_FORM_RATE_LIMIT: 50 });
  });
  afterAll(() => t?.close());

  it('serves Prometheus metrics to a direct loopback caller: routes by pattern, queue depth and lag by kind, clocks, intake batches', async () => {
    const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { email: 'metrics@example.com', body: 'Counting.' });
    const id = (await t.call('agent', 'GET', `/api/v1/cases?q=${filed.data.caseNumber}`)).data.items[0].id;
    await t.call('agent', 'GET', `/api/v1/cases/${id}`);
    await t.database.db.execute(sql`update jobs set run_at = now() - interval '30 seconds' where kind = 'message.send' and state = 'pending'`);
    const res = await t.call(null, 'GET', '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toMatch(/amends_http_requests_total\{method="GET",route="\/api\/v1\/cases\/:id",status="200"\} 1/);
    expect(text).toMatch(/amends_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/v1\/cases\/:id"\}/);
    expect(text).not.toContain(id); // never the raw URL
    expect(text).toMatch(/amends_job_queue_depth\{kind="message\.send",state="pending_due"\} [1-9]/);
    expect(Number(/amends_job_queue_lag_seconds\{kind="message\.send"\} ([\d.]+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(29);
    expect(text).toMatch(/amends_intake_batch_size_count [1-9]/);
    expect(text).toMatch(/amends_clock_lateness_seconds \d/);
    expect(text).toMatch(/amends_clocks_overdue \d/);
  });

  it('hides /metrics from callers through a proxy, and asks for the token when one is configured', async () => {
    expect((await t.call(null, 'GET', '/metrics', undefined, { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(404);
    expect((await t.call(null, 'GET', '/metrics', undefined, { forwarded: 'for=203.0.113.9' })).statusCode).toBe(404);
    const token = 'metrics-token-0123456789';
    const app = await buildApp({ database: t.database, services: { ...t.services, config: { ...t.services.config, METRICS_TOKEN: token } } });
    try {
      expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode).toBe(404);
      const ok = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.9' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('amends_job_queue_depth');
    } finally {
      await app.close();
    }
  });

  it('gives every request an id, the caller’s X-Request-Id when well formed, on every log line, with no secrets', async () => {
    const lines: string[] = [];
    const app = await buildApp({ database: t.database, services: t.services, logger: true, logStream: { write: (l: string) => void lines.push(l) } });
    try {
      const own = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'lb-1234.abc' } });
      expect(own.headers['x-request-id']).toBe('lb-1234.abc');
      const bad = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'evil\nid with spaces' } });
      expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const filed = await app.inject({ method: 'POST', url: '/api/v1/public/complaints', payload: { email: 'log@example.com', body: 'Log me.' } });
      const portalToken = JSON.parse(filed.body).portalUrl.split('/').at(-1);
      await app.inject({ method: 'GET', url: `/api/v1/portal/${portalToken}`, headers: { 'x-request-id': 'portal-req' } });
      await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'agent@test.example', password: 'hunter2-secret-password' }, headers: { cookie: 'amends_session=session-secret-value' } });
      await app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: `Bearer ${t.users.agent.token}` } });
    } finally {
      await app.close();
    }
    const records = lines.map((l) => JSON.parse(l));
    expect(records.length).toBeGreaterThan(5);
    const requestLines = records.filter((r) => r.req || r.res);
    expect(requestLines.every((r) => typeof r.reqId === 'string')).toBe(true);
    expect(records.some((r) => r.reqId === 'lb-1234.abc')).toBe(true);
    const portalLine = records.find((r) => r.reqId === 'portal-req' && r.req);
    expect(portalLine.req.url).toBe('/api/v1/portal/[token]');
    const all = lines.join('\n');
    expect(all).not.toContain(t.users.agent.token);
    expect(all).not.toContain('hunter2-secret-password');
    expect(all).not.toContain('session-secret-value');
    expect(all).not.toMatch(/\/portal\/[A-Za-z0-9_-]{20,}/);
  });

  it('limits the portal per link and, more generously, per address (both configurable)', async () => {
    const links: string[] = [];
    for (let i = 0; i < 2; i++) {
      const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { email: `portal-limit-${i}@example.com`, body: 'Limits.' });
      links.push(filed.data.portalUrl.split('/').at(-1));
    }
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.call(null, 'GET', `/api/v1/portal/${links[0]}`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]); // 3 per link
    const other: number[] = [];
    for (let i = 0; i < 3; i++) other.push((await t.call(null, 'GET', `/api/v1/portal/${links[1]}`)).statusCode);
    // A fresh link from the same address: allowed until the address's 5 are used up
    // (a request the link limit refused may or may not have counted for the address).
    expect(other[0]).toBe(200);
    expect(other.at(-1)).toBe(429);
    const limited = await t.call(null, 'GET', `/api/v1/portal/${links[1]}`);
    expect(limited.data.error.code).toBe('RATE_LIMITED');
  });

});

describe.runIf(TARGETS.includes('postgres'))('rate limits on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('postgres');
  });
  afterAll(() => t?.close());

  it('counts a rate limit across processes (two apps on one database)', async () => {
    const cfg = { ...t.services.config, SIGN_IN_RATE_LIMIT: 4 };
    const apps = await Promise.all([0, 1].map(() => buildApp({ database: t.database, services: { ...t.services, config: cfg } })));
    try {
      const statuses: number[] = [];
      const counted = async () => Number((await queryRows<{ n: number }>(t.database.db, sql`select coalesce(sum(hits), 0)::int as n from rate_limits where key like '%/api/v1/session|198.51.100.7'`))[0]!.n);
      for (let i = 0; i < 6; i++) {
        const r = await apps[i % 2]!.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'shared-limit@example.com', password: 'not-the-password' }, remoteAddress: '198.51.100.7' });
        statuses.push(r.statusCode);
        // A hit far from the limit is counted in memory and reaches the table within a flush interval (rate-limit-store.ts).
        for (let w = 0; w < 100 && (await counted()) < i + 1; w++) await new Promise((res) => setTimeout(res, 20));
      }
      // One row per window, counted by both processes (a run across a minute boundary has two).
      const rows = await queryRows<{ hits: number }>(t.database.db, sql`select hits from rate_limits where key like '%/api/v1/session|198.51.100.7' order by window_start`);
      expect(rows.reduce((n, r) => n + Number(r.hits), 0)).toBe(6);
      if (rows.length === 1) expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
      else expect(statuses.filter((s) => s === 401).length).toBeLessThan(6);
    } finally {
      await Promise.all(apps.map((a) => a.close()));
    }
  });
});

describe.each(TARGETS)('the shared rate-limit store on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(() => t?.close());

  it('counts hits that arrive together in shared statements, each told the count it made', async () => {
    const Store = databaseRateLimitStore(t.database.db);
    const store = new Store({ nameSpace: 'together' });
    const incr = (key: string) => new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr(key, (err, r) => (err ? reject(err) : resolve(r!)), 3_600_000));
    // 40 hits on one key and 5 on another, all at once: they share statements (at most two in flight).
    const a = await Promise.all(Array.from({ length: 40 }, () => incr('a')));
    const b = await Promise.all(Array.from({ length: 5 }, () => incr('b')));
    const countsA = a.map((r) => r.current).sort((x, y) => x - y);
    // Each hit sees a distinct count, as if they had come one after another (a window boundary may split them).
    const rows = await queryRows<{ key: string; hits: number }>(t.database.db, sql`select key, hits from rate_limits where key in ('together|a', 'together|b') order by window_start`);
    expect(rows.filter((r) => r.key === 'together|a').reduce((n, r) => n + Number(r.hits), 0)).toBe(40);
    expect(rows.filter((r) => r.key === 'together|b').reduce((n, r) => n + Number(r.hits), 0)).toBe(5);
    if (rows.length === 2) {
      expect(countsA).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(b.map((r) => r.current).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5]);
    }
    for (const r of [...a, ...b]) expect(r.ttl).toBeGreaterThan(0);
    expect((await incr('a')).current).toBeGreaterThan(40 / rows.filter((r) => r.key === 'together|a').length);
  });

  it('answers hits far from the limit from memory, adds them to the table in the background, and counts near the limit in the table', async () => {
    const Store = databaseRateLimitStore(t.database.db, { flushMs: 60_000 });
    const Other = databaseRateLimitStore(t.database.db, { flushMs: 60_000 }); // a second process
    const [mine, theirs] = [new Store({ nameSpace: 'local' }), new Other({ nameSpace: 'local' })];
    const incr = (store: typeof mine, key: string, max: number) => new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr(key, (err, r) => (err ? reject(err) : resolve(r!)), 3_600_000, max));
    const inTable = async (key: string) => Number((await queryRows<{ n: number }>(t.database.db, sql`select coalesce(sum(hits), 0)::int as n from rate_limits where key = ${`local|${key}`}`))[0]!.n);
    // Limit 10: the first five hits are answered from memory, nothing written yet.
    const first = [];
    for (let i = 0; i < 5; i++) first.push((await incr(mine, 'k', 10)).current);
    expect(first).toEqual([1, 2, 3, 4, 5]);
    expect(await inTable('k')).toBe(0);
    // The sixth is past half the limit: it is counted in the table, carrying the five with it.
    expect((await incr(mine, 'k', 10)).current).toBe(6);
    expect(await inTable('k')).toBe(6);
    // The other process knows nothing yet: it counts up to half the limit from memory (the documented
    // overshoot), then in the table, where it sees everyone's hits.
    for (let i = 0; i < 5; i++) await incr(theirs, 'k', 10);
    expect(await inTable('k')).toBe(6);
    expect((await incr(theirs, 'k', 10)).current).toBe(12);
    // A flush adds memory's hits and reads back the shared total; a window can't be split in an hour unless at its boundary.
    for (let i = 0; i < 3; i++) await incr(mine, 'm', 1_000);
    await Store.flush();
    expect(await inTable('m')).toBe(3);
    await Other.flush();
    expect((await incr(theirs, 'm', 1_000)).current).toBe(1);
    await Other.flush();
    expect(await inTable('m')).toBe(4);
    // Having flushed, it knows the shared total.
    expect((await incr(theirs, 'm', 1_000)).current).toBe(5);
  });
});

describe('log redaction helpers', () => {
  it('keeps request ids plain and tokens out of URLs', () => {
    expect(requestId('abc-123')).toBe('abc-123');
    expect(requestId('x'.repeat(200))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestId(undefined)).toMatch(/^[0-9a-f-]{36}$/);
    expect(redactUrl('/portal/AbC_123?lang=de')).toBe('/portal/[token]?lang=de');
    expect(redactUrl('/api/v1/x?token=s3cret&a=1')).toBe('/api/v1/x?token=[redacted]&a=1');
  });
});
