// Process scaling (issue 15, `npm run bench -- scaling`): the same public-form intake against
// one PostgreSQL with (a) one `--role web` process and (b) `--role web --workers 2` (two forked
// web processes sharing the port), each with a separate `--role worker` process sending the
// acknowledgements. Prints complaints/s, the acknowledgement's lateness under that load, and
// CPU ms per complaint (server processes and PostgreSQL backends, from /proc), since wall-clock
// figures on a shared 2-core machine are noisy and two web processes can only help as far as
// the second core is free.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import autocannon from 'autocannon';
import { SMTPServer } from 'smtp-server';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../src/db/client.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface ScalingSetup {
  name: string;
  /** `amends serve` arguments of each process. */
  processes: string[][];
}

export const SETUPS: ScalingSetup[] = [
  { name: '1 web process + 1 worker process', processes: [['--role', 'web'], ['--role', 'worker']] },
  { name: '--workers 2 (2 web processes) + 1 worker process', processes: [['--role', 'web', '--workers', '2'], ['--role', 'worker']] },
];

export interface ScalingResult {
  setup: string;
  perSecond: number;
  non2xx: number;
  p50: number;
  p99: number;
  ackP50: number;
  ackP99: number;
  acked: number;
  accepted: number;
  /** Complaints stored, including those answered just after the duration ended. */
  stored: number;
  /** CPU ms per accepted complaint of each `amends serve` (with its forked children). */
  perProcessCpuMs: string;
  /** CPU ms per accepted complaint: the Amends processes, and PostgreSQL's. */
  appCpuMs: number;
  pgCpuMs: number;
}

const TICK = 100; // clock ticks per second (getconf CLK_TCK on Linux)

/** utime + stime in ms of `pid`, or 0 when it is gone. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / TICK;
  } catch {
    return 0;
  }
}

/** Every process: pid, parent pid and name. */
function processes(): { pid: number; ppid: number; comm: string }[] {
  const out: { pid: number; ppid: number; comm: string }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(d), ppid: Number(f[1]), comm });
    } catch {
      // gone
    }
  }
  return out;
}

/** The pids of `roots` and all their descendants. */
function tree(roots: number[]): number[] {
  const all = processes();
  const seen = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) if (seen.has(p.ppid) && !seen.has(p.pid)) (seen.add(p.pid), (grew = true));
  }
  return [...seen];
}

/** CPU ms of the server trees, and of every postgres process (other helpers' backends add noise; ours dominate under load). */
export function sampleCpu(roots: number[]): { app: Map<number, number>; pg: Map<number, number> } {
  const app = new Map(tree(roots).map((p) => [p, cpuMs(p)]));
  const pg = new Map(processes().filter((p) => p.comm === 'postgres').map((p) => [p.pid, cpuMs(p.pid)]));
  return { app, pg };
}

export function delta(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, v] of after) ms += v - (before.get(pid) ?? 0);
  return ms;
}

async function startProcess(args: string[], url: string, port: number, smtpPort: number, poolSize: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', ...args], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: String(poolSize),
      PORT: String(port),
      PUBLIC_FORM_RATE_LIMIT: '100000000',
      PORTAL_RATE_LIMIT_PER_TOKEN: '100000000',
      PORTAL_RATE_LIMIT_PER_ADDRESS: '100000000',
      LOG_LEVEL: 'warn',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      WORKER_POLL_MS: '200',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => void (out += b.toString()));
  for (let i = 0; i < 600; i++) {
    if (out.includes('Amends is running')) return child;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`amends serve ${args.join(' ')} did not start`);
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** Runs every setup in turn against `url` (already prefilled); `database` reads the results. */
export async function benchScaling(
  database: Database,
  url: string,
  opts: { clients: number; seconds: number; log: (s: string) => void; setups?: ScalingSetup[] },
): Promise<ScalingResult[]> {
  const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (s, _x, done) => s.on('end', () => done()).resume() });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const results: ScalingResult[] = [];
  try {
    for (const [k, setup] of (opts.setups ?? SETUPS).entries()) {
      // Acknowledgements left by an earlier setup or run: settled, so each setup's worker starts empty.
      await database.exec("update jobs set state = 'done', finished_at = now() where state in ('pending', 'running')");
      const port = 3990 + Math.floor(Math.random() * 8);
      const children: ChildProcess[] = [];
      try {
        for (const args of setup.processes) children.push(await startProcess(args, url, port, smtpPort, 10));
        const base = `http://127.0.0.1:${port}`;
        const tag = `scale-${process.pid}-${Date.now()}-${k}`;
        // Warm up: each web process compiles its hot paths on its first requests.
        await autocannon({ url: `${base}/api/v1/public/complaints`, method: 'POST', connections: 4, amount: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `warm-${tag}@bench.example`, body: 'Warming up: the parcel was late.' }) });
        opts.log(`scaling: ${setup.name}: ${opts.clients} clients for ${opts.seconds} s …`);
        const cpu0 = sampleCpu(children.map((c) => c.pid!));
        const each0 = children.map((c) => sampleCpu([c.pid!]).app);
        let i = 0;
        const run = await autocannon({
          url: `${base}/api/v1/public/complaints`,
          method: 'POST',
          connections: opts.clients,
          duration: opts.seconds,
          headers: { 'content-type': 'application/json' },
          requests: [
            {
              setupRequest: (req) => {
                i++;
                return { ...req, body: JSON.stringify({ name: `Scale ${i}`, email: `${tag}-${i}@bench.example`, body: 'My order arrived late and the box was damaged!!! When will you fix this?', language: 'en' }) };
              },
            },
          ],
        });
        const cpu1 = sampleCpu(children.map((c) => c.pid!));
        const each = children.map((c, n) => delta(each0[n]!, sampleCpu([c.pid!]).app) / Math.max(1, run['2xx']));
        const accepted = run['2xx'];
        // The worker process sends the acknowledgements; wait (at most a minute) for it to catch up.
        const pendingAcks = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from jobs where state in ('pending', 'running') and run_at <= now()`))[0]!.n;
        for (let w = 0; w < 300 && (await pendingAcks()) > 0; w++) await new Promise((r) => setTimeout(r, 200));
        // Every complaint stored (autocannon counts only answers within the duration), and its acknowledgement's lateness once sent.
        const rows = await queryRows<{ ms: number | null }>(
          database.db,
          sql`select extract(epoch from (m.sent_at - c.created_at)) * 1000 as ms from messages m join cases c on c.id = m.case_id
              where m.kind = 'acknowledgement' and m.recipient like ${`${tag}-%`}`,
        );
        const ack = rows.filter((r) => r.ms !== null).map((r) => Number(r.ms));
        const r: ScalingResult = {
          setup: setup.name,
          perSecond: Math.round(accepted / opts.seconds),
          non2xx: run.non2xx + run.errors,
          p50: run.latency.p50,
          p99: run.latency.p99,
          ackP50: pct(ack, 50),
          ackP99: pct(ack, 99),
          acked: ack.length,
          accepted,
          stored: rows.length,
          appCpuMs: delta(cpu0.app, cpu1.app) / Math.max(1, accepted),
          perProcessCpuMs: setup.processes.map((args, n) => `${args.join(' ')}: ${each[n]!.toFixed(2)}`).join(', '),
          pgCpuMs: delta(cpu0.pg, cpu1.pg) / Math.max(1, accepted),
        };
        results.push(r);
        opts.log(
          `  ${r.perSecond} complaints/s, p50/p99 ${r.p50}/${r.p99} ms, ack out p50/p99 ${r.ackP50.toFixed(0)}/${r.ackP99.toFixed(0)} ms (${r.acked}/${r.stored} sent), ` +
            `CPU per complaint ${r.appCpuMs.toFixed(2)} ms Amends (${r.perProcessCpuMs}) + ${r.pgCpuMs.toFixed(2)} ms PostgreSQL`,
        );
      } finally {
        for (const c of children) c.kill('SIGTERM');
        await Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r)))));
      }
    }
  } finally {
    await new Promise<void>((r) => smtp.close(() => r()));
  }
  return results;
}
