// Validation of business calendars coming from settings forms, API bodies
// and imports: every problem is reported with a path and a message a person
// can act on, never only the first one.
import { DateTime, IANAZone } from 'luxon';
import type { BusinessCalendar, Holiday, Span, Weekday } from './calendar.ts';

/** "HH:mm" from 00:00 to 23:59, or 24:00 (only meaningful as an end). */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Minutes since midnight of an "HH:mm" string (24:00 → 1440). */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export interface CalendarError {
  path: string;
  message: string;
}

export type ParseResult = { ok: true; calendar: BusinessCalendar } | { ok: false; errors: CalendarError[] };


function isIsoDate(s: unknown): s is string {
  return typeof s === 'string' && DATE.test(s) && DateTime.fromISO(s, { zone: 'utc' }).isValid;
}

function checkSpan(raw: unknown, path: string, errors: CalendarError[]): Span | null {
  const s = raw as Partial<Span> | null;
  if (typeof s !== 'object' || s === null) {
    errors.push({ path, message: 'a span must be an object {start: "HH:mm", end: "HH:mm"}' });
    return null;
  }
  let ok = true;
  for (const key of ['start', 'end'] as const) {
    const v = s[key];
    if (typeof v !== 'string' || !TIME_OF_DAY.test(v) || (key === 'start' && v === '24:00')) {
      errors.push({ path: `${path}.${key}`, message: `"${String(v)}" is not a time of day "HH:mm" (00:00–23:59${key === 'end' ? ', or 24:00' : ''})` });
      ok = false;
    }
  }
  if (!ok) return null;
  if (s.start === s.end) {
    errors.push({ path, message: `span ${s.start}–${s.end} has no length; use 00:00–24:00 for a whole day` });
    return null;
  }
  return { start: s.start as string, end: s.end as string };
}

/**
 * Validates untrusted input (settings form, API body) into a calendar. Every
 * problem is reported, not only the first: unknown zone, malformed times,
 * spans that overlap within or across days (overnight spans included), bad
 * holiday dates, and a week with no opening at all (no deadline could ever fall).
 */
export function parseCalendar(input: unknown): ParseResult {
  const errors: CalendarError[] = [];
  const o = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const timeZone = o.timeZone;
  if (typeof timeZone !== 'string' || !IANAZone.isValidZone(timeZone)) {
    errors.push({ path: 'timeZone', message: `"${String(timeZone)}" is not an IANA time zone such as "Europe/Riga"` });
  }
  const week: Partial<Record<Weekday, Span[]>> = {};
  const rawWeek = (typeof o.week === 'object' && o.week !== null ? o.week : null) as Record<string, unknown> | null;
  if (!rawWeek) errors.push({ path: 'week', message: 'week must map weekdays 1 (Monday) … 7 (Sunday) to lists of spans' });
  // Weekly axis in minutes from Monday 00:00, to find overlaps (wrapping Sunday night into Monday).
  const placed: { from: number; to: number; label: string }[] = [];
  for (const [key, value] of Object.entries(rawWeek ?? {})) {
    const day = Number(key);
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      errors.push({ path: `week.${key}`, message: `"${key}" is not a weekday; use 1 (Monday) … 7 (Sunday)` });
      continue;
    }
    if (!Array.isArray(value)) {
      errors.push({ path: `week.${key}`, message: 'must be a list of spans' });
      continue;
    }
    const spans: Span[] = [];
    value.forEach((raw, i) => {
      const span = checkSpan(raw, `week.${key}[${i}]`, errors);
      if (!span) return;
      spans.push(span);
      const s = minutesOf(span.start);
      let e = minutesOf(span.end);
      if (e <= s) e += 1440;
      const base = (day - 1) * 1440;
      placed.push({ from: base + s, to: base + e, label: `${WEEKDAY_NAMES[day]} ${span.start}–${span.end}` });
    });
    spans.sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    week[day as Weekday] = spans;
  }
  const weekLen = 7 * 1440;
  const all = placed.flatMap((p, i) => {
    const copy = { ...p, index: i };
    return p.to > weekLen ? [copy, { ...copy, from: p.from - weekLen, to: p.to - weekLen }] : [copy];
  });
  placed.forEach((a, i) => {
    for (const b of all) {
      if (b.index > i && a.from < b.to && b.from < a.to) {
        errors.push({ path: 'week', message: `spans overlap: ${a.label} and ${b.label}` });
      }
    }
  });
  if (rawWeek && placed.length === 0 && errors.length === 0) {
    errors.push({ path: 'week', message: 'the week has no opening hours; no business deadline could ever fall' });
  }
  const holidays: Holiday[] = [];
  const rawHolidays = o.holidays ?? [];
  if (!Array.isArray(rawHolidays)) errors.push({ path: 'holidays', message: 'holidays must be a list' });
  else
    rawHolidays.forEach((raw, i) => {
      const h = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      if (!isIsoDate(h.date)) {
        errors.push({ path: `holidays[${i}].date`, message: `"${String(h.date)}" is not a date YYYY-MM-DD` });
        return;
      }
      const holiday: Holiday = { date: h.date };
      if (typeof h.name === 'string') holiday.name = h.name;
      if (h.closed !== undefined) {
        if (!Array.isArray(h.closed)) {
          errors.push({ path: `holidays[${i}].closed`, message: 'closed must be a list of spans' });
          return;
        }
        const closed: Span[] = [];
        h.closed.forEach((c, k) => {
          const span = checkSpan(c, `holidays[${i}].closed[${k}]`, errors);
          if (span && minutesOf(span.end) <= minutesOf(span.start)) {
            errors.push({ path: `holidays[${i}].closed[${k}]`, message: `a partial closure must end after it starts on the same date (${span.start}–${span.end})` });
          } else if (span) closed.push(span);
        });
        holiday.closed = closed;
      }
      holidays.push(holiday);
    });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, calendar: { timeZone: timeZone as string, week, holidays } };
}

