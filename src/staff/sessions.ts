// Staff sign-in: sessions kept as hashed tokens in HTTP-only cookies, checked on every request.
import { randomBytes } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import { sessions, users } from '../db/schema.ts';
import { type Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { hashToken } from '../portal/portal-tokens.ts';
import { verifyPassword } from './passwords.ts';
import { type StaffUser, publicCols } from './users.ts';

/** Checks email and password; the same error whether the email or the password is wrong. */
export async function signIn(q: Queryable, email: string, password: string, days: number): Promise<{ token: string; user: StaffUser; expiresAt: Date }> {
  const [row] = await q
    .select({ ...publicCols, passwordHash: users.passwordHash })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`, eq(users.active, true)));
  const ok = await verifyPassword(password, row?.passwordHash ?? null);
  if (!row || !ok) throw new AppError('INVALID_CREDENTIALS', 'email or password is wrong');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  await q.insert(sessions).values({ idHash: hashToken(token), userId: row.id, expiresAt });
  const { passwordHash: _, ...user } = row;
  return { token, user: user as StaffUser, expiresAt };
}

export async function signOut(q: Queryable, token: string): Promise<void> {
  await q.delete(sessions).where(eq(sessions.idHash, hashToken(token)));
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
