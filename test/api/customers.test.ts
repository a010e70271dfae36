// The customer list (GET /api/v1/customers, use case list-customers): search by
// name or external reference, LIKE wildcards taken literally, cursor paging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';

describe.each(TARGETS)('customer list on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds customers by name or external reference and pages through them without repeats', async () => {
    for (const [name, externalRef] of [
      ['Marta Kalniņa', 'crm-100'],
      ['Marta Ozola', 'crm-101'],
      ['Jānis 100% Liepa', 'shop-7'],
    ]) {
      expect((await t.call('agent', 'POST', '/api/v1/customers', { name, externalRef })).statusCode).toBe(201);
    }
    const byName = await t.call('agent', 'GET', '/api/v1/customers?q=marta');
    expect(byName.statusCode).toBe(200);
    expect(byName.data.items.map((c: { name: string }) => c.name).sort()).toEqual(['Marta Kalniņa', 'Marta Ozola']);
    expect(byName.data.items[0]).toEqual({
      id: expect.any(String),
      name: expect.stringMatching(/^Marta/),
      tier: expect.any(String),
      status: 'active',
      lifetimeValue: { amount: '0.00', currency: 'EUR' },
      orderCount: 0,
    });
    expect((await t.call('agent', 'GET', '/api/v1/customers?q=crm-101')).data.items.map((c: { name: string }) => c.name)).toEqual(['Marta Ozola']);
    // "%" is a character to look for, not a wildcard.
    expect((await t.call('agent', 'GET', `/api/v1/customers?q=${encodeURIComponent('100%')}`)).data.items.map((c: { name: string }) => c.name)).toEqual(['Jānis 100% Liepa']);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { items: { id: string }[]; nextCursor: string | null } } = await t.call('agent', 'GET', `/api/v1/customers?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.data.items.map((c) => c.id));
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(3);
    expect(new Set(seen).size).toBe(3);
  });
});
