// `npx tsx bench/ack-drain.ts`: the job worker's acknowledgement throughput alone, and its
// CPU per mail (worker process + its PostgreSQL backends). A backlog of acknowledgements is
// made once through intake (a web-only server, so nothing is sent); then each round puts those
// messages and their jobs back to queued/pending, starts a worker-only process and times it
// until the backlog is gone. Rounds can alternate between checkouts for an A/B on the same rows:
//   BENCH_DATABASE_URL   database (default postgres://postgres@127.0.0.1:5432/amends_ackdrain)
//   BENCH_ACK_MAILS      backlog size (default 5,000)
//   BENCH_ACK_ROOTS      comma list of checkouts to run the worker from, in turn (default: this one)
//   BENCH_ACK_ROUNDS     rounds per checkout (default 2)
//   BENCH_SMTP_QUERY     appended to the worker's SMTP_URL (e.g. ?maxConnections=10)
//   BENCH_PROF           a folder: the worker writes a CPU profile there
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import autocannon from 'autocannon';
import { SMTPServer } from 'smtp-server';
import { CpuMeter } from './cpu.ts';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const URL_ = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/amends_ackdrain';
const MAILS = Number(env.BENCH_ACK_MAILS ?? 5_000);
const ROOTS = (env.BENCH_ACK_ROOTS ?? here).split(',');
const ROUNDS = Number(env.BENCH_ACK_ROUNDS ?? 2);
const log = (s: string) => process.stdout.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spawnAmends(root: string, role: string, port: number, smtpPort: number): ChildProcess {
  const prof = env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(env.BENCH_PROF)}`] : [];
  return spawn(process.execPath, [...prof, '--import', 'tsx', 'src/cli.ts', 'serve', '--role', role], {
    cwd: root,
    env: {
      ...env,
      DATABASE_URL: URL_,
      DATABASE_POOL_SIZE: '20',
      PORT: String(port),
      PUBLIC_FORM_RATE_LIMIT: '100000000',
      LOG_LEVEL: 'warn',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}${env.BENCH_SMTP_QUERY ?? ''}`,
      WORKER_POLL_MS: '200',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** Resolves once the process has said it is running (compiled, migrated). */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Amends is running')) resolve();
    });
    child.once('exit', () => reject(new Error('the process exited before it was ready')));
    setTimeout(() => reject(new Error('the process did not start within 3 minutes')), 180_000).unref();
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function main() {
  const u = new URL(URL_);
  const name = u.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(URL_), { pathname: '/postgres' }).toString() });
  await admin.connect();
  if (!(await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount) await admin.query(`create database ${name}`);
  await admin.end();

  let sent = 0;
  const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (s, _x, done) => s.on('data', () => {}).on('end', () => (sent++, done())) });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const client = new pg.Client({ connectionString: URL_, application_name: 'amends-bench' });

  // The backlog: acknowledgements of complaints made through intake on a web-only server (nothing sent).
  const port = 4100 + Math.floor(Math.random() * 800);
  const web = spawnAmends(here, 'web', port, smtpPort);
  try {
    await ready(web);
    await client.connect();
    const have = Number((await client.query(`select count(*) as n from messages where kind = 'acknowledgement' and recipient like 'drain-%'`)).rows[0].n);
    if (have < MAILS) {
      log(`making ${MAILS - have} acknowledgements through intake …`);
      let i = 0;
      await autocannon({
        url: `http://127.0.0.1:${port}/api/v1/public/complaints`,
        method: 'POST',
        connections: 32,
        amount: MAILS - have,
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ name: `Drain ${++i}`, email: `drain-${Date.now()}-${i}@bench.example`, body: 'My order arrived late and the box was damaged!!! When will you fix this?', language: 'en' }) }) }],
      });
    }
  } finally {
    await stopProcess(web);
  }
  const ids = (await client.query(`select id from messages where kind = 'acknowledgement' and recipient like 'drain-%' order by created_at limit ${MAILS}`)).rows.map((r) => r.id as string);
  log(`backlog: ${ids.length} acknowledgements`);
  const due = async () => Number((await client.query(`select count(*) as n from jobs where state in ('pending', 'running')`)).rows[0].n);

  for (let round = 0; round < ROUNDS; round++) {
    for (const root of ROOTS) {
      // Nothing else pending (jobs of other kinds would be timed too).
      await client.query(`update jobs set state = 'done', finished_at = now() where state in ('pending', 'running')`);
      await client.query(`update messages set delivery_status = 'sent' where kind = 'acknowledgement' and delivery_status <> 'sent'`);
      // Fresh statistics and no dead rows from the last round, as autovacuum would leave them.
      await client.query('vacuum analyze messages, jobs, cases');
      const worker = spawnAmends(root, 'worker', 0, smtpPort);
      try {
        // Let it start (compile, migrate, first sweeps) before the clock starts.
        await ready(worker);
        await sleep(2_000);
        const meter = new CpuMeter(worker.pid!, name);
        meter.exclude.add(Number((await client.query('select pg_backend_pid() as p')).rows[0].p));
        const sentBefore = sent;
        await client.query(`update messages set delivery_status = 'queued', external_id = null, sent_at = null, delivery_note = null where id = any($1::uuid[])`, [ids]);
        meter.start();
        const t0 = Date.now();
        await client.query(
          `update jobs set state = 'pending', attempts = 0, run_at = now(), locked_by = null, locked_until = null, finished_at = null
           where kind = 'message.send' and payload->>'messageId' = any($1::text[])`,
          [ids],
        );
        while ((await due()) > 0 && Date.now() - t0 < 300_000) await sleep(50);
        const s = (Date.now() - t0) / 1000;
        const cpu = meter.stop();
        const n = sent - sentBefore;
        log(
          `  = ${root.split('/').pop()}: ${n} acknowledgements in ${s.toFixed(1)} s (${Math.round(n / s)} mails/s); CPU per mail worker + postgres ` +
            `${(cpu.serverMs / n).toFixed(2)} + ${(cpu.postgresMs / n).toFixed(2)} = ${((cpu.serverMs + cpu.postgresMs) / n).toFixed(2)} ms`,
        );
      } finally {
        await stopProcess(worker);
      }
    }
  }
  await client.end();
  await new Promise<void>((r) => smtp.close(() => r()));
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
