// The agent's queue from the page itself (issue 15), in Chromium: a signed-in agent
// opening the desk sees the queue's rows before any script runs (real links to the
// cases), the app starts from the page's answers without asking the API for the
// session or the queue, replaces the rows with its own, and they work (take over,
// open a case in-app). Signed out, the sign-in form shows without a 401. At 390 px
// the header's language select names the language by its code, whole.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { ensureWebBuild, launchChromium, PASSWORD, signIn, startDesk, trackPages, type Desk } from './browser.ts';

describe('the queue in the first page, in Chromium', () => {
  let desk: Desk;
  let browser: Browser;
  const tracked = trackPages(() => browser);
  afterEach(async () => expect(await tracked.closeAll()).toEqual([]));
  /** Anna's session cookie, as after signing in. */
  let cookie: { name: string; value: string; url: string };

  beforeAll(async () => {
    ensureWebBuild();
    desk = await startDesk();
    browser = await launchChromium();
    for (const [name, email] of [['Rita Ozola', 'rita'], ['Pēteris Kalns', 'peteris'], ['Olga Ivanova', 'olga']]) {
      const res = await fetch(`${desk.url}/api/v1/public/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, email: `${email}@example.com`, body: 'The parcel arrived broken.' }) });
      expect(res.status).toBe(201);
    }
    const res = await fetch(`${desk.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'marta@desk.example', password: PASSWORD }) });
    const [name, value] = res.headers.get('set-cookie')!.split(';')[0]!.split('=') as [string, string];
    cookie = { name, value, url: desk.url };
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  /** A fresh browser (nothing cached) of a signed-in Marta, recording the API requests. */
  async function signedIn(opts: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<{ page: Page; api: string[] }> {
    const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: opts.width ?? 1360, height: 900 }, javaScriptEnabled: opts.javaScriptEnabled ?? true });
    await ctx.addCookies([cookie]);
    const page = await ctx.newPage();
    const api: string[] = [];
    page.on('request', (r: Request) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) api.push(u.pathname + u.search);
    });
    return { page, api };
  }

  it('shows the rows before any script runs and before the stylesheet, with real links to the cases', async () => {
    const { page } = await signedIn({ javaScriptEnabled: false });
    // Without the app's stylesheet: the page's own part of it styles the rows.
    await page.route('**/*.css', (r) => r.abort());
    await page.goto(desk.url);
    expect(await page.locator('[data-variant=filled]').first().evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    expect(await page.locator('header').evaluate((el) => el.getBoundingClientRect().height)).toBe(56);
    const rows = page.getByTestId('queue-row');
    expect(await rows.count()).toBe(3);
    await expect.poll(() => rows.first().isVisible()).toBe(true);
    expect(await page.locator('tbody').innerText()).toContain('Olga Ivanova');
    expect(await rows.first().locator('a').getAttribute('href')).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
    await page.context().close();
  });

  it('starts from the page: no session or queue request, the rows replaced by the working queue', async () => {
    const { page, api } = await signedIn();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.goto(desk.url);
    await page.getByTestId('signed-in-as').waitFor();
    // React's rows, not the page's: the page's frame is gone, and the rows have their checkboxes.
    await page.getByTestId('row-select').first().waitFor();
    expect(await page.locator('[data-first-rows]').count()).toBe(0);
    expect(await page.getByTestId('queue-row').count()).toBe(3);
    expect(api.filter((p) => p === '/api/v1/session' || p.startsWith('/api/v1/cases?'))).toEqual([]);
    // They work: take over opens its dialog; a case opens in the app (no new document).
    await page.getByTestId('take-over').first().click();
    await page.getByTestId('owner-reason').waitFor();
    await page.keyboard.press('Escape');
    await page.evaluate(() => ((window as unknown as { stay: boolean }).stay = true));
    await page.getByTestId('queue-row').first().locator('a').click();
    await page.getByTestId('case-number').waitFor();
    expect(await page.evaluate(() => (window as unknown as { stay?: boolean }).stay)).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('signed out: the sign-in form without any 401, then the queue', async () => {
    const page = await tracked.newPage();
    const refused: string[] = [];
    page.on('response', (r) => void (r.status() === 401 && refused.push(r.url())));
    await page.goto(desk.url);
    await page.locator('input[type=password]').waitFor();
    await signIn(page, desk.url, 'anna@desk.example');
    await page.getByTestId('queue-row').first().waitFor();
    expect(refused).toEqual([]);
  });

  it('at 390 px the language select names the language by its code, whole; wide, by its name', async () => {
    const { page } = await signedIn({ width: 390 });
    await page.goto(desk.url);
    const select = page.getByTestId('language-switcher');
    await select.waitFor();
    expect(await select.locator('option:checked').innerText()).toBe('EN');
    await select.selectOption('lv');
    await expect.poll(() => select.locator('option:checked').innerText()).toBe('LV');
    // The select is as wide as its word and its chevron: nothing cut.
    const fits = (el: HTMLSelectElement) => {
      const s = getComputedStyle(el);
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      return ctx.measureText(el.selectedOptions[0]!.text).width + parseFloat(s.paddingLeft) + parseFloat(s.paddingRight) <= el.clientWidth + 1;
    };
    expect(await select.evaluate(fits)).toBe(true);
    await page.setViewportSize({ width: 1360, height: 900 });
    await expect.poll(() => select.locator('option:checked').innerText()).toBe('Latviešu');
    expect(await select.evaluate(fits)).toBe(true);
    await page.context().close();
  });
});
