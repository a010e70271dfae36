// Row access every case use case shares: load a case under lock, append to
// its timeline, and move its status through the one transition function.
import { and, eq, sql, SQL } from 'drizzle-orm';
import { cases, caseEvents, caseParticipants } from '../db/schema.ts';
import { isTransaction, NeedsTransaction, queryText, type Queryable, type Tx } from '../db/client.ts';
import { buildQuery, builtOnce, type BuiltQuery } from '../db/statement-cache.ts';
import { rowFromJson } from '../db/json-rows.ts';
import { insertRows, type RowsInsert } from '../db/bulk-insert.ts';
import { AppError } from '../domain/errors.ts';
import { transition, type CaseAction, type CaseStatus } from '../domain/case-lifecycle.ts';
import type { CaseEventType } from '../domain/playbook.ts';
import { type Actor, actorId } from '../context.ts';

export type CaseRow = typeof cases.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are opaque strings to clients; a malformed one is simply not found. */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** Cases locked ahead by lockCaseBy, each waiting for its transaction's next lockCase. */
const lockedAhead = new WeakMap<Tx, CaseRow>();

/** Loads a case and locks its row until the transaction ends (one writer at a time). */
export async function lockCase(tx: Tx, caseId: string): Promise<CaseRow> {
  const ahead = lockedAhead.get(tx);
  if (ahead) {
    lockedAhead.delete(tx);
    if (ahead.id === caseId) return ahead;
  }
  if (!isUuid(caseId)) throw new AppError('CASE_NOT_FOUND', 'no such case');
  // Every case action starts here: plain SQL text, planned once per connection (queryText).
  const [found] = await queryText<{ r: Record<string, unknown> }>(tx, 'select row_to_json(c) as r from cases c where c.id = $1 for update', [caseId]);
  if (!found) throw new AppError('CASE_NOT_FOUND', 'no such case');
  return rowFromJson(cases, found.r);
}

/**
 * Finds a case by something else (`caseIdQuery`: SQL text answering one case_id, with
 * $1… parameters, e.g. a portal token's case) and locks it, in one statement. The
 * transaction's next lockCase of that case takes this row instead of asking again.
 */
export async function lockCaseBy(tx: Tx, caseIdQuery: string, params: unknown[]): Promise<CaseRow | null> {
  const [found] = await queryText<{ r: Record<string, unknown> }>(tx, `select row_to_json(c) as r from cases c where c.id = (${caseIdQuery}) for update`, params);
  if (!found) return null;
  const row = rowFromJson(cases, found.r);
  lockedAhead.set(tx, row);
  return row;
}

/** What writes on the pool over a case read by caseToAct need (bulk-insert.ts RowGuard); undefined in a transaction. */
export function rowGuard(q: Queryable, row: CaseRow): { caseId: string; version: string } | undefined {
  if (isTransaction(q)) return undefined;
  const version = versions.get(row);
  if (version === undefined) throw new Error('a write on the pool needs a row read by caseToAct');
  return { caseId: row.id, version };
}

/**
 * P-2.4: one named owner. A staff member acts on a case only as its owner or as a
 * participant (a helper who joined, a senior brought in by triage); anyone else is
 * asked to take it over or join as helper first (NOT_CASE_HANDLER, 409). Supervisors,
 * heads and admins may step in without that step: they answer for the desk. The
 * customer and Amends itself are never asked. A case without an owner is open to all
 * (the sweep gives it one).
 */
export async function assertHandler(tx: Queryable, actor: Actor, row: Pick<CaseRow, 'id' | 'ownerId'>): Promise<void> {
  if (actor.type !== 'user' || actor.role !== 'agent') return;
  if (!row.ownerId || row.ownerId === actor.id) return;
  const [p] = await tx
    .select({ userId: caseParticipants.userId })
    .from(caseParticipants)
    .where(and(eq(caseParticipants.caseId, row.id), eq(caseParticipants.userId, actor.id)));
  if (p) return;
  throw new AppError('NOT_CASE_HANDLER', 'another agent owns this case: take it over, or join as helper', { ownerId: row.ownerId });
}

/** Loads and locks a case for a playbook move by staff (lockCase, then assertHandler). */
export async function lockCaseToAct(tx: Tx, actor: Actor, caseId: string): Promise<CaseRow> {
  const row = await lockCase(tx, caseId);
  await assertHandler(tx, actor, row);
  return row;
}

/** The row version (xmin) each case read by readCaseToAct had: moveCase on the pool writes only over that version. */
const versions = new WeakMap<CaseRow, string>();

/**
 * lockCaseToAct for an action whose writes are one statement (moveCase on the pool, no
 * transaction): the case is read without a lock, with its row version; moveCase then writes
 * only if the row is still that version (any change to it since, a concurrent move
 * included, makes the action run again in a transaction: NeedsTransaction). In a
 * transaction it is lockCaseToAct. An agent acting as a participant rather than the owner
 * is checked under the lock (the participants are not part of the row).
 */
export async function caseToAct(q: Queryable, actor: Actor, caseId: string): Promise<CaseRow> {
  if (isTransaction(q)) return lockCaseToAct(q, actor, caseId);
  if (!isUuid(caseId)) throw new AppError('CASE_NOT_FOUND', 'no such case');
  const [found] = await queryText<{ r: Record<string, unknown>; v: string }>(q, 'select row_to_json(c) as r, c.xmin::text as v from cases c where c.id = $1', [caseId]);
  if (!found) throw new AppError('CASE_NOT_FOUND', 'no such case');
  const row = rowFromJson(cases, found.r);
  if (actor.type === 'user' && actor.role === 'agent' && row.ownerId && row.ownerId !== actor.id) throw new NeedsTransaction();
  versions.set(row, found.v);
  return row;
}

/** Appends one event to the case timeline (the audit trail). */
export async function appendEvent(
  tx: Queryable,
  caseId: string,
  actor: Actor,
  type: CaseEventType,
  data: Record<string, unknown> = {},
): Promise<void> {
  await queryText(tx, EVENT_INSERT, [caseId, type, actor.type, actorId(actor), JSON.stringify(data)]);
}

/** appendEvent's INSERT, unexecuted, to run in one statement with other writes (insertTogether). */
export function eventInsert(tx: Queryable, caseId: string, actor: Actor, type: CaseEventType, data: Record<string, unknown> = {}) {
  return eventsInsert(tx, caseId, actor, [{ type, data }]);
}

/**
 * Several events of one case as one INSERT, in the order given (ids follow the rows), its
 * rows as one JSON parameter (insertRows): no Drizzle insert to build per call, and with
 * other insertRows parts insertTogether builds the statement's text once per shape.
 */
export function eventsInsert(_tx: Queryable, caseId: string, actor: Actor, events: { type: CaseEventType; data: Record<string, unknown> }[]): RowsInsert {
  const by = actorId(actor);
  return insertRows(
    caseEvents,
    events.map((e) => ({ caseId, type: e.type, actorType: actor.type, actorId: by, data: e.data })),
  );
}

const EVENT_INSERT = 'insert into case_events (case_id, type, actor_type, actor_id, data) values ($1, $2, $3, $4, $5::jsonb)';

const STAMP: Partial<Record<CaseStatus, keyof CaseRow>> = {
  acknowledged: 'acknowledgedAt',
  understood: 'understoodAt',
  resolved: 'resolvedAt',
  closed: 'closedAt',
};

/** The action's own timeline event, written by moveCase in the same INSERT as the move's (see moveCase). */
export interface MoveEvent {
  moveEvent: { type: CaseEventType; data: Record<string, unknown> };
}

/** An event for moveCase's `also`: one INSERT for the action's event and the move's, not one each. */
export function moveEvent(type: CaseEventType, data: Record<string, unknown> = {}): MoveEvent {
  return { moveEvent: { type, data } };
}

/**
 * The one writer of case status (STYLE 4): checks the move, stores it, records it.
 * `also`: further writes of the same action carried by the same statement; should the move
 * fail, the error rolls them back. Its events (moveEvent) are written with the move's
 * `status_changed` by one INSERT, the action's first.
 * `later`: named CTEs (`name as (…), …`) whose writes, timeline events included, come after
 * all of those: PostgreSQL finishes a statement's writing CTEs from the last listed to the
 * first, so they are listed ahead of the move's event.
 * `onlyIf`: a further condition of the move (SQL without parameters, on "cases"), checked
 * in the same statement; when it fails the move fails as a conflict (CASE_STATE_CONFLICT).
 */
export async function moveCase(
  tx: Queryable,
  row: CaseRow,
  action: CaseAction,
  actor: Actor,
  extra: Partial<CaseRow> = {},
  also: ({ getSQL(): SQL } | MoveEvent)[] = [],
  later: SQL | null = null,
  onlyIf: MoveCondition | null = null,
): Promise<CaseRow> {
  const from = row.status as CaseStatus;
  const to = transition(from, action);
  const now = new Date();
  const stamp = STAMP[to];
  const patch: Partial<CaseRow> = { ...extra, status: to, updatedAt: now, ...(stamp ? { [stamp]: now } : {}) };
  // The move and the timeline in one statement (one round trip): the action's events, then
  // the move's own when the status changed, as one INSERT in that order (ids follow the rows).
  const events = [
    ...also.flatMap((w) => ('moveEvent' in w ? [w.moveEvent] : [])).reverse(),
    ...(from !== to ? [{ type: 'status_changed' as const, data: { from, to, action } }] : []),
  ].map((e, n) => ({ ...e, n }));
  const event = sql`, e as (insert into case_events (case_id, type, actor_type, actor_id, data)
    select u.id, x.type, ${actor.type}, ${actorId(actor)}, x.data from u, jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as x(type text, data jsonb, n int) order by x.n)`;
  const more = also.flatMap((w, i) => ('moveEvent' in w ? [] : [sql`, ${sql.raw(`a${i}`)} as (${w.getSQL()})`]));
  // On the pool (caseToAct): only over the version read, and the whole statement fails, its
  // other writes with it, when the row is no longer that version (NeedsTransaction).
  const version = isTransaction(tx) ? undefined : versions.get(row);
  if (!isTransaction(tx) && version === undefined) throw new Error('moveCase on the pool needs a row read by caseToAct');
  const statement = moveStatement(tx, row.id, from, patch, sql`${later ? sql`, ${later}` : sql``}${events.length ? event : sql``}${sql.join(more, sql``)}`, version, onlyIf);
  const [updated] = await queryText<{ r: Record<string, unknown> }>(tx, statement.sql, statement.params).catch((err: unknown) => {
    throw NeedsTransaction.from(err);
  });
  if (!updated) throw new AppError('CASE_STATE_CONFLICT', 'the case changed meanwhile; try again');
  return rowFromJson(cases, updated.r);
}

/**
 * moveCase's statement: `with u as (update cases … returning *all columns*)<rest> select
 * row_to_json(u) as r from u`. The UPDATE, the costly part to build, is built once per set
 * of columns and of which are null (statement-cache.ts) unless a value is SQL; `rest` is
 * built each time.
 */
/** A condition of a move (moveCase's `onlyIf`): its name (part of the statement's shape) and its SQL, without parameters. */
export interface MoveCondition {
  name: string;
  sql: SQL;
}

export function moveStatement(tx: Queryable, caseId: string, from: CaseStatus, patch: Partial<CaseRow>, rest: SQL, version?: string, onlyIf: MoveCondition | null = null): BuiltQuery {
  const keys = Object.keys(patch).filter((k) => patch[k as keyof CaseRow] !== undefined).sort() as (keyof CaseRow)[];
  const select = version === undefined ? 'select row_to_json(u) as r from u' : ONLY_IF_MOVED;
  // An SQL value without parameters (its text) is part of the shape; one with parameters is built each time.
  const texts = new Map<keyof CaseRow, string>();
  for (const k of keys) {
    const v = patch[k];
    if (!(v instanceof SQL)) continue;
    const b = buildQuery(tx, v);
    if (b.params.length) {
      texts.clear();
      break;
    }
    texts.set(k, b.sql);
  }
  if (keys.some((k) => patch[k] instanceof SQL && !texts.has(k))) {
    const update = tx
      .update(cases)
      .set(patch)
      .where(and(eq(cases.id, caseId), eq(cases.status, from), version === undefined ? undefined : sql`${cases}.xmin = ${version}::text::xid`, onlyIf?.sql))
      .returning();
    return buildQuery(tx, sql`with u as (${update.getSQL()})${rest} ${sql.raw(select)}`);
  }
  // A null is written as the literal `null` (part of the shape): a column's encoder must
  // never see it (a timestamp's would fail, a JSON one's would store JSON null).
  const head = builtOnce(
    tx,
    `moveCase:${keys.map((k) => (patch[k] === null ? `${k}=null` : texts.has(k) ? `${k}=sql:${texts.get(k)}` : k)).join(',')}${version === undefined ? '' : ':version'}${onlyIf ? `:${onlyIf.name}` : ''}`,
    () =>
      tx
        .update(cases)
        .set(Object.fromEntries(keys.map((k) => [k, patch[k] === null ? sql`null` : texts.has(k) ? sql.raw(texts.get(k)!) : sql.placeholder(k)])))
        .where(
          and(
            eq(cases.id, sql.placeholder(' id')),
            eq(cases.status, sql.placeholder(' from')),
            version === undefined ? undefined : sql`${cases}.xmin = ${sql.placeholder(' version')}::text::xid`,
            onlyIf?.sql,
          ),
        )
        .returning()
        .getSQL(),
    { ...patch, ' id': caseId, ' from': from, ' version': version },
  );
  const tail = buildQuery(tx, rest, head.params.length);
  return { sql: `with u as (${head.sql})${tail.sql} ${select}`, params: [...head.params, ...tail.params] };
}

/**
 * The end of a move run on the pool: the updated row, and when there is none (the row is no
 * longer the version read) an error that undoes the statement's other writes
 * (NeedsTransaction.MARK, recognised by NeedsTransaction.from).
 */
const ONLY_IF_MOVED = `select (select row_to_json(u) from u) as r,
  ${NeedsTransaction.unlessWritten('u')}`;

/** Marks the case as touched (for "recently active" sorting and caches). */
export async function touchCase(tx: Queryable, caseId: string): Promise<void> {
  await tx.update(cases).set({ updatedAt: sql`now()` }).where(eq(cases.id, caseId));
}

