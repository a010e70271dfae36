// Statements per request of one full lifecycle (the steps of bench/lifecycle.ts), on
// PostgreSQL: counts every query the pool sends (BEGIN/COMMIT included) while each
// request runs alone through app.inject. Run after a lifecycle bench has prefilled:
//   STATEMENTS_DATABASE_URL=postgres://postgres@127.0.0.1:5432/hl_bench_10000 npx tsx bench/statements.ts
// STATEMENTS_VERBOSE=1 prints each statement's first line. STATEMENTS_LIFECYCLES=N then runs N
// more, one after another, and prints the CPU they cost (this process, without HTTP, and the
// database's backends, bench/cpu.ts): steadier than the concurrent bench on a loaded machine.
import pg from 'pg';
import { buildApp } from '../src/http/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { createApiToken } from '../src/staff/api-tokens.ts';
import { CpuMeter } from './cpu.ts';

const url = process.env.STATEMENTS_DATABASE_URL;
if (!url) throw new Error('set STATEMENTS_DATABASE_URL (a prefilled bench database)');
const seen: string[] = [];
const original = pg.Client.prototype.query;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
  const q = args[0] as string | { text?: string; name?: string };
  seen.push(typeof q === 'string' ? q : (q.text ?? q.name ?? '?'));
  return (original as (...a: unknown[]) => unknown).apply(this, args);
};
const database = await openDatabase({ url, poolSize: 4 });
const cfg = loadConfig(process.env, { DATABASE_URL: url, PUBLIC_FORM_RATE_LIMIT: 100000000, PORTAL_RATE_LIMIT_PER_TOKEN: 100000000, PORTAL_RATE_LIMIT_PER_ADDRESS: 100000000 } as never);
const app = await buildApp({ database, services: { config: cfg, wakeWorker: () => {} } });
const side = new pg.Client({ connectionString: url });
await side.connect();
const { rows: sup } = await side.query("select id from users where active and kind = 'person' order by email limit 1");
await side.end();
const tokens = new Map<string, string>();
const tokenFor = async (userId: string) => tokens.get(userId) ?? tokens.set(userId, (await createApiToken(database.db, { name: 'statements', role: 'agent', userId })).token).get(userId)!;
const supToken = (await createApiToken(database.db, { name: 'statements sup', role: 'supervisor', userId: sup[0].id })).token;
const totals = new Map<string, number>();

async function step(name: string, method: string, path: string, token: string | null, body?: unknown): Promise<any> {
  if (!quiet) await new Promise((r) => setTimeout(r, 30)); // let anything after the previous answer settle
  seen.length = 0;
  const res = await app.inject({ method: method as 'GET', url: path, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body === undefined ? {} : { payload: body as object }) });
  if (!quiet) await new Promise((r) => setTimeout(r, 30));
  if (res.statusCode >= 300) throw new Error(`${name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  const n = seen.length;
  totals.set(name, (totals.get(name) ?? 0) + n);
  if (!quiet) console.log(`${name.padEnd(22)} ${String(n).padStart(3)} statements (${seen.filter((s) => /^(begin|commit)/i.test(s.trim())).length} BEGIN/COMMIT)`);
  if (process.env.STATEMENTS_VERBOSE && !quiet) for (const s of seen) console.log(`      ${s.replace(/\s+/g, ' ').slice(0, 160)}`);
  return res.body ? JSON.parse(res.body) : null;
}

const measured = Number(process.env.STATEMENTS_LIFECYCLES ?? 0);
let quiet = false;
let meter: CpuMeter | null = null;
let statements = 0;
for (let k = 0; k < 2 + measured; k++) {
  const tag = `${process.pid}-${k}`;
  totals.clear();
  if (k === 2) {
    quiet = true;
    meter = new CpuMeter(process.pid, new URL(url).pathname.slice(1));
    meter.start();
  }
  if (!quiet) console.log(k === 0 ? '— first lifecycle (cold)' : '— second lifecycle (warm)');
  const filed = await step('public complaint', 'POST', '/api/v1/public/complaints', null, { name: `Stmt ${tag}`, email: `stmt-${tag}@bench.example`, body: 'The sofa arrived with a torn cover and nobody called me back. I want this fixed!', language: 'en' });
  const token = String(filed.portalUrl).split('/').pop()!;
  const found = await step('find the case', 'GET', `/api/v1/cases?q=${encodeURIComponent(filed.caseNumber)}&limit=1`, supToken);
  const id = found.items[0].id as string;
  const owner = await tokenFor(found.items[0].ownerId);
  await step('restatement', 'POST', `/api/v1/cases/${id}/restatement`, owner, { text: 'Your sofa came with a torn cover, and nobody called you back as promised.' });
  await step('portal confirm', 'POST', `/api/v1/portal/${token}/confirm`, null, { confirmed: true });
  const options = await step('options', 'POST', `/api/v1/cases/${id}/options`, owner, { options: [{ title: 'Replace the cover' }, { title: 'Repair at home' }, { title: 'Full refund' }] });
  const optionId = (options.options ?? options.items ?? [])[0]?.id as string;
  await step('portal choose', 'POST', `/api/v1/portal/${token}/choose`, null, { optionId });
  await step('compensation', 'POST', `/api/v1/cases/${id}/compensations`, owner, { kind: 'gift', value: { amount: '5.00', currency: 'EUR' }, description: 'A cushion for the trouble' });
  const made = await step('commitment', 'POST', `/api/v1/cases/${id}/commitments`, owner, { description: 'Deliver the new cover', dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });
  const commitmentId = (made.commitments?.at(-1)?.id ?? made.id) as string;
  await step('commitment complete', 'POST', `/api/v1/commitments/${commitmentId}/complete`, owner, {});
  await step('resolve', 'POST', `/api/v1/cases/${id}/resolve`, owner, {});
  await step('close', 'POST', `/api/v1/cases/${id}/close`, owner, {});
  const total = [...totals.values()].reduce((a, b) => a + b, 0);
  if (quiet) statements += total;
  else console.log(`  total ${total} statements per lifecycle`);
}
if (meter) {
  const cpu = meter.stop();
  console.log(`${measured} lifecycles one after another: CPU ${(cpu.serverMs / measured).toFixed(1)} ms (this process, app.inject) + ${(cpu.postgresMs / measured).toFixed(1)} ms (PostgreSQL) per lifecycle, ${(statements / measured).toFixed(1)} statements`);
}
await app.close();
await database.close();
process.exit(0);
