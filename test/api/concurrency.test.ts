// Many intakes at once for the same new customer end on one customer record
// (P-1.1: one customer across channels), with unique case numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { queryRows } from '../../src/db/client.ts';
import { IntakeBatcher } from '../../src/cases/intake/intake-batcher.ts';

describe.each(TARGETS)('concurrent intake on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target, { PUBLIC_FORM_RATE_LIMIT: 10_000 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('twenty complaints at once from one new customer: one customer, twenty cases', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.call(null, 'POST', '/api/v1/public/complaints', { name: 'Same Person', email: 'same.person@example.com', phone: '+371 2999 0000', body: `Complaint number ${i}` }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.data.caseNumber)).size).toBe(20);
    const customers = await queryRows<{ customer_id: string }>(t.database.db, sql`select distinct customer_id from customer_contacts where value in ('same.person@example.com', '+37129990000')`);
    expect(customers).toHaveLength(1);
    const [cases] = await queryRows<{ n: number; owners: number }>(
      t.database.db,
      sql`select count(*)::int as n, count(distinct customer_id)::int as owners from cases where customer_id = ${customers[0]!.customer_id}`,
    );
    expect(cases).toEqual({ n: 20, owners: 1 });
    const [orphans] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from customers c where not exists (select 1 from cases k where k.customer_id = c.id)`);
    expect(orphans!.n).toBe(0);
  });

  it('group commit: many complaints share transactions, each gets its own answer, a bad one sinks no other', async () => {
    const batcher = new IntakeBatcher(t.database.db, t.services, { maxBatch: 10, maxInFlight: 1 });
    const actor = { type: 'system', name: 'test' } as const;
    const good = (i: number) => batcher.open(actor, { channel: 'web_form', customer: { email: `batch-${i}@example.com` }, body: `Late delivery ${i}` });
    // A complaint that passes validation but breaks a database rule (journey stage CHECK).
    const bad = batcher.open(actor, { channel: 'web_form', customer: {}, body: 'bad', journeyStage: 'sideways' as never });
    const results = await Promise.allSettled([good(0), bad, ...Array.from({ length: 24 }, (_, i) => good(i + 1))]);
    expect(results[1]!.status).toBe('rejected');
    const ok = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ case: { number: number; id: string } }>[];
    expect(ok).toHaveLength(25);
    expect(new Set(ok.map((r) => r.value.case.number)).size).toBe(25);
    expect(Math.max(...batcher.batchSizes)).toBeGreaterThan(1);
    const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from cases where id in (${sql.join(ok.map((r) => sql`${r.value.case.id}`), sql`, `)})`);
    expect(row!.n).toBe(25);
    const [acks] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from messages where kind = 'acknowledgement' and recipient like 'batch-%'`);
    expect(acks!.n).toBe(25);
  });
  it('group commit identifies a mixed batch as one by one would: known, new, repeated, contactless, by reference', async () => {
    const known = await t.call(null, 'POST', '/api/v1/public/complaints', { name: 'Known Person', email: 'known.batch@example.com', body: 'First complaint' });
    expect(known.statusCode).toBe(201);
    const batcher = new IntakeBatcher(t.database.db, t.services, { maxBatch: 10, maxInFlight: 1 });
    const actor = { type: 'system', name: 'test' } as const;
    const open = (customer: Record<string, string>, body: string) => batcher.open(actor, { channel: 'web_form', customer, body });
    // The first fills the only slot; the rest queue up and are written as one batch.
    const first = open({ email: 'warmup.batch@example.com' }, 'Warm-up');
    const rest = [
      open({ email: 'KNOWN.batch@example.com', phone: '+371 2111 0001' }, 'Known again, with a new phone'),
      open({ name: 'New One', email: 'new.batch@example.com' }, 'New customer'),
      open({ email: 'new.batch@example.com' }, 'Same new customer, same batch'),
      open({ phone: '+371 2111 0001' }, 'Known customer by the phone added a moment ago'),
      open({}, 'Nobody in particular'),
      open({ externalRef: 'EXT-BATCH-1', email: 'ext.batch@example.com' }, 'By reference'),
    ];
    const opened = await Promise.all([first, ...rest]);
    expect(Math.max(...batcher.batchSizes)).toBeGreaterThan(1);
    expect(new Set(opened.map((o) => o.case.number)).size).toBe(opened.length);
    const customerOf = async (value: string) =>
      (await queryRows<{ customer_id: string }>(t.database.db, sql`select customer_id from customer_contacts where value = ${value}`)).map((r) => r.customer_id);
    const [knownId] = await customerOf('known.batch@example.com');
    expect(await customerOf('+37121110001')).toEqual([knownId]);
    expect(opened[1]!.case.customerId).toBe(knownId);
    expect(opened[4]!.case.customerId).toBe(knownId);
    const [newId] = await customerOf('new.batch@example.com');
    expect(opened[2]!.case.customerId).toBe(newId);
    expect(opened[3]!.case.customerId).toBe(newId);
    const [nobody] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from customer_contacts where customer_id = ${opened[5]!.case.customerId}`);
    expect(nobody!.n).toBe(0);
    expect(new Set(opened.map((o) => o.case.customerId)).size).toBe(5);
    const [ext] = await queryRows<{ external_ref: string | null; name: string | null }>(t.database.db, sql`select external_ref, name from customers where id = ${opened[6]!.case.customerId}`);
    expect(ext!.external_ref).toBe('EXT-BATCH-1');
    const [named] = await queryRows<{ name: string | null }>(t.database.db, sql`select name from customers where id = ${newId}`);
    expect(named!.name).toBe('New One');
  });
});
