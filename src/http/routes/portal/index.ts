// The customer's portal (/api/v1/portal/:token), behind the link they were
// sent: see the case, confirm or correct the restatement, choose, write, rate.
import type { FastifyRequest } from 'fastify';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { mutate, mutateAtOnce } from '../../mutate.ts';
import { errorResponses } from '../../schemas.ts';
import { caseIdForPortalToken, lockCaseForPortalToken } from '../../../portal/portal-tokens.ts';
import { getPortalView } from '../../../portal/get-portal-view.ts';
import { confirmInPortalAtOnce, confirmRestatement } from '../../../cases/confirm-restatement.ts';
import { chooseInPortalAtOnce, chooseOption } from '../../../cases/choose-option.ts';
import { chooseOffer } from '../../../compensation/choose-offer.ts';
import { recordMessage } from '../../../cases/record-message.ts';
import { rateCase } from '../../../cases/rate-case.ts';
import { praiseHandler } from '../../../people/record-feedback.ts';
import type { Actor } from '../../../context.ts';
import { isTransaction, type Queryable, type Tx } from '../../../db/client.ts';
import { z } from 'zod';
import { checkUploads, storeUploads } from '../../../channels/store-uploads.ts';
import { acceptUploads, uploadPolicy, uploadsOf } from '../../uploads.ts';
import { extraRateLimit, secretKey } from '../../rate-limit-store.ts';
import { ChooseBody, ConfirmBody, PortalMessageBody, PortalSchema, RatingBody, TokenParams } from './schemas.ts';

/** GET /portal/:token and the customer's POSTs; rate limited per link. */
export async function portalRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  // Per link (one customer; the token hashed, never stored) and, more generously, per address:
  // customers behind one NAT share an address, so that limit only stops a flood.
  const perToken = (req: FastifyRequest) => `link:${secretKey(String((req.params as { token?: unknown }).token ?? ''))}`;
  const limited = { permission: 'portal' as const, rateLimit: { max: services.config.PORTAL_RATE_LIMIT_PER_ADDRESS, timeWindow: '1 minute' } };
  app.addHook('onRequest', extraRateLimit(database, services.config, { name: 'portal-link', max: services.config.PORTAL_RATE_LIMIT_PER_TOKEN, keyOf: perToken }));
  await acceptUploads(app, deps.services.config);

  /**
   * Resolves the token inside the transaction and runs the customer's action as the customer.
   * `locks`: the action locks the case first, so the token's lookup locks it already (one round trip).
   */
  const asCustomer = (req: FastifyRequest, reply: Parameters<typeof mutate>[2], status: number, work: (tx: Tx, actor: Actor, caseId: string) => Promise<unknown>, locks = false) =>
    mutate(deps, req, reply, status, `portal:${(req.params as { token: string }).token.slice(0, 16)}`, async (tx) => {
      const token = (req.params as { token: string }).token;
      const caseId = locks ? await lockCaseForPortalToken(tx, token) : await caseIdForPortalToken(tx, token);
      await work(tx, { type: 'customer', caseId }, caseId);
      return getPortalView(tx, caseId);
    });
  /**
   * asCustomer (locking) for the confirmation and the choice of an option: first tried as one
   * statement on the pool (`atOnce`, answering the case's id), then, should that not do,
   * in the transaction with `work`.
   */
  const atOnceAsCustomer = (req: FastifyRequest, reply: Parameters<typeof mutate>[2], atOnce: (q: Queryable, token: string) => Promise<string>, work: (tx: Tx, actor: Actor, caseId: string) => Promise<unknown>) => {
    const token = (req.params as { token: string }).token;
    return mutateAtOnce(deps, req, reply, 200, `portal:${token.slice(0, 16)}`, async (q) => {
      if (!isTransaction(q)) return getPortalView(q, await atOnce(q, token));
      const caseId = await lockCaseForPortalToken(q, token);
      await work(q, { type: 'customer', caseId }, caseId);
      return getPortalView(q, caseId);
    });
  };

  app.get(
    '/api/v1/portal/:token',
    { config: limited, schema: { tags: ['portal'], params: TokenParams, response: { 200: PortalSchema, ...errorResponses } } },
    async (req) => getPortalView(database.db, await caseIdForPortalToken(database.db, req.params.token)),
  );
  app.post(
    '/api/v1/portal/:token/confirm',
    { config: limited, schema: { tags: ['portal'], params: TokenParams, body: ConfirmBody, response: { 200: PortalSchema, ...errorResponses } } },
    async (req, reply) =>
      req.body.confirmed
        ? atOnceAsCustomer(req, reply, confirmInPortalAtOnce, (tx, actor, caseId) => confirmRestatement(tx, actor, { caseId, ...req.body, via: 'portal' }))
        : asCustomer(req, reply, 200, (tx, actor, caseId) => confirmRestatement(tx, actor, { caseId, ...req.body, via: 'portal' }), true),
  );
  app.post(
    '/api/v1/portal/:token/choose',
    { config: limited, schema: { tags: ['portal'], params: TokenParams, body: ChooseBody, response: { 200: PortalSchema, ...errorResponses } } },
    async (req, reply) => {
      const body = req.body;
      return 'optionId' in body
        ? atOnceAsCustomer(req, reply, (q, token) => chooseInPortalAtOnce(q, token, body.optionId), (tx, actor, caseId) => chooseOption(tx, actor, { caseId, optionId: body.optionId }))
        : asCustomer(req, reply, 200, (tx, actor, caseId) => chooseOffer(tx, actor, { caseId, choice: body.offer }), true);
    },
  );
  app.post(
    '/api/v1/portal/:token/messages',
    {
      config: { ...limited, idempotent: true, uploads: true },
      schema: {
        tags: ['portal'],
        description: 'JSON, or multipart/form-data with a `body` text part and up to UPLOAD_MAX_FILES files (checked by their bytes).',
        params: TokenParams,
        body: PortalMessageBody,
        response: { 201: PortalSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const files = checkUploads(uploadsOf(req), uploadPolicy(deps.services.config));
      return asCustomer(req, reply, 201, async (tx, actor, caseId) => {
        const m = await recordMessage(tx, actor, { caseId, direction: 'inbound', channel: 'portal', body: req.body.body }, { services: deps.services });
        await storeUploads(tx, { caseId, messageId: m.id, files });
      });
    },
  );
  app.post(
    '/api/v1/portal/:token/rating',
    { config: limited, schema: { tags: ['portal'], params: TokenParams, body: RatingBody, response: { 201: PortalSchema, ...errorResponses } } },
    async (req, reply) => asCustomer(req, reply, 201, (tx, actor, caseId) => rateCase(tx, actor, { caseId, ...req.body })),
  );
  app.post(
    '/api/v1/portal/:token/praise',
    {
      config: limited,
      schema: {
        description: 'The customer praises, by name, the person handling their case (P-4.8); once per case.',
        tags: ['portal'],
        params: TokenParams,
        body: z.object({ message: z.string().trim().max(2000).optional() }),
        response: { 201: PortalSchema, ...errorResponses },
      },
    },
    async (req, reply) => asCustomer(req, reply, 201, (tx, actor, caseId) => praiseHandler(tx, actor, { caseId, message: req.body.message ?? null })),
  );
}
