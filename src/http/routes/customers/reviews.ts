// Repeat claimants and relationship decisions (P-3.8, P-3.9): the figures a
// manager decides with, and the decision recorded with them.
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { reviewCustomer } from '../../../customers/review-customer.ts';
import { listCustomerReviews } from '../../../customers/list-customer-reviews.ts';
import { ReviewBody, ReviewOut, ReviewsOut } from './schemas.ts';

/** GET/POST /customers/:id/reviews (JSON only). */
export async function customerReviewRoutes(app: TypedApp, deps: RouteDeps) {
  app.get(
    '/api/v1/customers/:id/reviews',
    {
      config: { permission: 'compensations:decide' },
      schema: { description: 'The figures a manager decides with, and earlier decisions.', tags: ['economics'], params: IdParams, response: { 200: ReviewsOut, ...errorResponses } },
    },
    async (req) => listCustomerReviews(deps.database.db, req.params.id),
  );
  app.post(
    '/api/v1/customers/:id/reviews',
    {
      config: { permission: 'compensations:decide', idempotent: true },
      schema: {
        description: 'A manager’s decision on a flagged customer: keep, watch, or end the relationship (P-3.9), recorded with the figures shown.',
        tags: ['economics'],
        params: IdParams,
        body: ReviewBody,
        response: { 201: ReviewOut, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => reviewCustomer(tx, staffActor(req), { customerId: req.params.id, ...req.body })),
  );
}
