// Regulatory packs: each clock's due instant from a receipt time and the
// unit's calendar. Business-day clocks end at close of business; calendar-day
// clocks at local midnight ending the last day; elapsed-hour clocks exactly.
import { describe, expect, it } from 'vitest';
import { clockRule, dueAt, PACKS } from './regulatory.ts';
import { at, local, office } from '../../../test/helpers/calendar.ts';

/** England and Wales bank holidays 2026. */
const UK_HOLIDAYS = ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'].map((date) => ({ date }));
const london = office('Europe/London', UK_HOLIDAYS);
const riga = office('Europe/Riga', [{ date: '2026-04-03' }, { date: '2026-04-06' }]);
const newYork = office('America/New_York', [{ date: '2026-11-11' }, { date: '2026-11-26' }]);
const sydney = office('Australia/Sydney', [{ date: '2026-04-03' }, { date: '2026-04-06' }]);

describe('packs as data', () => {
  it('ships the four regulatory packs and the playbook’s standards, each clock citing its source', () => {
    expect(Object.keys(PACKS)).toEqual(['uk-fca-disp', 'psd2', 'us-cfpb', 'au-asic-rg271', 'amends-playbook']);
    for (const pack of Object.values(PACKS)) for (const c of pack.clocks) expect(c.source).not.toBe('');
  });

  it('regulators’ clocks never pause; only the playbook’s review response may wait on the customer', () => {
    const pausable = Object.values(PACKS).flatMap((p) => p.clocks.filter((c) => c.pausable).map((c) => `${p.id}/${c.id}`));
    expect(pausable).toEqual(['amends-playbook/review-response']);
  });

  it('an unknown clock id is an error, not undefined', () => {
    expect(() => clockRule('psd2', 'summary-resolution')).toThrow(/no clock "summary-resolution"/);
  });
});

describe('UK FCA DISP', () => {
  const summary = clockRule('uk-fca-disp', 'summary-resolution');
  const final = clockRule('uk-fca-disp', 'final-response');

  it('summary resolution: close of the third business day after the day of receipt (Monday → Thursday)', () => {
    expect(local(london, dueAt(summary, london, at('2026-02-02T11:00:00+00:00')))).toBe('2026-02-05T17:30:00+00:00');
  });

  it('a Friday-afternoon receipt: Monday, Tuesday, Wednesday — across the change to BST', () => {
    expect(local(london, dueAt(summary, london, at('2026-03-27T16:00:00+00:00')))).toBe('2026-04-01T17:30:00+01:00');
  });

  it('Easter: Good Friday and Easter Monday are not business days', () => {
    expect(local(london, dueAt(summary, london, at('2026-04-02T10:00:00+01:00')))).toBe('2026-04-09T17:30:00+01:00');
  });

  it('received on Easter Saturday: treated as received Tuesday 7 April, so due Friday 10 April', () => {
    expect(local(london, dueAt(summary, london, at('2026-04-04T10:00:00+01:00')))).toBe('2026-04-10T17:30:00+01:00');
  });

  it('received after close on Tuesday: treated as received Wednesday', () => {
    expect(local(london, dueAt(summary, london, at('2026-02-03T18:00:00+00:00')))).toBe('2026-02-09T17:30:00+00:00');
  });

  it('final response: eight weeks is 56 calendar days, weekends and holidays included; due at the end of that day', () => {
    // Monday 2 February + 56 days = Monday 30 March (now BST); the clock runs out at midnight ending it.
    expect(local(london, dueAt(final, london, at('2026-02-02T11:00:00+00:00')))).toBe('2026-03-31T00:00:00+01:00');
  });
});

describe('PSD2 (15 business days, 35 with a holding reply)', () => {
  const psd2 = clockRule('psd2', 'final-response');

  it('15 business days after the day of receipt', () => {
    // Day 1 is Tuesday 3 February; day 15 is Monday 23 February.
    expect(local(riga, dueAt(psd2, riga, at('2026-02-02T10:00:00+02:00')))).toBe('2026-02-23T17:30:00+02:00');
  });

  it('35 business days once a holding reply went out', () => {
    expect(local(riga, dueAt(psd2, riga, at('2026-02-02T10:00:00+02:00'), { extended: true }))).toBe('2026-03-23T17:30:00+02:00');
  });

  it('the 35-day count skips Easter and crosses into summer time', () => {
    // From Friday 13 March: days 1–14 run to Thursday 2 April; Good Friday and Easter Monday are skipped,
    // so day 15 is Tuesday 7 April; day 35 is Tuesday 5 May (this fixture has no May holidays).
    expect(local(riga, dueAt(psd2, riga, at('2026-03-13T10:00:00+02:00')))).toBe('2026-04-07T17:30:00+03:00');
    expect(local(riga, dueAt(psd2, riga, at('2026-03-13T10:00:00+02:00'), { extended: true }))).toBe('2026-05-05T17:30:00+03:00');
  });
});

describe('US CFPB (15 and 60 calendar days)', () => {
  it('15 calendar days from a Friday receipt ends at midnight after Saturday 14 November, across the fall-back', () => {
    const received = at('2026-10-30T15:00:00-04:00');
    expect(local(newYork, dueAt(clockRule('us-cfpb', 'response'), newYork, received))).toBe('2026-11-15T00:00:00-05:00');
    // Holidays do not stop calendar days: Veterans Day and Thanksgiving are inside the 60.
    expect(local(newYork, dueAt(clockRule('us-cfpb', 'final-response'), newYork, received))).toBe('2026-12-30T00:00:00-05:00');
  });
});

describe('Australia ASIC RG 271', () => {
  const received = at('2026-04-04T10:00:00+11:00'); // Easter Saturday, the night before daylight saving ends

  it('acknowledgement within 24 elapsed hours: the extra hour of 5 April shows as 09:00 wall time', () => {
    expect(local(sydney, dueAt(clockRule('au-asic-rg271', 'acknowledgement'), sydney, received))).toBe('2026-04-05T09:00:00+10:00');
  });

  it('IDR response within 30 calendar days', () => {
    expect(local(sydney, dueAt(clockRule('au-asic-rg271', 'final-response'), sydney, received))).toBe('2026-05-05T00:00:00+10:00');
  });
});

describe('Amends playbook service standards', () => {
  it('P-1.4: a call missed after hours is called back by the next opening + 30 minutes; in hours within 30 minutes', () => {
    expect(local(london, dueAt(clockRule('amends-playbook', 'missed-call-callback'), london, at('2026-02-02T19:00:00+00:00')))).toBe('2026-02-03T09:30:00+00:00');
    expect(local(london, dueAt(clockRule('amends-playbook', 'missed-call-callback'), london, at('2026-02-02T11:00:00+00:00')))).toBe('2026-02-02T11:30:00+00:00');
  });

  it('P-1.4: a dropped call is called back within five minutes, open or not', () => {
    expect(local(london, dueAt(clockRule('amends-playbook', 'dropped-call-callback'), london, at('2026-02-02T19:00:00+00:00')))).toBe('2026-02-02T19:05:00+00:00');
  });

  it('P-1.6: a review left on Friday evening counts as received Monday, answered by Thursday’s close', () => {
    expect(local(london, dueAt(clockRule('amends-playbook', 'review-response'), london, at('2026-02-06T20:00:00+00:00')))).toBe('2026-02-12T17:30:00+00:00');
  });
});
