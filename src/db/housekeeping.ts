// Housekeeping (issue 15): rate-limit windows that ended are deleted in batches through
// their index, so the table stays the size of the traffic in flight. Finished jobs are
// the retention sweep's (data-rights/sweep-retention.ts): one setting, `retention.finishedJobDays`,
// which admins change on the settings screen.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from './client.ts';

/** Deletes rate-limit windows that ended; answers how many rows went. */
export async function runHousekeeping(db: Db, opts: { batchSize?: number } = {}): Promise<{ rateLimits: number }> {
  const batch = opts.batchSize ?? 1000;
  const [rl] = await queryRows<{ n: number }>(
    db,
    sql`with old as (select key, window_start from rate_limits where expires_at < now() order by expires_at limit ${batch * 10}),
        gone as (delete from rate_limits r using old where r.key = old.key and r.window_start = old.window_start returning 1)
        select count(*)::int as n from gone`,
  );
  return { rateLimits: rl?.n ?? 0 };
}
