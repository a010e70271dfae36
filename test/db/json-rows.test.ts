// Rows read as JSON (src/db/json-rows.ts) are the rows Drizzle's own select gives, and the
// prepared SQL text (queryText) answers alike on both drivers, again and again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { TARGETS, openTestDatabase } from '../helpers/db.ts';
import { queryText, type Database } from '../../src/db/client.ts';
import { rowFromJson, rowsFromJson } from '../../src/db/json-rows.ts';
import { caseEvents, cases, customers } from '../../src/db/schema.ts';
import { newId } from '../../src/db/ids.ts';

describe.each(TARGETS)('rows from JSON on %s', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(target);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('decodes dates (to the millisecond), big numbers, reals, JSONB and nulls as Drizzle does', async () => {
    const customerId = newId();
    const caseId = newId();
    const db = database.db;
    await db.insert(customers).values({ id: customerId, name: 'Jāna "JSON" Bērziņa', currency: 'EUR', lifetimeValue: 9_007_199_254 });
    await db.insert(cases).values({
      id: caseId, number: 4_000_000_001, customerId, channel: 'email', status: 'acknowledged', priority: 2, language: 'lv',
      subject: 'Line\nbreak, "quotes" and ünïcode', score: 0.479, detection: { phrases: [{ text: 'torn', start: 1 }], nested: { a: null } },
      churnRisk: 0.688, createdAt: new Date('2026-03-01T10:20:30.123Z'), updatedAt: new Date('2026-03-01T10:20:30.999Z'),
    });
    // A timestamp with microseconds: both ways keep the same millisecond.
    await queryText(db, "update cases set acknowledged_at = '2026-03-02 08:00:00.987654+00' where id = $1", [caseId]);
    await db.insert(caseEvents).values([
      { caseId, type: 'case_opened', actorType: 'system', data: { channel: 'email' } },
      { caseId, type: 'note_added', actorType: 'system', data: {} },
    ]);

    const [drizzleCase] = await db.select().from(cases).where(eq(cases.id, caseId));
    for (let i = 0; i < 3; i++) {
      const [json] = await queryText<{ r: Record<string, unknown> }>(db, 'select row_to_json(c) as r from cases c where c.id = $1', [caseId]);
      expect(rowFromJson(cases, json!.r)).toEqual(drizzleCase);
    }
    expect(drizzleCase!.acknowledgedAt!.toISOString()).toBe('2026-03-02T08:00:00.987Z');

    const drizzleEvents = await db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(caseEvents.id);
    const [agg] = await queryText<{ e: Record<string, unknown>[] | null; none: Record<string, unknown>[] | null }>(
      db,
      'select (select json_agg(x order by x.id) from case_events x where x.case_id = $1) as e, (select json_agg(x) from case_events x where false) as none',
      [caseId],
    );
    expect(rowsFromJson(caseEvents, agg!.e)).toEqual(drizzleEvents);
    expect(rowsFromJson(caseEvents, agg!.none)).toEqual([]);
    const [drizzleCustomer] = await db.select().from(customers).where(eq(customers.id, customerId));
    const [c] = await queryText<{ r: Record<string, unknown> }>(db, 'select row_to_json(x) as r from customers x where x.id = $1', [customerId]);
    expect(rowFromJson(customers, c!.r)).toEqual(drizzleCustomer);
  });
});
