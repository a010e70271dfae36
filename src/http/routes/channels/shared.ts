// What the channel doors share: the customer hint feeds send, and the
// answer of an idempotent feed (201 new, 200 the feed repeated itself).
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { RouteDeps } from '../../app.ts';
import type { Tx } from '../../../db/client.ts';

/** How a feed names the customer; intake matches it to one record. */
export const CustomerHintSchema = z.object({
  name: z.string().trim().max(200).optional(),
  email: z.email().max(320).optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  externalRef: z.string().trim().min(1).max(200).optional(),
});

/**
 * A feed's event in one transaction, then the worker is woken for what it queued:
 * 201 when something new was recorded, 200 when the feed repeated itself.
 */
export async function ingest<T extends { duplicate: boolean }>(deps: RouteDeps, reply: FastifyReply, work: (tx: Tx) => Promise<T>): Promise<FastifyReply> {
  const result = await deps.database.db.transaction((tx) => work(tx as Tx));
  deps.services.wakeWorker();
  return reply.code(result.duplicate ? 200 : 201).send(result);
}
