// `npm run bench`: measures the targets of the brief on this machine and
// prints the figures (never asserted in tests). Uses the local PostgreSQL
// (BENCH_DATABASE_URL, default database amends_bench, created if missing).
//   BENCH_CASES        backlog for the intake test (default 250,000)
//   BENCH_QUEUE_CASES  backlog for the queue test (default 1,000,000; from 10,000,000 on, e.g.
//                      BENCH_QUEUE_CASES=10000000, its own database <name>_10m, made once and reused:
//                      a bulk fill, secondary indexes built once at the end, see bench/prefill.ts)
//   BENCH_QUEUE_ROUNDS rounds of the queue's queries, 3 pages each (default 40)
//   BENCH_SECONDS      length of the intake load (default 20)
//   BENCH_ONLY         comma list: intake,ack,queue,timers,detection,web,email,lifecycle,reports,scaling,ceiling
//                      (or as arguments: `npm run bench -- lifecycle intake`)
//                      (reports: the management report routes at BENCH_QUEUE_CASES cases, bench/reports.ts)
//   BENCH_CLIENTS      intake concurrency, comma list (default 8,32,64)
//   BENCH_LIFECYCLE_SIZES  case counts for the lifecycle run (default 10000,1000000)
//   BENCH_LIFECYCLE_CLIENTS  its concurrency, comma list (default 8,32)
//                      (email: raw MIME through POST /api/v1/channels/email/raw, a new case per mail, after 3 s of warm-up)
//   BENCH_ROLE         all (default: web and worker in one process) or web (no worker: intake alone)
//   BENCH_TIMERS_PENDING  far-future timers for the timer-lateness run (default 10,000,000; own
//                      database <name>_timers, made once and reused)
//   BENCH_SCALING_CLIENTS  concurrency of the process-scaling run (default 32; bench/scaling.ts)
// ceiling: pgbench's built-in transactions on the same machine, no application (bench/ceiling.ts), at
// BENCH_LIFECYCLE_CLIENTS (default 32) for BENCH_SECONDS each: what the lifecycle figure is read against.
// Each lifecycle size has its own database (<name>_<size>), and so have the reports (<name>_reports),
// so the intake figures stay at BENCH_CASES (the queue, last, grows <name> to BENCH_QUEUE_CASES).
// After the largest lifecycle run it prints table and index sizes and dead rows (scripts/table-sizes.ts).
//   BENCH_PROF         a folder: the server runs with --cpu-prof and writes its profile there on exit
//   BENCH_ACK_RATES    steady complaint rates for the acknowledgement lateness (default 500,1000; bench/ack-rate.ts),
//   BENCH_ACK_SECONDS  each for this long (default 10)
//   BENCH_ACK_CLIENT   fetch: the acknowledgement loads post through fetch (undici) instead of node:http
//                      (bench/post.ts: about a tenth of fetch's CPU per request on the shared cores)
// The intake runs print their client's CPU per request (autocannon, in this process with the bench's
// SMTP server and CPU sampling) and the complaints per group commit (the server's /metrics).
//   BENCH_SERVER_ROOT  the checkout whose server is measured (default this one: an A/B against another branch)
//   BENCH_SMTP_QUERY   appended to the server's SMTP_URL (e.g. ?maxConnections=10: the mail pool's size)
//   BENCH_WARM_COMPLAINTS  complaints posted (8 clients, not counted) before the intake figures (default 4,000;
//                      was 3 s: on the shared cores a few hundred, and the first figure still carried the JIT's warm-up)
// Intake and email also print CPU ms per complaint: the server process and the database's
// PostgreSQL backends (bench/cpu.ts), from the first request until the worker has sent every
// acknowledgement they queued (role all) — wall figures are noisy on a shared machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import autocannon from 'autocannon';
import { SMTPServer } from 'smtp-server';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { prefill, settleBacklog } from './prefill.ts';
import { benchTimers } from './timers.ts';
import { benchWeb } from './web.ts';
import { benchQueue, type QueueBenchResult } from './queue.ts';
import { benchLifecycle } from './lifecycle.ts';
import { createApiToken } from '../src/staff/api-tokens.ts';
import { benchScaling } from './scaling.ts';
import { housekeepingReport, summary, type Figure } from './summary.ts';
import { CpuMeter } from './cpu.ts';
import { benchAckRate } from './ack-rate.ts';
import { closeAgents, postJson } from './post.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const URL_ = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/amends_bench';
const CASES = Number(env.BENCH_CASES ?? 250_000);
const QUEUE_CASES = Number(env.BENCH_QUEUE_CASES ?? 1_000_000);
/** From ten million cases the queue has a database of its own (<name>_10m), made once and reused. */
const BIG_QUEUE = QUEUE_CASES >= 10_000_000;
const QUEUE_ROUNDS = Number(env.BENCH_QUEUE_ROUNDS ?? 40);
const SECONDS = Number(env.BENCH_SECONDS ?? 20);
const ACK_SECONDS = Number(env.BENCH_ACK_SECONDS ?? 10);
const ROLE = env.BENCH_ROLE === 'web' ? 'web' : 'all';
const picked = [...(env.BENCH_ONLY ? env.BENCH_ONLY.split(',') : []), ...process.argv.slice(2)].filter(Boolean);
const only = picked.length ? new Set(picked) : null;
const CLIENTS = (env.BENCH_CLIENTS ?? '8,32,64').split(',').map(Number);
const TIMERS_PENDING = Number(env.BENCH_TIMERS_PENDING ?? 10_000_000);
const WARM_COMPLAINTS = Number(env.BENCH_WARM_COMPLAINTS ?? 4000);
const LIFECYCLE_SIZES = (env.BENCH_LIFECYCLE_SIZES ?? '10000,1000000').split(',').map(Number);
// Below saturation (8) and at it (32): request latency is the figure at 8, throughput at 32.
const LIFECYCLE_CLIENTS = (env.BENCH_LIFECYCLE_CLIENTS ?? '8,32').split(',').map(Number);
const want = (k: string) => !only || only.has(k);
const results: Figure[] = [];
const log = (s: string) => process.stdout.write(`${s}\n`);
/** Keeps a figure for the summary and prints it at once (a later failure loses nothing). */
const record = (r: (typeof results)[number]) => {
  results.push(r);
  log(`  = ${r.name}: ${typeof r.value === 'number' ? r.value.toLocaleString('en') : r.value} ${r.unit}`);
};

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

export async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  const { rowCount } = await c.query('select 1 from pg_database where datname = $1', [name]);
  if (!rowCount) await c.query(`create database ${name}`);
  await c.end();
}

export async function startServer(port: number, smtpPort: number, databaseUrl = URL_, role: string = ROLE): Promise<ChildProcess> {
  const prof = env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(env.BENCH_PROF)}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', 'src/cli.ts', 'serve', '--role', role], {
    cwd: env.BENCH_SERVER_ROOT ?? root,
    env: {
      ...env,
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '20',
      PORT: String(port),
      PUBLIC_FORM_RATE_LIMIT: '100000000',
      PORTAL_RATE_LIMIT_PER_TOKEN: '100000000',
      PORTAL_RATE_LIMIT_PER_ADDRESS: '100000000',
      LOG_LEVEL: 'warn',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}${env.BENCH_SMTP_QUERY ?? ''}`,
      WORKER_POLL_MS: '200',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Up to a minute: a loaded machine compiles and migrates slowly.
  for (let i = 0; i < 600; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('server did not start');
}

/** The queue's figures: all requests' p50 / p95, CPU per request, and the slowest queries. */
function recordQueue(r: QueueBenchResult, cases: number): void {
  record({ name: `queue page (50 rows) p50 / p95 over ${r.times.length} requests`, value: `${pct(r.times, 50).toFixed(1)} / ${pct(r.times, 95).toFixed(1)}`, unit: `ms at ${cases.toLocaleString('en')} cases`, target: 'p95 < 25 ms' });
  record({ name: `queue page at ${cases.toLocaleString('en')} cases: CPU per request, server + PostgreSQL backends`, value: `${r.serverCpuMs.toFixed(2)} + ${r.postgresCpuMs.toFixed(2)}`, unit: 'ms' });
  for (const q of r.perQuery) log(`    ${q.query.replace(/ownerId=[^&]+/, 'ownerId=…').padEnd(84)} p50 ${q.p50.toFixed(1).padStart(6)} ms   p95 ${q.p95.toFixed(1).padStart(6)} ms`);
}

async function main() {
  log(`Amends benchmarks — PostgreSQL ${URL_.replace(/\/\/[^@]*@/, '//')}`);
  if (want('detection')) {
    try {
      const { benchDetection } = await import('./detection.ts');
      for (const r of await benchDetection()) record({ ...r, target: r.unit.includes('messages/s') ? '≥ 20,000' : undefined });
    } catch (err) {
      log(`  detection benchmark unavailable: ${(err as Error).message}`);
    }
  }
  if (want('web')) {
    log('web: initial JavaScript and the queue page in Chromium with 10,000 cases …');
    const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (s, _x, done) => s.on('end', () => done()).resume() });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    try {
      const smtpPort = (smtp.server.address() as { port: number }).port;
      // A machine without Chromium still runs the rest of the bench.
      const r = await benchWeb({ ensureDatabase, startServer, smtpPort, log }, URL_).catch((err: Error) => void log(`  web benchmark unavailable: ${err.message}`));
      if (r) {
        record({ name: `agent app: JavaScript index.html loads (${r.js.files.length} files: entry, boot, preloads of the desk and queue; ${(r.js.raw / 1024).toFixed(0)} KB raw; CSS ${(r.js.css / 1024).toFixed(0)} KB gzipped)`, value: (r.js.gzip / 1024).toFixed(1), unit: 'KB gzipped', target: '≤ 150 KB' });
        record({ name: `agent app: JavaScript a fresh browser fetched before the queue's rows (${r.firstScreen.files} files)`, value: (r.firstScreen.gzip / 1024).toFixed(1), unit: `KB gzipped (${(r.firstScreen.wire / 1024).toFixed(1)} KB on the wire)`, target: '≤ 150 KB', before: '183 KB' });
        record({ name: 'queue rows visible from a cold browser (fresh context, signed in), p50 / p95', value: `${pct(r.cold, 50).toFixed(0)} / ${pct(r.cold, 95).toFixed(0)}`, unit: `ms (${r.pre.cases.toLocaleString('en')} cases)`, target: '< 300 ms', before: '832 ms p50' });
        record({ name: 'cold: the first rows painted (the next frame), p50 / p95', value: `${pct(r.coldPainted, 50).toFixed(0)} / ${pct(r.coldPainted, 95).toFixed(0)}`, unit: 'ms' });
        record({ name: "cold: the app's own rows (working: checkboxes, take over), p50 / p95", value: `${pct(r.coldLive, 50).toFixed(0)} / ${pct(r.coldLive, 95).toFixed(0)}`, unit: 'ms' });
        record({ name: 'queue rows visible from a cold browser over a 40 ms / 20 Mbit/s link, p50 / max', value: `${pct(r.coldNet, 50).toFixed(0)} / ${Math.max(...r.coldNet).toFixed(0)}`, unit: 'ms' });
        record({ name: 'queue rows visible, warm (the same browser again), p50 / p95', value: `${pct(r.warm, 50).toFixed(0)} / ${pct(r.warm, 95).toFixed(0)}`, unit: 'ms', before: '358 / 497 ms' });
      }
    } finally {
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  }
  if (want('lifecycle')) {
    for (const size of LIFECYCLE_SIZES) {
      // Each size has its own database, since a prefill only ever grows one.
      const url = URL_.replace(/\/([^/?]+)(\?|$)/, `/$1_${size}$2`);
      await ensureDatabase(url);
      const d = await openDatabase({ url, poolSize: 10 });
      await migrate(d);
      log(`lifecycle: prefilling ${size.toLocaleString('en')} cases …`);
      const p = await prefill(d, size, log);
      await settleBacklog(d, log);
      const owners: Record<string, string> = {};
      for (const userId of p.agentIds) owners[userId] = (await createApiToken(d.db, { name: 'bench owner', role: 'agent', userId })).token;
      await d.exec("update jobs set state = 'done', finished_at = now() where state in ('pending', 'running')");
      await d.close();
      const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (st, _x, done) => st.on('end', () => done()).resume() });
      await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
      const port = 3900 + Math.floor(Math.random() * 90);
      const server = await startServer(port, (smtp.server.address() as { port: number }).port, url);
      try {
        for (const clients of LIFECYCLE_CLIENTS) {
          log(`lifecycle: ${clients} clients for ${SECONDS} s with ${p.cases.toLocaleString('en')} cases …`);
          // Warm the server (JIT, pool, prepared statements) so the CPU figures measure the steady state.
          await benchLifecycle({ base: `http://127.0.0.1:${port}`, token: p.token, owners, clients, seconds: 3 });
          const meter = new CpuMeter(server.pid!, new URL(url).pathname.slice(1));
          meter.start();
          const r = await benchLifecycle({ base: `http://127.0.0.1:${port}`, token: p.token, owners, clients, seconds: SECONDS });
          const cpu = meter.stop();
          const all = [...r.steps.values()].flat();
          record({ name: `lifecycle at ${p.cases.toLocaleString('en')} cases, ${clients} clients: full lifecycles per second`, value: Math.round(r.lifecycles / r.seconds), unit: `lifecycles/s (${r.lifecycles} done, ${r.failures} failed)`, target: '≥ 300', before: size >= 1_000_000 ? '19/s' : '20/s' });
          record({ name: `lifecycle at ${p.cases.toLocaleString('en')} cases, ${clients} clients: any request p50 / p95`, value: `${pct(all, 50).toFixed(1)} / ${pct(all, 95).toFixed(1)}`, unit: 'ms', target: 'p95 < 50 ms', before: '122 / 275–293 ms' });
          record({
            name: `lifecycle at ${p.cases.toLocaleString('en')} cases, ${clients} clients: CPU ms per lifecycle, server + postgres backends`,
            value: `${(cpu.serverMs / r.lifecycles).toFixed(1)} + ${(cpu.postgresMs / r.lifecycles).toFixed(1)}`,
            unit: `ms (per request ${(cpu.serverMs / all.length).toFixed(2)} + ${(cpu.postgresMs / all.length).toFixed(2)} ms, ${all.length} requests)`,
          });
          for (const [step, ms] of r.steps) log(`    ${step.padEnd(22)} p50 ${pct(ms, 50).toFixed(1).padStart(7)} ms   p95 ${pct(ms, 95).toFixed(1).padStart(7)} ms   (${ms.length})`);
          for (const e of r.errors) log(`    failure: ${e}`);
        }
      } finally {
        server.kill('SIGTERM');
        await new Promise<void>((r) => smtp.close(() => r()));
      }
      if (size === Math.max(...LIFECYCLE_SIZES)) await housekeepingReport(url, record, log, `after the lifecycle run at ${p.cases.toLocaleString('en')} cases`);
    }
  }
  if (want('reports')) {
    log(`reports: the management reports at ${QUEUE_CASES.toLocaleString('en')} cases …`);
    // Its own database: the reports' prefill grows to a million cases, and the intake figures stay at BENCH_CASES.
    const rurl = URL_.replace(/\/([^/?]+)(\?|$)/, '/$1_reports$2');
    await ensureDatabase(rurl);
    const rdb = await openDatabase({ url: rurl, poolSize: 4 });
    try {
      await migrate(rdb);
      const { benchReports } = await import('./reports.ts');
      const r = await benchReports(rdb, QUEUE_CASES, log);
      if (r.backfillDays) record({ name: `reports: rollup backfill (${r.backfillDays} days, ${r.rollupRows.toLocaleString('en')} rollup rows)`, value: (r.backfillMs / 1000).toFixed(1), unit: 's' });
      record({ name: 'reports: incremental rollup refresh after one case changed', value: r.incrementalMs.toFixed(0), unit: 'ms' });
      for (const f of r.figures) record({ name: `report ${f.name}, p50 / p95 (${r.cases.toLocaleString('en')} cases)`, value: `${f.p50.toFixed(0)} / ${f.p95.toFixed(0)}`, unit: 'ms', target: 'p95 < 500 ms' });
    } finally {
      await rdb.close();
    }
  }
  if (want('timers')) {
    // Its own database: ten million far-future timers, made once and reused, stay out of the intake figures.
    const turl = URL_.replace(/\/([^/?]+)(\?|$)/, '/$1_timers$2');
    await ensureDatabase(turl);
    const tdb = await openDatabase({ url: turl, poolSize: 10 });
    try {
      await migrate(tdb);
      log(`timers: ${TIMERS_PENDING.toLocaleString('en')} pending, 1,000 due per second …`);
      const r = await benchTimers(tdb, log, { pending: TIMERS_PENDING });
      record({ name: `timers: lateness p50 / p99 / max (${r.fired.toLocaleString('en')}/${r.expected.toLocaleString('en')} fired, ${r.pending.toLocaleString('en')} pending)`, value: `${r.p50.toFixed(0)} / ${r.p99.toFixed(0)} / ${r.max.toFixed(0)}`, unit: `ms (worker process CPU ${(r.workerCpu * 100).toFixed(0)}% of one core)`, target: 'p99 < 250 ms', before: '2 / 183 / 272 ms at 1M' });
      record({ name: 'timers: CPU per timer fired, worker + PostgreSQL (all backends, other load included)', value: `${r.workerCpuMsPerTimer.toFixed(2)} + ${r.pgCpuMsPerTimer.toFixed(2)}`, unit: 'ms' });
      record({ name: `timers: the claim query with ${r.pending.toLocaleString('en')} pending, nothing due`, value: r.claimMs.toFixed(2), unit: `ms (${r.claimIndex})` });
      record({ name: `timers: jobs table on disk (~${Number(r.jobsTable.rows).toLocaleString('en')} rows)`, value: r.jobsTable.total, unit: `(heap ${r.jobsTable.heap}, indexes ${r.jobsTable.indexes})` });
    } finally {
      await tdb.close();
    }
  }
  if (want('scaling')) {
    await ensureDatabase(URL_);
    const sdb = await openDatabase({ url: URL_, poolSize: 4 });
    try {
      await migrate(sdb);
      const pre = await prefill(sdb, CASES, log);
      await settleBacklog(sdb, log);
      const clients = Number(env.BENCH_SCALING_CLIENTS ?? 32);
      for (const r of await benchScaling(sdb, URL_, { clients, seconds: SECONDS, log })) {
        record({ name: `scaling: ${r.setup}, ${clients} clients, ${pre.cases.toLocaleString('en')} cases: complaints/s (p50 / p99)`, value: r.perSecond, unit: `complaints/s (${r.p50} / ${r.p99} ms, ${r.non2xx} non-2xx)`, target: '≥ 1,000' });
        record({ name: `scaling: ${r.setup}: acknowledgement out under that load p50 / p99`, value: `${r.ackP50.toFixed(0)} / ${r.ackP99.toFixed(0)}`, unit: `ms (${r.acked.toLocaleString('en')}/${r.stored.toLocaleString('en')} sent)`, target: 'p99 < 1,000 ms' });
        record({ name: `scaling: ${r.setup}: CPU per complaint, Amends + PostgreSQL (all backends)`, value: `${r.appCpuMs.toFixed(2)} + ${r.pgCpuMs.toFixed(2)}`, unit: `ms (${r.perProcessCpuMs})` });
      }
    } finally {
      await sdb.close();
    }
  }
  if (want('ceiling')) {
    // Its own scratch database (<name>_pgbench), re-initialised by pgbench each run.
    const curl = URL_.replace(/\/([^/?]+)(\?|$)/, '/$1_pgbench$2');
    await ensureDatabase(curl);
    const clients = Math.max(...LIFECYCLE_CLIENTS);
    log(`ceiling: pgbench's own transactions, ${clients} clients, ${SECONDS} s each …`);
    const { benchCeiling } = await import('./ceiling.ts');
    const figures = benchCeiling(curl, { clients, seconds: SECONDS });
    if (!figures) log('  skipped: pgbench is not installed (Debian: postgresql-client)');
    for (const f of figures ?? []) {
      record({ name: `ceiling: pgbench ${f.script}, ${clients} clients, no application: transactions per second`, value: f.tps, unit: `tx/s (latency ${f.latencyMs.toFixed(1)} ms; ÷ 11 = ${Math.round(f.tps / 11)} lifecycles/s if each request cost one such transaction and nothing else)` });
    }
  }
  if (want('queue') && BIG_QUEUE) {
    // Its own database (<name>_10m for ten million), made once and reused: the intake figures stay at BENCH_CASES.
    const qurl = URL_.replace(/\/([^/?]+)(\?|$)/, `/$1_${QUEUE_CASES % 1_000_000 ? QUEUE_CASES : `${QUEUE_CASES / 1_000_000}m`}$2`);
    await ensureDatabase(qurl);
    const qdb = await openDatabase({ url: qurl, poolSize: 4 });
    let p: Awaited<ReturnType<typeof prefill>>;
    try {
      await migrate(qdb);
      log(`queue: prefilling ${QUEUE_CASES.toLocaleString('en')} cases in ${new URL(qurl).pathname.slice(1)} (once; reused after) …`);
      p = await prefill(qdb, QUEUE_CASES, log);
    } finally {
      await qdb.close();
    }
    const port = 3900 + Math.floor(Math.random() * 90);
    // The web role, as in production: no worker beside the queue's requests.
    const server = await startServer(port, 9, qurl, 'web');
    try {
      log(`queue: first pages and cursor pages with ${p.cases.toLocaleString('en')} cases …`);
      recordQueue(await benchQueue({ base: `http://127.0.0.1:${port}`, token: p.token, agentIds: p.agentIds, server, database: new URL(qurl).pathname.slice(1), rounds: QUEUE_ROUNDS }), p.cases);
    } finally {
      server.kill('SIGTERM');
    }
  }
  if (!want('intake') && !want('ack') && !want('queue') && !want('email')) return;
  if (!want('intake') && !want('ack') && !want('email') && BIG_QUEUE) return;
  await ensureDatabase(URL_);
  const database = await openDatabase({ url: `${URL_}${URL_.includes('?') ? '&' : '?'}application_name=amends-bench`, poolSize: 10 });
  await migrate(database);
  log(`prefilling ${CASES.toLocaleString('en')} cases …`);
  let pre = await prefill(database, CASES, log);
  await settleBacklog(database, log);
  // Mail jobs left by an earlier run point at an SMTP server that is gone: settle them so this run measures itself.
  await database.exec("update jobs set state = 'done', finished_at = now() where state in ('pending', 'running')");

  const mails: number[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _s, done) {
      stream.on('data', () => {}).on('end', () => {
        mails.push(Date.now());
        done();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const port = 3900 + Math.floor(Math.random() * 90);
  const server = await startServer(port, smtpPort);
  const base = `http://127.0.0.1:${port}`;
  const meter = new CpuMeter(server.pid!, new URL(URL_).pathname.slice(1));
  // The bench's own connections are marked by their application_name and left out of the product's CPU.
  const ownBackends = async () => {
    for (const r of await queryRows<{ pid: number }>(database.db, sql`select pid from pg_stat_activity where application_name = 'amends-bench'`)) meter.exclude.add(Number(r.pid));
  };
  const due = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from jobs where state in ('pending', 'running') and run_at <= now()`))[0]!.n;
  /** The server's intake group commits so far (its /metrics, read from loopback): complaints and commits. */
  const intakeBatches = async () => {
    const text = await fetch(`${base}/metrics`).then((r) => r.text());
    const read = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    return { sum: read('amends_intake_batch_size_sum'), count: read('amends_intake_batch_size_count') };
  };
  /** After a load: waits until the worker has done what it queued; CPU per accepted item over the whole span. */
  const settle = async (label: string, ok: number) => {
    const t0 = Date.now();
    if (ROLE === 'all') {
      while ((await due()) > 0 && Date.now() - t0 < 120_000) {
        await ownBackends();
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    const drainS = (Date.now() - t0) / 1000;
    const cpu = meter.stop();
    record({
      name: `${label}: CPU per item, server process + PostgreSQL backends (incl. the worker's acknowledgements)`,
      value: `${(cpu.serverMs / ok).toFixed(2)} + ${(cpu.postgresMs / ok).toFixed(2)} = ${((cpu.serverMs + cpu.postgresMs) / ok).toFixed(2)}`,
      unit: `ms (${ok} items; worker drained ${drainS.toFixed(1)} s after the load; ${Math.round(ok / (SECONDS + drainS))}/s with the acknowledgements out)`,
    });
  };
  try {
    if (want('intake')) {
      // A server that has just started compiles its hot paths, fills its pool and prepares its
      // statements on the first requests: warm it (not counted) so the first figure, at 8
      // clients, measures the running product and not its start (12-06: 7.3 ms cold vs 4.0 warm).
      // A number of complaints, not seconds: 3 s on the loaded shared cores were ~450 complaints, and
      // three 8-client runs in a row then cost 1.44, 1.03 and 0.79 ms of server CPU per complaint.
      let w = 0;
      await autocannon({
        url: `${base}/api/v1/public/complaints`,
        method: 'POST',
        connections: 8,
        amount: WARM_COMPLAINTS,
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `warm-${process.pid}-${++w}@bench.example`, body: 'My order arrived late and the box was damaged!!!' }) }) }],
      });
      for (let t0 = Date.now(); ROLE === 'all' && (await due()) > 0 && Date.now() - t0 < 60_000; ) await new Promise((r) => setTimeout(r, 200));
      // Customers arrive from many connections at once: measure at the concurrency they bring.
      for (const connections of CLIENTS) {
        log(`intake: public form over HTTP for ${SECONDS} s, ${connections} clients, with ${pre.cases.toLocaleString('en')} cases stored …`);
        let i = 0;
        await ownBackends();
        const batches0 = await intakeBatches();
        meter.start();
        const clientCpu0 = process.cpuUsage();
        const run = await autocannon({
          url: `${base}/api/v1/public/complaints`,
          method: 'POST',
          connections,
          duration: SECONDS,
          headers: { 'content-type': 'application/json' },
          requests: [
            {
              setupRequest: (req) => {
                i++;
                return { ...req, body: JSON.stringify({ name: `Load ${i}`, email: `load-${process.pid}-${connections}-${i}@bench.example`, body: 'My order arrived late and the box was damaged!!! When will you fix this?', language: 'en' }) };
              },
            },
          ],
        });
        const ok = run['2xx'];
        const clientCpu = process.cpuUsage(clientCpu0);
        const clientMs = (clientCpu.user + clientCpu.system) / 1000 / Math.max(1, run.requests.total);
        const batches1 = await intakeBatches();
        const perBatch = (batches1.sum - batches0.sum) / Math.max(1, batches1.count - batches0.count);
        record({ name: `intake at ${connections} clients: complaints accepted per second (HTTP, PostgreSQL, --role ${ROLE}, ${pre.cases.toLocaleString('en')} cases)`, value: Math.round(ok / SECONDS), unit: 'complaints/s', target: '≥ 1,000', before: ({ 8: '286/s', 32: '611/s', 64: '811/s' } as Record<number, string>)[connections] });
        record({ name: `intake at ${connections} clients: latency p50 / p99`, value: `${run.latency.p50} / ${run.latency.p99}`, unit: `ms (the bench's client, autocannon: ${clientMs.toFixed(3)} ms CPU per request)` });
        record({ name: `intake at ${connections} clients: non-2xx answers`, value: run.non2xx + run.errors, unit: `requests (${perBatch.toFixed(1)} complaints per group commit)` });
        await settle(`intake at ${connections} clients`, ok);
      }
    }
    if (want('email')) {
      // A mail server's pipe: raw MIME, a scoped token, a fresh Message-ID per mail (each opens a case).
      const { token } = await createApiToken(database.db, { name: 'bench mta', role: 'agent', scopes: ['channels:ingest'] });
      let i = 0;
      const mailLoad = (duration: number) =>
        autocannon({
          url: `${base}/api/v1/channels/email/raw`,
          method: 'POST',
          connections: 16,
          duration,
          headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${token}` },
          requests: [
            {
              setupRequest: (req) => {
                i++;
                const body = [
                  `From: Load ${i} <mail-${process.pid}-${i}@bench.example>`,
                  'To: help@shop.example',
                  `Subject: Order ${i} arrived broken`,
                  `Message-ID: <bench-${process.pid}-${i}-${Date.now()}@bench.example>`,
                  'Date: Mon, 23 Nov 2026 10:00:00 +0000',
                  'MIME-Version: 1.0',
                  'Content-Type: text/plain; charset=utf-8',
                  '',
                  'The parcel arrived broken and nobody answers the phone!!! I want my money back.',
                  '',
                  `On Mon, 23 Nov 2026, Shop <desk@shop.example> wrote:`,
                  '> Thank you for your order.',
                  '',
                ].join('\r\n');
                return { ...req, body };
              },
            },
          ],
        });
      // Warm the server first (not counted), as intake does: a cold one compiles its hot paths on the first mails.
      await mailLoad(3);
      for (let t0 = Date.now(); ROLE === 'all' && (await due()) > 0 && Date.now() - t0 < 60_000; ) await new Promise((r) => setTimeout(r, 200));
      const before = (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from inbound_emails where status = 'routed'`))[0]!.n;
      log(`email: raw MIME over HTTP for ${SECONDS} s (after 3 s of warm-up) …`);
      await ownBackends();
      meter.start();
      const run = await mailLoad(SECONDS);
      const routed = (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from inbound_emails where status = 'routed'`))[0]!.n - before;
      record({ name: `email: raw MIME mails accepted per second (HTTP, PostgreSQL, --role ${ROLE})`, value: Math.round(run['2xx'] / SECONDS), unit: `mails/s (${routed.toLocaleString('en')} routed to cases)` });
      record({ name: 'email: latency p50 / p99', value: `${run.latency.p50} / ${run.latency.p99}`, unit: 'ms' });
      record({ name: 'email: non-2xx answers', value: run.non2xx + run.errors, unit: 'requests' });
      await settle('email', run['2xx']);
    }
    if (ROLE === 'all' && (want('ack') || want('intake'))) {
      // Let the worker drain what the intake run queued, and time it (worker throughput).
      const backlog = await due();
      const drainStart = Date.now();
      while ((await due()) > 0 && Date.now() - drainStart < 120_000) await new Promise((r) => setTimeout(r, 200));
      if (backlog > 0) {
        const s = (Date.now() - drainStart) / 1000;
        record({ name: 'worker: acknowledgement backlog drained', value: `${backlog} jobs in ${s.toFixed(1)} s`, unit: `(${Math.round(backlog / s)} mails/s)` });
      }
      // Acknowledgement out: from the case's creation to the SMTP server accepting the mail.
      log('acknowledgement: 200 complaints at a steady 50/s …');
      // A server that has just started compiles its hot paths on the first requests: warm it
      // first (unless the intake run did), so p99 measures the product, not the JIT.
      const warmup = want('intake') ? 0 : 100;
      const sentBefore = mails.length + warmup;
      const created: number[] = [];
      for (let k = -warmup; k < 200; k++) {
        const t0 = performance.now();
        await postJson(`${base}/api/v1/public/complaints`, JSON.stringify({ email: k < 0 ? `warm-${process.pid}${k}@bench.example` : `ack-${process.pid}-${k}@bench.example`, body: 'Where is my refund???' }));
        created.push(Date.now());
        const wait = 20 - (performance.now() - t0);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      for (let w = 0; w < 100 && mails.length - sentBefore < 200; w++) await new Promise((r) => setTimeout(r, 100));
      const rows = await queryRows<{ ms: number }>(
        database.db,
        sql`select extract(epoch from (m.sent_at - c.created_at)) * 1000 as ms from messages m join cases c on c.id = m.case_id
            where m.kind = 'acknowledgement' and m.recipient like ${`ack-${process.pid}-%`} and m.sent_at is not null`,
      );
      const ms = rows.map((r) => Number(r.ms));
      record({ name: 'acknowledgement out after intake p50 / p99 (at 50/s)', value: `${pct(ms, 50).toFixed(0)} / ${pct(ms, 99).toFixed(0)}`, unit: `ms (${ms.length}/200 sent)`, target: 'p99 < 1,000 ms', before: '8 / 14 ms' });
      // The same at the target's rate (bench/ack-rate.ts): complaints arriving open-loop for BENCH_ACK_SECONDS.
      for (const rate of (env.BENCH_ACK_RATES ?? '500,1000').split(',').map(Number)) {
        log(`acknowledgement: complaints at a steady ${rate}/s for ${ACK_SECONDS} s …`);
        const r = await benchAckRate({ base, db: database.db, rate, seconds: ACK_SECONDS, tag: `rate-${process.pid}-${rate}` });
        record({ name: `acknowledgement out after intake p50 / p99 (at ${rate}/s)`, value: `${r.p50.toFixed(0)} / ${r.p99.toFixed(0)}`, unit: `ms (${r.sent}/${r.accepted} sent; load reached ${r.achieved}/s; the bench's client ${r.clientCpuMs.toFixed(2)} ms CPU per complaint)`, target: 'p99 < 100 ms' });
      }
    }
    if (want('queue') && !BIG_QUEUE) {
      if (pre.cases < QUEUE_CASES) {
        log(`prefilling to ${QUEUE_CASES.toLocaleString('en')} cases for the queue …`);
        pre = await prefill(database, QUEUE_CASES, log);
      }
      log(`queue: first pages and cursor pages with ${pre.cases.toLocaleString('en')} cases …`);
      recordQueue(await benchQueue({ base, token: pre.token, agentIds: pre.agentIds, server, database: new URL(URL_).pathname.slice(1), rounds: QUEUE_ROUNDS }), pre.cases);
    }
  } finally {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    await new Promise<void>((r) => smtp.close(() => r()));
    await database.close();
    closeAgents();
  }
}

main()
  .then(() => {
    log(`\nResults (${new Date().toISOString().slice(0, 16)} UTC; wall-clock figures on a shared machine are noisy)\n`);
    log(summary(results));
    process.exit(0);
  })
  .catch((err) => {
    if (results.length) log(`\nResults so far\n\n${summary(results)}`);
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  });
