// Browser journey for issue 12 (P-4.3, P-4.4, P-4.8): a supervisor records a root cause linking
// three cases by number (flagged systemic), marks it done, and exports the ledger for payroll;
// a customer praises the person who handled their case from the portal.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureWebBuild, launchChromium, shot, signIn, startDesk, type Desk } from './browser.ts';

describe('learning from cases in Chromium', () => {
  let desk: Desk;
  let browser: Browser;
  const filed: { caseNumber: string; portalUrl: string }[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    desk = await startDesk();
    browser = await launchChromium();
    for (const [name, email, language, text] of [
      ['Greta', 'greta@example.com', 'de', 'Die Farbe der Visitenkarten ist falsch.'],
      ['Boris', 'boris@example.com', 'ru', 'Цвет визиток не тот, что я заказывал.'],
      ['Ellen', 'ellen@example.com', 'en', 'The colour of my business cards is wrong.'],
    ]) {
      const res = await fetch(`${desk.url}/api/v1/public/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, email, language, body: text }) });
      expect(res.status).toBe(201);
      filed.push((await res.json()) as { caseNumber: string; portalUrl: string });
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('a supervisor records a root cause linking three cases, marks it done and exports the ledger', async () => {
    const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    const page = await ctx.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await signIn(page, desk.url, 'marta@desk.example');
    await page.getByRole('link', { name: 'Root causes' }).click();
    const form = page.getByTestId('root-cause-form');
    await form.getByLabel('What went wrong').fill('Order form recorded only the article number, not the colour');
    await form.getByLabel('Corrective action').fill('Add a Pantone field to the order form');
    await form.getByLabel('Rule or process changed').fill('Record the Pantone colour on every order');
    await page.getByTestId('root-cause-cases').fill(filed.map((f) => f.caseNumber).join(', '));
    await form.getByRole('button', { name: 'Save' }).click();
    const detail = page.getByTestId('root-cause-page');
    await detail.waitFor();
    await expect.poll(() => detail.getByRole('link', { name: /^C-\d+$/ }).count()).toBe(3);
    await expect.poll(() => page.getByTestId('root-cause-kind').first().textContent()).toContain('Systemic');
    await page.getByRole('button', { name: 'Mark done' }).click();
    await expect.poll(() => page.getByTestId('root-cause-status').textContent()).toBe('Done');
    await expect.poll(async () => (await detail.textContent()) ?? '').toContain('Customers thanked: 3');
    await shot(page, 'root-cause');

    await page.getByRole('link', { name: 'People' }).click();
    await page.getByTestId('ledger-table').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export').click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^user_id,name,role,from,to,praise,justified_complaints,bonus,penalty,net,currency/);
    expect(lines.some((l) => l.includes('Anna Agent'))).toBe(true);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('the customer praises the person handling their case from the portal', async () => {
    const ctx = await browser.newContext({ locale: 'en-GB' });
    const page = await ctx.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(filed[2]!.portalUrl.replace(/^https?:\/\/[^/]+/, desk.url));
    const card = page.getByTestId('portal-praise');
    await card.getByRole('button', { name: /^Praise / }).click();
    await expect.poll(async () => (await card.textContent()) ?? '').toContain('we have passed your praise on');
    await ctx.close();
  });
});
