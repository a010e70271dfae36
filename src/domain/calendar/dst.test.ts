// Daylight saving around the 2026 transitions in four zones. Rules checked:
// a wall time that does not exist (spring-forward gap) opens at the moment of
// the jump; a wall time that occurs twice (fall-back repeat) is taken at its
// first occurrence; business time is real elapsed time, so a night across a
// transition is an hour shorter or longer; deadlines keep their wall time.
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessMinutes,
  businessMinutesBetween,
  isOpen,
  nextOpening,
  openIntervals,
  subtractBusinessMinutes,
  wallTimeToMillis,
} from './calendar.ts';
import { at, calendar, everyDay, local, office } from '../../../test/helpers/calendar.ts';

const excluded = { dayOfReceipt: 'excluded' } as const;

/** The open interval of `date` printed as local wall times. */
function spanOn(cal: ReturnType<typeof calendar>, date: string): string[] {
  return openIntervals(cal, date).map((iv) => `${local(cal, new Date(iv.start))} → ${local(cal, new Date(iv.end))}`);
}

describe('wallTimeToMillis', () => {
  it('resolves an ordinary wall time', () => {
    expect(new Date(wallTimeToMillis('Europe/Riga', '2026-01-05', 9 * 60)).toISOString()).toBe('2026-01-05T07:00:00.000Z');
  });

  it('a time inside the gap (Riga 29 March, 03:00 → 04:00) becomes the moment of the jump, 04:00+03:00', () => {
    expect(new Date(wallTimeToMillis('Europe/Riga', '2026-03-29', 3 * 60 + 30)).toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('a repeated time (New York 1 November, 01:00–02:00 twice) is its first occurrence, in daylight time', () => {
    expect(new Date(wallTimeToMillis('America/New_York', '2026-11-01', 90)).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('minutes past 24:00 roll into the next date', () => {
    expect(new Date(wallTimeToMillis('Europe/Riga', '2026-01-05', 1440 + 360)).toISOString()).toBe('2026-01-06T04:00:00.000Z');
  });
});

describe('Europe/Riga (29 March 03:00 → 04:00; 25 October 04:00 → 03:00)', () => {
  const nightDesk = calendar('Europe/Riga', everyDay({ start: '22:00', end: '06:00' }));
  const early = calendar('Europe/Riga', everyDay({ start: '03:30', end: '05:00' }));

  it('the night of 28→29 March is 7 hours, the night of 24→25 October is 9', () => {
    expect(businessMinutesBetween(nightDesk, at('2026-03-28T22:00:00+02:00'), at('2026-03-29T06:00:00+03:00'))).toBe(420);
    expect(businessMinutesBetween(nightDesk, at('2026-10-24T22:00:00+03:00'), at('2026-10-25T06:00:00+02:00'))).toBe(540);
  });

  it('a span starting in the gap opens at 04:00 summer time; one in the repeat opens at the first 03:30', () => {
    expect(spanOn(early, '2026-03-29')).toEqual(['2026-03-29T04:00:00+03:00 → 2026-03-29T05:00:00+03:00']);
    expect(spanOn(early, '2026-10-25')).toEqual(['2026-10-25T03:30:00+03:00 → 2026-10-25T05:00:00+02:00']);
    expect(isOpen(early, at('2026-03-29T03:59:59+03:00'))).toBe(false); // that wall time never shows; it is 02:59:59+02:00
  });

  it('adding business minutes across the spring night lands on the new offset', () => {
    // Saturday 23:00+02:00 to 06:00+03:00 is only 6 real hours; the seventh starts Sunday 22:00.
    expect(local(nightDesk, addBusinessMinutes(nightDesk, at('2026-03-28T23:00:00+02:00'), 5 * 60))).toBe('2026-03-29T05:00:00+03:00');
    expect(local(nightDesk, addBusinessMinutes(nightDesk, at('2026-03-28T23:00:00+02:00'), 6 * 60))).toBe('2026-03-29T06:00:00+03:00');
    expect(local(nightDesk, addBusinessMinutes(nightDesk, at('2026-03-28T23:00:00+02:00'), 7 * 60))).toBe('2026-03-29T23:00:00+03:00');
  });

  it('an office deadline keeps 17:30 wall time across the change', () => {
    const riga = office('Europe/Riga');
    expect(local(riga, addBusinessDays(riga, at('2026-03-26T10:00:00+02:00'), 3, excluded))).toBe('2026-03-31T17:30:00+03:00');
    expect(local(riga, addBusinessDays(riga, at('2026-10-22T10:00:00+03:00'), 3, excluded))).toBe('2026-10-27T17:30:00+02:00');
  });
});

describe('Europe/London (29 March 01:00 → 02:00; 25 October 02:00 → 01:00)', () => {
  const always = calendar('Europe/London', everyDay({ start: '00:00', end: '24:00' }));
  const london = office('Europe/London');

  it('a round-the-clock Sunday has 23 hours in March and 25 in October', () => {
    expect(businessMinutesBetween(always, at('2026-03-29T00:00:00+00:00'), at('2026-03-30T00:00:00+01:00'))).toBe(23 * 60);
    expect(businessMinutesBetween(always, at('2026-10-25T00:00:00+01:00'), at('2026-10-26T00:00:00+00:00'))).toBe(25 * 60);
  });

  it('Friday-afternoon business minutes carry over the change into Monday, now on BST', () => {
    expect(local(london, addBusinessMinutes(london, at('2026-03-27T16:00:00+00:00'), 120))).toBe('2026-03-30T09:30:00+01:00');
    expect(local(london, nextOpening(london, at('2026-10-23T18:00:00+01:00')))).toBe('2026-10-26T09:00:00+00:00');
  });

  it('a span starting at 01:30 on 25 October opens at the first 01:30 (BST)', () => {
    const early = calendar('Europe/London', everyDay({ start: '01:30', end: '03:00' }));
    expect(spanOn(early, '2026-10-25')).toEqual(['2026-10-25T01:30:00+01:00 → 2026-10-25T03:00:00+00:00']);
    expect(businessMinutesBetween(early, at('2026-10-25T00:00:00+01:00'), at('2026-10-25T04:00:00+00:00'))).toBe(150);
  });
});

describe('America/New_York (8 March 02:00 → 03:00; 1 November 02:00 → 01:00)', () => {
  const ny = office('America/New_York');

  it('a 02:30–04:00 span on 8 March opens at 03:00 EDT and lasts one hour', () => {
    const early = calendar('America/New_York', everyDay({ start: '02:30', end: '04:00' }));
    expect(spanOn(early, '2026-03-08')).toEqual(['2026-03-08T03:00:00-04:00 → 2026-03-08T04:00:00-04:00']);
  });

  it('a 01:15–01:45 span on 1 November runs once, in daylight time', () => {
    const early = calendar('America/New_York', everyDay({ start: '01:15', end: '01:45' }));
    expect(spanOn(early, '2026-11-01')).toEqual(['2026-11-01T01:15:00-04:00 → 2026-11-01T01:45:00-04:00']);
  });

  it('third business day after a Friday receipt falls after the fall-back weekend, in EST', () => {
    expect(local(ny, addBusinessDays(ny, at('2026-10-30T10:00:00-04:00'), 3, excluded))).toBe('2026-11-04T17:30:00-05:00');
  });

  it('business minutes from Friday to Monday across 8 March ignore the lost hour (closed anyway)', () => {
    expect(businessMinutesBetween(ny, at('2026-03-06T17:00:00-05:00'), at('2026-03-09T09:30:00-04:00'))).toBe(60);
  });
});

describe('Australia/Sydney (5 April 03:00 → 02:00; 4 October 02:00 → 03:00)', () => {
  // Good Friday 3 April and Easter Monday 6 April 2026 are public holidays.
  const sydney = office('Australia/Sydney', [{ date: '2026-04-03' }, { date: '2026-04-06' }]);

  it('a 02:30–03:00 span on 5 April runs from the first 02:30 (AEDT) to 03:00 AEST: 90 minutes', () => {
    const early = calendar('Australia/Sydney', everyDay({ start: '02:30', end: '03:00' }));
    expect(spanOn(early, '2026-04-05')).toEqual(['2026-04-05T02:30:00+11:00 → 2026-04-05T03:00:00+10:00']);
  });

  it('a 02:30–03:30 span on 4 October starts at the jump, 03:00 AEDT: 30 minutes', () => {
    const early = calendar('Australia/Sydney', everyDay({ start: '02:30', end: '03:30' }));
    expect(spanOn(early, '2026-10-04')).toEqual(['2026-10-04T03:00:00+11:00 → 2026-10-04T03:30:00+11:00']);
  });

  it('over Easter and the change to AEST, the next business day after Thursday 2 April is Tuesday 7 April', () => {
    expect(local(sydney, addBusinessDays(sydney, at('2026-04-02T15:00:00+11:00'), 1, excluded))).toBe('2026-04-07T17:30:00+10:00');
  });
});

describe('invariants over a whole year in every zone (deterministic pseudo-random samples)', () => {
  // Rule: for any start and any n, adding n business minutes then measuring back gives n;
  // the result is open time or a span's close; subtracting n from the result comes back
  // to the start's next opening. Checked across both 2026 transitions in each zone.
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const zones = ['Europe/Riga', 'Europe/London', 'America/New_York', 'Australia/Sydney'];
  const year = Date.parse('2026-01-01T00:00:00Z');
  for (const zone of zones) {
    const cals = [
      office(zone, [{ date: '2026-03-30' }, { date: '2026-11-02', closed: [{ start: '12:00', end: '14:00' }] }]),
      calendar(zone, everyDay({ start: '22:00', end: '06:00' })),
      calendar(zone, { ...everyDay({ start: '01:30', end: '02:45' }), 1: [{ start: '01:30', end: '02:45' }, { start: '08:00', end: '12:00' }, { start: '13:00', end: '18:00' }] }),
    ];
    it(`holds for ${zone}`, () => {
      for (const cal of cals) {
        for (let i = 0; i < 150; i++) {
          const start = new Date(year + Math.floor(random() * 365 * 86_400_000));
          const n = Math.floor(random() * 3000) + 1;
          const end = addBusinessMinutes(cal, start, n);
          expect(businessMinutesBetween(cal, start, end)).toBe(n);
          expect(isOpen(cal, new Date(+end - 1))).toBe(true);
          expect(+subtractBusinessMinutes(cal, end, n)).toBe(+nextOpening(cal, start));
        }
      }
    });
  }
});
