// Business settings, durable jobs and idempotency keys.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { ts, createdAt } from './columns.ts';

/** Business-wide settings (authority limits, currency, follow-up days …) as JSON values by key. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Durable jobs and timers, claimed with FOR UPDATE SKIP LOCKED by any number of workers. */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    runAt: ts('run_at').notNull().defaultNow(),
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(10),
    lastError: text('last_error'),
    lockedBy: text('locked_by'),
    lockedUntil: ts('locked_until'),
    dedupeKey: text('dedupe_key'),
    createdAt: createdAt(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    index('jobs_due_idx').on(t.runAt).where(sql`${t.state} = 'pending'`),
    index('jobs_running_idx').on(t.lockedUntil).where(sql`${t.state} = 'running'`),
    // The housekeeping and retention sweeps prune finished jobs oldest first, in batches, through this index.
    index('jobs_finished_idx').on(t.finishedAt).where(sql`${t.state} in ('done','failed')`),
    // A restarted worker finds the jobs it held under its persisted identity.
    index('jobs_locked_by_idx').on(t.lockedBy).where(sql`${t.state} = 'running'`),
    uniqueIndex('jobs_dedupe_uq').on(t.dedupeKey),
    check('jobs_state_ck', sql`${t.state} in ('pending','running','done','failed')`),
  ],
);

/** Idempotency-Key records: the first answer to a creating POST, kept with the rows it created. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

/**
 * Fixed-window request counters for rate limits that every process must agree on
 * (@fastify/rate-limit's store, src/http/rate-limit-store.ts): one row per key and window,
 * counted with an upsert; windows that ended are pruned by the housekeeping sweep.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').notNull(),
    windowStart: ts('window_start').notNull(),
    hits: integer('hits').notNull().default(1),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_limits_expires_idx').on(t.expiresAt)],
);

/**
 * Periodic sweeps (clocks, owners, keep-in-touch, housekeeping) shared by every worker:
 * a worker runs a sweep only when it moves `next_run_at` forward itself, so each
 * sweep fires once per interval however many workers run (src/jobs/sweeps.ts).
 */
export const sweeps = pgTable('sweeps', {
  name: text('name').primaryKey(),
  nextRunAt: ts('next_run_at').notNull().defaultNow(),
  lastRunAt: ts('last_run_at'),
  lastRunBy: text('last_run_by'),
  runs: bigint('runs', { mode: 'number' }).notNull().default(0),
});
