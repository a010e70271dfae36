// Departed customers (P-4.4, P-4.5) through the API and the worker: the
// departure is recorded with its kind, the cadence adds each touch once per
// customer (however often it sweeps), mail goes out through a real SMTP
// server in the customer's language signed by their manager, news reaches
// everyone who may be contacted, and a customer who came back hears nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { startSmtp, type TestSmtp } from '../helpers/mail.ts';
import { createMailer, type Mailer } from '../../src/channels/email/smtp-sender.ts';
import { Worker } from '../../src/jobs/worker.ts';
import { queryRows } from '../../src/db/client.ts';
import { sweepKeepInTouch } from '../../src/customers/sweep-keep-in-touch.ts';

describe.each(TARGETS)('keep in touch with departed customers on %s', (target) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let mailer: Mailer | null;
  const ids: Record<'olga' | 'bruno' | 'quiet' | 'stays', string> = {} as never;

  const touchesOf = async (id: string) =>
    queryRows<{ kind: string; touch_key: string; delivery_status: string; subject: string | null }>(
      t.database.db,
      sql`select kind, touch_key, delivery_status, subject from customer_touches where customer_id = ${id} order by created_at, touch_key`,
    );

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp(target, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Amends <desk@shop.example>', BUSINESS_NAME: 'Print Shop' });
    mailer = createMailer(t.services.config);
    // Olga complained once (Anna owned the case); the others are plain customers.
    const c = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: 'olga@example.com', name: 'Olga' }, language: 'ru', body: 'Заказ опять опоздал, я ухожу к другим.' });
    expect(c.statusCode).toBe(201);
    ids.olga = c.data.customer.id;
    const mk = async (name: string, emails: string[]) => (await t.call('agent', 'POST', '/api/v1/customers', { name, emails, language: 'de' })).data.id as string;
    ids.bruno = await mk('Bruno', []);
    ids.quiet = await mk('Quinn', ['quinn@example.com']);
    ids.stays = await mk('Stella', ['stella@example.com']);
  });
  afterAll(async () => {
    mailer?.close();
    await t?.close();
    await smtp?.close();
  });

  it('records a departure with its reason and kind, and refuses bad ones with clear codes', async () => {
    const left = await t.call('agent', 'POST', `/api/v1/customers/${ids.olga}/departure`, { reason: 'Two late deliveries in a row', kind: 'systemic', at: '2026-03-01T10:00:00Z' });
    expect(left.statusCode).toBe(200);
    expect(left.data.status).toBe('departed');
    expect(left.data.departure).toEqual({ at: '2026-03-01T10:00:00.000Z', reason: 'Two late deliveries in a row', kind: 'systemic', doNotContact: false, current: true });
    expect((await t.call('agent', 'POST', `/api/v1/customers/${ids.bruno}/departure`, { reason: 'Moved abroad', kind: 'accidental', at: '2026-03-15T10:00:00Z' })).statusCode).toBe(200);
    expect((await t.call('agent', 'POST', `/api/v1/customers/${ids.quiet}/departure`, { reason: 'Price', kind: 'unknown', at: '2026-01-10T10:00:00Z', doNotContact: true })).statusCode).toBe(200);
    // Correcting the reason later never clears the wish not to be contacted.
    const corrected = await t.call('agent', 'POST', `/api/v1/customers/${ids.quiet}/departure`, { reason: 'Price, and a rude answer', kind: 'systemic', at: '2026-01-10T10:00:00Z' });
    expect(corrected.data.departure).toMatchObject({ reason: 'Price, and a rude answer', kind: 'systemic', doNotContact: true });

    const badKind = await t.call('agent', 'POST', `/api/v1/customers/${ids.stays}/departure`, { reason: 'x', kind: 'angry' });
    expect([badKind.statusCode, badKind.data.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const future = await t.call('agent', 'POST', `/api/v1/customers/${ids.stays}/departure`, { reason: 'x', kind: 'accidental', at: '2099-01-01T00:00:00Z' });
    expect([future.statusCode, future.data.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const nobody = await t.call('agent', 'POST', '/api/v1/customers/00000000-0000-4000-8000-000000000000/departure', { reason: 'x', kind: 'accidental' });
    expect([nobody.statusCode, nobody.data.error.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    const notGone = await t.call('agent', 'DELETE', `/api/v1/customers/${ids.stays}/departure`);
    expect([notGone.statusCode, notGone.data.error.code]).toEqual([409, 'CUSTOMER_STATE_CONFLICT']);
  });

  it('adds a check-in per full period since they left, once however often it sweeps, and none to who asked for quiet', async () => {
    const now = new Date('2026-11-23T12:00:00Z'); // Olga left 8 months ago, Bruno 8, Quinn 10 (but asked for quiet)
    expect(await sweepKeepInTouch(t.database.db, now)).toEqual({ greetings: 0, checkIns: 2, queued: 1 });
    expect(await sweepKeepInTouch(t.database.db, now)).toEqual({ greetings: 0, checkIns: 0, queued: 0 });
    expect(await touchesOf(ids.olga)).toEqual([{ kind: 'check_in', touch_key: 'check_in:1', delivery_status: 'queued', subject: null }]);
    // Bruno has no email: recorded, with the reason, so someone calls instead.
    expect(await touchesOf(ids.bruno)).toEqual([{ kind: 'check_in', touch_key: 'check_in:1', delivery_status: 'not_sent', subject: null }]);
    expect(await touchesOf(ids.quiet)).toEqual([]);
    expect(await touchesOf(ids.stays)).toEqual([]);
  });

  it('sends the yearly greeting from its date (in the business time zone) to those who left before it', async () => {
    expect((await sweepKeepInTouch(t.database.db, new Date('2026-12-19T12:00:00Z'))).greetings).toBe(0);
    const first = await sweepKeepInTouch(t.database.db, new Date('2026-12-20T12:00:00Z'));
    expect(first.greetings).toBe(2);
    expect((await sweepKeepInTouch(t.database.db, new Date('2026-12-22T12:00:00Z'))).greetings).toBe(0);
    expect((await touchesOf(ids.olga)).map((r) => r.touch_key)).toEqual(['check_in:1', 'greeting:2026']);
  });

  it('mails each queued touch in the customer’s language, signed by their manager, with no special terms', async () => {
    const worker = new Worker({ db: t.database.db, mailer, config: t.services.config, pollMs: 50 });
    while ((await worker.runOnce()) > 0);
    const toOlga = smtp.mails.filter((m) => m.rcpt === 'olga@example.com' && !m.subject.startsWith('Мы получили')); // not the acknowledgement
    expect(toOlga.map((m) => m.subject).sort()).toEqual(['Как у вас дела? — Print Shop', 'С наступающими праздниками — Print Shop']);
    for (const m of toOlga) {
      expect(m.text).toContain('Olga');
      expect(m.text).toContain('Anna Agent'); // the owner of her case
      expect(m.text).not.toMatch(/скидк|%|бонус/i); // P-4.5: respected, not bribed
    }
    expect((await touchesOf(ids.olga)).every((r) => r.delivery_status === 'sent' && r.subject)).toBe(true);
    expect(smtp.mails.some((m) => m.rcpt === 'quinn@example.com')).toBe(false);
    // The customer page shows the record.
    const page = await t.call('agent', 'GET', `/api/v1/customers/${ids.olga}`);
    expect(page.data.touches.map((x: { kind: string; deliveryStatus: string }) => `${x.kind}:${x.deliveryStatus}`).sort()).toEqual(['check_in:sent', 'greeting:sent']);
  });

  it('sends news an admin writes to every departed customer who may be contacted, once per key', async () => {
    const news = { subject: 'We moved to a bigger print shop', body: 'Same people, twice the presses, next-day delivery.' };
    const denied = await t.call('agent', 'POST', '/api/v1/keep-in-touch/news', news);
    expect(denied.statusCode).toBe(403);
    const sent = await t.call('admin', 'POST', '/api/v1/keep-in-touch/news', news, { 'idempotency-key': 'news-1' });
    expect(sent.statusCode).toBe(201);
    expect([sent.data.added, sent.data.queued]).toEqual([2, 1]); // Olga and Bruno (no email); not Quinn
    const again = await t.call('admin', 'POST', '/api/v1/keep-in-touch/news', news, { 'idempotency-key': 'news-1' });
    expect(again.data.id).toBe(sent.data.id);
    expect(again.headers['idempotency-replayed']).toBe('true');
    const worker = new Worker({ db: t.database.db, mailer, config: t.services.config, pollMs: 50 });
    while ((await worker.runOnce()) > 0);
    expect(smtp.mails.filter((m) => m.subject === news.subject).map((m) => m.rcpt)).toEqual(['olga@example.com']);
  });

  it('an admin sets the cadence and their own greeting words; a customer who came back hears nothing more', async () => {
    const bad = await t.call('admin', 'PUT', '/api/v1/settings', { keepInTouch: { greeting: { month: 13, day: 1 } } });
    expect(bad.statusCode).toBe(400);
    const put = await t.call('admin', 'PUT', '/api/v1/settings', {
      keepInTouch: { greeting: { month: 6, day: 1 }, checkInMonths: 3, greetingText: { de: { subject: 'Sommergrüße von {businessName}', body: 'Hallo {customerName}, schöne Ferien! {managerName}' } } },
    });
    expect(put.statusCode).toBe(200);
    expect(put.data.keepInTouch).toMatchObject({ enabled: true, greeting: { month: 6, day: 1 }, checkInMonths: 3 });
    const back = await t.call('agent', 'DELETE', `/api/v1/customers/${ids.olga}/departure`);
    expect(back.statusCode).toBe(200);
    expect(back.data.status).toBe('active');
    expect(back.data.departure.current).toBe(false);
    expect((await t.call('agent', 'POST', `/api/v1/customers/${ids.stays}/departure`, { reason: 'Closed her studio', kind: 'accidental', at: '2026-11-01T09:00:00Z' })).statusCode).toBe(200);
    // June 2027: Bruno (14 months gone: the 4th period of three) and Stella (7 months: the 2nd) get a
    // check-in and the summer greeting; Olga is back and gets nothing.
    expect(await sweepKeepInTouch(t.database.db, new Date('2027-06-02T08:00:00Z'))).toEqual({ greetings: 2, checkIns: 2, queued: 2 });
    expect((await touchesOf(ids.olga)).length).toBe(3);
    const bruno = (await touchesOf(ids.bruno)).map((r) => r.touch_key);
    expect(bruno.filter((k) => !k.startsWith('news:')).sort()).toEqual(['check_in:1', 'check_in:4', 'greeting:2026', 'greeting:2027']);
    const worker = new Worker({ db: t.database.db, mailer, config: t.services.config, pollMs: 50 });
    while ((await worker.runOnce()) > 0);
    const toStella = smtp.mails.filter((m) => m.rcpt === 'stella@example.com');
    expect(toStella.map((m) => m.subject).sort()).toEqual(['Sommergrüße von Print Shop', 'Wie geht es Ihnen? — Print Shop']);
    expect(toStella.find((m) => m.subject.startsWith('Sommer'))!.text.trim()).toBe('Hallo Stella, schöne Ferien! Print Shop');
  });
});
