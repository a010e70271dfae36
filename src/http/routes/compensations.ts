// The approvals inbox (P-3.3): supervisors and heads see what waits for them
// and decide with one call; only a role whose limit covers it may decide.
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../app.ts';
import { staffActor } from '../auth.ts';
import { mutate } from '../mutate.ts';
import { errorResponses, IdParams } from '../schemas.ts';
import { compensationView, CompensationSchema } from './case-actions.ts';
import { decideCompensationRequest } from '../../compensation/decide-compensation.ts';
import { cases, compensations, customers } from '../../db/schema.ts';
import { formatCaseNumber } from '../../domain/case-lifecycle.ts';
import { mayDecide } from '../../domain/authority.ts';
import { limitsFor } from '../../compensation/authority-usage.ts';
import { loadSettings } from '../../settings/business-settings.ts';

export async function compensationRoutes(app: TypedApp, deps: RouteDeps) {
  const { database } = deps;
  app.get(
    '/api/v1/compensations',
    {
      config: { permission: 'compensations:decide' },
      schema: {
        description: 'Compensations by status; with status=pending_approval, those the signed-in role may decide (mine=true) or all.',
        tags: ['compensation'],
        querystring: z.object({
          status: z.enum(['granted', 'pending_approval', 'rejected']).default('pending_approval'),
          mine: z.enum(['true', 'false']).default('true'),
          limit: z.coerce.number().int().min(1).max(200).default(100),
        }),
        response: { 200: z.object({ items: z.array(CompensationSchema.extend({ caseNumber: z.string() })), nextCursor: z.null() }), ...errorResponses },
      },
    },
    async (req) => {
      const rows = await database.db
        .select({ c: compensations, number: cases.number, tier: customers.tier })
        .from(compensations)
        .innerJoin(cases, eq(cases.id, compensations.caseId))
        .innerJoin(customers, eq(customers.id, compensations.customerId))
        .where(and(eq(compensations.status, req.query.status)))
        .orderBy(asc(compensations.createdAt))
        .limit(req.query.limit);
      const settings = await loadSettings(database.db);
      const role = req.user!.role;
      const mine = req.query.mine === 'true' && req.query.status === 'pending_approval';
      return {
        items: rows
          .filter((r) => !mine || mayDecide(role, r.c.value, r.c.approvalRole, limitsFor(settings, r.tier).perCase))
          .map((r) => ({ ...compensationView(r.c), caseNumber: formatCaseNumber(r.number) })),
        nextCursor: null,
      };
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
          compensationView(await decideCompensationRequest(tx, staffActor(req), req.params.id, { approve: verb === 'approve', reason: req.body.reason })),
        ),
    );
  }
}
