// Hardened edges (issue 14): a database that cannot be reached is 503 with Retry-After,
// control characters in any query string or path segment are 400 on every GET route,
// and an action whose body has no required field takes an empty body or none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/client.ts';

const ID = '01890000-0000-7000-8000-000000000000';
const fill = (url: string) => (url === '/*' ? '/somewhere' : url.replace(/:(\w+)/g, ID).replace('/*', '/x'));

describe('database unavailable', () => {
  it('a PostgreSQL server where nothing listens: 503 SERVICE_UNAVAILABLE with Retry-After', async () => {
    const database = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/amends', poolSize: 1 });
    const app = await buildApp({ database, services: { config: loadConfig({}, {}), wakeWorker: () => {} } });
    try {
      for (const [method, url, payload] of [
        ['GET', '/api/v1/cases', undefined],
        ['GET', '/api/v1/session', undefined],
        ['POST', '/api/v1/session', { email: 'a@b.example', password: 'x' }],
      ] as const) {
        const res = await app.inject({ method, url, headers: { authorization: 'Bearer amd_whatever' }, ...(payload ? { payload } : {}) });
        expect(res.statusCode, url).toBe(503);
        expect(JSON.parse(res.body).error.code, url).toBe('SERVICE_UNAVAILABLE');
        expect(Number(res.headers['retry-after']), url).toBeGreaterThan(0);
      }
      // Readiness keeps its own answer.
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    } finally {
      await app.close();
      await database.close();
    }
  });

  it.each(TARGETS)('a closed connection (%s): 503, not 500', async (target) => {
    const t = await createTestApp(target);
    try {
      expect((await t.call('agent', 'GET', '/api/v1/cases')).statusCode).toBe(200);
      await t.database.close();
      const res = await t.call('agent', 'GET', '/api/v1/cases');
      expect(res.statusCode).toBe(503);
      expect(res.data.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await t.app.close();
    }
  });
});

describe.each(TARGETS)('hostile input on %s', (target) => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>> };
  beforeAll(async () => {
    t = await createTestApp(target);
    doc = (await t.call(null, 'GET', '/api/openapi.json')).data;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The query parameters a route declares, plus `q`. */
  const queryNames = (url: string) => {
    const op = doc.paths[url.replace(/:(\w+)/g, '{$1}')]?.get;
    return ['q', ...(op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name)];
  };

  it('control characters in a query string are 400 on every GET route, for every declared parameter', async () => {
    const gets = t.app.registeredRoutes.filter((r) => r.method === 'GET');
    expect(gets.length).toBeGreaterThan(30);
    const wrong: string[] = [];
    for (const r of gets) {
      for (const name of queryNames(r.url)) {
        for (const bad of ['%00', 'a%00b', '%01', '%1B', '%7F', '%C2%85']) {
          const url = `${fill(r.url)}?${name}=${bad}`;
          const res = await t.call('admin', 'GET', url);
          if (res.statusCode !== 400 || res.data?.error?.code !== 'VALIDATION_FAILED') wrong.push(`${url} → ${res.statusCode}`);
        }
      }
      const key = await t.call('admin', 'GET', `${fill(r.url)}?a%00b=1`);
      if (key.statusCode !== 400) wrong.push(`${r.url} key → ${key.statusCode}`);
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it('tab, newline and other odd but legal text never give a 5xx on any GET route', async () => {
    const fives: string[] = [];
    for (const r of t.app.registeredRoutes.filter((x) => x.method === 'GET')) {
      for (const name of queryNames(r.url)) {
        for (const odd of ['a%09b', 'a%0Ab', '%E2%80%AE', '%F0%9F%98%80', "'%22;--", '%25', '-1', '99999999999999999999', 'x'.repeat(3000)]) {
          const res = await t.call('admin', 'GET', `${fill(r.url)}?${name}=${odd}`);
          if (res.statusCode >= 500) fives.push(`${r.url}?${name}=${odd.slice(0, 20)} → ${res.statusCode}`);
        }
      }
    }
    expect(fives).toEqual([]);
  }, 300_000);

  it('control characters in a path segment are 400', async () => {
    for (const url of [`/api/v1/cases/a%00b`, `/api/v1/customers/%01`, `/api/v1/portal/%00abc`]) {
      const res = await t.call('admin', 'GET', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.data.error.code, url).toBe('VALIDATION_FAILED');
    }
  });

  it('every action with a JSON body answers no body, or an empty one, exactly as it answers {}', async () => {
    const routes: { route: string; optional: boolean }[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const json = op.requestBody?.content['application/json'];
        if (!json) continue;
        const schema = json.schema as { required?: string[]; anyOf?: unknown; oneOf?: unknown };
        routes.push({ route: `${method.toUpperCase()} ${path}`, optional: !(schema.required ?? []).length && !schema.anyOf && !schema.oneOf });
      }
    }
    expect(routes.filter((r) => r.optional).map((r) => r.route)).toContain('POST /api/v1/compensations/{id}/approve');
    const differ: string[] = [];
    for (const { route, optional } of routes) {
      const [method, path] = route.split(' ') as [string, string];
      const url = path.replace(/\{\w+\}/g, ID);
      const send = (extra: { headers?: Record<string, string>; payload?: string }) =>
        t.app.inject({ method: method as 'POST', url, ...extra, headers: { authorization: `Bearer ${t.users.admin.token}`, ...(extra.headers ?? {}) } });
      const json = { 'content-type': 'application/json' };
      const answer = async (extra: Parameters<typeof send>[0]) => {
        const res = await send(extra);
        return `${res.statusCode} ${res.statusCode >= 400 ? JSON.parse(res.body).error.code : ''}`;
      };
      // The same request twice can differ only through what the first created; a fresh id each time keeps these to 404s or 400s.
      const braces = await answer({ headers: json, payload: '{}' });
      for (const [name, extra] of [['none', {}], ['empty', { headers: json, payload: '' }]] as const) {
        const got = await answer(extra);
        if (got !== braces && !(optional && got.startsWith('2') && braces.startsWith('2'))) differ.push(`${route} ${name}: ${got}, with {}: ${braces}`);
        if (got.startsWith('5') || got.includes('INVALID_JSON')) differ.push(`${route} ${name}: ${got}`);
      }
    }
    expect(differ).toEqual([]);
  }, 180_000);

  it('POST /compensations/:id/approve with no body reaches the use case (404 for an unknown id, not 400)', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/compensations/${ID}/approve`, headers: { authorization: `Bearer ${t.users.supervisor.token}` } });
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body).error.code).toBe('COMPENSATION_NOT_FOUND');
  });
});
