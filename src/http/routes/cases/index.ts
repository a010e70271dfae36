// Cases (/api/v1/cases): intake by staff or integrations, the queue, the case
// view, and every move on a case, one file per sub-resource.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { openCase } from '../../../cases/intake/open-case.ts';
import { getCase } from '../../../cases/get-case.ts';
import { listCases } from '../../../cases/list-cases.ts';
import { AppError } from '../../../domain/errors.ts';
import { CaseListSchema, CaseSchema, ListQuery, OpenCaseBody } from './schemas.ts';
import { messageRoutes } from './messages.ts';
import { assignmentRoutes } from './assignment.ts';
import { restatementRoutes } from './restatement.ts';
import { optionRoutes } from './options.ts';
import { commitmentRoutes } from './commitments.ts';
import { compensationRoutes } from './compensations.ts';
import { offerRoutes } from './offers.ts';
import { lifecycleRoutes } from './lifecycle.ts';
import { clockRoutes } from './clocks.ts';
import { recoveryRoutes } from './recovery.ts';
import { bulkRoutes } from './bulk.ts';
import { mergeRoutes } from './merge.ts';

/** Registers the case routes and the routes of its sub-resources. */
export async function caseRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  app.post(
    '/api/v1/cases',
    {
      config: { permission: 'cases:write', idempotent: true },
      schema: { tags: ['cases'], body: OpenCaseBody, response: { 201: CaseSchema.extend({ portalUrl: z.string() }), ...errorResponses } },
    },
    async (req, reply) => {
      const input = { ...req.body, rawSource: JSON.stringify(req.body) };
      // Without an Idempotency-Key, complaints are group-committed by the intake batcher.
      if (!req.headers['idempotency-key']) {
        const opened = await deps.intake.open(staffActor(req), input);
        return reply.code(201).send({ ...(await getCase(database.db, opened.case.id)), portalUrl: opened.portalUrl });
      }
      return mutate(deps, req, reply, 201, null, async (tx) => {
        const opened = await openCase(tx, staffActor(req), { ...input }, { services });
        return { ...(await getCase(tx, opened.case.id)), portalUrl: opened.portalUrl };
      });
    },
  );
  app.get(
    '/api/v1/cases',
    { config: { permission: 'cases:read' }, schema: { tags: ['cases'], querystring: ListQuery, response: { 200: CaseListSchema, ...errorResponses } } },
    async (req) => {
      const q = req.query;
      const me = (v: string | undefined) => (v === 'me' ? req.user!.id : v);
      for (const v of [q.ownerId, q.involving]) {
        if (v && v !== 'me' && !/^[0-9a-f-]{36}$/i.test(v)) throw new AppError('VALIDATION_FAILED', 'ownerId and involving take a user id or "me"');
      }
      return listCases(database.db, { ...q, ownerId: me(q.ownerId), involving: me(q.involving) });
    },
  );
  app.get(
    '/api/v1/cases/:id',
    { config: { permission: 'cases:read' }, schema: { tags: ['cases'], params: IdParams, response: { 200: CaseSchema, ...errorResponses } } },
    async (req) => getCase(database.db, req.params.id),
  );
  for (const sub of [messageRoutes, assignmentRoutes, restatementRoutes, optionRoutes, commitmentRoutes, compensationRoutes, offerRoutes, lifecycleRoutes, clockRoutes, recoveryRoutes, bulkRoutes, mergeRoutes]) {
    await sub(app, deps);
  }
}
