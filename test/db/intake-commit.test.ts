// How intake's group commit reaches the database: a batch is two statements and no
// explicit transaction (src/cases/intake/intake-batcher.ts), the identify statement and
// the rate-limit counts commit asynchronously for their own transaction only
// (ASYNC_COMMIT in src/db/client.ts), and the batch write's text is built once per
// shape (insertRowsTogether in src/db/bulk-insert.ts).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { ASYNC_COMMIT, openDatabase, queryRows, type Database, type Tx } from '../../src/db/client.ts';
import { insertRows, insertRowsTogether } from '../../src/db/bulk-insert.ts';
import { IntakeBatcher } from '../../src/cases/intake/intake-batcher.ts';
import { customers } from '../../src/db/schema.ts';
import { newId } from '../../src/db/ids.ts';
import { IDENTIFY_STATEMENT } from '../../src/customers/identify-customers.ts';

describe.each(TARGETS)('intake commits on %s', (target) => {
  let t: TestApp;
  let one: Database;
  beforeAll(async () => {
    t = await createTestApp(target, {});
    // One connection, so the statement after is on the connection the relaxed one used.
    one = t.database.kind === 'postgres' ? await openDatabase({ url: t.database.url!, poolSize: 1 }) : t.database;
  });
  afterAll(async () => {
    if (one !== t?.database) await one?.close();
    await t?.close();
  });

  const setting = async (q: Database['db'] | Tx) => (await queryRows<{ s: string }>(q, sql`select current_setting('synchronous_commit') as s`))[0]!.s;

  it('an asynchronous commit lasts its own statement only: the connection commits synchronously afterwards', async () => {
    const [row] = await queryRows<{ relaxed: string; during: string }>(one.db, sql`select ${ASYNC_COMMIT} as relaxed, current_setting('synchronous_commit') as during`);
    expect(row).toEqual({ relaxed: 'off', during: 'off' });
    expect(await setting(one.db)).toBe('on');
    // Inside a transaction it would last to its end (why intake uses it only on statements run alone).
    await one.db.transaction(async (tx) => {
      await queryRows(tx, sql`select ${ASYNC_COMMIT}`);
      expect(await setting(tx as Tx)).toBe('off');
    });
    expect(await setting(one.db)).toBe('on');
  });

  it('a batch is written without an explicit transaction, every case with its acknowledgement job', async () => {
    const batcher = new IntakeBatcher(t.database.db, t.services, { maxBatch: 10, maxInFlight: 1 });
    const spy = vi.spyOn(t.database.db, 'transaction');
    try {
      const actor = { type: 'system', name: 'test' } as const;
      const opened = await Promise.all(
        Array.from({ length: 8 }, (_, i) => batcher.open(actor, { channel: 'web_form', customer: { name: `Commit ${i}`, email: `commit-${i}@example.com` }, body: `Parcel ${i} never came` })),
      );
      expect(Math.max(...batcher.batchSizes)).toBeGreaterThan(1);
      expect(spy).not.toHaveBeenCalled();
      const ids = sql.join(opened.map((o) => sql`${o.case.id}`), sql`, `);
      const [row] = await queryRows<{ cases: number; jobs: number; named: number }>(
        t.database.db,
        sql`select (select count(*)::int from cases where id in (${ids})) as cases,
                   (select count(*)::int from jobs where kind = 'message.send' and payload->>'messageId' in (${sql.join(opened.map((o) => sql`${o.acknowledgementMessageId}`), sql`, `)})) as jobs,
                   (select count(*)::int from customers c join cases k on k.customer_id = c.id where k.id in (${ids}) and c.name like 'Commit %') as named`,
      );
      expect(row).toEqual({ cases: 8, jobs: 8, named: 8 });
      expect(await setting(t.database.db)).toBe('on');
    } finally {
      spy.mockRestore();
    }
  });

  it('the complaints of one batch share their instant: one created_at, the same clock plan, each case its own clock rows', async () => {
    const batcher = new IntakeBatcher(t.database.db, t.services, { maxBatch: 10, maxInFlight: 1 });
    const actor = { type: 'system', name: 'test' } as const;
    // The first runs alone at once; the seven that arrive meanwhile share the next commit.
    const opened = await Promise.all(
      Array.from({ length: 8 }, (_, i) => batcher.open(actor, { channel: 'web_form', customer: { email: `instant-${i}@example.com` }, body: `Parcel ${i} never came`, language: 'en' })),
    );
    expect(batcher.batchSizes).toEqual([1, 7]);
    const rest = opened.slice(1);
    const ids = sql.join(rest.map((o) => sql`${o.case.id}`), sql`, `);
    const rows = await queryRows<{ created: string; clocks: number; ids: number; dues: number }>(
      t.database.db,
      sql`select (extract(epoch from k.created_at) * 1000)::float8::text as created, count(c.id)::int as clocks, count(distinct c.id)::int as ids,
                 count(distinct (c.kind, c.due_at))::int as dues
          from cases k join clocks c on c.case_id = k.id where k.id in (${ids}) group by k.id, k.created_at`,
    );
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((r) => r.created)).size).toBe(1);
    expect(rows.every((r) => r.clocks >= 3 && r.ids === r.clocks && r.dues === r.clocks)).toBe(true);
    const [plan] = await queryRows<{ plans: number }>(
      t.database.db,
      sql`select count(distinct p)::int as plans from (select string_agg(c.kind || '@' || c.due_at::text, ',' order by c.kind) as p from clocks c where c.case_id in (${ids}) group by c.case_id) x`,
    );
    expect(plan!.plans).toBe(1);
  });

  it("the batch's complainants are looked up through the contacts' unique index, never by reading every contact", async () => {
    // A few thousand contacts, analysed: the size at which a plain join of the recordset (always
    // estimated at 100 rows) was planned as a hash join over a sequential scan of the whole table.
    const [owner] = await queryRows<{ id: string }>(t.database.db, sql`insert into customers (id, name, currency) values (${newId()}, 'Many contacts', 'EUR') returning id`);
    await t.database.db.execute(sql`insert into customer_contacts (id, customer_id, kind, value)
      select gen_random_uuid(), ${owner!.id}, 'email', 'many-' || g || '@example.com' from generate_series(1, 3000) g`);
    await t.database.db.execute(sql`analyze customer_contacts`);
    const people = JSON.stringify([{ i: 0, id: newId(), name: 'Plan', language: 'en' }]);
    const given = JSON.stringify([{ i: 0, kind: 'email', value: 'plan@example.com' }]);
    const literal: Record<string, string> = { $1: `'${people}'`, $2: `'${given}'`, $3: "'EUR'" };
    const text = IDENTIFY_STATEMENT.replace(/\$[123]\b/g, (p) => literal[p]!);
    // EXPLAIN alone plans the statement without running it (nothing is written).
    const plan = (await queryRows<Record<string, string>>(t.database.db, sql`explain ${sql.raw(text)}`)).map((r) => Object.values(r)[0]).join('\n');
    expect(plan).toContain('customer_contacts_kind_value_uq');
    expect(plan).not.toMatch(/Seq Scan on customer_contacts/);
  });

  it('insertRowsTogether writes what insertRows says, reusing one text for a shape with new rows and defaults', async () => {
    const make = (name: string | undefined) => ({ id: newId(), ...(name === undefined ? {} : { name }), currency: 'EUR' });
    // The same shape twice (the text is reused), then a shape where a column falls back to its default.
    const first = [make('Shape A1'), make('Shape A2')];
    const second = [make('Shape B1')];
    const mixed = [{ ...make('Shape C1'), tier: 'gold' }, make('Shape C2')];
    for (const rows of [first, second, mixed]) await insertRowsTogether(t.database.db, [insertRows(customers, rows)]);
    const got = await queryRows<{ name: string; tier: string }>(
      t.database.db,
      sql`select name, tier from customers where id in (${sql.join([...first, ...second, ...mixed].map((r) => sql`${r.id}`), sql`, `)}) order by name`,
    );
    expect(got).toEqual([
      { name: 'Shape A1', tier: 'standard' },
      { name: 'Shape A2', tier: 'standard' },
      { name: 'Shape B1', tier: 'standard' },
      { name: 'Shape C1', tier: 'gold' },
      { name: 'Shape C2', tier: 'standard' },
    ]);
  });
});
