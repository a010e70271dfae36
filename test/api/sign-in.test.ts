// Sign-in hardening (issue 14): an unknown email costs as long as a wrong password,
// failures are throttled per account and address with exponential backoff in the
// database (shared by every process; the owner elsewhere is not locked out), and
// passwords are hashed at OWASP's scrypt cost, older hashes rehashed on sign-in.
import { randomBytes, scryptSync } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { signInThrottles, users } from '../../src/db/schema.ts';
import { hashPassword, needsRehash, SCRYPT_COST, verifyPassword } from '../../src/staff/passwords.ts';
import { backoffSeconds, FREE_FAILURES, MAX_BACKOFF_SECONDS } from '../../src/staff/sign-in-throttle.ts';

describe('passwords', () => {
  it('hash at N=2^17, r=8, p=1 and verify; a wrong password fails', async () => {
    expect(SCRYPT_COST).toEqual({ N: 131072, r: 8, p: 1 });
    const h = await hashPassword('s3cret words');
    expect(h.startsWith('scrypt$131072$8$1$')).toBe(true);
    expect(await verifyPassword('s3cret words', h)).toBe(true);
    expect(await verifyPassword('s3cret word', h)).toBe(false);
    expect(needsRehash(h)).toBe(false);
  });

  it('still verify a hash stored at the old cost (N=16384), and say it needs a rehash', async () => {
    const salt = randomBytes(16);
    const old = `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync('old one', salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')}`;
    expect(await verifyPassword('old one', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it('refuse a stored hash that asks for absurd cost instead of exhausting memory', async () => {
    expect(await verifyPassword('x', `scrypt$${2 ** 30}$8$1$AAAA$AAAA`)).toBe(false);
    expect(await verifyPassword('x', 'scrypt$16384$999$1$AAAA$AAAA')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
  });

  it('back off exponentially after a few failures, up to 15 minutes', () => {
    expect([...Array(FREE_FAILURES).keys()].map(backoffSeconds)).toEqual(Array(FREE_FAILURES).fill(0));
    expect([5, 6, 7, 8].map(backoffSeconds)).toEqual([1, 2, 4, 8]);
    expect(backoffSeconds(40)).toBe(MAX_BACKOFF_SECONDS);
  });
});

describe.each(TARGETS)('sign-in on %s', (target) => {
  let t: TestApp;
  let second: App;
  beforeAll(async () => {
    t = await createTestApp(target);
    // Another process on the same database.
    second = await buildApp({ database: t.database, services: t.services });
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  const attempt = (app: App, email: string, password: string, ip: string) =>
    app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress: ip, payload: { email, password } });

  it('an unknown email takes as long as a known one with a wrong password', async () => {
    const time = async (email: string, ip: string) => {
      const start = performance.now();
      const res = await attempt(t.app, email, 'wrong password', ip);
      expect(res.statusCode).toBe(401);
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time('agent@test.example', '10.1.0.1'));
      unknown.push(await time(`nobody-${i}@test.example`, '10.1.0.2'));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    // Both pay for one scrypt at full cost; before this change the unknown email answered in a few ms.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
    expect(median(unknown)).toBeLessThan(median(known) * 2);
    expect(median(unknown)).toBeGreaterThan(50);
  }, 60_000);

  it("an attacker's address is throttled for the account; the owner elsewhere signs in; every process sees it", async () => {
    const email = 'supervisor@test.example';
    for (let i = 0; i < FREE_FAILURES; i++) expect((await attempt(t.app, email, `guess ${i}`, '10.2.0.66')).statusCode).toBe(401);
    // Blocked now, even with the right password, and in the other process too.
    for (const app of [t.app, second]) {
      const blocked = await attempt(app, email, PASSWORD, '10.2.0.66');
      expect(blocked.statusCode).toBe(429);
      expect(JSON.parse(blocked.body).error.code).toBe('RATE_LIMITED');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    // The owner from another address is not held up.
    expect((await attempt(second, email, PASSWORD, '10.2.0.7')).statusCode).toBe(200);
    // Another account from the attacker's address is not blocked either.
    expect((await attempt(t.app, 'head@test.example', PASSWORD, '10.2.0.66')).statusCode).toBe(200);
    const [row] = await t.database.db.select().from(signInThrottles).where(eq(signInThrottles.source, '10.2.0.66'));
    expect(row).toMatchObject({ email, failures: FREE_FAILURES });
  }, 60_000);

  it('each further failure doubles the wait; success after the wait clears the count', async () => {
    const email = 'head@test.example';
    const ip = '10.3.0.66';
    const expire = () => t.database.db.update(signInThrottles).set({ blockedUntil: sql`now() - interval '1 second'` }).where(eq(signInThrottles.source, ip));
    const waitNow = async () => {
      const [r] = await t.database.db
        .select({ s: sql<number>`round(extract(epoch from ${signInThrottles.blockedUntil} - now()))::int` })
        .from(signInThrottles)
        .where(eq(signInThrottles.source, ip));
      return Number(r!.s);
    };
    for (let i = 0; i < FREE_FAILURES; i++) await attempt(t.app, email, 'nope', ip);
    expect(await waitNow()).toBe(1);
    await expire();
    expect((await attempt(t.app, email, 'nope', ip)).statusCode).toBe(401);
    expect(await waitNow()).toBe(2);
    await expire();
    expect((await attempt(t.app, email, 'nope', ip)).statusCode).toBe(401);
    expect(await waitNow()).toBe(4);
    expect((await attempt(t.app, email, PASSWORD, ip)).statusCode).toBe(429);
    await expire();
    expect((await attempt(t.app, email, PASSWORD, ip)).statusCode).toBe(200);
    expect(await t.database.db.select().from(signInThrottles).where(eq(signInThrottles.source, ip))).toEqual([]);
    // A success also sweeps counts untouched for a day.
    await t.database.db.insert(signInThrottles).values({ email: 'old@test.example', source: '10.3.9.9', failures: 9, lastFailureAt: sql`now() - interval '2 days'` });
    expect((await attempt(t.app, email, PASSWORD, '10.3.0.67')).statusCode).toBe(200);
    expect(await t.database.db.select().from(signInThrottles).where(eq(signInThrottles.source, '10.3.9.9'))).toEqual([]);
  }, 60_000);

  it('an unknown email is throttled exactly like a known one', async () => {
    for (let i = 0; i < FREE_FAILURES; i++) expect((await attempt(t.app, 'ghost@test.example', 'x', '10.4.0.1')).statusCode).toBe(401);
    expect((await attempt(t.app, 'ghost@test.example', 'x', '10.4.0.1')).statusCode).toBe(429);
  }, 60_000);

  it('a hash stored at the old cost is replaced on a successful sign-in, and still works', async () => {
    const salt = randomBytes(16);
    const old = `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync(PASSWORD, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')}`;
    await t.database.db.update(users).set({ passwordHash: old }).where(eq(users.id, t.users.agent.id));
    const wrong = await attempt(t.app, 'agent@test.example', 'not it', '10.5.0.1');
    expect(wrong.statusCode).toBe(401);
    const [before] = await t.database.db.select({ h: users.passwordHash }).from(users).where(eq(users.id, t.users.agent.id));
    expect(before!.h).toBe(old);
    expect((await attempt(t.app, 'agent@test.example', PASSWORD, '10.5.0.1')).statusCode).toBe(200);
    const [after] = await t.database.db.select({ h: users.passwordHash }).from(users).where(eq(users.id, t.users.agent.id));
    expect(after!.h).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await attempt(t.app, 'agent@test.example', PASSWORD, '10.5.0.2')).statusCode).toBe(200);
  }, 60_000);
});
