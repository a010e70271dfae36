// Delivery's statements (deliver-message.ts) on a small desk: the mail marks and settles reach
// their messages by primary key (joined only to their JSON rows, the planner once read the whole
// messages table twice per mail: 10,000 cases, 390 pages), and the load of the messages to send
// is planned once per connection, not at every call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase, TARGETS } from '../helpers/db.ts';
import { queryRows, type Database, type Tx } from '../../src/db/client.ts';
import { deliveryStatement, loadMessagesStatement, type DeliveryStatement } from '../../src/channels/email/deliver-message.ts';

describe.each(TARGETS)('mail delivery statement on %s', (target) => {
  let d: Database;
  const customerId = '00000000-0000-4000-8000-000000000001';
  const caseId = '00000000-0000-4000-8000-000000000002';
  const queued = '00000000-0000-4000-8000-000000000003';
  const sending = '00000000-0000-4000-8000-000000000004';
  beforeAll(async () => {
    d = await openTestDatabase(target);
    await d.db.execute(sql`insert into customers (id, currency) values (${customerId}, 'EUR')`);
    await d.db.execute(sql`insert into cases (id, customer_id, channel, language) values (${caseId}, ${customerId}, 'web', 'en')`);
    // A small desk's mail: 8,000 messages already settled, two still on their way.
    await d.db.execute(sql`insert into messages (id, case_id, direction, channel, kind, body, delivery_status)
      select gen_random_uuid(), ${caseId}, 'outbound', 'email', 'acknowledgement', repeat('Thank you for telling us. ', 8), 'sent' from generate_series(1, 8000)`);
    await d.db.execute(sql`insert into messages (id, case_id, direction, channel, kind, body, delivery_status) values
      (${queued}, ${caseId}, 'outbound', 'email', 'acknowledgement', 'Thank you', 'queued'),
      (${sending}, ${caseId}, 'outbound', 'email', 'acknowledgement', 'Thank you', 'sending')`);
    await d.db.execute(sql`analyze messages`);
  });
  afterAll(async () => {
    await d?.close();
  });

  const items: DeliveryStatement[] = [
    { op: 'mark', id: queued, externalId: '<a@amends.test>' },
    { op: 'settle', id: sending, status: 'sent', note: null, from: 'sending', at: new Date().toISOString() },
  ];

  it('finds the marked and the settled messages by key: no read of the whole table', async () => {
    const plan = (await queryRows<Record<string, string>>(d.db, sql`explain ${deliveryStatement(items)}`)).map((r) => Object.values(r)[0]).join('\n');
    expect(plan).toContain('messages_pkey');
    expect(plan).not.toMatch(/Seq Scan on messages/);
  });

  it('marks and settles exactly the messages named, from the state each was in', async () => {
    const done = await queryRows<{ id: string; op: string }>(d.db, deliveryStatement(items));
    expect(done.map((r) => `${r.op} ${r.id}`).sort()).toEqual([`mark ${queued}`, `settle ${sending}`]);
    const rows = await queryRows<{ id: string; delivery_status: string; external_id: string | null }>(
      d.db,
      sql`select id, delivery_status, external_id from messages where id in (${queued}, ${sending}) order by id`,
    );
    expect(rows).toEqual([
      { id: queued, delivery_status: 'sending', external_id: '<a@amends.test>' },
      { id: sending, delivery_status: 'sent', external_id: null },
    ]);
    // Again: neither is in the state it was asked from any more, so nothing is written.
    expect(await queryRows(d.db, deliveryStatement(items))).toEqual([]);
  });

  it('loading the messages to send takes the generic plan after the first five (planned once, not at every call)', async () => {
    await d.db.transaction(async (t) => {
      const tx = t as unknown as Tx;
      const text = (tx as unknown as { dialect: { sqlToQuery(s: unknown): { sql: string } } }).dialect.sqlToQuery(loadMessagesStatement([queued])).sql;
      await tx.execute(sql.raw(`prepare load_mail as ${text}`));
      for (let i = 0; i < 8; i++) await tx.execute(sql.raw(`execute load_mail('{${i % 2 ? queued : sending}}')`));
      const [plans] = await queryRows<{ generic: number; custom: number }>(tx, sql`select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where name = 'load_mail'`);
      expect(plans!.custom).toBe(5);
      expect(plans!.generic).toBe(3);
      await tx.execute(sql.raw('deallocate load_mail'));
    });
  });
});
