// Prometheus metrics (issue 15) with prom-client: requests by route pattern (never the
// raw URL, so a case id does not become a series), jobs by kind, intake batch sizes;
// and, read from the database when scraped, queue depth and lag by kind, clock
// lateness and sweep lateness, which are the same whichever process answers.
// GET /metrics is open only with METRICS_TOKEN as a bearer token, or, without one, to
// direct loopback connections (no proxy header); anybody else gets a 404.
import cluster from 'node:cluster';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

type metric = Awaited<ReturnType<Registry['getMetricsAsJSON']>>[number];
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import type { Config } from '../config.ts';

/** The metrics one process keeps; the database-derived ones are computed per scrape. */
export class Metrics {
  /** What this process counts (requests, jobs, intake); added up across --workers processes. */
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly requestSeconds: Histogram<'method' | 'route'>;
  readonly jobs: Counter<'kind' | 'outcome'>;
  readonly jobSeconds: Histogram<'kind'>;
  readonly intakeBatch: Histogram;

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.requests = new Counter({ name: 'amends_http_requests_total', help: 'HTTP requests answered, by route pattern and status', labelNames: ['method', 'route', 'status'], registers });
    this.requestSeconds = new Histogram({
      name: 'amends_http_request_duration_seconds',
      help: 'Time to answer, by route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.jobs = new Counter({ name: 'amends_jobs_finished_total', help: 'Job attempts finished by this process, by kind and outcome', labelNames: ['kind', 'outcome'], registers });
    this.jobSeconds = new Histogram({ name: 'amends_job_duration_seconds', help: 'Time a job attempt ran', labelNames: ['kind'], buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60], registers });
    this.intakeBatch = new Histogram({ name: 'amends_intake_batch_size', help: 'Complaints written per intake group commit', buckets: [1, 2, 5, 10, 20, 50, 100], registers });
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'amends_' });
  }

  /** The worker's hook: one finished job attempt. */
  jobDone(job: { kind: string; ok: boolean; ms: number }): void {
    this.jobs.inc({ kind: job.kind, outcome: job.ok ? 'done' : 'failed' });
    this.jobSeconds.observe({ kind: job.kind }, job.ms / 1000);
  }
}

/** The gauges read from the database at scrape time, in a registry of their own (never summed across processes). */
export async function databaseMetrics(db: Db): Promise<string> {
  const registry = new Registry();
  const registers = [registry];
  const depth = new Gauge({ name: 'amends_job_queue_depth', help: 'Jobs waiting or running, by kind and state (pending_due: may run now)', labelNames: ['kind', 'state'], registers });
  const lag = new Gauge({ name: 'amends_job_queue_lag_seconds', help: 'How long the oldest due job of a kind has waited', labelNames: ['kind'], registers });
  const overdue = new Gauge({ name: 'amends_clocks_overdue', help: 'Running clocks past due, not yet swept as breached', registers });
  const lateness = new Gauge({ name: 'amends_clock_lateness_seconds', help: 'How far past due the most overdue running clock is (0: none)', registers });
  const sweepLate = new Gauge({ name: 'amends_sweep_lateness_seconds', help: 'How far past its time each periodic sweep is (0: on time)', labelNames: ['sweep'], registers });
  const sweepRuns = new Gauge({ name: 'amends_sweep_runs', help: 'Times each periodic sweep has run, across all workers', labelNames: ['sweep'], registers });
  const [jobs, clocks, sweeps] = await Promise.all([
    queryRows<{ kind: string; state: string; n: number; lag: number | null }>(
      db,
      sql`select kind, case when state = 'pending' and run_at <= now() then 'pending_due' else state end as state, count(*)::int as n,
                 max(extract(epoch from now() - run_at)) filter (where state = 'pending' and run_at <= now())::float8 as lag
          from jobs where state in ('pending','running') group by 1, 2`,
    ),
    queryRows<{ n: number; late: number | null }>(db, sql`select count(*)::int as n, extract(epoch from now() - min(due_at))::float8 as late from clocks where status = 'running' and due_at <= now()`),
    queryRows<{ name: string; late: number; runs: number }>(db, sql`select name, greatest(0, extract(epoch from now() - next_run_at))::float8 as late, runs from sweeps`),
  ]);
  for (const j of jobs) {
    depth.set({ kind: j.kind, state: j.state }, Number(j.n));
    if (j.lag !== null) lag.set({ kind: j.kind }, Number(j.lag));
  }
  overdue.set(Number(clocks[0]?.n ?? 0));
  lateness.set(Number(clocks[0]?.late ?? 0));
  for (const s of sweeps) {
    sweepLate.set({ sweep: s.name }, Number(s.late));
    sweepRuns.set({ sweep: s.name }, Number(s.runs));
  }
  return registry.metrics();
}

/** Whether this request may read /metrics: the bearer token, or a direct loopback connection without one configured. */
export function mayReadMetrics(req: FastifyRequest, cfg: Config): boolean {
  if (cfg.METRICS_TOKEN) {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const given = Buffer.from(m?.[1] ?? '');
    const want = Buffer.from(cfg.METRICS_TOKEN);
    return given.length === want.length && timingSafeEqual(given, want);
  }
  const addr = req.socket.remoteAddress ?? '';
  const loopback = addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
  // Behind a proxy on the same host every request comes from loopback: a proxy header means "not direct".
  return loopback && !req.headers['x-forwarded-for'] && !req.headers.forwarded && !req.headers['x-real-ip'];
}

const ASK = 'amends:metrics?';
const ANSWER = 'amends:metrics!';

/** In a --workers child: answer the primary's request for this process's metrics. */
export function answerClusterMetrics(metrics: Metrics): void {
  if (!cluster.isWorker) return;
  process.on('message', (msg: { type?: string; id?: number }) => {
    if (msg?.type !== ASK) return;
    void metrics.registry.getMetricsAsJSON().then((json) => process.send?.({ type: ANSWER, id: msg.id, json }));
  });
}

/** In a --workers child: the metrics of every process, added up by the primary. */
function clusterText(): Promise<string> {
  return new Promise((resolve, reject) => {
    const id = Math.floor(Math.random() * 2 ** 31);
    const onMessage = (msg: { type?: string; id?: number; text?: string }) => {
      if (msg?.type !== `${ANSWER}all` || msg.id !== id) return;
      process.off('message', onMessage);
      clearTimeout(timer);
      resolve(msg.text ?? '');
    };
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the primary did not answer for metrics'));
    }, 5_000);
    process.on('message', onMessage);
    process.send?.({ type: `${ASK}all`, id });
  });
}

/**
 * In the primary of --workers: when a child asks, collect every child's metrics (and the
 * primary's own, e.g. its job worker's) and answer with their sum.
 */
export function aggregateClusterMetrics(own: Metrics | null): void {
  const gather = async (): Promise<string> => {
    const children = Object.values(cluster.workers ?? {}).filter((w) => w && w.isConnected());
    const parts = await Promise.all(
      children.map(
        (w) =>
          new Promise<metric[] | null>((resolve) => {
            const id = Math.floor(Math.random() * 2 ** 31);
            const onMessage = (msg: { type?: string; id?: number; json?: metric[] }) => {
              if (msg?.type !== ANSWER || msg.id !== id) return;
              w!.off('message', onMessage);
              clearTimeout(timer);
              resolve(msg.json ?? null);
            };
            const timer = setTimeout(() => {
              w!.off('message', onMessage);
              resolve(null);
            }, 3_000);
            w!.on('message', onMessage);
            w!.send({ type: ASK, id });
          }),
      ),
    );
    const all = parts.filter((p): p is metric[] => !!p);
    if (own) all.push(await own.registry.getMetricsAsJSON());
    return AggregatorRegistry.aggregate(all as never).metrics();
  };
  cluster.on('message', (worker, msg: { type?: string; id?: number }) => {
    if (msg?.type !== `${ASK}all`) return;
    gather().then(
      (text) => worker.send({ type: `${ANSWER}all`, id: msg.id, text }),
      () => worker.send({ type: `${ANSWER}all`, id: msg.id, text: '' }),
    );
  });
}

/** Route pattern and timing for every request, and GET /metrics. */
export function registerMetrics(app: FastifyInstance, deps: { db: Db; config: Config; metrics: Metrics }): void {
  const { metrics } = deps;
  // A callback hook, not an async one: no promise per answer.
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route !== '/metrics') {
      metrics.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
      metrics.requestSeconds.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    }
    done();
  });
  app.get('/metrics', { config: { permission: 'public' }, schema: { hide: true } }, async (req: FastifyRequest, reply: FastifyReply) => {
    if (!mayReadMetrics(req, deps.config)) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'not found' } });
    const own = cluster.isWorker ? await clusterText() : await metrics.registry.metrics();
    const fromDb = await databaseMetrics(deps.db);
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(`${own}\n${fromDb}`);
  });
}
