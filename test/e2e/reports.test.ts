// The reports area in Chromium on the demo's six months of history (issue 12): a supervisor
// opens each report and sees its chart; an agent has no reports; the case page shows the churn risk.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { loadConfig } from '../../src/config.ts';
import { seedDemo, DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { openTestDatabase } from '../helpers/db.ts';
import { startServer } from '../../src/server.ts';
import { ensureWebBuild, launchChromium, shot, trackPages } from './browser.ts';

describe('reports in Chromium', () => {
  let desk: { url: string; database: Awaited<ReturnType<typeof openTestDatabase>>; close(): Promise<void> };
  let browser: Browser;
  const tracked = trackPages(() => browser);
  const newPage = () => tracked.newPage();
  const signInDemo = async (page: Page, email: string) => {
    await page.goto(desk.url);
    await page.locator('input[type=email]').fill(email);
    await page.locator('input[type=password]').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in-as').waitFor();
  };
  afterEach(async () => expect(await tracked.closeAll()).toEqual([]));
  beforeAll(async () => {
    ensureWebBuild();
    // The demo is loaded before the server (and its worker) starts, as `npm start` does.
    const database = await openTestDatabase('pglite');
    await seedDemo(database.db, loadConfig({}));
    const running = await startServer(loadConfig({}, { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), { database });
    desk = { url: running.url!, database, close: async () => { await running.close(); await database.close(); } };
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('a supervisor opens every report on demo data and sees its chart', async () => {
    const page = await newPage();
    await signInDemo(page, 'marta@amends.demo');
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByTestId('report-filters').waitFor();
    const tabs: [string, string][] = [
      ['Trends', 'trends'],
      ['Dissatisfaction', 'dissatisfaction'],
      ['Volume', 'volume'],
      ['Clocks', 'clocks'],
      ['Recovery', 'recovery'],
      ['Compensation', 'compensation'],
    ];
    for (const [label, name] of tabs) {
      await page.getByRole('tab', { name: label }).click();
      const panel = page.getByTestId(`report-${name}`);
      await panel.waitFor();
      // A drawn chart: an SVG surface with at least one bar or line in it.
      await expect.poll(() => panel.locator('svg.recharts-surface .recharts-bar-rectangle, svg.recharts-surface .recharts-line-curve').count()).toBeGreaterThan(0);
      // Every chart says what its lines and bars are.
      expect(await panel.locator('.mantine-ChartLegend-legendItem').count()).toBeGreaterThan(0);
      await shot(page, `reports-${name}`);
    }
    await page.getByRole('tab', { name: 'Trends' }).click();
    await page.getByTestId('report-trends').locator('.mantine-ChartLegend-legendItem', { hasText: 'Dissatisfied per customer' }).waitFor();
    await page.getByRole('tab', { name: 'Clocks' }).click();
    await expect.poll(() => page.getByTestId('clock-percentiles').innerText()).toMatch(/p90 \d+ min/);
    const csv = await page.getByTestId('report-clocks').getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(csv).toMatch(/^\/api\/v1\/reports\/clocks\.csv\?from=/);
  });

  it('an agent has no reports; the case page shows the churn risk with its factors', async () => {
    const page = await newPage();
    await signInDemo(page, 'anna@amends.demo');
    await expect.poll(() => page.getByRole('link', { name: 'Reports' }).count()).toBe(0);
    const [c] = await queryRows<{ id: string }>(desk.database.db, sql`select id from cases where churn_risk is not null order by churn_risk desc limit 1`);
    await page.goto(`${desk.url}/cases/${c!.id}`);
    await page.getByTestId('churn-card').waitFor();
    expect(await page.getByTestId('churn-risk').innerText()).toMatch(/^\d+%$/);
    expect(await page.getByTestId('churn-card').innerText()).toContain('Order value');
  });
});
