// A case action run on the pool (case-store.ts caseToAct and moveCase, http/mutate.ts
// mutateAtOnce) writes in one statement, and only over the row version it read: should
// the case change in between, nothing of the statement is written and the action asks to
// run again in a transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { NeedsTransaction, queryRows } from '../../src/db/client.ts';
import { caseToAct, moveCase, moveEvent } from '../../src/cases/case-store.ts';
import type { Actor } from '../../src/context.ts';

describe.each(TARGETS)('case actions at once on %s', (target) => {
  let t: TestApp;
  let caseId: string;
  let actor: Actor;
  beforeAll(async () => {
    t = await createTestApp(target);
    const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { name: 'Ada Pool', email: 'ada.pool@example.com', body: 'The lamp arrived broken and nobody answers.' });
    expect(filed.statusCode).toBe(201);
    const found = await t.call('supervisor', 'GET', `/api/v1/cases?q=${filed.data.caseNumber}`);
    caseId = found.data.items[0].id;
    const s = t.users.supervisor;
    actor = { type: 'user', id: s.id, role: s.role, name: s.name } as Actor;
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: string) =>
    (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.raw(table)} where case_id = ${caseId}`))[0]!.n;

  it('a row changed since it was read: the move and its other writes are not written, NeedsTransaction', async () => {
    const db = t.database.db;
    const row = await caseToAct(db, actor, caseId);
    const events = await count('case_events');
    // Another writer changes the case (not its status) between the read and the write.
    await db.execute(sql`update cases set priority = 3 where id = ${caseId}`);
    const later = sql`r1 as (insert into restatements (id, case_id, text) values (gen_random_uuid(), ${caseId}, 'Is this it?'))`;
    await expect(moveCase(db, row, 'restate', actor, {}, [moveEvent('restatement_proposed', {})], later)).rejects.toBeInstanceOf(NeedsTransaction);
    expect(await count('restatements')).toBe(0);
    expect(await count('case_events')).toBe(events);
    const [after] = await queryRows<{ status: string }>(db, sql`select status from cases where id = ${caseId}`);
    expect(after!.status).toBe(row.status);
    // Read again, the same move goes through, with its writes.
    const fresh = await caseToAct(db, actor, caseId);
    const moved = await moveCase(db, fresh, 'restate', actor, {}, [moveEvent('restatement_proposed', {})], later);
    expect(moved.status).toBe('acknowledged');
    expect(await count('restatements')).toBe(1);
    expect(await count('case_events')).toBe(events + 1);
  });

  it('a move on the pool needs the row caseToAct read', async () => {
    const row = await caseToAct(t.database.db, actor, caseId);
    await expect(moveCase(t.database.db, { ...row }, 'close_unresolved', actor, { closeReason: 'test' })).rejects.toThrow(/caseToAct/);
  });
});
