// Readiness for load balancers: the database answers and the migrations
// have been applied.
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from './client.ts';

/** Ready, or the reason it is not; never throws. */
export async function checkReadiness(database: Database): Promise<{ ready: true } | { ready: false; reason: string }> {
  try {
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    if ((row?.n ?? 0) < 1) return { ready: false, reason: 'migrations have not been applied' };
    return { ready: true };
  } catch {
    return { ready: false, reason: 'the database is not reachable or not migrated' };
  }
}
