// Rate-limit counters that every process agrees on (issue 15): a store for
// @fastify/rate-limit over the `rate_limits` table, one row per key and fixed window
// (the database's clock decides the window, so processes on several machines count alike).
// Ended windows are deleted by the housekeeping sweep. With PGlite (one process) the
// plugin's in-memory store is used unless configured otherwise.
//
// Hits are counted in this process's memory first and added to the shared row in the
// background, every FLUSH_MS, one statement for all keys; each flush reads back the shared
// totals. A hit is answered from memory while the key's known count (the shared total last
// read plus this process's hits not yet in it) stays within half its limit; past that every
// hit is counted in the table before it is answered (exact across processes, as before).
// So a key far from its limit costs no statement, and one near it is counted strictly. The
// price: several processes may each admit up to half the limit from memory before their
// next flush, so a limit may be exceeded by at most one flush interval's worth of hits per
// process (each bounded by half the limit); a crash forgets the last interval's hits.
// Strict hits that arrive while a count is in flight share the next statement (db/coalesce.ts).
// Counts commit asynchronously (db/client.ts ASYNC_COMMIT): no request waits for the disk to count one.
import { hash } from 'node:crypto';
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

/** How often a process adds its hits counted in memory to the shared rows. */
export const FLUSH_MS = 100;

/** `n` hits of one key, counted in one statement; answered with the key's count through them. */
interface Hits {
  key: string;
  windowMs: number;
  n: number;
}
interface Counted {
  current: number;
  ttl: number;
  /** The window the database counted them in (epoch ms). */
  start: number;
}

/** One key and window length as this process knows it. */
interface KeyState {
  key: string;
  windowMs: number;
  /** The local clock's window (epoch ms) the counts below belong to. */
  start: number;
  /** The shared total last read for this window. */
  shared: number;
  /** Hits on their way to the table (not in `shared` yet). */
  inflight: number;
  /** Hits counted here only, for the next flush. */
  pending: number;
}

/** This process's counts in memory, flushed to the table in the background. */
class LocalCounts {
  private readonly states = new Map<string, KeyState>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly counter: Coalescer<Hits, Counted>,
    private readonly flushMs: number,
  ) {}

  async incr(key: string, windowMs: number, max: number | undefined): Promise<{ current: number; ttl: number }> {
    const now = Date.now();
    const start = Math.floor(now / windowMs) * windowMs;
    const id = `${windowMs}|${key}`;
    let s = this.states.get(id);
    if (!s) this.states.set(id, (s = { key, windowMs, start, shared: 0, inflight: 0, pending: 0 }));
    // A new window: the shared total starts again (hits not yet flushed are counted in it).
    if (s.start !== start) Object.assign(s, { start, shared: 0 });
    const known = s.shared + s.inflight + s.pending;
    if (max !== undefined && known + 1 <= max / 2) {
      s.pending++;
      this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
      return { current: known + 1, ttl: start + windowMs - now };
    }
    // Near the limit (or no limit given): counted in the table first, with this process's unflushed hits.
    // (The flush timer also forgets ended windows, so it runs for keys only ever counted here too.)
    this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
    const n = s.pending + 1;
    s.pending = 0;
    s.inflight += n;
    try {
      const r = await this.counter.call({ key, windowMs, n });
      if (r.start === s.start) s.shared = Math.max(s.shared, r.current);
      return { current: r.current, ttl: r.ttl };
    } catch (err) {
      s.pending += n - 1;
      throw err;
    } finally {
      s.inflight -= n;
    }
  }

  /** Adds every key's pending hits to the table (one statement per window length) and reads back the totals. */
  async flush(): Promise<void> {
    this.timer = null;
    const now = Date.now();
    const sent: [KeyState, number][] = [];
    for (const [id, s] of this.states) {
      if (s.pending > 0) sent.push([s, s.pending]);
      else if (s.inflight === 0 && now >= s.start + s.windowMs) this.states.delete(id);
    }
    await Promise.all(
      sent.map(async ([s, n]) => {
        s.pending -= n;
        s.inflight += n;
        try {
          const r = await this.counter.call({ key: s.key, windowMs: s.windowMs, n });
          if (r.start === s.start) s.shared = Math.max(s.shared, r.current);
        } catch {
          // The database is away: the hits stay here for the next flush (meanwhile counted locally).
          s.pending += n;
          this.timer ??= setTimeout(() => void this.flush(), this.flushMs * 10).unref();
        } finally {
          s.inflight -= n;
        }
      }),
    );
  }
}

/** Builds the store class @fastify/rate-limit instantiates; each route gets a child with its own namespace. */
export function databaseRateLimitStore(db: Db, opts: { flushMs?: number } = {}) {
  const counter = new Coalescer<Hits, Counted>((hits) => countHits(db, hits), { maxInFlight: 2 });
  const local = new LocalCounts(counter, opts.flushMs ?? FLUSH_MS);
  return class DatabaseRateLimitStore {
    private readonly ns: string;

    constructor(params: StoreParams = {}) {
      this.ns = namespaceOf(params);
    }

    /** Without `max` every hit is counted in the table before it is answered. */
    incr(key: string, cb: Callback, timeWindow: number, max?: number): void {
      const windowMs = Math.max(1, Math.trunc(timeWindow));
      local.incr(`${this.ns}|${key}`, windowMs, typeof max === 'number' ? max : undefined).then(
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

    /** Adds the hits counted in memory to the table now (tests; otherwise every FLUSH_MS). */
    static flush(): Promise<void> {
      return local.flush();
    }
  };
}

/**
 * Counts many items in one upsert per window length: each key's hits are added at once, and
 * each item is told the count through its own hits (as if they had come one after another).
 */
async function countHits(db: Db, hits: Hits[]): Promise<Counted[]> {
  const out: Counted[] = new Array(hits.length);
  for (const windowMs of new Set(hits.map((h) => h.windowMs))) {
    const mine = hits.map((h, i) => [h, i] as const).filter(([h]) => h.windowMs === windowMs);
    const perKey = new Map<string, number>();
    for (const [h] of mine) perKey.set(h.key, (perKey.get(h.key) ?? 0) + h.n);
    const rows = await queryPrepared<{ key: string; hits: number; ttl: number; start: number }>(
      db,
      sql`with w as (select to_timestamp(floor(extract(epoch from clock_timestamp()) * 1000 / ${windowMs}) * ${windowMs} / 1000.0) as start)
          insert into rate_limits (key, window_start, hits, expires_at)
          select x.key, w.start, x.n, w.start + make_interval(secs => ${windowMs / 1000})
          from w, json_to_recordset(${JSON.stringify([...perKey].map(([key, n]) => ({ key, n })))}::json) as x(key text, n int)
          on conflict (key, window_start) do update set hits = rate_limits.hits + excluded.hits
          returning key, hits, greatest(0, extract(epoch from expires_at - clock_timestamp()) * 1000)::int as ttl,
            (extract(epoch from window_start) * 1000)::float8 as start, ${ASYNC_COMMIT} as relaxed`,
    );
    const counted = new Map(rows.map((r) => [r.key, r]));
    // The key's hits before this statement, then each item's hits in arrival order.
    const seen = new Map<string, number>();
    for (const [h, i] of mine) {
      const row = counted.get(h.key);
      const before = Number(row?.hits ?? perKey.get(h.key)!) - perKey.get(h.key)!;
      const k = (seen.get(h.key) ?? 0) + h.n;
      seen.set(h.key, k);
      out[i] = { current: before + k, ttl: Number(row?.ttl ?? windowMs), start: Math.round(Number(row?.start ?? NaN)) };
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
  return hash('sha256', secret, 'base64url').slice(0, 22);
}

/** A fixed-window counter in this process's memory (PGlite, or RATE_LIMIT_STORE=memory). */
class MemoryCounter {
  private readonly windows = new Map<string, { start: number; hits: number }>();

  incr(key: string, cb: Callback, timeWindow: number, _max?: number): void {
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
  const Store = rateLimitStore(database, cfg).store as unknown as (new (p: StoreParams) => { incr(key: string, cb: Callback, timeWindow: number, max?: number): void }) | undefined;
  const counter = Store ? new Store({ nameSpace: opts.name }) : new MemoryCounter();
  const windowMs = 60_000;
  return async (req: import('fastify').FastifyRequest) => {
    const res = await new Promise<{ current: number; ttl: number }>((resolve, reject) => counter.incr(opts.keyOf(req), (err, r) => (err ? reject(err) : resolve(r!)), windowMs, opts.max));
    if (res.current > opts.max) {
      throw new AppError('RATE_LIMITED', 'too many requests; slow down', { retryAfterSeconds: Math.max(1, Math.ceil(res.ttl / 1000)) });
    }
  };
}
