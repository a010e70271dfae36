// Housekeeping (issue 15): finished jobs and ended rate-limit windows are deleted in
// small batches through their indexes, oldest first, so the tables stay the size of
// the work in flight and autovacuum keeps up (fillfactor and per-table autovacuum
// settings are in migration 0009).
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from './client.ts';

export interface HousekeepingOptions {
  /** Finished (done or failed) jobs older than this many hours are deleted. */
  retainFinishedHours: number;
  /** Rows per DELETE: short transactions, little lock time. */
  batchSize?: number;
  /** At most this many batches per run; the next run continues. */
  maxBatches?: number;
}

/** Deletes finished jobs past retention and rate-limit windows that ended; returns how many rows went. */
export async function runHousekeeping(db: Db, opts: HousekeepingOptions): Promise<{ jobs: number; rateLimits: number }> {
  const batch = opts.batchSize ?? 1000;
  const maxBatches = opts.maxBatches ?? 50;
  let jobsDeleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const [r] = await queryRows<{ n: number }>(
      db,
      sql`with old as (
            select id from jobs
            where state in ('done','failed') and finished_at < now() - make_interval(secs => ${opts.retainFinishedHours * 3600})
            order by finished_at limit ${batch}
          ), gone as (delete from jobs j using old where j.id = old.id returning 1)
          select count(*)::int as n from gone`,
    );
    jobsDeleted += r?.n ?? 0;
    if ((r?.n ?? 0) < batch) break;
  }
  const [rl] = await queryRows<{ n: number }>(
    db,
    sql`with old as (select key, window_start from rate_limits where expires_at < now() order by expires_at limit ${batch * 10}),
        gone as (delete from rate_limits r using old where r.key = old.key and r.window_start = old.window_start returning 1)
        select count(*)::int as n from gone`,
  );
  return { jobs: jobsDeleted, rateLimits: rl?.n ?? 0 };
}
