// Bad input gets a clear 4xx with a stable code and loses nothing; the same
// Idempotency-Key never creates twice; the public form is rate limited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { queryRows } from '../../src/db/client.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

describe.each(TARGETS)('API errors on %s', (target) => {
  let t: TestApp;
  let caseId: string;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp(target, { PUBLIC_FORM_RATE_LIMIT: 1000 });
    const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { email: 'e@example.com', body: 'It broke.' });
    token = filed.data.portalUrl.split('/').at(-1);
    caseId = (await t.call('agent', 'GET', `/api/v1/cases?q=${filed.data.caseNumber}`)).data.items[0].id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const code = (res: { data: { error?: { code: string } } }) => res.data.error?.code;

  it('400: invalid input names the field; malformed JSON and bad cursors are 400 too', async () => {
    const missing = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email' });
    expect(missing.statusCode).toBe(400);
    expect(code(missing)).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(missing.data.error.details)).toContain('body');

    const badChannel = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'pigeon', body: 'x' });
    expect(code(badChannel)).toBe('VALIDATION_FAILED');

    const json = await t.app.inject({ method: 'POST', url: '/api/v1/public/complaints', headers: { 'content-type': 'application/json' }, payload: '{"body": "unterminated' });
    expect(json.statusCode).toBe(400);
    expect(JSON.parse(json.body).error.code).toBe('INVALID_JSON');

    const money = await t.call('agent', 'POST', `/api/v1/cases/${caseId}/compensations`, { kind: 'gift', value: { amount: '12.345', currency: 'EUR' }, description: 'x' });
    expect(money.statusCode).toBe(400);
    expect(code(money)).toBe('INVALID_MONEY');

    const cursor = await t.call('agent', 'GET', '/api/v1/cases?cursor=not-a-cursor');
    expect(cursor.statusCode).toBe(400);
    expect(code(cursor)).toBe('INVALID_CURSOR');

    const date = await t.call('agent', 'POST', `/api/v1/cases/${caseId}/commitments`, { description: 'x', dueAt: 'tomorrow' });
    expect(code(date)).toBe('VALIDATION_FAILED');

    const media = await t.app.inject({ method: 'POST', url: '/api/v1/public/complaints', headers: { 'content-type': 'application/xml' }, payload: '<complaint/>' });
    expect(media.statusCode).toBe(415);
    expect(JSON.parse(media.body).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('401: no credentials, a wrong token, a wrong password', async () => {
    const none = await t.call(null, 'GET', '/api/v1/cases');
    expect(none.statusCode).toBe(401);
    expect(code(none)).toBe('UNAUTHENTICATED');
    const wrong = await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: 'Bearer amd_nope' } });
    expect(wrong.statusCode).toBe(401);
    const pw = await t.call(null, 'POST', '/api/v1/session', { email: 'agent@test.example', password: 'wrong password' });
    expect(pw.statusCode).toBe(401);
    expect(code(pw)).toBe('INVALID_CREDENTIALS');
  });

  it('signs in with a session cookie and out again', async () => {
    const signIn = await t.call(null, 'POST', '/api/v1/session', { email: 'AGENT@test.example', password: 'correct horse battery' });
    expect(signIn.statusCode).toBe(200);
    const cookie = signIn.cookies.find((c) => c.name === 'amends_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBe(true); // PUBLIC_URL is https
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/session', cookies: { amends_session: cookie.value } });
    expect(JSON.parse(me.body).user.email).toBe('agent@test.example');
    await t.app.inject({ method: 'DELETE', url: '/api/v1/session', cookies: { amends_session: cookie.value } });
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/cases', cookies: { amends_session: cookie.value } });
    expect(after.statusCode).toBe(401);
  });

  it('403: roles without the permission', async () => {
    expect(code(await t.call('agent', 'PUT', '/api/v1/settings', { followUpDays: 10 }))).toBe('FORBIDDEN');
    expect(code(await t.call('supervisor', 'POST', '/api/v1/users', { email: 'x@y.z', name: 'X', role: 'agent', password: '12345678' }))).toBe('FORBIDDEN');
    expect((await t.call('agent', 'GET', '/api/v1/compensations')).statusCode).toBe(403);
  });

  it('404: unknown and malformed ids, dead portal links, unknown routes', async () => {
    expect(code(await t.call('agent', 'GET', '/api/v1/cases/not-a-uuid'))).toBe('CASE_NOT_FOUND');
    expect(code(await t.call('agent', 'GET', '/api/v1/cases/01890000-0000-7000-8000-000000000000'))).toBe('CASE_NOT_FOUND');
    expect(code(await t.call('agent', 'POST', '/api/v1/commitments/zzz/complete'))).toBe('COMMITMENT_NOT_FOUND');
    expect(code(await t.call('supervisor', 'POST', '/api/v1/compensations/01890000-0000-7000-8000-000000000000/approve', {}))).toBe('COMPENSATION_NOT_FOUND');
    expect(code(await t.call('agent', 'GET', '/api/v1/customers/01890000-0000-7000-8000-000000000000'))).toBe('CUSTOMER_NOT_FOUND');
    expect(code(await t.call(null, 'GET', '/api/v1/portal/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'))).toBe('PORTAL_LINK_INVALID');
    expect(code(await t.call(null, 'GET', '/api/v1/nothing-here'))).toBe('NOT_FOUND');
  });

  it('404 for an expired portal link', async () => {
    const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { body: 'Expire me.' });
    const tok = filed.data.portalUrl.split('/').at(-1);
    expect((await t.call(null, 'GET', `/api/v1/portal/${tok}`)).statusCode).toBe(200);
    await t.database.db.execute(sql`update portal_tokens set expires_at = now() - interval '1 minute'`);
    expect(code(await t.call(null, 'GET', `/api/v1/portal/${tok}`))).toBe('PORTAL_LINK_INVALID');
    // the rest of the suite uses a fresh link
    token = (await t.call('agent', 'POST', `/api/v1/cases/${caseId}/portal-link`)).data.portalUrl.split('/').at(-1);
    expect((await t.call(null, 'GET', `/api/v1/portal/${token}`)).statusCode).toBe(200);
  });

  it('409: moves the case state forbids', async () => {
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${caseId}/reopen`, {}))).toBe('CASE_STATE_CONFLICT');
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${caseId}/options`, { options: [{ title: 'a' }, { title: 'b' }, { title: 'c' }] }))).toBe('CASE_STATE_CONFLICT');
    const confirm = await t.call(null, 'POST', `/api/v1/portal/${token}/confirm`, { confirmed: true });
    expect(confirm.statusCode).toBe(409);
    expect(code(confirm)).toBe('RESTATEMENT_NOT_PENDING');
    const noReason = await t.call('agent', 'POST', `/api/v1/cases/${caseId}/close`, {});
    expect(noReason.statusCode).toBe(422);
    expect(code(noReason)).toBe('REASON_REQUIRED');
  });

  it('422: business rules — too few options, currency, authority', async () => {
    const filed = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: 'rules@example.com' }, body: 'Rules.' });
    const id = filed.data.id;
    await t.call('agent', 'POST', `/api/v1/cases/${id}/restatement`, { text: 'You want X — right?' });
    await t.call('agent', 'POST', `/api/v1/cases/${id}/restatement/confirm`, { confirmed: true, note: 'phone' });
    const few = await t.call('agent', 'POST', `/api/v1/cases/${id}/options`, { options: [{ title: 'Only this' }] });
    expect(few.statusCode).toBe(422);
    expect(code(few)).toBe('TOO_FEW_OPTIONS');
    const withReason = await t.call('agent', 'POST', `/api/v1/cases/${id}/options`, { options: [{ title: 'Only this' }], reason: 'There is only one fix' });
    expect(withReason.statusCode).toBe(201);

    const usd = await t.call('agent', 'POST', `/api/v1/cases/${id}/compensations`, { kind: 'gift', value: { amount: '5.00', currency: 'USD' }, description: 'x' });
    expect(code(usd)).toBe('CURRENCY_MISMATCH');

    const big = await t.call('agent', 'POST', `/api/v1/cases/${id}/compensations`, { kind: 'refund', value: eur('800.00'), description: 'Full refund' });
    expect(big.data).toMatchObject({ status: 'pending_approval', approvalRole: 'head' });
    const sup = await t.call('supervisor', 'POST', `/api/v1/compensations/${big.data.id}/approve`, {});
    expect(sup.statusCode).toBe(422);
    expect(code(sup)).toBe('AUTHORITY_EXCEEDED');
    expect((await t.call('supervisor', 'GET', '/api/v1/compensations')).data.items.map((i: { id: string }) => i.id)).not.toContain(big.data.id);
    const noReason = await t.call('head', 'POST', `/api/v1/compensations/${big.data.id}/reject`, {});
    expect(code(noReason)).toBe('REASON_REQUIRED');
    const rejected = await t.call('head', 'POST', `/api/v1/compensations/${big.data.id}/reject`, { reason: 'A replacement serves better (P-2.10)' });
    expect(rejected.data).toMatchObject({ status: 'rejected', decisionReason: 'A replacement serves better (P-2.10)' });
    const again = await t.call('head', 'POST', `/api/v1/compensations/${big.data.id}/approve`, {});
    expect(again.statusCode).toBe(409);
    expect(code(again)).toBe('COMPENSATION_NOT_PENDING');

    // An admin raises the agent's limit; the same 800 is now granted at once.
    const limits = await t.call('admin', 'PUT', '/api/v1/settings', { authorityLimits: { agent: eur('1000.00') } });
    expect(limits.statusCode).toBe(200);
    expect(limits.data.authorityLimits.agent).toEqual(eur('1000.00'));
    const now = await t.call('agent', 'POST', `/api/v1/cases/${id}/compensations`, { kind: 'refund', value: eur('800.00'), description: 'Full refund' });
    expect(now.data.status).toBe('granted');
    await t.call('admin', 'PUT', '/api/v1/settings', { authorityLimits: { agent: eur('50.00') } });
  });

  it('Idempotency-Key: the same request creates once; a different body under the same key is refused', async () => {
    const body = { email: 'idem@example.com', body: 'Charged twice.' };
    const headers = { 'idempotency-key': 'form-submit-42' };
    const first = await t.call(null, 'POST', '/api/v1/public/complaints', body, headers);
    const second = await t.call(null, 'POST', '/api/v1/public/complaints', body, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.data).toEqual(first.data);
    expect(second.headers['idempotency-replayed']).toBe('true');
    const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from messages where body = 'Charged twice.'`);
    expect(row!.n).toBe(1);
    const other = await t.call(null, 'POST', '/api/v1/public/complaints', { ...body, body: 'Something else' }, headers);
    expect(other.statusCode).toBe(422);
    expect(code(other)).toBe('IDEMPOTENCY_KEY_REUSED');

    // Keys are scoped per caller: another user's identical key is independent.
    const a = await t.call('agent', 'POST', '/api/v1/customers', { name: 'Idem A' }, { 'idempotency-key': 'k1' });
    const b = await t.call('supervisor', 'POST', '/api/v1/customers', { name: 'Idem A' }, { 'idempotency-key': 'k1' });
    expect(a.data.id).not.toBe(b.data.id);
    // A failed request stores nothing: the retry runs for real.
    const bad = await t.call('agent', 'POST', `/api/v1/customers/${a.data.id}/orders`, { ref: 'O-1', total: { amount: '10.00', currency: 'USD' }, placedAt: new Date().toISOString() }, { 'idempotency-key': 'o1' });
    expect(code(bad)).toBe('CURRENCY_MISMATCH');
  });

  it('customers: contacts are unique to one customer; orders update the value figures', async () => {
    const c = await t.call('agent', 'POST', '/api/v1/customers', { name: 'Kaleva Sports', emails: ['matti@kaleva.example'], phones: ['+358 40 123 4567'] });
    expect(c.statusCode).toBe(201);
    const dup = await t.call('agent', 'POST', '/api/v1/customers', { name: 'Other', emails: ['MATTI@kaleva.example'] });
    expect(dup.statusCode).toBe(409);
    expect(code(dup)).toBe('DUPLICATE');
    const order = await t.call('agent', 'POST', `/api/v1/customers/${c.data.id}/orders`, { ref: 'PG-0977', total: eur('12800'), placedAt: '2026-10-01T10:00:00+03:00' });
    expect(order.statusCode).toBe(201);
    expect(code(await t.call('agent', 'POST', `/api/v1/customers/${c.data.id}/orders`, { ref: 'PG-0977', total: eur('1'), placedAt: '2026-10-01T10:00:00Z' }))).toBe('DUPLICATE');
    // A complaint by phone finds the same customer and links the order.
    const filed = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'phone', customer: { phone: '+358401234567' }, body: 'Wrong blue', orderRef: 'PG-0977' });
    expect(filed.data.customer.id).toBe(c.data.id);
    expect(filed.data.orderId).toBe(order.data.id);
    // Acknowledged to the email on record even though the call gave none.
    expect(filed.data.messages.find((m: { kind: string }) => m.kind === 'acknowledgement').deliveryStatus).toBe('queued');
    const detail = await t.call('agent', 'GET', `/api/v1/customers/${c.data.id}`);
    expect(detail.data.value).toMatchObject({ lifetimeValue: eur('12800.00'), orderCount: 1 });
    expect(detail.data.cases).toHaveLength(1);
    const byEmail = await t.call('agent', 'GET', '/api/v1/cases?q=matti@kaleva.example');
    expect(byEmail.data.items.map((i: { id: string }) => i.id)).toEqual([filed.data.id]);
  });

  it('keeps text with NUL characters (PostgreSQL cannot store them) instead of failing', async () => {
    const res = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { name: 'Nul\u0000l' }, body: 'null\u0000byte' });
    expect(res.statusCode).toBe(201);
    expect(res.data.messages[0].body).toBe('null\uFFFDbyte');
  });

  it('never answers 500 to hostile input', async () => {
    const probes: [string, string, unknown][] = [
      ['POST', '/api/v1/cases', { channel: 'email', body: 'x'.repeat(200_000) }],
      ['POST', `/api/v1/cases/${caseId}/assign`, { ownerId: 'abc' }],
      ['POST', `/api/v1/cases/${caseId}/assign`, { ownerId: '01890000-0000-7000-8000-000000000000' }],
      ['GET', '/api/v1/cases?limit=-5', undefined],
      ['GET', '/api/v1/cases?status=bogus', undefined],
      ['GET', `/api/v1/customers?cursor=${encodeURIComponent("' or 1=1 --")}`, undefined],
      ['POST', `/api/v1/portal/${token}/choose`, { optionId: "'; drop table cases; --" }],
      ['POST', `/api/v1/cases/${caseId}/playbook/nonsense/skip`, { reason: 'x' }],
      ['POST', `/api/v1/cases/${caseId}/compensations`, { kind: 'gift', value: eur('-5.00'), description: 'negative' }],
      ['POST', `/api/v1/cases/${caseId}/compensations`, { kind: 'gift', value: eur('99999999999999'), description: 'huge' }],
    ];
    for (const [method, url, body] of probes) {
      const res = await t.call('agent', method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
      expect(res.data.error.code).toMatch(/^[A-Z_]+$/);
    }
  });
});

describe('rate limiting the public form', () => {
  it('answers 429 RATE_LIMITED past the limit per address', async () => {
    const t = await createTestApp('pglite', { PUBLIC_FORM_RATE_LIMIT: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await t.call(null, 'POST', '/api/v1/public/complaints', { body: `Complaint ${i}` })).statusCode);
      expect(codes).toEqual([201, 201, 201, 429, 429]);
      const limited = await t.call(null, 'POST', '/api/v1/public/complaints', { body: 'again' });
      expect(limited.data.error.code).toBe('RATE_LIMITED');
    } finally {
      await t.close();
    }
  });
});
