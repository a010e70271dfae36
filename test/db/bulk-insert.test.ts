// Set-based inserts through one JSON parameter per table (src/db/bulk-insert.ts),
// as intake writes its batches: types, defaults for left-out values, conflicts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TARGETS, openTestDatabase } from '../helpers/db.ts';
import { insertTogether, queryRows, type Database } from '../../src/db/client.ts';
import { insertRows, insertRowsNow } from '../../src/db/bulk-insert.ts';
import { categories, jobs, customers, inboundEmails } from '../../src/db/schema.ts';
import { jobRow } from '../../src/db/jobs.ts';
import { newId } from '../../src/db/ids.ts';

describe.each(TARGETS)('bulk insert on %s', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(target);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('writes many rows of several tables in one statement, with JSON, dates and quotes intact', async () => {
    const ids = [newId(), newId(), newId()];
    const at = new Date('2026-03-01T10:20:30.123Z');
    await insertTogether(database.db, [
      insertRows(
        categories,
        ids.map((id, i) => ({ id, key: `bulk-${id}`, labels: { en: `It's "odd" ${i}`, ru: 'Доставка\nи "кавычки"' }, sortOrder: i, createdAt: at })),
      ),
      insertRows(customers, [{ id: ids[0]!, name: "O'Brien \\ Müller", currency: 'EUR' }]),
    ]);
    const rows = await queryRows<{ key: string; labels: Record<string, string>; sort_order: number; created_at: Date | string; active: boolean }>(
      database.db,
      sql`select key, labels, sort_order, created_at, active from categories where key like 'bulk-%' order by sort_order`,
    );
    expect(rows.map((r) => r.sort_order)).toEqual([0, 1, 2]);
    expect(rows[1]!.labels).toEqual({ en: `It's "odd" 1`, ru: 'Доставка\nи "кавычки"' });
    expect(new Date(rows[2]!.created_at).toISOString()).toBe(at.toISOString());
    // Left out of every row: the column's default.
    expect(rows.every((r) => r.active === true)).toBe(true);
    const [c] = await queryRows<{ name: string }>(database.db, sql`select name from customers where id = ${ids[0]}`);
    expect(c!.name).toBe("O'Brien \\ Müller");
  });

  it('gives the default to rows that leave a value out while others give it, and skips conflicts when asked', async () => {
    const runAt = new Date(Date.now() + 3_600_000);
    const key = `bulk-test:${newId()}`;
    await insertRowsNow(database.db, jobs, [jobRow('touch.send', { touchId: newId() }, { dedupeKey: key }), jobRow('touch.send', { touchId: newId() }, { runAt, dedupeKey: `${key}:later` })], {
      onConflictDoNothing: true,
    });
    // The same dedupe key again: skipped, not an error.
    await insertRowsNow(database.db, jobs, [jobRow('touch.send', { touchId: newId() }, { dedupeKey: key })], { onConflictDoNothing: true });
    const rows = await queryRows<{ dedupe_key: string; run_at: Date | string; state: string }>(
      database.db,
      sql`select dedupe_key, run_at, state from jobs where dedupe_key like ${`${key}%`} order by dedupe_key`,
    );
    expect(rows.map((r) => r.dedupe_key)).toEqual([key, `${key}:later`]);
    // Left out: now() (not null); given: kept.
    expect(Math.abs(new Date(rows[0]!.run_at).getTime() - Date.now())).toBeLessThan(60_000);
    expect(new Date(rows[1]!.run_at).toISOString()).toBe(runAt.toISOString());
    expect(rows.every((r) => r.state === 'pending')).toBe(true);
  });

  it("writes the rows' JSON as JSON.stringify would (Dates as ISO text, an invalid one as null) and leaves the rows' Dates in place", () => {
    const at = new Date('2026-03-01T10:20:30.123Z');
    const rows = [
      { id: newId(), name: 'Dates 1', currency: 'EUR', createdAt: at, updatedAt: at, departedAt: new Date(at.getTime() + 1) },
      { id: newId(), name: 'Dates 2', currency: 'EUR', createdAt: new Date(at), updatedAt: new Date(Number.NaN), departedAt: null },
    ];
    const expected = JSON.stringify(rows);
    const part = insertRows(customers, rows);
    expect(part.json).toBe(expected);
    expect(JSON.parse(part.json)[1].updatedAt).toBeNull();
    expect(rows[0]!.createdAt).toBe(at);
    expect(rows.every((r) => r.createdAt instanceof Date && r.updatedAt instanceof Date)).toBe(true);
    // The same instants again (remembered texts) write the same JSON; a frozen row is written as it is.
    expect(insertRows(customers, rows).json).toBe(expected);
    expect(insertRows(customers, rows.map((r) => Object.freeze({ ...r }))).json).toBe(expected);
  });

  it('refuses a key the table does not have (a programming error, caught before the database)', () => {
    expect(() => insertRows(categories, [{ id: newId(), nope: 1 }])).toThrow(/categories has no column for nope/);
  });

  it('refuses a Buffer for a bytea column (JSON would turn it into other bytes) and stores \\x hex text as the bytes', async () => {
    const row = { id: newId(), source: 'bulk-test', dedupeKey: `bulk-${newId()}`, size: 3, status: 'routed' };
    expect(() => insertRows(inboundEmails, [{ ...row, raw: Buffer.from('abc') }])).toThrow(/raw takes bytes as \\x hex text/);
    await insertRowsNow(database.db, inboundEmails, [{ ...row, raw: `\\x${Buffer.from('abc').toString('hex')}` }]);
    const [back] = await queryRows<{ raw: string }>(database.db, sql`select encode(raw, 'escape') as raw from inbound_emails where id = ${row.id}`);
    expect(back?.raw).toBe('abc');
  });
});
