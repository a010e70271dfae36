// Compensation economics (issue 7, PLAYBOOK §3) through the HTTP API on every
// database: the catalog of amends (P-3.2), gift or bonus with the bonus from
// the problem order and its ledger (P-3.4, P-3.5), discount arithmetic with
// the playbook's worked example (P-3.6), replacement first for a defect
// (P-2.10), double compensation (P-3.7), repeat claimants and ending a
// relationship (P-3.8, P-3.9), the return on recovery with the playbook's
// worked example (P-3.7), and authority by case and by month (P-3.3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { queryRows } from '../../src/db/client.ts';
import { HANDLERS } from '../../src/jobs/handlers.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
let seq = 0;

describe.each(TARGETS)('compensation economics on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A customer with one order and a case about it. */
  async function caseAbout(body: string, opts: { order?: string; tier?: string; placedDaysAgo?: number } = {}) {
    const n = ++seq;
    const email = `buyer${n}@example.com`;
    const customer = await t.call('agent', 'POST', '/api/v1/customers', { name: `Buyer ${n}`, emails: [email], ...(opts.tier ? { tier: opts.tier } : {}) });
    expect(customer.statusCode).toBe(201);
    const ref = `ORD-${n}`;
    if (opts.order) {
      const placedAt = new Date(Date.now() - (opts.placedDaysAgo ?? 3) * 86_400_000).toISOString();
      expect((await t.call('agent', 'POST', `/api/v1/customers/${customer.data.id}/orders`, { ref, total: eur(opts.order), placedAt })).statusCode).toBe(201);
    }
    const opened = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email }, body, ...(opts.order ? { orderRef: ref } : {}) });
    expect(opened.statusCode).toBe(201);
    return { caseId: opened.data.id as string, customerId: customer.data.id as string, email, ref };
  }
  const advice = async (caseId: string, role: 'agent' | 'supervisor' | 'head' = 'agent') => (await t.call(role, 'GET', `/api/v1/cases/${caseId}/compensation-advice`)).data;
  const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

  it('catalog: an admin loads presets for the kind of business and edits them; staff read it (P-3.2)', async () => {
    const presets = await t.call('agent', 'GET', '/api/v1/catalog/presets');
    expect(Object.keys(presets.data.presets).sort()).toEqual(['bank', 'beauty_salon', 'bookshop', 'clothing', 'ecommerce', 'manufacturer', 'restaurant']);
    expect(presets.data.presets.restaurant.map((i: { name: string }) => i.name)).toContain('A bottle of wine');

    expect((await t.call('agent', 'POST', '/api/v1/catalog/presets/restaurant')).statusCode).toBe(403);
    expect((await t.call('admin', 'POST', '/api/v1/catalog/presets/casino')).data.error.code).toBe('VALIDATION_FAILED');
    const loaded = await t.call('admin', 'POST', '/api/v1/catalog/presets/clothing');
    expect(loaded.statusCode).toBe(200);
    expect(loaded.data.added).toBe(3);
    const again = await t.call('admin', 'POST', '/api/v1/catalog/presets/clothing');
    expect(again.data.added).toBe(0); // loading twice adds nothing
    expect((await t.call('admin', 'POST', '/api/v1/catalog/presets/restaurant')).data.added).toBe(3);

    const wine = (await t.call('agent', 'GET', '/api/v1/catalog')).data.items.find((i: { name: string }) => i.name === 'A bottle of wine');
    expect(wine).toMatchObject({ kind: 'gift', cost: eur('6.00'), value: eur('25.00'), remedy: false, preset: 'restaurant' });
    const edited = await t.call('admin', 'PATCH', `/api/v1/catalog/${wine.id}`, { cost: eur('7.50'), name: 'A bottle of house wine' });
    expect(edited.statusCode).toBe(200);
    expect(edited.data).toMatchObject({ name: 'A bottle of house wine', cost: eur('7.50'), value: eur('25.00') });
    expect((await t.call('admin', 'PATCH', `/api/v1/catalog/${wine.id}`, { value: eur('0.00') })).statusCode).toBe(400);
    expect((await t.call('admin', 'PATCH', `/api/v1/catalog/${wine.id}`, { cost: { amount: '1.00', currency: 'USD' } })).data.error.code).toBe('CURRENCY_MISMATCH');
    expect((await t.call('admin', 'PATCH', '/api/v1/catalog/nope', { name: 'x' })).data.error.code).toBe('CATALOG_ITEM_NOT_FOUND');
    const added = await t.call('admin', 'POST', '/api/v1/catalog', { name: 'Free coffee', kind: 'gift', cost: eur('0.40'), value: eur('3.00') });
    expect(added.statusCode).toBe(201);
    // Hiding an item keeps it for admins only.
    await t.call('admin', 'PATCH', `/api/v1/catalog/${added.data.id}`, { active: false });
    expect((await t.call('agent', 'GET', '/api/v1/catalog')).data.items.map((i: { id: string }) => i.id)).not.toContain(added.data.id);
    // Cursor paging walks every item once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { items: { id: string }[]; nextCursor: string | null } } = await t.call('admin', 'GET', `/api/v1/catalog?all=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.data.items.map((i) => i.id));
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect((await t.call('agent', 'GET', '/api/v1/catalog?cursor=garbage')).data.error.code).toBe('INVALID_CURSOR');
  });

  it('discount arithmetic: the playbook example — 30,000 a month at 30%, 20% for six months leaves 18,000 of 54,000 (P-3.6)', async () => {
    const { caseId } = await caseAbout('The delivery was late again and I am thinking about my options.', { order: '30000.00' });
    const r = await t.call('agent', 'POST', `/api/v1/cases/${caseId}/discount-impact`, { discountPercent: 20, months: 6, monthlyRevenue: eur('30000.00') });
    expect(r.statusCode).toBe(200);
    expect(r.data.steps.map((s: { key: string; amount: { amount: string } }) => [s.key, s.amount.amount])).toEqual([
      ['revenue', '180000.00'],
      ['gross_margin', '54000.00'],
      ['discount_cost', '36000.00'],
      ['margin_after', '18000.00'],
      ['left', '18000.00'],
    ]);
    expect(r.data.marginLostPercent).toBe(66.67); // two thirds gone
    expect(r.data.reasons.map((x: { code: string }) => x.code)).toContain('MARGIN_HALVED');
    // A bonus of 10% of the average order (3,000 once) is far cheaper than 36,000 of margin.
    expect(r.data.recommendation).toBe('bonus');
    expect(r.data.alternatives.bonusCost).toEqual(eur('3000.00'));

    // With a tax rate the business sets, the tax step comes before what is left.
    expect((await t.call('admin', 'PUT', '/api/v1/settings', { economics: { taxPercent: 20 } })).statusCode).toBe(200);
    const taxed = (await t.call('agent', 'POST', `/api/v1/cases/${caseId}/discount-impact`, { discountPercent: 20, months: 6, monthlyRevenue: eur('30000.00') })).data;
    expect(taxed.steps.slice(-2).map((s: { key: string; amount: { amount: string } }) => [s.key, s.amount.amount])).toEqual([
      ['tax', '3600.00'],
      ['left', '14400.00'],
    ]);
    await t.call('admin', 'PUT', '/api/v1/settings', { economics: { taxPercent: null } });

    // Bad input is a 4xx with a stable code.
    expect((await t.call('agent', 'POST', `/api/v1/cases/${caseId}/discount-impact`, { discountPercent: 120, months: 6 })).data.error.code).toBe('VALIDATION_FAILED');
    expect((await t.call('agent', 'POST', `/api/v1/cases/${caseId}/discount-impact`, { discountPercent: 20, months: 0 })).statusCode).toBe(400);
    expect((await t.call('agent', 'POST', `/api/v1/cases/${caseId}/discount-impact`, { discountPercent: 20.001, months: 6 })).data.error.code).toBe('VALIDATION_FAILED');
    expect((await t.call('agent', 'POST', `/api/v1/cases/${caseId}/discount-impact`, { discountPercent: 20, months: 6, monthlyRevenue: { amount: 'lots', currency: 'EUR' } })).statusCode).toBe(400);
    expect((await t.call('agent', 'POST', '/api/v1/cases/00000000-0000-7000-8000-000000000000/discount-impact', { discountPercent: 20, months: 6 })).data.error.code).toBe('CASE_NOT_FOUND');
  });

  it('discount arithmetic from the order history; none without one', async () => {
    const { caseId, customerId } = await caseAbout('Your service has been slow lately.');
    const none = await t.call('agent', 'POST', `/api/v1/cases/${caseId}/discount-impact`, { discountPercent: 20, months: 6 });
    expect(none.statusCode).toBe(422);
    expect(none.data.error.code).toBe('NO_ORDER_HISTORY');
    // Six monthly orders of 30,000: the history says 30,000 a month.
    for (let k = 1; k <= 6; k++) {
      await t.call('agent', 'POST', `/api/v1/customers/${customerId}/orders`, { ref: `HIST-${seq}-${k}`, total: eur('30000.00'), placedAt: new Date(Date.now() - k * 30 * 86_400_000).toISOString() });
    }
    const r = (await t.call('agent', 'POST', `/api/v1/cases/${caseId}/discount-impact`, { discountPercent: 20, months: 6 })).data;
    expect(r.monthlyRevenueFrom).toBe('order_history');
    expect(r.monthlyRevenue).toEqual(eur('30000.00'));
    expect(r.grossMargin).toEqual(eur('54000.00'));
    expect(r.marginAfter).toEqual(eur('18000.00'));
  });

  it('replacement first for a visible defect: catalog, advice and the discount panel say so (P-2.10)', async () => {
    const { caseId } = await caseAbout('The jacket arrived torn at the seam and the zip is broken.', { order: '120.00' });
    const a = await advice(caseId);
    expect(a.defect).toBe(true);
    expect(a.catalog[0]).toMatchObject({ kind: 'replacement', remedy: true });
    const kinds = a.catalog.map((i: { kind: string; remedy: boolean }) => i.remedy || i.kind === 'replacement');
    expect(kinds.indexOf(false)).toBeGreaterThan(kinds.lastIndexOf(true)); // every remedy before the rest
    const d = (await t.call('agent', 'POST', `/api/v1/cases/${caseId}/discount-impact`, { discountPercent: 25, months: 3 })).data;
    expect(d.recommendation).toBe('replacement');
    expect(d.reasons[0].code).toBe('DEFECT_REPLACE');

    const { caseId: plain } = await caseAbout('Nobody answered my call yesterday.', { order: '120.00' });
    expect((await advice(plain)).defect).toBe(false);
  });

  it('gift or bonus: the bonus is 10% of the problem order, worth more than the gift, expires; the choice is a loyalty signal (P-3.4, P-3.5)', async () => {
    const { caseId, customerId } = await caseAbout('My order of 20 chairs came two weeks late.', { order: '400.00' });
    const a = await advice(caseId);
    expect(a.bonus).toMatchObject({ suggested: eur('40.00'), percent: 10, validMonths: 3, basis: 'problem_order' });

    // The bonus must be worth more than the gift; a bonus lasts at most six months.
    const small = await t.call('agent', 'POST', `/api/v1/cases/${caseId}/offers`, { giftDescription: 'Cushions', giftValue: eur('45.00') });
    expect(small.statusCode).toBe(422);
    expect(small.data.error.code).toBe('BONUS_NOT_MORE_THAN_GIFT');
    expect((await t.call('agent', 'POST', `/api/v1/cases/${caseId}/offers`, { giftDescription: 'Cushions', giftValue: eur('20.00'), bonusValidMonths: 7 })).statusCode).toBe(400);

    const offer = await t.call('agent', 'POST', `/api/v1/cases/${caseId}/offers`, { giftDescription: 'Two seat cushions', giftValue: eur('20.00') });
    expect(offer.statusCode).toBe(201);
    expect(offer.data.bonus).toMatchObject({ value: eur('40.00'), basis: 'problem_order' });
    const expiresAt = new Date(offer.data.bonus.expiresAt);
    const months = (expiresAt.getTime() - Date.now()) / (30.44 * 86_400_000);
    expect(months).toBeGreaterThan(2.8);
    expect(months).toBeLessThan(3.2);

    // The customer picks the bonus in the portal.
    const link = await t.call('agent', 'POST', `/api/v1/cases/${caseId}/portal-link`);
    const token = link.data.portalUrl.split('/').at(-1);
    const portal = await t.call(null, 'GET', `/api/v1/portal/${token}`);
    expect(portal.data.offers[0]).toMatchObject({ status: 'open', bonus: { value: eur('40.00') } });
    const chosen = await t.call(null, 'POST', `/api/v1/portal/${token}/choose`, { offer: 'bonus' });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.data.offers[0].choice).toBe('bonus');

    // The ledger holds it, active until the offer's expiry, with durable reminder and expiry timers.
    const ledger = await t.call('agent', 'GET', `/api/v1/customers/${customerId}/bonuses`);
    expect(ledger.data.items).toHaveLength(1);
    const bonus = ledger.data.items[0];
    expect(bonus).toMatchObject({ amount: eur('40.00'), status: 'active', caseId });
    expect(bonus.expiresAt).toBe(expiresAt.toISOString());
    const jobs = await queryRows<{ kind: string; run_at: Date | string }>(t.database.db, sql`select kind, run_at from jobs where payload->>'bonusId' = ${bonus.id} order by kind`);
    expect(jobs.map((j) => j.kind)).toEqual(['bonus.expire', 'bonus.remind']);
    expect(new Date(jobs[0]!.run_at).toISOString()).toBe(bonus.expiresAt);
    expect(new Date(jobs[1]!.run_at).getTime()).toBe(expiresAt.getTime() - 14 * 86_400_000);

    // The reminder goes to the customer once, in their language.
    const ctx = { db: t.database.db, mailer: null, config: t.services.config, attempt: 1, final: false };
    await HANDLERS['bonus.remind']({ bonusId: bonus.id }, ctx);
    await HANDLERS['bonus.remind']({ bonusId: bonus.id }, ctx);
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${caseId}`)).data;
    expect(c.timeline.filter((e: { type: string }) => e.type === 'bonus_reminder')).toHaveLength(1);
    const reminder = c.messages.filter((m: { kind: string }) => m.kind === 'bonus_reminder');
    expect(reminder).toHaveLength(1);
    expect(reminder[0].body).toContain('40.00 EUR');
    expect(c.timeline.find((e: { type: string }) => e.type === 'offer_chosen').data).toMatchObject({ choice: 'bonus', loyaltySignal: true });

    // The expiry timer does nothing before the bonus is due.
    await HANDLERS['bonus.expire']({ bonusId: bonus.id }, ctx);
    expect((await t.call('agent', 'GET', `/api/v1/customers/${customerId}/bonuses?status=active`)).data.items).toHaveLength(1);

    // Redeemed against the next order: at most the order's total comes off; never twice.
    const next = await t.call('agent', 'POST', `/api/v1/customers/${customerId}/orders`, { ref: `NEXT-${seq}`, total: eur('25.00'), placedAt: later(0.01), redeemBonus: true });
    expect(next.statusCode).toBe(201);
    expect(next.data.bonus).toEqual({ id: bonus.id, redeemed: eur('25.00') });
    const again = await t.call('agent', 'POST', `/api/v1/bonuses/${bonus.id}/redeem`, { orderRef: `NEXT-${seq}` });
    expect(again.statusCode).toBe(409);
    expect(again.data.error.code).toBe('BONUS_NOT_ACTIVE');
    expect((await t.call('agent', 'POST', '/api/v1/bonuses/nope/redeem', { orderRef: `NEXT-${seq}` })).data.error.code).toBe('BONUS_NOT_FOUND');
    const after = (await t.call('agent', 'GET', `/api/v1/customers/${customerId}/bonuses`)).data.items[0];
    expect(after).toMatchObject({ status: 'redeemed', redeemed: eur('25.00'), redeemedOrderId: next.data.id });
  });

  it('the agent records the choice; a gift enters no ledger; an unredeemed bonus expires; imports redeem bonuses', async () => {
    const one = await caseAbout('Wrong colour delivered.', { order: '300.00' });
    // The gift from the catalog (P-3.2): its name and value, and its cost for the return on recovery (P-3.7).
    const tote = await t.call('admin', 'POST', '/api/v1/catalog', { name: 'Tote bag', kind: 'gift', cost: eur('3.00'), value: eur('10.00') });
    const made = await t.call('agent', 'POST', `/api/v1/cases/${one.caseId}/offers`, { catalogItemId: tote.data.id });
    expect(made.statusCode).toBe(201);
    expect(made.data.gift).toEqual({ description: 'Tote bag', value: eur('10.00'), cost: eur('3.00') });
    const chose = await t.call('agent', 'POST', `/api/v1/cases/${one.caseId}/offers/choose`, { choice: 'gift' });
    expect(chose.statusCode).toBe(200);
    expect(chose.data.compensations.find((m: { kind: string }) => m.kind === 'gift')).toMatchObject({ status: 'granted', value: eur('10.00'), description: 'Tote bag' });
    expect((await t.call('agent', 'GET', `/api/v1/cases/${one.caseId}/recovery-return`)).data.cost.compensation).toEqual(eur('3.00'));
    expect((await t.call('agent', 'GET', `/api/v1/customers/${one.customerId}/bonuses`)).data.items).toEqual([]);
    expect((await t.call('agent', 'POST', `/api/v1/cases/${one.caseId}/offers/choose`, { choice: 'bonus' })).data.error.code).toBe('OFFER_NOT_FOUND');

    // A bonus granted directly, then left to expire.
    const two = await caseAbout('Late again.', { order: '300.00' });
    const granted = await t.call('agent', 'POST', `/api/v1/cases/${two.caseId}/compensations`, { kind: 'bonus', value: eur('30.00'), description: 'Bonus on the next order', bonusValidMonths: 1 });
    expect(granted.data.status).toBe('granted');
    const [b] = (await t.call('agent', 'GET', `/api/v1/customers/${two.customerId}/bonuses`)).data.items;
    await t.database.db.execute(sql`update bonuses set expires_at = now() - interval '1 second' where id = ${b.id}`); // time passes
    const ctx = { db: t.database.db, mailer: null, config: t.services.config, attempt: 1, final: false };
    await HANDLERS['bonus.expire']({ bonusId: b.id }, ctx);
    await HANDLERS['bonus.expire']({ bonusId: b.id }, ctx);
    const expired = (await t.call('agent', 'GET', `/api/v1/customers/${two.customerId}/bonuses`)).data.items[0];
    expect(expired.status).toBe('expired');
    const tl = (await t.call('agent', 'GET', `/api/v1/cases/${two.caseId}`)).data.timeline;
    expect(tl.filter((e: { type: string }) => e.type === 'bonus_expired')).toHaveLength(1);

    // Import: the customer's active bonus comes off the imported order.
    const three = await caseAbout('Missing parts.', { order: '500.00' });
    await t.call('agent', 'POST', `/api/v1/cases/${three.caseId}/compensations`, { kind: 'bonus', value: eur('50.00'), description: 'Bonus' });
    const imp = await t.call('agent', 'POST', '/api/v1/orders/import', {
      orders: [
        { customerId: three.customerId, ref: `IMP-${seq}-1`, total: eur('800.00'), placedAt: later(0.01), redeemBonus: true },
        { customerId: three.customerId, ref: `IMP-${seq}-2`, total: eur('100.00'), placedAt: later(0.02), redeemBonus: true },
      ],
    });
    expect(imp.statusCode).toBe(201);
    expect(imp.data).toMatchObject({ imported: 2, redeemed: [{ ref: `IMP-${seq}-1`, redeemed: eur('50.00') }] });
    // By the customer's external reference, too.
    const ref = await t.call('agent', 'POST', '/api/v1/customers', { name: 'Referenced', externalRef: `CRM-${seq}` });
    const batch = { orders: [{ customerRef: `CRM-${seq}`, ref: `IMP-${seq}-3`, total: eur('70.00'), placedAt: later(0) }] };
    const byRef = await t.call('agent', 'POST', '/api/v1/orders/import', batch, { 'idempotency-key': `import-${seq}` });
    expect(byRef.data).toEqual({ imported: 1, redeemed: [] });
    const replay = await t.call('agent', 'POST', '/api/v1/orders/import', batch, { 'idempotency-key': `import-${seq}` });
    expect(replay.headers['idempotency-replayed']).toBe('true');
    expect((await t.call('agent', 'GET', `/api/v1/customers/${ref.data.id}`)).data.orders).toHaveLength(1);
    expect((await t.call('agent', 'GET', `/api/v1/customers/${ref.data.id}`)).data.orders[0].total).toEqual(eur('70.00'));
    const bad = await t.call('agent', 'POST', '/api/v1/orders/import', { orders: [{ customerRef: 'nobody', ref: 'X-1', total: eur('1.00'), placedAt: later(0) }] });
    expect(bad.statusCode).toBe(404);
    expect(bad.data.error).toMatchObject({ code: 'CUSTOMER_NOT_FOUND', details: { row: 0 } });

    // The report: gift and bonus choices and the ledger.
    const report = await t.call('supervisor', 'GET', '/api/v1/reports/offer-choices');
    expect(report.statusCode).toBe(200);
    expect(report.data.choices.gift.count).toBeGreaterThanOrEqual(1);
    expect(report.data.choices.bonus.count).toBeGreaterThanOrEqual(1);
    expect(report.data.choices.bonus.cameBack).toBeGreaterThanOrEqual(1);
    expect(Number(report.data.bonuses.expired.amount)).toBeGreaterThanOrEqual(30);
    expect((await t.call('agent', 'GET', '/api/v1/reports/offer-choices')).statusCode).toBe(403);
  });

  it('double compensation for a valuable customer at risk, routed to the head above the limit (P-3.7)', async () => {
    const { caseId, customerId } = await caseAbout('This is the third late delivery. I am switching to another supplier.', { order: '20000.00', tier: 'key' });
    const a = await advice(caseId);
    expect(a.double.suggested).toBe(true);
    expect(a.double.reasons).toEqual(expect.arrayContaining(['tier:key', 'signal:churn']));
    // Triage gave this valuable customer to someone senior (P-2.7): the agent helps on it, without taking it (P-2.4).
    expect((await t.call('agent', 'POST', `/api/v1/cases/${caseId}/offers`, { giftDescription: 'Gift hamper', giftValue: eur('300.00'), double: true, bonusValidMonths: 6 })).data.error.code).toBe('NOT_CASE_HANDLER');
    expect((await t.call('agent', 'POST', `/api/v1/cases/${caseId}/participants`, { reason: 'preparing the offer' })).statusCode).toBe(200);
    const offer = await t.call('agent', 'POST', `/api/v1/cases/${caseId}/offers`, { giftDescription: 'Gift hamper', giftValue: eur('300.00'), double: true, bonusValidMonths: 6 });
    expect(offer.statusCode).toBe(201);
    expect(offer.data.compensationIds).toHaveLength(2);
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${caseId}`)).data;
    const gift = c.compensations.find((m: { kind: string }) => m.kind === 'gift');
    const bonus = c.compensations.find((m: { kind: string }) => m.kind === 'bonus');
    expect(gift).toMatchObject({ status: 'pending_approval', approvalRole: 'supervisor', value: eur('300.00') });
    expect(bonus).toMatchObject({ status: 'pending_approval', approvalRole: 'head', value: eur('2000.00') });
    // The head grants 1,000 on their own authority; a small extra on top takes the case past a supervisor's 1,000
    // (500 doubled for a key customer),
    // so it waits for the head, and a supervisor may not decide it although 10 is within their own limit.
    expect((await t.call('head', 'POST', `/api/v1/cases/${caseId}/compensations`, { kind: 'refund', value: eur('1000.00'), description: 'Delivery refunded' })).data.status).toBe('granted');
    const extra = await t.call('agent', 'POST', `/api/v1/cases/${caseId}/compensations`, { kind: 'gift', value: eur('10.00'), description: 'Flowers' });
    expect(extra.data).toMatchObject({ status: 'pending_approval', approvalRole: 'head' });
    expect((await t.call('supervisor', 'GET', '/api/v1/compensations')).data.items.map((i: { id: string }) => i.id)).not.toContain(extra.data.id);
    expect((await t.call('supervisor', 'POST', `/api/v1/compensations/${extra.data.id}/approve`, {})).data.error.code).toBe('AUTHORITY_EXCEEDED');
    expect((await t.call('head', 'POST', `/api/v1/compensations/${extra.data.id}/approve`, {})).data.status).toBe('granted');
    // Approved by the head, the bonus enters the ledger.
    expect((await t.call('supervisor', 'POST', `/api/v1/compensations/${bonus.id}/approve`, {})).data.error.code).toBe('AUTHORITY_EXCEEDED');
    expect((await t.call('head', 'POST', `/api/v1/compensations/${bonus.id}/approve`, {})).statusCode).toBe(200);
    // ... valid until the date the offer named, not from the approval with the default months.
    expect((await t.call('agent', 'GET', `/api/v1/customers/${customerId}/bonuses`)).data.items[0]).toMatchObject({ amount: eur('2000.00'), status: 'active', expiresAt: offer.data.bonus.expiresAt });

    // An ordinary customer with the same words gets no double suggestion.
    const plain = await caseAbout('This is the third late delivery. I am switching to another supplier.', { order: '40.00' });
    expect((await advice(plain.caseId)).double.suggested).toBe(false);
  });

  it('return on recovery: the playbook example — 3,300 spent, a 60,000 order, 58,000 net of the bonus, about 17× (P-3.7)', async () => {
    const { caseId, customerId } = await caseAbout('Our 20,000 order arrived incomplete; we are considering other suppliers.', { order: '20000.00', tier: 'key' });
    // 3,000 of overtime to fix it.
    const overtime = await t.call('agent', 'POST', `/api/v1/cases/${caseId}/recovery-costs`, { kind: 'overtime', amount: eur('3000.00'), description: 'Weekend shift to finish the order' });
    expect(overtime.statusCode).toBe(201);
    // A 300 gift and a 10% bonus, together (granted by the head, within authority).
    const offer = await t.call('head', 'POST', `/api/v1/cases/${caseId}/offers`, { giftDescription: 'Gift hamper', giftValue: eur('300.00'), double: true });
    expect(offer.statusCode).toBe(201);
    expect(offer.data.bonus.value).toEqual(eur('2000.00'));
    expect((await t.call('agent', 'GET', `/api/v1/customers/${customerId}/bonuses`)).data.items[0].expiresAt).toBe(offer.data.bonus.expiresAt);
    // The customer comes back with a 60,000 order; the bonus comes off it.
    const next = await t.call('agent', 'POST', `/api/v1/customers/${customerId}/orders`, { ref: `BIG-${seq}`, total: eur('60000.00'), placedAt: later(0.01), redeemBonus: true });
    expect(next.data.bonus.redeemed).toEqual(eur('2000.00'));

    const r = await t.call('agent', 'GET', `/api/v1/cases/${caseId}/recovery-return`);
    expect(r.statusCode).toBe(200);
    expect(r.data).toMatchObject({
      windowMonths: 12,
      cost: { compensation: eur('300.00'), effort: eur('3000.00'), total: eur('3300.00') },
      ordersAfter: 1,
      revenueAfter: eur('60000.00'),
      bonusRedeemed: eur('2000.00'),
      net: eur('58000.00'),
      ratio: 17.58,
    });
    // In the period report, the case is a row and counts in the totals.
    const seen: { caseId: string }[] = [];
    let cursor: string | null = null;
    let totals: { cost: { amount: string }; net: { amount: string }; cases: number } | null = null;
    do {
      const page: { statusCode: number; data: { items: { caseId: string }[]; nextCursor: string | null; totals: typeof totals } } = await t.call('head', 'GET', `/api/v1/reports/recovery-return?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode).toBe(200);
      seen.push(...page.data.items);
      totals = page.data.totals;
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(seen.map((s) => s.caseId)).toContain(caseId);
    expect(seen).toHaveLength(totals!.cases);
    expect(Number(totals!.cost.amount)).toBeGreaterThanOrEqual(3300);
    expect((await t.call('agent', 'GET', '/api/v1/reports/recovery-return')).statusCode).toBe(403);
    expect((await t.call('agent', 'POST', `/api/v1/cases/${caseId}/recovery-costs`, { kind: 'overtime', amount: eur('-5.00') })).statusCode).toBe(400);
  });

  it('authority by case and by month, shown before offering (P-3.3)', async () => {
    const { caseId } = await caseAbout('The parcel was left in the rain.');
    let a = await advice(caseId);
    expect(a.authority.perCase).toMatchObject({ limit: eur('50.00'), used: eur('0.00'), remaining: eur('50.00') });
    // Per case: 30 is granted, another 30 takes the case past 50 and waits for a supervisor.
    const first = await t.call('agent', 'POST', `/api/v1/cases/${caseId}/compensations`, { kind: 'gift', value: eur('30.00'), description: 'Umbrella' });
    expect(first.data.status).toBe('granted');
    const second = await t.call('agent', 'POST', `/api/v1/cases/${caseId}/compensations`, { kind: 'voucher', value: eur('30.00'), description: 'Voucher' });
    expect(second.data).toMatchObject({ status: 'pending_approval', approvalRole: 'supervisor' });
    a = await advice(caseId);
    expect(a.authority.perCase).toMatchObject({ used: eur('30.00'), remaining: eur('20.00') });
    // Once a supervisor approves the second, it counts as theirs, not against the front line's limit on the case.
    expect((await t.call('supervisor', 'POST', `/api/v1/compensations/${second.data.id}/approve`, {})).data.status).toBe('granted');
    expect((await t.call('agent', 'POST', `/api/v1/cases/${caseId}/compensations`, { kind: 'gift', value: eur('20.00'), description: 'Coffee voucher' })).data.status).toBe('granted');
    expect((await t.call('agent', 'POST', `/api/v1/cases/${caseId}/compensations`, { kind: 'gift', value: eur('1.00'), description: 'Sticker' })).data).toMatchObject({ status: 'pending_approval', approvalRole: 'supervisor' });

    // Per month: the supervisor's monthly limit is set just above what they used; the next grant waits for the head.
    const sup = await advice(caseId, 'supervisor');
    const used = Number(sup.authority.perMonth.used.amount);
    expect((await t.call('admin', 'PUT', '/api/v1/settings', { economics: { monthlyAuthorityLimits: { supervisor: eur((used + 100).toFixed(2)) } } })).statusCode).toBe(200);
    const other = await caseAbout('The parcel was left in the rain, again.');
    const ok = await t.call('supervisor', 'POST', `/api/v1/cases/${other.caseId}/compensations`, { kind: 'refund', value: eur('80.00'), description: 'Refund of delivery' });
    expect(ok.data.status).toBe('granted');
    const third = await caseAbout('And a third time.');
    const over = await t.call('supervisor', 'POST', `/api/v1/cases/${third.caseId}/compensations`, { kind: 'refund', value: eur('80.00'), description: 'Refund of delivery' });
    expect(over.data).toMatchObject({ status: 'pending_approval', approvalRole: 'head' });
    const supAfter = await advice(third.caseId, 'supervisor');
    expect(supAfter.authority.perMonth).toMatchObject({ limit: eur((used + 100).toFixed(2)), used: eur((used + 80).toFixed(2)), remaining: eur('20.00') });
    const tl = (await t.call('agent', 'GET', `/api/v1/cases/${third.caseId}`)).data.timeline;
    expect(tl.find((e: { type: string }) => e.type === 'compensation_requested').data.limit).toBe('month_limit');
    await t.call('admin', 'PUT', '/api/v1/settings', { economics: { monthlyAuthorityLimits: { supervisor: null } } });

    // By customer: a key customer doubles every role's limits (tierAuthorityFactors), so the agent grants 80 on their own.
    const key = await caseAbout('The parcel was left in the rain.', { tier: 'key' });
    const k = await advice(key.caseId);
    expect(k.authority).toMatchObject({ customerFactor: 2, perCase: { limit: eur('100.00') } });
    expect((await t.call('agent', 'POST', `/api/v1/cases/${key.caseId}/compensations`, { kind: 'gift', value: eur('80.00'), description: 'Umbrella and voucher' })).data.status).toBe('granted');
    expect((await t.call('admin', 'PUT', '/api/v1/settings', { economics: { tierAuthorityFactors: { key: 0.5 } } })).statusCode).toBe(400);
    expect((await t.call('admin', 'PUT', '/api/v1/settings', { economics: { tierAuthorityFactors: {} } })).data.economics.tierAuthorityFactors).toEqual({});
    expect((await advice(key.caseId)).authority.perCase.limit).toEqual(eur('50.00'));
    await t.call('admin', 'PUT', '/api/v1/settings', { economics: { tierAuthorityFactors: { key: 2, vip: 2 } } });
  });

  it('repeat claimants are flagged for review, never refused; a manager may end the relationship with the numbers shown (P-3.8, P-3.9)', async () => {
    const { customerId, email } = await caseAbout('First problem.', { order: '100.00' });
    const grants: string[] = [];
    for (let k = 0; k < 4; k++) {
      const c = k === 0 ? (await t.call('agent', 'GET', `/api/v1/cases?customerId=${customerId}`)).data.items[0].id : (await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email }, body: `Problem number ${k + 2}.` })).data.id;
      const g = await t.call('agent', 'POST', `/api/v1/cases/${c}/compensations`, { kind: 'gift', value: eur('20.00'), description: `Gift ${k + 1}` });
      grants.push(g.data.status);
    }
    expect(grants).toEqual(['granted', 'granted', 'granted', 'granted']); // never denied automatically
    const cases = (await t.call('agent', 'GET', `/api/v1/cases?customerId=${customerId}`)).data.items;
    const a = await advice(cases[0].id);
    expect(a.repeatClaimant).toMatchObject({ flagged: true, count: 4, total: eur('80.00'), periodDays: 90 });

    expect((await t.call('agent', 'GET', '/api/v1/reports/repeat-claimants')).statusCode).toBe(403);
    const flagged = await t.call('supervisor', 'GET', '/api/v1/reports/repeat-claimants');
    const item = flagged.data.items.find((i: { customerId: string }) => i.customerId === customerId);
    expect(item).toMatchObject({ inPeriod: { count: 4, total: eur('80.00') }, lifetimeValue: eur('100.00'), lastReview: null });
    expect(item.history).toHaveLength(4);

    const figures = await t.call('supervisor', 'GET', `/api/v1/customers/${customerId}/reviews`);
    expect(figures.data.figures).toMatchObject({ lifetimeValue: eur('100.00'), compensationGranted: eur('80.00'), cases: 4 });
    expect((await t.call('supervisor', 'POST', `/api/v1/customers/${customerId}/reviews`, { decision: 'end_relationship', reason: '' })).statusCode).toBe(400);
    const ended = await t.call('supervisor', 'POST', `/api/v1/customers/${customerId}/reviews`, { decision: 'end_relationship', reason: 'Four claims in a month on 100 of orders' });
    expect(ended.statusCode).toBe(201);
    expect(ended.data.figures).toMatchObject({ balance: eur('20.00'), inPeriod: { count: 4 } });
    expect((await t.call('agent', 'GET', `/api/v1/customers/${customerId}`)).data.status).toBe('ended');
    const again = await t.call('supervisor', 'GET', '/api/v1/reports/repeat-claimants');
    expect(again.data.items.find((i: { customerId: string }) => i.customerId === customerId).lastReview).toMatchObject({ decision: 'end_relationship' });
    expect((await t.call('agent', 'POST', `/api/v1/customers/${customerId}/reviews`, { decision: 'keep', reason: 'x' })).statusCode).toBe(403);
  });

  it('settings: economics defaults, admin changes them, bad values are 400', async () => {
    const s = (await t.call('agent', 'GET', '/api/v1/settings')).data.economics;
    expect(s).toMatchObject({ bonusPercent: 10, bonusValidMonths: 3, marginPercent: 30, recoveryWindowMonths: 12, abuseMaxValue: eur('300.00') });
    expect((await t.call('admin', 'PUT', '/api/v1/settings', { economics: { bonusValidMonths: 7 } })).statusCode).toBe(400);
    expect((await t.call('admin', 'PUT', '/api/v1/settings', { economics: { bonusPercent: 12.345 } })).data.error.code).toBe('VALIDATION_FAILED');
    expect((await t.call('admin', 'PUT', '/api/v1/settings', { economics: { marginPercent: 130 } })).statusCode).toBe(400);
    expect((await t.call('agent', 'PUT', '/api/v1/settings', { economics: { bonusPercent: 15 } })).statusCode).toBe(403);
    const changed = await t.call('admin', 'PUT', '/api/v1/settings', { economics: { bonusPercent: 15 } });
    expect(changed.data.economics.bonusPercent).toBe(15);
    const { caseId } = await caseAbout('Late.', { order: '200.00' });
    expect((await advice(caseId)).bonus.suggested).toEqual(eur('30.00'));
    await t.call('admin', 'PUT', '/api/v1/settings', { economics: { bonusPercent: 10 } });
  });
});
