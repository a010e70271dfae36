// The audit log (issue 14): every admin and data-access action leaves an append-only row
// with actor, time, address, user agent, target and before/after (never a secret);
// admins read it with filters and (at, id) paging, and export it as CSV (audited too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { createTestApp, PASSWORD, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { queryRows } from '../../src/db/client.ts';
import { createApiToken, revokeApiToken } from '../../src/staff/api-tokens.ts';

/** The database's own message under Drizzle's "Failed query" wrapper. */
const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e: Error & { cause?: Error }) => `${e.cause?.message ?? ''} ${e.message}`);

describe.each(TARGETS)('audit log on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });
  const latest = async (action: string) => (await t.call('admin', 'GET', `/api/v1/audit?action=${action}&limit=1`)).data.items[0];
  const ua = { 'user-agent': 'AuditTest/1.0' };

  it('a settings change is audited with what changed before and after; an unknown key is refused with 400', async () => {
    const res = await t.call('admin', 'PUT', '/api/v1/settings', { followUpDays: 21, retention: { rawMailDays: 200 } }, ua);
    expect(res.statusCode).toBe(200);
    expect(res.data.retention).toMatchObject({ rawMailDays: 200, attachmentDays: 730 });
    const row = await latest('settings.update');
    expect(row).toMatchObject({
      actor: { type: 'user', id: t.users.admin.id, name: 'Adam Admin' },
      userAgent: 'AuditTest/1.0',
      target: { type: 'settings' },
      before: { followUpDays: 30, retention: { rawMailDays: 365 } },
      after: { followUpDays: 21, retention: { rawMailDays: 200 } },
    });
    expect(row.ip).toBeTruthy();
    expect(Object.keys(row.after).sort()).toEqual(['followUpDays', 'retention']);
    for (const body of [{ followUpDays: 20, followupDays: 3 }, { nonsense: true }, { economics: { bonusPercnt: 5 } }, { retention: { rawMailDays: 10, forever: true } }]) {
      const bad = await t.call('admin', 'PUT', '/api/v1/settings', body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await t.call('admin', 'GET', '/api/v1/settings')).data.followUpDays).toBe(21);
  });

  it('holiday imports and catalog changes are audited', async () => {
    const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'SUMMARY:Jāņi', 'DTSTART;VALUE=DATE:20270623', 'DTEND;VALUE=DATE:20270625', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    expect((await t.call('admin', 'POST', '/api/v1/settings/calendar/holidays', { ics, fromYear: 2027, toYear: 2027 })).statusCode).toBe(200);
    expect(await latest('settings.import_holidays')).toMatchObject({ actor: { id: t.users.admin.id }, after: { imported: 2 } });
    const eur = (amount: string) => ({ amount, currency: 'EUR' });
    const item = await t.call('admin', 'POST', '/api/v1/catalog', { name: 'Free coffee', kind: 'gift', cost: eur('0.40'), value: eur('3.00') });
    expect(item.statusCode).toBe(201);
    expect(await latest('catalog.change')).toMatchObject({ target: { type: 'catalog_item', id: item.data.id }, after: { name: 'Free coffee' } });
    expect((await t.call('admin', 'PATCH', `/api/v1/catalog/${item.data.id}`, { active: false })).statusCode).toBe(200);
    expect(await latest('catalog.change')).toMatchObject({ target: { id: item.data.id }, after: { active: false } });
    expect((await t.call('admin', 'POST', '/api/v1/catalog/presets/restaurant')).statusCode).toBe(200);
    expect(await latest('catalog.change')).toMatchObject({ target: { type: 'catalog', id: 'preset:restaurant' } });
  });

  it('users created, changed, given a role and deactivated are audited; no password or hash is ever kept', async () => {
    const created = await t.call('admin', 'POST', '/api/v1/users', { email: 'new.agent@test.example', name: 'New Agent', role: 'agent', password: 'a long secret phrase' });
    expect(created.statusCode).toBe(201);
    const id = created.data.id;
    expect(await latest('user.create')).toMatchObject({ target: { type: 'user', id }, after: { email: 'new.agent@test.example', role: 'agent' } });
    await t.call('admin', 'PATCH', `/api/v1/users/${id}`, { name: 'New Agent Renamed' });
    expect(await latest('user.update')).toMatchObject({ before: { name: 'New Agent' }, after: { name: 'New Agent Renamed' } });
    await t.call('admin', 'PATCH', `/api/v1/users/${id}`, { role: 'supervisor' });
    expect(await latest('user.role_change')).toMatchObject({ target: { id }, before: { role: 'agent' }, after: { role: 'supervisor' } });
    await t.call('admin', 'PATCH', `/api/v1/users/${id}`, { active: false });
    expect(await latest('user.deactivate')).toMatchObject({ before: { active: true }, after: { active: false } });
    const all = await queryRows<{ text: string }>(t.database.db, sql`select coalesce(string_agg(concat_ws('|', before::text, after::text), '|'), '') as text from audit_log`);
    expect(all[0]!.text).not.toMatch(/a long secret phrase|scrypt\$|password/i);
  });

  it('sign-in successes and failures are audited with the email tried, never the password', async () => {
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/session', headers: ua, payload: { email: 'agent@test.example', password: PASSWORD } });
    expect(ok.statusCode).toBe(200);
    expect(await latest('session.sign_in')).toMatchObject({ actor: { type: 'user', id: t.users.agent.id }, userAgent: 'AuditTest/1.0', after: { email: 'agent@test.example' } });
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'Nobody@Test.Example', password: 'guess-123-guess' } });
    expect(bad.statusCode).toBe(401);
    const failed = await latest('session.sign_in_failed');
    expect(failed).toMatchObject({ actor: { type: 'anonymous', id: null }, after: { email: 'Nobody@Test.Example', reason: 'INVALID_CREDENTIALS' } });
    expect(JSON.stringify(failed)).not.toContain('guess-123-guess');
  });

  it('API tokens issued and revoked are audited; a revoked token is refused at once', async () => {
    const { token, id } = await createApiToken(t.database.db, { name: 'crm sync', role: 'agent' });
    expect(await latest('api_token.issue')).toMatchObject({ actor: { type: 'system', name: 'amends cli' }, target: { type: 'api_token', id }, after: { name: 'crm sync', role: 'agent' } });
    expect(JSON.stringify(await latest('api_token.issue'))).not.toContain(token);
    const auth = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: auth })).statusCode).toBe(200);
    await revokeApiToken(t.database.db, id);
    await revokeApiToken(t.database.db, id);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: auth })).statusCode).toBe(401);
    expect((await t.call('admin', 'GET', '/api/v1/audit?action=api_token.revoke')).data.items).toHaveLength(1);
  });

  it('customer merges, customer CSV exports and imports are audited', async () => {
    const a = (await t.call('agent', 'POST', '/api/v1/customers', { name: 'Kept One', emails: ['kept@example.com'] })).data;
    const b = (await t.call('agent', 'POST', '/api/v1/customers', { name: 'Dup One', emails: ['dup@example.com'] })).data;
    expect((await t.call('agent', 'POST', `/api/v1/customers/${a.id}/merge`, { fromId: b.id })).statusCode).toBe(200);
    expect(await latest('customer.merge')).toMatchObject({ actor: { id: t.users.agent.id }, target: { type: 'customer', id: a.id }, before: { fromId: b.id } });
    expect((await t.call('supervisor', 'GET', '/api/v1/customers/export')).statusCode).toBe(200);
    expect(await latest('customers.export')).toMatchObject({ actor: { id: t.users.supervisor.id }, target: { type: 'customers' } });
    const imported = await t.app.inject({ method: 'POST', url: '/api/v1/customers/import', headers: { authorization: `Bearer ${t.users.agent.token}`, 'content-type': 'text/csv' }, payload: 'name,email\nCsv Person,csv@example.com\n' });
    expect(imported.statusCode).toBe(200);
    expect(await latest('customers.import')).toMatchObject({ after: { received: 1, imported: 1, rejected: 0 } });
  });

  it('the log is append-only: UPDATE, DELETE and TRUNCATE fail', async () => {
    const db = t.database.db;
    expect(await refusal(db.execute(sql`update audit_log set action = 'forged'`))).toMatch(/audit_log is append-only/);
    expect(await refusal(db.execute(sql`delete from audit_log`))).toMatch(/audit_log is append-only/);
    expect(await refusal(db.execute(sql`truncate audit_log`))).toMatch(/audit_log is append-only/);
    const [n] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from audit_log where action = 'forged'`);
    expect(n!.n).toBe(0);
  });

  it('only admins read the log; paging by (at, id) visits every row once; filters by actor, action and time', async () => {
    for (const role of ['agent', 'supervisor', 'head'] as const) {
      expect((await t.call(role, 'GET', '/api/v1/audit')).statusCode, role).toBe(403);
      expect((await t.call(role, 'GET', '/api/v1/audit/export')).statusCode, role).toBe(403);
    }
    expect((await t.call(null, 'GET', '/api/v1/audit')).statusCode).toBe(401);
    const [total] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_log`);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { items: { id: number; at: string }[]; nextCursor: string | null } } = await t.call('admin', 'GET', `/api/v1/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.data.items.map((i) => i.id));
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total!.n);
    expect(new Set(seen).size).toBe(total!.n);
    const mine = (await t.call('admin', 'GET', `/api/v1/audit?actorId=${t.users.supervisor.id}`)).data.items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i: { actor: { id: string } }) => i.actor.id === t.users.supervisor.id)).toBe(true);
    const future = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString());
    expect((await t.call('admin', 'GET', `/api/v1/audit?from=${future}`)).data.items).toEqual([]);
    const past = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
    expect((await t.call('admin', 'GET', `/api/v1/audit?to=${past}`)).data.items).toEqual([]);
    const hostile = ['cursor=garbage', 'action=drop.table', 'actorId=nope', 'from=yesterday', 'limit=0', 'limit=100000', 'limit=abc', 'cursor=%00%01', 'action=settings.update%01', `cursor=${'A'.repeat(5000)}`];
    for (const q of hostile) {
      const bad = await t.call('admin', 'GET', `/api/v1/audit?${q}`);
      expect(bad.statusCode, q).toBe(400);
    }
  });

  it('the CSV export streams the filtered log and is itself audited', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit/export?action=session.sign_in_failed', headers: { authorization: `Bearer ${t.users.admin.token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.action === 'session.sign_in_failed')).toBe(true);
    expect(JSON.parse(rows[0]!.after!)).toMatchObject({ email: 'Nobody@Test.Example' });
    expect(await latest('audit.export')).toMatchObject({ actor: { id: t.users.admin.id }, after: { action: 'session.sign_in_failed' } });
  });
});
