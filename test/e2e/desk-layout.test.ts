// The desk as agents expect it, in Chromium: the channel screens (a missed call
// is a callback card with its greeting, a review shows its reply clock,
// detractors come first), the desk at 390 px and 768 px without horizontal
// overflow, no badge, button or case number cut or wrapped in any of the seven
// languages (screenshots under test-results/), dates in the interface language,
// dir="auto" on what customers wrote, routine timeline events folded, and the
// form limits stated in the customer's language.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createApiToken } from '../../src/staff/api-tokens.ts';
import { LANGUAGES } from '../../src/domain/languages.ts';
import { ensureWebBuild, launchChromium, PASSWORD, shot, startDesk, type Desk } from './browser.ts';

/** Signs in whatever the screen's language (the helper in browser.ts clicks the English button). */
async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').fill(PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('signed-in-as').waitFor();
}

/**
 * What sticks out sideways: the page wider than the window, a box that scrolls sideways, and any
 * element past the right edge of the window or of the box that clips it (a card cuts it off).
 */
const OVERFLOW = () => {
  const doc = document.documentElement;
  const out: string[] = [];
  if (doc.scrollWidth > doc.clientWidth) out.push(`document ${doc.scrollWidth} > ${doc.clientWidth}`);
  const describe = (el: Element) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 50)} "${(el.textContent ?? '').slice(0, 30)}"`;
  /** The nearest ancestor that does not let its content show past its edge. */
  const container = (el: Element): Element | null => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return p;
    return null;
  };
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && !['TEXTAREA', 'INPUT'].includes(el.tagName) && el.scrollWidth > el.clientWidth + 1) out.push(`scrolls sideways: ${describe(el)} ${el.scrollWidth} > ${el.clientWidth}`);
    const box = container(el);
    const right = box ? Math.min(box.getBoundingClientRect().right, doc.clientWidth) : doc.clientWidth;
    // Only what is on screen vertically within its box counts (a closed drawer sits off to the left).
    if (r.right > right + 1 && r.left < right) out.push(`${box ? 'cut off' : 'past the window'}: ${describe(el)} right=${Math.round(r.right)} > ${Math.round(right)}`);
  }
  return out.slice(0, 10);
};

/** Badges, buttons and case numbers whose words do not fit (cut with an ellipsis, or wrapped). */
const TRUNCATED = () => {
  const out: string[] = [];
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  /** The nearest ancestor that scrolls or clips sideways: what sticks out of it is out of sight. */
  const clipper = (el: Element): Element | null => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return p;
    }
    return null;
  };
  for (const el of Array.from(document.querySelectorAll('.mantine-Badge-label, .mantine-Button-label, .mantine-NavLink-label'))) {
    const h = el as HTMLElement;
    if (!visible(h)) continue;
    if (h.scrollWidth > h.clientWidth + 1) out.push(`cut: "${h.textContent}" ${h.scrollWidth} > ${h.clientWidth}`);
    const box = clipper(h.closest('.mantine-Badge-root, .mantine-Button-root, .mantine-NavLink-root') ?? h);
    if (box) {
      const r = h.getBoundingClientRect();
      const c = box.getBoundingClientRect();
      if (r.right > c.right + 1 || r.left < c.left - 1) out.push(`out of sight: "${h.textContent}" ${Math.round(r.left)}–${Math.round(r.right)} outside ${Math.round(c.left)}–${Math.round(c.right)}`);
    }
  }
  for (const el of Array.from(document.querySelectorAll('[data-testid=case-no], [data-testid=case-number]'))) {
    if (visible(el) && el.getClientRects().length > 1) out.push(`wrapped: "${el.textContent}"`);
    const h = el as HTMLElement;
    if (visible(h) && h.getBoundingClientRect().height > parseFloat(getComputedStyle(h).lineHeight) * 1.5) out.push(`wrapped: "${h.textContent}"`);
  }
  return out;
};

describe('the desk in every width and language', () => {
  let desk: Desk;
  let browser: Browser;
  let feed: string;
  let caseId: string;
  let portalPath: string;
  const pages: Page[] = [];
  let errors: string[] = [];
  const newPage = async (width: number, lang = 'en') => {
    const ctx = await browser.newContext({ locale: 'en-US', viewport: { width, height: 900 } });
    await ctx.addInitScript((l) => localStorage.setItem('amends.lang', l), lang);
    const page = await ctx.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/401 \(Unauthorized\)|400 \(Bad Request\)/.test(m.text())) errors.push(m.text());
    });
    pages.push(page);
    return page;
  };
  const ingest = async (path: string, body: object) => {
    const res = await fetch(`${desk.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${feed}` }, body: JSON.stringify(body) });
    expect(res.status, path).toBeLessThan(300);
    return (await res.json()) as { caseId: string; caseNumber: string };
  };
  /** Visits a screen by address (the in-app router picks it up) and waits for it. */
  const visit = async (page: Page, path: string, ready: string) => {
    await page.evaluate((p) => {
      window.history.pushState(null, '', p);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, path);
    await page.locator(ready).first().waitFor();
    await page.waitForTimeout(300); // let late queries (owner names, history) settle before measuring layout
  };
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.context().close();
    const seen = errors;
    errors = [];
    expect(seen).toEqual([]);
  });

  beforeAll(async () => {
    ensureWebBuild();
    desk = await startDesk();
    browser = await launchChromium();
    feed = (await createApiToken(desk.database.db, { name: 'feeds', role: 'agent', scopes: ['channels:ingest'] })).token;
    const res = await fetch(`${desk.url}/api/v1/public/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ilze Bērziņa', email: 'ilze@example.lv', subject: 'Pasūtījums #4411 atnāca bojāts un ar divu nedēļu nokavēšanos', body: 'Kurjers bija rupjš, paka atnāca saplēsta un divas nedēļas par vēlu. Ļoti nepatīkami!', language: 'lv' }),
    });
    const filed = (await res.json()) as { caseNumber: string; portalUrl: string };
    portalPath = new URL(filed.portalUrl).pathname;
    await fetch(`${desk.url}/api/v1/public/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'سارة أحمد', email: 'sara@example.com', subject: 'الطلب وصل متأخرا', body: 'الطلب وصل متأخرا جدا والخدمة سيئة' }),
    });
    await ingest('/api/v1/channels/phone/events', { callId: 'e2e-1', event: 'missed', from: '+371 2000 7777', rings: 6, callerName: 'Jānis Kalniņš' });
    await ingest('/api/v1/channels/phone/events', { callId: 'e2e-2', event: 'dropped', from: '+49 30 1112223', durationSeconds: 20, callerName: 'Klaus Weber' });
    await ingest('/api/v1/channels/reviews', { source: 'google', externalId: 'e2e-r1', author: 'Marta O.', rating: 1, text: 'The parcel arrived two weeks late and the courier was rude. Never again!', link: 'https://maps.example/r/1' });
    await ingest('/api/v1/channels/surveys', { source: 'nps', externalId: 'e2e-s1', kind: 'nps', score: 9, comment: 'Quick and friendly, thank you.' });
    await ingest('/api/v1/channels/surveys', { source: 'nps', externalId: 'e2e-s2', kind: 'nps', score: 3, comment: 'Nobody answered my emails for a week.', customer: { name: 'Peteris', email: 'peteris@example.lv' } });
    const list = await fetch(`${desk.url}/api/v1/channels/surveys`, { headers: { authorization: `Bearer ${(await createApiToken(desk.database.db, { name: 'reader', role: 'agent', scopes: ['cases:read'] })).token}` } });
    expect(list.status).toBe(200);
    const byNumber = await fetch(`${desk.url}/api/v1/cases?q=${filed.caseNumber}`, { headers: { authorization: `Bearer ${(await createApiToken(desk.database.db, { name: 'reader2', role: 'agent', scopes: ['cases:read'] })).token}` } });
    caseId = ((await byNumber.json()) as { items: { id: string }[] }).items[0]!.id;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('channel screens: a missed call is a callback card with its greeting, a review shows its clock, detractors come first', async () => {
    const page = await newPage(1360);
    await signIn(page, desk.url, 'anna@desk.example');
    // The checkers themselves see a cut badge and a page wider than the window.
    const planted = await page.evaluateHandle(() => {
      const probe = document.createElement('div');
      probe.innerHTML = '<span class="mantine-Badge-root"><span class="mantine-Badge-label" style="display:block;width:20px;overflow:hidden;white-space:nowrap">NORMĀLA PRIORITĀTE</span></span><div style="width:3000px;height:2px"></div>';
      document.body.append(probe);
      return probe;
    });
    expect((await page.evaluate(TRUNCATED)).join()).toContain('cut: "NORMĀLA PRIORITĀTE"');
    expect((await page.evaluate(OVERFLOW))[0]).toMatch(/^document 3\d{3} > 1360/);
    await planted.evaluate((p) => p.remove());
    await page.getByRole('link', { name: 'Callbacks' }).click();
    await page.getByTestId('callback-card').first().waitFor();
    expect(await page.getByTestId('callback-card').count()).toBe(2);
    // The dropped call (five minutes) is first; the missed one greets Jānis by name.
    expect(await page.getByTestId('callback-card').first().getAttribute('data-event')).toBe('dropped');
    const missed = page.locator('[data-testid=callback-card][data-event=missed]');
    expect(await missed.getByTestId('callback-name').innerText()).toBe('Jānis Kalniņš');
    expect(await missed.getByTestId('callback-number').innerText()).toBe('+37120007777');
    expect(await missed.getByTestId('callback-greeting').innerText()).toContain('Hello Jānis');
    // The caller's history: their calls (and any other open case) from the callback card's source.
    expect(await missed.getByTestId('callback-history').innerText()).toMatch(/Missed call · 6 rings/);
    await shot(page, 'channels-callbacks-1360');

    await page.getByRole('link', { name: 'Reviews' }).click();
    const review = page.getByTestId('review-card').first();
    await review.waitFor();
    expect(await review.getByTestId('review-reply').getAttribute('data-state')).toBe('waiting');
    expect(await review.getByTestId('review-reply').innerText()).toMatch(/reply due in \d+ (days|hours)/i);
    expect(await review.innerText()).toContain('reply by');
    expect(await review.getByTestId('review-text').getAttribute('dir')).toBe('auto');
    await shot(page, 'channels-reviews-1360');

    await page.getByRole('link', { name: 'Surveys' }).click();
    await page.getByTestId('survey-card').nth(1).waitFor();
    expect(await page.getByTestId('survey-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-detractor')))).toEqual(['true', 'false']);
    expect(await page.getByTestId('survey-comment').first().innerText()).toBe('Nobody answered my emails for a week.');
    await shot(page, 'channels-surveys-1360');
  });

  for (const width of [390, 768]) {
    it(`at ${width} px no desk screen overflows sideways; the navigation is a drawer`, async () => {
      const page = await newPage(width);
      await page.goto(desk.url);
      await page.locator('input[type=password]').waitFor();
      expect(await page.evaluate(OVERFLOW), `sign-in at ${width}px`).toEqual([]);
      await signIn(page, desk.url, 'adam@desk.example');
      const screens: [string, string][] = [
        ['/', '[data-testid=queue-row]'],
        [`/cases/${caseId}`, '[data-testid=timeline]'],
        ['/callbacks', '[data-testid=callback-card]'],
        ['/reviews', '[data-testid=review-card]'],
        ['/surveys', '[data-testid=survey-card]'],
        ['/customers', 'h2'],
        ['/dashboard', 'h2'],
        ['/settings', 'h2'],
        ['/approvals', 'h2'],
      ];
      for (const [path, ready] of screens) {
        await visit(page, path, ready);
        await shot(page, `narrow-${width}${path.replace(/\/[0-9a-f-]{36}$/, '/case').replaceAll('/', '-') || '-queue'}`);
        expect(await page.evaluate(OVERFLOW), `${path} at ${width}px`).toEqual([]);
      }
      // The queue is cards, not a table, on a narrow screen.
      await visit(page, '/', '[data-testid=queue-cards]');
      expect(await page.getByTestId('queue-table').count()).toBe(0);
      if (width < 768) {
        // On a phone the filters fold behind one button, so the first card is on the first screen.
        expect(await page.getByTestId('queue-filters').isVisible()).toBe(false);
        const firstCard = await page.getByTestId('queue-row').first().boundingBox();
        expect(firstCard!.y, 'first card top at 390 px').toBeLessThan(400);
        await page.getByTestId('queue-filters-toggle').click();
        await page.getByTestId('queue-owner').waitFor();
        expect(await page.getByTestId('queue-filters-toggle').getAttribute('aria-expanded')).toBe('true');
        expect(await page.evaluate(OVERFLOW), 'queue with filters open at 390px').toEqual([]);
      } else {
        expect(await page.getByTestId('queue-filters').isVisible()).toBe(true);
      }
      if (width < 768) {
        // The navigation hides behind the burger and opens as a drawer.
        await page.getByTestId('nav-burger').click();
        await page.getByRole('link', { name: 'Reviews' }).click();
        await page.getByTestId('review-card').first().waitFor();
      }
      // The public form and the portal fit too.
      await page.goto(`${desk.url}/complain`);
      await page.getByTestId('complaint-body').waitFor();
      expect(await page.evaluate(OVERFLOW), `/complain at ${width}px`).toEqual([]);
      await page.goto(`${desk.url}${portalPath}`);
      await page.getByTestId('portal-status').waitFor();
      expect(await page.evaluate(OVERFLOW), `portal at ${width}px`).toEqual([]);
    });
  }

  for (const lang of LANGUAGES) {
    it(`in ${lang} nothing is cut: badges, buttons and case numbers fit at 1360 px and 390 px`, async () => {
      for (const width of [1360, 390]) {
        const page = await newPage(width, lang);
        // Marta owns none of the cases: every row and the case page offer "Take over", the longest button.
        await signIn(page, desk.url, 'marta@desk.example');
        await page.locator('[data-testid=queue-row]').first().waitFor();
        await page.waitForTimeout(300);
        await shot(page, `lang-${lang}-${width}-queue`);
        expect(await page.evaluate(TRUNCATED), `${lang} queue ${width}`).toEqual([]);
        expect(await page.evaluate(OVERFLOW), `${lang} queue ${width}`).toEqual([]);
        await visit(page, `/cases/${caseId}`, '[data-testid=timeline]');
        await shot(page, `lang-${lang}-${width}-case`);
        expect(await page.evaluate(TRUNCATED), `${lang} case ${width}`).toEqual([]);
        expect(await page.evaluate(OVERFLOW), `${lang} case ${width}`).toEqual([]);
        // No English left in the desk's own words on the case page (the customer's text aside).
        expect(await page.getByTestId('take-over').count()).toBeGreaterThan(0);
        if (lang !== 'en') expect(await page.getByText('Take over', { exact: true }).count()).toBe(0);
        await page.context().close();
      }
    });
  }

  it('dates show and are chosen in the interface language; customer text carries dir="auto"; routine events fold', async () => {
    const page = await newPage(1360, 'lv');
    await signIn(page, desk.url, 'anna@desk.example');
    await visit(page, `/cases/${caseId}`, '[data-testid=timeline]');
    // The due-date picker's day labels are Latvian dates (Intl in lv), never US month/day order.
    const day = page.getByTestId('commitment-due-day');
    const label = await day.locator('option:checked').innerText();
    const expected = await page.evaluate(() => {
      const d = new Date(Date.now() + 86_400_000);
      return new Intl.DateTimeFormat('lv', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(d);
    });
    expect(label).toBe(expected);
    expect(label).not.toMatch(/\d{1,2}\/\d{1,2}\/\d{4}/);
    // Customer text: the subject, every message, the customer's name.
    expect(await page.getByTestId('case-subject').getAttribute('dir')).toBe('auto');
    const dirs = await page.getByTestId('timeline-message').evaluateAll((els) => els.map((e) => e.getAttribute('dir')));
    expect(dirs.length).toBeGreaterThan(0);
    expect(new Set(dirs)).toEqual(new Set(['auto']));
    // Intake's own bookkeeping (scoring, clocks …) is one folded row that opens on demand.
    const folded = page.getByTestId('timeline-routine');
    await folded.first().waitFor();
    const before = await page.locator('[data-testid=timeline] .mantine-Timeline-item').count();
    await page.getByTestId('timeline-routine-open').first().click();
    await expect.poll(() => page.locator('[data-testid=timeline] .mantine-Timeline-item').count()).toBeGreaterThan(before);

    // A commitment made on the page shows its due time as Intl says in Latvian.
    await page.getByLabel('Ko mēs apsolām').fill('Piezvanīt klientei');
    await page.getByRole('button', { name: 'Pievienot solījumu' }).click();
    const due = page.getByTestId('commitment-due-text').first();
    await due.waitFor();
    const shown = await due.innerText();
    expect(shown).not.toMatch(/\d{1,2}\/\d{1,2}\/\d{4}/);
    const iso = await page.evaluate(async (id) => ((await (await fetch(`/api/v1/cases/${id}`)).json()) as { commitments: { dueAt: string }[] }).commitments[0]!.dueAt, caseId);
    expect(shown).toBe(await page.evaluate((d) => new Intl.DateTimeFormat('lv', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(d)), iso));
    await shot(page, 'lv-case-commitment');
  });

  it('the complaint form shows its limits; 100 KB stays a bounded box and the error states the limit, in the customer\'s language', async () => {
    const page = await newPage(390, 'lv');
    await page.goto(`${desk.url}/complain`);
    const body = page.getByTestId('complaint-body');
    await body.waitFor();
    expect(await page.getByTestId('body-counter').innerText()).toMatch(/^0 \/ 20\s000$/);
    await body.fill('Ļoti slikti. '.repeat(8500)); // 102,000 characters
    await page.getByLabel('E-pasts').fill('liela@example.lv');
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(2000);
    await page.locator('button[type=submit]').click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/par garu: ne vairāk kā 20\s000 rakstzīmes/);
    await shot(page, 'complain-lv-too-long-390');

    // The portal asks the server; its refusal comes back in the customer's language with the limit.
    await page.goto(`${desk.url}${portalPath}`);
    await page.getByLabel('Rakstiet mums').fill('x'.repeat(20_500));
    expect(await page.getByTestId('portal-counter').innerText()).toMatch(/20\s500 \/ 20\s000/);
    await page.getByRole('button', { name: 'Sūtīt' }).click();
    const refused = page.getByRole('alert');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/ne vairāk kā 20\s000 rakstzīmes/);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(4000);
  });
});
