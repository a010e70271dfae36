// Holidays from iCalendar (RFC 5545) text, as published by governments and
// calendar services, so a business unit need not type its bank holidays in.
// No iCalendar library is installed, so this reads the small subset holiday
// feeds use: all-day VEVENTs (DTSTART;VALUE=DATE), multi-day DTEND, and
// RRULE:FREQ=YEARLY for fixed-date holidays. Anything else is skipped and
// reported, never guessed: a wrong holiday moves a regulatory deadline.
import type { Holiday } from './calendar.ts';
import { shiftDate } from './calendar.ts';

export interface IcalSkip {
  /** 1-based line number (after unfolding) where the skipped event begins. */
  line: number;
  summary: string | null;
  reason: string;
}

export interface IcalImport {
  holidays: Holiday[];
  skipped: IcalSkip[];
}

export interface IcalOptions {
  /** Recurring holidays are expanded over these years (inclusive). */
  fromYear: number;
  toYear: number;
}

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** Unfolds continuation lines (CRLF or LF followed by a space or tab) and splits into lines. */
export function unfold(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n');
}

function parseProperty(line: string): Property | null {
  const colon = indexOutsideQuotes(line, ':');
  if (colon < 0) return null;
  const [name = '', ...rawParams] = splitOutsideQuotes(line.slice(0, colon), ';');
  const params: Record<string, string> = {};
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: name.toUpperCase(), params, value: line.slice(colon + 1) };
}

function indexOutsideQuotes(s: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"') quoted = !quoted;
    else if (s[i] === ch && !quoted) return i;
  }
  return -1;
}

function splitOutsideQuotes(s: string, ch: string): string[] {
  const out: string[] = [];
  let rest = s;
  for (let i = indexOutsideQuotes(rest, ch); i >= 0; i = indexOutsideQuotes(rest, ch)) {
    out.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
  out.push(rest);
  return out;
}

/** TEXT value unescaping (\\n, \\, \\; \\\\). */
function unescapeText(v: string): string {
  return v.replace(/\\([nN,;\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** A DATE value YYYYMMDD as YYYY-MM-DD, or null when it is not a valid date. */
function icalDate(v: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(+d) && d.toISOString().startsWith(iso) ? iso : null;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Reads the parts of an RRULE we support: FREQ=YEARLY with optional COUNT, UNTIL, INTERVAL and a BYMONTH/BYMONTHDAY matching DTSTART. */
function yearlyRule(rule: string, start: string): { interval: number; count: number | null; until: string | null } | string {
  const parts = new Map(rule.split(';').map((p) => p.split('=') as [string, string]).map(([k, v]) => [k.toUpperCase(), v ?? '']));
  if (parts.get('FREQ') !== 'YEARLY') return `RRULE ${rule} is not FREQ=YEARLY`;
  const allowed = new Set(['FREQ', 'COUNT', 'UNTIL', 'INTERVAL', 'BYMONTH', 'BYMONTHDAY', 'WKST']);
  for (const k of parts.keys()) if (!allowed.has(k)) return `RRULE part ${k} is not supported (only fixed-date yearly holidays)`;
  if (parts.has('BYMONTH') && Number(parts.get('BYMONTH')) !== Number(start.slice(5, 7))) return `RRULE BYMONTH=${parts.get('BYMONTH')} differs from DTSTART`;
  if (parts.has('BYMONTHDAY') && Number(parts.get('BYMONTHDAY')) !== Number(start.slice(8, 10))) return `RRULE BYMONTHDAY=${parts.get('BYMONTHDAY')} differs from DTSTART`;
  const interval = parts.has('INTERVAL') ? Number(parts.get('INTERVAL')) : 1;
  const count = parts.has('COUNT') ? Number(parts.get('COUNT')) : null;
  const until = parts.has('UNTIL') ? icalDate((parts.get('UNTIL') ?? '').slice(0, 8)) : null;
  if (!Number.isInteger(interval) || interval < 1) return `RRULE INTERVAL=${parts.get('INTERVAL')} is not a positive integer`;
  if (count !== null && (!Number.isInteger(count) || count < 1)) return `RRULE COUNT=${parts.get('COUNT')} is not a positive integer`;
  if (parts.has('UNTIL') && !until) return `RRULE UNTIL=${parts.get('UNTIL')} is not a date`;
  return { interval, count, until };
}

/**
 * Reads holidays from iCalendar text. Each all-day event becomes one Holiday
 * per date it covers (DTEND is exclusive, as RFC 5545 says); a yearly rule
 * is expanded over [fromYear, toYear]. Timed events, other recurrences,
 * EXDATE/RDATE and unreadable dates are listed in `skipped` with a reason.
 */
export function importIcalHolidays(text: string, options: IcalOptions): IcalImport {
  const lines = unfold(text);
  const found = new Map<string, Holiday>();
  const skipped: IcalSkip[] = [];
  let event: { line: number; props: Property[] } | null = null;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (/^BEGIN:VEVENT$/i.test(line)) event = { line: i + 1, props: [] };
    else if (/^END:VEVENT$/i.test(line) && event) {
      readEvent(event.line, event.props, options, found, skipped);
      event = null;
    } else if (event && line) {
      const p = parseProperty(line);
      if (p) event.props.push(p);
    }
  });
  const holidays = [...found.values()].sort((a, b) => a.date.localeCompare(b.date));
  return { holidays, skipped };
}

function readEvent(line: number, props: Property[], options: IcalOptions, found: Map<string, Holiday>, skipped: IcalSkip[]): void {
  const get = (name: string) => props.find((p) => p.name === name);
  const summaryProp = get('SUMMARY');
  const summary = summaryProp ? unescapeText(summaryProp.value) : null;
  const skip = (reason: string) => void skipped.push({ line, summary, reason });
  if (get('STATUS')?.value.toUpperCase() === 'CANCELLED') return skip('event is cancelled');
  const dtstart = get('DTSTART');
  if (!dtstart) return skip('no DTSTART');
  const isDate = dtstart.params.VALUE?.toUpperCase() === 'DATE' || /^\d{8}$/.test(dtstart.value.trim());
  if (!isDate) return skip(`DTSTART ${dtstart.value} has a time of day; only all-day events are read as holidays`);
  const start = icalDate(dtstart.value);
  if (!start) return skip(`DTSTART ${dtstart.value} is not a date`);
  let length = 1;
  const dtend = get('DTEND');
  const duration = get('DURATION');
  if (dtend) {
    const end = icalDate(dtend.value);
    if (!end) return skip(`DTEND ${dtend.value} is not a date`);
    length = daysBetween(start, end);
    if (length < 1) return skip(`DTEND ${dtend.value} is not after DTSTART`);
  } else if (duration) {
    const m = /^P(?:(\d+)W|(\d+)D)$/.exec(duration.value.trim());
    if (!m) return skip(`DURATION ${duration.value} is not whole days or weeks`);
    length = m[1] ? Number(m[1]) * 7 : Number(m[2]);
    if (length < 1) return skip(`DURATION ${duration.value} is empty`);
  }
  for (const p of ['EXDATE', 'RDATE', 'EXRULE']) if (get(p)) return skip(`${p} is not supported`);
  const rrule = get('RRULE');
  const starts: string[] = [];
  if (!rrule) starts.push(start);
  else {
    const rule = yearlyRule(rrule.value.trim(), start);
    if (typeof rule === 'string') return skip(rule);
    const first = Number(start.slice(0, 4));
    for (let n = 0, year = first; year <= options.toYear; n++, year += rule.interval) {
      if (rule.count !== null && n >= rule.count) break;
      const date = `${year}${start.slice(4)}`;
      if (rule.until && date > rule.until) break;
      if (year >= options.fromYear && icalDate(date.replaceAll('-', ''))) starts.push(date); // 29 February only in leap years
    }
  }
  const name = summary ?? undefined;
  for (const s of starts) {
    for (let d = 0; d < length; d++) {
      const date = shiftDate(s, d);
      if (!found.has(date)) found.set(date, name === undefined ? { date } : { date, name });
    }
  }
}
