// Durable jobs and timers (ARCHITECTURE: never an in-memory queue). A use case
// enqueues inside its own transaction, so a job exists exactly when the work
// that asked for it committed (STYLE 5).
import { sql } from 'drizzle-orm';
import { jobs } from './schema.ts';
import type { Queryable } from './client.ts';

/** Every job kind and the ids its payload carries (STYLE 8: payloads of ids). */
export interface JobPayloads {
  'message.send': { messageId: string };
  'commitment.due': { commitmentId: string };
  'commitment.remind': { commitmentId: string };
  'follow_up.due': { followUpId: string };
  'touch.send': { touchId: string };
  'bonus.remind': { bonusId: string };
  'bonus.expire': { bonusId: string };
  /** A stored inbound email still to be parsed and routed (the safety net after a crash). */
  'email.process': { inboundId: string };
}
export type JobKind = keyof JobPayloads;

export interface EnqueueOptions {
  runAt?: Date;
  /** At most one job per key, ever: makes enqueueing idempotent. */
  dedupeKey?: string;
  maxAttempts?: number;
}

/** Adds a job in the caller's transaction; with a dedupeKey a second enqueue is a no-op. */
export async function enqueue<K extends JobKind>(q: Queryable, kind: K, payload: JobPayloads[K], opts: EnqueueOptions = {}): Promise<void> {
  await enqueueQuery(q, kind, payload, opts);
}

/** The INSERT of `enqueue`, unexecuted, to combine with others in one statement. */
export function enqueueQuery<K extends JobKind>(q: Queryable, kind: K, payload: JobPayloads[K], opts: EnqueueOptions = {}) {
  return q
    .insert(jobs)
    .values({
      kind,
      payload,
      runAt: opts.runAt ?? sql`now()`,
      dedupeKey: opts.dedupeKey ?? null,
      maxAttempts: opts.maxAttempts ?? 10,
    })
    .onConflictDoNothing();
}
