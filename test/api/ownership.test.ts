// P-2.4 one named owner, through the API: reassigning and taking over always with a
// reason, acting on a colleague's case only after taking it over or joining as helper,
// the portal naming the real owner, deactivation handing cases on, the sweep that
// leaves no open case without an owner; and internal notes that never reach the customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { addUser } from '../../src/staff/users.ts';
import { createApiToken } from '../../src/staff/api-tokens.ts';
import { assignOwnerlessCases } from '../../src/cases/hand-over-cases.ts';
import { queryRows } from '../../src/db/client.ts';

/** A fresh Idempotency-Key (the playbook moves require one). */
const key = () => ({ 'idempotency-key': randomUUID() });
const code = (r: { statusCode: number; data: { error?: { code: string } } }) => [r.statusCode, r.data.error?.code];

describe.each(TARGETS)('ownership and internal notes on %s', (target) => {
  let t: TestApp;
  let bob: { id: string; token: string };
  const asBob = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => t.call(null, method, url, body, { authorization: `Bearer ${bob.token}`, ...key(), ...headers });
  let n = 0;
  /** Files a case and gives it to Anna (the agent), returning its id and portal token. */
  async function annasCase(): Promise<{ id: string; token: string }> {
    const filed = await t.call('admin', 'POST', '/api/v1/cases', { channel: 'email', customer: { name: 'Rita', email: `rita${++n}@example.com` }, body: 'The parcel arrived broken.' });
    expect(filed.statusCode).toBe(201);
    const moved = await t.call('admin', 'POST', `/api/v1/cases/${filed.data.id}/assign`, { ownerId: t.users.agent.id, reason: 'Anna knows this customer' });
    expect(moved.statusCode).toBe(200);
    return { id: filed.data.id, token: filed.data.portalUrl.split('/').at(-1) };
  }

  beforeAll(async () => {
    t = await createTestApp(target);
    const u = await addUser(t.database.db, { email: 'bob@test.example', name: 'Bob Second', role: 'agent', password: 'correct horse battery', languages: ['en'] });
    const { token } = await createApiToken(t.database.db, { name: 'bob token', role: 'agent', userId: u.id });
    bob = { id: u.id, token };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reassigns only with a reason, and the portal names the new owner', async () => {
    const c = await annasCase();
    expect(code(await t.call(null, 'POST', `/api/v1/cases/${c.id}/assign`, { ownerId: bob.id, reason: 'x' }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(code(await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/assign`, { ownerId: bob.id }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/assign`, { ownerId: bob.id, reason: '   ' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect((await t.call(null, 'GET', `/api/v1/portal/${c.token}`)).data.owner).toEqual({ name: 'Anna Agent' });
    const moved = await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/assign`, { ownerId: bob.id, reason: 'Anna is on leave' });
    expect(moved.statusCode).toBe(200);
    expect(moved.data.owner.name).toBe('Bob Second');
    const ev = moved.data.timeline.filter((e: { type: string }) => e.type === 'owner_assigned').at(-1);
    expect(ev.data).toMatchObject({ ownerId: bob.id, previousOwnerId: t.users.agent.id, reason: 'Anna is on leave' });
    expect(ev.internal).toBe(false);
    expect((await t.call(null, 'GET', `/api/v1/portal/${c.token}`)).data.owner).toEqual({ name: 'Bob Second' });
  });

  it("refuses an agent acting on a colleague's case until they take it over or join as helper", async () => {
    const c = await annasCase();
    const reply = { direction: 'outbound', channel: 'email', body: 'Dear Rita, I am sorry; I will send a new one today.' };
    expect(code(await asBob('POST', `/api/v1/cases/${c.id}/messages`, reply))).toEqual([409, 'NOT_CASE_HANDLER']);
    expect(code(await asBob('POST', `/api/v1/cases/${c.id}/restatement`, { text: 'The parcel broke.' }))).toEqual([409, 'NOT_CASE_HANDLER']);
    expect(code(await asBob('POST', `/api/v1/cases/${c.id}/commitments`, { description: 'Send a new one', dueAt: new Date(Date.now() + 86_400_000).toISOString() }))).toEqual([409, 'NOT_CASE_HANDLER']);
    // Nothing was written by the refused moves.
    const before = await t.call('agent', 'GET', `/api/v1/cases/${c.id}`);
    expect(before.data.messages.filter((m: { authorUserId: string | null }) => m.authorUserId === bob.id)).toHaveLength(0);
    expect(before.data.restatement).toBeNull();
    expect(before.data.commitments).toHaveLength(0);
    // The owner and a supervisor act without further ado.
    expect((await t.call('agent', 'POST', `/api/v1/cases/${c.id}/messages`, reply, key())).statusCode).toBe(201);
    expect((await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/messages`, { ...reply, body: 'Dear Rita, I am the supervisor.' }, key())).statusCode).toBe(201);
    // Joining as helper: a participant row and a timeline entry; the owner stays.
    expect(code(await t.call(null, 'POST', `/api/v1/cases/${c.id}/participants`, {}))).toEqual([401, 'UNAUTHENTICATED']);
    expect(code(await asBob('POST', `/api/v1/cases/${c.id}/participants`, { reason: 5 }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await asBob('POST', '/api/v1/cases/00000000-0000-4000-8000-000000000000/participants', {}))).toEqual([404, 'CASE_NOT_FOUND']);
    const joined = await asBob('POST', `/api/v1/cases/${c.id}/participants`, { reason: 'I speak to the courier' });
    expect(joined.statusCode).toBe(200);
    expect(joined.data.owner.name).toBe('Anna Agent');
    expect(joined.data.participants).toContainEqual({ userId: bob.id, role: 'helper', reason: 'I speak to the courier', name: 'Bob Second' });
    expect(joined.data.timeline.at(-1)).toMatchObject({ type: 'participant_added', actor: { type: 'user', id: bob.id }, data: { userId: bob.id, role: 'helper' } });
    // Joining twice changes nothing.
    expect((await asBob('POST', `/api/v1/cases/${c.id}/participants`, {})).data.participants).toHaveLength(joined.data.participants.length);
    expect((await asBob('POST', `/api/v1/cases/${c.id}/messages`, { ...reply, body: 'Dear Rita, the courier has it.' })).statusCode).toBe(201);
    // The portal still names the owner.
    expect((await t.call(null, 'GET', `/api/v1/portal/${c.token}`)).data.owner).toEqual({ name: 'Anna Agent' });
  });

  it('takes a case over with a reason', async () => {
    const c = await annasCase();
    expect(code(await t.call(null, 'POST', `/api/v1/cases/${c.id}/take-over`, { reason: 'x' }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(code(await asBob('POST', `/api/v1/cases/${c.id}/take-over`, {}))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await asBob('POST', '/api/v1/cases/not-a-case/take-over', { reason: 'x' }))).toEqual([404, 'CASE_NOT_FOUND']);
    const taken = await asBob('POST', `/api/v1/cases/${c.id}/take-over`, { reason: 'Anna is ill today' });
    expect(taken.statusCode).toBe(200);
    expect(taken.data.ownerId).toBe(bob.id);
    expect(taken.data.timeline.at(-1)).toMatchObject({ type: 'owner_assigned', data: { ownerId: bob.id, previousOwnerId: t.users.agent.id, reason: 'Anna is ill today' } });
    expect((await asBob('POST', `/api/v1/cases/${c.id}/restatement`, { text: 'The parcel arrived broken.' })).statusCode).toBe(201);
    // Now Anna is the outsider.
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${c.id}/restatement`, { text: 'Mine again?' }, key()))).toEqual([409, 'NOT_CASE_HANDLER']);
    expect((await t.call(null, 'GET', `/api/v1/portal/${c.token}`)).data.owner).toEqual({ name: 'Bob Second' });
    // A closed case is not taken over.
    await asBob('POST', `/api/v1/cases/${c.id}/close`, { reason: 'duplicate' });
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${c.id}/take-over`, { reason: 'late' }))).toEqual([409, 'CASE_STATE_CONFLICT']);
  });

  it('adds internal notes with mentions, shown on the timeline and never to the customer', async () => {
    const c = await annasCase();
    const secret = 'Internal: the courier admitted dropping it, @bob please call them.';
    expect(code(await t.call(null, 'POST', `/api/v1/cases/${c.id}/notes`, { body: 'x' }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${c.id}/notes`, { body: '  ' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${c.id}/notes`, {}))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${c.id}/notes`, { body: 'x', mentions: ['nobody'] }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${c.id}/notes`, { body: 'x', mentions: ['00000000-0000-4000-8000-000000000000'] }))).toEqual([422, 'MENTION_NOT_STAFF']);
    expect(code(await t.call('agent', 'POST', '/api/v1/cases/00000000-0000-4000-8000-000000000000/notes', { body: 'x' }))).toEqual([404, 'CASE_NOT_FOUND']);
    const note = await t.call('agent', 'POST', `/api/v1/cases/${c.id}/notes`, { body: secret, mentions: [t.users.supervisor.id] });
    expect(note.statusCode).toBe(201);
    expect(note.data.body).toBe(secret);
    expect(note.data.mentions.map((m: { id: string }) => m.id).sort()).toEqual([bob.id, t.users.supervisor.id].sort());
    // A colleague who is not on the case may leave a note too: it does not touch the customer.
    expect((await asBob('POST', `/api/v1/cases/${c.id}/notes`, { body: 'Called the courier.' })).statusCode).toBe(201);
    const view = await t.call('agent', 'GET', `/api/v1/cases/${c.id}`);
    const notes = view.data.timeline.filter((e: { internal: boolean }) => e.internal);
    expect(notes.map((e: { type: string; data: { body: string } }) => [e.type, e.data.body])).toEqual([
      ['note_added', secret],
      ['note_added', 'Called the courier.'],
    ]);
    expect(notes[0].actor).toEqual({ type: 'user', id: t.users.agent.id });
    expect(view.data.timeline.filter((e: { type: string; internal: boolean }) => e.type !== 'note_added').every((e: { internal: boolean }) => e.internal === false)).toBe(true);
    // Never in the portal, never in a message or a mail job.
    const portal = await t.call(null, 'GET', `/api/v1/portal/${c.token}`);
    expect(portal.statusCode).toBe(200);
    expect(portal.body).not.toContain('courier');
    expect(view.data.messages.some((m: { body: string }) => m.body.includes('courier'))).toBe(false);
    const jobs = await queryRows<{ payload: unknown }>(t.database.db, sql`select payload from jobs`);
    expect(JSON.stringify(jobs)).not.toContain('courier');
  });

  it('hands a deactivated agent’s open cases to colleagues, each on the timeline, in one go', async () => {
    const cs = [await annasCase(), await annasCase(), await annasCase()];
    for (const c of cs) expect((await t.call('admin', 'POST', `/api/v1/cases/${c.id}/assign`, { ownerId: bob.id, reason: 'Bob covers' })).statusCode).toBe(200);
    await asBob('POST', `/api/v1/cases/${cs[2]!.id}/close`, { reason: 'spam' });
    const owned = async () => (await t.call('admin', 'GET', `/api/v1/cases?ownerId=${bob.id}&status=new,acknowledged,understood,resolving,resolved&limit=100`)).data.items.length;
    expect(await owned()).toBeGreaterThanOrEqual(2);
    expect(code(await t.call('supervisor', 'PATCH', `/api/v1/users/${bob.id}`, { active: false }))).toEqual([403, 'FORBIDDEN']);
    const off = await t.call('admin', 'PATCH', `/api/v1/users/${bob.id}`, { active: false });
    expect(off.statusCode).toBe(200);
    expect(await owned()).toBe(0);
    const open = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from cases where owner_id = ${bob.id} and status <> 'closed'`);
    expect(open[0]!.n).toBe(0);
    for (const c of cs.slice(0, 2)) {
      const v = (await t.call('admin', 'GET', `/api/v1/cases/${c.id}`)).data;
      expect(v.ownerId).not.toBe(bob.id);
      expect(v.timeline.at(-1)).toMatchObject({ type: 'owner_assigned', actor: { type: 'user', id: t.users.admin.id }, data: { previousOwnerId: bob.id, reason: 'previous owner deactivated' } });
      expect((await t.call(null, 'GET', `/api/v1/portal/${c.token}`)).data.owner.name).toBe(v.owner.name);
    }
    // The closed case keeps its history.
    expect((await t.call('admin', 'GET', `/api/v1/cases/${cs[2]!.id}`)).data.ownerId).toBe(bob.id);
    await t.call('admin', 'PATCH', `/api/v1/users/${bob.id}`, { active: true });
  });

  it('sweeps: every open case without an active owner gets one, closed ones are left alone', async () => {
    const [a, b, closed] = [await annasCase(), await annasCase(), await annasCase()];
    await t.call('agent', 'POST', `/api/v1/cases/${closed.id}/close`, { reason: 'test' });
    await t.database.db.execute(sql`update cases set owner_id = null where id in (${a.id}, ${closed.id})`);
    await t.database.db.execute(sql`update cases set owner_id = ${bob.id} where id = ${b.id}`);
    await t.database.db.execute(sql`update users set active = false where id = ${bob.id}`);
    try {
      expect(await assignOwnerlessCases(t.database.db)).toBeGreaterThanOrEqual(2);
      const left = await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from cases c left join users u on u.id = c.owner_id where c.status <> 'closed' and (u.id is null or not u.active)`,
      );
      expect(left[0]!.n).toBe(0);
      for (const c of [a, b]) {
        const v = (await t.call('admin', 'GET', `/api/v1/cases/${c.id}`)).data;
        expect(v.owner).not.toBeNull();
        expect(v.ownerId).not.toBe(bob.id);
        expect(v.timeline.at(-1)).toMatchObject({ type: 'owner_assigned', actor: { type: 'system' }, data: { reason: 'no active owner (sweep)' } });
      }
      expect((await t.call('admin', 'GET', `/api/v1/cases/${closed.id}`)).data.ownerId).toBeNull();
      expect(await assignOwnerlessCases(t.database.db)).toBe(0);
    } finally {
      await t.database.db.execute(sql`update users set active = true where id = ${bob.id}`);
    }
  });
});
