// Drizzle builds a statement's text anew at every call, walking its whole tree (for an
// UPDATE … RETURNING every column of `cases`, a few hundred nodes): on the lifecycle's
// hot path that building cost more Node CPU than running the statement. A statement
// whose text depends only on its shape (which columns, not which values) is built here
// once per shape with placeholders for its values, and each call fills them in — the
// same text and the same parameters as Drizzle's own build (statement-cache.test.ts).
import { fillPlaceholders, type SQL } from 'drizzle-orm';
import type { Queryable } from './client.ts';

/** A built statement: its text with $1… and its parameters (placeholders until filled). */
export interface BuiltQuery {
  sql: string;
  params: unknown[];
}

interface Dialect {
  casing: unknown;
  escapeName(name: string): string;
  escapeParam(num: number, value: unknown): string;
  escapeString(str: string): string;
  prepareTyping?: unknown;
}

const built = new Map<string, BuiltQuery>();
/** Shapes are few (a handful per statement); the bound keeps a mistake from growing without end. */
const MAX_SHAPES = 500;

function dialectOf(q: Queryable): Dialect {
  return (q as unknown as { dialect: Dialect }).dialect;
}

/**
 * Builds `query` as Drizzle would, its parameters numbered from `$${offset + 1}` (so it can
 * follow `offset` parameters of another part of one statement).
 */
export function buildQuery(q: Queryable, query: SQL, offset = 0): BuiltQuery {
  const d = dialectOf(q);
  const { sql, params } = (query as unknown as { toQuery(cfg: object): BuiltQuery }).toQuery({
    casing: d.casing,
    escapeName: d.escapeName,
    escapeParam: d.escapeParam,
    escapeString: d.escapeString,
    prepareTyping: d.prepareTyping,
    paramStartIndex: { value: offset },
  });
  return { sql, params };
}

/**
 * The statement of shape `shape`, built by `build` (with `sql.placeholder(name)` for every
 * value) the first time only, its placeholders filled from `values`. Columns' encoders run
 * on the values as in a normal build (a Date becomes its ISO text, JSON its text).
 */
export function builtOnce(q: Queryable, shape: string, build: () => SQL, values: Record<string, unknown>): BuiltQuery {
  let b = built.get(shape);
  if (!b) {
    b = buildQuery(q, build());
    if (built.size < MAX_SHAPES) built.set(shape, b);
  }
  return { sql: b.sql, params: fillPlaceholders(b.params, values) };
}
