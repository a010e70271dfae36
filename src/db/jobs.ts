// Durable jobs and timers (ARCHITECTURE: never an in-memory queue): the typed
// catalogue of job kinds and the one way to add a job. A use case enqueues
// inside its own transaction, so a job exists exactly when the work that asked
// for it committed (STYLE 5); the worker parses every payload with the same
// schemas when it claims the job (STYLE 8).
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { jobs } from './schema.ts';
import type { Queryable } from './client.ts';

/** A row id in a payload: any 8-4-4-4-12 hex string, the same test as `isUuid` (ids come from uuid v7 and gen_random_uuid). */
const rowId = z.guid();

/**
 * Every job kind and its payload (STYLE 8: payloads of ids, never the data itself,
 * so a job reads the current state when it runs). Objects are not strict: a key a
 * newer release adds is ignored by an older worker sharing the table, not fatal.
 */
export const JOB_CATALOGUE = {
  /** An outgoing message recorded as queued (acknowledgement, reply, follow-up, reminder): send it by email. */
  'message.send': z.object({ messageId: rowId }),
  /** A promise's due time (P-2.11): still open then, it is broken. */
  'commitment.due': z.object({ commitmentId: rowId }),
  /** Shortly before a promise is due, its owner is reminded (P-2.11). */
  'commitment.remind': z.object({ commitmentId: rowId }),
  /** About 30 days after resolution the customer is asked how things are (P-4.1). */
  'follow_up.due': z.object({ followUpId: rowId }),
  /** A keep-in-touch greeting, check-in or news to a departed customer (P-4.5). */
  'touch.send': z.object({ touchId: rowId }),
  /** Remind the customer before their bonus expires (P-3.5). */
  'bonus.remind': z.object({ bonusId: rowId }),
  /** A bonus not redeemed by its expiry is expired in the ledger (P-3.5). */
  'bonus.expire': z.object({ bonusId: rowId }),
  /** A stored inbound email still to be parsed and routed (the safety net after a crash). */
  'email.process': z.object({ inboundId: rowId }),
  /** One attempt of one webhook delivery (queued by the fan-out trigger on case_events, a retry or a redelivery). */
  'webhook.deliver': z.object({ deliveryId: rowId, attempt: z.number().int().min(1) }),
  /** A notification its recipient asked to have by email too (issue 13); the id is the notification's serial. */
  'notification.mail': z.object({ notificationId: z.number().int().positive() }),
  /** The weekly digest to heads and supervisors about the week before this Monday (P-4.6). */
  'report.digest': z.object({ weekStart: z.iso.date() }),
} as const satisfies Record<string, z.ZodObject>;

/** The name of a job kind, as stored in `jobs.kind`. */
export type JobKind = keyof typeof JOB_CATALOGUE;

/** Each kind's payload type, derived from its schema so the two cannot drift apart. */
export type JobPayloads = { [K in JobKind]: z.infer<(typeof JOB_CATALOGUE)[K]> };

export interface EnqueueOptions {
  runAt?: Date;
  /** At most one job per key, ever: makes enqueueing idempotent. */
  dedupeKey?: string;
  maxAttempts?: number;
}

/** Where a running job stands in its retries: use cases run by jobs record a failure for people only on the last attempt. */
export interface JobAttempt {
  attempt: number;
  /** True on the last attempt. */
  final: boolean;
}

/**
 * The claimed job a batch item came from (its id and the worker holding it). A batch handler
 * may mark it done inside its own last statement for that item, as markDone would (only
 * while still held by that worker), and then answers JOB_COMPLETED for it.
 */
export interface JobHold {
  id: number;
  by: string;
}

/** A batch handler's answer for an item whose job it marked done itself. */
export const JOB_COMPLETED = 'completed';

declare const validated: unique symbol;
/** A jobs row built (and its payload validated) by `jobRow`; the brand keeps hand-made rows out of `insertJobs`. */
export type JobRow = typeof jobs.$inferInsert & { readonly [validated]: true };

/** Is `kind` one the catalogue knows (a stored row may carry anything)? */
export function isJobKind(kind: string): kind is JobKind {
  return Object.hasOwn(JOB_CATALOGUE, kind);
}

/** The result of checking a stored job: its typed payload, or why it can never run. */
export type ParsedJob = { [K in JobKind]: { ok: true; kind: K; payload: JobPayloads[K] } }[JobKind] | { ok: false; reason: string };

/** Parses a claimed job's payload against its kind's schema; an unknown kind or a bad payload says what is wrong. */
export function parseJob(kind: string, payload: unknown): ParsedJob {
  if (!isJobKind(kind)) return { ok: false, reason: `unknown job kind ${JSON.stringify(kind)}` };
  const parsed = JOB_CATALOGUE[kind].safeParse(payload);
  if (parsed.success) return { ok: true, kind, payload: parsed.data } as ParsedJob;
  const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'payload'}: ${i.message}`);
  return { ok: false, reason: `bad payload for job kind ${kind}: ${problems.join('; ')}` };
}

/**
 * The row one job is stored as, its payload checked against the catalogue (a bad one
 * is a programming error and throws). Built apart from the INSERT so that callers on a
 * hot path can write many jobs, of many cases, in one statement (`insertJobs`).
 */
export function jobRow<K extends JobKind>(kind: K, payload: JobPayloads[K], opts: EnqueueOptions = {}): JobRow {
  const parsed = parseJob(kind, payload);
  if (!parsed.ok) throw new Error(parsed.reason);
  return {
    kind,
    payload: parsed.payload,
    // Absent, the column's default (now()) applies, also within a multi-row insert.
    ...(opts.runAt ? { runAt: opts.runAt } : {}),
    dedupeKey: opts.dedupeKey ?? null,
    maxAttempts: opts.maxAttempts ?? 10,
  } as JobRow;
}

/** The INSERT of built rows, unexecuted (to combine with other inserts, see `insertTogether`); a row whose dedupeKey exists is skipped. */
export function insertJobs(q: Queryable, rows: JobRow[]) {
  return q.insert(jobs).values(rows).onConflictDoNothing();
}

/** The INSERT of `enqueue`, unexecuted, to combine with others in one statement. */
export function enqueueQuery<K extends JobKind>(q: Queryable, kind: K, payload: JobPayloads[K], opts: EnqueueOptions = {}) {
  return insertJobs(q, [jobRow(kind, payload, opts)]);
}

/** Adds a job in the caller's transaction; with a dedupeKey a second enqueue is a no-op. */
export async function enqueue<K extends JobKind>(q: Queryable, kind: K, payload: JobPayloads[K], opts: EnqueueOptions = {}): Promise<void> {
  await enqueueQuery(q, kind, payload, opts);
}

/** Kinds whose payload is a single id, with the name of that id: what set-based SQL can enqueue. */
type IdKey<K extends JobKind> = keyof JobPayloads[K] & string;

/**
 * Set-based enqueue for SQL that creates many rows at once (keep-in-touch sweeps):
 * one `kind` job per id that `ids` selects (a query with one column named `id`),
 * deduplicated by `kind:id`, as `enqueue` callers do. Returns one row per job added.
 */
export function enqueueEachSql<K extends JobKind>(kind: K, idKey: IdKey<K>, ids: SQL): SQL {
  return sql`
    insert into jobs (kind, payload, dedupe_key)
    select ${kind}::text, jsonb_build_object(${idKey}::text, s.id), ${`${kind}:`}::text || s.id from (${ids}) s
    on conflict do nothing
    returning 1`;
}

/** Marks a job that is still pending done without running it (the work it guards happened another way). */
export async function settlePendingJob(q: Queryable, dedupeKey: string): Promise<void> {
  await q
    .update(jobs)
    .set({ state: 'done', finishedAt: new Date() })
    .where(and(eq(jobs.dedupeKey, dedupeKey), eq(jobs.state, 'pending')));
}
