// Applies the committed SQL migrations (src/db/migrations) once, under an
// advisory lock so that several processes starting together never race.
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database } from './client.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
const LOCK_ID = 4_201_337;

/** Brings the schema up to date; safe to call on every start. */
export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    // PGlite is a single connection inside this process: no one to race with.
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  // A session-level lock on a connection of its own, held while the pool migrates.
  const lock = new pg.Client({ connectionString: database.url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [LOCK_ID]);
    await migratePg(database.db as never, { migrationsFolder });
  } finally {
    await lock.end();
  }
}
