// Business calendars: validation, opening hours, holidays, overnight spans and
// business-time arithmetic. Instants are written as wall time in the office's
// zone with an explicit offset (Riga is +02:00 in winter, +03:00 in summer).
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessHours,
  addBusinessMinutes,
  businessDayOf,
  businessMinutesBetween,
  endOfBusinessDay,
  isOpen,
  lastOpenBefore,
  nextOpening,
  parseCalendar,
  subtractBusinessMinutes,
  withHolidays,
} from './calendar.ts';
import { at, calendar, everyDay, local, office, weekdays } from '../../../test/helpers/calendar.ts';

const RIGA = 'Europe/Riga';
const riga = office(RIGA, [
  { date: '2026-01-01', name: "New Year's Day" },
  { date: '2026-01-14', name: 'Staff day' },
  { date: '2026-12-24', name: 'Christmas Eve', closed: [{ start: '12:00', end: '17:30' }] },
]);
const lunch = calendar(RIGA, weekdays({ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:30' }));
/** A night desk 22:00–06:00 Monday to Friday nights; Tuesday 2026-01-13's night is a holiday. */
const night = calendar(RIGA, weekdays({ start: '22:00', end: '06:00' }), [{ date: '2026-01-13' }]);

describe('parseCalendar', () => {
  it('accepts a valid calendar and sorts each day’s spans', () => {
    const r = parseCalendar({ timeZone: RIGA, week: { 1: [{ start: '13:00', end: '17:30' }, { start: '09:00', end: '12:00' }] }, holidays: [] });
    expect(r.ok && r.calendar.week[1]).toEqual([{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:30' }]);
  });

  it('rejects an unknown zone, malformed times and bad dates, reporting every problem', () => {
    const r = parseCalendar({
      timeZone: 'Europe/Atlantis',
      week: { 1: [{ start: '9:00', end: '17:00' }, { start: '24:00', end: '25:00' }], 8: [] },
      holidays: [{ date: '2026-02-30' }, { date: '2026-12-24', closed: [{ start: '20:00', end: '02:00' }] }],
    });
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
    expect(messages).toEqual([
      'timeZone: "Europe/Atlantis" is not an IANA time zone such as "Europe/Riga"',
      'week.1[0].start: "9:00" is not a time of day "HH:mm" (00:00–23:59)',
      'week.1[1].start: "24:00" is not a time of day "HH:mm" (00:00–23:59)',
      'week.1[1].end: "25:00" is not a time of day "HH:mm" (00:00–23:59, or 24:00)',
      'week.8: "8" is not a weekday; use 1 (Monday) … 7 (Sunday)',
      'holidays[0].date: "2026-02-30" is not a date YYYY-MM-DD',
      'holidays[1].closed[0]: a partial closure must end after it starts on the same date (20:00–02:00)',
    ]);
  });

  it('rejects overlapping spans on one day, but accepts spans that only touch', () => {
    const bad = parseCalendar({ timeZone: RIGA, week: { 2: [{ start: '09:00', end: '13:00' }, { start: '12:00', end: '17:00' }] }, holidays: [] });
    expect(bad.ok ? [] : bad.errors.map((e) => e.message)).toEqual(['spans overlap: Tuesday 09:00–13:00 and Tuesday 12:00–17:00']);
    const touching = parseCalendar({ timeZone: RIGA, week: { 2: [{ start: '09:00', end: '12:00' }, { start: '12:00', end: '17:00' }] }, holidays: [] });
    expect(touching.ok).toBe(true);
  });

  it('rejects an overnight span running into the next morning’s span, including Sunday night into Monday', () => {
    const r = parseCalendar({
      timeZone: RIGA,
      week: { 1: [{ start: '05:00', end: '09:00' }], 3: [{ start: '22:00', end: '07:00' }], 4: [{ start: '06:00', end: '10:00' }], 7: [{ start: '23:00', end: '06:00' }] },
      holidays: [],
    });
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([
      'spans overlap: Monday 05:00–09:00 and Sunday 23:00–06:00',
      'spans overlap: Wednesday 22:00–07:00 and Thursday 06:00–10:00',
    ]);
  });

  it('rejects a zero-length span and a week with no opening at all', () => {
    const zero = parseCalendar({ timeZone: RIGA, week: { 1: [{ start: '09:00', end: '09:00' }] }, holidays: [] });
    expect(zero.ok ? [] : zero.errors.map((e) => e.message)).toEqual(['span 09:00–09:00 has no length; use 00:00–24:00 for a whole day']);
    const empty = parseCalendar({ timeZone: RIGA, week: {}, holidays: [] });
    expect(empty.ok ? [] : empty.errors.map((e) => e.message)).toEqual(['the week has no opening hours; no business deadline could ever fall']);
  });
});

describe('isOpen and nextOpening', () => {
  it('is open from the opening instant and closed from the closing instant', () => {
    expect(isOpen(riga, at('2026-01-05T08:59:59+02:00'))).toBe(false);
    expect(isOpen(riga, at('2026-01-05T09:00:00+02:00'))).toBe(true);
    expect(isOpen(riga, at('2026-01-05T17:29:59+02:00'))).toBe(true);
    expect(isOpen(riga, at('2026-01-05T17:30:00+02:00'))).toBe(false);
  });

  it('from Friday’s close the next opening is Monday 09:00', () => {
    expect(local(riga, nextOpening(riga, at('2026-01-09T17:30:00+02:00')))).toBe('2026-01-12T09:00:00+02:00');
  });

  it('returns the instant itself when already open', () => {
    expect(local(riga, nextOpening(riga, at('2026-01-05T11:11:00+02:00')))).toBe('2026-01-05T11:11:00+02:00');
  });

  it('skips a whole-day holiday (Wednesday 14 January) to the next day', () => {
    expect(isOpen(riga, at('2026-01-14T10:00:00+02:00'))).toBe(false);
    expect(local(riga, nextOpening(riga, at('2026-01-13T18:00:00+02:00')))).toBe('2026-01-15T09:00:00+02:00');
  });

  it('a partial closure keeps the morning open and shuts the afternoon (Christmas Eve closes at 12:00)', () => {
    expect(isOpen(riga, at('2026-12-24T11:59:00+02:00'))).toBe(true);
    expect(isOpen(riga, at('2026-12-24T12:00:00+02:00'))).toBe(false);
    expect(local(riga, nextOpening(riga, at('2026-12-24T12:00:00+02:00')))).toBe('2026-12-25T09:00:00+02:00');
  });

  it('is closed over lunch and reopens at 13:00', () => {
    expect(isOpen(lunch, at('2026-01-05T12:30:00+02:00'))).toBe(false);
    expect(local(lunch, nextOpening(lunch, at('2026-01-05T12:00:00+02:00')))).toBe('2026-01-05T13:00:00+02:00');
  });

  it('an overnight span is open after midnight and belongs to the day it started', () => {
    expect(isOpen(night, at('2026-01-06T05:59:00+02:00'))).toBe(true); // Monday night, Tuesday morning
    expect(businessDayOf(night, at('2026-01-06T05:59:00+02:00'))).toBe('2026-01-05');
    expect(isOpen(night, at('2026-01-06T06:00:00+02:00'))).toBe(false);
    // Friday night runs into Saturday morning, though Saturday has no span of its own.
    expect(isOpen(night, at('2026-01-10T03:00:00+02:00'))).toBe(true);
  });

  it('a holiday shuts the night that starts on it, not the previous night running into it', () => {
    expect(isOpen(night, at('2026-01-13T05:00:00+02:00'))).toBe(true); // Monday's night
    expect(isOpen(night, at('2026-01-13T23:00:00+02:00'))).toBe(false); // Tuesday's night: holiday
    expect(local(night, nextOpening(night, at('2026-01-13T06:00:00+02:00')))).toBe('2026-01-14T22:00:00+02:00');
  });
});

describe('addBusinessMinutes', () => {
  it('zero minutes returns the start unchanged, even outside hours', () => {
    expect(local(riga, addBusinessMinutes(riga, at('2026-01-10T03:00:00+02:00'), 0))).toBe('2026-01-10T03:00:00+02:00');
  });

  it('adds within one open span', () => {
    expect(local(riga, addBusinessMinutes(riga, at('2026-01-05T10:00:00+02:00'), 90))).toBe('2026-01-05T11:30:00+02:00');
  });

  it('using up the day exactly ends at today’s close, not at the next opening', () => {
    expect(local(riga, addBusinessMinutes(riga, at('2026-01-05T09:00:00+02:00'), 510))).toBe('2026-01-05T17:30:00+02:00');
  });

  it('a Friday-afternoon receipt carries the rest over to Monday morning', () => {
    expect(local(riga, addBusinessHours(riga, at('2026-01-09T16:00:00+02:00'), 4))).toBe('2026-01-12T11:30:00+02:00');
  });

  it('a receipt outside hours starts counting at the next opening', () => {
    expect(local(riga, addBusinessMinutes(riga, at('2026-01-10T14:00:00+02:00'), 30))).toBe('2026-01-12T09:30:00+02:00');
    expect(local(riga, addBusinessMinutes(riga, at('2026-01-05T07:00:00+02:00'), 30))).toBe('2026-01-05T09:30:00+02:00');
  });

  it('a receipt at exactly closing time counts from the next opening', () => {
    expect(local(riga, addBusinessMinutes(riga, at('2026-01-05T17:30:00+02:00'), 1))).toBe('2026-01-06T09:01:00+02:00');
  });

  it('skips the lunch break', () => {
    expect(local(lunch, addBusinessMinutes(lunch, at('2026-01-05T11:30:00+02:00'), 60))).toBe('2026-01-05T13:30:00+02:00');
  });

  it('skips a holiday', () => {
    expect(local(riga, addBusinessMinutes(riga, at('2026-01-13T17:00:00+02:00'), 60))).toBe('2026-01-15T09:30:00+02:00');
  });

  it('large N: 10,000 minutes from Monday 5 January 09:00 is 19 full days (510 min) plus 310 minutes, skipping the 14 January holiday', () => {
    // Days 1–19 are 5–9, 12–13, 15–16, 19–23, 26–30 January; 310 minutes into day 20 (2 February).
    expect(local(riga, addBusinessMinutes(riga, at('2026-01-05T09:00:00+02:00'), 10_000))).toBe('2026-02-02T14:10:00+02:00');
  });

  it('an overnight span counts across midnight', () => {
    // Monday 23:00 → 06:00 is 420 minutes; 60 more from Tuesday… but Tuesday night is a holiday: Wednesday 22:00.
    expect(local(night, addBusinessMinutes(night, at('2026-01-12T23:00:00+02:00'), 480))).toBe('2026-01-14T23:00:00+02:00');
  });

  it('a seven-day, round-the-clock calendar is plain elapsed time', () => {
    const always = calendar(RIGA, everyDay({ start: '00:00', end: '24:00' }));
    expect(local(always, addBusinessHours(always, at('2026-01-09T16:00:00+02:00'), 72))).toBe('2026-01-12T16:00:00+02:00');
  });

  it('refuses negative minutes', () => {
    expect(() => addBusinessMinutes(riga, at('2026-01-05T09:00:00+02:00'), -1)).toThrow(RangeError);
  });
});

describe('businessMinutesBetween', () => {
  it('counts only open time across a weekend: Friday 16:00 → Monday 10:00 is 90 + 60', () => {
    expect(businessMinutesBetween(riga, at('2026-01-09T16:00:00+02:00'), at('2026-01-12T10:00:00+02:00'))).toBe(150);
  });

  it('is negative when the end is before the start, and zero for the same instant', () => {
    expect(businessMinutesBetween(riga, at('2026-01-12T10:00:00+02:00'), at('2026-01-09T16:00:00+02:00'))).toBe(-150);
    expect(businessMinutesBetween(riga, at('2026-01-12T10:00:00+02:00'), at('2026-01-12T10:00:00+02:00'))).toBe(0);
  });

  it('excludes the lunch break and holidays', () => {
    expect(businessMinutesBetween(lunch, at('2026-01-05T11:00:00+02:00'), at('2026-01-05T14:00:00+02:00'))).toBe(120);
    expect(businessMinutesBetween(riga, at('2026-01-13T09:00:00+02:00'), at('2026-01-15T09:00:00+02:00'))).toBe(510);
  });

  it('is the inverse of addBusinessMinutes from an open instant', () => {
    const start = at('2026-01-07T15:45:00+02:00');
    for (const n of [1, 104, 105, 510, 1234, 5000]) {
      expect(businessMinutesBetween(lunch, start, addBusinessMinutes(lunch, start, n))).toBe(n);
    }
  });
});

describe('endOfBusinessDay', () => {
  it('is today’s close before opening and during hours, the next business day’s close after it', () => {
    expect(local(riga, endOfBusinessDay(riga, at('2026-01-05T07:00:00+02:00')))).toBe('2026-01-05T17:30:00+02:00');
    expect(local(lunch, endOfBusinessDay(lunch, at('2026-01-05T12:30:00+02:00')))).toBe('2026-01-05T17:30:00+02:00');
    expect(local(riga, endOfBusinessDay(riga, at('2026-01-09T17:30:00+02:00')))).toBe('2026-01-12T17:30:00+02:00');
  });

  it('for an overnight span is the next morning', () => {
    expect(local(night, endOfBusinessDay(night, at('2026-01-05T23:00:00+02:00')))).toBe('2026-01-06T06:00:00+02:00');
  });

  it('on a partial closure day is the earlier close', () => {
    expect(local(riga, endOfBusinessDay(riga, at('2026-12-24T08:00:00+02:00')))).toBe('2026-12-24T12:00:00+02:00');
  });
});

describe('addBusinessDays and the day of receipt', () => {
  const excluded = { dayOfReceipt: 'excluded' } as const;

  it('excluded: Monday receipt, third business day after is Thursday’s close', () => {
    expect(local(riga, addBusinessDays(riga, at('2026-01-05T10:00:00+02:00'), 3, excluded))).toBe('2026-01-08T17:30:00+02:00');
  });

  it('counts: the receipt day is day 1, so three days end on Wednesday', () => {
    expect(local(riga, addBusinessDays(riga, at('2026-01-05T10:00:00+02:00'), 3, { dayOfReceipt: 'counts' }))).toBe('2026-01-07T17:30:00+02:00');
  });

  it('counts-if-before: the receipt day counts only before the cutoff', () => {
    const opts = { dayOfReceipt: 'counts-if-before', cutoff: '12:00' } as const;
    expect(local(riga, addBusinessDays(riga, at('2026-01-05T11:59:00+02:00'), 3, opts))).toBe('2026-01-07T17:30:00+02:00');
    expect(local(riga, addBusinessDays(riga, at('2026-01-05T12:00:00+02:00'), 3, opts))).toBe('2026-01-08T17:30:00+02:00');
    expect(() => addBusinessDays(riga, at('2026-01-05T12:00:00+02:00'), 3, { dayOfReceipt: 'counts-if-before' })).toThrow(/cutoff/);
  });

  it('Friday-afternoon receipt: the count runs Monday, Tuesday, (Wednesday 14 is a holiday) Thursday', () => {
    expect(local(riga, addBusinessDays(riga, at('2026-01-09T16:45:00+02:00'), 3, excluded))).toBe('2026-01-15T17:30:00+02:00');
  });

  it('receipt on Saturday: by default treated as received Monday; "as-is" keeps Saturday as the receipt day', () => {
    const saturday = at('2026-01-10T11:00:00+02:00');
    // Monday is the receipt day, excluded; 13, (14 holiday), 15, 16 → Friday.
    expect(local(riga, addBusinessDays(riga, saturday, 3, excluded))).toBe('2026-01-16T17:30:00+02:00');
    expect(local(riga, addBusinessDays(riga, saturday, 3, { ...excluded, receivedOutsideHours: 'as-is' }))).toBe('2026-01-15T17:30:00+02:00');
  });

  it('receipt after close: counts from the next business day; "as-is" never lets the closed day count', () => {
    const tuesdayEvening = at('2026-01-06T18:00:00+02:00');
    expect(local(riga, addBusinessDays(riga, tuesdayEvening, 1, { dayOfReceipt: 'counts' }))).toBe('2026-01-07T17:30:00+02:00');
    expect(local(riga, addBusinessDays(riga, tuesdayEvening, 1, { dayOfReceipt: 'counts', receivedOutsideHours: 'as-is' }))).toBe('2026-01-07T17:30:00+02:00');
    expect(local(riga, addBusinessDays(riga, tuesdayEvening, 1, excluded))).toBe('2026-01-08T17:30:00+02:00');
    expect(local(riga, addBusinessDays(riga, tuesdayEvening, 1, { ...excluded, receivedOutsideHours: 'as-is' }))).toBe('2026-01-07T17:30:00+02:00');
  });

  it('receipt at exactly opening counts that day; at exactly closing it does not', () => {
    expect(local(riga, addBusinessDays(riga, at('2026-01-05T09:00:00+02:00'), 1, { dayOfReceipt: 'counts' }))).toBe('2026-01-05T17:30:00+02:00');
    expect(local(riga, addBusinessDays(riga, at('2026-01-05T17:30:00+02:00'), 1, { dayOfReceipt: 'counts' }))).toBe('2026-01-06T17:30:00+02:00');
  });

  it('a holiday on the due day moves the due date to the next business day', () => {
    // Monday 12 January + 2 → Wednesday 14, a holiday → Thursday 15.
    expect(local(riga, addBusinessDays(riga, at('2026-01-12T10:00:00+02:00'), 2, excluded))).toBe('2026-01-15T17:30:00+02:00');
  });

  it('a partially closed due day is due at its early close', () => {
    // Monday 21 December + 3 → Thursday 24 December, closing at 12:00.
    expect(local(riga, addBusinessDays(riga, at('2026-12-21T10:00:00+02:00'), 3, excluded))).toBe('2026-12-24T12:00:00+02:00');
  });

  it('n = 0 is the close of the receipt’s business day; a large n crosses weeks', () => {
    expect(local(riga, addBusinessDays(riga, at('2026-01-05T10:00:00+02:00'), 0, excluded))).toBe('2026-01-05T17:30:00+02:00');
    // 20 business days after Friday 2 January (1 January is a holiday, 14 January too): 5 Jan … 30 Jan less one.
    expect(local(riga, addBusinessDays(riga, at('2026-01-02T10:00:00+02:00'), 20, excluded))).toBe('2026-02-02T17:30:00+02:00');
  });

  it('an overnight desk’s business day closes the next morning', () => {
    // Receipt Monday 23:00 (Monday's night), excluded; day 1 is Tuesday's night — a holiday — so Wednesday's night, closing Thursday 06:00.
    expect(local(night, addBusinessDays(night, at('2026-01-12T23:00:00+02:00'), 1, excluded))).toBe('2026-01-15T06:00:00+02:00');
  });
});

describe('subtractBusinessMinutes and lastOpenBefore (used to place warnings)', () => {
  it('counts open time backwards, skipping nights, lunch, weekends and holidays', () => {
    expect(local(lunch, subtractBusinessMinutes(lunch, at('2026-01-05T13:30:00+02:00'), 60))).toBe('2026-01-05T11:30:00+02:00');
    expect(local(riga, subtractBusinessMinutes(riga, at('2026-01-12T10:00:00+02:00'), 120))).toBe('2026-01-09T16:30:00+02:00');
    expect(local(riga, subtractBusinessMinutes(riga, at('2026-01-15T09:30:00+02:00'), 60))).toBe('2026-01-13T17:00:00+02:00');
    expect(local(night, subtractBusinessMinutes(night, at('2026-01-14T23:00:00+02:00'), 480))).toBe('2026-01-12T23:00:00+02:00');
  });

  it('zero minutes returns the instant itself', () => {
    expect(local(riga, subtractBusinessMinutes(riga, at('2026-01-10T03:00:00+02:00'), 0))).toBe('2026-01-10T03:00:00+02:00');
  });

  it('lastOpenBefore is the instant when open, else the previous close', () => {
    expect(local(riga, lastOpenBefore(riga, at('2026-01-05T10:00:00+02:00')))).toBe('2026-01-05T10:00:00+02:00');
    expect(local(riga, lastOpenBefore(riga, at('2026-01-11T00:00:00+02:00')))).toBe('2026-01-09T17:30:00+02:00');
    expect(local(lunch, lastOpenBefore(lunch, at('2026-01-05T12:45:00+02:00')))).toBe('2026-01-05T12:00:00+02:00');
  });
});

describe('holidays from several sources', () => {
  it('a whole-day closure wins over a partial one on the same date; partial closures add up', () => {
    const both = withHolidays(riga, [{ date: '2026-12-24' }, { date: '2026-01-05', closed: [{ start: '09:00', end: '10:00' }] }, { date: '2026-01-05', closed: [{ start: '16:00', end: '17:30' }] }]);
    expect(isOpen(both, at('2026-12-24T10:00:00+02:00'))).toBe(false);
    expect(isOpen(riga, at('2026-12-24T10:00:00+02:00'))).toBe(true); // the original is untouched
    expect(businessMinutesBetween(both, at('2026-01-05T00:00:00+02:00'), at('2026-01-06T00:00:00+02:00'))).toBe(360);
  });
});
