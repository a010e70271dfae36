// Staff administration through the API: an admin changes a person's role or
// deactivates them, and it takes effect on their very next request; nobody
// else may, and an admin cannot lock themselves out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';

describe.each(TARGETS)('staff administration on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('promotes an agent: the new role applies to their next request', async () => {
    const before = await t.call('agent', 'GET', '/api/v1/compensations?status=pending_approval');
    expect(before.statusCode).toBe(403);
    const up = await t.call('admin', 'PATCH', `/api/v1/users/${t.users.agent.id}`, { role: 'supervisor', languages: ['en', 'lv'] });
    expect(up.statusCode).toBe(200);
    expect(up.data).toMatchObject({ id: t.users.agent.id, role: 'supervisor', languages: ['en', 'lv'], active: true });
    expect((await t.call('agent', 'GET', '/api/v1/compensations?status=pending_approval')).statusCode).toBe(200);
    await t.call('admin', 'PATCH', `/api/v1/users/${t.users.agent.id}`, { role: 'agent' });
    expect((await t.call('agent', 'GET', '/api/v1/compensations?status=pending_approval')).statusCode).toBe(403);
  });

  it('deactivates a person: their token stops working at once, and reactivation restores it', async () => {
    const off = await t.call('admin', 'PATCH', `/api/v1/users/${t.users.head.id}`, { active: false });
    expect(off.data.active).toBe(false);
    const refused = await t.call('head', 'GET', '/api/v1/cases');
    expect([refused.statusCode, refused.data.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    await t.call('admin', 'PATCH', `/api/v1/users/${t.users.head.id}`, { active: true });
    expect((await t.call('head', 'GET', '/api/v1/cases')).statusCode).toBe(200);
  });

  it('refuses non-admins, unknown people, empty changes and self-lockout with clear codes', async () => {
    const code = (r: { statusCode: number; data: { error: { code: string } } }) => [r.statusCode, r.data.error.code];
    expect(code(await t.call('supervisor', 'PATCH', `/api/v1/users/${t.users.agent.id}`, { role: 'head' }))).toEqual([403, 'FORBIDDEN']);
    expect(code(await t.call('admin', 'PATCH', '/api/v1/users/00000000-0000-4000-8000-000000000000', { name: 'X' }))).toEqual([404, 'USER_NOT_FOUND']);
    expect(code(await t.call('admin', 'PATCH', `/api/v1/users/${t.users.agent.id}`, {}))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('admin', 'PATCH', `/api/v1/users/${t.users.agent.id}`, { role: 'owner' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('admin', 'PATCH', `/api/v1/users/${t.users.admin.id}`, { active: false }))).toEqual([422, 'SELF_LOCKOUT']);
    expect(code(await t.call('admin', 'PATCH', `/api/v1/users/${t.users.admin.id}`, { role: 'agent' }))).toEqual([422, 'SELF_LOCKOUT']);
    // Renaming oneself is fine.
    expect((await t.call('admin', 'PATCH', `/api/v1/users/${t.users.admin.id}`, { name: 'Adam the Admin' })).data.name).toBe('Adam the Admin');
  });

  it('an agent reads the colleagues directory (names, roles, languages) but not the staff records', async () => {
    const dir = await t.call('agent', 'GET', '/api/v1/colleagues');
    expect(dir.statusCode).toBe(200);
    const me = dir.data.items.find((u: { id: string }) => u.id === t.users.agent.id);
    expect(me).toMatchObject({ id: t.users.agent.id, role: 'agent', active: true });
    expect(Object.keys(me).sort()).toEqual(['active', 'id', 'languages', 'name', 'role']);
    expect(dir.data.items.every((u: { role: string }) => ['agent', 'supervisor', 'head', 'admin'].includes(u.role))).toBe(true);
    expect((await t.call('agent', 'GET', '/api/v1/users')).statusCode).toBe(403);
    expect((await t.call('supervisor', 'GET', '/api/v1/users')).statusCode).toBe(200);
  });
});
