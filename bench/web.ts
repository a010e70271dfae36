// The web app's figures: the agent app's initial JavaScript (gzipped, what a
// browser downloads before the first screen) and the queue page's load time
// in Debian's Chromium against a server with 10,000 cases.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { prefill } from './prefill.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface WebBenchDeps {
  ensureDatabase(url: string): Promise<void>;
  startServer(port: number, smtpPort: number, databaseUrl: string, role?: string): Promise<ChildProcess>;
  smtpPort: number;
  log(s: string): void;
}

/** Bytes of the scripts index.html loads at once (entry + modulepreloads), raw and gzipped. */
export function initialJavaScript(): { files: string[]; raw: number; gzip: number; css: number } {
  const html = readFileSync(`${root}web/dist/index.html`, 'utf8');
  const files = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1] ?? m[2]!);
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(`${root}web/dist${f}`);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 6 }).length;
  }
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].reduce((n, m) => n + gzipSync(readFileSync(`${root}web/dist${m[1]}`)).length, 0);
  return { files, raw, gzip, css };
}

export async function benchWeb(deps: WebBenchDeps, baseUrl: string) {
  execFileSync(process.execPath, [`${root}scripts/build-web-if-needed.mjs`], { stdio: 'inherit' });
  const js = initialJavaScript();
  const url = new URL(baseUrl);
  // <bench database>_web, beside the others of BENCH_DATABASE_URL.
  const name = `${url.pathname.slice(1)}_web`;
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  // A fresh database each run: 10,000 cases and nothing queued from earlier runs.
  const admin = new pg.Client({ connectionString: baseUrl.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  await deps.ensureDatabase(dbUrl);
  const database = await openDatabase({ url: dbUrl, poolSize: 4 });
  await migrate(database);
  const pre = await prefill(database, 10_000, deps.log);
  await database.close();
  const port = 3900 + Math.floor(Math.random() * 90);
  // The web role alone: what an agent's browser waits for, without a worker sharing the core.
  const server = await deps.startServer(port, deps.smtpPort, dbUrl, 'web');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.locator('input[type=email]').fill('bench-agent-00@bench.example');
    await page.locator('input[type=password]').fill('bench-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('queue-row').first().waitFor({ timeout: 60_000 });
    // Warm (assets cached, as for an agent who works all day) and cold (a fresh browser context).
    const warm: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.getByTestId('queue-row').first().waitFor();
      warm.push(performance.now() - t0);
    }
    const cookies = await page.context().cookies();
    const cold: number[] = [];
    const loaded = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1360, height: 900 } });
      await ctx.addCookies(cookies);
      const p = await ctx.newPage();
      if (i === 0) p.on('response', (r) => { const u = new URL(r.url()); if (u.pathname.endsWith('.js')) loaded.add(u.pathname); });
      const t0 = performance.now();
      await p.goto(`http://127.0.0.1:${port}/`);
      await p.getByTestId('queue-row').first().waitFor();
      cold.push(performance.now() - t0);
      await ctx.close();
    }
    // Everything the browser fetched to show the signed-in agent the queue: entry, preloads and lazy chunks.
    const firstScreen = [...loaded].reduce((n, f) => n + gzipSync(readFileSync(`${root}web/dist${f}`), { level: 6 }).length, 0);
    return { js, pre, warm, cold, firstScreen: { files: loaded.size, gzip: firstScreen } };
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}
