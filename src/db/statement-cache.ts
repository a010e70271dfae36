// Drizzle builds a statement's text anew at every call, walking its whole tree (for an
// UPDATE … RETURNING every column of `cases`, a few hundred nodes): on the lifecycle's
// hot path that building cost more Node CPU than running the statement. A statement
// whose text depends only on its shape (which columns, not which values) is built here
// once per shape with placeholders for its values, and each call fills them in — the
// same text and the same parameters as Drizzle's own build (statement-cache.test.ts).
import { fillPlaceholders, is, Name, SQL, StringChunk, Table } from 'drizzle-orm';
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
  const fast = plainBuild(query, d, offset);
  if (fast) return fast;
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

/** A table's name as Drizzle writes it in a statement (with its schema unless aliased), by Drizzle, once per table. */
const tableTexts = new WeakMap<object, string>();

interface Chunky {
  queryChunks: unknown[];
  shouldInlineParams: boolean;
}

/**
 * buildQuery for the SQL that plain text and values make up (sql`…${value}…`, sql.raw,
 * sql.join, sql.identifier, a table): the text and parameters Drizzle's build gives, walked
 * without its per-chunk class tests (the hot statements' `rest` in moveCase is such SQL,
 * built per call). Anything else — a column, a parameter with an encoder, a placeholder, an
 * array, a query builder, inlined parameters — gives null, and Drizzle builds it as ever.
 */
export function plainBuild(query: SQL, d: Dialect, offset = 0): BuiltQuery | null {
  const params: unknown[] = [];
  let next = offset;
  let text = '';
  const walk = (chunks: unknown[]): boolean => {
    for (const chunk of chunks) {
      if (chunk === undefined) continue;
      const t = typeof chunk;
      if (chunk === null || t === 'string' || t === 'number' || t === 'boolean' || t === 'bigint') {
        text += d.escapeParam(next++, chunk);
        params.push(chunk);
        continue;
      }
      if (t !== 'object') return false;
      const ctor = (chunk as object).constructor;
      if (ctor === StringChunk) {
        text += (chunk as StringChunk).value.join('');
      } else if (ctor === SQL) {
        if ((chunk as unknown as Chunky).shouldInlineParams || !walk((chunk as unknown as Chunky).queryChunks)) return false;
      } else if (ctor === Name) {
        text += d.escapeName((chunk as Name).value);
      } else if (is(chunk, Table)) {
        let name = tableTexts.get(chunk as object);
        if (name === undefined) {
          name = (new SQL([chunk as Table]) as unknown as { toQuery(cfg: object): BuiltQuery }).toQuery({ casing: d.casing, escapeName: d.escapeName, escapeParam: d.escapeParam, escapeString: d.escapeString, paramStartIndex: { value: 0 } }).sql;
          tableTexts.set(chunk as object, name);
        }
        text += name;
      } else {
        return false;
      }
    }
    return true;
  };
  if ((query as unknown as Chunky).shouldInlineParams || !walk((query as unknown as Chunky).queryChunks)) return null;
  return { sql: text, params };
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
