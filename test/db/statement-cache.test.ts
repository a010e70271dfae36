// Statements built once per shape (src/db/statement-cache.ts) have exactly the text and
// parameters Drizzle's own build gives, call after call, whatever the values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { openDatabase, type Database, type Tx } from '../../src/db/client.ts';
import { cases, caseEvents } from '../../src/db/schema.ts';
import { moveStatement, type CaseRow } from '../../src/cases/case-store.ts';
import type { CaseStatus } from '../../src/domain/case-lifecycle.ts';
import { meetClocksInMove } from '../../src/clocks/meet-clocks.ts';

describe('moveCase statement', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({});
  });
  afterAll(async () => {
    await database?.close();
  });

  /** moveCase's statement as Drizzle builds it in one go (before the cache). */
  function drizzleBuild(tx: Tx, caseId: string, from: CaseStatus, patch: Partial<CaseRow>, rest: SQL) {
    const update = tx.update(cases).set(patch).where(and(eq(cases.id, caseId), eq(cases.status, from))).returning();
    const q = (tx as unknown as { dialect: { sqlToQuery(s: SQL): { sql: string; params: unknown[] } } }).dialect.sqlToQuery(
      sql`with u as (${update.getSQL()})${rest} select row_to_json(u) as r from u`,
    );
    return { sql: q.sql, params: q.params };
  }

  const rest = (n: number, tx: Tx) =>
    sql`, e as (insert into case_events (case_id, type, actor_type, actor_id, data) select u.id, 'status_changed', ${'user'}, ${`u-${n}`}, ${JSON.stringify({ n })}::jsonb from u)${sql`, a0 as (${tx
      .insert(caseEvents)
      .values({ caseId: `c-${n}`, type: 'resolved', actorType: 'user', actorId: `u-${n}`, data: { n } })
      .getSQL()})`}`;

  it('matches Drizzle for every shape, the first time and from the cache, with other values each time', async () => {
    const tx = database.db as unknown as Tx;
    const patches: ((n: number) => Partial<CaseRow>)[] = [
      (n) => ({ status: 'acknowledged', updatedAt: new Date(1_700_000_000_000 + n), acknowledgedAt: new Date(1_700_000_000_000 + n) }),
      (n) => ({ closeReason: `reason ${n}`, status: 'closed', updatedAt: new Date(1_800_000_000_000 + n), closedAt: new Date(1_800_000_000_000 + n) }),
      (n) => ({ status: 'understood', updatedAt: new Date(n), understoodAt: new Date(n), ownerId: undefined }),
      // nulls: cached, written as the literal null (see below)
      (n) => ({ status: 'new', updatedAt: new Date(n), closeReason: null, resolvedAt: null }),
      (n) => ({ status: 'closed', updatedAt: new Date(n), closedAt: new Date(n), closeReason: n === 2 ? null : `reason ${n}` }),
      // not cached (an SQL value with parameters): built as before
      (n) => ({ status: 'new', updatedAt: new Date(n), reopenCount: sql`${cases.reopenCount} + ${n}` as never }),
      // cached: SQL values without parameters (their text is part of the shape)
      (n) => ({ status: 'resolving', updatedAt: new Date(n), reopenCount: sql`${cases.reopenCount} + 1` as never, closeReason: null }),
      (n) => ({ status: 'resolved', updatedAt: new Date(n), resolvedAt: new Date(n), nextDueAt: meetClocksInMove(`c-${n}`, ['first_response', 'resolve'], new Date(n)).nextDueAt as never }),
    ];
    for (const patch of patches) {
      for (let n = 1; n <= 3; n++) {
        const id = `00000000-0000-4000-8000-00000000000${n}`;
        const from = (['new', 'resolved', 'acknowledged'] as const)[n - 1]!;
        const mine = moveStatement(tx, id, from, patch(n), n === 2 ? sql`` : rest(n, tx));
        // A null is the literal null in the cached text, as Drizzle writes sql`null`.
        const literal = Object.fromEntries(Object.entries(patch(n)).map(([k, v]) => [k, v === null ? sql`null` : v])) as Partial<CaseRow>;
        expect(mine).toEqual(drizzleBuild(tx, id, from, literal, n === 2 ? sql`` : rest(n, tx)));
      }
    }
  });
});
