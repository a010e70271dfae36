// Idempotency-Key (API.md): the same key and body return the first answer and
// create nothing new. The key row commits in the same transaction as the work
// it guards, so a crash can never separate the two.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { idempotencyKeys } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';

export interface Answer<T = unknown> {
  status: number;
  body: T;
  replayed?: boolean;
}

/** Runs `work` in a transaction, honouring the request's Idempotency-Key if it has one. */
export async function inTransaction<T>(db: Db, req: FastifyRequest, scope: string, work: (tx: Tx) => Promise<Answer<T>>): Promise<Answer<T>> {
  const raw = req.headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || !req.routeOptions.config.idempotent) return db.transaction((tx) => work(tx as Tx));
  if (key.length > 200) throw new AppError('VALIDATION_FAILED', 'Idempotency-Key is at most 200 characters');
  const requestHash = createHash('sha256')
    .update(`${req.method} ${req.url.split('?')[0]}\n${JSON.stringify(req.body ?? null)}`)
    .digest('hex');
  return db.transaction(async (t) => {
    const tx = t as Tx;
    // On PostgreSQL a concurrent twin waits here until the first commits or rolls back.
    const fresh = await tx
      .insert(idempotencyKeys)
      .values({ scope, key, requestHash, statusCode: 0, response: {} })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    const where = and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key));
    if (!fresh.length) {
      const [prior] = await tx.select().from(idempotencyKeys).where(where);
      if (!prior || prior.requestHash !== requestHash) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request');
      }
      return { status: prior.statusCode, body: prior.response as T, replayed: true };
    }
    const answer = await work(tx);
    await tx.update(idempotencyKeys).set({ statusCode: answer.status, response: answer.body as object }).where(where);
    return answer;
  });
}
