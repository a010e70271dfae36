// Removing a subscription removes its delivery log with it; jobs still queued
// for its deliveries find nothing and end.
import { eq } from 'drizzle-orm';
import { webhooks } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import type { Actor } from '../context.ts';
import { loadWebhook } from './list-webhooks.ts';

export async function deleteWebhook(tx: Tx, _actor: Actor, input: { id: string }): Promise<void> {
  await loadWebhook(tx, input.id);
  await tx.delete(webhooks).where(eq(webhooks.id, input.id));
}
