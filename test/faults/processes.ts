// Real `amends` processes for the fault tests: spawned children that can be killed
// with SIGKILL mid-burst, a throwaway PostgreSQL cluster that can be stopped and
// started, and a burst of public complaints over real HTTP.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';

/** A PGlite data folder holding the migrated template, so a server starts without migrating. */
export async function preparePglite(dir: string): Promise<void> {
  const dump = await readFile(inject('pgliteTemplate'));
  const client = new PGlite(dir, { loadDataDir: new Blob([dump]) });
  await client.waitReady;
  await client.close();
}

const ROOT = resolve(import.meta.dirname, '../..');

export interface AmendsProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** SIGKILL: no shutdown, no cleanup, as a crash or the OOM killer would. */
  kill9(): Promise<void>;
  /** SIGTERM: a clean stop. */
  stop(): Promise<void>;
}

/** Runs `amends <args>` with `env` and waits until it says it is running (or, with no port, until it exits). */
export async function startAmends(args: string[], env: Record<string, string>, port: number | null, timeoutMs = 45_000): Promise<AmendsProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/amends.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', WORKER_POLL_MS: '100', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const end = Date.now() + timeoutMs;
  while (!/Amends is running/.test(out)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`amends exited before it ran:\n${out}`);
    if (Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`amends did not start in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    url: `http://127.0.0.1:${port ?? 0}`,
    output: () => out,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs `amends <args>` to the end, with `input` on stdin; returns its output. */
export function runAmends(args: string[], env: Record<string, string>, input = ''): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/amends.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    input,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.status !== 0) throw new Error(`amends ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

export interface BurstResult {
  /** Markers of complaints answered 2xx: each must be stored exactly once. */
  accepted: string[];
  /** Markers of complaints that got no answer or an error: stored at most once. */
  unanswered: string[];
  statuses: Record<string, number>;
}

/**
 * Files `count` public complaints, `parallel` at a time, each with a unique marker in its body
 * and its own customer address; `onAnswered(n)` after each answer (to kill the server mid-burst).
 */
export async function burst(url: string, prefix: string, from: number, count: number, parallel: number, onAnswered?: (n: number) => void): Promise<BurstResult> {
  const result: BurstResult = { accepted: [], unanswered: [], statuses: {} };
  let next = from;
  let answered = 0;
  const one = async (i: number) => {
    const marker = `${prefix}-${i}`;
    try {
      const res = await fetch(`${url}/api/v1/public/complaints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Customer ${i}`, email: `${marker}@example.com`, body: `The parcel never came. Reference ${marker}.` }),
        signal: AbortSignal.timeout(15_000),
      });
      result.statuses[res.status] = (result.statuses[res.status] ?? 0) + 1;
      await res.arrayBuffer();
      (res.status >= 200 && res.status < 300 ? result.accepted : result.unanswered).push(marker);
    } catch {
      result.statuses.error = (result.statuses.error ?? 0) + 1;
      result.unanswered.push(marker);
    }
    onAnswered?.(++answered);
  };
  const lanes = Array.from({ length: parallel }, async () => {
    while (next < from + count) await one(next++);
  });
  await Promise.all(lanes);
  return result;
}

/** Polls until `cond` holds; fails with `what` after `ms`. */
export async function waitFor(what: string, cond: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if (await cond()) return;
    } catch {
      // not yet (a server still starting, a database still down)
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Reads a Prometheus gauge's value summed over series matching `labels` from /metrics. */
export async function metricSum(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

/** A throwaway PostgreSQL cluster in a temporary folder, on its own port (never the main server). */
export interface Cluster {
  url: string;
  port: number;
  stop(): void;
  start(): void;
  destroy(): void;
}

function pgBin(name: string): string {
  const base = '/usr/lib/postgresql';
  const version = readdirSync(base).sort((a, b) => Number(b) - Number(a))[0]!;
  return join(base, version, 'bin', name);
}

/** initdb + pg_ctl as the postgres user (initdb refuses root). */
export function createCluster(port: number): Cluster {
  const dir = mkdtempSync(join(tmpdir(), 'amends-pgc-'));
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const asPg = (cmd: string, args: string[]) => {
    const root = process.getuid?.() === 0;
    const r = root ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stdout}${r.stderr}`);
  };
  if (process.getuid?.() === 0) chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
  asPg(pgBin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB -c max_connections=60`;
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () => asPg(pgBin('pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']),
    stop: () => asPg(pgBin('pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']),
    destroy: () => {
      try {
        cluster.stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}
