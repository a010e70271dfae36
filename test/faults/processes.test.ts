// Several processes on one PostgreSQL (issue 15): two `--role web` and two `--role worker`
// processes against a throwaway database. Each acknowledgement job runs once, each clock
// breaches and warns once however many workers sweep, and a rate limit counts across the
// web processes. Then `--workers 2`: two web processes forked on one port, their metrics
// added up by the primary.
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TARGETS, openTestDatabase } from '../helpers/db.ts';
import { freePort, startSmtp } from '../helpers/mail.ts';
import { queryRows, type Database } from '../../src/db/client.ts';
import { burst, metricSum, startAmends, waitFor, type AmendsProcess } from './processes.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const count = async (db: Database, query: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(db.db, query))[0]!.n);

describe.runIf(TARGETS.includes('postgres'))('two web and two worker processes on one PostgreSQL', () => {
  it('runs each job once, fires each clock once and shares rate limits', { timeout: 150_000 }, async () => {
    const smtp = await startSmtp();
    smtp.server.on('error', () => {});
    cleanups.push(() => smtp.close());
    const db = await openTestDatabase('postgres');
    cleanups.push(() => db.close());
    const base = { DATABASE_URL: db.url!, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_FORM_RATE_LIMIT: '100000', SIGN_IN_RATE_LIMIT: '3' };
    const webPorts = [await freePort(), await freePort()];
    const procs: AmendsProcess[] = await Promise.all([
      ...webPorts.map((p) => startAmends(['serve', '--role', 'web'], { ...base, PORT: String(p), PUBLIC_URL: `http://127.0.0.1:${p}` }, p)),
      ...['w1', 'w2'].map((id) => startAmends(['serve', '--role', 'worker'], { ...base, WORKER_ID: id }, null)),
    ]);
    cleanups.push(() => Promise.all(procs.map((p) => p.stop())).then(() => undefined));
    const [a, b] = webPorts.map((p) => `http://127.0.0.1:${p}`) as [string, string];

    // The sign-in limit (3 a minute per address) counts across both web processes. Its windows
    // are fixed minutes of the clock, and four sign-ins (each a deliberately slow password hash)
    // can take seconds on a busy machine: start them early in a minute so they share one window.
    if (Date.now() % 60_000 > 30_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 250));
    const statuses: number[] = [];
    for (const url of [a, b, a, b]) {
      const r = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@example.com', password: 'wrong-password' }) });
      statuses.push(r.status);
      // A hit far from the limit is counted in memory and reaches the table within a flush interval (rate-limit-store.ts).
      const n = statuses.length;
      await waitFor('the sign-in counted', async () => (await count(db, sql`select coalesce(sum(hits), 0)::int as n from rate_limits where key like '%/api/v1/session|%'`)) >= n, 10_000);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);

    const [fromA, fromB] = await Promise.all([burst(a, 'm', 0, 60, 6), burst(b, 'm', 100, 60, 6)]);
    expect(fromA.statuses).toEqual({ 201: 60 });
    expect(fromB.statuses).toEqual({ 201: 60 });
    await waitFor('every acknowledgement', async () => (await count(db, sql`select count(*)::int as n from jobs where kind = 'message.send' and state = 'done'`)) === 120, 60_000);

    // Every job ran once: one attempt each, one mail per Message-ID, and both workers took part.
    expect(await count(db, sql`select count(*)::int as n from jobs where kind = 'message.send' and attempts <> 1`)).toBe(0);
    const ids = smtp.mails.map((m) => m.messageId);
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);

    // Every running clock comes due within the next two seconds and warns just before.
    const clocks = await count(db, sql`select count(*)::int as n from clocks where status = 'running'`);
    expect(clocks).toBeGreaterThanOrEqual(120);
    await db.db.execute(sql`update clocks set due_at = now() + random() * interval '2 seconds', warn_at = now(), warned_at = null where status = 'running'`);
    await waitFor('every clock to breach', async () => (await count(db, sql`select count(*)::int as n from clocks where status = 'running'`)) === 0, 30_000);
    const perClock = await queryRows<{ type: string; clock: string; n: number }>(
      db.db,
      sql`select type, data->>'clockId' as clock, count(*)::int as n from case_events where type in ('clock_breached','clock_warning') group by 1, 2`,
    );
    expect(perClock.filter((r) => r.type === 'clock_breached')).toHaveLength(clocks);
    expect(perClock.filter((r) => Number(r.n) !== 1)).toEqual([]);
    const sweeps = await queryRows<{ name: string; runs: number; last_run_by: string }>(db.db, sql`select name, runs, last_run_by from sweeps order by name`);
    expect(sweeps.map((s) => s.name)).toEqual(expect.arrayContaining(['clocks', 'leases', 'owners']));
    expect(sweeps.every((s) => /^w[12]\//.test(s.last_run_by))).toBe(true);
    console.log(`[faults] 2 web + 2 workers: 120 jobs run once each; ${clocks} clocks breached once each; sweep runs ${sweeps.map((s) => `${s.name}=${s.runs}`).join(', ')}`);
  });

  it('--workers 2 forks two web processes on one port and adds up their metrics', { timeout: 120_000 }, async () => {
    const db = await openTestDatabase('postgres');
    cleanups.push(() => db.close());
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = await startAmends(['serve', '--role', 'all', '--workers', '2'], { DATABASE_URL: db.url!, PORT: String(port), PUBLIC_URL: url, PUBLIC_FORM_RATE_LIMIT: '100000' }, port);
    cleanups.push(() => server.stop());
    const filed = await burst(url, 'c', 0, 40, 8);
    expect(filed.statuses).toEqual({ 201: 40 });
    // Each scrape is answered by one child, with the sum over both.
    expect(await metricSum(url, 'amends_http_requests_total', { route: '/api/v1/public/complaints', status: '201' })).toBe(40);
    await waitFor('the primary’s worker to send', async () => (await metricSum(url, 'amends_job_queue_depth', { kind: 'message.send' })) === 0);
    expect(await count(db, sql`select count(*)::int as n from cases`)).toBe(40);
  });
});
