// An admin subscribes a receiver to events: from the next commit on, every
// such event on any case is POSTed to it, signed with its secret.
import { webhooks } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { actorId, type Actor } from '../context.ts';
import type { Config } from '../config.ts';
import { eventKindsFor, type WebhookEvent } from '../domain/webhook-events.ts';
import { checkWebhookUrl } from './webhook-url.ts';
import { presentWebhook, type WebhookView } from './list-webhooks.ts';
import { sealSecret } from '../secrets/secret-box.ts';
import { webhookSecretPlace } from '../secrets/seal-stored-secrets.ts';

export interface CreateWebhookInput {
  url: string;
  events: WebhookEvent[];
  secret: string;
  description?: string | null;
  active?: boolean;
}

export async function createWebhook(tx: Tx, actor: Actor, input: CreateWebhookInput, opts: { config: Config }): Promise<WebhookView> {
  const url = checkWebhookUrl(input.url, opts.config.WEBHOOK_ALLOW_PRIVATE);
  const events = [...new Set(input.events)].sort();
  const id = newId();
  const [row] = await tx
    .insert(webhooks)
    .values({
      id,
      url,
      events,
      eventKinds: eventKindsFor(events),
      // Encrypted at rest, bound to this row (src/secrets).
      secret: sealSecret(input.secret, webhookSecretPlace(id)),
      description: input.description ?? null,
      active: input.active ?? true,
      createdBy: actorId(actor),
    })
    .returning();
  return presentWebhook(row!);
}
