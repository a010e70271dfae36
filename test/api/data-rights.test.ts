// Data-subject rights (issue 14, GDPR Art. 15, 17, 20): one customer's archive as a zip
// (unzipped here: data.json and an attachment from a real .eml), erasure that leaves no
// name or email to find while case numbers and money stay, and admin-only access.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import yauzl from 'yauzl';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { queryRows } from '../../src/db/client.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/eml');

/** The database's own message under Drizzle's "Failed query" wrapper. */
const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e: Error & { cause?: Error }) => `${e.cause?.message ?? ''} ${e.message}`);

/** Every entry of a zip, by name. */
function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe.each(TARGETS)('data rights on %s', (target) => {
  let t: TestApp;
  let customerId: string;
  let caseId: string;
  let caseNumber: string;
  beforeAll(async () => {
    t = await createTestApp(target);
    const raw = await readFile(join(FIXTURES, 'attachments.eml'));
    const posted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/channels/email/raw',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${t.users.admin.token}` },
      payload: raw,
    });
    expect(posted.statusCode).toBe(201);
    caseId = JSON.parse(posted.body).caseId;
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${caseId}`)).data;
    customerId = c.customer.id;
    caseNumber = c.number;
    // A name on the record, a note that names her, a compensation with money.
    await t.database.db.execute(sql`update customers set name = 'Marta Kalniņa' where id = ${customerId}`);
    expect((await t.call('agent', 'POST', `/api/v1/cases/${caseId}/notes`, { body: 'Marta Kalniņa called again about the vase' })).statusCode).toBe(201);
    await t.database.db.execute(sql`insert into compensations (id, case_id, customer_id, kind, value_minor, currency, description, status)
      values (gen_random_uuid(), ${caseId}, ${customerId}, 'refund', 3900, 'EUR', 'refund of the vase for Marta', 'granted')`);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an agent may neither export nor erase a customer; a supervisor neither; unknown ids answer 404', async () => {
    for (const role of ['agent', 'supervisor', 'head'] as const) {
      expect((await t.call(role, 'GET', `/api/v1/customers/${customerId}/export`)).statusCode, role).toBe(403);
      expect((await t.call(role, 'POST', `/api/v1/customers/${customerId}/erase`)).statusCode, role).toBe(403);
    }
    expect((await t.call(null, 'GET', `/api/v1/customers/${customerId}/export`)).statusCode).toBe(401);
    const missing = '01890000-0000-7000-8000-000000000000';
    expect((await t.call('admin', 'GET', `/api/v1/customers/${missing}/export`)).statusCode).toBe(404);
    expect((await t.call('admin', 'POST', `/api/v1/customers/${missing}/erase`)).data.error.code).toBe('CUSTOMER_NOT_FOUND');
    expect((await t.call('admin', 'POST', '/api/v1/customers/not-an-id/erase')).statusCode).toBe(404);
    expect((await t.call('admin', 'POST', `/api/v1/customers/${customerId}%01/erase`)).statusCode).toBe(400);
    // Past the router's parameter length: no such route, never a 500.
    expect((await t.call('admin', 'GET', `/api/v1/customers/${'x'.repeat(5000)}/export`)).statusCode).toBe(404);
  });

  it('the export is one zip: data.json with the case, its messages, events and compensations, the attachment and the raw mail as received', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/customers/${customerId}/export`, headers: { authorization: `Bearer ${t.users.admin.token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = await unzip(res.rawPayload);
    const data = JSON.parse(files.get('data.json')!.toString());
    expect(data.customer).toMatchObject({ id: customerId, name: 'Marta Kalniņa' });
    expect(data.contacts).toEqual([expect.objectContaining({ kind: 'email', value: 'marta@example.com' })]);
    expect(data.cases).toHaveLength(1);
    const c = data.cases[0];
    expect(c.number).toBe(caseNumber);
    expect(c.replyToken).toBeUndefined();
    expect(c.messages[0].body).toContain('The box was crushed');
    expect(c.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['case_opened', 'note_added']));
    expect(c.compensations).toEqual([expect.objectContaining({ value: 3900, currency: 'EUR' })]);
    const receipt = c.attachments.find((a: { filename: string }) => a.filename === 'receipt.txt');
    expect(files.get(receipt.archivePath)!.toString()).toBe('Order 4711: 1 vase, 39.00 EUR\n');
    const mail = files.get(c.rawMail[0].archivePath)!.toString();
    expect(mail).toContain('Message-ID: <attachments-0012@example.com>');
    expect(files.has('README.txt')).toBe(true);
    const audit = (await t.call('admin', 'GET', '/api/v1/audit?action=customer.export_data')).data.items;
    expect(audit[0]).toMatchObject({ action: 'customer.export_data', target: { type: 'customer', id: customerId }, actor: { id: t.users.admin.id } });
  });

  it('erasure: no search finds the name or email, the case number and the money stay, the timeline is scrubbed, mail opens a fresh customer', async () => {
    const before = (await t.call('agent', 'GET', '/api/v1/cases?q=Marta')).data.items;
    expect(before.map((c: { id: string }) => c.id)).toContain(caseId);

    // The customer's words kept beside the case: praise they wrote, and a notification's excerpt.
    await t.database.db.execute(sql`insert into employee_feedback (id, user_id, kind, source, case_id, customer_id, reason)
      values (gen_random_uuid(), ${t.users.agent.id}, 'praise', 'portal', ${caseId}, ${customerId}, 'Marta thanks you for the vase')`);
    await t.database.db.execute(sql`insert into notifications (user_id, kind, case_id, data)
      values (${t.users.agent.id}, 'customer_replied', ${caseId}, ${JSON.stringify({ excerpt: 'Marta again: the vase is crushed' })}::jsonb)`);

    const res = await t.call('admin', 'POST', `/api/v1/customers/${customerId}/erase`);
    expect(res.statusCode).toBe(200);
    expect(res.data).toMatchObject({ customerId, contacts: 1, caseNumbers: [caseNumber], scrubbed: { cases: 1, rawMails: 1 } });
    expect(res.data.scrubbed.messages).toBeGreaterThanOrEqual(1);
    expect(res.data.scrubbed.attachments).toBeGreaterThanOrEqual(2);
    expect(res.data.scrubbed.events).toBeGreaterThanOrEqual(1);

    for (const q of ['Marta', 'Kalniņa', 'marta@example.com', 'Photos of the damage']) {
      expect((await t.call('agent', 'GET', `/api/v1/cases?q=${encodeURIComponent(q)}`)).data.items, q).toEqual([]);
      expect((await t.call('agent', 'GET', `/api/v1/customers?q=${encodeURIComponent(q)}`)).data.items, q).toEqual([]);
    }
    // The case number still finds the case; the money is still there for the reports.
    const byNumber = (await t.call('agent', 'GET', `/api/v1/cases?q=${caseNumber}`)).data.items;
    expect(byNumber.map((c: { id: string }) => c.id)).toEqual([caseId]);
    const [sum] = await queryRows<{ total: number; n: number }>(t.database.db, sql`select coalesce(sum(value_minor), 0)::int as total, count(*)::int as n from compensations where customer_id = ${customerId}`);
    expect(sum).toEqual({ total: 3900, n: 1 });
    // Nothing personal left in the rows that stay.
    const dump = await queryRows<{ text: string }>(
      t.database.db,
      sql`select concat_ws('|', (select string_agg(data::text, '|') from case_events where case_id = ${caseId}),
            (select string_agg(concat_ws('|', body, subject, recipient, raw_source), '|') from messages where case_id = ${caseId}),
            (select concat_ws('|', name, external_ref, notes) from customers where id = ${customerId}),
            (select string_agg(concat_ws('|', filename, encode(content, 'escape')), '|') from attachments where case_id = ${caseId}),
            (select string_agg(description, '|') from compensations where case_id = ${caseId}),
            (select concat_ws('|', subject, detection::text) from cases where id = ${caseId}),
            (select string_agg(coalesce(reason, ''), '|') from employee_feedback where case_id = ${caseId}),
            (select string_agg(data::text, '|') from notifications where case_id = ${caseId})) as text`,
    );
    expect(dump[0]!.text).not.toMatch(/marta|kalni|crushed|receipt|vase/i);
    const [counts] = await queryRows<{ contacts: number; mails: number; events: number }>(
      t.database.db,
      sql`select (select count(*)::int from customer_contacts where customer_id = ${customerId}) as contacts,
        (select count(*)::int from inbound_emails where case_id = ${caseId}) as mails,
        (select count(*)::int from case_events where case_id = ${caseId} and type = 'note_added') as events`,
    );
    expect(counts).toEqual({ contacts: 0, mails: 0, events: 1 });
    // The case itself, as staff see it: its number, status and dates, no words.
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${caseId}`)).data;
    expect(c.number).toBe(caseNumber);
    expect(c.timeline.find((e: { type: string }) => e.type === 'note_added').data.body).toBe('[erased]');

    // Mail from the same address later opens a fresh customer.
    const raw = (await readFile(join(FIXTURES, 'attachments.eml'))).toString('latin1').replace('attachments-0012@example.com', 'attachments-9912@example.com');
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/channels/email/raw', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${t.users.admin.token}` }, payload: Buffer.from(raw, 'latin1') });
    expect(again.statusCode).toBe(201);
    const fresh = (await t.call('agent', 'GET', `/api/v1/cases/${JSON.parse(again.body).caseId}`)).data;
    expect(fresh.customer.id).not.toBe(customerId);
    expect(fresh.number).not.toBe(caseNumber);
  });

  it('a second erasure changes nothing more and is audited again; the timeline stays append-only outside the erasure', async () => {
    const [before] = await queryRows<{ erased_at: Date }>(t.database.db, sql`select erased_at from customers where id = ${customerId}`);
    const res = await t.call('admin', 'POST', `/api/v1/customers/${customerId}/erase`);
    expect(res.statusCode).toBe(200);
    expect(res.data).toMatchObject({ customerId, contacts: 0, caseNumbers: [caseNumber], scrubbed: { rawMails: 0, events: 0 } });
    const [after] = await queryRows<{ erased_at: Date }>(t.database.db, sql`select erased_at from customers where id = ${customerId}`);
    expect(after!.erased_at).toEqual(before!.erased_at);
    const rows = (await t.call('admin', 'GET', '/api/v1/audit?action=customer.erase')).data.items;
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toMatch(/marta/i);
    // Without the erasure's door the trigger still refuses any change.
    expect(await refusal(t.database.db.execute(sql`update case_events set data = '{}'::jsonb where case_id = ${caseId}`))).toMatch(/case_events is append-only/);
    expect(await refusal(
      t.database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('amends.erasing', 'on', true)`);
        await tx.execute(sql`delete from case_events where case_id = ${caseId}`);
      }),
    )).toMatch(/case_events is append-only/);
    expect(await refusal(
      t.database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('amends.erasing', 'on', true)`);
        await tx.execute(sql`update case_events set type = 'forged' where case_id = ${caseId}`);
      }),
    )).toMatch(/case_events is append-only/);
  });
});
