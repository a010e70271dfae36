// Staff accounts, their sign-in sessions and API tokens.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts, createdAt } from './columns.ts';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    kind: text('kind').notNull().default('person'),
    passwordHash: text('password_hash'),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    locale: text('locale').notNull().default('en'),
    supervisorId: uuid('supervisor_id'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_lower_uq').on(sql`lower(${t.email})`),
    index('users_role_active_idx').on(t.role, t.active),
    check('users_role_ck', sql`${t.role} in ('agent','supervisor','head','admin')`),
    check('users_kind_ck', sql`${t.kind} in ('person','service')`),
  ],
);

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
  lastUsedAt: ts('last_used_at'),
  expiresAt: ts('expires_at'),
  revokedAt: ts('revoked_at'),
  /** When set, the token may do only these things whatever its role (e.g. channels:ingest for a mail server). */
  scopes: text('scopes').array(),
});

export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Failed sign-ins per account and client address, shared by every process: past a few
 * failures that address waits exponentially longer before it may try that account again,
 * while the owner signing in from elsewhere is not held up (issue 14).
 */
export const signInThrottles = pgTable(
  'sign_in_throttles',
  {
    /** The email as typed, lower-cased: unknown accounts are throttled alike, revealing nothing. */
    email: text('email').notNull(),
    source: text('source').notNull(),
    failures: integer('failures').notNull(),
    lastFailureAt: ts('last_failure_at').notNull(),
    blockedUntil: ts('blocked_until'),
  },
  (t) => [primaryKey({ columns: [t.email, t.source] }), index('sign_in_throttles_last_failure_idx').on(t.lastFailureAt)],
);
