// Gift or bonus (P-3.4, P-3.5, P-3.7): offer both, the customer picks in the
// portal or staff record the pick.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { actOnCase } from './act-on-case.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { makeOffer } from '../../../compensation/make-offer.ts';
import { chooseOffer } from '../../../compensation/choose-offer.ts';
import { OfferBody, OfferOut } from './economics-schemas.ts';
import { withCase } from './schemas.ts';

/** POST /cases/:id/offers and /cases/:id/offers/choose. */
export async function offerRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/cases/:id/offers',
    {
      config: { permission: 'cases:write', idempotent: true },
      schema: {
        description:
          'Offer a gift now or a larger bonus on the next purchase (P-3.4); the customer picks in the portal. Without bonusValue the bonus is computed from the problem order (P-3.5); the gift may be a catalog item. `double: true` grants both at once (P-3.7), routed for approval above the limit.',
        tags: ['compensation'],
        params: IdParams,
        body: OfferBody,
        response: { 201: OfferOut, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => makeOffer(tx, staffActor(req), { caseId: req.params.id, ...req.body }, { services: deps.services })),
  );
  app.post(
    '/api/v1/cases/:id/offers/choose',
    {
      config: { permission: 'cases:write' },
      schema: {
        description: 'Staff record the customer’s pick between gift and bonus (P-3.4).',
        tags: ['compensation'],
        params: IdParams,
        body: z.object({ choice: z.enum(['gift', 'bonus']) }),
        response: withCase,
      },
    },
    async (req, reply) =>
      actOnCase(deps, req, reply, req.params.id, (tx, actor) => chooseOffer(tx, actor, { caseId: req.params.id, choice: req.body.choice })),
  );
}
