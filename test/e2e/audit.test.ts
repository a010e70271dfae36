// The audit screen in Chromium (issue 14): an admin sees sign-ins (failed ones with the
// email tried), filters by action, exports the CSV, and answers a customer's erasure
// request from the customer page; an agent has no audit screen.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { ensureWebBuild, launchChromium, shot, signIn, startDesk, type Desk, trackPages } from './browser.ts';

describe('audit screen in Chromium', () => {
  let desk: Desk;
  let browser: Browser;
  const tracked = trackPages(() => browser);
  const newPage = () => tracked.newPage();
  afterEach(async () => expect(await tracked.closeAll()).toEqual([]));
  beforeAll(async () => {
    ensureWebBuild();
    desk = await startDesk();
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('an admin reads the log, filters it by action, exports it, and erases a customer on request', async () => {
    // Someone guesses a password first.
    const guess = await fetch(`${desk.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'Guesser/1' }, body: JSON.stringify({ email: 'adam@desk.example', password: 'not-the-password' }) });
    expect(guess.status).toBe(401);
    const page = await newPage();
    await signIn(page, desk.url, 'adam@desk.example');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByTestId('audit-table').waitFor();
    await expect.poll(() => page.locator('[data-testid=audit-row][data-action="session.sign_in"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=audit-row][data-action="session.sign_in_failed"]').count()).toBe(1);

    // Only failed sign-ins: pick the action, apply.
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'Sign-in failed' }).click();
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('[data-testid=audit-row][data-action="session.sign_in"]').count()).toBe(0);
    // The list may be empty for a moment while the filtered page loads: wait for the row.
    const failed = page.locator('[data-testid=audit-row][data-action="session.sign_in_failed"]');
    await expect.poll(() => failed.count()).toBe(1);
    expect(await page.locator('[data-testid=audit-row][data-action="session.sign_in"]').count()).toBe(0);
    await failed.getByRole('button', { name: 'Show' }).click();
    expect(await page.getByTestId('audit-after').textContent()).toContain('adam@desk.example');
    expect(await page.getByTestId('audit-after').textContent()).not.toContain('not-the-password');
    await shot(page, 'audit-log');

    // The export carries the same filter and is itself audited.
    const href = await page.getByTestId('audit-export').getAttribute('href');
    expect(href).toContain('action=session.sign_in_failed');
    const csv = await page.evaluate(async (h) => (await fetch(h!)).text(), href);
    expect(csv.split('\r\n')[0]).toMatch(/^id,at,actor_type/);
    expect(csv).toContain('session.sign_in_failed');
    expect(csv).not.toContain('session.sign_in,');

    // A customer asks to be forgotten.
    const complained = await fetch(`${desk.url}/api/v1/public/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Zane Ozola', email: 'zane@example.lv', body: 'My parcel was lost and nobody answered.' }) });
    expect(complained.status).toBe(201);
    const [customer] = await queryRows<{ id: string }>(desk.database.db, sql`select customer_id as id from customer_contacts where value = 'zane@example.lv'`);
    await page.goto(`${desk.url}/customers/${customer!.id}`);
    await page.getByTestId('data-rights').waitFor();
    expect(await page.getByTestId('customer-export').getAttribute('href')).toBe(`/api/v1/customers/${customer!.id}/export`);
    expect(await page.getByTestId('customer-erase').isDisabled()).toBe(true);
    await page.getByLabel('Type ERASE to confirm').fill('ERASE');
    await page.getByTestId('customer-erase').click();
    await page.getByTestId('customer-erased').waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toBe('—');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => page.locator('[data-testid=audit-row][data-action="customer.erase"]').count()).toBe(1);
  }, 120_000);

  it('an admin sets how long personal data is kept on the settings screen', async () => {
    const page = await newPage();
    await signIn(page, desk.url, 'adam@desk.example');
    await page.getByRole('link', { name: 'Settings' }).click();
    const card = page.getByTestId('retention');
    await card.getByLabel('Raw mail (days)').fill('200');
    await card.getByLabel('Finished jobs (days)').fill('');
    await page.getByTestId('retention-save').click();
    await card.getByText('Saved').waitFor();
    const [row] = await queryRows<{ value: Record<string, number | null> }>(desk.database.db, sql`select value from settings where key = 'retention'`);
    expect(row!.value).toMatchObject({ rawMailDays: 200, finishedJobDays: null, attachmentDays: 730 });
  }, 60_000);

  it('an agent has no audit screen', async () => {
    const page = await newPage();
    await signIn(page, desk.url, 'anna@desk.example');
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await page.goto(`${desk.url}/audit`);
    await page.getByText('Nothing here.').waitFor();
    expect(await page.getByTestId('audit-table').count()).toBe(0);
  }, 60_000);
});
