// The `webhook.deliver` job: one attempt of one delivery. The POST happens
// outside any transaction; its outcome is logged and the next attempt, if any,
// is queued as a durable job with exponential backoff, in one transaction. A
// job that runs twice for the same attempt (a worker died mid-POST) finds the
// attempt logged and stops: receivers dedupe on X-Amends-Delivery.
import { and, eq, sql } from 'drizzle-orm';
import { caseEvents, cases, webhookAttempts, webhookDeliveries, webhooks } from '../db/schema.ts';
import type { Db, Queryable } from '../db/client.ts';
import { enqueue } from '../db/jobs.ts';
import { loadConfig, type Config } from '../config.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { webhookBackoffMs, webhookEventOf } from '../domain/webhook-events.ts';
import { signWebhook } from './sign-webhook.ts';
import { postWebhook, type PostResult } from './post-webhook.ts';
import { AppError } from '../domain/errors.ts';
import { openSecret } from '../secrets/secret-box.ts';
import { webhookSecretPlace } from '../secrets/seal-stored-secrets.ts';

/** The delivery with what its body is made of. */
async function loadDelivery(q: Queryable, deliveryId: string) {
  const [row] = await q
    .select({
      delivery: webhookDeliveries,
      url: webhooks.url,
      secret: webhooks.secret,
      active: webhooks.active,
      eventData: caseEvents.data,
      eventAt: caseEvents.createdAt,
      caseNumber: cases.number,
    })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .leftJoin(caseEvents, eq(caseEvents.id, webhookDeliveries.eventId))
    .leftJoin(cases, eq(cases.id, webhookDeliveries.caseId))
    .where(eq(webhookDeliveries.id, deliveryId));
  return row;
}

/** The JSON a receiver gets; the same bytes for every attempt of a delivery. */
export function webhookBody(d: { id: string; eventType: string; caseId: string }, event: { data: unknown; at: Date }, caseNumber: number): string {
  const { caseId: _c, caseNumber: _n, ...rest } = (event.data ?? {}) as Record<string, unknown>;
  return JSON.stringify({
    id: d.id,
    type: webhookEventOf(d.eventType) ?? d.eventType,
    createdAt: event.at.toISOString(),
    data: { caseId: d.caseId, caseNumber: formatCaseNumber(caseNumber), ...rest },
  });
}

/** The subscription's signing key, or why it cannot be read. */
function readSecret(stored: string, webhookId: string): string | AppError {
  try {
    return openSecret(stored, webhookSecretPlace(webhookId));
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

let defaults: Config | undefined;

export async function deliverWebhook(db: Db, input: { deliveryId: string; attempt: number }, opts: { config: Config | null }): Promise<void> {
  const cfg = opts.config ?? (defaults ??= loadConfig({}));
  const row = await loadDelivery(db, input.deliveryId);
  if (!row || row.delivery.state !== 'pending' || row.delivery.attempts >= input.attempt) return;
  const d = row.delivery;
  let result: PostResult;
  let secret: string | AppError;
  if (!row.active) result = { statusCode: null, durationMs: 0, error: 'the subscription is paused', responseSnippet: null };
  else if (!row.eventAt || row.caseNumber === null) result = { statusCode: null, durationMs: 0, error: 'the event is gone', responseSnippet: null };
  else if ((secret = readSecret(row.secret, d.webhookId)) instanceof AppError) {
    // A wrong or missing key is an attempt that failed, in the delivery log, retried like any other.
    result = { statusCode: null, durationMs: 0, error: `${secret.code}: ${secret.message}`, responseSnippet: null };
  } else {
    const body = webhookBody(d, { data: row.eventData, at: row.eventAt }, row.caseNumber);
    result = await postWebhook(row.url, body, {
      'content-type': 'application/json',
      'user-agent': 'Amends-Webhooks/1',
      'x-amends-event': webhookEventOf(d.eventType) ?? d.eventType,
      'x-amends-delivery': d.id,
      'x-amends-attempt': String(input.attempt),
      'x-amends-signature': signWebhook(secret, body),
    }, { timeoutMs: cfg.WEBHOOK_TIMEOUT_MS, allowPrivate: cfg.WEBHOOK_ALLOW_PRIVATE });
  }
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const error = ok ? null : (result.error ?? `HTTP ${result.statusCode}`);
  const series = input.attempt - d.attemptBase;
  const retry = !ok && row.active && row.eventAt !== null && series < cfg.WEBHOOK_MAX_ATTEMPTS;
  await db.transaction(async (tx) => {
    const [logged] = await tx
      .insert(webhookAttempts)
      .values({ deliveryId: d.id, attempt: input.attempt, statusCode: result.statusCode, durationMs: result.durationMs, error: error?.slice(0, 1000) ?? null, responseSnippet: result.responseSnippet })
      .onConflictDoNothing()
      .returning({ attempt: webhookAttempts.attempt });
    if (!logged) return;
    await tx
      .update(webhookDeliveries)
      .set({
        attempts: input.attempt,
        lastStatusCode: result.statusCode,
        lastError: error?.slice(0, 1000) ?? null,
        state: ok ? 'delivered' : retry ? 'pending' : 'failed',
        deliveredAt: ok ? sql`now()` : null,
      })
      .where(and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.state, 'pending')));
    if (retry) {
      const next = input.attempt + 1;
      await enqueue(tx, 'webhook.deliver', { deliveryId: d.id, attempt: next }, {
        runAt: new Date(Date.now() + webhookBackoffMs(series, cfg.WEBHOOK_RETRY_BASE_MS)),
        dedupeKey: `webhook.deliver:${d.id}:${next}`,
      });
    }
  });
}
