// Return on recovery of one case (P-3.7): record what the recovery cost
// beyond compensation, and see what it won back.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { recordRecoveryCost } from '../../../compensation/record-recovery-cost.ts';
import { recoveryReturnForCase } from '../../../reports/recovery-return.ts';
import { isUuid } from '../../../cases/case-store.ts';
import { AppError } from '../../../domain/errors.ts';
import { CostBody, CostOut, ReturnOut } from './economics-schemas.ts';

/** POST /cases/:id/recovery-costs and GET /cases/:id/recovery-return. */
export async function recoveryRoutes(app: TypedApp, deps: RouteDeps) {
  const currency = deps.services.config.CURRENCY;
  app.post(
    '/api/v1/cases/:id/recovery-costs',
    {
      config: { permission: 'cases:write', idempotent: true },
      schema: {
        description: 'Record what the recovery cost beyond compensation: overtime, rework, delivery.',
        tags: ['economics'],
        params: IdParams,
        body: CostBody,
        response: { 201: CostOut, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => recordRecoveryCost(tx, staffActor(req), { currency, caseId: req.params.id, ...req.body })),
  );
  app.get(
    '/api/v1/cases/:id/recovery-return',
    { config: { permission: 'cases:read' }, schema: { tags: ['economics'], params: IdParams, response: { 200: ReturnOut.extend({ windowMonths: z.number() }), ...errorResponses } } },
    async (req) => {
      if (!isUuid(req.params.id)) throw new AppError('CASE_NOT_FOUND', 'no such case');
      return recoveryReturnForCase(deps.database.db, currency, req.params.id);
    },
  );
}
