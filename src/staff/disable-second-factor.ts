// Turning two-step sign-in off takes the password and a current code (or a
// recovery code): a stolen session alone cannot remove the second factor.
import { eq } from 'drizzle-orm';
import { staffTotp, users } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../context.ts';
import { verifyPassword } from './passwords.ts';
import { checkSecondFactor, personOf, type SecondFactorState } from './second-factor.ts';

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
      if (err instanceof AppError && err.code !== 'SECRET_UNREADABLE') throw new AppError('TOTP_INVALID', 'the password or the code is wrong');
      throw err;
    }
  }
  await tx.delete(staffTotp).where(eq(staffTotp.userId, userId));
  return { enabled: false, pending: false, recoveryCodesLeft: 0 };
}
