// One customer record: merge a duplicate into the one kept; its history
// moves and stays traceable.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { getCustomer } from '../../../customers/get-customer.ts';
import { mergeCustomers } from '../../../customers/merge-customers.ts';
import { MergeOut } from './schemas.ts';
import { recordAudit } from '../../../audit/record-audit.ts';
import { auditFrom } from '../../audit-context.ts';

/** POST /customers/:id/merge. */
export async function mergeRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/customers/:id/merge',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Merge a duplicate record into this customer; its history moves here and stays traceable',
        params: IdParams,
        body: z.object({ fromId: z.string().min(1).max(100) }),
        response: { 200: MergeOut, ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        const result = await mergeCustomers(tx, staffActor(req), { intoId: req.params.id, fromId: req.body.fromId });
        await recordAudit(tx, auditFrom(req), { action: 'customer.merge', targetType: 'customer', targetId: req.params.id, before: { fromId: req.body.fromId }, after: { moved: result.moved } });
        return { ...result, customer: await getCustomer(tx, req.params.id) };
      }),
  );
}
