// Default deny (STYLE 6): every registered route names a permission, a route
// without one refuses everybody, and the authorisation matrix holds role by role.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { registerAuth, type RegisteredRoute } from '../../src/http/auth.ts';
import { registerErrorHandling } from '../../src/http/errors.ts';
import { PERMISSIONS, roleCan, type Permission } from '../../src/domain/policy.ts';
import { createApiToken } from '../../src/staff/api-tokens.ts';
import type { Role } from '../../src/domain/authority.ts';

describe('route guards', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('every route declares a known permission', () => {
    expect(t.app.registeredRoutes.length).toBeGreaterThan(30);
    const allowed = new Set<string>([...PERMISSIONS, 'public', 'portal']);
    const unguarded = t.app.registeredRoutes.filter((r) => !r.permission || !allowed.has(r.permission)).map((r) => `${r.method} ${r.url}`);
    expect(unguarded).toEqual([]);
  });

  it('public routes are exactly the ones meant to be public', () => {
    const pub = t.app.registeredRoutes.filter((r) => r.permission === 'public' && !r.url.startsWith('/api/docs')).map((r) => `${r.method} ${r.url}`);
    expect(pub.sort()).toEqual(
      ['DELETE /api/v1/session', 'GET /', 'GET /*', 'GET /embed/*', 'GET /embed.js', 'GET /api/openapi.json', 'GET /healthz', 'GET /metrics', 'GET /readyz', 'POST /api/v1/public/complaints', 'POST /api/v1/session'].sort(),
    );
    const portal = t.app.registeredRoutes.filter((r) => r.permission === 'portal');
    expect(portal.every((r) => r.url.startsWith('/api/v1/portal/:token'))).toBe(true);
  });

  it('a route registered without a permission answers 403 to everyone', async () => {
    const app = Fastify();
    const routes: RegisteredRoute[] = [];
    registerErrorHandling(app);
    registerAuth(app, t.database.db, routes);
    app.get('/forgotten', async () => ({ secret: true }));
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/forgotten', headers: { authorization: `Bearer ${t.users.admin.token}` } });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).error.code).toBe('FORBIDDEN');
    expect(routes).toEqual([{ method: 'GET', url: '/forgotten', permission: undefined }]);
    await app.close();
  });

  it('every staff route refuses a request without credentials', async () => {
    const staff = t.app.registeredRoutes.filter((r) => r.permission !== 'public' && r.permission !== 'portal');
    for (const r of staff) {
      const url = r.url.replace(/:(\w+)/g, '01890000-0000-7000-8000-000000000000');
      const res = await t.app.inject({ method: r.method as 'GET', url, ...(r.method === 'GET' ? {} : { payload: {} }) });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  // The matrix: what each role may do (403 = not allowed; anything else = allowed through the guard).
  const matrix: [string, string, unknown, Record<Role, boolean>][] = [
    ['GET', '/api/v1/cases', undefined, { agent: true, supervisor: true, head: true, admin: true }],
    ['POST', '/api/v1/customers', { name: 'Matrix' }, { agent: true, supervisor: true, head: true, admin: true }],
    ['GET', '/api/v1/compensations', undefined, { agent: false, supervisor: true, head: true, admin: true }],
    ['POST', '/api/v1/compensations/01890000-0000-7000-8000-000000000000/approve', {}, { agent: false, supervisor: true, head: true, admin: true }],
    ['PUT', '/api/v1/settings', { followUpDays: 30 }, { agent: false, supervisor: false, head: false, admin: true }],
    ['POST', '/api/v1/users', { email: 'bad', name: 'x', role: 'agent', password: 'x' }, { agent: false, supervisor: false, head: false, admin: true }],
    ['GET', '/api/v1/settings', undefined, { agent: true, supervisor: true, head: true, admin: true }],
    // Compensation economics (issue 7): staff read the catalog and the advice; admins shape the catalog;
    // managers see the reports and decide on repeat claimants.
    ['GET', '/api/v1/catalog', undefined, { agent: true, supervisor: true, head: true, admin: true }],
    ['POST', '/api/v1/catalog/presets/bank', undefined, { agent: false, supervisor: false, head: false, admin: true }],
    ['POST', '/api/v1/catalog', { name: 'x' }, { agent: false, supervisor: false, head: false, admin: true }],
    ['GET', '/api/v1/cases/01890000-0000-7000-8000-000000000000/compensation-advice', undefined, { agent: true, supervisor: true, head: true, admin: true }],
    ['GET', '/api/v1/reports/recovery-return', undefined, { agent: false, supervisor: true, head: true, admin: true }],
    ['GET', '/api/v1/reports/offer-choices', undefined, { agent: false, supervisor: true, head: true, admin: true }],
    ['GET', '/api/v1/reports/repeat-claimants', undefined, { agent: false, supervisor: true, head: true, admin: true }],
    ['POST', '/api/v1/customers/01890000-0000-7000-8000-000000000000/reviews', { decision: 'keep', reason: 'x' }, { agent: false, supervisor: true, head: true, admin: true }],
    ['POST', '/api/v1/orders/import', { orders: [] }, { agent: true, supervisor: true, head: true, admin: true }],
    // Channel feeds: a token scoped to channels:ingest, or an admin; no staff role by default.
    ['POST', '/api/v1/channels/phone/events', {}, { agent: false, supervisor: false, head: false, admin: true }],
    ['POST', '/api/v1/channels/reviews', {}, { agent: false, supervisor: false, head: false, admin: true }],
    ['POST', '/api/v1/channels/complaint-book', {}, { agent: true, supervisor: true, head: true, admin: true }],
    // Learning and people (issue 12): admins shape categories and scripts; every desk role reads them and
    // sets a case's category; supervisors up own root causes and the ledger; anyone reads their own ledger.
    ['GET', '/api/v1/categories', undefined, { agent: true, supervisor: true, head: true, admin: true }],
    ['POST', '/api/v1/categories', { key: 'x' }, { agent: false, supervisor: false, head: false, admin: true }],
    ['PUT', '/api/v1/cases/01890000-0000-7000-8000-000000000000/category', { categoryId: null }, { agent: true, supervisor: true, head: true, admin: true }],
    ['GET', '/api/v1/root-causes', undefined, { agent: false, supervisor: true, head: true, admin: true }],
    ['POST', '/api/v1/root-causes', { title: 'x' }, { agent: false, supervisor: true, head: true, admin: true }],
    ['POST', '/api/v1/root-causes/01890000-0000-7000-8000-000000000000/cases', { caseIds: [] }, { agent: false, supervisor: true, head: true, admin: true }],
    ['GET', '/api/v1/scripts', undefined, { agent: true, supervisor: true, head: true, admin: true }],
    ['POST', '/api/v1/scripts', { title: 'x' }, { agent: false, supervisor: false, head: false, admin: true }],
    ['POST', '/api/v1/scripts/01890000-0000-7000-8000-000000000000/uses', undefined, { agent: true, supervisor: true, head: true, admin: true }],
    ['GET', '/api/v1/people/01890000-0000-7000-8000-000000000000/ledger', undefined, { agent: false, supervisor: true, head: true, admin: true }],
    ['GET', '/api/v1/people/ledger.csv', undefined, { agent: false, supervisor: true, head: true, admin: true }],
    ['POST', '/api/v1/cases/01890000-0000-7000-8000-000000000000/justified-complaints', {}, { agent: false, supervisor: true, head: true, admin: true }],
    ['GET', '/api/v1/me/ledger', undefined, { agent: true, supervisor: true, head: true, admin: true }],
    ['PUT', '/api/v1/learning-settings', {}, { agent: false, supervisor: false, head: false, admin: true }],
    // The desk's channel screens: every staff role reads callbacks, reviews and survey answers.
    ['GET', '/api/v1/channels/phone/callbacks', undefined, { agent: true, supervisor: true, head: true, admin: true }],
    ['GET', '/api/v1/channels/reviews', undefined, { agent: true, supervisor: true, head: true, admin: true }],
    ['GET', '/api/v1/channels/surveys', undefined, { agent: true, supervisor: true, head: true, admin: true }],
    // The agent's desk (issue 13): everyone has their own notifications and reads the canned replies; supervisors up keep them.
    ['GET', '/api/v1/notifications', undefined, { agent: true, supervisor: true, head: true, admin: true }],
    ['GET', '/api/v1/canned-replies', undefined, { agent: true, supervisor: true, head: true, admin: true }],
    ['POST', '/api/v1/canned-replies', { language: 'en', title: 'x', body: 'y' }, { agent: false, supervisor: true, head: true, admin: true }],
    ['DELETE', '/api/v1/canned-replies/01890000-0000-7000-8000-000000000000', undefined, { agent: false, supervisor: true, head: true, admin: true }],
    // Issue 14: the audit log and data-subject requests are for admins only.
    ['GET', '/api/v1/audit', undefined, { agent: false, supervisor: false, head: false, admin: true }],
    ['GET', '/api/v1/audit/export', undefined, { agent: false, supervisor: false, head: false, admin: true }],
    ['GET', '/api/v1/customers/01890000-0000-7000-8000-000000000000/export', undefined, { agent: false, supervisor: false, head: false, admin: true }],
    ['POST', '/api/v1/customers/01890000-0000-7000-8000-000000000000/erase', undefined, { agent: false, supervisor: false, head: false, admin: true }],
  ];
  for (const [method, url, body, allowed] of matrix) {
    it(`${method} ${url.replace(/[0-9a-f-]{36}/, ':id')}`, async () => {
      for (const role of ['agent', 'supervisor', 'head', 'admin'] as Role[]) {
        const res = await t.call(role, method, url, body);
        if (allowed[role]) expect(res.statusCode, role).not.toBe(403);
        else expect(res.statusCode, role).toBe(403);
      }
    });
  }

  it('least privilege: agents may not export every customer or list the staff; supervisors may', async () => {
    for (const url of ['/api/v1/customers/export', '/api/v1/users']) {
      expect((await t.call('agent', 'GET', url)).statusCode, url).toBe(403);
      expect((await t.call('supervisor', 'GET', url)).statusCode, url).toBe(200);
    }
  });

  // The matrix generated from the OpenAPI document: every documented operation × every
  // kind of caller answers 401/403 exactly when the route's permission is not granted,
  // so a new route cannot skip its guard (or grant more than it declares).
  it('every documented route × role answers 401/403 exactly when its permission is not granted', async () => {
    const ingest = (await createApiToken(t.database.db, { name: 'matrix feed', role: 'agent', scopes: ['channels:ingest'] })).token;
    type Caller = { name: string; auth: string | null; may: (p: Permission) => boolean };
    const callers: Caller[] = [
      ...(['agent', 'supervisor', 'head', 'admin'] as Role[]).map((role) => ({ name: role, auth: t.users[role].token, may: (p: Permission) => roleCan(role, p) })),
      { name: 'channels:ingest token', auth: ingest, may: (p: Permission) => p === 'channels:ingest' },
      { name: 'anonymous', auth: null, may: () => false },
    ];
    const doc = (await t.call(null, 'GET', '/api/openapi.json')).data as { paths: Record<string, Record<string, unknown>> };
    const byKey = new Map(t.app.registeredRoutes.map((r) => [`${r.method} ${r.url}`, r.permission]));
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })));
    expect(operations.length).toBeGreaterThan(60);
    // Every registered /api route is in the document, so the matrix covers it.
    const documented = new Set(operations.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`));
    const undocumented = t.app.registeredRoutes
      .filter((r) => r.url.startsWith('/api/v1/') && !documented.has(`${r.method} ${r.url}`))
      .map((r) => `${r.method} ${r.url}`);
    expect(undocumented).toEqual([]);
    const wrong: string[] = [];
    for (const { method, path } of operations) {
      const url = path.replace(/\{\w+\}/g, '01890000-0000-7000-8000-000000000000');
      const permission = byKey.get(`${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
      if (!permission) {
        wrong.push(`${method} ${path}: no permission declared`);
        continue;
      }
      for (const c of callers) {
        const res = await t.app.inject({
          method: method as 'GET',
          url,
          headers: c.auth ? { authorization: `Bearer ${c.auth}` } : {},
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
        });
        const open = permission === 'public' || permission === 'portal';
        const expected = open ? 'through' : !c.auth ? 401 : c.may(permission as Permission) ? 'through' : 403;
        const got = res.statusCode === 401 || res.statusCode === 403 ? res.statusCode : 'through';
        if (got !== expected) wrong.push(`${method} ${path} (${permission}) as ${c.name}: ${res.statusCode}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 180_000);

  it('publishes the OpenAPI document and the docs page', async () => {
    const doc = await t.call(null, 'GET', '/api/openapi.json');
    expect(doc.statusCode).toBe(200);
    expect(doc.data.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/cases', '/api/v1/cases/{id}/compensations', '/api/v1/portal/{token}/confirm', '/api/v1/public/complaints', '/api/v1/channels/email/raw', '/api/v1/channels/phone/events']) {
      expect(Object.keys(doc.data.paths)).toContain(path);
    }
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('<html');
  });

  it('health and readiness', async () => {
    expect((await t.call(null, 'GET', '/healthz')).data).toEqual({ ok: true });
    expect((await t.call(null, 'GET', '/readyz')).data).toEqual({ ok: true, database: 'pglite' });
  });
});
