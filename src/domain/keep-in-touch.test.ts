import { describe, expect, it } from 'vitest';
import { DEFAULT_KEEP_IN_TOUCH, GREETING_GRACE_DAYS, greetingDue, renderTouch } from './keep-in-touch.ts';

const on = (iso: string) => {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

describe('the yearly greeting', () => {
  const s = { ...DEFAULT_KEEP_IN_TOUCH, greeting: { month: 12, day: 31 } };
  it('is due from its date for the grace window, keyed by the greeting’s own year', () => {
    expect(greetingDue(s, on('2026-12-30'))).toBeNull();
    expect(greetingDue(s, on('2026-12-31'))).toEqual({ key: 'greeting:2026', date: '2026-12-31' });
    // Across new year the greeting still belongs to 2026, not 2027.
    expect(greetingDue(s, on('2027-01-05'))).toEqual({ key: 'greeting:2026', date: '2026-12-31' });
    expect(greetingDue(s, on(`2027-01-${String(GREETING_GRACE_DAYS).padStart(2, '0')}`))).toEqual({ key: 'greeting:2026', date: '2026-12-31' });
    expect(greetingDue(s, on(`2027-01-${String(GREETING_GRACE_DAYS + 1).padStart(2, '0')}`))).toBeNull();
  });
  it('falls on 28 February when the date is 29 February in a common year', () => {
    const leap = { ...DEFAULT_KEEP_IN_TOUCH, greeting: { month: 2, day: 29 } };
    expect(greetingDue(leap, on('2027-02-28'))).toEqual({ key: 'greeting:2027', date: '2027-02-28' });
    expect(greetingDue(leap, on('2028-02-28'))).toBeNull();
    expect(greetingDue(leap, on('2028-02-29'))).toEqual({ key: 'greeting:2028', date: '2028-02-29' });
  });
  it('is never due when switched off or without a date', () => {
    expect(greetingDue({ ...s, enabled: false }, on('2026-12-31'))).toBeNull();
    expect(greetingDue({ ...s, greeting: null }, on('2026-12-31'))).toBeNull();
  });
});

describe('the words', () => {
  const vars = { customerName: 'Ilze', managerName: 'Marta', businessName: 'Print Shop' };
  it('speak every language we serve and sign with the manager’s name', () => {
    for (const lang of ['en', 'ru', 'ro', 'lv', 'fi', 'de', 'es']) {
      for (const kind of ['greeting', 'check_in'] as const) {
        const w = renderTouch(kind, lang, vars);
        expect(w.body).toContain('Ilze');
        expect(w.body.trim().endsWith('Marta\nPrint Shop')).toBe(true);
      }
    }
    expect(renderTouch('check_in', 'lv', vars).subject).toBe('Kā jums klājas? — Print Shop');
    expect(renderTouch('greeting', 'xx', vars).subject).toBe("Season's greetings from Print Shop");
  });
  it('use the admin’s own greeting where set, with the placeholders filled', () => {
    const own = { ...DEFAULT_KEEP_IN_TOUCH, greetingText: { en: { subject: 'From {businessName}', body: 'Hi {customerName} — {managerName}' } } };
    expect(renderTouch('greeting', 'en', vars, own)).toEqual({ subject: 'From Print Shop', body: 'Hi Ilze — Marta' });
    expect(renderTouch('greeting', 'de', vars, own).subject).toBe('Frohe Festtage von Print Shop');
  });
});
