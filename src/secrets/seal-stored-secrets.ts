// The sweep every start runs after the migrations (and `amends secrets reseal`):
// plaintext secrets from before the encryption are sealed, and those sealed
// with AMENDS_SECRET_KEY_OLD are sealed again with the current key. Each row is
// rewritten only if it still holds what was read (compare-and-set), so processes
// starting together, or an admin rotating a webhook secret meanwhile, lose nothing.
// A value sealed with a key this process does not have stops the start with a
// clear message: every later read of it would fail.
import { and, eq, not, like } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { staffTotp, webhooks } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { ConfigError } from '../config.ts';
import { AppError } from '../domain/errors.ts';
import { open, seal, sealedWith, secretPlace, type Keyring } from './secret-box.ts';

/** Every stored secret: its table, row id, column, and the name bound into its ciphertext. */
export const STORED_SECRETS: { table: PgTable; id: PgColumn; secret: PgColumn; column: string }[] = [
  { table: webhooks, id: webhooks.id, secret: webhooks.secret, column: 'webhooks.secret' },
  { table: staffTotp, id: staffTotp.userId, secret: staffTotp.secret, column: 'staff_totp.secret' },
];

/** The associated data of a webhook's secret and of a person's TOTP secret. */
export const webhookSecretPlace = (id: string) => secretPlace('webhooks.secret', id);
export const totpSecretPlace = (userId: string) => secretPlace('staff_totp.secret', userId);

export class SecretKeyError extends ConfigError {}

export interface SealReport {
  /** Plaintext rows sealed now. */
  sealed: number;
  /** Rows moved from an older key to the current one. */
  resealed: number;
  /** Rows under a known key that do not open (altered, or moved from another row): left as they are. */
  unreadable: string[];
}

export async function sealStoredSecrets(db: Queryable, ring: Keyring): Promise<SealReport> {
  const report: SealReport = { sealed: 0, resealed: 0, unreadable: [] };
  const unknownKeys = new Map<string, number>();
  const known = new Set(ring.older.map((k) => k.id));
  for (const s of STORED_SECRETS) {
    const rows = (await db
      .select({ id: s.id, secret: s.secret })
      .from(s.table)
      .where(not(like(s.secret, `enc:v1:${ring.current.id}:%`)))) as { id: string; secret: string }[];
    for (const row of rows) {
      const keyId = sealedWith(row.secret);
      if (keyId !== null && !known.has(keyId)) {
        unknownKeys.set(keyId, (unknownKeys.get(keyId) ?? 0) + 1);
        continue;
      }
      const place = secretPlace(s.column, row.id);
      let plaintext: string;
      try {
        plaintext = open(ring, row.secret, place);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        report.unreadable.push(`${s.column} of ${row.id}`);
        continue;
      }
      const done = await db
        .update(s.table)
        .set({ secret: seal(ring, plaintext, place) } as never) // both tables name the column's property `secret`
        .where(and(eq(s.id, row.id), eq(s.secret, row.secret)))
        .returning({ id: s.id });
      if (done.length) report[keyId === null ? 'sealed' : 'resealed']++;
    }
  }
  if (unknownKeys.size) {
    const which = [...unknownKeys].map(([id, n]) => `${n} with key ${id || '?'}`).join(', ');
    throw new SecretKeyError(
      `stored secrets were encrypted with a key this process does not have (${which}; this process has ${[ring.current, ...ring.older].map((k) => k.id).join(', ')}). ` +
        'Set AMENDS_SECRET_KEY to the key the other processes use (or AMENDS_SECRET_KEY_OLD to the previous key during a rotation); see docs/OPERATIONS.md',
    );
  }
  return report;
}
