// Compensation on a case (PLAYBOOK §3): grant one (within authority, else
// routed for approval), the advice before it, and what a discount costs.
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { grantCompensation } from '../../../compensation/grant-compensation.ts';
import { compensationAdvice } from '../../../compensation/compensation-advice.ts';
import { discountImpactFor } from '../../../compensation/discount-impact.ts';
import { CompensationSchema, compensationView } from '../compensations/schemas.ts';
import { CompensationBody } from './move-schemas.ts';
import { AdviceSchema, DiscountBody, ImpactSchema } from './economics-schemas.ts';

/** POST /cases/:id/compensations, GET /cases/:id/compensation-advice, POST /cases/:id/discount-impact. */
export async function compensationRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  app.post(
    '/api/v1/cases/:id/compensations',
    {
      config: { permission: 'cases:write', idempotent: true },
      schema: { tags: ['compensation'], params: IdParams, body: CompensationBody, response: { 201: CompensationSchema, ...errorResponses } },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => compensationView(await grantCompensation(tx, staffActor(req), { caseId: req.params.id, ...req.body }, { services }))),
  );
  app.get(
    '/api/v1/cases/:id/compensation-advice',
    {
      config: { permission: 'cases:read' },
      schema: {
        description: 'What the agent sees before offering: authority left by case and month, the bonus from the problem order, the catalog (replacement first for a defect), double compensation, repeat-claimant flag.',
        tags: ['economics'],
        params: IdParams,
        response: { 200: AdviceSchema, ...errorResponses },
      },
    },
    async (req) => compensationAdvice(database.db, { id: req.user!.id, role: req.user!.role }, req.params.id),
  );
  app.post(
    '/api/v1/cases/:id/discount-impact',
    {
      config: { permission: 'cases:read' },
      schema: {
        description: 'P-3.6: what a discount does to margin over its duration, step by step, and what to give instead. Changes nothing.',
        tags: ['economics'],
        params: IdParams,
        body: DiscountBody,
        response: { 200: ImpactSchema, ...errorResponses },
      },
    },
    async (req) => discountImpactFor(database.db, services.config.CURRENCY, req.params.id, req.body),
  );
}
