// `amends backup [file]` and `amends restore <file>` for the embedded PGlite
// database: a gzipped tarball of the whole data directory (PGlite's
// dumpDataDir), restored with loadDataDir. A running server holds the directory
// (PGlite keeps postmaster.pid while open): both commands refuse then. PostgreSQL
// is backed up with pg_dump/pg_restore (docs/OPERATIONS.md).
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

export class BackupError extends Error {}

/** Where PGlite keeps its files under AMENDS_DATA_DIR (as db/client.ts opens it). */
export function pgliteDir(dataDir: string): string {
  return resolve(dataDir, 'pglite');
}

function assertNotRunning(dir: string, force: boolean): void {
  if (!force && existsSync(join(dir, 'postmaster.pid'))) {
    throw new BackupError(`${dir} is in use (postmaster.pid): stop amends serve first (after a crash, add --force)`);
  }
}

/** Writes a backup of the PGlite database in `dir` to `file`; returns its size in bytes. */
export async function backupDataDir(dir: string, file: string, opts: { force?: boolean } = {}): Promise<number> {
  if (!existsSync(join(dir, 'PG_VERSION'))) throw new BackupError(`no PGlite database in ${dir}`);
  assertNotRunning(dir, opts.force ?? false);
  const db = new PGlite(dir);
  try {
    await db.waitReady;
    const dump = await db.dumpDataDir('gzip');
    const bytes = Buffer.from(await dump.arrayBuffer());
    await mkdir(dirname(resolve(file)), { recursive: true });
    // Written aside and renamed: a crash never leaves half a backup under the name.
    await writeFile(`${file}.partial`, bytes, { mode: 0o600 });
    await rename(`${file}.partial`, file);
    return bytes.length;
  } finally {
    await db.close();
  }
}

/**
 * Restores `file` into `dir`. A directory with anything in it is refused unless
 * `force`; then the old one is kept beside it (`<dir>.before-restore-<time>`),
 * never deleted. Returns where the old one went, if anywhere.
 */
export async function restoreDataDir(file: string, dir: string, opts: { force?: boolean } = {}): Promise<{ kept: string | null }> {
  if (!existsSync(file)) throw new BackupError(`no such file: ${file}`);
  const bytes = await readFile(file);
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new BackupError(`${file} is not an amends backup (a gzipped PGlite data directory)`);
  let kept: string | null = null;
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!opts.force) throw new BackupError(`${dir} is not empty: restoring would replace that database (add --force to keep it aside and restore)`);
    assertNotRunning(dir, false);
    kept = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(dir, kept);
  }
  await mkdir(dir, { recursive: true });
  const db = new PGlite(dir, { loadDataDir: new Blob([bytes], { type: 'application/x-gzip' }) });
  try {
    await db.waitReady;
    await db.query('select 1');
  } finally {
    await db.close();
  }
  return { kept };
}
