// Browser journeys in Chromium for issue 14's trust features: an admin adds a
// webhook on the Webhooks screen, a public complaint reaches a real local
// receiver, the delivery log shows it and sends it again; a person turns on
// two-step sign-in from the QR screen and then signs in with a code.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { startServer, type Running } from '../../src/server.ts';
import { addUser } from '../../src/staff/users.ts';
import { totpCode } from '../../src/staff/second-factor.ts';
import type { Database } from '../../src/db/client.ts';
import { openTestDatabase } from '../helpers/db.ts';
import { ensureWebBuild, launchChromium, PASSWORD, shot, signIn, trackPages } from './browser.ts';

describe('trust screens in Chromium', () => {
  let database: Database;
  let running: Running;
  let url: string;
  let browser: Browser;
  let receiver: Server;
  let receiverUrl: string;
  const received: { event: string; delivery: string; body: string }[] = [];
  const tracked = trackPages(() => browser);
  const newPage = () => tracked.newPage();

  beforeAll(async () => {
    ensureWebBuild();
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ event: String(req.headers['x-amends-event']), delivery: String(req.headers['x-amends-delivery']), body: Buffer.concat(chunks).toString() });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/amends`;
    database = await openTestDatabase('pglite');
    running = await startServer(loadConfig({}, { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'silent', WEBHOOK_ALLOW_PRIVATE: true, WORKER_POLL_MS: 50 }), { database });
    url = running.url!;
    await addUser(database.db, { email: 'adam@desk.example', name: 'Adam Admin', role: 'admin', password: PASSWORD, languages: ['en'] });
    await addUser(database.db, { email: 'anna@desk.example', name: 'Anna Agent', role: 'agent', password: PASSWORD, languages: ['en'] });
    browser = await launchChromium();
  }, 180_000);
  afterEach(async () => expect(await tracked.closeAll()).toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await database?.close();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  });

  it('an admin adds a webhook; a complaint is delivered, logged and sent again', async () => {
    const admin = await newPage();
    await signIn(admin, url, 'adam@desk.example');
    await admin.getByRole('link', { name: 'Webhooks' }).click();
    await admin.getByRole('heading', { name: 'Outgoing webhooks' }).waitFor();
    await admin.getByLabel('Receiver URL').fill(receiverUrl);
    await admin.getByRole('combobox', { name: 'Events' }).click();
    await admin.getByRole('option', { name: 'case.opened' }).click();
    await admin.keyboard.press('Escape');
    await admin.getByLabel('Secret', { exact: true }).fill('whsec_browser_secret_1234');
    await admin.getByRole('button', { name: 'Add webhook' }).last().click();
    await admin.getByTestId('webhook').waitFor();
    await expect.poll(() => admin.getByTestId('webhook').innerText()).toContain('Secret ends in …1234');
    expect(await admin.getByTestId('webhook').innerText()).not.toContain('whsec_browser_secret_1234');

    const filed = await fetch(`${url}/api/v1/public/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ilze', email: 'ilze@example.com', body: 'The printed bags arrived torn.', language: 'en' }),
    });
    const { caseNumber } = (await filed.json()) as { caseNumber: string };
    await expect.poll(() => received.filter((r) => r.event === 'case.opened').length, { timeout: 20_000 }).toBe(1);
    expect(JSON.parse(received[0]!.body).data.caseNumber).toBe(caseNumber);

    await admin.getByRole('button', { name: 'Delivery log' }).click();
    const log = admin.getByTestId('delivery-log');
    await log.waitFor();
    await expect.poll(async () => (await log.innerText()).toLowerCase()).toContain('delivered');
    await shot(admin, 'webhooks-log');
    await log.getByRole('button', { name: 'Send again' }).click();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(2);
    expect(received[1]!.delivery).toBe(received[0]!.delivery);
  });

  it('two-step sign-in: turned on from the QR screen, then sign-in asks for the code', async () => {
    const anna = await newPage();
    await signIn(anna, url, 'anna@desk.example');
    await anna.getByRole('link', { name: 'My account' }).click();
    await anna.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await anna.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    expect(await anna.locator('[role=img] svg').count()).toBe(1);
    const secret = (await anna.getByTestId('totp-secret').innerText()).trim();
    await shot(anna, 'two-step-enrol');
    await anna.getByRole('textbox', { name: 'Code', exact: true }).fill(totpCode(secret));
    await anna.getByRole('button', { name: 'Confirm' }).click();
    await anna.getByTestId('recovery-codes').waitFor();
    expect(await anna.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    await anna.getByRole('button', { name: 'Sign out' }).click();

    await anna.locator('input[type=email]').fill('anna@desk.example');
    await anna.locator('input[type=password]').fill(PASSWORD);
    await anna.getByRole('button', { name: 'Sign in' }).click();
    const code = anna.getByRole('textbox', { name: 'Code', exact: true });
    await code.waitFor();
    await code.fill(totpCode(secret, Date.now() + 30_000));
    await anna.getByRole('button', { name: 'Sign in' }).click();
    await anna.getByTestId('signed-in-as').waitFor();
  });
});
