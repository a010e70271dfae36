// The one way a route changes data: a transaction (with Idempotency-Key when
// the route creates something), then the worker is woken for the jobs the
// transaction queued (STYLE 5: effects after commit).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from '../db/client.ts';
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
