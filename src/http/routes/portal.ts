// The customer's side, behind the link they were sent: see the case, confirm
// or correct the restatement, choose an option or an offer, write, rate.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { RouteDeps, TypedApp } from '../app.ts';
import { mutate } from '../mutate.ts';
import { errorResponses } from '../schemas.ts';
import { caseIdForPortalToken } from '../../portal/portal-tokens.ts';
import { getPortalView } from '../../portal/get-portal-view.ts';
import { confirmRestatement } from '../../cases/confirm-restatement.ts';
import { chooseOption } from '../../cases/choose-option.ts';
import { chooseOffer } from '../../compensation/choose-offer.ts';
import { recordMessage } from '../../cases/record-message.ts';
import { rateCase } from '../../cases/rate-case.ts';
import type { Actor } from '../../context.ts';
import type { Tx } from '../../db/client.ts';

const TokenParams = z.object({ token: z.string().min(1).max(200) });
const PortalSchema = z.looseObject({ caseNumber: z.string(), status: z.string(), language: z.string() }).meta({ id: 'PortalView' });

export async function portalRoutes(app: TypedApp, deps: RouteDeps) {
  const { database } = deps;
  const portal = { permission: 'portal' as const };
  const limited = { ...portal, rateLimit: { max: 60, timeWindow: '1 minute' } };

  /** Resolves the token inside the transaction and runs the customer's action as the customer. */
  const asCustomer = (req: FastifyRequest, reply: Parameters<typeof mutate>[2], status: number, work: (tx: Tx, actor: Actor, caseId: string) => Promise<unknown>) =>
    mutate(deps, req, reply, status, `portal:${(req.params as { token: string }).token.slice(0, 16)}`, async (tx) => {
      const caseId = await caseIdForPortalToken(tx, (req.params as { token: string }).token);
      await work(tx, { type: 'customer', caseId }, caseId);
      return getPortalView(tx, caseId);
    });

  app.get(
    '/api/v1/portal/:token',
    { config: limited, schema: { tags: ['portal'], params: TokenParams, response: { 200: PortalSchema, ...errorResponses } } },
    async (req) => getPortalView(database.db, await caseIdForPortalToken(database.db, req.params.token)),
  );
  app.post(
    '/api/v1/portal/:token/confirm',
    {
      config: limited,
      schema: {
        tags: ['portal'],
        params: TokenParams,
        body: z.union([z.object({ confirmed: z.literal(true) }), z.object({ confirmed: z.literal(false), correction: z.string().trim().min(1).max(10_000) })]),
        response: { 200: PortalSchema, ...errorResponses },
      },
    },
    async (req, reply) => asCustomer(req, reply, 200, (tx, actor, caseId) => confirmRestatement(tx, actor, caseId, { ...req.body, via: 'portal' })),
  );
  app.post(
    '/api/v1/portal/:token/choose',
    {
      config: limited,
      schema: {
        tags: ['portal'],
        params: TokenParams,
        body: z.union([z.object({ optionId: z.string().min(1).max(100) }), z.object({ offer: z.enum(['gift', 'bonus']) })]),
        response: { 200: PortalSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      asCustomer(req, reply, 200, (tx, actor, caseId) =>
        'optionId' in req.body ? chooseOption(tx, actor, caseId, req.body.optionId) : chooseOffer(tx, actor, caseId, req.body.offer),
      ),
  );
  app.post(
    '/api/v1/portal/:token/messages',
    {
      config: { ...limited, idempotent: true },
      schema: { tags: ['portal'], params: TokenParams, body: z.object({ body: z.string().trim().min(1).max(20_000) }), response: { 201: PortalSchema, ...errorResponses } },
    },
    async (req, reply) => asCustomer(req, reply, 201, (tx, actor, caseId) => recordMessage(tx, deps.services, actor, caseId, { direction: 'inbound', channel: 'portal', body: req.body.body })),
  );
  app.post(
    '/api/v1/portal/:token/rating',
    {
      config: limited,
      schema: {
        tags: ['portal'],
        params: TokenParams,
        body: z.object({
          score: z.number().int().min(1).max(5),
          comment: z.string().trim().max(5000).optional(),
          praisedUserId: z.string().max(100).optional().describe('an employee the customer wants to praise (P-4.8)'),
        }),
        response: { 201: PortalSchema, ...errorResponses },
      },
    },
    async (req, reply) => asCustomer(req, reply, 201, (tx, actor, caseId) => rateCase(tx, actor, caseId, req.body)),
  );
}
