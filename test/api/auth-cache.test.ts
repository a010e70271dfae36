// The sign-in cache (src/staff/auth-cache.ts): who a token or session belongs to is
// remembered for AUTH_CACHE_MS. A sign-out, a revoked token or a deactivated person is
// refused at once by the process that made the change; a change made elsewhere (here:
// straight in the database, as another process or the CLI would) within the window.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { apiTokens, sessions, users } from '../../src/db/schema.ts';
import { createApiToken, revokeApiToken } from '../../src/staff/api-tokens.ts';
import { AuthCache, forgetSignIns } from '../../src/staff/auth-cache.ts';
import type { StaffUser } from '../../src/staff/users.ts';

const WINDOW_MS = 400;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(TARGETS)('the sign-in cache on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target, { AUTH_CACHE_MS: WINDOW_MS });
  });
  afterAll(async () => {
    await t?.close();
  });
  const asToken = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${token}` } });
  const asCookie = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/session', cookies: { amends_session: cookie } });
  const signIn = async (email: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    return res.cookies.find((c) => c.name === 'amends_session')!.value;
  };

  it('a token revoked in this process is refused at once', async () => {
    const { token, id } = await createApiToken(t.database.db, { name: 'crm', role: 'agent' });
    expect((await asToken(token)).statusCode).toBe(200);
    await revokeApiToken(t.database.db, id);
    expect((await asToken(token)).statusCode).toBe(401);
  });

  it('a token revoked by another process works until the window ends, then is refused', async () => {
    const { token, id } = await createApiToken(t.database.db, { name: 'phone system', role: 'agent' });
    expect((await asToken(token)).statusCode).toBe(200);
    await t.database.db.update(apiTokens).set({ revokedAt: sql`now()` }).where(eq(apiTokens.id, id));
    // Remembered: no database lookup (this is the cache at work) …
    expect((await asToken(token)).statusCode).toBe(200);
    await sleep(WINDOW_MS + 100);
    // … and no longer than AUTH_CACHE_MS.
    expect((await asToken(token)).statusCode).toBe(401);
  });

  it('a signed-out session is refused at once; one deleted elsewhere within the window', async () => {
    const cookie = await signIn('agent@test.example');
    expect((await asCookie(cookie)).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/session', cookies: { amends_session: cookie } });
    expect(out.statusCode).toBe(200);
    expect((await asCookie(cookie)).statusCode).toBe(401);

    const other = await signIn('agent@test.example');
    expect((await asCookie(other)).statusCode).toBe(200);
    await t.database.db.delete(sessions).where(eq(sessions.userId, t.users.agent.id));
    await sleep(WINDOW_MS + 100);
    expect((await asCookie(other)).statusCode).toBe(401);
  });

  it('a person deactivated here loses token and session at once; deactivated elsewhere, within the window', async () => {
    const cookie = await signIn('supervisor@test.example');
    expect((await asCookie(cookie)).statusCode).toBe(200);
    expect((await t.call('supervisor', 'GET', '/api/v1/session')).statusCode).toBe(200);
    expect((await t.call('admin', 'PATCH', `/api/v1/users/${t.users.supervisor.id}`, { active: false })).statusCode).toBe(200);
    expect((await t.call('supervisor', 'GET', '/api/v1/session')).statusCode).toBe(401);
    expect((await asCookie(cookie)).statusCode).toBe(401);
    expect((await t.call('admin', 'PATCH', `/api/v1/users/${t.users.supervisor.id}`, { active: true })).statusCode).toBe(200);
    expect((await t.call('supervisor', 'GET', '/api/v1/session')).statusCode).toBe(200);

    await t.database.db.update(users).set({ active: false }).where(eq(users.id, t.users.supervisor.id));
    await sleep(WINDOW_MS + 100);
    expect((await t.call('supervisor', 'GET', '/api/v1/session')).statusCode).toBe(401);
    await t.database.db.update(users).set({ active: true }).where(eq(users.id, t.users.supervisor.id));
    expect((await t.call('supervisor', 'GET', '/api/v1/session')).statusCode).toBe(200);
  });
});

describe.each(TARGETS)('AUTH_CACHE_MS=0 on %s', (target) => {
  it('asks the database on every request: a revocation from elsewhere applies to the next one', async () => {
    const t = await createTestApp(target, { AUTH_CACHE_MS: 0 });
    try {
      const { token, id } = await createApiToken(t.database.db, { name: 'crm', role: 'agent' });
      const ask = () => t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${token}` } });
      expect((await ask()).statusCode).toBe(200);
      await t.database.db.update(apiTokens).set({ revokedAt: sql`now()` }).where(eq(apiTokens.id, id));
      expect((await ask()).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});

describe('AuthCache', () => {
  const user = (id: string) => ({ id, role: 'agent' }) as StaffUser;

  it('remembers users, never failures, and stays within its bound', async () => {
    const cache = new AuthCache(60_000, 2);
    let loads = 0;
    const load = (u: StaffUser | null) => async () => (loads++, u);
    expect(await cache.get('a', load(user('a')))).toMatchObject({ id: 'a' });
    expect(await cache.get('a', load(user('x')))).toMatchObject({ id: 'a' });
    expect(loads).toBe(1);
    expect(await cache.get('n', load(null))).toBeNull();
    expect(await cache.get('n', load(user('n')))).toMatchObject({ id: 'n' });
    expect(loads).toBe(3);
    await cache.get('c', load(user('c'))); // full: the oldest ('a') goes
    expect(await cache.get('a', load(user('a2')))).toMatchObject({ id: 'a2' });
  });

  it('does not keep an answer looked up while a change was made', async () => {
    const cache = new AuthCache(60_000);
    await cache.get('k', async () => {
      forgetSignIns(); // e.g. a deactivation committed meanwhile
      return user('old');
    });
    expect(await cache.get('k', async () => user('new'))).toMatchObject({ id: 'new' });
  });
});
