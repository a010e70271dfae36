// Status moves of a case (resolve, close, reopen; 409 when the state forbids
// it) and skipping a playbook step with a recorded reason.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { actOnCase, actOnCaseAtOnce } from './act-on-case.ts';
import { IdParams } from '../../schemas.ts';
import { resolveCase } from '../../../cases/resolve-case.ts';
import { closeCase } from '../../../cases/close-case.ts';
import { reopenCase } from '../../../cases/reopen-case.ts';
import { skipStep } from '../../../cases/skip-step.ts';
import { withCase } from './schemas.ts';
import { Reason, RequiredReason, ResolveBody } from './move-schemas.ts';

/** POST /cases/:id/resolve, /close, /reopen and /playbook/:step/skip. */
export async function lifecycleRoutes(app: TypedApp, deps: RouteDeps) {
  const cfg = { permission: 'cases:write' as const };
  app.post(
    '/api/v1/cases/:id/resolve',
    { config: cfg, schema: { tags: ['lifecycle'], params: IdParams, body: ResolveBody, response: withCase } },
    async (req, reply) =>
      actOnCase(deps, req, reply, req.params.id, (tx, actor) => resolveCase(tx, actor, { caseId: req.params.id, ...req.body }, { services: deps.services })),
  );
  // Moves that take an optional reason: close (required when not resolved; one statement, run
  // on the pool) and reopen.
  app.post(
    '/api/v1/cases/:id/close',
    { config: cfg, schema: { tags: ['lifecycle'], params: IdParams, body: Reason, response: withCase } },
    async (req, reply) =>
      actOnCaseAtOnce(deps, req, reply, req.params.id, (q, actor) => closeCase(q, actor, { caseId: req.params.id, reason: req.body.reason })),
  );
  app.post(
    '/api/v1/cases/:id/reopen',
    { config: cfg, schema: { tags: ['lifecycle'], params: IdParams, body: Reason, response: withCase } },
    async (req, reply) =>
      actOnCase(deps, req, reply, req.params.id, (tx, actor) => reopenCase(tx, actor, { caseId: req.params.id, reason: req.body.reason })),
  );
  app.post(
    '/api/v1/cases/:id/playbook/:step/skip',
    {
      config: cfg,
      schema: { tags: ['playbook'], params: z.object({ id: z.string(), step: z.string().max(40) }), body: RequiredReason, response: withCase },
    },
    async (req, reply) =>
      actOnCase(deps, req, reply, req.params.id, (tx, actor) => skipStep(tx, actor, { caseId: req.params.id, step: req.params.step, reason: req.body.reason })),
  );
}
