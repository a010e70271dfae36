// Two-step sign-in with TOTP (RFC 6238, the codes of any authenticator app):
// enrol (a secret and its otpauth:// URI, not yet required), confirm with a
// first code (then required at every sign-in, with ten one-time recovery codes),
// check a code at sign-in (each 30-second step works once), disable with the
// password and a code. Secrets are stored as given: the server must compute codes.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { staffTotp, users } from '../db/schema.ts';
import type { Queryable, Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../context.ts';
import { verifyPassword } from './passwords.ts';

const PERIOD = 30;
const RECOVERY_CODES = 10;

function totpFor(secret: string, label = 'staff'): TOTP {
  return new TOTP({ issuer: 'Amends', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

const hashCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

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

function personOf(actor: Actor): string {
  if (actor.type !== 'user') throw new AppError('FORBIDDEN', 'only staff members sign in');
  return actor.id;
}

/** Starts (or restarts) enrolment: a fresh secret, not required until confirmed. 409 when already on. */
export async function enrolSecondFactor(tx: Tx, actor: Actor): Promise<{ secret: string; otpauthUri: string }> {
  const userId = personOf(actor);
  const [me] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!me) throw new AppError('USER_NOT_FOUND', 'no such user');
  const secret = new Secret({ size: 20 }).base32;
  const [row] = await tx
    .insert(staffTotp)
    .values({ userId, secret })
    .onConflictDoUpdate({ target: staffTotp.userId, set: { secret, lastStep: null, recoveryHashes: sql`'{}'::text[]` }, setWhere: isNull(staffTotp.confirmedAt) })
    .returning({ userId: staffTotp.userId });
  if (!row) throw new AppError('TOTP_ALREADY_ENABLED', 'two-step sign-in is already on; turn it off first to enrol again');
  return { secret, otpauthUri: totpFor(secret, me.email).toString() };
}

/** Uses a code's step once: true when it is newer than every code used before. */
async function spendStep(q: Queryable, userId: string, step: number): Promise<boolean> {
  const [used] = await q
    .update(staffTotp)
    .set({ lastStep: step })
    .where(and(eq(staffTotp.userId, userId), or(isNull(staffTotp.lastStep), lt(staffTotp.lastStep, step))))
    .returning({ userId: staffTotp.userId });
  return !!used;
}

/** The first code proves the app has the secret: from now on sign-in asks for a code. Returns the recovery codes, shown once. */
export async function confirmSecondFactor(tx: Tx, actor: Actor, input: { code: string }): Promise<{ recoveryCodes: string[] }> {
  const userId = personOf(actor);
  const [row] = await tx.select().from(staffTotp).where(eq(staffTotp.userId, userId)).for('update');
  if (!row) throw new AppError('TOTP_NOT_ENROLLED', 'start enrolment first');
  if (row.confirmedAt) throw new AppError('TOTP_ALREADY_ENABLED', 'two-step sign-in is already on');
  const step = totpStep(row.secret, input.code.trim());
  if (step === null || !(await spendStep(tx, userId, step))) throw new AppError('TOTP_INVALID', 'that code is wrong or was used already');
  const recoveryCodes = Array.from({ length: RECOVERY_CODES }, () => {
    const raw = randomBytes(8).toString('hex');
    return `${raw.slice(0, 8)}-${raw.slice(8)}`;
  });
  await tx.update(staffTotp).set({ confirmedAt: sql`now()`, recoveryHashes: recoveryCodes.map(hashCode) }).where(eq(staffTotp.userId, userId));
  return { recoveryCodes };
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
  const step = totpStep(row.secret, given);
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

/** Turning it off takes the password and a current code (or a recovery code). */
export async function disableSecondFactor(tx: Tx, actor: Actor, input: { password: string; code: string }): Promise<SecondFactorState> {
  const userId = personOf(actor);
  const [me] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  const [row] = await tx.select().from(staffTotp).where(eq(staffTotp.userId, userId)).for('update');
  if (!row) throw new AppError('TOTP_NOT_ENROLLED', 'two-step sign-in is not on');
  if (!me || !(await verifyPassword(input.password, me.passwordHash))) throw new AppError('TOTP_INVALID', 'the password or the code is wrong');
  if (row.confirmedAt) {
    try {
      await checkSecondFactor(tx, userId, input.code);
    } catch (err) {
      if (err instanceof AppError) throw new AppError('TOTP_INVALID', 'the password or the code is wrong');
      throw err;
    }
  }
  await tx.delete(staffTotp).where(eq(staffTotp.userId, userId));
  return { enabled: false, pending: false, recoveryCodesLeft: 0 };
}
