// Learning from cases and the people who handle them (issue 12; P-4.3, P-4.4, P-4.7, P-4.8)
// through the API on PGlite and PostgreSQL: categories, root causes with the fixed contract,
// linking, the systemic flag, effectiveness from seeded cases, thank-you mail once per customer
// in their language through a real SMTP server, scripts, portal praise and the ledger with its CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { startSmtp, type TestSmtp } from '../helpers/mail.ts';
import { createMailer, type Mailer } from '../../src/channels/email/smtp-sender.ts';
import { Worker } from '../../src/jobs/worker.ts';
import { queryRows } from '../../src/db/client.ts';

const LABELS = { en: 'Printing', de: 'Druck', es: 'Impresión', fi: 'Painatus', lv: 'Druka', ro: 'Tipărire', ru: 'Печать' };
const WEEK = 7 * 86_400_000;

describe.each(TARGETS)('learning from cases and the employee ledger on %s', (target) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let mailer: Mailer | null;
  const caseIds: string[] = [];
  const numbers: string[] = [];
  let categoryId = '';

  const open = async (email: string, language: string, body: string) => {
    const c = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email, name: email.split('@')[0] }, language, body });
    expect(c.statusCode).toBe(201);
    return c.data as { id: string; number: string; customer: { id: string }; suggestedCategory: string | null };
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp(target, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Amends <desk@shop.example>', BUSINESS_NAME: 'Print Shop' });
    mailer = createMailer(t.services.config);
    for (const [email, lang, body] of [
      ['greta@example.com', 'de', 'Die Farbe auf den Visitenkarten ist falsch, die Qualität ist schlecht.'],
      ['boris@example.com', 'ru', 'Цвет визиток не тот, качество плохое.'],
      ['ellen@example.com', 'en', 'The colour of my business cards is wrong and the print quality is poor.'],
    ] as const) {
      const c = await open(email, lang, body);
      caseIds.push(c.id);
      numbers.push(c.number);
    }
  });
  afterAll(async () => {
    mailer?.close();
    await t?.close();
    await smtp?.close();
  });

  it('suggests a category at intake; admins manage categories and retire a used one; the handler sets it', async () => {
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${caseIds[2]}`)).data;
    expect(c.suggestedCategory).toBe('product');
    expect(c.categoryId).toBeNull();

    expect((await t.call('agent', 'POST', '/api/v1/categories', { key: 'printing', labels: LABELS })).statusCode).toBe(403);
    const missing = await t.call('admin', 'POST', '/api/v1/categories', { key: 'printing', labels: { en: 'Printing' } });
    expect(missing.statusCode).toBe(400);
    const made = await t.call('admin', 'POST', '/api/v1/categories', { key: 'printing', labels: LABELS });
    expect(made.statusCode).toBe(201);
    categoryId = made.data.id;
    expect((await t.call('admin', 'POST', '/api/v1/categories', { key: 'printing', labels: LABELS })).data.error.code).toBe('DUPLICATE');
    const renamed = await t.call('admin', 'PATCH', `/api/v1/categories/${categoryId}`, { labels: { en: 'Print quality' } });
    expect(renamed.data.labels).toMatchObject({ en: 'Print quality', de: 'Druck' });
    const hostile = await t.call('admin', 'PATCH', `/api/v1/categories/${categoryId}`, { key: 'Bad Key\u0007' });
    expect(hostile.statusCode).toBe(400);
    expect((await t.call('admin', 'PATCH', '/api/v1/categories/nope', { sortOrder: 1 })).data.error.code).toBe('CATEGORY_NOT_FOUND');

    const list = await t.call('agent', 'GET', '/api/v1/categories');
    expect(list.data.items.map((x: { key: string }) => x.key)).toContain('printing');

    for (const id of caseIds) {
      const set = await t.call('agent', 'PUT', `/api/v1/cases/${id}/category`, { categoryId });
      expect(set.statusCode).toBe(200);
      expect(set.data.categoryId).toBe(categoryId);
      expect(set.data.timeline.some((e: { type: string }) => e.type === 'category_set')).toBe(true);
    }
    expect((await t.call('agent', 'PUT', `/api/v1/cases/${caseIds[0]}/category`, { categoryId: 'x' })).data.error.code).toBe('CATEGORY_NOT_FOUND');

    // An unused category is deleted; a used one only retired, and cannot be chosen any more.
    const spare = await t.call('admin', 'POST', '/api/v1/categories', { key: 'spare', labels: LABELS });
    expect((await t.call('admin', 'DELETE', `/api/v1/categories/${spare.data.id}`)).data.deleted).toBe(true);
    const used = await t.call('admin', 'POST', '/api/v1/categories', { key: 'used', labels: LABELS });
    await t.call('agent', 'PUT', `/api/v1/cases/${caseIds[0]}/category`, { categoryId: used.data.id });
    const retired = await t.call('admin', 'DELETE', `/api/v1/categories/${used.data.id}`);
    expect([retired.data.deleted, retired.data.category.active]).toEqual([false, false]);
    expect((await t.call('agent', 'PUT', `/api/v1/cases/${caseIds[1]}/category`, { categoryId: used.data.id })).data.error.code).toBe('CATEGORY_RETIRED');
    await t.call('agent', 'PUT', `/api/v1/cases/${caseIds[0]}/category`, { categoryId });
  });

  it('records root causes by the fixed contract and pages them with a cursor', async () => {
    expect((await t.call(null, 'POST', '/api/v1/root-causes', { title: 'x', kind: 'accidental' })).statusCode).toBe(401);
    expect((await t.call('agent', 'POST', '/api/v1/root-causes', { title: 'x', kind: 'accidental' })).statusCode).toBe(403);
    expect((await t.call('supervisor', 'POST', '/api/v1/root-causes', { kind: 'accidental', action: 'a' })).statusCode).toBe(400);
    expect((await t.call('supervisor', 'POST', '/api/v1/root-causes', { title: 'x', kind: 7 })).statusCode).toBe(400);
    expect((await t.call('supervisor', 'POST', '/api/v1/root-causes', { title: 'x', kind: 'random' })).statusCode).toBe(400);
    expect((await t.call('supervisor', 'POST', '/api/v1/root-causes', { title: 'x'.repeat(5000), kind: 'accidental' })).statusCode).toBe(400);
    expect((await t.call('supervisor', 'POST', '/api/v1/root-causes', { title: 'x', kind: 'accidental', ownerId: 'nobody' })).data.error.code).toBe('USER_NOT_FOUND');
    // Hostile input: control characters, a wrong date, a huge body.
    expect((await t.call('supervisor', 'POST', '/api/v1/root-causes', { title: 'bell\u0007', kind: 'accidental' })).statusCode).toBe(400);
    expect((await t.call('supervisor', 'POST', '/api/v1/root-causes', { title: 'x', kind: 'accidental', dueAt: 'tomorrow' })).statusCode).toBe(400);
    expect((await t.call('supervisor', 'POST', '/api/v1/root-causes', { title: 'x', kind: 'accidental', action: 'y'.repeat(2_000_000) })).statusCode).toBe(413);
    expect((await t.call('supervisor', 'POST', `/api/v1/root-causes/${'x'.repeat(50)}/cases`, { caseNumbers: ['C-1'] })).data.error.code).toBe('ROOT_CAUSE_NOT_FOUND');
    for (const title of ['Courier left parcels outside', 'Invoice template showed the old bank account']) {
      const r = await t.call('supervisor', 'POST', '/api/v1/root-causes', { title, kind: 'accidental', action: 'Fix it', dueAt: '2026-12-31T12:00:00Z' });
      expect(r.statusCode).toBe(201);
      expect(r.data).toMatchObject({ title, kind: 'accidental', status: 'open', ownerId: t.users.supervisor.id, dueAt: '2026-12-31T12:00:00.000Z', caseCount: 0 });
    }
    const first = await t.call('supervisor', 'GET', '/api/v1/root-causes?limit=1');
    expect(first.statusCode).toBe(200);
    expect(first.data.items).toHaveLength(1);
    expect(first.data.nextCursor).toEqual(expect.any(String));
    const second = await t.call('supervisor', 'GET', `/api/v1/root-causes?limit=1&cursor=${first.data.nextCursor}`);
    expect(second.data.items).toHaveLength(1);
    expect(second.data.items[0].id).not.toBe(first.data.items[0].id);
    expect((await t.call('supervisor', 'GET', '/api/v1/root-causes?cursor=garbage')).data.error.code).toBe('INVALID_CURSOR');
    expect((await t.call('supervisor', 'GET', '/api/v1/root-causes/00000000-0000-4000-8000-000000000000')).data.error.code).toBe('ROOT_CAUSE_NOT_FOUND');
  });

  it('links three cases of three customers: flagged systemic; effectiveness from the before/after windows; customers thanked once each in their language', async () => {
    const made = await t.call('supervisor', 'POST', '/api/v1/root-causes', {
      title: 'Order form recorded only the article number, not the colour',
      kind: 'accidental',
      action: 'Add a colour field to the order form',
      ruleAdded: 'Record the Pantone colour on every order',
      dueAt: '2026-12-31T12:00:00Z',
      ownerId: t.users.head.id,
      categoryId,
    });
    expect(made.statusCode).toBe(201);
    const id = made.data.id as string;
    expect((await t.call('supervisor', 'POST', `/api/v1/root-causes/${id}/cases`, { caseIds: ['00000000-0000-4000-8000-000000000000'] })).statusCode).toBe(404);
    expect((await t.call('supervisor', 'POST', `/api/v1/root-causes/${id}/cases`, { caseIds: 'x' })).statusCode).toBe(400);
    const two = await t.call('supervisor', 'POST', `/api/v1/root-causes/${id}/cases`, { caseIds: caseIds.slice(0, 2) });
    expect([two.statusCode, two.data.kind, two.data.caseCount]).toEqual([200, 'accidental', 2]);
    const three = await t.call('supervisor', 'POST', `/api/v1/root-causes/${id}/cases`, { caseNumbers: [numbers[2]], caseIds: [caseIds[0]] });
    expect(three.data).toMatchObject({ caseCount: 3, customerCount: 3, kind: 'systemic', kindSource: 'auto', systemicThreshold: 3 });
    expect(three.data.cases.map((c: { number: string }) => c.number).sort()).toEqual([...numbers].sort());
    const onCase = await t.call('supervisor', 'GET', `/api/v1/cases/${caseIds[0]}/root-causes`);
    expect(onCase.data.items.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(three.data.effectiveness).toBeNull();

    // Done: each customer is thanked once, however often the action goes back and forth.
    expect((await t.call('supervisor', 'PATCH', `/api/v1/root-causes/${id}`, { status: 'verified' })).data.error.code).toBe('ROOT_CAUSE_STATE_CONFLICT');
    const done = await t.call('supervisor', 'PATCH', `/api/v1/root-causes/${id}`, { status: 'done' });
    expect([done.statusCode, done.data.status, done.data.thankedCustomers]).toEqual([200, 'done', 3]);
    await t.call('supervisor', 'PATCH', `/api/v1/root-causes/${id}`, { status: 'in_progress' });
    expect((await t.call('supervisor', 'PATCH', `/api/v1/root-causes/${id}`, { status: 'done' })).data.thankedCustomers).toBe(3);
    const jobs = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from messages where kind = 'root_cause_thanks'`);
    expect(jobs[0]!.n).toBe(3);
    const worker = new Worker({ db: t.database.db, mailer, config: t.services.config, pollMs: 50 });
    while ((await worker.runOnce()) > 0);
    const thanks = smtp.mails.filter((m) => /changed|geändert|изменили/.test(m.subject));
    expect(thanks.map((m) => m.rcpt).sort()).toEqual(['boris@example.com', 'ellen@example.com', 'greta@example.com']);
    expect(thanks.find((m) => m.rcpt === 'greta@example.com')!.subject).toMatch(/^Dank Ihnen haben wir etwas geändert/);
    expect(thanks.find((m) => m.rcpt === 'boris@example.com')!.text).toContain('Record the Pantone colour on every order');
    expect(thanks.find((m) => m.rcpt === 'boris@example.com')!.subject).toMatch(/^Благодаря вам/);

    // Effectiveness: done four weeks ago; four cases in the eight weeks before, one after.
    const doneAt = new Date(Date.now() - 4 * WEEK);
    await t.database.db.execute(sql`update root_causes set done_at = ${doneAt.toISOString()}::timestamptz where id = ${id}::uuid`);
    await t.database.db.execute(sql`update customers set created_at = '2020-01-01T00:00:00Z'`);
    const extra = await open('fred@example.com', 'en', 'Wrong colour again');
    await t.call('agent', 'PUT', `/api/v1/cases/${extra.id}/category`, { categoryId });
    const at = (id: string, d: Date) => t.database.db.execute(sql`update cases set created_at = ${d.toISOString()}::timestamptz where id = ${id}::uuid`);
    await at(caseIds[0]!, new Date(+doneAt - 1 * WEEK));
    await at(caseIds[1]!, new Date(+doneAt - 3 * WEEK));
    await at(caseIds[2]!, new Date(+doneAt - 7 * WEEK));
    const fourth = await open('gina@example.com', 'en', 'Colour mismatch');
    await t.call('agent', 'PUT', `/api/v1/cases/${fourth.id}/category`, { categoryId });
    await at(fourth.id, new Date(+doneAt - 5 * WEEK));
    await at(extra.id, new Date(+doneAt + 2 * WEEK));
    await t.database.db.execute(sql`update customers set created_at = '2020-01-01T00:00:00Z'`);
    const customers = (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from customers`))[0]!.n;
    const eff = (await t.call('supervisor', 'GET', `/api/v1/root-causes/${id}`)).data.effectiveness;
    expect(eff.weeks).toBe(8);
    expect(eff.before).toEqual({ cases: 4, weeks: 8, perWeek: 0.5, per100Customers: Math.round((400 / customers) * 100) / 100 });
    expect(eff.after.cases).toBe(1);
    expect(eff.after.weeks).toBeCloseTo(4, 1);
    expect(eff.after.perWeek).toBeCloseTo(0.25, 2);
    expect(eff.changePercent).toBeCloseTo(-50, 0);

    // Unlinking a case; and it is gone from the record.
    const un = await t.call('supervisor', 'DELETE', `/api/v1/root-causes/${id}/cases/${caseIds[2]}`);
    expect(un.data.caseCount).toBe(2);
    expect((await t.call('supervisor', 'DELETE', `/api/v1/root-causes/${id}/cases/${caseIds[2]}`)).statusCode).toBe(404);
  });

  it('scripts: admins write them per role, category and language; the desk reads the matching ones and counts uses', async () => {
    const roles = await t.call('agent', 'GET', '/api/v1/script-roles');
    expect(roles.data.items.map((r: { key: string }) => r.key)).toEqual(expect.arrayContaining(['receptionist', 'sales', 'service_desk', 'shop_floor', 'night_call_centre']));
    expect((await t.call('agent', 'POST', '/api/v1/script-roles', { key: 'x', labels: LABELS })).statusCode).toBe(403);
    expect((await t.call('admin', 'POST', '/api/v1/script-roles', { key: 'courier', labels: LABELS })).statusCode).toBe(201);
    const mk = (body: object) => t.call('admin', 'POST', '/api/v1/scripts', body);
    const specific = await mk({ roleKey: 'sales', categoryId, language: 'de', title: 'Falsche Farbe', body: 'Es tut uns leid. Wir drucken neu, mit Farbmuster.' });
    expect(specific.statusCode).toBe(201);
    await mk({ language: 'de', title: 'Allgemein', body: 'Danke, dass Sie es uns sagen.' });
    await mk({ roleKey: 'receptionist', language: 'de', title: 'Empfang', body: 'Ich hole sofort jemanden.' });
    await mk({ language: 'en', title: 'General', body: 'Thank you for telling us.' });
    expect((await mk({ roleKey: 'nope', language: 'de', title: 'x', body: 'y' })).data.error.code).toBe('SCRIPT_ROLE_NOT_FOUND');
    expect((await mk({ language: 'xx', title: 'x', body: 'y' })).statusCode).toBe(400);
    expect((await t.call('agent', 'POST', '/api/v1/scripts', { language: 'en', title: 'x', body: 'y' })).statusCode).toBe(403);

    const forCase = await t.call('agent', 'GET', `/api/v1/scripts?caseId=${caseIds[0]}&role=sales`);
    expect(forCase.data.items.map((s: { title: string }) => s.title)).toEqual(['Falsche Farbe', 'Allgemein']);
    const used = await t.call('agent', 'POST', `/api/v1/scripts/${specific.data.id}/uses`);
    expect(used.data.uses).toBe(1);
    expect((await t.call('agent', 'POST', '/api/v1/scripts/nope/uses')).data.error.code).toBe('SCRIPT_NOT_FOUND');
    const retired = await t.call('admin', 'DELETE', `/api/v1/scripts/${specific.data.id}`);
    expect([retired.data.deleted, retired.data.script.active]).toEqual([false, false]);
  });

  it('the customer praises their handler in the portal; a supervisor marks a complaint justified; the ledger adds bonus and penalty; CSV for payroll', async () => {
    const anna = t.users.agent.id;
    const link = await t.call('agent', 'POST', `/api/v1/cases/${caseIds[2]}/portal-link`);
    const token = link.data.portalUrl.split('/').at(-1);
    const before = await t.call(null, 'GET', `/api/v1/portal/${token}`);
    expect([before.data.owner.name, before.data.praisedOwner]).toEqual(['Anna Agent', false]);
    const praised = await t.call(null, 'POST', `/api/v1/portal/${token}/praise`, { message: 'Anna was wonderful' });
    expect([praised.statusCode, praised.data.praisedOwner]).toEqual([201, true]);
    expect((await t.call(null, 'POST', `/api/v1/portal/${token}/praise`, {})).data.error.code).toBe('ALREADY_PRAISED');
    expect((await t.call(null, 'POST', '/api/v1/portal/bogus/praise', {})).statusCode).toBe(404);

    // A complaint counts only when a supervisor marks it justified, with a reason.
    expect((await t.call('agent', 'POST', `/api/v1/cases/${caseIds[1]}/justified-complaints`, { userId: anna, reason: 'x' })).statusCode).toBe(403);
    expect((await t.call('supervisor', 'POST', `/api/v1/cases/${caseIds[1]}/justified-complaints`, { userId: anna })).statusCode).toBe(400);
    const just = await t.call('supervisor', 'POST', `/api/v1/cases/${caseIds[1]}/justified-complaints`, { userId: anna, reason: 'Promised a call back and never called' });
    expect(just.statusCode).toBe(200);
    expect(just.data.timeline.some((e: { type: string }) => e.type === 'complaint_justified')).toBe(true);
    expect((await t.call('supervisor', 'POST', `/api/v1/cases/${caseIds[1]}/justified-complaints`, { userId: anna, reason: 'again' })).data.error.code).toBe('ALREADY_JUSTIFIED');
    expect((await t.call('supervisor', 'POST', `/api/v1/cases/${caseIds[1]}/justified-complaints`, { userId: 'x', reason: 'r' })).data.error.code).toBe('USER_NOT_FOUND');
    // Staff entries: praise from a review; an unjustified complaint does not count.
    expect((await t.call('supervisor', 'POST', `/api/v1/people/${anna}/feedback`, { kind: 'praise', source: 'review', reason: 'Five stars naming Anna' })).statusCode).toBe(201);
    const unjust = await t.call('supervisor', 'POST', `/api/v1/people/${anna}/feedback`, { kind: 'complaint', source: 'survey', reason: 'Said she was slow' });
    expect(unjust.data.justifiedComplaints).toBe(1);

    const rates = await t.call('admin', 'PUT', '/api/v1/learning-settings', { praiseBonus: { amount: '5.00', currency: 'EUR' }, complaintPenalty: { amount: '7.50', currency: 'EUR' } });
    expect(rates.statusCode).toBe(200);
    expect((await t.call('supervisor', 'PUT', '/api/v1/learning-settings', { systemicCustomers: 4 })).statusCode).toBe(403);
    expect((await t.call('admin', 'PUT', '/api/v1/learning-settings', { praiseBonus: { amount: '5.00', currency: 'USD' } })).data.error.code).toBe('CURRENCY_MISMATCH');

    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const ledger = await t.call('supervisor', 'GET', `/api/v1/people/${anna}/ledger?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(ledger.statusCode).toBe(200);
    expect(ledger.data).toMatchObject({ praise: 2, justifiedComplaints: 1, bonus: { amount: '10.00', currency: 'EUR' }, penalty: { amount: '7.50', currency: 'EUR' }, net: { amount: '2.50', currency: 'EUR' } });
    expect(ledger.data.entries.map((e: { source: string }) => e.source).sort()).toEqual(['portal', 'review', 'supervisor', 'survey']);
    // Outside the period: nothing.
    const empty = await t.call('supervisor', 'GET', `/api/v1/people/${anna}/ledger?from=2020-01-01&to=2020-02-01`);
    expect([empty.data.praise, empty.data.justifiedComplaints]).toEqual([0, 0]);
    expect((await t.call('supervisor', 'GET', `/api/v1/people/${anna}/ledger?from=2021-01-01&to=2020-02-01`)).statusCode).toBe(400);
    expect((await t.call('supervisor', 'GET', `/api/v1/people/${anna}/ledger?from=yesterday`)).statusCode).toBe(400);
    expect((await t.call('supervisor', 'GET', '/api/v1/people/00000000-0000-4000-8000-000000000000/ledger')).data.error.code).toBe('USER_NOT_FOUND');
    // An agent sees their own ledger, nobody else's.
    expect((await t.call('agent', 'GET', `/api/v1/people/${anna}/ledger`)).statusCode).toBe(403);
    const mine = await t.call('agent', 'GET', `/api/v1/me/ledger?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect([mine.data.userId, mine.data.praise]).toEqual([anna, 2]);

    const all = await t.call('supervisor', 'GET', `/api/v1/people/ledger?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(all.data.items.find((r: { userId: string }) => r.userId === anna)).toMatchObject({ praise: 2, justifiedComplaints: 1 });
    const csv = await t.call('supervisor', 'GET', `/api/v1/people/ledger.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('user_id,name,role,from,to,praise,justified_complaints,bonus,penalty,net,currency,commitments_kept,commitments_broken,clocks_met,clocks_breached');
    const annaLine = lines.find((l) => l.startsWith(anna))!.split(',');
    expect(annaLine.slice(1, 3)).toEqual(['Anna Agent', 'agent']);
    expect(annaLine.slice(5, 11)).toEqual(['2', '1', '10.00', '7.50', '2.50', 'EUR']);
    expect(lines).toHaveLength(5);
    expect((await t.call('agent', 'GET', '/api/v1/people/ledger.csv')).statusCode).toBe(403);
  });
});
