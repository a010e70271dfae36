// Queue power in Chromium (issue 13): a saved view reopened, two cases assigned in
// bulk, j/k/o and the ? help, two cases merged and one split from the case page,
// and the SLA view listing a case that breaches within the hour.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { createApiToken } from '../../src/staff/api-tokens.ts';
import { ensureWebBuild, launchChromium, shot, signIn, startDesk, type Desk, trackPages } from './browser.ts';

describe('queue power in Chromium', () => {
  let desk: Desk;
  let browser: Browser;
  let token: string;
  const tracked = trackPages(() => browser);
  const newPage = () => tracked.newPage();
  /** Opens a case through the API as the admin; returns its id and number. */
  const file = async (email: string, body: string, subject: string) => {
    const res = await fetch(`${desk.url}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ channel: 'email', customer: { name: 'Rita Ozola', email }, subject, body }),
    });
    expect(res.status).toBe(201);
    const c = (await res.json()) as { id: string; number: string };
    return c;
  };
  const search = async (page: Page, text: string, rows: number) => {
    await page.getByTestId('queue-search').fill(text);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.getByTestId('queue-row').count()).toBe(rows);
  };

  beforeAll(async () => {
    ensureWebBuild();
    desk = await startDesk();
    browser = await launchChromium();
    const [adam] = await queryRows<{ id: string }>(desk.database.db, sql`select id from users where email = 'adam@desk.example'`);
    token = (await createApiToken(desk.database.db, { name: 'e2e', role: 'admin', userId: adam!.id })).token;
  }, 180_000);
  afterEach(async () => expect(await tracked.closeAll()).toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('saves a view and reopens it after a reload', async () => {
    await file('viewer@example.com', 'The umbrella broke on the first day.', 'Umbrella broke');
    await file('other@example.com', 'The kettle leaks.', 'Kettle leaks');
    const page = await newPage();
    await signIn(page, desk.url, 'anna@desk.example');
    await page.getByTestId('queue-table').waitFor();
    await search(page, 'umbrella', 1);
    await page.getByTestId('save-view').click();
    await page.getByTestId('view-name').fill('Umbrellas');
    await page.getByTestId('view-submit').click();
    await page.getByRole('tab', { name: 'Umbrellas' }).waitFor();
    await shot(page, 'queue-saved-view');
    // A fresh page shows the whole desk again; the view brings the filter back.
    await page.reload();
    await page.getByTestId('queue-table').waitFor();
    await expect.poll(() => page.getByTestId('queue-row').count()).toBeGreaterThan(1);
    await page.getByRole('tab', { name: 'Umbrellas' }).click();
    await expect.poll(() => page.getByTestId('queue-row').count()).toBe(1);
    expect(await page.getByTestId('queue-row').innerText()).toContain('Umbrella broke');
    expect(await page.getByTestId('queue-search').inputValue()).toBe('umbrella');
  });

  it('assigns two cases in bulk with a reason', async () => {
    const a = await file('bulk1@example.com', 'The lamp flickers.', 'Bulkcase lamp');
    const b = await file('bulk2@example.com', 'The chair wobbles.', 'Bulkcase chair');
    const page = await newPage();
    await signIn(page, desk.url, 'marta@desk.example');
    await page.getByTestId('queue-table').waitFor();
    await search(page, 'Bulkcase', 2);
    await page.getByTestId('row-select').nth(0).click();
    await page.getByTestId('row-select').nth(1).click({ modifiers: ['Shift'] });
    expect(await page.getByTestId('bulk-count').innerText()).toContain('2');
    await page.getByTestId('bulk-assign').click();
    await page.getByTestId('bulk-owner').click();
    await page.getByRole('option', { name: 'Adam Admin' }).click();
    await page.getByTestId('bulk-reason').fill('Adam knows furniture');
    await page.getByTestId('bulk-submit').click();
    await page.getByTestId('bulk-result').filter({ hasText: 'Done: 2' }).waitFor();
    await shot(page, 'queue-bulk-assigned');
    await expect.poll(async () => (await page.getByTestId('queue-owner-name').allInnerTexts()).join('|')).toBe('Adam Admin|Adam Admin');
    for (const c of [a, b]) {
      const res = await fetch(`${desk.url}/api/v1/cases/${c.id}`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { owner: { name: string }; timeline: { type: string; data: { reason?: string } }[] };
      expect(body.owner.name).toBe('Adam Admin');
      expect(body.timeline.filter((e) => e.type === 'owner_assigned').at(-1)!.data.reason).toBe('Adam knows furniture');
    }
  });

  it('moves with j and k, opens with o, lists the keys on ?', async () => {
    await file('keys1@example.com', 'The first keyboard complaint.', 'Keystroke one');
    await file('keys2@example.com', 'The second keyboard complaint.', 'Keystroke two');
    const page = await newPage();
    await signIn(page, desk.url, 'anna@desk.example');
    await page.getByTestId('queue-table').waitFor();
    await search(page, 'Keystroke', 2);
    // Typing in the search box moves nothing.
    await page.getByTestId('queue-search').press('j');
    expect(await page.locator('[data-testid=queue-row][data-active]').count()).toBe(0);
    await page.getByTestId('queue-search').fill('Keystroke');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('[data-testid=queue-row]').nth(0).getAttribute('data-active')).toBe('true');
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('[data-testid=queue-row]').nth(1).getAttribute('data-active')).toBe('true');
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('[data-testid=queue-row]').nth(0).getAttribute('data-active')).toBe('true');
    await page.keyboard.press('x');
    await expect.poll(() => page.getByTestId('bulk-count').innerText()).toContain('1');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    expect(await page.getByRole('dialog').innerText()).toContain('Open the highlighted case');
    await shot(page, 'queue-shortcuts-help');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const number = await page.locator('[data-testid=queue-row]').nth(0).getByRole('link').innerText();
    await page.keyboard.press('o');
    await page.getByTestId('case-number').filter({ hasText: number }).waitFor();
    // On the case page, r puts the cursor in the reply.
    await page.keyboard.press('r');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reply-body');
  });

  it('merges a duplicate into another case from the case page', async () => {
    const keep = await file('merge@example.com', 'My sofa arrived torn.', 'Sofa torn');
    const dup = await file('merge@example.com', 'I wrote before: the sofa is torn!', 'Sofa torn again');
    const page = await newPage();
    await signIn(page, desk.url, 'anna@desk.example');
    await page.goto(`${desk.url}/cases/${dup.id}`);
    await page.getByTestId('case-number').filter({ hasText: dup.number }).waitFor();
    await page.getByTestId('merge-open').click();
    await page.getByTestId('merge-into').fill(keep.number);
    await page.getByTestId('merge-reason').fill('same sofa');
    await page.getByTestId('merge-next').click();
    expect(await page.getByTestId('merge-confirm-text').innerText()).toContain(`${dup.number} will be closed`);
    await shot(page, 'case-merge-confirm');
    await page.getByTestId('merge-submit').click();
    await page.getByTestId('case-number').filter({ hasText: keep.number }).waitFor();
    await page.getByTestId('timeline').getByText('Duplicate case merged in').waitFor();
    await page.getByTestId('timeline').getByText('I wrote before: the sofa is torn!').waitFor();
    // The duplicate is closed and points to the surviving case.
    await page.goto(`${desk.url}/cases/${dup.id}`);
    await page.getByTestId('merged-into').filter({ hasText: keep.number }).waitFor();
    expect(await page.getByTestId('case-status').textContent()).toBe('Closed');
  });

  it('splits a second complaint out of a case into a new case', async () => {
    const c = await file('split@example.com', 'The washing machine floods the kitchen.', 'Washing machine');
    const added = await fetch(`${desk.url}/api/v1/cases/${c.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ direction: 'inbound', channel: 'email', body: 'Also: the invoice charged me twice.' }),
    });
    expect(added.status).toBe(201);
    const page = await newPage();
    await signIn(page, desk.url, 'anna@desk.example');
    await page.goto(`${desk.url}/cases/${c.id}`);
    await page.getByTestId('case-number').filter({ hasText: c.number }).waitFor();
    await page.getByTestId('split-open').click();
    await page.getByTestId('split-message').click();
    await page.getByRole('option', { name: /invoice charged me twice/ }).click();
    await page.getByTestId('split-submit').click();
    await page.getByTestId('timeline').getByText('Split from another case').waitFor();
    expect(await page.getByTestId('case-number').innerText()).not.toBe(c.number);
    await page.getByTestId('timeline').getByText('Also: the invoice charged me twice.').waitFor();
  });

  it('lists a case that breaches within the hour in the SLA view', async () => {
    const soon = await file('sla@example.com', 'Nobody called me back about the broken fridge.', 'Fridge callback');
    await desk.database.db.execute(sql`update clocks set due_at = now() + interval '30 minutes' where case_id = ${soon.id} and kind = 'first_response'`);
    const page = await newPage();
    await signIn(page, desk.url, 'anna@desk.example');
    await page.getByRole('link', { name: 'Breaching soon' }).click();
    await page.getByTestId('sla-table').waitFor();
    await page.getByTestId('sla-window').getByText('1 h', { exact: true }).click();
    await page.getByTestId('sla-row').filter({ hasText: soon.number }).waitFor();
    expect(await page.getByTestId('sla-row').filter({ hasText: soon.number }).innerText()).toContain('First');
    await shot(page, 'sla-view');
  });
});
