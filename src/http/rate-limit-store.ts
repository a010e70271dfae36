// Rate-limit counters that every process agrees on (issue 15): a store for
// @fastify/rate-limit over the `rate_limits` table, one row per key and fixed window,
// counted with a single upsert (the database's clock decides the window, so processes
// on several machines count alike). Ended windows are deleted by the housekeeping sweep.
// With PGlite (one process) the plugin's in-memory store is used unless configured otherwise.
// Hits that arrive while a count is in flight share the next statement (db/coalesce.ts): at a
// thousand complaints a second, one round trip per request was intake's largest single cost.
// The count commits asynchronously (db/client.ts ASYNC_COMMIT): a crash may forget the last
// fraction of a second of hits, and no request waits 10 ms for the disk to count one.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { ASYNC_COMMIT, queryPrepared, queryRows, type Database, type Db } from '../db/client.ts';
import { Coalescer } from '../db/coalesce.ts';
import type { Config } from '../config.ts';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { AppError } from '../domain/errors.ts';

type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;

interface StoreParams {
  nameSpace?: string;
  routeInfo?: { method?: string | string[]; url?: string };
}

/** Builds the store class @fastify/rate-limit instantiates; each route gets a child with its own namespace. */
export function databaseRateLimitStore(db: Db) {
  const counter = new Coalescer<{ key: string; windowMs: number }, { current: number; ttl: number }>((hits) => countHits(db, hits), { maxInFlight: 2 });
  return class DatabaseRateLimitStore {
    private readonly ns: string;

    constructor(params: StoreParams = {}) {
      this.ns = namespaceOf(params);
    }

    incr(key: string, cb: Callback, timeWindow: number, _max?: number): void {
      const windowMs = Math.max(1, Math.trunc(timeWindow));
      counter.call({ key: `${this.ns}|${key}`, windowMs }).then(
        (res) => cb(null, res),
        (err: Error) => cb(err),
      );
    }

    read(key: string, cb: Callback, timeWindow: number): void {
      const windowMs = Math.max(1, Math.trunc(timeWindow));
      queryRows<{ hits: number; ttl: number }>(
        db,
        sql`select hits, greatest(0, extract(epoch from expires_at - clock_timestamp()) * 1000)::int as ttl from rate_limits
            where key = ${`${this.ns}|${key}`}
              and window_start = to_timestamp(floor(extract(epoch from clock_timestamp()) * 1000 / ${windowMs}) * ${windowMs} / 1000.0)`,
      ).then(
        ([row]) => cb(null, { current: Number(row?.hits ?? 0), ttl: Number(row?.ttl ?? 0) }),
        (err: Error) => cb(err),
      );
    }

    child(params: StoreParams): DatabaseRateLimitStore {
      return new DatabaseRateLimitStore(params);
    }
  };
}

/**
 * Counts many hits in one upsert per window length: each key's hits are added at once, and
 * each hit is told the count it made (as if they had come one after another).
 */
async function countHits(db: Db, hits: { key: string; windowMs: number }[]): Promise<{ current: number; ttl: number }[]> {
  const out: { current: number; ttl: number }[] = new Array(hits.length);
  for (const windowMs of new Set(hits.map((h) => h.windowMs))) {
    const mine = hits.map((h, i) => [h, i] as const).filter(([h]) => h.windowMs === windowMs);
    const perKey = new Map<string, number>();
    for (const [h] of mine) perKey.set(h.key, (perKey.get(h.key) ?? 0) + 1);
    const rows = await queryPrepared<{ key: string; hits: number; ttl: number }>(
      db,
      sql`with w as (select to_timestamp(floor(extract(epoch from clock_timestamp()) * 1000 / ${windowMs}) * ${windowMs} / 1000.0) as start)
          insert into rate_limits (key, window_start, hits, expires_at)
          select x.key, w.start, x.n, w.start + make_interval(secs => ${windowMs / 1000})
          from w, json_to_recordset(${JSON.stringify([...perKey].map(([key, n]) => ({ key, n })))}::json) as x(key text, n int)
          on conflict (key, window_start) do update set hits = rate_limits.hits + excluded.hits
          returning key, hits, greatest(0, extract(epoch from expires_at - clock_timestamp()) * 1000)::int as ttl, ${ASYNC_COMMIT} as relaxed`,
    );
    const counted = new Map(rows.map((r) => [r.key, r]));
    // The key's hits before this statement, then one more per hit in arrival order.
    const seen = new Map<string, number>();
    for (const [h, i] of mine) {
      const row = counted.get(h.key);
      const before = Number(row?.hits ?? perKey.get(h.key)!) - perKey.get(h.key)!;
      const k = (seen.get(h.key) ?? 0) + 1;
      seen.set(h.key, k);
      out[i] = { current: before + k, ttl: Number(row?.ttl ?? windowMs) };
    }
  }
  return out;
}

/** A route's limits count apart from another's: the namespace is the given one, else method and URL pattern. */
function namespaceOf(params: StoreParams): string {
  if (params.nameSpace) return params.nameSpace;
  const r = params.routeInfo;
  if (r?.url) return `${[r.method ?? ''].flat().join(',')} ${r.url}`;
  return 'global';
}

/** The plugin options that pick the store: the table (shared) or the plugin's memory (this process only). */
export function rateLimitStore(database: Database, cfg: Pick<Config, 'RATE_LIMIT_STORE'>): { store?: FastifyRateLimitStoreCtor } {
  const shared = cfg.RATE_LIMIT_STORE === 'database' || (cfg.RATE_LIMIT_STORE === 'auto' && database.kind === 'postgres');
  return shared ? { store: databaseRateLimitStore(database.db) as unknown as FastifyRateLimitStoreCtor } : {};
}

/** A secret (a portal token) as a rate-limit key: hashed, so the table never holds one. */
export function secretKey(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 22);
}

/** A fixed-window counter in this process's memory (PGlite, or RATE_LIMIT_STORE=memory). */
class MemoryCounter {
  private readonly windows = new Map<string, { start: number; hits: number }>();

  incr(key: string, cb: Callback, timeWindow: number): void {
    const now = Date.now();
    const start = Math.floor(now / timeWindow) * timeWindow;
    const w = this.windows.get(key);
    const current = w && w.start === start ? w : { start, hits: 0 };
    current.hits++;
    this.windows.set(key, current);
    if (this.windows.size > 50_000) for (const [k, v] of this.windows) if (v.start < start) this.windows.delete(k);
    cb(null, { current: current.hits, ttl: start + timeWindow - now });
  }
}

/**
 * A second limit on the same routes (@fastify/rate-limit applies one limit per request):
 * an onRequest hook counting `keyOf(req)` in the shared store, 429 RATE_LIMITED with
 * Retry-After beyond `max` a minute.
 */
export function extraRateLimit(database: Database, cfg: Pick<Config, 'RATE_LIMIT_STORE'>, opts: { name: string; max: number; keyOf: (req: import('fastify').FastifyRequest) => string }) {
  const Store = rateLimitStore(database, cfg).store as unknown as (new (p: StoreParams) => { incr(key: string, cb: Callback, timeWindow: number): void }) | undefined;
  const counter = Store ? new Store({ nameSpace: opts.name }) : new MemoryCounter();
  const windowMs = 60_000;
  return async (req: import('fastify').FastifyRequest) => {
    const res = await new Promise<{ current: number; ttl: number }>((resolve, reject) => counter.incr(opts.keyOf(req), (err, r) => (err ? reject(err) : resolve(r!)), windowMs));
    if (res.current > opts.max) {
      throw new AppError('RATE_LIMITED', 'too many requests; slow down', { retryAfterSeconds: Math.max(1, Math.ceil(res.ttl / 1000)) });
    }
  };
}
