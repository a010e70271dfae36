// Starts Amends in one process: database (migrated), HTTP app and/or the job
// worker. `amends serve --role web|worker|all` picks which parts run here.
import type { Config } from './config.ts';
import { publicUrl } from './config.ts';
import { openConfiguredDatabase, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { buildApp, type App } from './http/app.ts';
import { Worker } from './jobs/worker.ts';
import { createMailer } from './channels/email/smtp-sender.ts';
import type { Services } from './context.ts';
import { ImapPoller, parseImapUrls } from './channels/email/imap-poller.ts';
import { fileModelSource, parseModelChoices, useDetectionModels } from './domain/detection/index.ts';
import { Metrics, answerClusterMetrics } from './http/metrics.ts';
import { loadSecretKeys } from './secrets/load-keys.ts';
import { useSecretKeys } from './secrets/secret-box.ts';
import { sealStoredSecrets } from './secrets/seal-stored-secrets.ts';

export type Role = 'web' | 'worker' | 'all';

export interface Running {
  database: Database;
  app: App | null;
  worker: Worker | null;
  metrics: Metrics;
  url: string | null;
  close(): Promise<void>;
}

export interface StartOptions {
  role?: Role;
  database?: Database;
  listen?: boolean;
  logger?: boolean;
  /** This process's metrics (default: a fresh set with the process metrics). */
  metrics?: Metrics;
  /**
   * Work to finish before the first request is answered (the demo data), given the public URL.
   * With a fixed port it runs before listening, so nobody signs in to a half-loaded desk.
   */
  prepare?: (database: Database, publicUrl: string) => Promise<void>;
}

export async function startServer(cfg: Config, opts: StartOptions = {}): Promise<Running> {
  const role = opts.role ?? 'all';
  useDetectionModels(fileModelSource(parseModelChoices(cfg.DETECTION_MODELS))); // replaced or switched-off weights (issue 11)
  const database = opts.database ?? (await openConfiguredDatabase(cfg));
  await migrate(database);
  const log = (msg: string, extra?: Record<string, unknown>) => void process.stderr.write(`${JSON.stringify({ level: 'warn', time: Date.now(), msg, ...extra })}\n`);
  await useStoredSecretKeys(cfg, database, opts.logger ? log : undefined);
  const mailer = createMailer(cfg);
  const metrics = opts.metrics ?? new Metrics();
  answerClusterMetrics(metrics);
  const worker =
    role === 'web'
      ? null
      : new Worker({
          db: database.db,
          mailer,
          config: cfg,
          pollMs: cfg.WORKER_POLL_MS,
          // One process owns a PGlite database: a job still marked running at start belongs to a dead one.
          soleWorker: database.kind === 'pglite',
          log: opts.logger ? log : undefined,
          onJobDone: (j) => metrics.jobDone(j),
        });
  const services: Services = { config: cfg, wakeWorker: () => worker?.wake() };
  let app: App | null = null;
  let url: string | null = null;
  if (role !== 'worker') {
    app = await buildApp({ database, services, logger: !!opts.logger, metrics });
    const prepareFirst = opts.prepare && (cfg.PORT !== 0 || opts.listen === false);
    if (prepareFirst) await opts.prepare!(database, publicUrl(cfg));
    if (opts.listen !== false) {
      await app.listen({ port: cfg.PORT, host: cfg.HOST });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : cfg.PORT;
      url = cfg.PUBLIC_URL ?? `http://${cfg.HOST === '0.0.0.0' ? '127.0.0.1' : cfg.HOST}:${port}`;
      // With PORT=0 the real port is known only now; customer links must carry it.
      services.config = { ...cfg, PUBLIC_URL: url };
      worker?.useConfig(services.config);
    } else {
      url = publicUrl(cfg);
    }
    // With PORT=0 the URL exists only once listening: prepare now.
    if (opts.prepare && !prepareFirst) await opts.prepare(database, url);
  } else if (opts.prepare) {
    await opts.prepare(database, publicUrl(cfg));
  }
  worker?.start();
  // The worker role also reads the configured IMAP mailboxes (P-1.1).
  const imapBoxes = parseImapUrls(cfg.IMAP_URLS);
  const poller =
    role !== 'web' && imapBoxes.length
      ? new ImapPoller({ db: database.db, services, mailboxes: imapBoxes, pollMs: cfg.IMAP_POLL_MS, log })
      : null;
  poller?.start();
  return {
    database,
    app,
    worker,
    metrics,
    url,
    async close() {
      await app?.close();
      await poller?.stop();
      await worker?.stop();
      mailer?.close();
      if (!opts.database) await database.close();
    },
  };
}

/**
 * Loads the secret key (AMENDS_SECRET_KEY, or <data dir>/secret.key made once), then seals
 * stored secrets still in plaintext or under AMENDS_SECRET_KEY_OLD. A secret under a key this
 * process lacks stops the start (SecretKeyError). Never logs a key or a secret.
 */
export async function useStoredSecretKeys(cfg: Config, database: Database, log?: (msg: string, extra?: Record<string, unknown>) => void): Promise<void> {
  const keys = loadSecretKeys(cfg);
  useSecretKeys(keys.ring);
  if (keys.source !== 'AMENDS_SECRET_KEY' && cfg.DATABASE_URL) {
    log?.('AMENDS_SECRET_KEY is not set: stored secrets are encrypted with the key file; every process on every machine must use the same key (docs/OPERATIONS.md)', { keyFile: keys.source, keyId: keys.ring.current.id });
  }
  const report = await sealStoredSecrets(database.db, keys.ring);
  if (report.sealed || report.resealed) log?.('stored secrets encrypted with the current key', { keyId: keys.ring.current.id, sealed: report.sealed, resealed: report.resealed });
  if (report.unreadable.length) log?.('stored secrets that do not decrypt (altered or moved): they fail with SECRET_UNREADABLE when used', { which: report.unreadable });
}
