// Enrolment in two-step sign-in: a fresh secret and its otpauth:// URI (the web
// app shows it as a QR code); not required at sign-in until a first code confirms it.
import { eq, isNull, sql } from 'drizzle-orm';
import { staffTotp, users } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../context.ts';
import { Secret } from 'otpauth';
import { personOf, totpFor } from './second-factor.ts';
import { sealSecret } from '../secrets/secret-box.ts';
import { totpSecretPlace } from '../secrets/seal-stored-secrets.ts';

/** Starts (or restarts) enrolment: a fresh secret, not required until confirmed. 409 when already on. */
export async function enrolSecondFactor(tx: Tx, actor: Actor): Promise<{ secret: string; otpauthUri: string }> {
  const userId = personOf(actor);
  const [me] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!me) throw new AppError('USER_NOT_FOUND', 'no such user');
  const secret = new Secret({ size: 20 }).base32;
  const sealed = sealSecret(secret, totpSecretPlace(userId)); // encrypted at rest (src/secrets)
  const [row] = await tx
    .insert(staffTotp)
    .values({ userId, secret: sealed })
    .onConflictDoUpdate({ target: staffTotp.userId, set: { secret: sealed, lastStep: null, recoveryHashes: sql`'{}'::text[]` }, setWhere: isNull(staffTotp.confirmedAt) })
    .returning({ userId: staffTotp.userId });
  if (!row) throw new AppError('TOTP_ALREADY_ENABLED', 'two-step sign-in is already on; turn it off first to enrol again');
  return { secret, otpauthUri: totpFor(secret, me.email).toString() };
}
