// Accessible basics in Chromium: axe-core finds no serious or critical
// violation on the main screens (labels, contrast, roles, names), and the
// desk works from the keyboard alone — sign in, open a case from the queue.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuild, launchChromium, PASSWORD, startDesk, type Desk } from './browser.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[]; any: { data: { fgColor?: string; bgColor?: string; contrastRatio?: number } | null }[] }[] };

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Violation[] }> } }).axe.run(document, { resultTypes: ['violations'] });
    return r.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}${n.any[0]?.data?.contrastRatio ? ` [${n.any[0].data.fgColor} on ${n.any[0].data.bgColor}: ${n.any[0].data.contrastRatio}]` : ''}`).join(', ')}`);
}

describe('accessible basics in Chromium', () => {
  let desk: Desk;
  let browser: Browser;
  let portalPath: string;
  let caseNumber: string;
  beforeAll(async () => {
    ensureWebBuild();
    desk = await startDesk();
    browser = await launchChromium();
    const res = await fetch(`${desk.url}/api/v1/public/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Aino Virtanen', email: 'aino@example.com', body: 'The cake for the wedding was the wrong flavour and nobody called back.', language: 'fi' }),
    });
    const created = (await res.json()) as { caseNumber: string; portalUrl: string };
    caseNumber = created.caseNumber;
    portalPath = new URL(created.portalUrl).pathname;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  const page = async () => {
    // bypassCSP: axe-core is injected as an inline script, which the app's policy refuses (test/e2e/csp.test.ts checks the app under it).
    const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1360, height: 900 }, bypassCSP: true });
    const p = await ctx.newPage();
    p.setDefaultTimeout(20_000);
    return p;
  };

  it('the desk works from the keyboard alone, and its screens have no serious axe violations', async () => {
    const p = await page();
    await p.goto(desk.url);
    await p.locator('input[type=email]').waitFor();
    expect(await axe(p)).toEqual([]);
    // Keyboard only: the email field is reachable by Tab, Enter submits.
    await p.keyboard.press('Tab');
    for (let i = 0; i < 10 && !(await p.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'email')); i++) await p.keyboard.press('Tab');
    await p.keyboard.type('anna@desk.example');
    await p.keyboard.press('Tab');
    await p.keyboard.type(PASSWORD);
    await p.keyboard.press('Enter');
    await p.getByTestId('queue-row').first().waitFor();
    expect(await axe(p)).toEqual([]);
    // Tab to the case link and open it with Enter.
    let onLink = false;
    for (let i = 0; i < 60 && !onLink; i++) {
      await p.keyboard.press('Tab');
      onLink = await p.evaluate((n) => document.activeElement?.textContent === n, caseNumber);
    }
    expect(onLink).toBe(true);
    await p.keyboard.press('Enter');
    await p.getByTestId('case-number').waitFor();
    await p.getByTestId('playbook-next').waitFor();
    expect(await axe(p)).toEqual([]);
    await p.getByRole('link', { name: 'Customers' }).click();
    await p.getByRole('link', { name: 'Aino Virtanen' }).click();
    await p.getByTestId('departure').waitFor();
    expect(await axe(p)).toEqual([]);
    await p.getByRole('link', { name: 'Dashboard' }).click();
    await p.getByTestId('dash-open').waitFor();
    expect(await axe(p)).toEqual([]);
    await p.context().close();
  }, 120_000);

  it('the public form and the portal have no serious axe violations', async () => {
    const p = await page();
    await p.goto(`${desk.url}/complain`);
    await p.getByLabel('What happened?').waitFor();
    expect(await axe(p)).toEqual([]);
    await p.goto(`${desk.url}${portalPath}`);
    await p.getByTestId('portal-status').waitFor();
    expect(await axe(p)).toEqual([]);
    await p.context().close();
  }, 120_000);
});
