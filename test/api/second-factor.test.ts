// Two-step sign-in (TOTP) through the API on PGlite and PostgreSQL: enrol,
// confirm with a first code, then sign-in asks for a code; a wrong code and the
// same code twice are refused; a recovery code works once; turning it off takes
// the password and a code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { totpCode } from '../../src/staff/second-factor.ts';
import { createApiToken } from '../../src/staff/api-tokens.ts';

describe.each(TARGETS)('two-step sign-in on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });
  const signIn = (body: Record<string, string>) => t.call(null, 'POST', '/api/v1/session', { email: 'admin@test.example', password: PASSWORD, ...body });

  it('enrol, confirm, then every sign-in needs a fresh code; recovery codes work once; off with password and code', async () => {
    expect((await t.call('admin', 'GET', '/api/v1/session/totp')).data).toEqual({ enabled: false, pending: false, recoveryCodesLeft: 0 });
    expect((await t.call(null, 'POST', '/api/v1/session/totp')).statusCode).toBe(401);
    const enrol = await t.call('admin', 'POST', '/api/v1/session/totp');
    expect(enrol.statusCode).toBe(201);
    const secret = enrol.data.secret as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrol.data.otpauthUri).toMatch(/^otpauth:\/\/totp\/Amends:admin%40test\.example\?/);
    expect(enrol.data.otpauthUri).toContain(`secret=${secret}`);
    expect((await t.call('admin', 'GET', '/api/v1/session/totp')).data).toMatchObject({ enabled: false, pending: true });
    // Not confirmed yet: sign-in does not ask for a code.
    expect((await signIn({})).statusCode).toBe(200);

    for (const code of ['000000', '12345', 'abcdef', '']) {
      const res = await t.call('admin', 'POST', '/api/v1/session/totp/confirm', { code: code === totpCode(secret) ? '999999' : code });
      expect(res.statusCode, code).toBe(code === '' ? 400 : 422);
    }
    const first = totpCode(secret);
    const confirmed = await t.call('admin', 'POST', '/api/v1/session/totp/confirm', { code: first });
    expect(confirmed.statusCode).toBe(200);
    const recovery = confirmed.data.recoveryCodes as string[];
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    expect((await t.call('admin', 'POST', '/api/v1/session/totp/confirm', { code: first })).statusCode).toBe(409);
    expect((await t.call('admin', 'POST', '/api/v1/session/totp')).data.error.code).toBe('TOTP_ALREADY_ENABLED');
    expect((await t.call('admin', 'GET', '/api/v1/session/totp')).data).toEqual({ enabled: true, pending: false, recoveryCodesLeft: 10 });

    // Sign-in: the code is asked for only after the right password.
    const noCode = await signIn({});
    expect(noCode.statusCode).toBe(401);
    expect(noCode.data.error.code).toBe('TOTP_REQUIRED');
    expect(noCode.headers['set-cookie']).toBeUndefined();
    expect((await signIn({ password: 'wrong password' })).data.error.code).toBe('INVALID_CREDENTIALS');
    const wrong = await signIn({ code: '000000' === totpCode(secret) ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.data.error.code).toBe('INVALID_CREDENTIALS');
    // The code used to confirm was spent: the same code again is a replay.
    expect((await signIn({ code: first })).statusCode).toBe(401);
    // The next step's code (clock drift of one step is allowed) signs in — once.
    const next = totpCode(secret, Date.now() + 30_000);
    const ok = await signIn({ code: next });
    expect(ok.statusCode).toBe(200);
    expect(String(ok.headers['set-cookie'])).toMatch(/amends_session|session/);
    expect((await signIn({ code: next })).statusCode).toBe(401);
    // A recovery code, once.
    expect((await signIn({ code: recovery[0]! })).statusCode).toBe(200);
    expect((await signIn({ code: recovery[0]! })).statusCode).toBe(401);
    expect((await t.call('admin', 'GET', '/api/v1/session/totp')).data.recoveryCodesLeft).toBe(9);

    // Off: the password and a code.
    expect((await t.call('admin', 'POST', '/api/v1/session/totp/disable', { password: 'wrong password', code: recovery[1]! })).statusCode).toBe(422);
    expect((await t.call('admin', 'POST', '/api/v1/session/totp/disable', { password: PASSWORD, code: '000000' === next ? '111111' : '000000' })).statusCode).toBe(422);
    expect((await t.call('admin', 'POST', '/api/v1/session/totp/disable', { password: PASSWORD })).statusCode).toBe(400);
    const off = await t.call('admin', 'POST', '/api/v1/session/totp/disable', { password: PASSWORD, code: recovery[1]! });
    expect(off.statusCode).toBe(200);
    expect(off.data).toEqual({ enabled: false, pending: false, recoveryCodesLeft: 0 });
    expect((await signIn({})).statusCode).toBe(200);
    expect((await t.call('admin', 'POST', '/api/v1/session/totp/disable', { password: PASSWORD, code: '123456' })).data.error.code).toBe('TOTP_NOT_ENROLLED');
  });

  it('is for people: every role may use it for themselves, an integration token may not', async () => {
    expect((await t.call('agent', 'GET', '/api/v1/session/totp')).statusCode).toBe(200);
    const service = (await createApiToken(t.database.db, { name: 'CRM sync', role: 'agent' })).token;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/session/totp', headers: { authorization: `Bearer ${service}` } });
    expect(res.statusCode).toBe(403);
    expect((await t.call('agent', 'POST', '/api/v1/session/totp/confirm', { code: '123456' })).data.error.code).toBe('TOTP_NOT_ENROLLED');
    expect((await t.call('agent', 'POST', '/api/v1/session/totp/confirm', { code: 123456 })).statusCode).toBe(400);
  });
});
