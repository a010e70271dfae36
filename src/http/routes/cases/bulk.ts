// Bulk actions from the queue (POST /api/v1/cases/bulk): one request, one
// transaction, an answer per case.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, PrioritySchema } from '../../schemas.ts';
import { BULK_ACTIONS, bulkUpdateCases, MAX_BULK_CASES } from '../../../cases/bulk-update-cases.ts';

const BulkBody = z.object({
  caseIds: z.array(z.string().max(100)).min(1).max(MAX_BULK_CASES),
  action: z.enum(BULK_ACTIONS),
  ownerId: z.uuid().optional().describe('assign: the new owner (your own id takes the cases over)'),
  priority: PrioritySchema.optional().describe('priority: the new priority'),
  reason: z.string().trim().max(2000).optional().describe('required to assign; required to close cases that are not resolved'),
  summary: z.string().max(4000).optional().describe('resolve: what was done'),
});

const BulkResult = z
  .object({
    results: z.array(
      z.object({ caseId: z.string(), ok: z.boolean(), code: z.string().optional(), message: z.string().optional() }),
    ),
    succeeded: z.number().int(),
    failed: z.number().int(),
  })
  .meta({ id: 'BulkResult' });

/** POST /api/v1/cases/bulk. */
export async function bulkRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/cases/bulk',
    {
      config: { permission: 'cases:write' },
      schema: {
        description:
          'Assign, resolve, close, reopen or reprioritise up to 500 cases. Each case is checked as if acted on alone (who may act on it, the lifecycle) and answers for itself; refusals are listed, never a 500, and never undo the others.',
        tags: ['cases'],
        body: BulkBody,
        response: { 200: BulkResult, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => bulkUpdateCases(tx, staffActor(req), req.body)),
  );
}
