// The jobs table as a queue with short leases (issue 14): a worker claims due jobs
// with FOR UPDATE SKIP LOCKED for `lease` seconds and renews the lease with a
// heartbeat while they run, so a crashed worker's jobs run again within seconds;
// a worker restarted under the same stable name takes its own jobs back at once.
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { queryPrepared, queryRows, type Db } from '../db/client.ts';

/** A claimed job as the worker runs it. */
export interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

/**
 * Who holds a job: `<stable>/<pid>/<start>`. The stable part (WORKER_ID, or the host
 * name) survives a restart, so the next incarnation recognises its predecessor's jobs;
 * pid and start time tell incarnations apart.
 */
export interface WorkerIdentity {
  stable: string;
  id: string;
  /** Whether a new incarnation may take back jobs held under `stable` at once (the stable name is unique per live process). */
  reclaimOwn: boolean;
}

/** The identity of this worker process: WORKER_ID when set (unique per live process), else host name, pid and start time. */
export function workerIdentity(workerId?: string, now = new Date()): WorkerIdentity {
  const stable = workerId ?? hostname().replace(/[^A-Za-z0-9._:-]/g, '_');
  const start = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return { stable, id: `${stable}/${process.pid}/${start}`, reclaimOwn: !!workerId };
}

/** Claims up to `limit` due jobs for `lease` seconds. */
export function claimDueJobs(db: Db, by: string, limit: number, leaseSeconds: number): Promise<ClaimedJob[]> {
  // The worker's hottest statements (claim, done) are named prepared statements: parsed and planned once per connection.
  return queryPrepared<ClaimedJob>(db, sql`
    with due as (
      select id from jobs
      where state = 'pending' and run_at <= now()
      order by run_at
      limit ${limit}
      for update skip locked
    )
    update jobs j set state = 'running', attempts = j.attempts + 1, locked_by = ${by},
      locked_until = now() + make_interval(secs => ${leaseSeconds})
    from due where j.id = due.id
    returning j.id, j.kind, j.payload, j.attempts, j.max_attempts`);
}

/**
 * The heartbeat: extends the lease of every job this worker still runs; returns how many.
 * It passes over rows another statement has locked (skip locked): those are being finished
 * right now (markDone, or a delivery's settle that marks its job done), and a heartbeat that
 * waited for them while holding the rows it had renewed could deadlock with that statement —
 * PostgreSQL would then abort one of them, perhaps the settle of a mail already sent.
 */
export async function renewLeases(db: Db, by: string, leaseSeconds: number): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with mine as (
          select id from jobs where state = 'running' and locked_by = ${by} for update skip locked
        ), renewed as (
          update jobs set locked_until = now() + make_interval(secs => ${leaseSeconds})
          from mine where jobs.id = mine.id returning 1
        ) select count(*)::int as n from renewed`,
  );
  return rows[0]?.n ?? 0;
}

/** Marks jobs done, but only those this worker still holds (a job whose lease another took over is theirs to finish). */
export async function markDone(db: Db, by: string, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await queryPrepared(
    db,
    sql`update jobs set state = 'done', finished_at = now(), locked_by = null, locked_until = null, last_error = null
        where id in (select unnest(${`{${ids.join(',')}}`}::bigint[])) and state = 'running' and locked_by = ${by}`,
  );
}

/** A job that can never succeed, or failed its last attempt. */
export async function markFailed(db: Db, by: string, id: number, error: string): Promise<void> {
  await db.execute(
    sql`update jobs set state = 'failed', finished_at = now(), last_error = ${error.slice(0, 2000)}, locked_by = null, locked_until = null
        where id = ${id} and state = 'running' and locked_by = ${by}`,
  );
}

/** A failed attempt: pending again after `delayMs`. */
export async function markRetry(db: Db, by: string, id: number, error: string, delayMs: number): Promise<void> {
  await db.execute(
    sql`update jobs set state = 'pending', run_at = now() + make_interval(secs => ${delayMs / 1000}), last_error = ${error.slice(0, 2000)}, locked_by = null, locked_until = null
        where id = ${id} and state = 'running' and locked_by = ${by}`,
  );
}

/** Jobs of a worker that stopped renewing its lease (it died, or lost the database longer than a lease): pending again. */
export async function reclaimExpired(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with back as (
          update jobs set state = 'pending', locked_by = null, locked_until = null
          where state = 'running' and locked_until < now() returning 1
        ) select count(*)::int as n from back`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * At start: jobs an earlier incarnation of this worker held (same stable name, another
 * pid or start) are pending again at once, without waiting for their lease. On PGlite every
 * running job is such a job: one process owns the database.
 */
export async function reclaimOwn(db: Db, me: WorkerIdentity, everything: boolean): Promise<number> {
  if (!everything && !me.reclaimOwn) return 0;
  const mine = everything ? sql`true` : sql`locked_by like ${`${me.stable.replace(/[\\%_]/g, '\\$&')}/%`}`;
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with back as (
          update jobs set state = 'pending', locked_by = null, locked_until = null
          where state = 'running' and ${mine} and locked_by <> ${me.id} returning 1
        ) select count(*)::int as n from back`,
  );
  return rows[0]?.n ?? 0;
}
