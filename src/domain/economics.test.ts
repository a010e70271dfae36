import { describe, expect, it } from 'vitest';
import { applyBp, bonusExpiry, bonusFor, concernsDefect, discountImpact, doubleCompensation, isRepeatClaimant, orderForCase, percentToBp, presetItems, recoveryReturn } from './economics.ts';
import { decideWithUsage, DEFAULT_AUTHORITY_LIMITS, mayDecide, scaleLimits } from './authority.ts';

describe('compensation economics', () => {
  it('P-3.6: the playbook example, in minor units', () => {
    const r = discountImpact({ monthlyRevenue: 30_000_00, months: 6, discountPercent: 20, marginPercent: 30, taxPercent: null, averageOrder: 0, bonusPercent: 10, defect: false });
    expect([r.revenue, r.grossMargin, r.discountCost, r.marginAfter, r.left]).toEqual([180_000_00, 54_000_00, 36_000_00, 18_000_00, 18_000_00]);
    expect(r.marginLostBp).toBe(6667);
    expect(r.recommendation).toBe('discount'); // no order history to price a bonus against
    const deep = discountImpact({ monthlyRevenue: 1000_00, months: 3, discountPercent: 35, marginPercent: 30, taxPercent: 20, averageOrder: 500_00, bonusPercent: 10, defect: false });
    expect(deep.marginAfter).toBe(-150_00);
    expect(deep.steps.find((s) => s.key === 'tax')!.amount).toBe(0); // no tax on a loss
    expect(deep.reasons.map((x) => x.code)).toContain('MARGIN_GONE');
    expect(deep.recommendation).toBe('bonus');
    // The advice speaks in money, not minor units.
    const shown = discountImpact({ monthlyRevenue: 1000_00, months: 3, discountPercent: 35, marginPercent: 30, taxPercent: null, averageOrder: 500_00, bonusPercent: 10, defect: false }, (v) => (v / 100).toFixed(2));
    expect(shown.reasons.find((x) => x.code === 'BONUS_CHEAPER')!.message).toContain('costs 50.00 once');
    expect(shown.reasons.find((x) => x.code === 'BONUS_CHEAPER')!.message).toContain('costs 1050.00 of margin');
    expect(discountImpact({ monthlyRevenue: 1000_00, months: 3, discountPercent: 20, marginPercent: 30, taxPercent: null, averageOrder: 500_00, bonusPercent: 10, defect: true }).recommendation).toBe('replacement');
  });

  it('percentages and rounding are exact', () => {
    expect(percentToBp(12.5)).toBe(1250);
    expect(() => percentToBp(12.345)).toThrow();
    expect(applyBp(5, 5000)).toBe(3); // half away from zero
    expect(applyBp(9_000_000_000_000_00, 3000)).toBe(2_700_000_000_000_00); // beyond 2^53 in the product
    expect(bonusFor(20_000_00, 10)).toBe(2_000_00);
  });

  it('P-3.5: a bonus lasts 1 to 6 months', () => {
    const from = new Date('2026-01-31T10:00:00Z');
    expect(bonusExpiry(from, 3).toISOString()).toBe('2026-05-01T10:00:00.000Z');
    expect(bonusExpiry(from, 12).getUTCMonth()).toBe(6); // clamped to six months
  });

  it('P-2.10: defects in several languages; remedies first', () => {
    for (const text of ['The zip is broken', 'Куртка пришла порванной', 'Produsul a ajuns deteriorat', 'Kleita ir bojāta', 'Takki oli rikki', 'Die Jacke ist beschädigt', 'La chaqueta llegó rota']) {
      expect(concernsDefect(text), text).toBe(true);
    }
    expect(concernsDefect('Nobody called me back')).toBe(false);
    const items = presetItems('clothing', 'EUR');
    expect(orderForCase(items, true)[0]!.remedy).toBe(true);
    expect(orderForCase([...items].reverse(), false).map((i) => i.position)).toEqual([0, 1, 2]);
  });

  it('P-3.7: double only for valuable and at risk; P-3.8 thresholds; the return', () => {
    const base = { lifetimeValue: 0, problemOrder: 100_00, tier: 'standard', highValueThreshold: 10_000_00, highValueTiers: ['key'], signals: ['churn'], intensity: 1 };
    expect(doubleCompensation(base).suggested).toBe(false);
    expect(doubleCompensation({ ...base, tier: 'key' }).suggested).toBe(true);
    expect(doubleCompensation({ ...base, tier: 'key', signals: [] }).suggested).toBe(false);
    expect(isRepeatClaimant(3, 0, { abuseMaxCount: 3, abuseMaxValue: 300_00 })).toBe(true);
    expect(isRepeatClaimant(1, 299_99, { abuseMaxCount: 3, abuseMaxValue: 300_00 })).toBe(false);
    expect(recoveryReturn(3_300_00, 60_000_00, 2_000_00)).toEqual({ cost: 3_300_00, revenueAfter: 60_000_00, bonusRedeemed: 2_000_00, net: 58_000_00, ratio: 17.58 });
  });

  it('P-3.3: per case and per month', () => {
    const monthly = { agent: 100_00, supervisor: null, head: null, admin: null };
    expect(decideWithUsage('agent', 30_00, { caseTotal: 10_00, monthTotal: 0 }, DEFAULT_AUTHORITY_LIMITS, monthly)).toEqual({ status: 'granted' });
    expect(decideWithUsage('agent', 30_00, { caseTotal: 30_00, monthTotal: 0 }, DEFAULT_AUTHORITY_LIMITS, monthly)).toMatchObject({ status: 'pending_approval', approvalRole: 'supervisor', reason: 'case_limit' });
    expect(decideWithUsage('agent', 30_00, { caseTotal: 0, monthTotal: 80_00 }, DEFAULT_AUTHORITY_LIMITS, monthly)).toMatchObject({ status: 'pending_approval', approvalRole: 'supervisor', reason: 'month_limit' });
    // A supervisor over their monthly budget goes to the head, never to a role below.
    expect(decideWithUsage('supervisor', 10_00, { caseTotal: 0, monthTotal: 0 }, DEFAULT_AUTHORITY_LIMITS, { ...monthly, supervisor: 5_00 })).toMatchObject({ approvalRole: 'head' });
  });

  it('P-3.3 by customer and by the role a request names', () => {
    expect(scaleLimits(DEFAULT_AUTHORITY_LIMITS, 2)).toEqual({ agent: 100_00, supervisor: 1000_00, head: null, admin: null });
    expect(mayDecide('supervisor', 10_00, 'head', DEFAULT_AUTHORITY_LIMITS)).toBe(false);
    expect(mayDecide('head', 10_00, 'head', DEFAULT_AUTHORITY_LIMITS)).toBe(true);
    expect(mayDecide('supervisor', 600_00, 'supervisor', DEFAULT_AUTHORITY_LIMITS)).toBe(false);
  });
});
