// Merging a duplicate case into another and splitting a message out into a new case
// (issue 13): the conversation moves, the duplicate closes with a pointer, its portal
// link shows the surviving case, both timelines say so; refusals carry stable codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { addUser } from '../../src/staff/users.ts';
import { createApiToken } from '../../src/staff/api-tokens.ts';

const code = (r: { statusCode: number; data: { error?: { code: string } } }) => [r.statusCode, r.data.error?.code];
type Ev = { type: string; data: Record<string, unknown> };

describe.each(TARGETS)('case merge and split on %s', (target) => {
  let t: TestApp;
  let bob: { id: string; token: string };
  let n = 0;
  /** Files a case for a customer (by email) and gives it to Anna; returns id, number and portal token. */
  async function fileCase(email: string, body = `Complaint ${++n}: the parcel arrived broken.`) {
    const filed = await t.call('admin', 'POST', '/api/v1/cases', { channel: 'email', customer: { name: 'Rita', email }, body, subject: `Subject ${n}` });
    expect(filed.statusCode).toBe(201);
    expect((await t.call('admin', 'POST', `/api/v1/cases/${filed.data.id}/assign`, { ownerId: t.users.agent.id, reason: 'set-up' })).statusCode).toBe(200);
    return { id: filed.data.id as string, number: filed.data.number as string, token: filed.data.portalUrl.split('/').at(-1) as string };
  }

  beforeAll(async () => {
    t = await createTestApp(target);
    const u = await addUser(t.database.db, { email: 'bob@test.example', name: 'Bob Second', role: 'agent', languages: ['en'] });
    bob = { id: u.id, token: (await createApiToken(t.database.db, { name: 'bob', role: 'agent', userId: u.id })).token };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('merges a duplicate: messages move, it closes with a pointer, its portal link shows the surviving case', async () => {
    const keep = await fileCase('rita@example.com', 'My parcel arrived broken.');
    const dup = await fileCase('rita@example.com', 'I wrote already: the parcel is broken!');
    expect((await t.call('agent', 'POST', '/api/v1/cases/bulk', { caseIds: [dup.id], action: 'priority', priority: 'urgent' })).data.succeeded).toBe(1);
    const merged = await t.call('agent', 'POST', `/api/v1/cases/${dup.id}/merge`, { into: keep.number, reason: 'same parcel' });
    expect(merged.statusCode).toBe(200);
    expect(merged.data.id).toBe(keep.id);
    // Merges are audited (issue 14): an admin reads who merged what into what.
    const audit = await t.call('admin', 'GET', '/api/v1/audit?action=case.merge');
    expect(audit.data.items[0]).toMatchObject({ action: 'case.merge', target: { type: 'case', id: keep.id }, before: { duplicateId: dup.id } });
    const bodies = merged.data.messages.map((m: { body: string }) => m.body);
    expect(bodies).toEqual(expect.arrayContaining(['My parcel arrived broken.', 'I wrote already: the parcel is broken!']));
    expect((merged.data.timeline as Ev[]).find((e) => e.type === 'case_merged')).toMatchObject({ data: { fromCaseId: dup.id, fromNumber: dup.number, reason: 'same parcel' } });
    // The surviving case is at least as urgent as the duplicate was.
    expect(merged.data.priority).toBe('urgent');
    expect((merged.data.timeline as Ev[]).at(-1)).toMatchObject({ type: 'priority_changed', data: { to: 'urgent', reason: 'merge' } });
    const old = (await t.call('agent', 'GET', `/api/v1/cases/${dup.id}`)).data;
    expect(old.status).toBe('closed');
    expect(old.messages).toEqual([]);
    expect((old.timeline as Ev[]).map((e) => e.type)).toEqual(expect.arrayContaining(['merged_into', 'closed']));
    expect((old.timeline as Ev[]).find((e) => e.type === 'merged_into')!.data).toMatchObject({ intoCaseId: keep.id, intoNumber: keep.number });
    expect(old.clocks.every((c: { status: string }) => c.status !== 'running')).toBe(true);
    // The customer's link of the duplicate opens the surviving case.
    const portal = await t.call(null, 'GET', `/api/v1/portal/${dup.token}`);
    expect(portal.statusCode).toBe(200);
    expect(portal.data.caseNumber).toBe(keep.number);
    // A closed case merges no more.
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${dup.id}/merge`, { into: keep.id }))).toEqual([409, 'CASE_STATE_CONFLICT']);
  });

  it("refuses merging another customer's case, itself, unknown cases, and a colleague's case", async () => {
    const a = await fileCase('anna.c@example.com');
    const b = await fileCase('bruno.c@example.com');
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${a.id}/merge`, { into: b.id }))).toEqual([422, 'MERGE_CUSTOMER_MISMATCH']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${a.id}/merge`, { into: a.number }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${a.id}/merge`, { into: 'C-999999' }))).toEqual([404, 'CASE_NOT_FOUND']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${a.id}/merge`, { into: 'nonsense' }))).toEqual([404, 'CASE_NOT_FOUND']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${randomUUID()}/merge`, { into: a.id }))).toEqual([404, 'CASE_NOT_FOUND']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${a.id}/merge`, {}))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${a.id}/merge`, { into: 5 }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${a.id}/merge`, { into: 'x'.repeat(101) }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call(null, 'POST', `/api/v1/cases/${a.id}/merge`, { into: b.id }))).toEqual([401, 'UNAUTHENTICATED']);
    const a2 = await fileCase('anna.c@example.com');
    // Bob handles neither case: refused, and nothing moved.
    const refused = await t.call(null, 'POST', `/api/v1/cases/${a2.id}/merge`, { into: a.id }, { authorization: `Bearer ${bob.token}` });
    expect(code(refused)).toEqual([409, 'NOT_CASE_HANDLER']);
    expect((await t.call('agent', 'GET', `/api/v1/cases/${a2.id}`)).data.status).not.toBe('closed');
  });

  it('splits a message out into a new case of the same customer, owner and priority', async () => {
    const c = await fileCase('split@example.com', 'The parcel arrived broken.');
    const second = await t.call('agent', 'POST', `/api/v1/cases/${c.id}/messages`, { direction: 'inbound', channel: 'email', body: 'Also: your invoice charged me twice.' });
    expect(second.statusCode).toBe(201);
    const before = (await t.call('agent', 'GET', `/api/v1/cases/${c.id}`)).data;
    const msg = before.messages.find((m: { body: string }) => m.body.startsWith('Also'));
    const split = await t.call('agent', 'POST', `/api/v1/cases/${c.id}/split`, { messageId: msg.id, reason: 'a billing complaint of its own' });
    expect(split.statusCode).toBe(201);
    expect(split.data).toMatchObject({ status: 'acknowledged', priority: before.priority, ownerId: t.users.agent.id, customer: { id: before.customer.id } });
    expect(split.data.id).not.toBe(c.id);
    expect(split.data.messages.map((m: { id: string }) => m.id)).toEqual([msg.id]);
    expect((split.data.timeline as Ev[]).find((e) => e.type === 'split_from')!.data).toMatchObject({ fromCaseId: c.id, messageId: msg.id, reason: 'a billing complaint of its own' });
    const after = (await t.call('agent', 'GET', `/api/v1/cases/${c.id}`)).data;
    expect(after.messages.map((m: { id: string }) => m.id)).not.toContain(msg.id);
    expect((after.timeline as Ev[]).at(-1)).toMatchObject({ type: 'case_split', data: { newCaseId: split.data.id, newNumber: split.data.number } });
    // The last message stays; unknown messages and cases are 404; a colleague must take over first.
    const only = after.messages.filter((m: { direction: string }) => m.direction === 'inbound');
    expect(only).toHaveLength(1);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${split.data.id}/split`, { messageId: msg.id }))).toEqual([409, 'CASE_STATE_CONFLICT']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${c.id}/split`, { messageId: msg.id }))).toEqual([404, 'MESSAGE_NOT_FOUND']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${c.id}/split`, { messageId: 'x' }))).toEqual([404, 'MESSAGE_NOT_FOUND']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${randomUUID()}/split`, { messageId: msg.id }))).toEqual([404, 'CASE_NOT_FOUND']);
    expect(code(await t.call('agent', 'POST', `/api/v1/cases/${c.id}/split`, {}))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call(null, 'POST', `/api/v1/cases/${c.id}/split`, { messageId: only[0].id }, { authorization: `Bearer ${bob.token}` }))).toEqual([409, 'NOT_CASE_HANDLER']);
  });
});
