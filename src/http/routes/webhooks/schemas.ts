// Shapes of /api/v1/webhooks: the secret goes in, never out.
import { z } from 'zod';
import { WEBHOOK_EVENT_NAMES } from '../../../domain/webhook-events.ts';

const Events = z.array(z.enum(WEBHOOK_EVENT_NAMES)).min(1).max(WEBHOOK_EVENT_NAMES.length * 2);
const Url = z.string().trim().min(1).max(2000);
const Secret = z.string().min(1).max(500);
const Description = z.string().trim().max(500).nullable();

export const CreateBody = z.object({ url: Url, events: Events, secret: Secret, description: Description.optional(), active: z.boolean().optional() });
export const UpdateBody = z
  .object({ url: Url.optional(), events: Events.optional(), secret: Secret.optional(), description: Description.optional(), active: z.boolean().optional() })
  .refine((b) => Object.keys(b).length > 0, 'say what to change');

export const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENT_NAMES)),
    description: z.string().nullable(),
    active: z.boolean(),
    secretHint: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Webhook' });

export const DeliverySchema = z
  .object({
    id: z.string(),
    event: z.string(),
    eventId: z.number(),
    caseId: z.string(),
    state: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number(),
    lastStatusCode: z.number().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    log: z.array(
      z.object({
        attempt: z.number(),
        statusCode: z.number().nullable(),
        durationMs: z.number(),
        error: z.string().nullable(),
        responseSnippet: z.string().nullable(),
        at: z.string(),
      }),
    ),
  })
  .meta({ id: 'WebhookDelivery' });

export const DeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime({ offset: true }).optional(),
});
export const DeliveryParams = z.object({ id: z.string().min(1).max(100), deliveryId: z.string().min(1).max(100) });
