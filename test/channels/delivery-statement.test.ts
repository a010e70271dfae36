// Delivery's statements (deliver-message.ts) on a small desk: the mail marks and settles reach
// their messages by primary key (joined only to their JSON rows, the planner once read the whole
// messages table twice per mail: 10,000 cases, 390 pages), and the load of the messages to send
// is planned once per connection, not at every call. On PostgreSQL: a mark or settle is not held
// back behind another delivery statement that is still in flight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { openTestDatabase, TARGETS } from '../helpers/db.ts';
import { openDatabase, queryRows, queryText, type Database, type Tx } from '../../src/db/client.ts';
import { DELIVERY_STATEMENT, deliveryParams, loadMessagesStatement, settleDelivery, type DeliveryStatement } from '../../src/channels/email/deliver-message.ts';

/** A customer and one case of theirs, for messages to hang on. */
async function addCase(d: Database, customerId: string, caseId: string): Promise<void> {
  await d.db.execute(sql`insert into customers (id, currency) values (${customerId}, 'EUR')`);
  await d.db.execute(sql`insert into cases (id, customer_id, channel, language) values (${caseId}, ${customerId}, 'web', 'en')`);
}

describe.each(TARGETS)('mail delivery statement on %s', (target) => {
  let d: Database;
  const customerId = '00000000-0000-4000-8000-000000000001';
  const caseId = '00000000-0000-4000-8000-000000000002';
  const queued = '00000000-0000-4000-8000-000000000003';
  const sending = '00000000-0000-4000-8000-000000000004';
  beforeAll(async () => {
    d = await openTestDatabase(target);
    await addCase(d, customerId, caseId);
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
    { op: 'settle', id: sending, status: 'sent', note: null, from: 'sending', at: new Date().toISOString(), job: null, by: null },
  ];

  it('finds the marked and the settled messages by key: no read of the whole table', async () => {
    const plan = (await queryText<Record<string, string>>(d.db, `explain ${DELIVERY_STATEMENT}`, deliveryParams(items))).map((r) => Object.values(r)[0]).join('\n');
    expect(plan).toContain('messages_pkey');
    expect(plan).not.toMatch(/Seq Scan on messages/);
  });

  it('marks and settles exactly the messages named, from the state each was in', async () => {
    const done = await queryText<{ id: string; op: string }>(d.db, DELIVERY_STATEMENT, deliveryParams(items));
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
    expect(await queryText(d.db, DELIVERY_STATEMENT, deliveryParams(items))).toEqual([]);
  });

  /** The text of a statement built with Drizzle. */
  const textOf = (statement: SQL) => (d.db as unknown as { dialect: { sqlToQuery(s: SQL): { sql: string } } }).dialect.sqlToQuery(statement).sql;

  /** How PostgreSQL planned `text` over eight calls on one connection: its first five plans are always custom. */
  async function planChoices(text: string, args: string[][]): Promise<{ generic: number; custom: number }> {
    let plans: { generic: number; custom: number } | undefined;
    await d.db.transaction(async (t) => {
      const tx = t as unknown as Tx;
      await tx.execute(sql.raw(`prepare planned as ${text}`));
      for (let i = 0; i < 8; i++) await tx.execute(sql.raw(`execute planned(${args[i % args.length]!.map((a) => `'${a}'`).join(', ')})`));
      [plans] = await queryRows<{ generic: number; custom: number }>(tx, sql`select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where name = 'planned'`);
      await tx.execute(sql.raw('deallocate planned'));
    });
    return plans!;
  }

  it('each statement is planned once per connection: the generic plan from the sixth call on, not a new plan at every call', async () => {
    // Which messages does not matter to the plan: these exist in no state asked for, so nothing is written.
    const one = ['00000000-0000-4000-8000-0000000000a1'];
    const two = ['00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000a3'];
    const load = (ids: string[]) => [`{${ids.join(',')}}`];
    expect(await planChoices(textOf(loadMessagesStatement(one)), [load(one), load(two)])).toEqual({ generic: 3, custom: 5 });
    const marks = (ids: string[]): DeliveryStatement[] => ids.map((id) => ({ op: 'mark', id, externalId: `<${id}@amends.test>` }));
    const args = (ids: string[]) => [JSON.stringify(marks(ids).map((m) => ({ id: m.id, external_id: `<${m.id}@amends.test>` }))), '[]', `{${ids.join(',')}}`, '{}'];
    // The statement's parameters, in its order: the marks and the settles as JSON, then their ids.
    expect(deliveryParams(marks(one))).toEqual(args(one));
    expect(await planChoices(DELIVERY_STATEMENT, [args(one), args(two)])).toEqual({ generic: 3, custom: 5 });
  });
});

describe.each(TARGETS.filter((x) => x === 'postgres'))('mail delivery statements side by side on %s', (target) => {
  let d: Database;
  const customerId = '00000000-0000-4000-8000-000000000011';
  const caseId = '00000000-0000-4000-8000-000000000012';
  const held = '00000000-0000-4000-8000-000000000013';
  const free = '00000000-0000-4000-8000-000000000014';
  beforeAll(async () => {
    d = await openTestDatabase(target);
    await addCase(d, customerId, caseId);
    await d.db.execute(sql`insert into messages (id, case_id, direction, channel, kind, body, delivery_status) values
      (${held}, ${caseId}, 'outbound', 'email', 'acknowledgement', 'Thank you', 'sending'),
      (${free}, ${caseId}, 'outbound', 'email', 'acknowledgement', 'Thank you', 'sending')`);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('a settle waiting in the database does not hold back the next mail’s statement', async () => {
    // Each pooled SMTP connection waits for its mail's mark before it sends: with one delivery
    // statement at a time, every mark queued behind the one in flight and the connections idled.
    const other = await openDatabase({ url: d.url!, poolSize: 1 });
    try {
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const holder = other.db.transaction(async (tx) => {
        await tx.execute(sql`select 1 from messages where id = ${held} for update`);
        locked();
        await released;
      });
      await isLocked;
      const first = settleDelivery(d.db, { id: held, caseId, kind: 'acknowledgement' }, 'sent', null, 'sending');
      // Resolves while the first statement still waits for the row: it was not queued behind it.
      expect(await settleDelivery(d.db, { id: free, caseId, kind: 'acknowledgement' }, 'sent', null, 'sending')).toBe(true);
      release();
      await holder;
      expect(await first).toBe(true);
    } finally {
      await other.close();
    }
    const rows = await queryRows<{ delivery_status: string }>(d.db, sql`select delivery_status from messages where id in (${held}, ${free})`);
    expect(rows.map((r) => r.delivery_status)).toEqual(['sent', 'sent']);
  });
});
