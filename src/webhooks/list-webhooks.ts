// The subscriptions as admins see them: never the secret, only a hint of it.
import { desc, eq } from 'drizzle-orm';
import { webhooks } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid } from '../cases/case-store.ts';
import type { WebhookEvent } from '../domain/webhook-events.ts';
import { openSecret } from '../secrets/secret-box.ts';
import { webhookSecretPlace } from '../secrets/seal-stored-secrets.ts';

export type WebhookRow = typeof webhooks.$inferSelect;

export interface WebhookView {
  id: string;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  active: boolean;
  /** The secret's last four characters, to tell keys apart. */
  secretHint: string;
  createdAt: string;
  updatedAt: string;
}

export function presentWebhook(w: WebhookRow): WebhookView {
  return {
    id: w.id,
    url: w.url,
    events: w.events as WebhookEvent[],
    description: w.description,
    active: w.active,
    secretHint: `…${openSecret(w.secret, webhookSecretPlace(w.id)).slice(-4)}`,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

/** One subscription (locked for update when asked), or WEBHOOK_NOT_FOUND. */
export async function loadWebhook(q: Queryable, id: string): Promise<WebhookRow> {
  if (!isUuid(id)) throw new AppError('WEBHOOK_NOT_FOUND', 'no such webhook');
  const [row] = await q.select().from(webhooks).where(eq(webhooks.id, id));
  if (!row) throw new AppError('WEBHOOK_NOT_FOUND', 'no such webhook');
  return row;
}

/** Every subscription, newest first (there are a handful). */
export async function listWebhooks(q: Queryable): Promise<WebhookView[]> {
  const rows = await q.select().from(webhooks).orderBy(desc(webhooks.createdAt)).limit(500);
  return rows.map(presentWebhook);
}
