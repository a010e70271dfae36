// Orders drive lifetime value, bonuses and the return on recovery: one
// order for a customer, or a batch from a shop or ERP.
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { fromMinor } from '../../../domain/money.ts';
import { recordOrder } from '../../../customers/record-order.ts';
import { importOrders } from '../../../customers/import-orders.ts';
import { OrderBody, OrderImportBody, OrderImportOut, OrderOut } from './schemas.ts';

/** POST /customers/:id/orders. */
export async function orderRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/customers/:id/orders',
    {
      config: { permission: 'customers:write', idempotent: true },
      schema: { tags: ['customers'], params: IdParams, body: OrderBody, response: { 201: OrderOut, ...errorResponses } },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const { id, bonus: b } = await recordOrder(tx, staffActor(req), { customerId: req.params.id, ...req.body });
        return { id, ref: req.body.ref, total: req.body.total, placedAt: req.body.placedAt.toISOString(), bonus: b ? { id: b.id, redeemed: fromMinor(b.redeemed!, b.currency) } : null };
      }),
  );
}

/** POST /orders/import: all or nothing (JSON only). */
export async function orderImportRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/orders/import',
    {
      config: { permission: 'customers:write', idempotent: true },
      schema: {
        description: 'Import orders (all or nothing). `redeemBonus: true` redeems the customer’s oldest active bonus against that order (P-3.5).',
        tags: ['economics'],
        body: OrderImportBody,
        response: { 201: OrderImportOut, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => importOrders(tx, staffActor(req), req.body)),
  );
}
