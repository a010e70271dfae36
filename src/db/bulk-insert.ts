// Set-based inserts for hot paths (intake): every row of a table travels as ONE JSON
// parameter and is unpacked by `json_to_recordset`, so the statement's text depends
// only on the tables and columns, not on how many rows there are. PostgreSQL parses
// and binds one parameter per table instead of one per cell, and building the query
// costs a JSON.stringify instead of Drizzle walking every value of every row
// (measured: Drizzle's multi-row insert builder was a third of intake's CPU).
import { getTableColumns, getTableName, is, SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { NeedsTransaction, queryText, type Queryable } from './client.ts';

interface ColumnPlan {
  key: string;
  name: string;
  type: string;
  /** Used when a row leaves the column out (undefined): the column's own default. */
  fallback: SQL | null;
}

const planCache = new WeakMap<PgTable, Map<string, ColumnPlan[]>>();

/** The columns of `table` that `rows` give, with their SQL types and defaults. */
function planFor(table: PgTable, rows: Record<string, unknown>[]): ColumnPlan[] {
  // How many rows give each column (in the order first given): a column fewer rows give is partial.
  const counts = new Map<string, number>();
  for (const row of rows) for (const k in row) if (row[k] !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  const given = [...counts.keys()];
  const partial = new Set(given.filter((k) => counts.get(k)! < rows.length));
  const cacheKey = [...given].sort().join(',') + '|' + [...partial].sort().join(',');
  let perTable = planCache.get(table);
  if (!perTable) planCache.set(table, (perTable = new Map()));
  const cached = perTable.get(cacheKey);
  if (cached) return cached;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const plan: ColumnPlan[] = [];
  for (const key of given) {
    const col = columns[key];
    if (!col) throw new Error(`bulk insert: ${getTableName(table)} has no column for ${key}`);
    let fallback: SQL | null = null;
    if (partial.has(key)) {
      const d = col.default;
      if (is(d, SQL)) fallback = d;
      else if (d !== undefined) fallback = sql`${d}`;
      else if (col.defaultFn) throw new Error(`bulk insert: ${getTableName(table)}.${col.name} has a JS default; give it in every row`);
    }
    plan.push({ key, name: col.name, type: col.getSQLType(), fallback });
  }
  perTable.set(cacheKey, plan);
  return plan;
}

/** An unexecuted `insertRows`: its SQL, and what `insertRowsTogether` needs to skip building it. */
export interface RowsInsert {
  getSQL(): SQL;
  /** Same shape, same statement text (the table, the columns given, on conflict). */
  shape: string;
  /** The rows, as the statement's one parameter. */
  json: string;
  /** The statement with `data` in place of the rows' parameter. */
  withData(data: SQL): SQL;
}

const planIds = new WeakMap<ColumnPlan[], number>();
/** The statement's pieces of a plan, built once (`dates`: the keys of its timestamp and date columns). */
const planParts = new WeakMap<ColumnPlan[], { names: SQL; shape: SQL; picks: SQL; dates: string[] }>();

/**
 * A Date as JSON.stringify writes it (Date's toJSON: its ISO text, null when invalid), remembered:
 * the rows of a batch share a few instants (intake: one per batch, and its clocks' deadlines),
 * and toISOString was most of the rows' JSON time (measured: half of it for an intake batch).
 */
const isoTexts = new Map<number, string>();
function isoText(d: Date): string | null {
  const t = d.getTime();
  let s = isoTexts.get(t);
  if (s === undefined) {
    if (Number.isNaN(t)) return null;
    if (isoTexts.size >= 1024) isoTexts.clear();
    isoTexts.set(t, (s = d.toISOString()));
  }
  return s;
}

/**
 * JSON.stringify(rows), with the Dates of the `dates` keys written through isoText: each is
 * replaced by its text for the call and put back before returning (the rows are the callers' own
 * objects, left as they were; nothing runs in between).
 */
function rowsJson(rows: Record<string, unknown>[], dates: string[]): string {
  if (dates.length === 0) return JSON.stringify(rows);
  const swapped: [Record<string, unknown>, string, Date][] = [];
  try {
    for (const row of rows) {
      // A frozen row keeps its Dates (JSON.stringify writes the same text through their toJSON).
      if (Object.isFrozen(row)) continue;
      for (const k of dates) {
        const v = row[k];
        if (v instanceof Date) {
          swapped.push([row, k, v]);
          row[k] = isoText(v);
        }
      }
    }
    return JSON.stringify(rows);
  } finally {
    for (const [row, k, v] of swapped) row[k] = v;
  }
}
let lastPlanId = 0;

/** The INSERT of `rows` into `table` as one JSON parameter (unexecuted: combine with `insertTogether`). */
export function insertRows(table: PgTable, rows: Record<string, unknown>[], opts: { onConflictDoNothing?: boolean } = {}): RowsInsert {
  const plan = planFor(table, rows);
  // Rows travel as JSON.stringify writes them (a Date as its ISO string): a Buffer would not survive
  // that (a bytea column takes its `\\x…` hex text, as inbound email gives it).
  for (const c of plan) if (c.type === 'bytea') for (const row of rows) if (Buffer.isBuffer(row[c.key])) throw new Error(`bulk insert: ${c.name} takes bytes as \\x hex text, not a Buffer`);
  let planId = planIds.get(plan);
  if (planId === undefined) planIds.set(plan, (planId = ++lastPlanId));
  // The rows go as they are: the record's fields carry the rows' own (JavaScript) keys, so no
  // row is copied or renamed first; JSON.stringify leaves out undefined values and writes a Date
  // as its ISO string, which json_to_recordset reads back into the column's type.
  let parts = planParts.get(plan);
  if (!parts) {
    parts = {
      names: sql.raw(plan.map((c) => `"${c.name}"`).join(', ')),
      shape: sql.raw(plan.map((c) => `"${c.key}" ${c.type}`).join(', ')),
      picks: sql.join(
        plan.map((c) => (c.fallback ? sql`coalesce(${sql.identifier('x')}.${sql.identifier(c.key)}, ${c.fallback})` : sql`${sql.identifier('x')}.${sql.identifier(c.key)}`)),
        sql`, `,
      ),
      dates: plan.filter((c) => c.type.startsWith('timestamp') || c.type === 'date').map((c) => c.key),
    };
    planParts.set(plan, parts);
  }
  const { names, shape, picks, dates } = parts;
  const conflict = opts.onConflictDoNothing ? sql` on conflict do nothing` : sql``;
  const json = rowsJson(rows, dates);
  const withData = (d: SQL) => sql`insert into ${table} (${names}) select ${picks} from json_to_recordset(${d}::json) as x(${shape})${conflict}`;
  return { getSQL: () => withData(sql`${json}`), shape: `${planId}${opts.onConflictDoNothing ? '!' : ''}`, json, withData };
}

/** A statement's text and where its parameters come from: a part's rows, or a constant (a column default). */
interface Template {
  text: string;
  params: ({ part: number } | { value: unknown })[];
}
const templates = new Map<string, Template>();

/**
 * `insertTogether` for `insertRows` parts (intake's hot path): one statement, and its text is
 * built by Drizzle once per shape of the parts, not at every call — after that a call costs
 * the rows' JSON and the driver's round trip.
 */
export async function insertRowsTogether(q: Queryable, parts: RowsInsert[], guard?: RowGuard): Promise<void> {
  if (parts.length === 0) return;
  const key = parts.map((p) => p.shape).join(',') + (guard ? ':guard' : '');
  let t = templates.get(key);
  if (!t) {
    const marks = parts.map((_, i) => `\u0000rows ${i}\u0000`);
    const query = sql`with ${sql.join(
      parts.map((p, i) => sql`${sql.raw(`w${i}`)} as (${p.withData(sql`${marks[i]}`)})`),
      sql`, `,
    )} select 1`;
    const built = (q as unknown as { dialect: { sqlToQuery(s: SQL): { sql: string; params: unknown[] } } }).dialect.sqlToQuery(query);
    t = { text: built.sql, params: built.params.map((v) => (typeof v === 'string' && marks.includes(v) ? { part: marks.indexOf(v) } : { value: v })) };
    if (guard) t.text = guardedText(t.text, t.params.length);
    if (templates.size < 200) templates.set(key, t);
  }
  const params = t.params.map((p) => ('part' in p ? parts[p.part]!.json : p.value));
  if (!guard) {
    await queryText(q, t.text, params);
    return;
  }
  await queryText(q, t.text, [...params, guard.caseId, guard.version]).catch((err: unknown) => {
    throw NeedsTransaction.from(err);
  });
}

/**
 * Inserts run on the pool, no transaction (case-store.ts caseToAct): written only while the case
 * row is the version read (locked first, as a transaction's lockCase would), else not at all.
 */
export interface RowGuard {
  caseId: string;
  version: string;
}

/** `with …, wN as (…) select 1` with the guard's lock first and its failure last (NeedsTransaction.MARK). */
function guardedText(text: string, n: number): string {
  if (!text.startsWith('with ') || !text.endsWith(' select 1')) throw new Error('not an insertRowsTogether statement');
  return `with g as (select 1 from cases where id = $${n + 1} and xmin = $${n + 2}::text::xid for update), ${text.slice(5, -' select 1'.length)}
    select case when exists (select 1 from g) then 0 else ('${NeedsTransaction.MARK} ' || (select count(*) from g))::int end as moved`;
}

/** Runs `insertRows` alone. */
export async function insertRowsNow(q: Queryable, table: PgTable, rows: Record<string, unknown>[], opts: { onConflictDoNothing?: boolean } = {}): Promise<void> {
  if (rows.length) await q.execute(insertRows(table, rows, opts).getSQL());
}
