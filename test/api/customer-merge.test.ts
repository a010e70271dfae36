// One customer, one record (P-1.1): merging a duplicate moves its history and
// keeps it traceable; CSV import reports rejected rows; the export streams all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { queryRows } from '../../src/db/client.ts';

describe.each(TARGETS)('customer merge and CSV on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });
  const csv = (url: string, body: string) =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${t.users.agent.token}`, 'content-type': 'text/csv' }, payload: body }).then((r) => Object.assign(r, { data: JSON.parse(r.body) }));

  it('merges a duplicate: contacts, orders, cases and value move; the timeline and the old record say so; intake by the old reference finds the kept one', async () => {
    const kept = (await t.call('agent', 'POST', '/api/v1/customers', { name: 'Ilze Bērziņa', emails: ['ilze@example.lv'], externalRef: 'crm-1' })).data;
    const dup = (await t.call('agent', 'POST', '/api/v1/customers', { name: 'I. Berzina', phones: ['+37120000009'], externalRef: 'shop-9' })).data;
    await t.call('agent', 'POST', `/api/v1/customers/${dup.id}/orders`, { ref: 'O-9', total: { amount: '120.00', currency: 'EUR' }, placedAt: '2026-11-01T10:00:00Z' });
    const dupCase = (await t.call('agent', 'POST', '/api/v1/cases', { channel: 'phone', customer: { phone: '+37120000009' }, body: 'Called about the late order.' })).data;
    expect(dupCase.customer?.id ?? (await t.call('agent', 'GET', `/api/v1/cases/${dupCase.id}`)).data.customer.id).toBe(dup.id);

    // Things later issues keep per customer: a bonus from a compensation, a manager's review, keep-in-touch mail.
    const db = t.database.db;
    await db.execute(sql`insert into compensations (id, case_id, customer_id, kind, value_minor, currency, description, status)
      values (gen_random_uuid(), ${dupCase.id}, ${dup.id}, 'bonus', 1000, 'EUR', 'bonus for the late order', 'granted')`);
    await db.execute(sql`insert into bonuses (id, customer_id, case_id, compensation_id, amount_minor, currency, expires_at)
      select gen_random_uuid(), customer_id, case_id, id, value_minor, currency, now() + interval '90 days' from compensations where customer_id = ${dup.id}`);
    await db.execute(sql`insert into customer_reviews (id, customer_id, decision, reason, figures) values (gen_random_uuid(), ${dup.id}, 'keep', 'one late order', '{}'::jsonb)`);
    for (const [who, key] of [[kept.id, 'greeting:2026'], [dup.id, 'greeting:2026'], [dup.id, 'check_in:1']] as const) {
      await db.execute(sql`insert into customer_touches (id, customer_id, kind, touch_key, language, delivery_status)
        values (gen_random_uuid(), ${who}, ${key.split(':')[0]}, ${key}, 'en', 'sent')`);
    }

    const merged = await t.call('agent', 'POST', `/api/v1/customers/${kept.id}/merge`, { fromId: dup.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.data.moved).toMatchObject({ contacts: 1, orders: 1, cases: 1, compensations: 1, bonuses: 1, customerReviews: 1, touches: 1 });
    const owners = await queryRows<{ t: string; customer_id: string }>(
      db,
      sql`select 'bonus' as t, customer_id from bonuses where case_id = ${dupCase.id}
        union all select 'review', customer_id from customer_reviews where reason = 'one late order'
        union all select touch_key, customer_id from customer_touches where customer_id in (${kept.id}, ${dup.id}) order by 1, 2`,
    );
    expect(owners.map((o) => [o.t, o.customer_id === kept.id ? 'kept' : 'dup'])).toEqual(
      expect.arrayContaining([['bonus', 'kept'], ['review', 'kept'], ['check_in:1', 'kept'], ['greeting:2026', 'kept'], ['greeting:2026', 'dup']]),
    );
    expect(owners).toHaveLength(5);
    expect(merged.data.customer.contacts).toEqual(expect.arrayContaining([{ kind: 'email', value: 'ilze@example.lv' }, { kind: 'phone', value: '+37120000009' }]));
    expect(merged.data.customer.value.lifetimeValue).toEqual({ amount: '120.00', currency: 'EUR' });
    const old = (await t.call('agent', 'GET', `/api/v1/customers/${dup.id}`)).data;
    expect(old).toMatchObject({ status: 'merged', mergedIntoId: kept.id, contacts: [] });
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${dupCase.id}`)).data;
    expect(c.customer.id).toBe(kept.id);
    expect(c.timeline.find((e: { type: string }) => e.type === 'customer_merged').data).toEqual({ fromCustomerId: dup.id, intoCustomerId: kept.id });
    // The duplicate's own reference still finds the person: on the kept record.
    const later = (await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { externalRef: 'shop-9' }, body: 'Me again.' })).data;
    expect((await t.call('agent', 'GET', `/api/v1/cases/${later.id}`)).data.customer.id).toBe(kept.id);

    const again = await t.call('agent', 'POST', `/api/v1/customers/${kept.id}/merge`, { fromId: dup.id });
    expect(again.statusCode).toBe(409);
    expect(again.data.error.code).toBe('CUSTOMER_MERGED');
    expect((await t.call('agent', 'POST', `/api/v1/customers/${kept.id}/merge`, { fromId: kept.id })).data.error.code).toBe('VALIDATION_FAILED');
    expect((await t.call('agent', 'POST', `/api/v1/customers/${kept.id}/merge`, { fromId: 'nope' })).data.error.code).toBe('CUSTOMER_NOT_FOUND');
  });

  it('imports customers from CSV with a report of rejected rows, and exports them all', async () => {
    const file = [
      'name,email,phone,external_ref,language,tier',
      'Anna Ozola,anna@example.lv;anna.o@work.example,+371 2000 1111,crm-100,lv,key',
      'No Email,,+49 30 999999,,de,',
      ',missing-name@example.com,,,,',
      'Bad Mail,not-an-email,,,,',
      'Taken,ilze@example.lv,,,,',
      '"=HYPERLINK(""x"")",formula@example.com,,,en,',
    ].join('\n');
    const r = await csv('/api/v1/customers/import', file);
    expect(r.statusCode).toBe(200);
    expect(r.data).toMatchObject({ received: 6, imported: 3 });
    expect(r.data.rejected.map((x: { row: number }) => x.row)).toEqual([4, 5, 6]);
    expect(r.data.rejected[2].errors[0].message).toMatch(/^DUPLICATE/);

    // Every customer at once is more than an agent's work needs (issue 14): supervisors and up.
    const refused = await t.app.inject({ method: 'GET', url: '/api/v1/customers/export', headers: { authorization: `Bearer ${t.users.agent.token}` } });
    expect(refused.statusCode).toBe(403);
    const out = await t.app.inject({ method: 'GET', url: '/api/v1/customers/export', headers: { authorization: `Bearer ${t.users.supervisor.token}` } });
    expect(out.statusCode).toBe(200);
    expect(out.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(out.body, { columns: true }) as Record<string, string>[];
    const anna = rows.find((x) => x.external_ref === 'crm-100')!;
    expect(anna).toMatchObject({ name: 'Anna Ozola', emails: 'anna@example.lv;anna.o@work.example', phones: '+37120001111', language: 'lv', tier: 'key', status: 'active' });
    expect(rows.find((x) => x.emails === 'formula@example.com')!.name).toBe(`'=HYPERLINK("x")`);
    expect(rows.some((x) => x.status === 'merged')).toBe(true);

    expect((await csv('/api/v1/customers/import', 'name\n"broken')).data.error.code).toBe('INVALID_CSV');
  });
});
