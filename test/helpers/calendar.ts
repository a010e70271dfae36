// Fixtures shared by the calendar tests: a few realistic business units and
// helpers that print instants in the calendar's own zone with an explicit
// offset, so every expectation reads like the wall clock in that office.
import { DateTime } from 'luxon';
import { parseCalendar, type BusinessCalendar, type Span, type Weekday } from '../../src/domain/calendar/calendar.ts';

/** Builds a calendar through the validator, failing loudly on a fixture mistake. */
export function calendar(timeZone: string, week: Partial<Record<Weekday, Span[]>>, holidays: BusinessCalendar['holidays'] = []): BusinessCalendar {
  const r = parseCalendar({ timeZone, week, holidays });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.calendar;
}

/** The same spans Monday to Friday. */
export function weekdays(...spans: Span[]): Partial<Record<Weekday, Span[]>> {
  return { 1: spans, 2: spans, 3: spans, 4: spans, 5: spans };
}

/** Every day of the week. */
export function everyDay(...spans: Span[]): Partial<Record<Weekday, Span[]>> {
  return { ...weekdays(...spans), 6: spans, 7: spans };
}

/** An office 09:00–17:30 Monday to Friday. */
export function office(timeZone: string, holidays: BusinessCalendar['holidays'] = []): BusinessCalendar {
  return calendar(timeZone, weekdays({ start: '09:00', end: '17:30' }), holidays);
}

/** Parses an ISO instant that carries its offset. */
export function at(iso: string): Date {
  if (!/(Z|[+-]\d\d:\d\d)$/.test(iso)) throw new Error(`fixture instant needs an explicit offset: ${iso}`);
  return new Date(iso);
}

/** Prints an instant as wall time in the calendar's zone, e.g. 2026-03-30T17:30:00+03:00. */
export function local(cal: BusinessCalendar, d: Date): string {
  return DateTime.fromJSDate(d, { zone: cal.timeZone }).toISO({ suppressMilliseconds: true }) as string;
}
