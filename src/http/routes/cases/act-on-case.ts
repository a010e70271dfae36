// The shape most case routes share: one staff action on a case in a transaction, then
// the case view as the answer, so the desk redraws from what was committed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable, Tx } from '../../../db/client.ts';
import type { Actor } from '../../../context.ts';
import { getCase } from '../../../cases/get-case.ts';
import type { RouteDeps } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate, mutateAtOnce } from '../../mutate.ts';

/** A staff action on one case, answered with the case as it now is (200): the routes that move a case share it. */
export function actOnCase(
  deps: RouteDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  caseId: string,
  act: (tx: Tx, actor: Actor) => Promise<unknown>,
): Promise<FastifyReply> {
  return mutate(deps, req, reply, 200, null, async (tx) => {
    await act(tx, staffActor(req));
    return getCase(tx, caseId);
  });
}

/**
 * actOnCase for an action whose writes are one statement on the pool (mutateAtOnce): the case
 * is read after that statement, on the pool too.
 */
export function actOnCaseAtOnce(
  deps: RouteDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  caseId: string,
  act: (q: Queryable, actor: Actor) => Promise<unknown>,
): Promise<FastifyReply> {
  return mutateAtOnce(deps, req, reply, 200, null, async (q) => {
    await act(q, staffActor(req));
    return getCase(q, caseId);
  });
}
