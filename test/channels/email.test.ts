// Email in and out (issue 6, STYLE 9) with real .eml files, hostile ones
// included, through the raw-MIME endpoint on every database; outgoing mail
// through a real SMTP server (smtp-server), threading headers checked on the
// wire; the customer's answer to that mail lands on the same case.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { freePort, startSmtp, until, type TestSmtp } from '../helpers/mail.ts';
import { queryRows, type Tx } from '../../src/db/client.ts';
import { Worker } from '../../src/jobs/worker.ts';
import { createMailer, type Mailer } from '../../src/channels/email/smtp-sender.ts';
import { processInboundEmail, storeInboundEmail } from '../../src/channels/email/receive-email.ts';
import { createApiToken } from '../../src/staff/api-tokens.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/eml');
const eml = async (name: string, vars: Record<string, string> = {}) => {
  let text = (await readFile(join(FIXTURES, name))).toString('latin1');
  for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{{${k}}}`, v);
  return Buffer.from(text, 'latin1');
};

describe.each(TARGETS)('email channel on %s', (target) => {
  let t: TestApp;
  let mta: string; // a token scoped to channels:ingest, as a mail server would hold
  let smtp: TestSmtp;
  let mailer: Mailer | null;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp(target, {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Shop <desk@shop.example>',
      MAIL_REPLY_ADDRESS: 'reply@shop.example',
      MAIL_MAILBOXES: 'help@shop.example, riga@shop.example=riga, klientiem@shop.example:lv',
      ATTACHMENT_MAX_BYTES: 2000,
      EMAIL_MAX_BYTES: 1024 * 1024,
    });
    mta = (await createApiToken(t.database.db, { name: 'mta', role: 'agent', scopes: ['channels:ingest'] })).token;
    mailer = createMailer(t.services.config);
  });
  afterAll(async () => {
    mailer?.close();
    await t?.close();
    await smtp?.close();
  });

  const post = (raw: Buffer | string, token: string | null = mta, contentType = 'message/rfc822') =>
    t.app
      .inject({ method: 'POST', url: '/api/v1/channels/email/raw', headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) }, payload: raw })
      .then((r) => Object.assign(r, { data: JSON.parse(r.body) }));
  const count = async (q: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(t.database.db, q))[0]!.n;
  const caseOf = (id: string) => t.call('agent', 'GET', `/api/v1/cases/${id}`).then((r) => r.data);

  it('only a token with channels:ingest (or an admin) may post mail; a scoped token may do nothing else', async () => {
    const raw = await eml('no-message-id.eml');
    expect((await post(raw, null)).statusCode).toBe(401);
    expect((await post(raw, t.users.agent.token)).statusCode).toBe(403);
    expect((await post(raw, t.users.supervisor.token)).statusCode).toBe(403);
    const ok = await post(raw);
    expect(ok.statusCode).toBe(201);
    // The same bytes again (no Message-ID: the content hash dedupes) — nothing new.
    const again = await post(raw, t.users.admin.token);
    expect(again.statusCode).toBe(200);
    expect(again.data).toMatchObject({ duplicate: true, caseId: ok.data.caseId });
    const scoped = await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: `Bearer ${mta}` } });
    expect(scoped.statusCode).toBe(403);
  });

  it('refuses what is not an email with a stable code, never a 500', async () => {
    expect((await post(Buffer.alloc(0))).data.error.code).toBe('INVALID_EMAIL');
    const garbage = await post('just some words\n\nno headers here');
    expect(garbage.statusCode).toBe(400);
    expect(garbage.data.error.code).toBe('INVALID_EMAIL');
    const json = await post(JSON.stringify({ raw: 'x' }), mta, 'application/json');
    expect(json.statusCode).toBe(415);
    expect(json.data.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const huge = await post(Buffer.concat([await eml('new-complaint.eml'), Buffer.alloc(1024 * 1024 + 10, 'a')]));
    expect(huge.statusCode).toBe(413);
    expect(huge.data.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a new mail opens a case, stored raw byte for byte; the same Message-ID twice opens one case', async () => {
    const raw = await eml('new-complaint.eml');
    const first = await post(raw);
    expect(first.statusCode).toBe(201);
    // help@shop.example is a configured mailbox (of the whole business).
    expect(first.data).toMatchObject({ status: 'routed', route: 'mailbox', duplicate: false });
    const [stored] = await queryRows<{ raw: Buffer | Uint8Array; dedupe_key: string }>(t.database.db, sql`select raw, dedupe_key from inbound_emails where id = ${first.data.id}`);
    expect(Buffer.compare(Buffer.from(stored!.raw), raw)).toBe(0);
    expect(stored!.dedupe_key).toBe('<CAF-new-complaint-0001@mail.example.lv>');
    // A new case: stored with its case in one commit, so no safety-net job was ever needed.
    const jobsOf = await queryRows<{ state: string }>(t.database.db, sql`select state from jobs where dedupe_key = ${`email.process:${first.data.id}`}`);
    expect(jobsOf).toEqual([]);
    const second = await post(raw);
    expect(second.statusCode).toBe(200);
    expect(second.data).toMatchObject({ duplicate: true, caseId: first.data.caseId, id: first.data.id });
    expect(await count(sql`select count(*)::int as n from messages where external_id = '<CAF-new-complaint-0001@mail.example.lv>'`)).toBe(1);

    const c = await caseOf(first.data.caseId);
    expect(c.channel).toBe('email');
    expect(c.subject).toBe('The order arrived broken');
    expect(c.customer.name).toBe('Ilze Bērziņa');
    expect(c.customer.contacts).toContainEqual({ kind: 'email', value: 'ilze@example.lv' });
    expect(c.detection.dissatisfied).toBe(true);
    expect(c.messages.find((m: { kind: string }) => m.kind === 'acknowledgement')).toMatchObject({ deliveryStatus: 'queued' });
  });

  it('a big mail (over 256 KiB) is stored before it is parsed: the two steps, with a settled safety-net job', async () => {
    const base = (await eml('new-complaint.eml')).toString('latin1').replaceAll('0001', '0777');
    const big = Buffer.from(`${base.trimEnd()}\r\n${'The box was crushed. '.repeat(14_000)}\r\n`, 'latin1');
    expect(big.length).toBeGreaterThan(256 * 1024);
    const r = await post(big);
    expect(r.statusCode).toBe(201);
    expect(r.data).toMatchObject({ status: 'routed', route: 'mailbox' });
    expect(await queryRows(t.database.db, sql`select state from jobs where dedupe_key = ${`email.process:${r.data.id}`}`)).toEqual([{ state: 'done' }]);
  });

  it('routes to the mailbox’s business unit', async () => {
    const r = await post(await eml('mailbox-riga.eml'));
    expect(r.data).toMatchObject({ status: 'routed', route: 'mailbox' });
    const [row] = await queryRows<{ business_unit: string | null; language: string }>(t.database.db, sql`select business_unit, language from cases where id = ${r.data.caseId}`);
    expect(row).toEqual({ business_unit: 'riga', language: 'lv' });
  });

  it('reads mail too short to tell in the mailbox’s configured language (issue 11)', async () => {
    const toBox = await post(await eml('short-message.eml', { from: 'anna@example.net', to: 'klientiem@shop.example', id: '1' }));
    const toPlain = await post(await eml('short-message.eml', { from: 'anna2@example.net', to: 'help@shop.example', id: '2' }));
    const languageOf = async (id: string) => (await queryRows<{ language: string }>(t.database.db, sql`select language from cases where id = ${id}`))[0]!.language;
    expect(toBox.data).toMatchObject({ status: 'routed', route: 'mailbox' });
    expect(await languageOf(toBox.data.caseId)).toBe('lv');
    // The same words to a mailbox without a language: the detector's own guess.
    expect(await languageOf(toPlain.data.caseId)).not.toBe('lv');
    // A customer whose language we know: theirs wins over the mailbox's.
    await t.call('agent', 'POST', '/api/v1/customers', { name: 'Greta', emails: ['greta@example.net'], language: 'de' });
    const known = await post(await eml('short-message.eml', { from: 'greta@example.net', to: 'klientiem@shop.example', id: '3' }));
    expect(await languageOf(known.data.caseId)).toBe('de');
  });

  it('acknowledges by mail with threading headers and a reply+token address; the answer lands on the same case, quotes stripped', async () => {
    const worker = new Worker({ db: t.database.db, mailer, config: t.services.config, pollMs: 50 });
    worker.start();
    try {
      const opened = await post(await eml('new-complaint.eml').then((b) => Buffer.from(b.toString('latin1').replaceAll('0001', '1001'), 'latin1')));
      await until(() => smtp.mails.map((x) => x.parsed).some((m) => m.inReplyTo === '<CAF-new-complaint-1001@mail.example.lv>'));
      const ack = smtp.mails.map((x) => x.parsed).find((m) => m.inReplyTo === '<CAF-new-complaint-1001@mail.example.lv>')!;
      const token = (await queryRows<{ reply_token: string }>(t.database.db, sql`select reply_token from cases where id = ${opened.data.caseId}`))[0]!.reply_token;
      expect(token).toMatch(/^[a-z2-7]{26}$/);
      expect(ack.replyTo?.value[0]?.address).toBe(`reply+${token}@shop.example`);
      expect([ack.references].flat()).toContain('<CAF-new-complaint-1001@mail.example.lv>');
      expect(ack.headers.get('auto-submitted')).toBe('auto-replied');
      expect(ack.messageId).toMatch(/^<[0-9a-f-]{36}@complaints\.example\.com>$/);

      // 1. The answer to the acknowledgement, sent to the reply address: Gmail-style quote below.
      const reply = await post(await eml('reply-gmail-quoted.eml', { TO: ack.replyTo!.value[0]!.address!, IN_REPLY_TO: ack.messageId! }));
      expect(reply.data).toMatchObject({ status: 'routed', route: 'reply_token', caseId: opened.data.caseId });
      // A reply takes the two steps (stored, then routed): its safety-net job is there, and settled.
      expect(await queryRows(t.database.db, sql`select state from jobs where dedupe_key = ${`email.process:${reply.data.id}`}`)).toEqual([{ state: 'done' }]);
      // 2. The thread alone finds the case when the reply address is lost (sent to the plain mailbox).
      const threaded = await post(
        await eml('reply-gmail-quoted.eml', { TO: 'help@shop.example', IN_REPLY_TO: ack.messageId! }).then((b) => Buffer.from(b.toString('latin1').replace('reply-gmail-0002', 'reply-gmail-1002'), 'latin1')),
      );
      expect(threaded.data).toMatchObject({ status: 'routed', route: 'in_reply_to', caseId: opened.data.caseId });
      // 3. Outlook in Russian (KOI8-R, base64) to the reply address: its "Original Message" is cut.
      const ru = await post(await eml('reply-russian-outlook.eml', { TO: `reply+${token}@shop.example` }));
      expect(ru.data).toMatchObject({ route: 'reply_token', caseId: opened.data.caseId });

      const c = await caseOf(opened.data.caseId);
      const inbound = c.messages.filter((m: { direction: string }) => m.direction === 'inbound');
      expect(inbound).toHaveLength(4);
      const gmail = inbound.find((m: { body: string }) => m.body.startsWith('Thank you, a refund is fine'));
      expect(gmail.body).toBe('Thank you, a refund is fine. Please send it to the same card.');
      const russian = inbound.find((m: { body: string }) => m.body.includes('перезвонил'));
      expect(russian.body).toBe('Опять никто не перезвонил. Сколько можно ждать???');
      expect(await count(sql`select count(*)::int as n from cases where subject like 'Re:%'`)).toBe(0);

      // A staff reply goes out threaded on the customer's latest mail, with the same reply address.
      const sent = await t.call('agent', 'POST', `/api/v1/cases/${opened.data.caseId}/messages`, { direction: 'outbound', channel: 'email', body: 'We are sorry, Ilze — the refund is on its way.' });
      expect(sent.statusCode).toBe(201);
      await until(() => smtp.mails.map((x) => x.parsed).some((m) => m.text?.includes('the refund is on its way')));
      const answer = smtp.mails.map((x) => x.parsed).find((m) => m.text?.includes('the refund is on its way'))!;
      expect(answer.inReplyTo).toBe('<outlook-ru-0003@example.ru>');
      expect([answer.references].flat()).toEqual(expect.arrayContaining(['<CAF-new-complaint-1001@mail.example.lv>', ack.messageId, '<CAF-reply-gmail-0002@mail.example.lv>']));
      expect(answer.replyTo?.value[0]?.address).toBe(`reply+${token}@shop.example`);
      expect(answer.subject).toMatch(/^Re: The order arrived broken \[C-\d{6}\]$/);
      expect(answer.headers.get('auto-submitted')).toBeUndefined();
    } finally {
      await worker.stop();
    }
  });

  it('auto-replies and bounces never open a case, are never answered, and a bounce marks our mail failed', async () => {
    const cases0 = await count(sql`select count(*)::int as n from cases`);
    const jobs0 = await count(sql`select count(*)::int as n from jobs where kind = 'message.send'`);
    const opened = await post(Buffer.from((await eml('new-complaint.eml')).toString('latin1').replaceAll('0001', '2001'), 'latin1'));
    const ackId = (await caseOf(opened.data.caseId)).messages.find((m: { kind: string }) => m.kind === 'acknowledgement').id;
    const ourId = `<${ackId}@complaints.example.com>`;
    const token = (await queryRows<{ reply_token: string }>(t.database.db, sql`select reply_token from cases where id = ${opened.data.caseId}`))[0]!.reply_token;
    const machine = [
      ['auto-reply-rfc3834.eml', 'auto_reply'],
      ['auto-reply-x-autoreply.eml', 'auto_reply'],
      ['precedence-bulk.eml', 'auto_reply'],
      ['bounce.eml', 'bounce'], // a multipart/report, though it carries Auto-Submitted too
      ['bounce-plain-mailer-daemon.eml', 'bounce'],
    ] as const;
    for (const [file, kind] of machine) {
      const r = await post(await eml(file, { TO: `reply+${token}@shop.example`, IN_REPLY_TO: ourId, OUR_MESSAGE_ID: ourId }));
      expect(r.statusCode, file).toBe(201);
      expect(r.data, file).toMatchObject({ status: 'ignored', route: kind, caseId: null });
    }
    expect(await count(sql`select count(*)::int as n from cases`)).toBe(cases0 + 1);
    expect(await count(sql`select count(*)::int as n from jobs where kind = 'message.send'`)).toBe(jobs0 + 1); // only the real complaint's acknowledgement
    const c = await caseOf(opened.data.caseId);
    expect(c.messages.filter((m: { direction: string }) => m.direction === 'inbound')).toHaveLength(1);
    expect(c.messages.find((m: { id: string }) => m.id === ackId)).toMatchObject({ deliveryStatus: 'failed' });
    expect(c.timeline.some((e: { type: string }) => e.type === 'delivery_failed')).toBe(true);
  });

  it('mails arriving together (routed in shared transactions) each get their own outcome: new cases, a machine mail, a duplicate', async () => {
    const base = (await eml('new-complaint.eml')).toString('latin1');
    const mails = Array.from({ length: 12 }, (_, i) => Buffer.from(base.replaceAll('0001', `31${String(i).padStart(2, '0')}`).replaceAll('Ilze@Example.lv', `together-${i}@example.lv`), 'latin1'));
    const cases0 = await count(sql`select count(*)::int as n from cases`);
    const auto = await eml('auto-reply-rfc3834.eml', { TO: 'help@shop.example', IN_REPLY_TO: '<nothing@x>', OUR_MESSAGE_ID: '<nothing@x>' });
    const answers = await Promise.all([...mails, mails[0]!, auto].map((m) => post(m)));
    const fresh = answers.slice(0, 12);
    for (const r of fresh) expect(r.data).toMatchObject({ route: 'mailbox' });
    // The same mail twice at once: one case (one answer is the duplicate, or both name the same case).
    expect(answers[12]!.data.caseId ?? answers[0]!.data.caseId).toBe(answers[0]!.data.caseId);
    expect(answers[13]!.data).toMatchObject({ status: 'ignored', route: 'auto_reply', caseId: null });
    expect(new Set(fresh.map((r) => r.data.caseId)).size).toBe(12);
    expect(await count(sql`select count(*)::int as n from cases`)).toBe(cases0 + 12);
    for (const [i, r] of fresh.entries()) {
      const [row] = await queryRows<{ email: string; status: string; job: string | null }>(
        t.database.db,
        sql`select k.value as email, e.status, j.state as job from inbound_emails e join cases c on c.id = e.case_id join customer_contacts k on k.customer_id = c.customer_id and k.kind = 'email'
            left join jobs j on j.dedupe_key = 'email.process:' || e.id where e.id = ${r.data.id}`,
      );
      // Written together with their cases (intake-email.ts): no safety-net job left to run.
      expect(row).toEqual({ email: `together-${i}@example.lv`, status: 'routed', job: null });
    }
  });

  it('hostile mail: HTML only, broken encodings, NUL bytes, huge headers — each a case, none a 500', async () => {
    const html = await post(await eml('html-only.eml'));
    expect(html.statusCode).toBe(201);
    const htmlBody = (await caseOf(html.data.caseId)).messages[0].body;
    expect(htmlBody).toContain('El pedido llegó tarde y roto.');
    expect(htmlBody).toContain('solución');
    expect(htmlBody).not.toMatch(/<script|alert\(1\)|<p>/);

    const broken = await post(await eml('broken-encoding.eml'));
    expect(broken.statusCode).toBe(201);
    expect(broken.data.status).toBe('routed');
    const brokenCase = await caseOf(broken.data.caseId);
    expect(brokenCase.customer.contacts).toContainEqual({ kind: 'email', value: 'broken@example.com' });

    const nul = await post(await eml('null-bytes.eml'));
    expect(nul.statusCode).toBe(201);
    const nulCase = await caseOf(nul.data.caseId);
    expect(nulCase.messages[0].body).not.toContain('\u0000');
    expect(nulCase.messages[0].body).toContain('is wrong');

    const huge = await post(await eml('huge-headers.eml'));
    expect(huge.statusCode).toBe(201);
    const hugeCase = await caseOf(huge.data.caseId);
    expect(hugeCase.subject.length).toBeLessThanOrEqual(500);
    expect(hugeCase.messages[0].body).toContain('it broke');
    // Stored with their cases in one statement (the bytes travel as hex): each kept byte for byte.
    for (const [file, r] of [['html-only.eml', html], ['broken-encoding.eml', broken], ['null-bytes.eml', nul], ['huge-headers.eml', huge]] as const) {
      const [row] = await queryRows<{ raw: Buffer | Uint8Array; size: number }>(t.database.db, sql`select raw, size from inbound_emails where id = ${r.data.id}`);
      const raw = await eml(file);
      expect(Buffer.compare(Buffer.from(row!.raw), raw), file).toBe(0);
      expect(row!.size, file).toBe(raw.length);
    }
  });

  it('keeps attachments within the size limit and lists the ones over it', async () => {
    const r = await post(await eml('attachments.eml'));
    expect(r.statusCode).toBe(201);
    const files = await queryRows<{ filename: string; size: number; content: Uint8Array | null; skipped_reason: string | null; message_id: string }>(
      t.database.db,
      sql`select filename, size, content, skipped_reason, message_id from attachments where case_id = ${r.data.caseId} order by filename`,
    );
    expect(files.map((f) => [f.filename, f.size, f.content === null, f.skipped_reason])).toEqual([
      ['damage.jpg', 4096, true, 'larger than 2000 bytes'],
      ['receipt.txt', 30, false, null],
    ]);
    expect(Buffer.from(files[1]!.content!).toString()).toBe('Order 4711: 1 vase, 39.00 EUR\n');
    expect(files.every((f) => f.message_id === r.data.messageId)).toBe(true);
  });

  it('a mail stored just before a crash is processed by the durable job', async () => {
    const raw = Buffer.from((await eml('new-complaint.eml')).toString('latin1').replaceAll('0001', '3001'), 'latin1');
    const stored = await t.database.db.transaction((tx) => storeInboundEmail(tx as Tx, 'http', raw, t.services.config));
    expect(stored.status).toBe('received');
    // The process "died" here. The job is due later; a worker after a restart runs it.
    await t.database.db.execute(sql`update jobs set run_at = now() where kind = 'email.process' and payload->>'inboundId' = ${stored.id}`);
    const worker = new Worker({ db: t.database.db, mailer: null, config: t.services.config, pollMs: 50 });
    await worker.runOnce();
    const [row] = await queryRows<{ status: string; case_id: string | null }>(t.database.db, sql`select status, case_id from inbound_emails where id = ${stored.id}`);
    expect(row!.status).toBe('routed');
    expect(row!.case_id).not.toBeNull();
    // Posting the same mail now answers the case the job opened.
    const again = await post(raw);
    expect(again.data).toMatchObject({ duplicate: true, caseId: row!.case_id });
  });

  it('concurrent processors of one stored mail (the endpoint, the job, a duplicate delivery) open one case', async () => {
    const raw = Buffer.from((await eml('new-complaint.eml')).toString('latin1').replaceAll('0001', '6001'), 'latin1');
    const stored = await t.database.db.transaction((tx) => storeInboundEmail(tx as Tx, 'http', raw, t.services.config));
    const results = await Promise.all([1, 2, 3].map(() => processInboundEmail(t.database.db, t.services, stored.id)));
    expect(new Set(results.map((r) => r.caseId)).size).toBe(1);
    expect(results.every((r) => r.status === 'routed')).toBe(true);
    expect(await count(sql`select count(*)::int as n from messages where external_id = '<CAF-new-complaint-6001@mail.example.lv>'`)).toBe(1);
  });

  it('while SMTP is down every acknowledgement waits, and all go out once it is back', async () => {
    const port = await freePort();
    const down = createMailer({ ...t.services.config, SMTP_URL: `smtp://127.0.0.1:${port}` })!;
    const worker = new Worker({ db: t.database.db, mailer: down, config: t.services.config, pollMs: 50 });
    // Earlier tests' mail is settled so this test counts only its own.
    await t.database.db.execute(sql`update jobs set state = 'done' where state = 'pending' and kind = 'message.send'`);
    const ids: string[] = [];
    for (const n of ['4001', '4002', '4003']) {
      const r = await post(Buffer.from((await eml('new-complaint.eml')).toString('latin1').replaceAll('0001', n), 'latin1'));
      ids.push(r.data.caseId);
    }
    await worker.runOnce();
    const pending = await queryRows<{ state: string; attempts: number; delay: number }>(
      t.database.db,
      sql`select state, attempts, extract(epoch from run_at - now())::float8 as delay from jobs where kind = 'message.send' and state <> 'done'`,
    );
    expect(pending).toHaveLength(3);
    expect(pending.every((j) => j.state === 'pending' && j.attempts === 1 && j.delay > 1)).toBe(true); // backing off
    const back = await startSmtp(port);
    try {
      await t.database.db.execute(sql`update jobs set run_at = now() where kind = 'message.send' and state = 'pending'`);
      await worker.runOnce();
      await until(() => back.mails.length >= 3);
      expect(back.mails.map((m) => m.parsed.inReplyTo).sort()).toEqual(['4001', '4002', '4003'].map((n) => `<CAF-new-complaint-${n}@mail.example.lv>`));
    } finally {
      down.close();
      await back.close();
    }
  });
});
