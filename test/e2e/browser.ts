// Browser-test plumbing: Debian's Chromium through playwright-core (no
// browser download), an Amends server in-process on a fresh PGlite, the web
// app built when stale, and screenshots under test-results/.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { startServer, type Running } from '../../src/server.ts';
import { addUser } from '../../src/staff/users.ts';
import { openTestDatabase } from '../helpers/db.ts';
import type { Database } from '../../src/db/client.ts';

export const SHOTS = new URL('../../test-results/', import.meta.url).pathname;
export const PASSWORD = 'correct horse battery';

/** Builds web/dist when it is missing or older than web/ (cheap when fresh). */
export function ensureWebBuild(): void {
  execFileSync(process.execPath, [new URL('../../scripts/build-web-if-needed.mjs', import.meta.url).pathname], { stdio: 'inherit' });
}

/** Debian's Chromium, headless, with a fresh profile per launch (Playwright makes a temporary user-data-dir). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface Desk {
  running: Running;
  database: Database;
  url: string;
  close(): Promise<void>;
}

/** An Amends server on a random port with one agent (Anna, limit 50), one supervisor (Marta) and an admin (Adam). */
export async function startDesk(): Promise<Desk> {
  const database = await openTestDatabase('pglite');
  const cfg = loadConfig({}, { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const running = await startServer(cfg, { database });
  const languages = ['en', 'ru', 'ro', 'lv', 'fi', 'de', 'es'];
  await addUser(database.db, { email: 'anna@desk.example', name: 'Anna Agent', role: 'agent', password: PASSWORD, languages });
  await addUser(database.db, { email: 'marta@desk.example', name: 'Marta Supervisor', role: 'supervisor', password: PASSWORD, languages });
  await addUser(database.db, { email: 'adam@desk.example', name: 'Adam Admin', role: 'admin', password: PASSWORD, languages: ['en'] });
  mkdirSync(SHOTS, { recursive: true });
  return {
    running,
    database,
    url: running.url!,
    async close() {
      await running.close();
      await database.close();
    },
  };
}

/** Signs a staff member in through the sign-in screen. */
export async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

/** Saves a full-page screenshot under test-results/. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

/**
 * Pages at 1360 × 900 (en-GB, 20 s timeouts) that record uncaught page errors and console
 * errors, the expected 401 of a page asking who is signed in aside. `closeAll` (in afterEach)
 * closes them and answers what they recorded, so a test can require none.
 */
export function trackPages(browser: () => Browser): { newPage(locale?: string): Promise<Page>; closeAll(): Promise<string[]> } {
  const pages: Page[] = [];
  let errors: string[] = [];
  return {
    async newPage(locale = 'en-GB') {
      const ctx = await browser().newContext({ locale, viewport: { width: 1360, height: 900 } });
      const page = await ctx.newPage();
      page.setDefaultTimeout(20_000);
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().includes('401 (Unauthorized)')) errors.push(m.text());
      });
      pages.push(page);
      return page;
    },
    async closeAll() {
      for (const p of pages.splice(0)) await p.context().close();
      const seen = errors;
      errors = [];
      return seen;
    },
  };
}
