// Business calendars and business-time arithmetic. A promise made to a
// customer (P-2.11) or a regulator's deadline is only as good as the clock
// behind it: opening hours per weekday, the unit's time zone and its holidays
// all decide when "three business days" ends. Pure: callers pass every
// instant; nothing here reads the system clock.
//
// Instants cross the boundary as JS Date (UTC); inside, wall-clock times are
// resolved in the calendar's IANA zone with Luxon. See docs/CLOCKS.md.
import { DateTime, IANAZone } from 'luxon';
import { minutesOf, TIME_OF_DAY } from './validate.ts';

export { parseCalendar, minutesOf, type CalendarError, type ParseResult } from './validate.ts';

/** ISO weekday: 1 = Monday … 7 = Sunday (Luxon's numbering). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * An opening span in local wall time, "HH:mm". `end` may be "24:00"; an end
 * at or before the start crosses midnight (22:00–06:00 runs into the next
 * morning) and belongs to the business day on which it starts.
 */
export interface Span {
  start: string;
  end: string;
}

/** A closed date. Without `closed` the whole business day is shut; with it only those wall-time spans are. */
export interface Holiday {
  date: string;
  name?: string;
  closed?: Span[];
}

/** Opening hours of one business unit: zone, spans per weekday, holidays. */
export interface BusinessCalendar {
  timeZone: string;
  week: Partial<Record<Weekday, Span[]>>;
  holidays: Holiday[];
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** How many consecutive closed days a search crosses before giving up (ten years). */
const MAX_CLOSED_DAYS = 3660;

// ---------------------------------------------------------------------------
// Wall time → instant, with daylight-saving rules made explicit.

/**
 * The instant at which the clock on the wall in `zone` first shows `date`
 * plus `minutes` (minutes may pass 1440 into the next day). In a fall-back
 * repeat the earlier occurrence wins; in a spring-forward gap the time does
 * not exist, so the first wall time after it (the moment of the jump) is used.
 */
export function wallTimeToMillis(zone: string, date: string, minutes: number): number {
  const z = IANAZone.create(zone);
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE_MS;
  const offsets = new Set([z.offset(wall - DAY_MS), z.offset(wall), z.offset(wall + DAY_MS)]);
  const candidates = [...offsets].map((o) => wall - o * MINUTE_MS);
  const valid = candidates.filter((t) => wall - z.offset(t) * MINUTE_MS === t);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap: find the transition instant between the candidates by bisection.
  let lo = Math.min(...candidates);
  let hi = Math.max(...candidates);
  const after = z.offset(hi);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (z.offset(mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The local calendar date (YYYY-MM-DD) of an instant in the calendar's zone. */
export function localDate(cal: BusinessCalendar, at: Date | number): string {
  return DateTime.fromMillis(+at, { zone: cal.timeZone }).toISODate() as string;
}

/** `date` plus `days` calendar days, as YYYY-MM-DD. */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function weekdayOf(date: string): Weekday {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return (d === 0 ? 7 : d) as Weekday;
}

/** One stretch of open time as UTC milliseconds [start, end), tagged with its business day. */
export interface OpenInterval {
  start: number;
  end: number;
  day: string;
}

const holidayIndex = new WeakMap<BusinessCalendar, Map<string, Holiday>>();
function holidayOn(cal: BusinessCalendar, date: string): Holiday | undefined {
  let index = holidayIndex.get(cal);
  if (!index) {
    // The same date may come twice (typed in and imported): a whole-day closure wins; partial closures add up.
    index = new Map();
    for (const h of cal.holidays) {
      const seen = index.get(h.date);
      if (!seen) index.set(h.date, h);
      else if (!h.closed || !seen.closed) index.set(h.date, { date: h.date, ...(seen.name ? { name: seen.name } : {}) });
      else index.set(h.date, { ...seen, closed: [...seen.closed, ...h.closed] });
    }
    holidayIndex.set(cal, index);
  }
  return index.get(date);
}

/** A copy of the calendar with more holidays, e.g. from an iCalendar import (the calendar itself is never mutated). */
export function withHolidays(cal: BusinessCalendar, holidays: readonly Holiday[]): BusinessCalendar {
  return { ...cal, holidays: [...cal.holidays, ...holidays] };
}

const intervalCache = new WeakMap<BusinessCalendar, Map<string, readonly OpenInterval[]>>();

/**
 * Open intervals of one business day: that weekday's spans less its holiday
 * closures. Memoised per calendar object, so treat calendars as immutable
 * values (withHolidays returns a copy).
 */
export function openIntervals(cal: BusinessCalendar, date: string): readonly OpenInterval[] {
  let cache = intervalCache.get(cal);
  if (!cache) intervalCache.set(cal, (cache = new Map()));
  let list = cache.get(date);
  if (!list) cache.set(date, (list = Object.freeze(computeIntervals(cal, date))));
  return list;
}

function computeIntervals(cal: BusinessCalendar, date: string): OpenInterval[] {
  const holiday = holidayOn(cal, date);
  if (holiday && !holiday.closed) return [];
  const closed = (holiday?.closed ?? []).map((c) => [minutesOf(c.start), minutesOf(c.end)] as const);
  const out: OpenInterval[] = [];
  for (const span of cal.week[weekdayOf(date)] ?? []) {
    const s = minutesOf(span.start);
    let e = minutesOf(span.end);
    if (e <= s) e += 1440;
    let pieces: [number, number][] = [[s, e]];
    for (const [cs, ce] of closed) {
      pieces = pieces.flatMap(([ps, pe]): [number, number][] =>
        ce <= ps || cs >= pe ? [[ps, pe]] : ([[ps, cs], [ce, pe]] as [number, number][]).filter(([a, b]) => b > a),
      );
    }
    for (const [ps, pe] of pieces) {
      const start = wallTimeToMillis(cal.timeZone, date, ps);
      const end = wallTimeToMillis(cal.timeZone, date, pe);
      if (end > start) out.push({ start, end, day: date });
    }
  }
  return out.sort((a, b) => a.start - b.start); // a calendar built by hand may list spans in any order
}

/** True when `date` has any open time (after holidays): a business day. */
export function isBusinessDay(cal: BusinessCalendar, date: string): boolean {
  return openIntervals(cal, date).length > 0;
}

/** Open intervals in time order that end after `from` (the first may have begun before it). */
export function* intervalsFrom(cal: BusinessCalendar, from: number): Generator<OpenInterval> {
  let date = shiftDate(localDate(cal, from), -1); // yesterday's overnight span may still be open
  let closedDays = 0;
  for (;;) {
    const list = openIntervals(cal, date);
    closedDays = list.length === 0 ? closedDays + 1 : 0;
    if (closedDays > MAX_CLOSED_DAYS) throw new RangeError(`calendar has no opening hours for ${MAX_CLOSED_DAYS} days after ${date}`);
    for (const iv of list) if (iv.end > from) yield iv;
    date = shiftDate(date, 1);
  }
}

function first<T>(it: Iterator<T>): T {
  const r = it.next();
  if (r.done) throw new RangeError('calendar never opens');
  return r.value;
}

/** Whether the business is open at `at` (an interval's start is open, its end is closed). */
export function isOpen(cal: BusinessCalendar, at: Date): boolean {
  return first(intervalsFrom(cal, +at)).start <= +at;
}

/** The earliest instant at or after `at` when the business is open (`at` itself if open). */
export function nextOpening(cal: BusinessCalendar, at: Date): Date {
  return new Date(Math.max(first(intervalsFrom(cal, +at)).start, +at));
}

/** The business day `at` counts towards: the one in progress, else the next one to open. */
export function businessDayOf(cal: BusinessCalendar, at: Date): string {
  return first(intervalsFrom(cal, +at)).day;
}

function closeOf(cal: BusinessCalendar, day: string): Date {
  const list = openIntervals(cal, day);
  return new Date(list[list.length - 1]!.end);
}

/** Close of business of the day in progress at `at`, or of the next business day if closed. */
export function endOfBusinessDay(cal: BusinessCalendar, at: Date): Date {
  return closeOf(cal, businessDayOf(cal, at));
}

/**
 * The instant by which `minutes` of open time have passed after `start`.
 * Zero returns `start` unchanged. A result that uses up a span exactly is
 * that span's close (17:30), not the next opening.
 */
export function addBusinessMinutes(cal: BusinessCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`business minutes must be a non-negative number, got ${minutes}`);
  let left = minutes * MINUTE_MS;
  if (left === 0) return new Date(start);
  for (const iv of intervalsFrom(cal, +start)) {
    const from = Math.max(iv.start, +start);
    if (iv.end - from >= left) return new Date(from + left);
    left -= iv.end - from;
  }
  throw new RangeError('unreachable');
}

/** `hours` business hours after `start`; see addBusinessMinutes. */
export function addBusinessHours(cal: BusinessCalendar, start: Date, hours: number): Date {
  return addBusinessMinutes(cal, start, hours * 60);
}

/** Open time between two instants, in minutes (negative when b is before a). */
export function businessMinutesBetween(cal: BusinessCalendar, a: Date, b: Date): number {
  if (+b < +a) return -businessMinutesBetween(cal, b, a);
  let total = 0;
  for (const iv of intervalsFrom(cal, +a)) {
    if (iv.start >= +b) break;
    total += Math.min(iv.end, +b) - Math.max(iv.start, +a);
  }
  return total / MINUTE_MS;
}

/** Open intervals in reverse time order that start before `to` (the first may end after it). */
export function* intervalsBefore(cal: BusinessCalendar, to: number): Generator<OpenInterval> {
  let date = localDate(cal, to);
  let closedDays = 0;
  for (;;) {
    const list = openIntervals(cal, date);
    closedDays = list.length === 0 ? closedDays + 1 : 0;
    if (closedDays > MAX_CLOSED_DAYS) throw new RangeError(`calendar has no opening hours for ${MAX_CLOSED_DAYS} days before ${date}`);
    for (const iv of [...list].reverse()) if (iv.start < to) yield iv;
    date = shiftDate(date, -1);
  }
}

/**
 * The instant `minutes` of open time before `end`: where a warning must start
 * so that staff get that much working time before a deadline, and never at
 * midnight.
 */
export function subtractBusinessMinutes(cal: BusinessCalendar, end: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`business minutes must be a non-negative number, got ${minutes}`);
  let left = minutes * MINUTE_MS;
  if (left === 0) return new Date(end);
  for (const iv of intervalsBefore(cal, +end)) {
    const to = Math.min(iv.end, +end);
    if (to - iv.start >= left) return new Date(to - left);
    left -= to - iv.start;
  }
  throw new RangeError('unreachable');
}

/** `at` if open, else the close of the last open interval before it (when staff last saw their queue). */
export function lastOpenBefore(cal: BusinessCalendar, at: Date): Date {
  return new Date(Math.min(first(intervalsBefore(cal, +at + 1)).end, +at));
}

/** How the day of receipt is treated when counting business days. */
export type DayOfReceipt = 'counts' | 'excluded' | 'counts-if-before';

export interface BusinessDayOptions {
  /** counts: the receipt day is day 1; excluded: day 1 is the next business day; counts-if-before: day 1 only if received before `cutoff`. */
  dayOfReceipt: DayOfReceipt;
  /** Local "HH:mm" on the receipt day; required for counts-if-before. */
  cutoff?: string;
  /**
   * next-business-day (default): a receipt after close, or on a closed day,
   * is treated as received when the next business day opens. as-is: the
   * local calendar date of receipt is the receipt day even when closed.
   */
  receivedOutsideHours?: 'next-business-day' | 'as-is';
}

/**
 * Close of business of the n-th business day counted from a receipt, e.g.
 * FCA DISP "close of the third business day after receipt" is
 * `addBusinessDays(cal, receivedAt, 3, { dayOfReceipt: 'excluded' })`.
 * n = 0 is the close of the business day the receipt counts towards.
 */
export function addBusinessDays(cal: BusinessCalendar, start: Date, n: number, options: BusinessDayOptions): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`business days must be a non-negative integer, got ${n}`);
  if (n === 0) return endOfBusinessDay(cal, start);
  if (options.dayOfReceipt === 'counts-if-before' && (!options.cutoff || !TIME_OF_DAY.test(options.cutoff))) {
    throw new RangeError(`counts-if-before needs a cutoff "HH:mm", got ${String(options.cutoff)}`);
  }
  const asIs = options.receivedOutsideHours === 'as-is';
  const receiptDay = asIs ? localDate(cal, start) : businessDayOf(cal, start);
  const intervals = openIntervals(cal, receiptDay);
  let counts = false;
  if (intervals.length > 0 && +start < intervals[intervals.length - 1]!.end) {
    if (options.dayOfReceipt === 'counts') counts = true;
    else if (options.dayOfReceipt === 'counts-if-before') {
      counts = +start < wallTimeToMillis(cal.timeZone, receiptDay, minutesOf(options.cutoff as string));
    }
  }
  let count = counts ? 1 : 0;
  let day = receiptDay;
  let closedDays = 0;
  while (count < n) {
    day = shiftDate(day, 1);
    if (isBusinessDay(cal, day)) {
      count++;
      closedDays = 0;
    } else if (++closedDays > MAX_CLOSED_DAYS) throw new RangeError(`calendar has no business day after ${day}`);
  }
  return closeOf(cal, day);
}
