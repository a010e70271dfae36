// Per-account sign-in throttling with exponential backoff, kept in the database so every
// process shares it (issue 14). It counts failures per account *and* client address: an
// attacker's address waits longer and longer for that account, the owner signing in from
// another address is never held up, and a blocked address does not block other accounts.
// The per-address rate limit of the sign-in route (20/min) stays as a separate, coarser guard.
import { and, eq, lt, or, sql } from 'drizzle-orm';
import { signInThrottles } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';

/** Failures allowed before the backoff starts. */
export const FREE_FAILURES = 5;
/** The longest wait, in seconds. */
export const MAX_BACKOFF_SECONDS = 15 * 60;
/** A quiet hour forgets the count. */
const FORGET_AFTER = sql`interval '1 hour'`;

/** Seconds to wait after `failures` failures in a row: none for the first few, then 1, 2, 4 … up to 15 minutes. */
export function backoffSeconds(failures: number): number {
  return failures < FREE_FAILURES ? 0 : Math.min(MAX_BACKOFF_SECONDS, 2 ** (failures - FREE_FAILURES));
}

/** Refuses (429, with details.retryAfterSeconds) while this address must wait before trying this account again. */
export async function assertMayTrySignIn(q: Queryable, email: string, source: string): Promise<void> {
  const [row] = await q
    .select({ wait: sql<number>`ceil(extract(epoch from ${signInThrottles.blockedUntil} - now()))::int` })
    .from(signInThrottles)
    .where(and(eq(signInThrottles.email, email), eq(signInThrottles.source, source), sql`${signInThrottles.blockedUntil} > now()`));
  if (row) {
    const retryAfterSeconds = Math.max(1, Number(row.wait));
    throw new AppError('RATE_LIMITED', 'too many failed sign-ins for this account from here; wait and try again', { retryAfterSeconds });
  }
}

/** Counts one failure, atomically, and sets how long this address must now wait for this account. */
export async function recordSignInFailure(q: Queryable, email: string, source: string): Promise<void> {
  const failures = sql`case when ${signInThrottles.lastFailureAt} < now() - ${FORGET_AFTER} then 1 else ${signInThrottles.failures} + 1 end`;
  const wait = (n: unknown) =>
    sql`case when ${n} < ${FREE_FAILURES} then null else now() + least(${MAX_BACKOFF_SECONDS}, power(2, ${n} - ${FREE_FAILURES})) * interval '1 second' end`;
  await q
    .insert(signInThrottles)
    .values({ email, source, failures: 1, lastFailureAt: sql`now()`, blockedUntil: null })
    .onConflictDoUpdate({
      target: [signInThrottles.email, signInThrottles.source],
      set: { failures: sql`${failures}`, lastFailureAt: sql`now()`, blockedUntil: wait(failures) },
    });
}

/** A successful sign-in forgets this address's failures for the account, and everybody's counts untouched for a day. */
export async function clearSignInFailures(q: Queryable, email: string, source: string): Promise<void> {
  await q
    .delete(signInThrottles)
    .where(or(and(eq(signInThrottles.email, email), eq(signInThrottles.source, source)), lt(signInThrottles.lastFailureAt, sql`now() - interval '1 day'`)));
}
