// CPU time per operation for the benchmarks (HELPERS: wall figures are noisy on a shared
// machine). Reads utime+stime from /proc/<pid>/stat of the server process and of the
// PostgreSQL backends serving the bench database (found by their process title), sampled
// a few times a second so a backend that exits mid-run keeps what it used.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // CLK_TCK 100 on Linux

function ticks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return null;
  }
}

function title(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** The postgres backends of database `db` (their titles read `postgres: … <user> <db> <host>`). */
function backendsOf(db: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const t = title(Number(d));
    if (t.startsWith('postgres:') && t.includes(` ${db} `)) out.push(Number(d));
  }
  return out;
}

/** Watches the CPU of a server process and its database's backends between start() and stop(). */
export class CpuMeter {
  private base = new Map<number, number>();
  private last = new Map<number, number>();
  private serverBase = 0;
  private timer: NodeJS.Timeout | null = null;

  /** Backends to leave out (the bench's own connections: its polling is not the product's work). */
  exclude = new Set<number>();

  constructor(
    private readonly serverPid: number,
    private readonly dbName: string,
  ) {}

  private sample(): void {
    for (const pid of backendsOf(this.dbName)) {
      if (this.exclude.has(pid)) continue;
      const t = ticks(pid);
      if (t === null) continue;
      if (!this.base.has(pid)) this.base.set(pid, this.started ? 0 : t);
      this.last.set(pid, t);
    }
  }

  private started = false;

  start(): void {
    this.base.clear();
    this.last.clear();
    this.started = false;
    this.sample();
    this.started = true;
    this.serverBase = ticks(this.serverPid) ?? 0;
    this.timer = setInterval(() => this.sample(), 250);
  }

  /** CPU milliseconds used since start(): the server process and the database's backends. */
  stop(): { serverMs: number; postgresMs: number } {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const serverMs = ((ticks(this.serverPid) ?? this.serverBase) - this.serverBase) * TICK_MS;
    let pg = 0;
    for (const [pid, t] of this.last) pg += t - (this.base.get(pid) ?? t);
    return { serverMs, postgresMs: pg * TICK_MS };
  }
}
