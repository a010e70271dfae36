// Fresh databases for a test file: a PGlite loaded from the migrated dump, and
// (when TEST_DATABASE_URL is set) a PostgreSQL database copied from the template.
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { withDatabaseName } from '../global-setup.ts';

export type Target = 'pglite' | 'postgres';

/** The databases every integration suite runs on. */
export const TARGETS: Target[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export async function openTestDatabase(target: Target): Promise<Database> {
  if (target === 'pglite') {
    const dump = await readFile(inject('pgliteTemplate'));
    const client = new PGlite({ loadDataDir: new Blob([dump]) });
    await client.waitReady;
    return openDatabase({ pglite: client });
  }
  const url = process.env.TEST_DATABASE_URL!;
  const template = inject('pgTemplate')!;
  const name = `amends_t_${template.split('_').at(-1)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${template}`);
      break;
    } catch (err) {
      // Two suites copying the template at the same instant: try again shortly.
      if (attempt > 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const database = await openDatabase({ url: withDatabaseName(url, name), poolSize: 5 });
  return {
    ...database,
    async close() {
      await database.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
