// The full complaint lifecycle over HTTP, as customers and staff drive it, by many
// clients at once: public complaint → find the case → restatement → portal confirm →
// three options → portal choose → compensation within authority → commitment made
// and completed → resolve → close. Prints lifecycles per second and the p50/p95 of
// each request. Used by `npm run bench -- lifecycle` (bench/run.ts).
// Requests go through node:http with keep-alive (bench/post.ts): fetch cost about 0.5 ms of the
// shared two cores per request, a whole core's worth at these rates; BENCH_LIFECYCLE_CLIENT=fetch
// measures with fetch as before.
import { performance } from 'node:perf_hooks';
import { closeAgents, request } from './post.ts';

const useFetch = process.env.BENCH_LIFECYCLE_CLIENT === 'fetch';

export interface LifecycleResult {
  clients: number;
  seconds: number;
  lifecycles: number;
  failures: number;
  /** The first few failures, "step: status body". */
  errors: string[];
  /** Per request (step) latencies in ms. */
  steps: Map<string, number[]>;
}

interface Ctx {
  base: string;
  /** The queue is searched with this (a supervisor's token); each case is worked by its owner. */
  staff: Record<string, string>;
  owners: Record<string, string>;
  record: (step: string, ms: number) => void;
  n: number;
}

class StepError extends Error {}

/** One request, timed and checked; the answer's JSON. */
async function call(ctx: Ctx, step: string, method: string, path: string, body?: unknown, staff: Record<string, string> | null = ctx.staff): Promise<any> {
  const t0 = performance.now();
  const headers = { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(staff ?? {}) };
  const payload = body !== undefined ? JSON.stringify(body) : undefined;
  let status: number;
  let text: string;
  if (useFetch) {
    const r = await fetch(`${ctx.base}${path}`, { method, headers, body: payload });
    status = r.status;
    text = await r.text();
  } else {
    ({ status, text } = await request(method, `${ctx.base}${path}`, headers, payload));
  }
  ctx.record(step, performance.now() - t0);
  if (status >= 300) throw new StepError(`${step}: ${status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

/** One complaint from the form to a closed case. */
async function lifecycle(ctx: Ctx, client: number, k: number): Promise<void> {
  const tag = `${process.pid}-${client}-${k}`;
  const filed = await call(ctx, 'public complaint', 'POST', '/api/v1/public/complaints', {
    name: `Life ${tag}`,
    email: `life-${tag}@bench.example`,
    body: 'The sofa arrived with a torn cover and nobody called me back. I want this fixed!',
    language: 'en',
  }, null);
  const token = String(filed.portalUrl).split('/').pop()!;
  const found = await call(ctx, 'find the case', 'GET', `/api/v1/cases?q=${encodeURIComponent(filed.caseNumber)}&limit=1`);
  const id = found.items[0].id as string;
  // The owner works the case (P-2.4: one owner), as on a real desk.
  const ownerToken = ctx.owners[found.items[0].ownerId as string];
  if (!ownerToken) throw new StepError(`find the case: owner ${found.items[0].ownerId} has no bench token`);
  const owner = { authorization: `Bearer ${ownerToken}` };
  await call(ctx, 'restatement', 'POST', `/api/v1/cases/${id}/restatement`, { text: 'Your sofa came with a torn cover, and nobody called you back as promised.' }, owner);
  await call(ctx, 'portal confirm', 'POST', `/api/v1/portal/${token}/confirm`, { confirmed: true }, null);
  const options = await call(ctx, 'options', 'POST', `/api/v1/cases/${id}/options`, {
    options: [{ title: 'Replace the cover' }, { title: 'Repair at home' }, { title: 'Full refund' }],
  }, owner);
  const optionId = (options.options ?? options.items ?? [])[0]?.id as string;
  await call(ctx, 'portal choose', 'POST', `/api/v1/portal/${token}/choose`, { optionId }, null);
  await call(ctx, 'compensation', 'POST', `/api/v1/cases/${id}/compensations`, { kind: 'gift', value: { amount: '5.00', currency: 'EUR' }, description: 'A cushion for the trouble' }, owner);
  const made = await call(ctx, 'commitment', 'POST', `/api/v1/cases/${id}/commitments`, { description: 'Deliver the new cover', dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString() }, owner);
  const commitmentId = (made.commitments?.at(-1)?.id ?? made.id) as string;
  await call(ctx, 'commitment complete', 'POST', `/api/v1/commitments/${commitmentId}/complete`, {}, owner);
  await call(ctx, 'resolve', 'POST', `/api/v1/cases/${id}/resolve`, {}, owner);
  await call(ctx, 'close', 'POST', `/api/v1/cases/${id}/close`, {}, owner);
}

/** Runs `clients` loops of lifecycles for `seconds`. */
export async function benchLifecycle(opts: { base: string; token: string; owners: Record<string, string>; clients: number; seconds: number }): Promise<LifecycleResult> {
  const steps = new Map<string, number[]>();
  const ctx: Ctx = {
    base: opts.base,
    staff: { authorization: `Bearer ${opts.token}` },
    owners: opts.owners,
    record: (step, ms) => {
      const list = steps.get(step) ?? [];
      list.push(ms);
      steps.set(step, list);
    },
    n: 0,
  };
  const errors: string[] = [];
  let lifecycles = 0;
  let failures = 0;
  const end = Date.now() + opts.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.clients }, async (_, client) => {
      for (let k = 0; Date.now() < end; k++) {
        try {
          await lifecycle(ctx, client, k);
          lifecycles++;
        } catch (err) {
          failures++;
          if (errors.length < 5) errors.push((err as Error).message);
          if (!(err instanceof StepError)) await new Promise((r) => setTimeout(r, 50));
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  closeAgents();
  return { clients: opts.clients, seconds, lifecycles, failures, errors, steps };
}
