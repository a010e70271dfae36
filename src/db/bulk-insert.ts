// Set-based inserts for hot paths (intake): every row of a table travels as ONE JSON
// parameter and is unpacked by `json_to_recordset`, so the statement's text depends
// only on the tables and columns, not on how many rows there are. PostgreSQL parses
// and binds one parameter per table instead of one per cell, and building the query
// costs a JSON.stringify instead of Drizzle walking every value of every row
// (measured: Drizzle's multi-row insert builder was a third of intake's CPU).
import { getTableColumns, getTableName, is, SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Queryable } from './client.ts';

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
  const given = new Set<string>();
  const partial = new Set<string>();
  for (const row of rows) for (const k in row) if (row[k] !== undefined) given.add(k);
  for (const k of given) if (rows.some((r) => r[k] === undefined)) partial.add(k);
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

/** A value as json_to_recordset reads it back into its column type. */
function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) throw new Error('bulk insert: bytea columns are not supported');
  return value;
}

/** The INSERT of `rows` into `table` as one JSON parameter (unexecuted: combine with `insertTogether`). */
export function insertRows(table: PgTable, rows: Record<string, unknown>[], opts: { onConflictDoNothing?: boolean } = {}): { getSQL(): SQL } {
  const plan = planFor(table, rows);
  const data = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const c of plan) {
      const v = row[c.key];
      if (v !== undefined) out[c.name] = toJson(v);
    }
    return out;
  });
  const names = sql.raw(plan.map((c) => `"${c.name}"`).join(', '));
  const shape = sql.raw(plan.map((c) => `"${c.name}" ${c.type}`).join(', '));
  const picks = sql.join(
    plan.map((c) => (c.fallback ? sql`coalesce(${sql.identifier('x')}.${sql.identifier(c.name)}, ${c.fallback})` : sql`${sql.identifier('x')}.${sql.identifier(c.name)}`)),
    sql`, `,
  );
  const conflict = opts.onConflictDoNothing ? sql` on conflict do nothing` : sql``;
  const query = sql`insert into ${table} (${names}) select ${picks} from json_to_recordset(${JSON.stringify(data)}::json) as x(${shape})${conflict}`;
  return { getSQL: () => query };
}

/** Runs `insertRows` alone. */
export async function insertRowsNow(q: Queryable, table: PgTable, rows: Record<string, unknown>[], opts: { onConflictDoNothing?: boolean } = {}): Promise<void> {
  if (rows.length) await q.execute(insertRows(table, rows, opts).getSQL());
}
