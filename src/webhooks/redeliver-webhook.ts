// Sending a delivery again on an admin's request (a receiver was down, or lost
// it): the same body and delivery id, a fresh series of attempts.
import { and, eq, ne } from 'drizzle-orm';
import { webhookDeliveries } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { enqueue } from '../db/jobs.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid } from '../cases/case-store.ts';
import { loadWebhook } from './list-webhooks.ts';

export async function redeliverWebhook(tx: Tx, _actor: Actor, input: { webhookId: string; deliveryId: string }): Promise<{ id: string; attempt: number }> {
  await loadWebhook(tx, input.webhookId);
  if (!isUuid(input.deliveryId)) throw new AppError('DELIVERY_NOT_FOUND', 'no such delivery');
  const [d] = await tx
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, input.deliveryId), eq(webhookDeliveries.webhookId, input.webhookId)))
    .for('update');
  if (!d) throw new AppError('DELIVERY_NOT_FOUND', 'no such delivery');
  if (d.state === 'pending') throw new AppError('DELIVERY_PENDING', 'this delivery is still being attempted');
  await tx
    .update(webhookDeliveries)
    .set({ state: 'pending', attemptBase: d.attempts })
    .where(and(eq(webhookDeliveries.id, d.id), ne(webhookDeliveries.state, 'pending')));
  const attempt = d.attempts + 1;
  await enqueue(tx, 'webhook.deliver', { deliveryId: d.id, attempt }, { dedupeKey: `webhook.deliver:${d.id}:${attempt}` });
  return { id: d.id, attempt };
}
