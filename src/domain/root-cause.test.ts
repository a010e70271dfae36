// Root-cause rules (P-4.3, P-4.4): status moves, the systemic threshold, effectiveness arithmetic,
// and a thank-you in every language.
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './languages.ts';
import { canMoveRootCause, changePercent, DEFAULT_LEARNING, isSystemicBySpread, THANKS, windowRates } from './root-cause.ts';

describe('root causes', () => {
  it('moves open → in_progress → done → verified, and back to work when it did not hold', () => {
    expect(canMoveRootCause('open', 'in_progress')).toBe(true);
    expect(canMoveRootCause('in_progress', 'done')).toBe(true);
    expect(canMoveRootCause('done', 'verified')).toBe(true);
    expect(canMoveRootCause('verified', 'in_progress')).toBe(true);
    expect(canMoveRootCause('open', 'verified')).toBe(false);
    expect(canMoveRootCause('verified', 'open')).toBe(false);
    expect(canMoveRootCause('done', 'done')).toBe(true);
  });
  it('is systemic from the configured number of customers', () => {
    expect(isSystemicBySpread(2, DEFAULT_LEARNING)).toBe(false);
    expect(isSystemicBySpread(3, DEFAULT_LEARNING)).toBe(true);
    expect(isSystemicBySpread(3, { ...DEFAULT_LEARNING, systemicCustomers: 5 })).toBe(false);
  });
  it('compares weekly rates before and after', () => {
    const before = windowRates(8, 8, 200);
    const after = windowRates(2, 4, 250);
    expect(before).toEqual({ cases: 8, weeks: 8, perWeek: 1, per100Customers: 4 });
    expect(after).toEqual({ cases: 2, weeks: 4, perWeek: 0.5, per100Customers: 0.8 });
    expect(changePercent(before, after)).toBe(-50);
    expect(changePercent(windowRates(0, 8, 10), after)).toBeNull();
    expect(windowRates(3, 0, 0)).toEqual({ cases: 3, weeks: 0, perWeek: 0, per100Customers: null });
  });
  it('thanks the customer in each of the seven languages, naming the change', () => {
    for (const l of LANGUAGES) {
      const body = THANKS[l].body({ name: 'Ana', caseNumber: 'C-000001', change: 'Pantone on every order', business: 'Print Shop' });
      expect(body).toContain('Pantone on every order');
      expect(body).toContain('C-000001');
      expect(THANKS[l].subject('C-000001')).toContain('C-000001');
    }
  });
});
