// Churn risk (P-2.7): the seeds' priors and how the case going well or badly moves them.
import { describe, expect, it } from 'vitest';
import { estimateChurn, orderValuePrior, type ChurnInput } from './churn.ts';

const base: ChurnInput = {
  orderValue: null, lifetimeValue: 0, orderCount: 2, previousCases: 0, departedBefore: false, score: 0.5, signals: [],
  status: 'new', breachedClocks: 0, brokenPromises: 0, resolvedInBusinessDays: null, highValue: 10_000,
};

describe('estimateChurn', () => {
  it('starts from the seeds: 63% at $5 or less, 91% above $100, unhelped', () => {
    expect(orderValuePrior(3)).toBe(0.63);
    expect(orderValuePrior(500)).toBe(0.91);
    expect(orderValuePrior(22.36)).toBeCloseTo(0.77, 2);
    expect(estimateChurn({ ...base, orderValue: 3 }).risk).toBe(0.63);
    expect(estimateChurn({ ...base, orderValue: 500 }).risk).toBe(0.91);
  });

  it('most dissatisfied customers leave unless helped; most stay when resolved quickly', () => {
    const unhelped = estimateChurn({ ...base, orderValue: 50 });
    const helped = estimateChurn({ ...base, orderValue: 50, status: 'resolving' });
    const quick = estimateChurn({ ...base, orderValue: 50, status: 'resolved', resolvedInBusinessDays: 1 });
    const slow = estimateChurn({ ...base, orderValue: 50, status: 'resolved', resolvedInBusinessDays: 12 });
    expect(unhelped.risk).toBeGreaterThan(0.5);
    expect(helped.risk).toBeLessThan(unhelped.risk);
    expect(quick.risk).toBeLessThan(0.5);
    expect(slow.risk).toBeGreaterThan(quick.risk);
    expect(quick.factors.map((f) => f.factor)).toEqual(['order_value', 'resolved_quickly']);
  });

  it('breached clocks, broken promises, anger, leaving signals and a past departure raise it; a loyal history lowers it', () => {
    const calm = estimateChurn({ ...base, orderValue: 50, status: 'resolving' });
    const bad = estimateChurn({ ...base, orderValue: 50, status: 'resolving', breachedClocks: 2, brokenPromises: 1, score: 0.95, signals: ['churn', 'legal', 'waiting'], departedBefore: true, previousCases: 3 });
    expect(bad.risk).toBeGreaterThan(calm.risk);
    expect(bad.factors.find((f) => f.factor === 'signal')!.contribution).toBe(1);
    expect(bad.factors.find((f) => f.factor === 'promise_broken')!.contribution).toBe(0.7);
    const loyal = estimateChurn({ ...base, orderValue: 50, status: 'resolving', orderCount: 12 });
    expect(loyal.risk).toBeLessThan(calm.risk);
  });

  it('the factors add up to the estimate (logistic of the sum), and it stays within 0 and 1', () => {
    const e = estimateChurn({ ...base, orderValue: 5000, breachedClocks: 10, brokenPromises: 10, score: 1, signals: ['churn', 'public', 'legal'], departedBefore: true, previousCases: 20, orderCount: 0 });
    const sum = e.factors.reduce((s, f) => s + f.contribution, 0);
    expect(e.risk).toBeCloseTo(1 / (1 + Math.exp(-sum)), 2);
    expect(e.risk).toBeLessThanOrEqual(1);
    const low = estimateChurn({ ...base, orderValue: 1, status: 'closed', resolvedInBusinessDays: 0, score: 0, orderCount: 50 });
    expect(low.risk).toBeGreaterThanOrEqual(0);
    expect(low.risk).toBeLessThan(0.1);
  });
});
