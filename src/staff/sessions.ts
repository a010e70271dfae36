// Staff sign-in: sessions kept as hashed tokens in HTTP-only cookies, checked on every request.
import { randomBytes } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import { sessions, users } from '../db/schema.ts';
import { type Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { hashToken } from '../portal/portal-tokens.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts';
import { assertMayTrySignIn, clearSignInFailures, recordSignInFailure } from './sign-in-throttle.ts';
import { type StaffUser, publicCols } from './users.ts';
import { checkSecondFactor } from './second-factor.ts';
import { forgetSignIns } from './auth-cache.ts';

/**
 * Checks email and password; the same error, and the same time, whether the email or the
 * password is wrong (an unknown email is verified against a dummy hash). Failures are
 * throttled per account and client address (sign-in-throttle.ts); a hash stored with an
 * older scrypt cost is replaced on success.
 */
export async function signIn(
  q: Queryable,
  email: string,
  password: string,
  days: number,
  opts: { source?: string; /** The TOTP or a recovery code, for people with two-step sign-in on. */ code?: string } = {},
): Promise<{ token: string; user: StaffUser; expiresAt: Date }> {
  const key = email.trim().toLowerCase();
  const source = opts.source ?? 'unknown';
  await assertMayTrySignIn(q, key, source);
  const [row] = await q
    .select({ ...publicCols, passwordHash: users.passwordHash })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${key}`, eq(users.active, true)));
  const stored = row?.passwordHash ?? null;
  const ok = (await verifyPassword(password, stored ?? (await dummyHash()))) && stored !== null;
  if (!row || !ok) {
    await recordSignInFailure(q, key, source);
    throw new AppError('INVALID_CREDENTIALS', 'email or password is wrong');
  }
  // Two-step sign-in: asked for only once the password is right; a wrong or replayed code counts as a failure.
  try {
    await checkSecondFactor(q, row.id, opts.code);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'TOTP_INVALID') throw err;
    await recordSignInFailure(q, key, source);
    throw new AppError('INVALID_CREDENTIALS', 'the code is wrong or was used already', { totp: true });
  }
  await clearSignInFailures(q, key, source);
  if (needsRehash(stored)) {
    // Only if nobody changed it meanwhile.
    await q.update(users).set({ passwordHash: await hashPassword(password) }).where(and(eq(users.id, row.id), eq(users.passwordHash, stored)));
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  await q.insert(sessions).values({ idHash: hashToken(token), userId: row.id, expiresAt });
  const { passwordHash: _, ...user } = row;
  return { token, user: user as StaffUser, expiresAt };
}

export async function signOut(q: Queryable, token: string): Promise<void> {
  await q.delete(sessions).where(eq(sessions.idHash, hashToken(token)));
  forgetSignIns();
}

/** The user behind a session cookie, if it is live. */
export async function userForSession(q: Queryable, token: string): Promise<StaffUser | null> {
  const [row] = await q
    .select(publicCols)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, hashToken(token)), gt(sessions.expiresAt, new Date()), eq(users.active, true)));
  return (row as StaffUser | undefined) ?? null;
}
