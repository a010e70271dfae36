// Departures and keep-in-touch (P-4.4, P-4.5): the customer left or came
// back; news to every departed customer who may be contacted.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { getCustomer } from '../../../customers/get-customer.ts';
import { recordDeparture, recordReturn } from '../../../customers/record-departure.ts';
import { sendNews } from '../../../customers/send-news.ts';
import { newId } from '../../../db/ids.ts';
import { AppError } from '../../../domain/errors.ts';
import { CustomerSchema, DepartureBody, NewsBody } from './schemas.ts';

/** POST/DELETE /customers/:id/departure and POST /keep-in-touch/news. */
export async function departureRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/customers/:id/departure',
    {
      config: { permission: 'customers:write' },
      schema: {
        description:
          'P-4.4, P-4.5: the customer left. Say why and whether it was an accident or a systemic failure; departed customers get the keep-in-touch cadence (no special terms) unless they asked not to be contacted.',
        tags: ['customers'],
        params: IdParams,
        body: DepartureBody,
        response: { 200: CustomerSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        // Staff record what happened; a contract ending on a future date comes through the channels feed.
        if (req.body.at && req.body.at.getTime() > Date.now() + 60_000) throw new AppError('VALIDATION_FAILED', 'a departure cannot be in the future');
        await recordDeparture(tx, req.params.id, req.body);
        return getCustomer(tx, req.params.id);
      }),
  );
  app.delete(
    '/api/v1/customers/:id/departure',
    {
      config: { permission: 'customers:write' },
      schema: { description: 'The customer came back: active again, the departure stays on record.', tags: ['customers'], params: IdParams, response: { 200: CustomerSchema, ...errorResponses } },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await recordReturn(tx, req.params.id);
        return getCustomer(tx, req.params.id);
      }),
  );
  app.post(
    '/api/v1/keep-in-touch/news',
    {
      config: { permission: 'settings:manage', idempotent: true },
      schema: {
        description: 'P-4.5: important news to every departed customer who may be contacted (optionally only those of one language); one mail each through durable jobs.',
        tags: ['customers'],
        body: NewsBody,
        response: { 201: z.object({ id: z.string(), added: z.number(), queued: z.number() }), ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const id = newId();
        const r = await sendNews(tx, req.user?.kind === 'person' ? req.user.id : null, { id, ...req.body });
        return { id, ...r };
      }),
  );
}
