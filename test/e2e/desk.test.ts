// Browser journeys in Chromium (STYLE 11): the whole recovery loop through
// the web app — public form, queue, restatement, portal confirmation, three
// options, the customer's choice, a compensation above the agent's limit
// approved in the inbox, resolve — and the UI in Russian, Latvian, Romanian.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { refreshNextDue } from '../../src/clocks/meet-clocks.ts';
import { addUser } from '../../src/staff/users.ts';
import { assignCase } from '../../src/cases/assign-case.ts';
import { SYSTEM } from '../../src/context.ts';
import type { Tx } from '../../src/db/client.ts';
import { ensureWebBuild, launchChromium, shot, trackPages, signIn, startDesk, type Desk } from './browser.ts';

describe('web app in Chromium', () => {
  let desk: Desk;
  let browser: Browser;
  /** Uncaught errors and console errors in any page (a 401 before signing in is expected) fail the test. */
  const tracked = trackPages(() => browser);
  const newPage = (locale?: string) => tracked.newPage(locale);
  afterEach(async () => {
    expect(await tracked.closeAll()).toEqual([]);
  });

  /** Files a complaint on the public API, as the embedded form would. */
  const complain = async (body: Record<string, string>) => {
    const res = await fetch(`${desk.url}/api/v1/public/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    return (await res.json()) as { caseNumber: string; portalUrl: string };
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

  it('a complaint goes from the public form through the playbook to resolved', async () => {
    // The customer complains on the public form.
    const customer = await newPage();
    await customer.goto(`${desk.url}/complain`);
    await customer.getByLabel('Your name').fill('Ilze Bērziņa');
    await customer.getByLabel('Email').fill('ilze@example.com');
    await customer.getByLabel('What happened?').fill('Only 700 of the 1000 printed bags are ready and the fair starts tomorrow!!! Nobody answers the phone.');
    await shot(customer, 'complain-form');
    await customer.getByRole('button', { name: 'Send' }).click();
    await customer.getByTestId('complaint-received').waitFor();
    const received = await customer.getByTestId('complaint-received').innerText();
    const number = /C-\d+/.exec(received)![0];
    const portalPath = (await customer.getByTestId('portal-link').getAttribute('href'))!;
    expect(portalPath).toMatch(/^\/portal\/[\w-]{43}$/);
    await shot(customer, 'complain-received');

    // The agent finds it in the queue and opens it.
    const agent = await newPage();
    await signIn(agent, desk.url, 'anna@desk.example');
    await agent.getByTestId('queue-table').waitFor();
    await agent.getByTestId('queue-search').fill(number);
    await agent.getByRole('button', { name: 'Search', exact: true }).click();
    await agent.getByRole('link', { name: number }).waitFor();
    await expect.poll(() => agent.getByTestId('queue-row').count()).toBe(1);
    await shot(agent, 'queue');
    await agent.getByRole('link', { name: number }).click();
    await agent.getByTestId('case-number').filter({ hasText: number }).waitFor();
    await agent.getByTestId('playbook-next').waitFor();
    await agent.getByTestId('detection').waitFor();

    // The guide asks for a personal apology first; the reply checker warns about a cold draft.
    await agent.getByTestId('playbook-next').filter({ hasText: 'Apologise personally' }).waitFor();
    await agent.getByTestId('reply-body').fill('Your request has been received.');
    await agent.getByTestId('reply-warning').first().waitFor();
    await shot(agent, 'case-reply-warning');
    await agent.getByTestId('reply-body').fill('Dear Ilze, thank you for telling us, and I am truly sorry about the missing bags. I will take care of this myself and call you within the hour. Anna');
    await agent.getByLabel('This reply apologises').check();
    await agent.getByRole('button', { name: 'Send', exact: true }).click();
    await agent.getByTestId('step-apologised').and(agent.locator('[data-status=done]')).waitFor();

    // Restatement, sent for the customer to confirm.
    await expect.poll(() => agent.getByTestId('playbook-next').innerText()).toContain('Restate the complaint');
    expect(await agent.getByTestId('playbook-next').innerText()).toContain('So we need to do a, b and c — right?');
    await agent.getByLabel('Your restatement').fill('We print the other 300 bags tonight and deliver all 1000 by 8:00 tomorrow — right?');
    await agent.getByRole('button', { name: 'Send to the customer to confirm' }).click();
    await agent.getByTestId('restatement-current').filter({ hasText: 'Waiting for the customer' }).waitFor();
    await shot(agent, 'case-restated');

    // The customer confirms in the portal.
    await customer.goto(`${desk.url}${portalPath}`);
    await customer.getByTestId('portal-restatement').waitFor();
    await customer.getByTestId('portal-confirm').click();
    await customer.getByText('You confirmed this').waitFor();
    await shot(customer, 'portal-confirmed');

    // The agent offers three options, guided by the playbook's words.
    await agent.reload();
    await agent.getByTestId('playbook-next').filter({ hasText: 'Offer at least three options' }).waitFor();
    expect(await agent.getByTestId('playbook-next').innerText()).toContain('What would you like? If it is in my power, I will make sure it is done.');
    const options = ['Take 700 now, the other 300 tomorrow', 'A refund for the 300 bags', '300 unprinted bags and the printing refunded'];
    for (const [i, title] of options.entries()) await agent.getByTestId(`option-input-${i}`).fill(title);
    await agent.getByTestId('options-submit').click();
    await agent.getByTestId('options-current').filter({ hasText: options[2]! }).waitFor();

    // The customer chooses one.
    await customer.reload();
    await customer.getByTestId('portal-options').waitFor();
    await customer.getByLabel(options[0]!).click();
    await expect.poll(() => customer.getByLabel(options[0]!).isChecked()).toBe(true);
    await customer.reload();
    await expect.poll(() => customer.getByLabel(options[0]!).isChecked()).toBe(true);
    await shot(customer, 'portal-chosen');

    // The agent writes down the promise that follows from the choice.
    await agent.reload();
    await agent.getByTestId('choice-made').filter({ hasText: options[0]! }).waitFor();
    await agent.getByTestId('playbook-next').filter({ hasText: 'Keep every promise on time' }).waitFor();
    await agent.getByLabel('What we promise').fill('Deliver the other 300 bags by 8:00');
    await agent.getByRole('button', { name: 'Add commitment' }).click();
    await agent.getByTestId('commitment').filter({ hasText: 'Deliver the other 300 bags' }).waitFor();

    // The agent grants a compensation above their limit (50 EUR): it needs approval.
    await agent.getByTestId('compensation-open').click();
    expect(await agent.getByTestId('authority-limit').innerText()).toContain('50.00');
    await agent.getByTestId('compensation-amount').fill('120');
    await agent.getByTestId('compensation-description').fill('A gift box of our tote bags for the fair');
    await agent.getByTestId('needs-approval').waitFor();
    await shot(agent, 'compensation-dialog');
    await agent.getByTestId('compensation-submit').click();
    await agent.getByTestId('compensation').filter({ hasText: 'waiting for approval' }).waitFor();

    // The supervisor approves it in the approvals inbox.
    const supervisor = await newPage();
    await signIn(supervisor, desk.url, 'marta@desk.example');
    await supervisor.getByRole('link', { name: 'Approvals' }).click();
    await supervisor.getByTestId('approval').filter({ hasText: number }).waitFor();
    await shot(supervisor, 'approvals');
    await supervisor.getByTestId('approve').click();
    await supervisor.getByText('Nothing waits for your decision.').waitFor();

    // The agent also offers a gift now or a bigger bonus later (P-3.4); the customer takes the bonus.
    await agent.reload();
    await agent.getByTestId('compensation').filter({ hasText: 'granted' }).waitFor();
    await agent.getByRole('button', { name: 'Offer a gift or a bonus…' }).click();
    await agent.getByLabel('Gift now').fill('A box of chocolates');
    await agent.getByLabel('Gift value (EUR)').fill('15');
    await agent.getByLabel('Bonus on the next order (EUR)').fill('40');
    await agent.getByRole('button', { name: 'Send the offer' }).click();
    await agent.getByTestId('offer').filter({ hasText: 'waiting for the customer' }).waitFor();
    await customer.reload();
    await customer.getByRole('button', { name: /A bonus of/ }).click();
    await customer.getByRole('button', { name: /A bonus of/ }).waitFor({ state: 'detached' });
    await shot(customer, 'portal-offer-chosen');

    // The agent resolves the case.
    await agent.reload();
    await agent.getByTestId('offer').filter({ hasText: 'the customer took the bonus' }).waitFor();
    await agent.getByTestId('resolve').click();
    await agent.getByTestId('case-status').filter({ hasText: 'Resolved' }).waitFor();
    expect(await agent.getByTestId('step-follow_up').getAttribute('data-status')).toBe('done');
    await shot(agent, 'case-resolved');

    // The customer sees it resolved.
    await customer.reload();
    await customer.getByTestId('portal-status').filter({ hasText: 'Resolved' }).waitFor();
  }, 240_000);

  it('compensation economics: catalog presets, replacement first, discount arithmetic, the bonus from the problem order chosen in the portal', async () => {
    // The admin loads the clothing shop's amends into the catalog (P-3.2).
    const admin = await newPage();
    await signIn(admin, desk.url, 'adam@desk.example');
    await admin.getByRole('link', { name: 'Settings' }).click();
    await admin.getByTestId('catalog-settings').getByText('The catalog is empty: load a preset.').waitFor();
    await admin.getByTestId('catalog-settings').getByLabel('Kind of business').click();
    await admin.getByRole('option', { name: 'Clothing shop' }).click();
    await admin.getByTestId('catalog-load').click();
    await admin.getByTestId('catalog-item').filter({ hasText: 'Free replacement of the damaged item' }).waitFor();
    expect(await admin.getByTestId('catalog-item').count()).toBe(3);
    await shot(admin, 'catalog-settings');
    // The economics behind it: the bonus share of the problem order and its validity (P-3.5), margin and tax (P-3.6).
    const econ = admin.getByTestId('economics-settings');
    expect(await econ.getByLabel('Bonus, % of the problem order').inputValue()).toBe('10');
    await econ.getByLabel('Gross margin %').fill('35');
    await econ.getByRole('button', { name: 'Save' }).click();
    await econ.getByText('Saved.').waitFor();
    await econ.getByLabel('Gross margin %').fill('30');
    const saved = admin.waitForResponse((r) => r.url().endsWith('/api/v1/settings') && r.request().method() === 'PUT');
    await econ.getByRole('button', { name: 'Save' }).click();
    expect((await (await saved).json()).economics.marginPercent).toBe(30);
    // A customer with a 400 EUR order (entered through the API with the admin's session).
    const made = await admin.request.post(`${desk.url}/api/v1/customers`, { data: { name: 'Liga Kalniņa', emails: ['liga@example.lv'] } });
    expect(made.status()).toBe(201);
    const customerId = (await made.json()).id;
    expect((await admin.request.post(`${desk.url}/api/v1/customers/${customerId}/orders`, { data: { ref: 'W-1001', total: { amount: '400.00', currency: 'EUR' }, placedAt: new Date(Date.now() - 86_400_000).toISOString() } })).status()).toBe(201);

    // She complains about a torn jacket from that order.
    const { caseNumber, portalUrl } = await complain({ name: 'Liga Kalniņa', email: 'liga@example.lv', body: 'The winter jacket from order W-1001 arrived torn at the seam!', orderRef: 'W-1001', language: 'en' });
    const agent = await newPage();
    await signIn(agent, desk.url, 'anna@desk.example');
    const found = await (await agent.request.get(`${desk.url}/api/v1/cases?q=${caseNumber}`)).json();
    await agent.goto(`${desk.url}/cases/${found.items[0].id}`);

    // Before compensating the agent sees the authority left, and that a defect calls for replacement first (P-2.10).
    await agent.getByTestId('compensation-open').click();
    await agent.getByTestId('replacement-first').waitFor();
    expect(await agent.getByTestId('authority-usage').innerText()).toContain('50.00');
    await agent.getByTestId('catalog-pick').click();
    const first = agent.locator('.mantine-Select-option:visible').first();
    expect(await first.innerText()).toContain('Free replacement of the damaged item');
    await first.click();
    expect(await agent.getByTestId('compensation-description').inputValue()).toBe('Free replacement of the damaged item');

    // Choosing a discount shows its arithmetic first (P-3.6): the playbook's example.
    await agent.getByRole('dialog').getByLabel('Kind', { exact: true }).click();
    await agent.getByRole('option', { name: 'Discount' }).click();
    await agent.getByTestId('discount-percent').fill('20');
    await agent.getByTestId('discount-months').fill('6');
    await agent.getByTestId('discount-monthly').fill('30000');
    await agent.getByTestId('discount-calc').click();
    await agent.getByTestId('step-gross_margin').filter({ hasText: '54,000.00' }).waitFor();
    expect(await agent.getByTestId('step-left').innerText()).toContain('18,000.00');
    expect(await agent.getByTestId('margin-lost').innerText()).toContain('66.67%');
    expect(await agent.getByTestId('discount-recommendation').innerText()).toContain('Better: replace or re-make it');
    await shot(agent, 'discount-arithmetic');
    await agent.keyboard.press('Escape');

    // The offer: a gift now or a bonus of 10% of the problem order (P-3.4, P-3.5), which the customer picks.
    await agent.getByRole('button', { name: 'Offer a gift or a bonus…' }).click();
    expect(await agent.getByTestId('offer-bonus').getAttribute('placeholder')).toBe('40.00');
    await agent.getByLabel('Gift now').fill('Free alteration');
    await agent.getByLabel('Gift value (EUR)').fill('20');
    await agent.getByRole('button', { name: 'Send the offer' }).click();
    await agent.getByTestId('offer').filter({ hasText: 'waiting for the customer' }).waitFor();
    expect(await agent.getByTestId('offer').innerText()).toContain('40.00');
    await agent.getByTestId('record-bonus').waitFor(); // the agent could record a choice made on the phone

    const customer = await newPage();
    await customer.goto(portalUrl);
    await customer.getByRole('button', { name: /Free alteration/ }).waitFor();
    await shot(customer, 'portal-gift-or-bonus');
    await customer.getByRole('button', { name: /A bonus of/ }).click();
    await customer.getByRole('button', { name: /A bonus of/ }).waitFor({ state: 'detached' });
    await agent.reload();
    await agent.getByTestId('offer').filter({ hasText: 'the customer took the bonus' }).waitFor();
    const bonuses = await (await agent.request.get(`${desk.url}/api/v1/customers/${customerId}/bonuses`)).json();
    expect(bonuses.items).toMatchObject([{ amount: { amount: '40.00', currency: 'EUR' }, status: 'active' }]);

    // A supervisor sees the bonus ledger and the figures on the customer's page and records a decision (P-3.8, P-3.9).
    const supervisor = await newPage();
    await signIn(supervisor, desk.url, 'marta@desk.example');
    await supervisor.goto(`${desk.url}/customers/${customerId}`);
    await supervisor.getByTestId('bonus-row').filter({ hasText: 'active' }).waitFor();
    const review = supervisor.getByTestId('customer-review');
    expect(await review.innerText()).toContain('Brought €400.00 in 1 orders');
    await review.getByLabel('Why').fill('A defect on our side; a good customer');
    await review.getByRole('button', { name: 'Record the decision' }).click();
    await review.getByText('Keep as usual · A defect on our side; a good customer').waitFor();
    await shot(supervisor, 'customer-economics');
    await supervisor.getByRole('link', { name: 'Dashboard' }).click();
    await supervisor.getByTestId('economics-dashboard').getByText('chose the bonus: 100%').waitFor();
  }, 240_000);

  it('switching the UI to Russian and Latvian translates the screens', async () => {
    await complain({ name: 'Ольга Петрова', email: 'olga@example.ru', body: 'Уже третий раз пишу!!! Когда вернут деньги за сломанный чайник?', language: 'ru' });
    const agent = await newPage();
    await signIn(agent, desk.url, 'anna@desk.example');
    await agent.getByTestId('queue-table').waitFor();
    await agent.locator('header select').selectOption('ru');
    await agent.getByRole('heading', { name: 'Обращения, которые ждут вас' }).waitFor();
    expect(await agent.getByRole('link', { name: 'Очередь' }).count()).toBe(1);
    expect(await agent.getByRole('button', { name: 'Выйти' }).count()).toBe(1);
    expect(await agent.evaluate(() => document.documentElement.lang)).toBe('ru');
    await shot(agent, 'queue-ru');
    await agent.getByTestId('queue-row').first().getByRole('link').click();
    await agent.getByText('Порядок работы').waitFor();
    await shot(agent, 'case-ru');

    await agent.locator('header select').selectOption('lv');
    await agent.getByText('Darba kārtība').waitFor();
    await agent.getByRole('link', { name: 'Rinda' }).click();
    await agent.getByRole('heading', { name: 'Lietas, kurām vajadzīgs jūsu darbs' }).waitFor();
    await shot(agent, 'queue-lv');
    // The choice is remembered across a reload; an agent sees no approvals inbox.
    await agent.reload();
    await agent.getByRole('heading', { name: 'Lietas, kurām vajadzīgs jūsu darbs' }).waitFor();
    expect(await agent.getByRole('link', { name: 'Apstiprināšana' }).count()).toBe(0);
    // Signing out returns to the sign-in screen, still in Latvian.
    await agent.getByRole('button', { name: 'Iziet' }).click();
    await agent.getByRole('heading', { name: 'Pieteikšanās' }).waitFor();
  }, 120_000);

  it('the portal speaks the case language: Romanian', async () => {
    const { caseNumber, portalUrl } = await complain({ name: 'Ion Popescu', email: 'ion@example.ro', body: 'Comanda mea a ajuns deteriorată și nimeni nu îmi răspunde!', language: 'ro' });
    const page = await newPage('en-GB');
    await page.goto(portalUrl);
    await page.getByRole('heading', { name: `Cazul dvs. ${caseNumber}` }).waitFor();
    await page.getByText('Bună ziua, Ion Popescu').waitFor();
    expect((await page.getByTestId('portal-status').innerText()).toLowerCase()).toContain('ne ocupăm');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ro');
    await page.getByRole('button', { name: 'Trimite' }).waitFor();
    await shot(page, 'portal-ro');
  }, 120_000);

  it('a breached clock is red on the case, and the queue sorted by deadline puts it first', async () => {
    const { caseNumber } = await complain({ name: 'Jonas Late', email: 'jonas@example.com', body: 'The leaflets have not arrived and the event is tomorrow.', language: 'en' });
    // Time passes: the first-response clock falls due a minute ago; the real sweeper breaches it.
    const db = desk.database.db;
    const id = (await queryRows<{ id: string }>(db, sql`select id from cases where number = ${Number(caseNumber.slice(2))}`))[0]!.id;
    await db.execute(sql`update clocks set due_at = now() - interval '1 minute', warn_at = now() - interval '2 minutes' where case_id = ${id} and kind = 'first_response'`);
    await db.transaction((tx) => refreshNextDue(tx as never, id));
    await expect.poll(async () => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from clocks where case_id = ${id} and status = 'breached'`))[0]!.n, { timeout: 10_000 }).toBe(1);

    const agent = await newPage();
    await signIn(agent, desk.url, 'anna@desk.example');
    await agent.getByTestId('queue-table').waitFor();
    await agent.getByRole('combobox', { name: 'Whose' }).click();
    await agent.getByRole('option', { name: "Everyone's" }).click();
    await agent.getByRole('combobox', { name: 'Sort by' }).click();
    await agent.getByRole('option', { name: 'Nearest to breach' }).click();
    await expect.poll(() => agent.getByTestId('queue-row').first().innerText()).toContain(caseNumber);
    expect(await agent.getByTestId('queue-row').first().getByTestId('deadline').getAttribute('data-color')).toBe('red');
    await shot(agent, 'queue-deadline');
    await agent.getByRole('link', { name: caseNumber }).click();
    await agent.getByTestId('clocks').waitFor();
    const red = agent.getByTestId('clock').filter({ hasText: 'First personal response' });
    expect(await red.getAttribute('data-color')).toBe('red');
    await expect.poll(() => red.innerText()).toMatch(/breached/i);
    await shot(agent, 'case-clock-red');
  }, 120_000);

  it('the dashboard, customers and settings screens work for an admin', async () => {
    const admin = await newPage();
    await signIn(admin, desk.url, 'adam@desk.example');
    await admin.getByRole('link', { name: 'Dashboard' }).click();
    await admin.getByTestId('dash-open').waitFor();
    await admin.locator('.recharts-surface').first().waitFor();
    await shot(admin, 'dashboard');
    await admin.getByRole('link', { name: 'Customers' }).click();
    await admin.getByRole('link', { name: 'Ilze Bērziņa' }).click();
    await admin.getByText('ilze@example.com').waitFor();
    await shot(admin, 'customer');
    // She leaves after all (P-4.4, P-4.5): recorded with its kind; the keep-in-touch record shows.
    await admin.getByLabel('Why they left').fill('Found a printer nearer the fair');
    await admin.getByRole('combobox', { name: 'What kind of failure' }).click();
    await admin.getByRole('option', { name: /^Systemic/ }).click();
    await admin.getByRole('button', { name: 'Mark as departed' }).click();
    await admin.getByText(/^Left on /).waitFor();
    await admin.getByRole('button', { name: 'They came back' }).waitFor();
    await shot(admin, 'customer-departed');
    await admin.getByRole('link', { name: 'Settings' }).click();
    await admin.getByText('Authority limits').waitFor();
    await expect.poll(() => admin.getByRole('textbox', { name: 'Agent', exact: true }).inputValue()).toBe('50.00');
    await admin.getByRole('textbox', { name: 'Agent', exact: true }).fill('75');
    await admin.getByRole('button', { name: 'Save' }).first().click(); // the authority limits' own (the economics card has one too)
    await admin.getByText('Saved.').waitFor();
    // Marta is promoted to head; the check-in cadence becomes quarterly.
    await admin.getByRole('combobox', { name: 'Role of Marta Supervisor' }).click();
    await admin.getByRole('option', { name: 'Department head' }).click();
    await admin.getByLabel('Check-in every … months').fill('3');
    await admin.getByTestId('keep-in-touch').getByRole('button', { name: 'Save' }).click();
    await admin.getByTestId('keep-in-touch').getByText('Saved.').waitFor();
    await shot(admin, 'settings');
    const cookie = (await admin.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const get = async (path: string) => (await fetch(`${desk.url}${path}`, { headers: { cookie } })).json() as Promise<any>;
    const settings = await get('/api/v1/settings');
    expect(settings.authorityLimits.agent.amount).toBe('75.00');
    expect(settings.keepInTouch.checkInMonths).toBe(3);
    await expect.poll(async () => (await get('/api/v1/users')).items.find((u: { name: string }) => u.name === 'Marta Supervisor').role).toBe('head');
    const ilze = (await get('/api/v1/customers?q=Ilze')).items[0];
    const record = await get(`/api/v1/customers/${ilze.id}`);
    expect([record.status, record.departure.kind]).toEqual(['departed', 'systemic']);
  }, 120_000);
  it("a newcomer finds a colleague's new complaint in the default queue, takes it over, reassigns it with a reason and adds an internal note (P-2.4)", async () => {
    const db = desk.database.db;
    const bob = await addUser(db, { email: 'bob@desk.example', name: 'Bob Agent', role: 'agent', password: 'correct horse battery', languages: ['en'] });
    try {
      // The customer files on /complain; the desk routed it to Bob (forced here, so the walk does not hang on the round robin).
      const customer = await newPage();
      await customer.goto(`${desk.url}/complain`);
      await customer.getByLabel('Your name').fill('Petra Novak');
      await customer.getByLabel('Email').fill('petra@example.com');
      await customer.getByLabel('What happened?').fill('The mugs arrived with the wrong logo printed on every one of them.');
      await customer.getByRole('button', { name: 'Send' }).click();
      await customer.getByTestId('complaint-received').waitFor();
      const number = /C-\d+/.exec(await customer.getByTestId('complaint-received').innerText())![0];
      const portalPath = (await customer.getByTestId('portal-link').getAttribute('href'))!;
      const [row] = await queryRows<{ id: string; owner_id: string }>(db, sql`select id, owner_id from cases where number = ${Number(number.slice(2))}`);
      if (row!.owner_id !== bob.id) await db.transaction((tx) => assignCase(tx as Tx, SYSTEM, { caseId: row!.id, ownerId: bob.id }));

      // Anna signs in: the default queue shows every open case, Bob's new one included, with its owner.
      const agent = await newPage();
      await signIn(agent, desk.url, 'anna@desk.example');
      const mine = agent.getByTestId('queue-row').filter({ hasText: number });
      await mine.waitFor();
      expect(await mine.getByTestId('queue-owner-name').innerText()).toBe('Bob Agent');
      await shot(agent, 'queue-default-all');
      await agent.getByRole('link', { name: number }).click();
      await agent.getByTestId('case-number').filter({ hasText: number }).waitFor();
      // Bob's case: she is asked to take it over or join as helper.
      await agent.getByTestId('not-yours').filter({ hasText: 'Bob Agent owns this case' }).waitFor();

      // She takes it over, saying why.
      await agent.getByTestId('take-over').click();
      expect(await agent.getByTestId('owner-submit').isDisabled()).toBe(true);
      await agent.getByTestId('owner-reason').fill('Bob is at the trade fair today');
      await agent.getByTestId('owner-submit').click();
      await agent.getByText('Owner: Anna Agent').waitFor();
      expect(await agent.getByTestId('not-yours').count()).toBe(0);

      // ... and hands it back to Bob with a reason.
      await agent.getByTestId('reassign').click();
      await agent.getByTestId('reassign-owner').click();
      await agent.getByRole('option', { name: /Bob Agent/ }).click();
      await agent.getByTestId('owner-reason').fill('Bob handles printing faults');
      await shot(agent, 'case-reassign');
      await agent.getByTestId('owner-submit').click();
      await agent.getByText('Owner: Bob Agent').waitFor();

      // An internal note mentioning Bob: on the timeline, marked internal.
      await agent.getByTestId('note-body').fill('@bob the print shop used last year\'s logo file; please call them before replying.');
      await agent.getByTestId('note-submit').click();
      const note = agent.getByTestId('note').filter({ hasText: 'print shop' });
      await note.waitFor();
      expect(await note.textContent()).toContain('Internal');
      expect(await note.innerText()).toContain('Mentioned: Bob Agent');
      await shot(agent, 'case-internal-note');

      const events = await queryRows<{ type: string; data: { reason?: string; body?: string } }>(db, sql`select type, data from case_events where case_id = ${row!.id} and type in ('owner_assigned', 'note_added') order by id`);
      expect(events.filter((e) => e.type === 'owner_assigned').map((e) => e.data.reason).slice(-2)).toEqual(['Bob is at the trade fair today', 'Bob handles printing faults']);
      expect(events.at(-1)!.type).toBe('note_added');

      // The customer's portal names Bob and never shows the note.
      await customer.goto(`${desk.url}${portalPath}`);
      await customer.getByText('Bob Agent').first().waitFor();
      expect(await customer.locator('body').innerText()).not.toContain('print shop');
    } finally {
      await db.execute(sql`update users set active = false where id = ${bob.id}`);
    }
  }, 120_000);
});
