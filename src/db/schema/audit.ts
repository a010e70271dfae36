// The audit log (issue 14): who did what to settings, staff, tokens, customers and
// exports, from where, with the state before and after. Append-only by trigger.
import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One admin or data-access action; rows are only ever added (a trigger forbids UPDATE and DELETE). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Milliseconds, as JavaScript reads them: the (at, id) cursor then matches the stored value exactly. */
    at: timestamp('at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    /** user, system, customer or anonymous (a failed sign-in). */
    actorType: text('actor_type').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** A stable verb: settings.update, user.create, session.sign_in_failed, customer.erase … */
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    /** The state before and after, secrets and password hashes left out. */
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    // Paging newest first by (at, id), alone or narrowed to an actor or an action.
    index('audit_log_at_idx').on(t.at, t.id),
    index('audit_log_actor_idx').on(t.actorId, t.at, t.id),
    index('audit_log_action_idx').on(t.action, t.at, t.id),
    index('audit_log_target_idx').on(t.targetType, t.targetId).where(sql`${t.targetId} is not null`),
  ],
);
