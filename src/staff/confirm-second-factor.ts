// Confirming two-step sign-in with a first code: from then on sign-in asks for
// a code; ten one-time recovery codes are answered once and kept only as hashes.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { staffTotp } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../context.ts';
import { hashCode, personOf, spendStep, totpStep } from './second-factor.ts';
import { openSecret } from '../secrets/secret-box.ts';
import { totpSecretPlace } from '../secrets/seal-stored-secrets.ts';

const RECOVERY_CODES = 10;

/** The first code proves the app has the secret: from now on sign-in asks for a code. Returns the recovery codes, shown once. */
export async function confirmSecondFactor(tx: Tx, actor: Actor, input: { code: string }): Promise<{ recoveryCodes: string[] }> {
  const userId = personOf(actor);
  const [row] = await tx.select().from(staffTotp).where(eq(staffTotp.userId, userId)).for('update');
  if (!row) throw new AppError('TOTP_NOT_ENROLLED', 'start enrolment first');
  if (row.confirmedAt) throw new AppError('TOTP_ALREADY_ENABLED', 'two-step sign-in is already on');
  const step = totpStep(openSecret(row.secret, totpSecretPlace(userId)), input.code.trim());
  if (step === null || !(await spendStep(tx, userId, step))) throw new AppError('TOTP_INVALID', 'that code is wrong or was used already');
  const recoveryCodes = Array.from({ length: RECOVERY_CODES }, () => {
    const raw = randomBytes(8).toString('hex');
    return `${raw.slice(0, 8)}-${raw.slice(8)}`;
  });
  await tx.update(staffTotp).set({ confirmedAt: sql`now()`, recoveryHashes: recoveryCodes.map(hashCode) }).where(eq(staffTotp.userId, userId));
  return { recoveryCodes };
}
