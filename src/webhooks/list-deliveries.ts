// The delivery log of one subscription: newest first, each with its attempts.
import { and, desc, eq, inArray, lt, asc } from 'drizzle-orm';
import { webhookAttempts, webhookDeliveries } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { webhookEventOf } from '../domain/webhook-events.ts';
import { loadWebhook } from './list-webhooks.ts';

export interface DeliveryView {
  id: string;
  event: string;
  eventId: number;
  caseId: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  log: { attempt: number; statusCode: number | null; durationMs: number; error: string | null; responseSnippet: string | null; at: string }[];
}

export async function listDeliveries(q: Queryable, input: { webhookId: string; limit?: number; before?: string }): Promise<DeliveryView[]> {
  await loadWebhook(q, input.webhookId);
  const rows = await q
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, input.webhookId), input.before ? lt(webhookDeliveries.createdAt, new Date(input.before)) : undefined))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.eventId))
    .limit(input.limit ?? 50);
  const attempts = rows.length
    ? await q.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, rows.map((r) => r.id))).orderBy(asc(webhookAttempts.attempt))
    : [];
  return rows.map((r) => ({
    id: r.id,
    event: webhookEventOf(r.eventType) ?? r.eventType,
    eventId: r.eventId,
    caseId: r.caseId,
    state: r.state as DeliveryView['state'],
    attempts: r.attempts,
    lastStatusCode: r.lastStatusCode,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    log: attempts
      .filter((a) => a.deliveryId === r.id)
      .map((a) => ({ attempt: a.attempt, statusCode: a.statusCode, durationMs: a.durationMs, error: a.error, responseSnippet: a.responseSnippet, at: a.createdAt.toISOString() })),
  }));
}
