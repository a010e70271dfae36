// Queue power through the API (issue 13): saved views personal and shared, bulk
// actions with an answer per case, and the SLA view of what breaches soon.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { addUser } from '../../src/staff/users.ts';
import { createApiToken } from '../../src/staff/api-tokens.ts';

const code = (r: { statusCode: number; data: { error?: { code: string } } }) => [r.statusCode, r.data.error?.code];

describe.each(TARGETS)('queue power on %s', (target) => {
  let t: TestApp;
  let bob: { id: string; token: string };
  const asBob = (method: string, url: string, body?: unknown) => t.call(null, method, url, body, { authorization: `Bearer ${bob.token}` });
  let n = 0;
  /** Files a case and gives it to an owner (Anna the agent by default). */
  async function fileCase(ownerId = t.users.agent.id, email = `q${++n}@example.com`): Promise<string> {
    const filed = await t.call('admin', 'POST', '/api/v1/cases', { channel: 'email', customer: { name: 'Rita', email }, body: `Case ${n}: the parcel arrived broken.` });
    expect(filed.statusCode).toBe(201);
    const moved = await t.call('admin', 'POST', `/api/v1/cases/${filed.data.id}/assign`, { ownerId, reason: 'test set-up' });
    expect(moved.statusCode).toBe(200);
    return filed.data.id;
  }
  const timeline = async (id: string) => (await t.call('admin', 'GET', `/api/v1/cases/${id}`)).data.timeline as { type: string; data: Record<string, unknown> }[];

  beforeAll(async () => {
    t = await createTestApp(target);
    const u = await addUser(t.database.db, { email: 'bob@test.example', name: 'Bob Second', role: 'agent', languages: ['en'] });
    bob = { id: u.id, token: (await createApiToken(t.database.db, { name: 'bob', role: 'agent', userId: u.id })).token };
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('saved views', () => {
    it('keeps personal views private to their owner', async () => {
      const made = await t.call('agent', 'POST', '/api/v1/views', { name: 'My urgent', filters: { status: 'new,acknowledged', priority: 'urgent,high', ownerId: 'me', sort: 'deadline' } });
      expect(made.statusCode).toBe(201);
      expect(made.data).toMatchObject({ name: 'My urgent', shared: false, mine: true, filters: { status: 'new,acknowledged', priority: 'urgent,high', ownerId: 'me', sort: 'deadline' } });
      expect((await t.call('agent', 'GET', '/api/v1/views')).data.items.map((v: { id: string }) => v.id)).toContain(made.data.id);
      // Bob and even the admin do not see it, and cannot change or delete it (it does not exist for them).
      expect((await asBob('GET', '/api/v1/views')).data.items.map((v: { id: string }) => v.id)).not.toContain(made.data.id);
      expect((await t.call('admin', 'GET', '/api/v1/views')).data.items.map((v: { id: string }) => v.id)).not.toContain(made.data.id);
      expect(code(await asBob('PATCH', `/api/v1/views/${made.data.id}`, { name: 'Mine now' }))).toEqual([404, 'VIEW_NOT_FOUND']);
      expect(code(await t.call('admin', 'DELETE', `/api/v1/views/${made.data.id}`))).toEqual([404, 'VIEW_NOT_FOUND']);
      // The owner renames, then deletes it.
      const renamed = await t.call('agent', 'PATCH', `/api/v1/views/${made.data.id}`, { name: '  Urgent first  ' });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.data.name).toBe('Urgent first');
      expect((await t.call('agent', 'DELETE', `/api/v1/views/${made.data.id}`)).statusCode).toBe(200);
      expect(code(await t.call('agent', 'DELETE', `/api/v1/views/${made.data.id}`))).toEqual([404, 'VIEW_NOT_FOUND']);
    });

    it('lets supervisors share views with the whole desk; agents get 403', async () => {
      expect(code(await t.call('agent', 'POST', '/api/v1/views', { name: 'Desk', shared: true, filters: {} }))).toEqual([403, 'FORBIDDEN']);
      const shared = await t.call('supervisor', 'POST', '/api/v1/views', { name: 'Breaching soon', shared: true, filters: { sort: 'deadline' } });
      expect(shared.statusCode).toBe(201);
      for (const who of [asBob('GET', '/api/v1/views'), t.call('agent', 'GET', '/api/v1/views'), t.call('head', 'GET', '/api/v1/views')]) {
        expect((await who).data.items.find((v: { id: string }) => v.id === shared.data.id)).toMatchObject({ shared: true, mine: false, name: 'Breaching soon' });
      }
      // Agents read it but may not change it, nor share their own.
      expect(code(await t.call('agent', 'PATCH', `/api/v1/views/${shared.data.id}`, { name: 'x' }))).toEqual([403, 'FORBIDDEN']);
      expect(code(await t.call('agent', 'DELETE', `/api/v1/views/${shared.data.id}`))).toEqual([403, 'FORBIDDEN']);
      const own = await t.call('agent', 'POST', '/api/v1/views', { name: 'Mine', filters: {} });
      expect(code(await t.call('agent', 'PATCH', `/api/v1/views/${own.data.id}`, { shared: true }))).toEqual([403, 'FORBIDDEN']);
      // Another supervisor-level role changes the desk's view.
      expect((await t.call('head', 'PATCH', `/api/v1/views/${shared.data.id}`, { filters: { sort: 'deadline', status: 'new' } })).data.filters).toEqual({ sort: 'deadline', status: 'new' });
      expect((await t.call('admin', 'DELETE', `/api/v1/views/${shared.data.id}`)).statusCode).toBe(200);
    });

    it('refuses bad input with 400 and strangers with 401', async () => {
      expect(code(await t.call(null, 'GET', '/api/v1/views'))).toEqual([401, 'UNAUTHENTICATED']);
      expect(code(await t.call(null, 'POST', '/api/v1/views', { name: 'x', filters: {} }))).toEqual([401, 'UNAUTHENTICATED']);
      for (const body of [
        { name: '', filters: {} },
        { name: '   ', filters: {} },
        { name: 'x'.repeat(81), filters: {} },
        { name: 5, filters: {} },
        { name: 'x' },
        { name: 'x', filters: { status: 'open,weird' } },
        { name: 'x', filters: { ownerId: 'somebody' } },
        { name: 'x', filters: { sort: 'random' } },
        { name: 'x', filters: { cursor: 'abc' } },
        { name: 'x', filters: { q: 'y'.repeat(201) } },
        { name: 'x', shared: 'yes', filters: {} },
        { name: 'bell\u0007', filters: {} },
      ]) {
        expect(code(await t.call('agent', 'POST', '/api/v1/views', body)), JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED']);
      }
      expect(code(await t.call('agent', 'PATCH', '/api/v1/views/not-an-id', { name: 'x' }))).toEqual([404, 'VIEW_NOT_FOUND']);
      expect(code(await t.call('agent', 'DELETE', '/api/v1/views/00000000-0000-4000-8000-000000000000'))).toEqual([404, 'VIEW_NOT_FOUND']);
    });

    it('caps personal views at 50 per person', async () => {
      await t.database.db.execute(sql`insert into saved_views (id, owner_id, name) select gen_random_uuid(), ${bob.id}, 'v' || g from generate_series(1, 50) g`);
      expect(code(await asBob('POST', '/api/v1/views', { name: 'one more', filters: {} }))).toEqual([422, 'TOO_MANY_VIEWS']);
    });
  });

  describe('bulk actions', () => {
    it('assigns many cases with a reason, an event on each timeline', async () => {
      const a = await fileCase();
      const b = await fileCase();
      const res = await t.call('supervisor', 'POST', '/api/v1/cases/bulk', { caseIds: [a, b], action: 'assign', ownerId: bob.id, reason: 'Anna is on leave' });
      expect(res.statusCode).toBe(200);
      expect(res.data).toEqual({ results: [{ caseId: a, ok: true }, { caseId: b, ok: true }], succeeded: 2, failed: 0 });
      for (const id of [a, b]) {
        expect((await t.call('admin', 'GET', `/api/v1/cases/${id}`)).data.ownerId).toBe(bob.id);
        expect((await timeline(id)).at(-1)).toMatchObject({ type: 'owner_assigned', data: { ownerId: bob.id, reason: 'Anna is on leave' } });
      }
      expect(code(await t.call('supervisor', 'POST', '/api/v1/cases/bulk', { caseIds: [a], action: 'assign', ownerId: bob.id }))).toEqual([422, 'REASON_REQUIRED']);
      expect(code(await t.call('supervisor', 'POST', '/api/v1/cases/bulk', { caseIds: [a], action: 'assign', reason: 'x' }))).toEqual([400, 'VALIDATION_FAILED']);
    });

    it("checks per case whether an agent may act: their own and take-overs, not a colleague's to a third", async () => {
      const annas = await fileCase();
      const bobs = await fileCase(bob.id);
      // Anna hands both to the supervisor: her own case moves, Bob's is refused.
      const res = await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: [annas, bobs], action: 'assign', ownerId: t.users.supervisor.id, reason: 'needs a senior' });
      expect(res.statusCode).toBe(200);
      expect(res.data.results).toEqual([
        { caseId: annas, ok: true },
        { caseId: bobs, ok: false, code: 'NOT_CASE_HANDLER', message: expect.any(String) },
      ]);
      expect((await t.call('admin', 'GET', `/api/v1/cases/${bobs}`)).data.ownerId).toBe(bob.id);
      // Taking over is open to every agent (P-2.4).
      const took = await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: [bobs], action: 'assign', ownerId: t.users.agent.id, reason: 'Bob is ill' });
      expect(took.data.succeeded).toBe(1);
      // Priority and status changes on a colleague's case are refused the same way.
      const other = await fileCase(bob.id);
      const mine = await fileCase();
      const pr = await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: [other, mine], action: 'priority', priority: 'urgent' });
      expect(pr.data.results).toEqual([
        { caseId: other, ok: false, code: 'NOT_CASE_HANDLER', message: expect.any(String) },
        { caseId: mine, ok: true },
      ]);
      const st = await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: [other], action: 'resolve' });
      expect(st.data.results[0]).toMatchObject({ ok: false, code: 'NOT_CASE_HANDLER' });
      expect((await t.call('admin', 'GET', `/api/v1/cases/${other}`)).data).toMatchObject({ status: 'acknowledged', priority: expect.not.stringMatching('urgent') });
    });

    it('reports illegal transitions and unknown cases per case, not as a 500', async () => {
      const open = await fileCase();
      const resolved = await fileCase();
      expect((await t.call('agent', 'POST', `/api/v1/cases/${resolved}/resolve`, {})).statusCode).toBe(200);
      const missing = '00000000-0000-4000-8000-000000000000';
      // Reopen: only the resolved case may; the open one is refused by the lifecycle.
      const res = await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: [open, resolved, missing, 'not-a-uuid'], action: 'reopen', reason: 'the fix did not hold' });
      expect(res.statusCode).toBe(200);
      expect(res.data).toMatchObject({ succeeded: 1, failed: 3 });
      expect(res.data.results).toEqual([
        { caseId: open, ok: false, code: 'CASE_STATE_CONFLICT', message: expect.stringContaining('reopen') },
        { caseId: resolved, ok: true },
        { caseId: missing, ok: false, code: 'CASE_NOT_FOUND', message: 'no such case' },
        { caseId: 'not-a-uuid', ok: false, code: 'CASE_NOT_FOUND', message: 'no such case' },
      ]);
      expect((await timeline(resolved)).map((e) => e.type)).toContain('reopened');
      // Closing unresolved cases needs a reason, per case.
      const close = await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: [open], action: 'close' });
      expect(close.data.results[0]).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
      const closed = await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: [open], action: 'close', reason: 'duplicate' });
      expect(closed.data.succeeded).toBe(1);
      // A closed case keeps its priority.
      const pr = await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: [open], action: 'priority', priority: 'low' });
      expect(pr.data.results[0]).toMatchObject({ ok: false, code: 'CASE_STATE_CONFLICT' });
    });

    it('changes priority set-based with one event per changed case', async () => {
      const ids = [await fileCase(), await fileCase(), await fileCase()];
      const res = await t.call('head', 'POST', '/api/v1/cases/bulk', { caseIds: ids, action: 'priority', priority: 'urgent', reason: 'press attention' });
      expect(res.data).toMatchObject({ succeeded: 3, failed: 0 });
      for (const id of ids) {
        expect((await t.call('admin', 'GET', `/api/v1/cases/${id}`)).data.priority).toBe('urgent');
        expect((await timeline(id)).at(-1)).toMatchObject({ type: 'priority_changed', data: { to: 'urgent', reason: 'press attention', bulk: true } });
      }
      // Again: nothing to change, no new events.
      const before = (await timeline(ids[0]!)).length;
      expect((await t.call('head', 'POST', '/api/v1/cases/bulk', { caseIds: ids, action: 'priority', priority: 'urgent' })).data.succeeded).toBe(3);
      expect((await timeline(ids[0]!)).length).toBe(before);
    });

    it('refuses more than 500 cases, empty lists, wrong types and strangers', async () => {
      const many = Array.from({ length: 501 }, () => '00000000-0000-4000-8000-000000000000');
      expect(code(await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: many, action: 'priority', priority: 'low' }))).toEqual([400, 'VALIDATION_FAILED']);
      expect(code(await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: [], action: 'priority', priority: 'low' }))).toEqual([400, 'VALIDATION_FAILED']);
      expect(code(await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: 'abc', action: 'priority', priority: 'low' }))).toEqual([400, 'VALIDATION_FAILED']);
      expect(code(await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: ['a'], action: 'delete' }))).toEqual([400, 'VALIDATION_FAILED']);
      expect(code(await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: ['a'], action: 'priority', priority: 'panic' }))).toEqual([400, 'VALIDATION_FAILED']);
      expect(code(await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: ['a'], action: 'priority' }))).toEqual([400, 'VALIDATION_FAILED']);
      expect(code(await t.call(null, 'POST', '/api/v1/cases/bulk', { caseIds: ['a'], action: 'resolve' }))).toEqual([401, 'UNAUTHENTICATED']);
      // 500 is allowed (duplicates count once).
      const ok = await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: many.slice(0, 500), action: 'priority', priority: 'low' });
      expect(ok.data).toMatchObject({ succeeded: 0, failed: 1 });
    });
  });

  describe('SLA view', () => {
    it('lists running clocks breaching within the window, nearest first, by owner', async () => {
      const soon = await fileCase();
      const later = await fileCase(bob.id);
      const db = t.database.db;
      // Everything else due far away; these two at +30 min and +3 h.
      await db.execute(sql`update clocks set due_at = now() + interval '30 days' where status = 'running'`);
      await db.execute(sql`update clocks set due_at = now() + interval '30 minutes' where case_id = ${soon} and kind = 'first_response'`);
      await db.execute(sql`update clocks set due_at = now() + interval '3 hours' where case_id = ${later} and kind = 'first_response'`);
      const one = await t.call('agent', 'GET', '/api/v1/sla/due?hours=1');
      expect(one.statusCode).toBe(200);
      expect(one.data.items.map((i: { case: { id: string } }) => i.case.id)).toEqual([soon]);
      expect(one.data.items[0]).toMatchObject({ kind: 'first_response', case: { owner: { id: t.users.agent.id, name: 'Anna Agent' }, priority: expect.any(String) } });
      const four = await t.call('agent', 'GET', '/api/v1/sla/due?hours=4');
      expect(four.data.items.map((i: { case: { id: string } }) => i.case.id)).toEqual([soon, later]);
      expect((await t.call('agent', 'GET', '/api/v1/sla/due?hours=4&ownerId=me')).data.items.map((i: { case: { id: string } }) => i.case.id)).toEqual([soon]);
      expect((await t.call('agent', 'GET', `/api/v1/sla/due?hours=4&ownerId=${bob.id}`)).data.items.map((i: { case: { id: string } }) => i.case.id)).toEqual([later]);
      expect((await t.call('agent', 'GET', '/api/v1/sla/due?hours=4&ownerId=none')).data.items).toEqual([]);
      // Paging by cursor.
      const p1 = await t.call('agent', 'GET', '/api/v1/sla/due?hours=4&limit=1');
      expect(p1.data.items).toHaveLength(1);
      const p2 = await t.call('agent', 'GET', `/api/v1/sla/due?hours=4&limit=1&cursor=${p1.data.nextCursor}`);
      expect(p2.data.items.map((i: { case: { id: string } }) => i.case.id)).toEqual([later]);
      expect(p2.data.nextCursor).toBeNull();
      // A met clock is not listed.
      await t.call('agent', 'POST', `/api/v1/cases/${soon}/messages`, { direction: 'outbound', channel: 'email', body: 'Dear Rita, a new parcel goes out today.' });
      expect((await t.call('agent', 'GET', '/api/v1/sla/due?hours=1')).data.items).toEqual([]);
    });

    it('refuses other windows, bad owners and cursors', async () => {
      for (const q of ['hours=2', 'hours=abc', 'hours=-1', 'limit=0', 'limit=1000']) {
        expect(code(await t.call('agent', 'GET', `/api/v1/sla/due?${q}`)), q).toEqual([400, 'VALIDATION_FAILED']);
      }
      expect(code(await t.call('agent', 'GET', '/api/v1/sla/due?ownerId=bob'))).toEqual([400, 'VALIDATION_FAILED']);
      expect(code(await t.call('agent', 'GET', '/api/v1/sla/due?cursor=zzz'))).toEqual([400, 'INVALID_CURSOR']);
      expect(code(await t.call(null, 'GET', '/api/v1/sla/due'))).toEqual([401, 'UNAUTHENTICATED']);
    });
  });
});
