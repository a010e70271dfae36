// Staff accounts, their sign-in sessions and API tokens.
import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
