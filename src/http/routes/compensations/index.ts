// Compensations (/api/v1/compensations): the approvals inbox (P-3.3) and the
// decisions; only a role whose limit covers a compensation may decide it.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { decideCompensationRequest } from '../../../compensation/decide-compensation.ts';
import { listCompensations } from '../../../compensation/list-compensations.ts';
import { compensationView, CompensationSchema } from './schemas.ts';

const ListQuery = z.object({
  status: z.enum(['granted', 'pending_approval', 'rejected']).default('pending_approval'),
  mine: z.enum(['true', 'false']).default('true'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

/** GET /compensations, POST /compensations/:id/approve and /reject. */
export async function compensationRoutes(app: TypedApp, deps: RouteDeps) {
  app.get(
    '/api/v1/compensations',
    {
      config: { permission: 'compensations:decide' },
      schema: {
        description: 'Compensations by status; with status=pending_approval, those the signed-in role may decide (mine=true) or all.',
        tags: ['compensation'],
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(CompensationSchema.extend({ caseNumber: z.string() })), nextCursor: z.null() }), ...errorResponses },
      },
    },
    async (req) => {
      const rows = await listCompensations(deps.database.db, req.user!.role, { ...req.query, mine: req.query.mine === 'true' });
      return { items: rows.map((r) => ({ ...compensationView(r.compensation), caseNumber: r.caseNumber })), nextCursor: null };
    },
  );
  for (const verb of ['approve', 'reject'] as const) {
    app.post(
      `/api/v1/compensations/:id/${verb}`,
      {
        config: { permission: 'compensations:decide' },
        schema: {
          tags: ['compensation'],
          params: IdParams,
          body: z.object({ reason: z.string().trim().max(2000).optional() }).default({}),
          response: { 200: CompensationSchema, ...errorResponses },
        },
      },
      async (req, reply) =>
        mutate(deps, req, reply, 200, null, async (tx) =>
          compensationView(await decideCompensationRequest(tx, staffActor(req), { compensationId: req.params.id, approve: verb === 'approve', reason: req.body.reason })),
        ),
    );
  }
}
