import { describe, expect, it } from 'vitest';
import { fromMinor, toMinor } from './money.ts';

describe('money as decimal strings, never floats', () => {
  it('round-trips amounts exactly', () => {
    expect(toMinor({ amount: '12.50', currency: 'EUR' })).toBe(1250);
    expect(toMinor({ amount: '12.5', currency: 'EUR' })).toBe(1250);
    expect(toMinor({ amount: '0.1', currency: 'EUR' }) + toMinor({ amount: '0.2', currency: 'EUR' })).toBe(30);
    expect(fromMinor(1250, 'EUR')).toEqual({ amount: '12.50', currency: 'EUR' });
    expect(fromMinor(-5, 'EUR')).toEqual({ amount: '-0.05', currency: 'EUR' });
    expect(toMinor({ amount: '1500', currency: 'JPY' })).toBe(1500);
    expect(fromMinor(1500, 'JPY').amount).toBe('1500');
    expect(fromMinor(1234, 'KWD').amount).toBe('1.234');
  });

  it('rejects more decimals than the currency has, and non-numbers', () => {
    expect(() => toMinor({ amount: '1.005', currency: 'EUR' })).toThrow(expect.objectContaining({ code: 'INVALID_MONEY' }));
    expect(() => toMinor({ amount: '1.5', currency: 'JPY' })).toThrow(expect.objectContaining({ code: 'INVALID_MONEY' }));
    expect(() => toMinor({ amount: '1e3', currency: 'EUR' })).toThrow(expect.objectContaining({ code: 'INVALID_MONEY' }));
  });
});
