// The web app's figures: the agent app's JavaScript (gzipped: what index.html
// loads, and all a fresh browser fetches before the queue's first rows) and the
// time from navigation to the queue's first rows in Debian's Chromium against a
// server with 10,000 cases: cold (a fresh browser context, nothing cached; also
// over an emulated 40 ms / 20 Mbit/s link) and warm (the same browser again).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
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
  const files = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1] ?? m[2]!))];
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

/**
 * Marks, in the page, the moment the first queue row is in the document (ms since navigation start);
 * the next frame after it (its first paint: no frame runs while the stylesheet is still loading);
 * and when the app's own rows are in (with their checkboxes: the server's rows have none).
 */
const ROWS_SEEN = `new MutationObserver((_, o) => { if (!window.__rowsSeen && document.querySelector('[data-testid=queue-row]')) { window.__rowsSeen = performance.now(); requestAnimationFrame(() => (window.__rowsPainted = performance.now())); } if (document.querySelector('[data-testid=row-select]')) { window.__rowsLive = performance.now(); o.disconnect(); } }).observe(document, { subtree: true, childList: true });`;

/** When the rows were first painted, and when the app's own (working) rows came. */
async function rowsPaintedAndLive(p: Page): Promise<{ painted: number; live: number }> {
  await p.waitForFunction(() => (window as unknown as { __rowsLive?: number }).__rowsLive, null, { timeout: 60_000, polling: 50 });
  return p.evaluate(() => {
    const w = window as unknown as { __rowsPainted: number; __rowsLive: number };
    return { painted: w.__rowsPainted, live: w.__rowsLive };
  });
}

/** Time from the navigation's start to the first queue row, as the page itself saw it. */
async function rowsSeen(p: Page): Promise<number> {
  await p.waitForFunction(() => (window as unknown as { __rowsSeen?: number }).__rowsSeen, null, { timeout: 60_000, polling: 50 });
  return p.evaluate(() => (window as unknown as { __rowsSeen: number }).__rowsSeen);
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
    const cookies = await page.context().cookies();
    await page.close();
    /** One signed-in agent's fresh browser (empty cache); optionally behind an emulated network. */
    const fresh = async (network?: { rttMs: number; mbit: number }) => {
      const ctx = await browser.newContext({ viewport: { width: 1360, height: 900 } });
      await ctx.addCookies(cookies);
      await ctx.addInitScript(ROWS_SEEN);
      const p = await ctx.newPage();
      if (network) {
        const cdp = await ctx.newCDPSession(p);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: network.rttMs, downloadThroughput: network.mbit * 125_000, uploadThroughput: network.mbit * 125_000 });
      }
      return { ctx, p };
    };
    // Cold: a fresh browser context each time (no cache), the agent signed in already.
    const cold: number[] = [];
    const coldPainted: number[] = [];
    const coldLive: number[] = [];
    const coldNet: number[] = [];
    const warm: number[] = [];
    // Each script of the first cold load: its size on the wire and when it was asked for (ms since the epoch).
    const loaded = new Map<string, { wire: number; at: number }>();
    let shownAt = Infinity;
    for (let i = 0; i < 10; i++) {
      const { ctx, p } = await fresh();
      // The first cold load's scripts, until the rows show (not the other screens fetched later, in the background).
      let recording = i === 0;
      p.on('requestfinished', (r) => {
        const u = new URL(r.url());
        if (recording && u.pathname.endsWith('.js')) void r.sizes().then((z) => loaded.set(u.pathname, { wire: z.responseBodySize, at: r.timing().startTime }), () => undefined);
      });
      await p.goto(`http://127.0.0.1:${port}/`);
      cold.push(await rowsSeen(p));
      const { painted, live } = await rowsPaintedAndLive(p);
      coldPainted.push(painted);
      coldLive.push(live);
      // Only what was asked for before the rows showed counts, not what the page starts just after (polling sees the rows late).
      if (recording) shownAt = await p.evaluate(() => performance.timeOrigin + (window as unknown as { __rowsSeen: number }).__rowsSeen);
      recording = false;
      // Warm: the same browser again (assets cached, as for an agent who works all day).
      for (let w = 0; w < 2; w++) {
        await p.goto(`http://127.0.0.1:${port}/`);
        warm.push(await rowsSeen(p));
      }
      await ctx.close();
    }
    // The same cold start over a plain broadband link (40 ms round trip, 20 Mbit/s), where each round trip and byte counts.
    for (let i = 0; i < 5; i++) {
      const { ctx, p } = await fresh({ rttMs: 40, mbit: 20 });
      await p.goto(`http://127.0.0.1:${port}/`);
      coldNet.push(await rowsSeen(p));
      await ctx.close();
    }
    // Everything the browser fetched to show the signed-in agent the queue: entry, preloads and lazy chunks.
    for (const [f, { at }] of loaded) if (at > shownAt) loaded.delete(f);
    const files = [...loaded.keys()];
    const firstScreen = files.reduce((n, f) => n + gzipSync(readFileSync(`${root}web/dist${f}`), { level: 6 }).length, 0);
    const wire = [...loaded.values()].reduce((n, b) => n + b.wire, 0);
    return { js, pre, warm, cold, coldPainted, coldLive, coldNet, firstScreen: { files: files.length, gzip: firstScreen, wire } };
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}
