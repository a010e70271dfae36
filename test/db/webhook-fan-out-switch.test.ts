// Migration 0021: the webhook fan-out trigger on case_events is on exactly while some
// subscription is active (every timeline write otherwise paid for a trigger that found none),
// whichever way the subscriptions change; what fans out is the same either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { queryRows } from '../../src/db/client.ts';

describe.each(TARGETS)('the webhook fan-out switch on %s', (target) => {
  let t: TestApp;
  const secret = 'whsec_test_0123456789abcdef';

  const fanOutOn = async () =>
    (await queryRows<{ on: boolean }>(t.database.db, sql`select tgenabled <> 'D' as on from pg_trigger where tgname = 'case_events_webhook_fan_out'`))[0]!.on;
  const deliveries = async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from webhook_deliveries`))[0]!.n;
  const complain = async () => {
    const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { name: 'Ilze', email: 'ilze@example.com', body: 'The parcel never came.', language: 'en' });
    expect(filed.statusCode).toBe(201);
  };

  beforeAll(async () => {
    t = await createTestApp(target, { WEBHOOK_ALLOW_PRIVATE: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is off with no subscription, on while one is active, off again when none is', async () => {
    expect(await fanOutOn()).toBe(false);
    await complain();
    expect(await deliveries()).toBe(0);

    const created = await t.call('admin', 'POST', '/api/v1/webhooks', { url: 'https://hooks.example.com/a', events: ['case.opened'], secret });
    expect(created.statusCode).toBe(201);
    const id = created.data.id as string;
    expect(await fanOutOn()).toBe(true);
    await complain();
    expect(await deliveries()).toBe(1);

    expect((await t.call('admin', 'PATCH', `/api/v1/webhooks/${id}`, { active: false })).statusCode).toBe(200);
    expect(await fanOutOn()).toBe(false);
    await complain();
    expect(await deliveries()).toBe(1);

    expect((await t.call('admin', 'PATCH', `/api/v1/webhooks/${id}`, { active: true })).statusCode).toBe(200);
    expect(await fanOutOn()).toBe(true);
    // A second subscription, deactivated: the first still wants the events.
    const other = await t.call('admin', 'POST', '/api/v1/webhooks', { url: 'https://hooks.example.com/b', events: ['case.opened'], secret });
    expect((await t.call('admin', 'PATCH', `/api/v1/webhooks/${other.data.id}`, { active: false })).statusCode).toBe(200);
    expect(await fanOutOn()).toBe(true);
    await complain();
    expect(await deliveries()).toBe(2);

    // Deleting a subscription deletes its deliveries (cascade): count from there.
    expect((await t.call('admin', 'DELETE', `/api/v1/webhooks/${id}`)).statusCode).toBe(200);
    expect(await fanOutOn()).toBe(false);
    const left = await deliveries();
    await complain();
    expect(await deliveries()).toBe(left);
  });

  it('is only switched on, never off, under an isolation level whose snapshot may be older than its lock', async () => {
    const created = await t.call('admin', 'POST', '/api/v1/webhooks', { url: 'https://hooks.example.com/c', events: ['case.opened'], secret });
    expect(await fanOutOn()).toBe(true);
    await t.database.db.transaction(
      async (tx) => {
        await tx.execute(sql`update webhooks set active = false where id = ${created.data.id}`);
      },
      { isolationLevel: 'repeatable read' },
    );
    expect(await fanOutOn()).toBe(true);
    // Still nothing fans out: the trigger checks for an active subscription itself.
    const before = await deliveries();
    await complain();
    expect(await deliveries()).toBe(before);
  });
});
