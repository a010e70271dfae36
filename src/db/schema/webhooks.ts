// Outgoing webhooks: subscriptions, one delivery per event and subscription,
// and the log of every attempt. A statement trigger on case_events (migration
// 0009) fans new events out to deliveries and their first job in the same
// transaction, whichever use case wrote the events.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts, createdAt } from './columns.ts';
import { users } from './staff.ts';

/** A receiver's URL, the public event names it wants and the timeline event types they stand for. */
export const webhooks = pgTable('webhooks', {
  id: uuid('id').primaryKey(),
  url: text('url').notNull(),
  /** Public names (case.opened …), as the admin chose them. */
  events: text('events').array().notNull(),
  /** The case_events types behind them: what the fan-out trigger matches. */
  eventKinds: text('event_kinds').array().notNull(),
  /** The HMAC key, stored encrypted (`enc:v1:<key id>:…`, src/secrets); never answered (only its last characters as a hint). */
  secret: text('secret').notNull(),
  description: text('description'),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** One event for one subscription: delivered at least once, retried with backoff, or given up. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    // No foreign keys to the timeline: a delivery log must never stand in the way of data rights.
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    caseId: uuid('case_id').notNull(),
    eventType: text('event_type').notNull(),
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Attempts before this series began: a redelivery starts a fresh series of retries. */
    attemptBase: integer('attempt_base').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt),
    check('webhook_deliveries_state_ck', sql`${t.state} in ('pending','delivered','failed')`),
  ],
);

/** The delivery log: each POST with its answer (status, time taken, a snippet) or its error. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    responseSnippet: text('response_snippet'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.attempt] })],
);
