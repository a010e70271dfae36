// The agent's desk (issue 13): notifications to staff, their preferences, and
// canned replies per language.
import { sql } from 'drizzle-orm';
import { bigserial, check, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts, createdAt } from './columns.ts';
import { users } from './staff.ts';
import { cases } from './cases.ts';

/**
 * One notification to one staff member, written in the same transaction as its cause
 * (a mention, an assignment, a customer's reply, a clock about to breach, an approval).
 * The serial id is the cursor of the list and of the live stream (Last-Event-ID).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    caseId: uuid('case_id').references(() => cases.id),
    /** What the bell shows: case number, who did it, a short excerpt (never customer mail in full). */
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    readAt: ts('read_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    check('notifications_kind_ck', sql`${t.kind} in ('mention','assigned','customer_replied','clock_warning','approval_needed','approval_decided')`),
  ],
);

/** Which notification kinds a staff member also wants by email (default: none). */
export const notificationPreferences = pgTable('notification_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  emailKinds: text('email_kinds').array().notNull().default(sql`'{}'::text[]`),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** A reply template in one language; placeholders {{customerName}}, {{caseNumber}}, {{ownerName}} are filled in the composer. */
export const cannedReplies = pgTable(
  'canned_replies',
  {
    id: uuid('id').primaryKey(),
    language: text('language').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('canned_replies_language_idx').on(t.language, t.title)],
);
