// Statements built once per shape (src/db/statement-cache.ts) have exactly the text and
// parameters Drizzle's own build gives, call after call, whatever the values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { openDatabase, type Database, type Tx } from '../../src/db/client.ts';
import { cases, caseEvents, jobs } from '../../src/db/schema.ts';
import { buildQuery, plainBuild } from '../../src/db/statement-cache.ts';
import { insertRows } from '../../src/db/bulk-insert.ts';
import { jobRow } from '../../src/db/jobs.ts';
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

  /** Drizzle's own build of `query`, its parameters numbered from offset + 1. */
  function drizzleOf(tx: Tx, query: SQL, offset = 0) {
    const d = (tx as unknown as { dialect: Record<string, unknown> }).dialect;
    const built = (query as unknown as { toQuery(cfg: object): { sql: string; params: unknown[] } }).toQuery({
      casing: d.casing,
      escapeName: d.escapeName,
      escapeParam: d.escapeParam,
      escapeString: d.escapeString,
      paramStartIndex: { value: offset },
    });
    return { sql: built.sql, params: built.params };
  }

  it('builds plain SQL (text, values, raw, join, identifiers, tables) without Drizzle, to the same text and parameters', () => {
    const tx = database.db as unknown as Tx;
    const d = (tx as unknown as { dialect: never }).dialect;
    const plain: SQL[] = [
      sql``,
      sql`select 1`,
      sql`select ${'a'}, ${42}, ${null}, ${true}, ${false}, ${1.5}, ${'it"s \\ a \'quote\''}`,
      sql`${sql.raw('raw text')} and ${sql`nested ${'x'} ${sql`deeper ${7}`}`} end`,
      sql.join([sql`a = ${1}`, sql`b = ${'two'}`, sql.raw('c is null')], sql` and `),
      sql`insert into ${caseEvents} (${sql.identifier('case_id')}) values (${'c'})${undefined}`,
      // what moveCase's rest is made of: plain SQL with values, and insertRows' parts
      sql`, e as (insert into case_events (case_id) select u.id from u, jsonb_to_recordset(${JSON.stringify([{ n: 1 }])}::jsonb) as x(n int))${sql`, a0 as (${insertRows(jobs, [jobRow('follow_up.due', { followUpId: '00000000-0000-4000-8000-000000000001' }, { runAt: new Date(0), dedupeKey: 'k' })], { onConflictDoNothing: true }).getSQL()})`}`,
    ];
    for (const query of plain) {
      for (const offset of [0, 3]) {
        const fast = plainBuild(query, d, offset);
        expect(fast).not.toBeNull();
        expect(fast).toEqual(drizzleOf(tx, query, offset));
        expect(buildQuery(tx, query, offset)).toEqual(drizzleOf(tx, query, offset));
      }
    }
  });

  it('leaves to Drizzle what is not plain (columns, dates, arrays, placeholders, builders, inlined values), with the same result', () => {
    const tx = database.db as unknown as Tx;
    const d = (tx as unknown as { dialect: never }).dialect;
    const other: SQL[] = [
      sql`${cases.reopenCount} + 1`,
      sql`select ${new Date(0)}`,
      sql`in ${[1, 2, 3]}`,
      sql`x = ${sql.placeholder('p')}`,
      sql`with a as (${tx.insert(caseEvents).values({ caseId: 'c', type: 'resolved', actorType: 'user', actorId: 'u', data: {} })}) select 1`,
      sql`select ${'v'}`.inlineParams(),
      sql`select ${sql`${'v'}`.inlineParams()}`,
      eq(cases.id, 'x')!,
    ];
    for (const query of other) {
      expect(plainBuild(query, d, 0)).toBeNull();
      expect(buildQuery(tx, query, 2)).toEqual(drizzleOf(tx, query, 2));
    }
  });
});
