// Bonuses (P-3.5): a customer's bonus ledger and redeeming a bonus against
// a later order.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { bonusView } from '../../../compensation/bonus-view.ts';
import { listBonuses } from '../../../compensation/list-bonuses.ts';
import { redeemBonusForOrder } from '../../../compensation/redeem-bonus-for-order.ts';
import { paging } from '../catalog/schemas.ts';
import { BonusSchema, RedeemBody } from './schemas.ts';

/** GET /customers/:id/bonuses and POST /bonuses/:id/redeem. */
export async function bonusRoutes(app: TypedApp, deps: RouteDeps) {
  app.get(
    '/api/v1/customers/:id/bonuses',
    {
      config: { permission: 'customers:read' },
      schema: {
        description: 'The customer’s bonus ledger: issued, redeemed against an order, expired; newest first.',
        tags: ['economics'],
        params: IdParams,
        querystring: z.object({ status: z.enum(['active', 'redeemed', 'expired']).optional(), ...paging(50) }),
        response: { 200: z.object({ items: z.array(BonusSchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => listBonuses(deps.database.db, req.params.id, req.query),
  );
  app.post(
    '/api/v1/bonuses/:id/redeem',
    {
      config: { permission: 'customers:write' },
      schema: {
        description: 'Redeem a bonus against a later order of the same customer (by id or reference); at most the order total comes off.',
        tags: ['economics'],
        params: IdParams,
        body: RedeemBody,
        response: { 200: BonusSchema, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 200, null, async (tx) => bonusView(await redeemBonusForOrder(tx, staffActor(req), { bonusId: req.params.id, ...req.body }))),
  );
}
