// A second factor for staff sign-in: a TOTP secret (RFC 6238) per person, the
// last time step used (a code works once), and hashed one-time recovery codes.
import { bigint, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { ts, createdAt } from './columns.ts';
import { users } from './staff.ts';

export const staffTotp = pgTable('staff_totp', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  /** Base32 (the authenticator app has the same), stored encrypted: `enc:v1:<key id>:…` (src/secrets). */
  secret: text('secret').notNull(),
  /** Null while enrolment waits for the first code; from then on sign-in asks for a code. */
  confirmedAt: ts('confirmed_at'),
  /** The last 30-second step a code was accepted for: the same code (or an older one) is refused. */
  lastStep: bigint('last_step', { mode: 'number' }),
  /** SHA-256 of each unused recovery code. */
  recoveryHashes: text('recovery_hashes').array().notNull().default(sql`'{}'::text[]`),
  createdAt: createdAt(),
});
