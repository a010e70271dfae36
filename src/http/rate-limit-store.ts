// Rate-limit counters that every process agrees on (issue 15): a store for
// @fastify/rate-limit over the `rate_limits` table, one row per key and fixed window,
// counted with a single upsert (the database's clock decides the window, so processes
// on several machines count alike). Ended windows are deleted by the housekeeping sweep.
// With PGlite (one process) the plugin's in-memory store is used unless configured otherwise.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, queryText, type Database, type Db } from '../db/client.ts';
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
  return class DatabaseRateLimitStore {
    private readonly ns: string;

    constructor(params: StoreParams = {}) {
      this.ns = namespaceOf(params);
    }

    incr(key: string, cb: Callback, timeWindow: number, _max?: number): void {
      const windowMs = Math.max(1, Math.trunc(timeWindow));
      // Every limited request counts here: plain SQL text, planned once per connection (queryText).
      queryText<{ hits: number; ttl: number }>(
        db,
        `with w as (select to_timestamp(floor(extract(epoch from clock_timestamp()) * 1000 / $1::float8) * $1::float8 / 1000.0) as start)
         insert into rate_limits (key, window_start, hits, expires_at)
         select $2::text, w.start, 1, w.start + make_interval(secs => $1::float8 / 1000.0) from w
         on conflict (key, window_start) do update set hits = rate_limits.hits + 1
         returning hits, greatest(0, extract(epoch from expires_at - clock_timestamp()) * 1000)::int as ttl`,
        [windowMs, `${this.ns}|${key}`],
      ).then(
        ([row]) => cb(null, { current: Number(row?.hits ?? 1), ttl: Number(row?.ttl ?? windowMs) }),
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
