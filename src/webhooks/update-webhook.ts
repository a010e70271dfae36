// Changing a subscription: its URL, events, secret (rotation), description, or
// pausing it (inactive: no new deliveries; pending retries give up).
import { eq, sql } from 'drizzle-orm';
import { webhooks } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import type { Actor } from '../context.ts';
import type { Config } from '../config.ts';
import { eventKindsFor, type WebhookEvent } from '../domain/webhook-events.ts';
import { checkWebhookUrl } from './webhook-url.ts';
import { loadWebhook, presentWebhook, type WebhookView } from './list-webhooks.ts';
import { sealSecret } from '../secrets/secret-box.ts';
import { webhookSecretPlace } from '../secrets/seal-stored-secrets.ts';

export interface UpdateWebhookInput {
  id: string;
  url?: string;
  events?: WebhookEvent[];
  secret?: string;
  description?: string | null;
  active?: boolean;
}

export async function updateWebhook(tx: Tx, _actor: Actor, input: UpdateWebhookInput, opts: { config: Config }): Promise<WebhookView> {
  await loadWebhook(tx, input.id);
  const events = input.events ? [...new Set(input.events)].sort() : undefined;
  const [row] = await tx
    .update(webhooks)
    .set({
      ...(input.url !== undefined ? { url: checkWebhookUrl(input.url, opts.config.WEBHOOK_ALLOW_PRIVATE) } : {}),
      ...(events ? { events, eventKinds: eventKindsFor(events) } : {}),
      ...(input.secret !== undefined ? { secret: sealSecret(input.secret, webhookSecretPlace(input.id)) } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(webhooks.id, input.id))
    .returning();
  return presentWebhook(row!);
}
