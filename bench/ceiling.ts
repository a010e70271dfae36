// What this machine's PostgreSQL does with no application in front of it: pgbench (PostgreSQL's
// own load tool, from the postgresql-client package) against a scratch database, at the same
// concurrency as the lifecycle run, its client on the same cores as ours. Used by
// `npm run bench -- ceiling` (bench/run.ts), so the lifecycle figure can be read against the
// plainest durable transactions this machine commits per second: a lifecycle is eleven requests,
// each at least one such transaction with more statements, rows and indexes than pgbench's.
import { spawnSync } from 'node:child_process';

export interface CeilingFigure {
  /** pgbench's built-in script: tpcb-like (3 updates, a select, an insert) or simple-update (an update, a select, an insert). */
  script: 'tpcb-like' | 'simple-update' | 'select-only';
  tps: number;
  latencyMs: number;
}

function pgbench(args: string[]): string | null {
  const r = spawnSync('pgbench', args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return `${r.stdout}\n${r.stderr}`;
}

/**
 * Runs the three built-in scripts for `seconds` each at `clients` clients (prepared statements,
 * two client threads). Returns null when pgbench is not installed. `url` names the scratch
 * database, which is (re)initialised at scale 10 (a million account rows).
 */
export function benchCeiling(url: string, opts: { clients: number; seconds: number }): CeilingFigure[] | null {
  const u = new URL(url);
  const conn = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
  const db = u.pathname.slice(1);
  if (pgbench(['--version']) === null) return null;
  if (pgbench([...conn, '-i', '-s', '10', '-q', db]) === null) throw new Error(`pgbench could not initialise ${db}`);
  const out: CeilingFigure[] = [];
  for (const script of ['tpcb-like', 'simple-update', 'select-only'] as const) {
    const text = pgbench([...conn, '-b', script, '-c', String(opts.clients), '-j', '2', '-T', String(opts.seconds), '-M', 'prepared', db]);
    if (text === null) throw new Error(`pgbench ${script} failed`);
    const tps = /tps = ([\d.]+)/.exec(text);
    const lat = /latency average = ([\d.]+) ms/.exec(text);
    out.push({ script, tps: Math.round(Number(tps?.[1] ?? NaN)), latencyMs: Number(lat?.[1] ?? NaN) });
  }
  return out;
}
