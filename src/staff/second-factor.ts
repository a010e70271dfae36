// Two-step sign-in with TOTP (RFC 6238, the codes of any authenticator app):
// what enrolment, confirmation, sign-in and turning it off share — the codes,
// each 30-second step accepted once, recovery codes, the state. Secrets are
// stored encrypted (src/secrets: the server must compute codes, so no hash). The use cases are
// enrol-, confirm- and disable-second-factor.ts.
import { createHash } from 'node:crypto';
import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { staffTotp } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../context.ts';
import { openSecret } from '../secrets/secret-box.ts';
import { totpSecretPlace } from '../secrets/seal-stored-secrets.ts';

const PERIOD = 30;

/** The TOTP parameters every authenticator app understands: SHA-1, 6 digits, 30 s. */
export function totpFor(secret: string, label = 'staff'): TOTP {
  return new TOTP({ issuer: 'Amends', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** Recovery codes are kept as SHA-256 hashes (high-entropy random codes need no slow hash). */
export const hashCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

/** The time step a 6-digit code is valid for (now, or one step either side for clock drift), or null. */
export function totpStep(secret: string, code: string, at = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret).validate({ token: code, timestamp: at, window: 1 });
  return delta === null ? null : Math.floor(at / 1000 / PERIOD) + delta;
}

/** The current code for a secret (tests, and nothing else). */
export function totpCode(secret: string, at = Date.now()): string {
  return totpFor(secret).generate({ timestamp: at });
}

export interface SecondFactorState {
  enabled: boolean;
  pending: boolean;
  recoveryCodesLeft: number;
}

export async function secondFactorState(q: Queryable, userId: string): Promise<SecondFactorState> {
  const [row] = await q.select().from(staffTotp).where(eq(staffTotp.userId, userId));
  return { enabled: !!row?.confirmedAt, pending: !!row && !row.confirmedAt, recoveryCodesLeft: row?.confirmedAt ? row.recoveryHashes.length : 0 };
}

/** The person acting: only staff members have a second factor. */
export function personOf(actor: Actor): string {
  if (actor.type !== 'user') throw new AppError('FORBIDDEN', 'only staff members sign in');
  return actor.id;
}

/** Uses a code's step once: true when it is newer than every code used before. */
export async function spendStep(q: Queryable, userId: string, step: number): Promise<boolean> {
  const [used] = await q
    .update(staffTotp)
    .set({ lastStep: step })
    .where(and(eq(staffTotp.userId, userId), or(isNull(staffTotp.lastStep), lt(staffTotp.lastStep, step))))
    .returning({ userId: staffTotp.userId });
  return !!used;
}

/**
 * At sign-in, after the password: nothing to do without a confirmed second factor;
 * otherwise a current code (each step once) or an unused recovery code (then spent).
 * TOTP_REQUIRED when none was given, TOTP_INVALID when it is wrong or replayed.
 */
export async function checkSecondFactor(q: Queryable, userId: string, code: string | undefined): Promise<void> {
  const [row] = await q.select().from(staffTotp).where(and(eq(staffTotp.userId, userId), isNotNull(staffTotp.confirmedAt)));
  if (!row) return;
  const given = code?.trim();
  if (!given) throw new AppError('TOTP_REQUIRED', 'enter the code from your authenticator app');
  // Only a 6-digit code needs the secret: a recovery code (a hash) works even when the key does not fit.
  const step = /^\d{6}$/.test(given) ? totpStep(openSecret(row.secret, totpSecretPlace(userId)), given) : null;
  if (step !== null && (await spendStep(q, userId, step))) return;
  if (step === null) {
    const hash = hashCode(given);
    const [spent] = await q
      .update(staffTotp)
      .set({ recoveryHashes: sql`array_remove(${staffTotp.recoveryHashes}, ${hash})` })
      .where(and(eq(staffTotp.userId, userId), sql`${hash} = any(${staffTotp.recoveryHashes})`))
      .returning({ userId: staffTotp.userId });
    if (spent) return;
  }
  throw new AppError('TOTP_INVALID', 'that code is wrong or was used already');
}

