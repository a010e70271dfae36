// `amends serve [--role web|worker|all] [--workers N] [--demo]` (issue 15): any number of
// these processes run against one PostgreSQL. With --workers N the process forks N web
// processes (node:cluster) that share the port; the primary keeps the job worker when
// the role includes it, restarts a web process that dies, and adds up their metrics.
import cluster from 'node:cluster';
import type { Config } from '../config.ts';
import type { Role, Running } from '../server.ts';

export interface ServeOptions {
  role: Role;
  workers: number;
  demo: boolean;
}

/** Starts this process's part; resolves once it serves. */
export async function serve(cfg: Config, opts: ServeOptions, fail: (msg: string) => never): Promise<void> {
  if (opts.workers > 1 && !cfg.DATABASE_URL) fail('--workers needs PostgreSQL (DATABASE_URL): PGlite belongs to one process');
  if (opts.workers > 1 && opts.role === 'worker') fail('--workers forks web processes; start more `--role worker` processes instead');
  const started = Date.now();
  const { startServer } = await import('../server.ts');
  if (opts.workers > 1 && cluster.isPrimary) return servePrimary(cfg, opts, started);
  // A forked child serves HTTP only; the primary runs the worker.
  const role: Role = cluster.isWorker ? 'web' : opts.role;
  const { seedDemo, DEMO_LOGIN } = await import('../demo/seed.ts');
  let seeded = false;
  const running = await startServer(cfg, {
    role,
    logger: true,
    prepare: opts.demo && !cluster.isWorker ? async (database, url) => void (seeded = await seedDemo(database.db, { ...cfg, PUBLIC_URL: url })) : undefined,
  });
  if (!cluster.isWorker) {
    const where = cfg.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${cfg.AMENDS_DATA_DIR}`;
    process.stdout.write(
      `\nAmends is running (${role}, ${where}) — ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
        (running.url ? `  URL:      ${running.url}\n  API docs: ${running.url}/api/docs\n` : '') +
        (opts.demo ? `  Sign in:  ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}${seeded ? ' (demo data loaded)' : ''}\n` : '') +
        (cfg.SMTP_URL ? '' : '  Mail:     SMTP_URL is not set; mail to customers is recorded as not sent\n'),
    );
  }
  stopOnSignals(running);
}

async function servePrimary(cfg: Config, opts: ServeOptions, started: number): Promise<void> {
  const { startServer } = await import('../server.ts');
  const { aggregateClusterMetrics } = await import('../http/metrics.ts');
  // Migrations and the demo data before any child starts; the job worker here when the role has one.
  const prepare = opts.demo
    ? async (db: import('../db/client.ts').Db, url: string) => {
        const { seedDemo } = await import('../demo/seed.ts');
        await seedDemo(db, { ...cfg, PUBLIC_URL: url });
      }
    : undefined;
  let running: Running | null = null;
  if (opts.role === 'all') {
    running = await startServer(cfg, { role: 'worker', logger: true, prepare: prepare && ((d, url) => prepare(d.db, url)) });
  } else {
    const { openConfiguredDatabase } = await import('../db/client.ts');
    const { migrate } = await import('../db/migrate.ts');
    const { publicUrl } = await import('../config.ts');
    const database = await openConfiguredDatabase(cfg);
    await migrate(database);
    // A key that does not fit stops the start here, before any web process is forked (and restarted in a loop).
    const { useStoredSecretKeys } = await import('../server.ts');
    await useStoredSecretKeys(cfg, database);
    await prepare?.(database.db, publicUrl(cfg));
    await database.close();
  }
  aggregateClusterMetrics(running?.metrics ?? null);
  let stopping = false;
  const fork = () => cluster.fork();
  cluster.on('exit', (w, code, signal) => {
    if (stopping) return;
    process.stderr.write(`${JSON.stringify({ level: 'warn', time: Date.now(), msg: 'web process exited; starting another', pid: w.process.pid, code, signal })}\n`);
    setTimeout(fork, 500);
  });
  let listening = 0;
  cluster.on('listening', () => {
    if (++listening === opts.workers) {
      process.stdout.write(
        `\nAmends is running (${opts.workers} web processes${opts.role === 'all' ? ' + worker' : ''}, PostgreSQL) — ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
          `  URL:      http://${cfg.HOST === '0.0.0.0' ? '127.0.0.1' : cfg.HOST}:${cfg.PORT}\n`,
      );
    }
  });
  for (let i = 0; i < opts.workers; i++) fork();
  const stop = async () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    await running?.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function stopOnSignals(running: Running): void {
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
