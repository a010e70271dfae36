// The connection factory: embedded PGlite (default, zero set-up) or a real
// PostgreSQL server when DATABASE_URL is set. Same schema, same migrations,
// same query code: everything above this file sees one `Db` type.
import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { DrizzleQueryError, sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.ts';
import { buildQuery } from './statement-cache.ts';

export type Schema = typeof schema;
// Drizzle is opened without the schema: it is only used by Drizzle's relational API
// (`db.query.<table>`), which nothing here uses, and with it every transaction built a
// query helper for each of the schema's tables (a measurable share of a request's CPU).
/** The database handle every query function takes (either driver). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction: use cases take this so their writes commit or roll back together. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either a database or a transaction: read helpers accept both. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The PostgreSQL URL (postgres only). */
  url?: string;
  /** Runs plain SQL (for migrations, health checks and set-based maintenance). */
  exec(sqlText: string): Promise<void>;
  /** PGlite only: LISTEN in-process (a server is listened to on its own connection, see notification-hub). */
  listen?(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// PostgreSQL returns int8 as text to be safe; our bigints (case numbers, money in
// minor units) stay far below 2^53, so numbers are exact and simpler to use.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * Runs independent reads: in parallel on a pool, one after another inside a
 * transaction (one connection cannot run two queries at once).
 */
export async function readAll<T extends readonly (() => Promise<unknown>)[]>(
  q: Queryable,
  reads: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (!isTransaction(q)) return Promise.all(reads.map((r) => r())) as never;
  const out: unknown[] = [];
  for (const r of reads) out.push(await r());
  return out as never;
}

/**
 * Runs several INSERTs as one statement (data-modifying CTEs): one round trip
 * instead of one per table, for hot paths such as intake.
 */
export async function insertTogether(q: Queryable, inserts: { getSQL(): SQL }[]): Promise<void> {
  if (inserts.length === 0) return;
  const ctes = inserts.map((ins, i) => sql`${sql.raw(`w${i}`)} as (${ins.getSQL()})`);
  await queryPrepared(q, sql`with ${sql.join(ctes, sql`, `)} select 1`);
}

/** Whether `q` is a transaction (its statements commit together) rather than the pool. */
export function isTransaction(q: Queryable): q is Tx {
  return 'rollback' in q;
}

/**
 * A select-list expression that makes the statement's own (implicit) transaction commit
 * without waiting for its WAL to reach the disk (`synchronous_commit = off` until that
 * transaction ends; the connection keeps its setting afterwards). Only for a statement
 * run alone, outside a transaction, whose loss in a crash harms nothing: a rate-limit
 * count, or a customer row that a case written later depends on — that case's own
 * commit flushes the log up to and past it, so whatever a durable row refers to is
 * durable too. On a 2-core machine with a plain disk a synchronous commit waited
 * 9–12 ms; an asynchronous one 1.5–2 ms.
 */
export const ASYNC_COMMIT_TEXT = "set_config('synchronous_commit', 'off', true)";
export const ASYNC_COMMIT = sql.raw(ASYNC_COMMIT_TEXT);

/**
 * Work tried at once on the pool (one statement, no BEGIN/COMMIT) that must run again in a
 * transaction instead: the row it read changed before its write (the statement failed on
 * purpose, with MARK in its error, and wrote nothing), or its checks need a lock.
 */
export class NeedsTransaction extends Error {
  /** The text a statement's deliberate failure carries (case-store.ts ONLY_IF_MOVED). */
  static readonly MARK = 'amends:changed-meanwhile';

  constructor() {
    super('the case changed meanwhile: run in a transaction');
  }

  /** `err` as NeedsTransaction when it is a statement's deliberate failure (looking through Drizzle's wrapper), else `err` itself. */
  static from(err: unknown): unknown {
    for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
      const message = (e as { message?: unknown }).message;
      if (typeof message === 'string' && message.includes(NeedsTransaction.MARK)) return new NeedsTransaction();
    }
    return err;
  }

  /**
   * A select-list column that fails the whole statement (undoing its other writes) with MARK
   * when the CTE `cte` wrote no row: the row was no longer the version read.
   */
  static unlessWritten(cte: string): string {
    return `case when exists (select 1 from ${cte}) then 0 else ('${NeedsTransaction.MARK} ' || (select count(*) from ${cte}))::int end as moved`;
  }
}

/** Runs raw SQL and returns its rows (both drivers answer with `rows`). */
export async function queryRows<T>(q: Queryable, query: SQL): Promise<T[]> {
  const res = (await q.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

const statementNames = new Map<string, string>();

/**
 * queryRows for hot statements whose text never changes (all values are parameters):
 * a named prepared statement, so PostgreSQL parses and plans it once per connection
 * rather than at every call. Drizzle's own `prepareQuery` with a name is what its
 * `.prepare(name)` uses; the name is derived from the text, so different texts never
 * share one.
 */
export async function queryPrepared<T>(q: Queryable, query: SQL): Promise<T[]> {
  const built = buildQuery(q, query);
  return queryText<T>(q, built.sql, built.params);
}

/**
 * queryPrepared for the hottest statements, written as SQL text with $1… parameters:
 * nothing is built per call (no Drizzle query building), and PostgreSQL plans the
 * statement once per connection. The rows come as the driver gives them (column names);
 * `rowFromJson` (json-rows.ts) turns a `row_to_json` column into a Drizzle row.
 */
export async function queryText<T>(q: Queryable, text: string, params: unknown[]): Promise<T[]> {
  const session = (q as unknown as {
    session: {
      client?: unknown;
      prepareQuery(q: { sql: string; params: unknown[] }, fields: undefined, name: string | undefined, arrayMode: boolean): { execute(): Promise<unknown> };
    };
  }).session;
  const name = statementName(text);
  const client = session.client;
  // On PostgreSQL, straight to the driver: what Drizzle's execute does for a query without
  // fields (the same statement, name, type parsers and error), without building a prepared
  // query object, two type-parser tables and a dozen closures per call (nodePgQuery).
  if (client instanceof pg.Pool || client instanceof pg.Client) return nodePgQuery<T>(client, text, params, name);
  const res = (await session.prepareQuery({ sql: text, params }, undefined, name, false).execute()) as { rows: T[] };
  return res.rows;
}

/** The date and time types Drizzle's node-postgres driver reads as the text PostgreSQL sends (its columns parse them). */
const RAW_TEXT_TYPES = new Set([pg.types.builtins.TIMESTAMPTZ, pg.types.builtins.TIMESTAMP, pg.types.builtins.DATE, pg.types.builtins.INTERVAL, 1231, 1115, 1185, 1187, 1182]);
const asSent = (v: string) => v;
/** Drizzle's type parsers (node-postgres session.js), one table for every query rather than one per query. */
const drizzleTypes = {
  getTypeParser: (typeId: number, format?: 'text' | 'binary') => (RAW_TEXT_TYPES.has(typeId) ? asSent : pg.types.getTypeParser(typeId, format)),
};

/**
 * Each statement's query config (name, text, type parsers), made once. A call passes an object
 * whose prototype it is: the driver copies a config's own properties at every query (it reads
 * the others through the prototype), so the copy is of nothing.
 */
const statementConfigs = new Map<string, pg.QueryConfig>();

/** queryText on node-postgres: as Drizzle runs it, a failure wrapped the same way (DrizzleQueryError, the driver's error as its cause). */
async function nodePgQuery<T>(client: pg.Pool | pg.Client, text: string, params: unknown[], name: string | undefined): Promise<T[]> {
  let shared = name === undefined ? undefined : statementConfigs.get(text);
  if (!shared) {
    shared = Object.freeze({ name, text, types: drizzleTypes as pg.CustomTypesConfig });
    // Only named statements are kept (statementName bounds them); others are made per call.
    if (name !== undefined) statementConfigs.set(text, shared);
  }
  try {
    const res = await client.query<T & pg.QueryResultRow>(Object.create(shared) as pg.QueryConfig, params);
    return res.rows;
  } catch (err) {
    throw new DrizzleQueryError(text, params, err as Error);
  }
}

/**
 * The name under which `text` is prepared on every connection (queryText, and Drizzle's
 * `.prepare(name)` for a built query whose text repeats): at most 200 texts get one.
 */
export function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name) {
    if (statementNames.size >= 200) return undefined;
    name = `amends_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Opens PostgreSQL (url) or PGlite (dataDir, or in memory when neither is given). */
export async function openDatabase(opts: { url?: string; dataDir?: string; pglite?: PGlite; poolSize?: number }): Promise<Database> {
  if (opts.url) {
    // No JIT compilation (unless the URL's `options` say otherwise): the worker's sweeps and the
    // reports are planned above jit_above_cost on a large desk and spent 0.3–1 s of CPU compiling
    // each (measured at 250,000 cases: the churn refresh ran in 0.2 s without, 1 s with it) —
    // JIT pays off only for long analytical scans, which this application does not run.
    const jit = new URL(opts.url).searchParams.has('options') ? {} : { options: '-c jit=off' };
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, ...jit });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    // So must a checked-out connection the server ends mid-transaction: its query fails
    // (503, see isDatabaseUnavailable) and the pool drops it.
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = drizzlePg(pool) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      url: opts.url,
      exec: async (sqlText) => {
        await pool.query(sqlText);
      },
      close: () => pool.end(),
    };
  }
  let client = opts.pglite;
  if (!client) {
    if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
    client = opts.dataDir ? new PGlite(opts.dataDir) : new PGlite();
    await client.waitReady;
  }
  const own = client;
  const db = drizzlePglite(own) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    exec: async (sqlText) => {
      await own.exec(sqlText);
    },
    listen: (channel, onPayload) => own.listen(channel, onPayload),
    close: () => own.close(),
  };
}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite in the data folder. */
export function openConfiguredDatabase(cfg: { DATABASE_URL?: string; DATABASE_POOL_SIZE: number; AMENDS_DATA_DIR: string }): Promise<Database> {
  return cfg.DATABASE_URL
    ? openDatabase({ url: cfg.DATABASE_URL, poolSize: cfg.DATABASE_POOL_SIZE })
    : openDatabase({ dataDir: resolve(cfg.AMENDS_DATA_DIR, 'pglite') });
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
// SQLSTATE: 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 53300 too many connections; class 08 connection exceptions.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGES = /Connection terminated|Cannot use a pool after calling end|timeout exceeded when trying to connect|PGlite is closed|Client has encountered a connection error/i;

/**
 * Whether an error means the database cannot be reached right now (refused, dropped,
 * shutting down, closed), as opposed to a query that failed: the API answers 503 with
 * Retry-After for these. Looks through Drizzle's wrapper (`cause`) and AggregateErrors.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || UNAVAILABLE_SQLSTATES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
