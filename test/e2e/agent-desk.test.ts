// Browser journeys for the agent's desk (issue 13): the bell updating live when
// a colleague mentions you, a photo uploaded on the public form previewed on
// the case page, and a canned reply inserted in the composer (and still flagged
// by the reply checker until it is made personal).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuild, launchChromium, PASSWORD, shot, signIn, startDesk, type Desk, trackPages } from './browser.ts';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe("the agent's desk in Chromium", () => {
  let desk: Desk;
  let browser: Browser;
  const tracked = trackPages(() => browser);
  const newPage = () => tracked.newPage();
  afterEach(async () => expect(await tracked.closeAll()).toEqual([]));
  /** Live delivery on PGlite comes from the poll (NOTIFICATION_POLL_MS, 2 s): wait for it, never time it. */
  const eventually = { timeout: 15_000 };
  /** A colleague's API session (the session cookie, as the desk uses). */
  const session = async (email: string) => {
    const res = await fetch(`${desk.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    return async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${desk.url}${path}`, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }), 'idempotency-key': randomUUID() },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, data: (await r.json()) as any };
    };
  };
  const complain = async (body: Record<string, string>) => {
    const res = await fetch(`${desk.url}/api/v1/public/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    return (await res.json()) as { caseNumber: string };
  };

  beforeAll(async () => {
    ensureWebBuild();
    desk = await startDesk();
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('the bell counts up live when a colleague mentions you, and mark all read clears it', async () => {
    const filed = await complain({ name: 'Rita', email: 'rita@example.com', body: 'The parcel arrived broken.' });
    const marta = await session('marta@desk.example');
    const found = await marta('GET', `/api/v1/cases?q=${filed.caseNumber}`);
    const caseId = found.data.items[0].id as string;
    const anna = await newPage();
    await signIn(anna, desk.url, 'anna@desk.example');
    const bell = anna.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('aria-label'), eventually).toBe('Notifications (0 unread)');
    // Marta mentions Anna in a note; Anna's page is not reloaded.
    expect((await marta('POST', `/api/v1/cases/${caseId}/notes`, { body: '@anna could you call Rita today?' })).status).toBe(201);
    await expect.poll(() => bell.getAttribute('aria-label'), eventually).toBe('Notifications (1 unread)');
    await bell.click();
    const item = anna.getByTestId('notification-item').first();
    await item.waitFor();
    expect(await item.innerText()).toContain(`Marta Supervisor mentioned you on ${filed.caseNumber}`);
    await shot(anna, 'desk-notifications');
    await anna.getByTestId('notifications-read-all').click();
    await expect.poll(() => bell.getAttribute('aria-label'), eventually).toBe('Notifications (0 unread)');
    // Opening the notification goes to the case.
    await item.click();
    await anna.waitForURL(`**/cases/${caseId}`);
  });

  it('a photo attached on the public form is previewed on the case page', async () => {
    const customer = await newPage();
    await customer.goto(`${desk.url}/complain`);
    await customer.getByLabel('Your name').fill('Marta Liepa');
    await customer.getByLabel('Email').fill('marta.liepa@example.com');
    await customer.getByLabel('What happened?').fill('The vase arrived broken, here is a photo.');
    await customer.locator('input[type=file]').setInputFiles({ name: 'vase.png', mimeType: 'image/png', buffer: PNG });
    await customer.getByRole('button', { name: 'Send' }).click();
    await customer.getByTestId('complaint-received').waitFor();
    const number = /C-\d+/.exec(await customer.getByTestId('complaint-received').innerText())![0];
    const marta = await session('marta@desk.example');
    const caseId = (await marta('GET', `/api/v1/cases?q=${number}`)).data.items[0].id as string;
    const agent = await newPage();
    await signIn(agent, desk.url, 'anna@desk.example');
    await agent.goto(`${desk.url}/cases/${caseId}`);
    const preview = agent.getByTestId('attachment-preview');
    await preview.waitFor();
    // The image really loaded (a broken image has no natural width).
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), eventually).toBe(1);
    expect(await agent.getByTestId('attachments').innerText()).toContain('vase.png');
    await shot(agent, 'desk-attachment-preview');
  });

  it('a canned reply is inserted in the composer with its placeholders filled, and flagged until made personal', async () => {
    const marta = await session('marta@desk.example');
    expect((await marta('POST', '/api/v1/canned-replies', { language: 'en', title: 'Apology and ownership', body: 'Dear {{customerName}}, I am sorry. I am handling case {{caseNumber}} myself. {{ownerName}}' })).status).toBe(201);
    const filed = await complain({ name: 'Oskars Berzins', email: 'oskars@example.com', body: 'My order came late and the box was crushed.', language: 'en' });
    const found = await marta('GET', `/api/v1/cases?q=${filed.caseNumber}`);
    const caseId = found.data.items[0].id as string;
    const anna = await newPage();
    await signIn(anna, desk.url, 'anna@desk.example');
    await anna.goto(`${desk.url}/cases/${caseId}`);
    const picker = anna.getByTestId('canned-picker');
    await picker.click();
    await picker.fill('apology');
    await anna.getByRole('option', { name: 'Apology and ownership' }).click();
    const body = anna.getByTestId('reply-body');
    await expect.poll(() => body.inputValue(), eventually).toMatch(new RegExp(`^Dear Oskars Berzins, I am sorry\\. I am handling case ${filed.caseNumber} myself\\. `));
    await anna.getByTestId('reply-warning').filter({ hasText: 'Template unchanged' }).waitFor();
    await shot(anna, 'desk-canned-reply');
    await body.fill(`${await body.inputValue()} I will send a new box today, the crushed one is on us.`);
    await expect.poll(() => anna.getByTestId('reply-warning').filter({ hasText: 'Template unchanged' }).count(), eventually).toBe(0);
  });
});
