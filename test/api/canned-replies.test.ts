// Canned replies (issue 13): supervisors and admins keep them per language, every
// agent searches them filled in for a case, and the reply checker still flags a
// draft that is nothing but a template with its placeholders filled (P-2.5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { fillPlaceholders, isUnchangedTemplate, unknownPlaceholders } from '../../src/domain/canned-replies.ts';

const key = () => ({ 'idempotency-key': randomUUID() });
const code = (r: { statusCode: number; data: { error?: { code: string } } }) => [r.statusCode, r.data?.error?.code];
const TEMPLATE = 'Dear {{customerName}}, thank you for writing about {{caseNumber}}. I am sorry for the trouble. Kind regards, {{ownerName}}';

describe('canned reply placeholders (pure)', () => {
  const values = { customerName: 'Rita Ozola', caseNumber: 'C-000042', ownerName: 'Anna Agent' };
  it('fills known placeholders and leaves unknown ones as written', () => {
    expect(fillPlaceholders('Hi {{ customerName }}, {{caseNumber}} / {{other}}', values)).toBe('Hi Rita Ozola, C-000042 / {{other}}');
    expect(unknownPlaceholders('{{customerName}} {{other}} {{other}}')).toEqual(['other']);
  });
  it('recognises a template with only its placeholders filled, whatever they were filled with', () => {
    expect(isUnchangedTemplate(fillPlaceholders(TEMPLATE, values), [TEMPLATE])).toBe(true);
    expect(isUnchangedTemplate(`  ${fillPlaceholders(TEMPLATE, values).replace(/ /g, '\n ')} `, [TEMPLATE], values)).toBe(true);
    expect(isUnchangedTemplate(fillPlaceholders(TEMPLATE, { ...values, customerName: 'Somebody Else' }), [TEMPLATE])).toBe(true);
    expect(isUnchangedTemplate(`${fillPlaceholders(TEMPLATE, values)} I will call you at 3 pm about the broken parcel.`, [TEMPLATE])).toBe(false);
    expect(isUnchangedTemplate('', [TEMPLATE])).toBe(false);
    expect(isUnchangedTemplate('anything (.*)', ['anything (.*)'])).toBe(true);
    expect(isUnchangedTemplate('anything at all', ['anything (.*)'])).toBe(false);
  });
});

describe.each(TARGETS)('canned replies on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('only supervisors, heads and admins keep them; input is checked', async () => {
    const body = { language: 'en', title: 'Apology', body: TEMPLATE };
    expect(code(await t.call(null, 'POST', '/api/v1/canned-replies', body))).toEqual([401, 'UNAUTHENTICATED']);
    expect(code(await t.call('agent', 'POST', '/api/v1/canned-replies', body))).toEqual([403, 'FORBIDDEN']);
    expect(code(await t.call('supervisor', 'POST', '/api/v1/canned-replies', { ...body, language: 'xx' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('supervisor', 'POST', '/api/v1/canned-replies', { ...body, title: '   ' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('supervisor', 'POST', '/api/v1/canned-replies', { ...body, body: 'x'.repeat(5001) }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('supervisor', 'POST', '/api/v1/canned-replies', { ...body, body: 7 }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('supervisor', 'POST', '/api/v1/canned-replies', { ...body, title: 'bell\u0007' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await t.call('supervisor', 'POST', '/api/v1/canned-replies', { ...body, body: 'Hi {{customerEmail}}' }))).toEqual([400, 'VALIDATION_FAILED']);
    const made = await t.call('supervisor', 'POST', '/api/v1/canned-replies', body, key());
    expect(made.statusCode).toBe(201);
    expect(made.data).toMatchObject({ language: 'en', title: 'Apology', body: TEMPLATE });
    const id = made.data.id;
    expect(code(await t.call('agent', 'PATCH', `/api/v1/canned-replies/${id}`, { title: 'Mine' }))).toEqual([403, 'FORBIDDEN']);
    expect(code(await t.call('admin', 'PATCH', '/api/v1/canned-replies/not-an-id', { title: 'x' }))).toEqual([404, 'CANNED_REPLY_NOT_FOUND']);
    expect(code(await t.call('admin', 'PATCH', `/api/v1/canned-replies/${randomUUID()}`, { title: 'x' }))).toEqual([404, 'CANNED_REPLY_NOT_FOUND']);
    const changed = await t.call('head', 'PATCH', `/api/v1/canned-replies/${id}`, { title: 'Apology (short)' });
    expect(changed.statusCode).toBe(200);
    expect(changed.data.title).toBe('Apology (short)');
    expect(changed.data.body).toBe(TEMPLATE);
    const other = await t.call('admin', 'POST', '/api/v1/canned-replies', { language: 'lv', title: 'Atvainošanās', body: 'Labdien, {{customerName}}! Atvainojiet par neērtībām.' });
    expect(other.statusCode).toBe(201);
    expect(code(await t.call('agent', 'DELETE', `/api/v1/canned-replies/${other.data.id}`))).toEqual([403, 'FORBIDDEN']);
    expect((await t.call('admin', 'DELETE', `/api/v1/canned-replies/${other.data.id}`)).statusCode).toBe(200);
    expect(code(await t.call('admin', 'DELETE', `/api/v1/canned-replies/${other.data.id}`))).toEqual([404, 'CANNED_REPLY_NOT_FOUND']);
  });

  it('every agent searches them, by language and words; for a case they come filled in', async () => {
    await t.call('admin', 'POST', '/api/v1/canned-replies', { language: 'en', title: 'Refund sent', body: 'Hello {{customerName}}, the refund for {{caseNumber}} is on its way. {{ownerName}}' });
    await t.call('admin', 'POST', '/api/v1/canned-replies', { language: 'de', title: 'Entschuldigung', body: 'Guten Tag {{customerName}}, es tut mir leid.' });
    expect(code(await t.call(null, 'GET', '/api/v1/canned-replies'))).toEqual([401, 'UNAUTHENTICATED']);
    const all = await t.call('agent', 'GET', '/api/v1/canned-replies');
    expect(all.statusCode).toBe(200);
    expect(all.data.items.length).toBeGreaterThanOrEqual(3);
    expect((await t.call('agent', 'GET', '/api/v1/canned-replies?language=de')).data.items.map((i: { title: string }) => i.title)).toEqual(['Entschuldigung']);
    expect((await t.call('agent', 'GET', '/api/v1/canned-replies?q=REFUND%20way')).data.items.map((i: { title: string }) => i.title)).toEqual(['Refund sent']);
    expect((await t.call('agent', 'GET', '/api/v1/canned-replies?q=100%25_')).data.items).toEqual([]);
    expect(code(await t.call('agent', 'GET', '/api/v1/canned-replies?language=zz'))).toEqual([400, 'VALIDATION_FAILED']);
    const filed = await t.call('admin', 'POST', '/api/v1/cases', { channel: 'email', customer: { name: 'Rita Ozola', email: 'rita@example.com' }, body: 'The parcel arrived broken.', language: 'en' });
    await t.call('admin', 'POST', `/api/v1/cases/${filed.data.id}/assign`, { ownerId: t.users.agent.id, reason: 'Anna' });
    expect(code(await t.call('agent', 'GET', `/api/v1/cases/${randomUUID()}/canned-replies`))).toEqual([404, 'CASE_NOT_FOUND']);
    const forCase = await t.call('agent', 'GET', `/api/v1/cases/${filed.data.id}/canned-replies?q=refund`);
    expect(forCase.statusCode).toBe(200);
    expect(forCase.data.items).toHaveLength(1);
    expect(forCase.data.items[0].filled).toBe(`Hello Rita Ozola, the refund for ${filed.data.number} is on its way. Anna Agent`);
    // In the case's language by default; "all" or another language on request.
    expect((await t.call('agent', 'GET', `/api/v1/cases/${filed.data.id}/canned-replies`)).data.items.every((i: { language: string }) => i.language === 'en')).toBe(true);
    expect((await t.call('agent', 'GET', `/api/v1/cases/${filed.data.id}/canned-replies?language=de`)).data.items[0].filled).toBe('Guten Tag Rita Ozola, es tut mir leid.');
    expect((await t.call('agent', 'GET', `/api/v1/cases/${filed.data.id}/canned-replies?language=all`)).data.items.length).toBeGreaterThanOrEqual(3);
  });

  it('the reply checker flags a template sent unchanged, even with the name filled in, and not once it is made personal', async () => {
    const filed = await t.call('admin', 'POST', '/api/v1/cases', { channel: 'email', customer: { name: 'Maris Liepa', email: 'maris@example.com' }, body: 'My order came late and the box was crushed.', language: 'en' });
    const caseId = filed.data.id;
    await t.call('admin', 'POST', `/api/v1/cases/${caseId}/assign`, { ownerId: t.users.agent.id, reason: 'Anna' });
    const filled = (await t.call('agent', 'GET', `/api/v1/cases/${caseId}/canned-replies?q=sorry`)).data.items[0].filled as string;
    expect(filled).toContain('Dear Maris Liepa');
    const check = async (body: string) => (await t.call('agent', 'POST', `/api/v1/cases/${caseId}/replies/check`, { body, channel: 'email' })).data.warnings.map((w: { code: string }) => w.code);
    expect(await check(filled)).toContain('TEMPLATE_UNCHANGED');
    expect(await check(filled.replace('I am sorry for the trouble.', 'I am sorry the box came crushed; I will send a new one today.'))).not.toContain('TEMPLATE_UNCHANGED');
    // Sending it unchanged records the same warning on the message.
    const sent = await t.call('agent', 'POST', `/api/v1/cases/${caseId}/messages`, { direction: 'outbound', channel: 'email', body: filled }, key());
    expect(sent.statusCode).toBe(201);
    expect(sent.data.warnings.map((w: { code: string }) => w.code)).toContain('TEMPLATE_UNCHANGED');
  });
});
