// The connection factory: embedded PGlite (default, zero set-up) or a real
// PostgreSQL server when DATABASE_URL is set. Same schema, same migrations,
// same query code: everything above this file sees one `Db` type.
import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.ts';

export type Schema = typeof schema;
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
  if (!('rollback' in q)) return Promise.all(reads.map((r) => r())) as never;
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
  await q.execute(sql`with ${sql.join(ctes, sql`, `)} select 1`);
}

/** Runs raw SQL and returns its rows (both drivers answer with `rows`). */
export async function queryRows<T>(q: Queryable, query: SQL): Promise<T[]> {
  const res = (await q.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/** Opens PostgreSQL (url) or PGlite (dataDir, or in memory when neither is given). */
export async function openDatabase(opts: { url?: string; dataDir?: string; pglite?: PGlite; poolSize?: number }): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Db;
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
  const db = drizzlePglite(own, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    exec: async (sqlText) => {
      await own.exec(sqlText);
    },
    close: () => own.close(),
  };
}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite in the data folder. */
export function openConfiguredDatabase(cfg: { DATABASE_URL?: string; DATABASE_POOL_SIZE: number; AMENDS_DATA_DIR: string }): Promise<Database> {
  return cfg.DATABASE_URL
    ? openDatabase({ url: cfg.DATABASE_URL, poolSize: cfg.DATABASE_POOL_SIZE })
    : openDatabase({ dataDir: resolve(cfg.AMENDS_DATA_DIR, 'pglite') });
}
