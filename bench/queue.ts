// The queue page's API: first pages and two cursor pages of the queries the
// web app and integrations ask for, timed one request at a time, with the CPU
// they cost (server process + the database's PostgreSQL backends, bench/cpu.ts).
import { performance } from 'node:perf_hooks';
import type { ChildProcess } from 'node:child_process';
import { CpuMeter } from './cpu.ts';

export interface QueueBenchResult {
  times: number[];
  perQuery: { query: string; p50: number; p95: number }[];
  serverCpuMs: number;
  postgresCpuMs: number;
}

/** The queries of the queue bench (the same at every size). */
export function queueQueries(agentIds: string[]): string[] {
  return [
    '/api/v1/cases?limit=50',
    '/api/v1/cases?status=acknowledged,understood,resolving&limit=50',
    `/api/v1/cases?ownerId=${agentIds[3]}&status=resolving&limit=50`,
    '/api/v1/cases?sort=newest&limit=50',
    '/api/v1/cases?priority=urgent&limit=50',
    '/api/v1/cases?q=C-000777&limit=50',
    // What the web app's queue asks for: "involving me" (a filter of the desk; its first page, FIRST_QUEUE, is the whole desk's open cases), most urgent first;
    // then by the clock nearest to breach, or by dissatisfaction.
    '/api/v1/cases?status=new,acknowledged,understood,resolving&involving=me&sort=priority&limit=50',
    '/api/v1/cases?status=new,acknowledged,understood,resolving&sort=deadline&limit=50',
    '/api/v1/cases?status=new,acknowledged,understood,resolving&sort=dissatisfaction&limit=50',
  ];
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

export async function benchQueue(opts: { base: string; token: string; agentIds: string[]; server: ChildProcess; database: string; rounds?: number }): Promise<QueueBenchResult> {
  const headers = { authorization: `Bearer ${opts.token}` };
  const queries = queueQueries(opts.agentIds);
  const byQuery = new Map<string, number[]>(queries.map((q) => [q, []]));
  const run = async (rounds: number, keep: boolean) => {
    for (let round = 0; round < rounds; round++) {
      for (const q of queries) {
        let url = q;
        for (let page = 0; page < 3 && url; page++) {
          const t0 = performance.now();
          const r = await fetch(`${opts.base}${url}`, { headers });
          if (!r.ok) throw new Error(`queue: ${url} answered ${r.status}`);
          const body = (await r.json()) as { nextCursor: string | null };
          if (keep) byQuery.get(q)!.push(performance.now() - t0);
          url = body.nextCursor ? `${q}&cursor=${encodeURIComponent(body.nextCursor)}` : '';
        }
      }
    }
  };
  // One unmeasured round: the server's JIT and prepared statements, PostgreSQL's cache.
  await run(1, false);
  const meter = new CpuMeter(opts.server.pid!, opts.database);
  meter.start();
  await run(opts.rounds ?? 40, true);
  const cpu = meter.stop();
  const times = [...byQuery.values()].flat();
  return {
    times,
    perQuery: [...byQuery].map(([query, t]) => ({ query, p50: pct(t, 50), p95: pct(t, 95) })),
    serverCpuMs: cpu.serverMs / times.length,
    postgresCpuMs: cpu.postgresMs / times.length,
  };
}
