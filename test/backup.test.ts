// Backup and restore round trips: the embedded PGlite database through the real
// `amends backup` / `amends restore` commands (a server holding the folder is
// refused, so is restoring over a database), and PostgreSQL through pg_dump -Fc
// and pg_restore into a throwaway database, as docs/OPERATIONS.md describes.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { addUser } from '../src/staff/users.ts';
import { users } from '../src/db/schema.ts';
import { backupDataDir, restoreDataDir, BackupError } from '../src/cli/backup.ts';
import { openTestDatabase } from './helpers/db.ts';
import { loadSecretKeys } from '../src/secrets/load-keys.ts';
import { withDatabaseName } from './global-setup.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'bin', 'amends.js');
const amends = (args: string[], dataDir: string) =>
  run(process.execPath, [bin, ...args], { env: { ...process.env, AMENDS_DATA_DIR: dataDir, DATABASE_URL: '' }, timeout: 120_000 });

describe('backup and restore of the embedded database', { timeout: 180_000 }, () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'amends-backup-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('round trip: data written, backed up, restored into a new folder, found there', async () => {
    const source = join(root, 'source');
    const database = await openDatabase({ dataDir: join(source, 'pglite') });
    await migrate(database);
    await addUser(database.db, { email: 'kept@example.com', name: 'Kept Across Backups', role: 'head', languages: ['lv'] });
    // A server holding the folder: refused.
    await expect(backupDataDir(join(source, 'pglite'), join(root, 'busy.tar.gz'))).rejects.toThrow(BackupError);
    await database.close();
    loadSecretKeys({ AMENDS_DATA_DIR: source }); // what the first `amends serve` does: <data dir>/secret.key

    const file = join(root, 'nightly', 'amends.tar.gz');
    const backup = await amends(['backup', file], source);
    expect(backup.stdout).toMatch(/backup of .* written to .*amends\.tar\.gz/);
    // The secret key (made by the first start) is not in the backup, and the command says so.
    expect(backup.stdout).toMatch(/the secret key .*secret\.key is not in the backup: keep a copy of it apart/);
    expect(existsSync(file)).toBe(true);

    const target = join(root, 'target');
    const restored = await amends(['restore', file], target);
    expect(restored.stdout).toMatch(/restored/);
    const copy = await openDatabase({ dataDir: join(target, 'pglite') });
    try {
      const [u] = await copy.db.select().from(users).where(eq(users.email, 'kept@example.com'));
      expect(u).toMatchObject({ name: 'Kept Across Backups', role: 'head' });
    } finally {
      await copy.close();
    }

    // Restoring over a database is refused without --force; with it, the old one is kept aside.
    const again = await amends(['restore', file], target).catch((e) => e);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
    const forced = await restoreDataDir(file, join(target, 'pglite'), { force: true });
    expect(forced.kept).toMatch(/before-restore/);
    expect(readdirSync(forced.kept!)).toContain('PG_VERSION');
    // Not a backup at all: refused before anything is touched.
    await expect(restoreDataDir(join(source, 'pglite', 'PG_VERSION'), join(root, 'other'))).rejects.toThrow(/not an amends backup/);
    await expect(backupDataDir(join(root, 'nothing-here'), join(root, 'x.tar.gz'))).rejects.toThrow(/no PGlite database/);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('backup and restore of PostgreSQL with pg_dump and pg_restore', { timeout: 180_000 }, () => {
  it('round trip into a throwaway database', async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const source = await openTestDatabase('postgres');
    const file = join(await mkdtemp(join(tmpdir(), 'amends-pgdump-')), 'amends.dump');
    const name = `amends_restore_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await addUser(source.db, { email: 'pg-kept@example.com', name: 'Kept In PostgreSQL', role: 'supervisor', languages: ['de'] });
      await run('pg_dump', ['-Fc', '--no-owner', '-f', file, source.url!]);
      await admin.query(`create database ${name}`);
      await run('pg_restore', ['--no-owner', '-d', withDatabaseName(url, name), file]);
      const copy = await openDatabase({ url: withDatabaseName(url, name), poolSize: 1 });
      try {
        const [u] = await copy.db.select().from(users).where(eq(users.email, 'pg-kept@example.com'));
        expect(u).toMatchObject({ name: 'Kept In PostgreSQL', role: 'supervisor' });
        // The restored database is complete: migrations find nothing left to do, triggers came along.
        await migrate(copy);
        const triggers = await queryRows(copy.db, sql`select tgname from pg_trigger where tgname = 'case_events_webhook_fan_out'`);
        expect(triggers).toHaveLength(1);
      } finally {
        await copy.close();
      }
    } finally {
      await source.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      await rm(file, { force: true });
    }
  });
});
