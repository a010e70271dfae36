// Outgoing webhooks (/api/v1/webhooks, admins): subscribe a receiver to events,
// change or remove it, read its delivery log and send a delivery again.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { mutate } from '../../mutate.ts';
import { staffActor } from '../../auth.ts';
import { errorResponses, IdParams, OkSchema } from '../../schemas.ts';
import { WEBHOOK_EVENT_NAMES, WEBHOOK_EVENTS } from '../../../domain/webhook-events.ts';
import { listWebhooks, loadWebhook, presentWebhook } from '../../../webhooks/list-webhooks.ts';
import { createWebhook } from '../../../webhooks/create-webhook.ts';
import { updateWebhook } from '../../../webhooks/update-webhook.ts';
import { deleteWebhook } from '../../../webhooks/delete-webhook.ts';
import { listDeliveries } from '../../../webhooks/list-deliveries.ts';
import { redeliverWebhook } from '../../../webhooks/redeliver-webhook.ts';
import { CreateBody, DeliveriesQuery, DeliveryParams, DeliverySchema, UpdateBody, WebhookSchema } from './schemas.ts';

export async function webhookRoutes(app: TypedApp, deps: RouteDeps) {
  const admin = { permission: 'webhooks:manage' as const };
  const config = deps.services.config;
  const tags = ['webhooks'];
  app.get(
    '/api/v1/webhooks',
    { config: admin, schema: { description: 'Every subscription (secrets are never shown: only their last characters).', tags, response: { 200: z.object({ items: z.array(WebhookSchema), nextCursor: z.null() }) } } },
    async () => ({ items: await listWebhooks(deps.database.db), nextCursor: null }),
  );
  app.get(
    '/api/v1/webhooks/events',
    {
      config: admin,
      schema: { description: 'The event catalogue: each name a subscription may ask for, and what it means.', tags, response: { 200: z.object({ items: z.array(z.object({ name: z.string(), about: z.string() })) }) } },
    },
    async () => ({ items: WEBHOOK_EVENT_NAMES.map((name) => ({ name, about: WEBHOOK_EVENTS[name].about })) }),
  );
  app.post(
    '/api/v1/webhooks',
    {
      config: { ...admin, idempotent: true },
      schema: {
        description: 'Subscribe a receiver: http(s) URL (loopback and private addresses refused unless WEBHOOK_ALLOW_PRIVATE), events, and the HMAC secret (write-only).',
        tags,
        body: CreateBody,
        response: { 201: WebhookSchema, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => createWebhook(tx, staffActor(req), req.body, { config })),
  );
  app.get(
    '/api/v1/webhooks/:id',
    { config: admin, schema: { tags, params: IdParams, response: { 200: WebhookSchema, ...errorResponses } } },
    async (req) => presentWebhook(await loadWebhook(deps.database.db, req.params.id)),
  );
  app.patch(
    '/api/v1/webhooks/:id',
    {
      config: admin,
      schema: { description: 'Change the URL, events, secret (rotation), description, or pause it (active: false).', tags, params: IdParams, body: UpdateBody, response: { 200: WebhookSchema, ...errorResponses } },
    },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => updateWebhook(tx, staffActor(req), { id: req.params.id, ...req.body }, { config })),
  );
  app.delete(
    '/api/v1/webhooks/:id',
    { config: admin, schema: { description: 'Remove a subscription and its delivery log.', tags, params: IdParams, response: { 200: OkSchema, ...errorResponses } } },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await deleteWebhook(tx, staffActor(req), { id: req.params.id });
        return { ok: true as const };
      }),
  );
  app.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      config: admin,
      schema: {
        description: 'The delivery log, newest first: each delivery with every attempt (status code, time taken, error, a snippet of the answer).',
        tags,
        params: IdParams,
        querystring: DeliveriesQuery,
        response: { 200: z.object({ items: z.array(DeliverySchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listDeliveries(deps.database.db, { webhookId: req.params.id, limit: req.query.limit, before: req.query.before }) }),
  );
  app.post(
    '/api/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      config: admin,
      schema: {
        description: 'Send a delivered or failed delivery again: the same body and delivery id, a fresh series of attempts. 409 while it is still being attempted.',
        tags,
        params: DeliveryParams,
        response: { 202: z.object({ id: z.string(), attempt: z.number() }), ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 202, null, (tx) => redeliverWebhook(tx, staffActor(req), { webhookId: req.params.id, deliveryId: req.params.deliveryId })),
  );
}
