#!/usr/bin/env node
// The `amends` command: serve, migrate, seed-demo, users add, tokens create, secrets reseal, backup, restore, detect.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
// Each command imports what it needs when it runs, so a quick one (users, tokens, migrate)
// never loads the HTTP server, the worker or the demo business.
import type { Role } from './server.ts';
import { openConfiguredDatabase, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { ROLES, type Role as StaffRole } from './domain/authority.ts';
import { PERMISSIONS } from './domain/policy.ts';
import { LANGUAGES } from './domain/languages.ts';

const HELP = `amends — complaint handling and service recovery

Usage:
  amends serve [--role web|worker|all] [--workers N] [--demo]
                                                  start the server (--workers N: N web processes sharing the port,
                                                  PostgreSQL only; --demo: load demo data into an empty database)
  amends mail uncertain                           list mail whose send a crash cut off (Message-ID, recipient)
  amends mail reconcile [--resend-rest]           Message-IDs the mail server accepted on stdin, one a line:
                                                  those are marked sent; --resend-rest sends the others again
  amends migrate                                  apply database migrations
  amends seed-demo                                load the demo business (only into an empty database)
  amends users add --email E --name N --role agent|supervisor|head|admin --password P [--languages en,ru]
  amends tokens create --name N --role ROLE [--scope channels:ingest]
                                                  print a bearer token for an integration (--scope: only that)
  amends backup [file] [--force]                  copy the embedded PGlite database to a file (stop the server first)
  amends restore <file> [--force]                 restore a backup into an empty AMENDS_DATA_DIR (--force: keep the old one aside)
  amends tokens revoke --id TOKEN_ID              revoke a token at once (audited)
  amends secrets reseal                           encrypt stored secrets (webhook keys, TOTP) with AMENDS_SECRET_KEY:
                                                  plaintext ones and those under AMENDS_SECRET_KEY_OLD (every start does it too)
  amends detect                                   JSON Lines {"text", "language"?, "fallbackLanguage"?} on stdin
                                                  → detection JSON Lines on stdout

Configuration comes from the environment; see README.md.`;

function fail(message: string, code = 2): never {
  process.stderr.write(`amends: ${message}\n`);
  process.exit(code);
}

async function withDatabase<T>(cfg: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(cfg);
  try {
    await migrate(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

function requireRole(v: string | undefined): StaffRole {
  if (!v || !(ROLES as readonly string[]).includes(v)) fail(`--role must be one of ${ROLES.join(', ')}`);
  return v as StaffRole;
}

async function main(argv: string[]): Promise<void> {
  const [cmd, sub] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (cmd === 'detect') {
    const { detectMain } = await import('./cli/detect.ts');
    await detectMain();
    return;
  }
  let cfg: Config;
  try {
    cfg = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  switch (cmd) {
    case 'serve': {
      const { values } = parseArgs({
        args: argv.slice(1),
        options: { role: { type: 'string', default: 'all' }, workers: { type: 'string', default: '1' }, demo: { type: 'boolean', default: false } },
      });
      const role = values.role as Role;
      if (!['web', 'worker', 'all'].includes(role)) fail('--role must be web, worker or all');
      const workers = Number(values.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64) fail('--workers must be a whole number from 1 to 64');
      const { serve } = await import('./cli/serve.ts');
      await serve(cfg, { role, workers, demo: values.demo }, fail);
      return;
    }
    case 'mail': {
      const { mailCommand } = await import('./cli/mail.ts');
      await mailCommand(cfg, sub, argv.slice(2), fail);
      return;
    }
    case 'migrate':
      await withDatabase(cfg, async () => undefined);
      process.stdout.write('migrations applied\n');
      return;
    case 'seed-demo': {
      const { seedDemo, DEMO_LOGIN } = await import('./demo/seed.ts');
      const seeded = await withDatabase(cfg, (d) => seedDemo(d.db, cfg));
      process.stdout.write(seeded ? `demo data loaded; sign in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}\n` : 'the database already has cases; demo data not loaded\n');
      return;
    }
    case 'users': {
      if (sub !== 'add') fail('usage: amends users add --email E --name N --role ROLE --password P');
      const { values } = parseArgs({
        args: argv.slice(2),
        options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, languages: { type: 'string' } },
      });
      if (!values.email || !values.name) fail('--email and --name are required');
      if (!values.password || values.password.length < 8) fail('--password of at least 8 characters is required');
      const languages = (values.languages ?? '').split(',').filter(Boolean);
      const bad = languages.filter((l) => !(LANGUAGES as readonly string[]).includes(l));
      if (bad.length) fail(`unknown languages: ${bad.join(', ')} (known: ${LANGUAGES.join(', ')})`);
      const { addUser } = await import('./staff/users.ts');
      const { recordAudit } = await import('./audit/record-audit.ts');
      const user = await withDatabase(cfg, (d) =>
        d.db.transaction(async (tx) => {
          const added = await addUser(tx, { email: values.email!, name: values.name!, role: requireRole(values.role), password: values.password!, languages });
          await recordAudit(tx, { actor: { type: 'system', name: 'amends cli' } }, { action: 'user.create', targetType: 'user', targetId: added.id, after: added });
          return added;
        }),
      );
      process.stdout.write(`user ${user.email} (${user.role}) created, id ${user.id}\n`);
      return;
    }
    case 'tokens': {
      if (sub === 'revoke') {
        const { values } = parseArgs({ args: argv.slice(2), options: { id: { type: 'string' } } });
        if (!values.id) fail('usage: amends tokens revoke --id TOKEN_ID');
        const { revokeApiToken } = await import('./staff/api-tokens.ts');
        const done = await withDatabase(cfg, (d) => revokeApiToken(d.db, values.id!));
        process.stdout.write(`token ${done.name} (${done.id}) revoked at ${done.revokedAt.toISOString()}\n`);
        return;
      }
      if (sub !== 'create') fail('usage: amends tokens create --name N --role ROLE | amends tokens revoke --id TOKEN_ID');
      const { values } = parseArgs({ args: argv.slice(2), options: { name: { type: 'string' }, role: { type: 'string' }, scope: { type: 'string', multiple: true } } });
      if (!values.name) fail('--name is required');
      const scopes = values.scope ?? [];
      const unknown = scopes.filter((s) => !(PERMISSIONS as readonly string[]).includes(s));
      if (unknown.length) fail(`unknown scopes: ${unknown.join(', ')} (known: ${PERMISSIONS.join(', ')})`);
      const role = scopes.length && !values.role ? 'agent' : requireRole(values.role);
      const { createApiToken } = await import('./staff/api-tokens.ts');
      const { token, id } = await withDatabase(cfg, (d) => createApiToken(d.db, { name: values.name!, role, scopes }));
      process.stdout.write(`${token}\n`);
      process.stderr.write(`token id ${id} (amends tokens revoke --id ${id})\n`);
      return;
    }
    case 'secrets': {
      if (sub !== 'reseal') fail('usage: amends secrets reseal');
      const { loadSecretKeys } = await import('./secrets/load-keys.ts');
      const { sealStoredSecrets } = await import('./secrets/seal-stored-secrets.ts');
      const keys = loadSecretKeys(cfg);
      const report = await withDatabase(cfg, (d) => sealStoredSecrets(d.db, keys.ring));
      process.stdout.write(`stored secrets under key ${keys.ring.current.id} (${keys.source}): ${report.sealed} plaintext sealed, ${report.resealed} moved from an older key\n`);
      if (report.unreadable.length) fail(`${report.unreadable.length} do not decrypt (altered or moved): ${report.unreadable.join(', ')}`, 1);
      return;
    }
    case 'backup':
    case 'restore': {
      const { positionals, values } = parseArgs({ args: argv.slice(1), allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
      if (cfg.DATABASE_URL) fail('DATABASE_URL is set: back up PostgreSQL with pg_dump -Fc and restore with pg_restore (docs/OPERATIONS.md)');
      const { backupDataDir, restoreDataDir, pgliteDir, BackupError } = await import('./cli/backup.ts');
      const dir = pgliteDir(cfg.AMENDS_DATA_DIR);
      try {
        if (cmd === 'backup') {
          const file = positionals[0] ?? `amends-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
          const size = await backupDataDir(dir, file, { force: values.force });
          process.stdout.write(`backup of ${dir} written to ${file} (${size} bytes)\n`);
          // The key stays out of the backup (a stolen backup must not open the secrets in it).
          const { keyFile } = await import('./secrets/load-keys.ts');
          const { existsSync } = await import('node:fs');
          if (!cfg.AMENDS_SECRET_KEY && existsSync(keyFile(cfg.AMENDS_DATA_DIR))) {
            process.stdout.write(`the secret key ${keyFile(cfg.AMENDS_DATA_DIR)} is not in the backup: keep a copy of it apart; a restore needs it (docs/OPERATIONS.md)\n`);
          }
        } else {
          if (!positionals[0]) fail('usage: amends restore <file> [--force]');
          const { kept } = await restoreDataDir(positionals[0], dir, { force: values.force });
          process.stdout.write(`restored ${positionals[0]} into ${dir}${kept ? `; the previous database is kept in ${kept}` : ''}\n`);
        }
      } catch (err) {
        if (err instanceof BackupError) fail(err.message, 1);
        throw err;
      }
      return;
    }
    default:
      fail(`unknown command "${cmd}"\n\n${HELP}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // A key that does not fit the stored secrets (SecretKeyError), an unwritable key file …
  if (err instanceof ConfigError) fail(err.message, 1);
  if (err && typeof err === 'object' && 'code' in err && 'message' in err && (err as { name?: string }).name === 'AppError') {
    fail(String((err as { message: string }).message), 1);
  }
  process.stderr.write(`amends: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
