// The security headers in a real browser (issue 14): the desk, the Swagger UI and the
// embeddable form run under the Content-Security-Policy without a violation; another
// site may frame the complaint form and nothing else.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuild, launchChromium, signIn, startDesk, type Desk } from './browser.ts';

describe('security headers in Chromium', () => {
  let desk: Desk;
  let browser: Browser;
  beforeAll(async () => {
    ensureWebBuild();
    desk = await startDesk();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  /** A page that records every CSP violation the browser reports. */
  async function watched(): Promise<{ page: Page; violations: string[] }> {
    const page = await (await browser.newContext()).newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    return { page, violations };
  }

  it('the desk signs in and shows the queue with no violation', async () => {
    const { page, violations } = await watched();
    await signIn(page, desk.url, 'anna@desk.example');
    expect(violations).toEqual([]);
  }, 60_000);

  it('the Swagger UI renders the API under its policy', async () => {
    const { page, violations } = await watched();
    await page.goto(`${desk.url}/api/docs/`);
    await page.locator('.swagger-ui .info .title').waitFor();
    // Swagger UI draws the operations as they scroll into view: scroll, then count.
    await expect
      .poll(async () => {
        await page.mouse.wheel(0, 4000);
        return page.locator('.opblock').count();
      })
      .toBeGreaterThan(10);
    expect(violations).toEqual([]);
  }, 60_000);

  it('another site frames the complaint form, but not the desk', async () => {
    const { page, violations } = await watched();
    // Another origin: the same loopback host on another port.
    const shop = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><title>Shop</title><iframe id="form" src="${desk.url}/embed/complain"></iframe><iframe id="desk" src="${desk.url}/"></iframe>`);
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    await page.goto(`http://127.0.0.1:${(shop.address() as AddressInfo).port}/`);
    const form = page.frameLocator('#form');
    await form.locator('textarea').first().waitFor({ timeout: 30_000 });
    const deskFrame = page.frames().find((f) => f.url().startsWith(desk.url) && !f.url().includes('/embed/'));
    const deskRendered = deskFrame ? await deskFrame.locator('#root *').count().catch(() => 0) : 0;
    expect(deskRendered).toBe(0);
    expect(violations.some((v) => v.includes('frame-ancestors'))).toBe(true);
    expect(violations.filter((v) => !v.includes('frame-ancestors'))).toEqual([]);
    shop.close();
  }, 60_000);
});
