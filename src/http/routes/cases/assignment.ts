// Who handles a case and how the customer reaches it: assign the owner,
// issue a new portal link.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { assignCase } from '../../../cases/assign-case.ts';
import { getCase } from '../../../cases/get-case.ts';
import { issuePortalLink } from '../../../portal/issue-portal-link.ts';
import { withCase } from './schemas.ts';
import { AssignBody } from './move-schemas.ts';

/** POST /cases/:id/assign and /cases/:id/portal-link. */
export async function assignmentRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/cases/:id/assign',
    { config: { permission: 'cases:write' }, schema: { tags: ['cases'], params: IdParams, body: AssignBody, response: withCase } },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await assignCase(tx, staffActor(req), { caseId: req.params.id, ownerId: req.body.ownerId, reason: req.body.reason });
        return getCase(tx, req.params.id);
      }),
  );
  app.post(
    '/api/v1/cases/:id/portal-link',
    {
      config: { permission: 'cases:write', idempotent: true },
      schema: {
        description: 'Issue a new portal link for the customer (the old ones keep working until they expire).',
        tags: ['cases'],
        params: IdParams,
        response: { 201: z.object({ portalUrl: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => issuePortalLink(tx, staffActor(req), { caseId: req.params.id }, { services: deps.services })),
  );
}
