// The one way a route changes data: a transaction (with Idempotency-Key when
// the route creates something), then the worker is woken for the jobs the
// transaction queued (STYLE 5: effects after commit).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NeedsTransaction, type Queryable, type Tx } from '../db/client.ts';
import type { RouteDeps } from './app.ts';
import { inTransaction } from './idempotency.ts';

export async function mutate<T>(
  deps: RouteDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  scope: string | null,
  work: (tx: Tx) => Promise<T>,
): Promise<FastifyReply> {
  const answer = await inTransaction(deps.database.db, req, scope ?? (req.user ? `user:${req.user.id}` : 'public'), async (tx) => ({
    status,
    body: await work(tx),
  }));
  deps.services.wakeWorker();
  if (answer.replayed) reply.header('idempotency-replayed', 'true');
  return reply.code(answer.status).send(answer.body);
}

/**
 * mutate for work whose writes are one statement, its checks folded in (case-store.ts caseToAct
 * and moveCase): run on the pool, that statement is atomic on its own and needs no BEGIN and
 * COMMIT (two round trips of a request's four or five). It runs as mutate does, in a
 * transaction, when the request carries an Idempotency-Key (its key row commits with the work)
 * or when the work asks to (NeedsTransaction: the case changed between its read and its write,
 * and nothing was written). `work` must write in one statement when given the pool.
 */
export async function mutateAtOnce<T>(
  deps: RouteDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  scope: string | null,
  work: (q: Queryable) => Promise<T>,
): Promise<FastifyReply> {
  if (!(req.headers['idempotency-key'] && req.routeOptions.config.idempotent)) {
    try {
      const body = await work(deps.database.db);
      deps.services.wakeWorker();
      return reply.code(status).send(body);
    } catch (err) {
      if (!(err instanceof NeedsTransaction)) throw err;
    }
  }
  return mutate(deps, req, reply, status, scope, work);
}
