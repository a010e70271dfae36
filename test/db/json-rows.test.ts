// Rows read as JSON (src/db/json-rows.ts) are the rows Drizzle's own select gives, and the
// prepared SQL text (queryText) answers alike on both drivers, again and again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { TARGETS, openTestDatabase } from '../helpers/db.ts';
import { queryText, type Database } from '../../src/db/client.ts';
import { isoFromJson, rowFromJson, rowFromJsonIso, rowsFromJson, rowsFromJsonIso } from '../../src/db/json-rows.ts';
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

    // The view's reading: the same rows, each Date as the text its toISOString writes.
    const isoOf = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
    const [again] = await queryText<{ r: Record<string, unknown> }>(db, 'select row_to_json(c) as r from cases c where c.id = $1', [caseId]);
    expect(rowFromJsonIso(cases, again!.r)).toEqual(isoOf(drizzleCase!));
    expect(rowFromJsonIso(cases, again!.r).acknowledgedAt).toBe('2026-03-02T08:00:00.987Z');
    expect(rowsFromJsonIso(caseEvents, agg!.e)).toEqual(drizzleEvents.map(isoOf));
    expect(rowsFromJsonIso(caseEvents, agg!.none)).toEqual([]);
  });

  it('writes a timestamp as ISO text exactly as a Date would, whatever the precision or zone PostgreSQL wrote', async () => {
    const [x] = await queryText<{ r: Record<string, string> }>(
      database.db,
      `select json_build_object('a', '2026-12-06 14:01:51.999999+00'::timestamptz, 'b', '2026-01-01 00:00:00+00'::timestamptz, 'c', '2026-01-01 00:00:00.1+00'::timestamptz,
         'd', '2026-01-01 00:00:00.12+00'::timestamptz, 'e', '2026-01-01 00:00:00.0009+00'::timestamptz, 'f', '0099-06-30 23:59:59.5+00'::timestamptz) as r`,
      [],
    );
    const column = cases.createdAt;
    for (const text of [...Object.values(x!.r), '2026-12-06T16:01:51.394377+02:00', '2026-12-06T14:01:51.394377-03:30', '2026-12-06T14:01:51.5+00:00', '2026-12-06T14:01:51+00:00']) {
      expect(isoFromJson(column, text)).toBe(new Date(text).toISOString());
    }
    expect(isoFromJson(column, x!.r.a!)).toBe('2026-12-06T14:01:51.999Z');
  });
});
