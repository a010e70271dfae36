// A case's clocks: pause them while waiting on the customer, resume them.
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { IdParams } from '../../schemas.ts';
import { pauseCaseClocks } from '../../../clocks/pause-case-clocks.ts';
import { resumeCaseClocks } from '../../../clocks/resume-case-clocks.ts';
import { getCase } from '../../../cases/get-case.ts';
import { withCase } from './schemas.ts';
import { RequiredReason } from './move-schemas.ts';

/** POST /cases/:id/clocks/pause and /cases/:id/clocks/resume. */
export async function clockRoutes(app: TypedApp, deps: RouteDeps) {
  const cfg = { permission: 'cases:write' as const };
  app.post(
    '/api/v1/cases/:id/clocks/pause',
    {
      config: cfg,
      schema: {
        description: 'Waiting on the customer: clocks the policy lets pause stop counting until the customer answers or staff resume them.',
        tags: ['clocks'],
        params: IdParams,
        body: RequiredReason,
        response: withCase,
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => getCase(tx, (await pauseCaseClocks(tx, staffActor(req), { caseId: req.params.id, ...req.body })).caseId)),
  );
  app.post(
    '/api/v1/cases/:id/clocks/resume',
    { config: cfg, schema: { tags: ['clocks'], params: IdParams, response: withCase } },
    async (req, reply) => mutate(deps, req, reply, 200, null, async (tx) => getCase(tx, (await resumeCaseClocks(tx, staffActor(req), { caseId: req.params.id }, { services: deps.services })).caseId)),
  );
}
