// iCalendar holiday import: all-day events, multi-day DTEND (exclusive),
// yearly fixed-date rules, CRLF and folded lines; what cannot be read is
// reported with a reason rather than guessed.
import { describe, expect, it } from 'vitest';
import { addBusinessDays } from './calendar.ts';
import { importIcalHolidays, unfold } from './ical.ts';
import { at, local, office } from '../../../test/helpers/calendar.ts';

const years = { fromYear: 2026, toYear: 2027 };
const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

function ics(...events: string[][]): string {
  return crlf(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events.flatMap((e) => ['BEGIN:VEVENT', ...e, 'END:VEVENT']), 'END:VCALENDAR']);
}

describe('unfold', () => {
  it('joins folded lines (CRLF or LF followed by a space or tab)', () => {
    expect(unfold('SUMMARY:Jāņi\r\n  (Midsummer)\r\n\tDay\nX:1')).toEqual(['SUMMARY:Jāņi (Midsummer)Day', 'X:1']);
  });
});

describe('importIcalHolidays', () => {
  it('reads a one-day all-day event', () => {
    const r = importIcalHolidays(ics(['UID:1', 'DTSTART;VALUE=DATE:20261225', 'DTEND;VALUE=DATE:20261226', 'SUMMARY:Christmas Day']), years);
    expect(r).toEqual({ holidays: [{ date: '2026-12-25', name: 'Christmas Day' }], skipped: [] });
  });

  it('a multi-day event covers every date up to, not including, DTEND', () => {
    const r = importIcalHolidays(ics(['DTSTART;VALUE=DATE:20260623', 'DTEND;VALUE=DATE:20260625', 'SUMMARY:Līgo and Jāņi']), years);
    expect(r.holidays.map((h) => h.date)).toEqual(['2026-06-23', '2026-06-24']);
  });

  it('an event without DTEND lasts one day; DURATION in days is honoured', () => {
    const r = importIcalHolidays(ics(['DTSTART:20260501', 'SUMMARY:Labour Day'], ['DTSTART;VALUE=DATE:20261118', 'DURATION:P2D', 'SUMMARY:Independence']), years);
    expect(r.holidays.map((h) => h.date)).toEqual(['2026-05-01', '2026-11-18', '2026-11-19']);
  });

  it('expands FREQ=YEARLY over the requested years, starting from a DTSTART years before', () => {
    const r = importIcalHolidays(ics(['DTSTART;VALUE=DATE:19900504', 'RRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=4', 'SUMMARY:Restoration of Independence']), years);
    expect(r.holidays).toEqual([
      { date: '2026-05-04', name: 'Restoration of Independence' },
      { date: '2027-05-04', name: 'Restoration of Independence' },
    ]);
  });

  it('honours COUNT and UNTIL, and skips 29 February in common years', () => {
    const r = importIcalHolidays(
      ics(
        ['DTSTART;VALUE=DATE:20250101', 'RRULE:FREQ=YEARLY;COUNT=2', 'SUMMARY:Two times'],
        ['DTSTART;VALUE=DATE:20200301', 'RRULE:FREQ=YEARLY;UNTIL=20261231T000000Z', 'SUMMARY:Until 2026'],
        ['DTSTART;VALUE=DATE:20240229', 'RRULE:FREQ=YEARLY', 'SUMMARY:Leap'],
      ),
      { fromYear: 2026, toYear: 2028 },
    );
    expect(r.holidays.map((h) => `${h.date} ${h.name}`)).toEqual(['2026-01-01 Two times', '2026-03-01 Until 2026', '2028-02-29 Leap']);
  });

  it('unescapes text and unfolds a long SUMMARY', () => {
    const r = importIcalHolidays(ics(['DTSTART;VALUE=DATE:20261226', 'SUMMARY:Boxing Day\\, St Stephen', " 's Day"]), years);
    expect(r.holidays).toEqual([{ date: '2026-12-26', name: "Boxing Day, St Stephen's Day" }]);
  });

  it('skips and reports what it cannot read: timed events, moving rules, bad dates, exceptions', () => {
    const r = importIcalHolidays(
      ics(
        ['DTSTART;TZID=Europe/Riga:20261224T120000', 'DTEND;TZID=Europe/Riga:20261224T170000', 'SUMMARY:Early close'],
        ['DTSTART;VALUE=DATE:20260525', 'RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO', 'SUMMARY:Spring bank holiday'],
        ['DTSTART;VALUE=DATE:20261332', 'SUMMARY:Nonsense'],
        ['DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=YEARLY', 'EXDATE;VALUE=DATE:20270101', 'SUMMARY:New Year'],
        ['SUMMARY:No start'],
        ['DTSTART;VALUE=DATE:20260406', 'RRULE:FREQ=MONTHLY', 'SUMMARY:Monthly'],
      ),
      years,
    );
    expect(r.holidays).toEqual([]);
    expect(r.skipped.map((s) => `${s.summary}: ${s.reason}`)).toEqual([
      'Early close: DTSTART 20261224T120000 has a time of day; only all-day events are read as holidays',
      'Spring bank holiday: RRULE part BYDAY is not supported (only fixed-date yearly holidays)',
      'Nonsense: DTSTART 20261332 is not a date',
      'New Year: EXDATE is not supported',
      'No start: no DTSTART',
      'Monthly: RRULE FREQ=MONTHLY is not FREQ=YEARLY',
    ]);
    expect(r.skipped[0]!.line).toBe(4);
  });

  it('tolerates LF-only text, lower-case names and duplicates, and sorts by date', () => {
    const text = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'dtstart;value=date:20261226', 'summary:B', 'END:VEVENT', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20261225', 'SUMMARY:A', 'END:VEVENT', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20261225', 'SUMMARY:A again', 'END:VEVENT', 'END:VCALENDAR'].join('\n');
    expect(importIcalHolidays(text, years).holidays).toEqual([{ date: '2026-12-25', name: 'A' }, { date: '2026-12-26', name: 'B' }]);
  });

  it('imported holidays move a deadline: Christmas week in London', () => {
    const { holidays } = importIcalHolidays(
      ics(['DTSTART;VALUE=DATE:20201225', 'RRULE:FREQ=YEARLY', 'SUMMARY:Christmas Day'], ['DTSTART;VALUE=DATE:20261228', 'SUMMARY:Boxing Day (substitute)']),
      years,
    );
    const london = office('Europe/London', holidays);
    // Received Thursday 24 December; business days after: 29, 30, 31 December.
    expect(local(london, addBusinessDays(london, at('2026-12-24T10:00:00+00:00'), 3, { dayOfReceipt: 'excluded' }))).toBe('2026-12-31T17:30:00+00:00');
  });
});
